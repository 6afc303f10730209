//! Effective access per role: what each role grants once sub-roles, duties, privileges and
//! extensions are flattened (`crate::model::effective_access`, Deny wins), compared between OLD
//! and NEW permission by permission.

use super::matching::pair_by_key;
use super::report::{AccessChange, AccessDirection};
use crate::model::{
    Access, Duty, EffectiveAccess, EffectiveEntry, Extension, Model, Permission, Privilege, Role,
    effective_access,
};
use crate::span::name_key;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Gained and lost access of every role in `old` or `new`; a role only on one side gains (or
/// loses) everything it grants.
pub(crate) fn access(
    old: &Model,
    old_roles: &[&Role],
    new: &Model,
    new_roles: &[&Role],
) -> Vec<AccessChange> {
    let p = pair_by_key(
        old_roles.iter().map(|r| r.name.key()).enumerate(),
        new_roles.iter().map(|r| r.name.key()).enumerate(),
    );
    let none = EffectiveAccess::default();
    let (old_index, new_index) = (Index::new(old), Index::new(new));
    let flatten = |index: &Index, role: &Role| effective_access(&index.reachable(role), role);
    let mut out = Vec::new();
    for (i, j) in p.pairs {
        let names = (
            old_roles[i].name.value.trim(),
            new_roles[j].name.value.trim(),
        );
        let (a, b) = (
            flatten(&old_index, old_roles[i]),
            flatten(&new_index, new_roles[j]),
        );
        compare(names, &a, &b, &mut out);
    }
    for i in p.old_only {
        let a = flatten(&old_index, old_roles[i]);
        let name = old_roles[i].name.value.trim();
        compare((name, name), &a, &none, &mut out);
    }
    for j in p.new_only {
        let b = flatten(&new_index, new_roles[j]);
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

/// Objects of a model by name key. `Model::find_role` and friends scan every object, which would
/// make flattening all roles quadratic; instead each role is flattened against a small model of
/// just the objects it can reach, found through this index.
struct Index<'m> {
    roles: HashMap<String, Vec<&'m Role>>,
    duties: HashMap<String, Vec<&'m Duty>>,
    privileges: HashMap<String, Vec<&'m Privilege>>,
    role_extensions: HashMap<String, Vec<&'m Extension>>,
    duty_extensions: HashMap<String, Vec<&'m Extension>>,
}

fn by_key<'m, T>(items: &'m [T], key: impl Fn(&T) -> String) -> HashMap<String, Vec<&'m T>> {
    let mut map: HashMap<String, Vec<&'m T>> = HashMap::new();
    for item in items {
        map.entry(key(item)).or_default().push(item);
    }
    map
}

impl<'m> Index<'m> {
    fn new(model: &'m Model) -> Self {
        Index {
            roles: by_key(&model.roles, |r| r.name.key()),
            duties: by_key(&model.duties, |d| d.name.key()),
            privileges: by_key(&model.privileges, |p| p.name.key()),
            role_extensions: by_key(&model.role_extensions, |e| name_key(&e.base)),
            duty_extensions: by_key(&model.duty_extensions, |e| name_key(&e.base)),
        }
    }

    /// A model holding every object `role` can reach, each name's objects in model order (so
    /// that lookups in it find what they would find in the whole model).
    fn reachable(&self, role: &Role) -> Model {
        let mut out = Model::default();
        let (mut seen_roles, mut seen_duties, mut seen_privileges) =
            (HashSet::new(), HashSet::new(), HashSet::new());
        let mut roles = vec![role.name.key()];
        let mut duties = Vec::new();
        let mut privileges = Vec::new();
        while let Some(key) = roles.pop() {
            if !seen_roles.insert(key.clone()) {
                continue;
            }
            for r in self.roles.get(&key).into_iter().flatten() {
                out.roles.push((*r).clone());
                duties.extend(r.duties.iter().map(|d| d.key()));
                privileges.extend(r.privileges.iter().map(|p| p.key()));
                roles.extend(r.sub_roles.iter().map(|s| s.key()));
            }
            for e in self.role_extensions.get(&key).into_iter().flatten() {
                out.role_extensions.push((*e).clone());
                duties.extend(e.duties.iter().map(|d| d.key()));
                privileges.extend(e.privileges.iter().map(|p| p.key()));
                roles.extend(e.sub_roles.iter().map(|s| s.key()));
            }
        }
        for key in duties {
            if !seen_duties.insert(key.clone()) {
                continue;
            }
            for d in self.duties.get(&key).into_iter().flatten() {
                out.duties.push((*d).clone());
                privileges.extend(d.privileges.iter().map(|p| p.key()));
            }
            for e in self.duty_extensions.get(&key).into_iter().flatten() {
                out.duty_extensions.push((*e).clone());
                privileges.extend(e.privileges.iter().map(|p| p.key()));
            }
        }
        for key in privileges {
            if seen_privileges.insert(key.clone()) {
                let found = self.privileges.get(&key).into_iter().flatten();
                out.privileges.extend(found.map(|p| (*p).clone()));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load};

    /// The small reachable model must flatten exactly like the whole model.
    #[test]
    fn flattening_against_reachable_objects_equals_flattening_against_the_whole_model() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let inputs = [
            root.join("templates"),
            root.join("tests/fixtures/diff/access/new.xml"),
            root.join("tests/fixtures/diff/cross-dialect/new"),
        ];
        let mut roles = 0;
        for input in inputs {
            let model = load(&[input], &LoadOptions::default()).model;
            let index = Index::new(&model);
            for role in &model.roles {
                roles += 1;
                assert_eq!(
                    effective_access(&index.reachable(role), role),
                    effective_access(&model, role),
                    "{}",
                    role.name.value
                );
            }
        }
        assert!(roles > 8);
    }
}
