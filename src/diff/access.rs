//! Effective access per role: what each role grants once sub-roles, duties, privileges and
//! extensions are flattened (`crate::model::effective_access`, Deny wins), compared between OLD
//! and NEW permission by permission.

use super::matching::pair_by_name;
use super::report::{AccessChange, AccessDirection};
use crate::model::{
    Access, EffectiveAccess, EffectiveEntry, Model, Permission, Role, effective_access,
};
use std::collections::BTreeSet;

/// Gained and lost access of every role in `old` or `new`; a role only on one side gains (or
/// loses) everything it grants.
pub(crate) fn access<'m>(
    old: &Model,
    old_roles: &[&'m Role],
    new: &Model,
    new_roles: &[&'m Role],
) -> Vec<AccessChange> {
    let named = |roles: &[&'m Role]| -> Vec<(usize, String, &'m str)> {
        roles
            .iter()
            .enumerate()
            .map(|(i, r)| (i, r.name.key(), r.name.value.trim()))
            .collect()
    };
    let p = pair_by_name(named(old_roles), named(new_roles));
    let none = EffectiveAccess::default();
    let mut out = Vec::new();
    for (i, j) in p.pairs {
        let names = (
            old_roles[i].name.value.trim(),
            new_roles[j].name.value.trim(),
        );
        let (a, b) = (
            effective_access(old, old_roles[i]),
            effective_access(new, new_roles[j]),
        );
        compare(names, &a, &b, &mut out);
    }
    for i in p.old_only {
        let a = effective_access(old, old_roles[i]);
        let name = old_roles[i].name.value.trim();
        compare((name, name), &a, &none, &mut out);
    }
    for j in p.new_only {
        let b = effective_access(new, new_roles[j]);
        let name = new_roles[j].name.value.trim();
        compare((name, name), &none, &b, &mut out);
    }
    out
}

/// Names are shown as spelled on the side that decides the change (NEW for gained, OLD for lost,
/// the denying side otherwise), so that swapping OLD and NEW gives the mirror image.
fn compare(
    (old_role, new_role): (&str, &str),
    old: &EffectiveAccess,
    new: &EffectiveAccess,
    out: &mut Vec<AccessChange>,
) {
    let empty = EffectiveEntry::default();
    let keys: BTreeSet<&String> = old.entries.keys().chain(new.entries.keys()).collect();
    for key in keys {
        let o = old.entries.get(key).unwrap_or(&empty);
        let n = new.entries.get(key).unwrap_or(&empty);
        for p in Permission::ALL {
            let (a, b) = (o.value(p), n.value(p));
            if a == b {
                continue;
            }
            let (direction, via, shown, role) = if b == Some(Access::Allow) {
                (AccessDirection::Gained, &n.allowed[&p], n, new_role)
            } else if a == Some(Access::Allow) {
                (AccessDirection::Lost, &o.allowed[&p], o, old_role)
            } else if b == Some(Access::Deny) {
                (AccessDirection::DenyChanged, &n.denied[&p], n, new_role)
            } else {
                (AccessDirection::DenyChanged, &o.denied[&p], o, old_role)
            };
            out.push(AccessChange {
                role: role.to_owned(),
                direction,
                permission: p,
                object_type: shown.object_type.clone(),
                object_name: shown.object_name.clone(),
                child_name: shown.child_name.clone(),
                old: a,
                new: b,
                via: via.iter().cloned().collect(),
            });
        }
    }
}
