//! Effective access per role: what each role grants once sub-roles, duties, privileges,
//! extensions and the hierarchy's implied objects are flattened (the one engine,
//! `crate::model::Engine`, Deny wins), compared between OLD and NEW permission by permission, on
//! every grant kind (entry points, tables, fields, methods, controls; each scope).

use super::matching::pair_by_name;
use super::report::{AccessChange, AccessDirection};
use crate::model::{Access, AccessEntry, Engine, Permission, RoleAccess};
use std::collections::BTreeSet;

/// Gained and lost access of the roles at `old_roles` in `old` and `new_roles` in `new` (indices
/// into each engine's roles); a role only on one side gains (or loses) everything it grants.
pub(crate) fn access(
    old: &Engine<'_>,
    old_roles: &[usize],
    new: &Engine<'_>,
    new_roles: &[usize],
) -> Vec<AccessChange> {
    let named = |engine: &Engine<'_>, roles: &[usize]| -> Vec<(usize, String, String)> {
        roles
            .iter()
            .enumerate()
            .map(|(i, &r)| {
                let name = &engine.roles()[r].name;
                (i, name.key(), name.value.trim().to_owned())
            })
            .collect()
    };
    let (o, n) = (named(old, old_roles), named(new, new_roles));
    let p = pair_by_name(
        o.iter().map(|(i, k, v)| (*i, k.as_str(), v.as_str())),
        n.iter().map(|(i, k, v)| (*i, k.as_str(), v.as_str())),
    );
    let none = RoleAccess::default();
    let mut out = Vec::new();
    for (i, j) in p.pairs {
        let sides = (Side::new(old, old_roles[i]), Side::new(new, new_roles[j]));
        compare(&sides.0, &sides.1, &mut out);
    }
    for i in p.old_only {
        let side = Side::new(old, old_roles[i]);
        compare(&side, &side.empty(&none), &mut out);
    }
    for j in p.new_only {
        let side = Side::new(new, new_roles[j]);
        compare(&side.empty(&none), &side, &mut out);
    }
    out
}

/// One role on one side: its engine, index and access.
struct Side<'a, 'm> {
    engine: &'a Engine<'m>,
    role: usize,
    access: std::sync::Arc<RoleAccess>,
    name: String,
}

impl<'a, 'm> Side<'a, 'm> {
    fn new(engine: &'a Engine<'m>, role: usize) -> Self {
        Side {
            engine,
            role,
            access: engine.access(role),
            name: engine.roles()[role].name.value.trim().to_owned(),
        }
    }

    fn path(&self, source: &crate::model::Source) -> String {
        self.engine.path_string(self.role, source)
    }

    /// The same role with no access (the side where it does not exist).
    fn empty(&self, none: &RoleAccess) -> Self {
        Side {
            engine: self.engine,
            role: self.role,
            access: std::sync::Arc::new(none.clone()),
            name: self.name.clone(),
        }
    }
}

/// Names are shown as spelled on the side that decides the change (NEW for gained, OLD for lost,
/// the denying side otherwise), so that swapping OLD and NEW gives the mirror image.
fn compare(old: &Side<'_, '_>, new: &Side<'_, '_>, out: &mut Vec<AccessChange>) {
    if std::sync::Arc::ptr_eq(&old.access, &new.access) {
        return;
    }
    let keys: BTreeSet<&String> = old
        .access
        .entries
        .keys()
        .chain(new.access.entries.keys())
        .collect();
    for key in keys {
        let o = old.access.entries.get(key);
        let n = new.access.entries.get(key);
        for p in Permission::ALL {
            let value = |e: Option<&AccessEntry>| e.and_then(|e| e.value(p));
            let (a, b) = (value(o), value(n));
            if a == b {
                continue;
            }
            let (direction, on_new) = match (a, b) {
                (_, Some(Access::Allow)) => (AccessDirection::Gained, true),
                (Some(Access::Allow), _) => (AccessDirection::Lost, false),
                (_, Some(Access::Deny)) => (AccessDirection::DenyChanged, true),
                _ => (AccessDirection::DenyChanged, false),
            };
            let (entry, role, via) = if on_new {
                (
                    n,
                    &new.name,
                    n.and_then(|e| e.deciding(p)).map(|s| new.path(&s)),
                )
            } else {
                (
                    o,
                    &old.name,
                    o.and_then(|e| e.deciding(p)).map(|s| old.path(&s)),
                )
            };
            let Some(entry) = entry else { continue };
            out.push(AccessChange {
                role: role.clone(),
                direction,
                permission: p,
                object_type: entry.securable_type.clone(),
                object_name: entry.object.clone(),
                child_name: entry.child.clone(),
                scope: entry.scope,
                old: a,
                new: b,
                via: via.into_iter().collect(),
            });
        }
    }
}
