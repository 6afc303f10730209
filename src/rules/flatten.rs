//! Lookups by name over the model with its implied objects, and flattening a role into the duties
//! and entry point grants it holds. `Model::find_*` scans the lists; rules that flatten every role
//! of a large model (thousands of privileges) need lookups by name in constant time, and visit each
//! duty and privilege once per role however many paths lead to it.

use super::Context;
use super::context::WithImplied;
use super::names::{EntryPointKey, FxBuild, Key, KeyMap, KeySet};
use crate::model::{
    Access, Duty, EntryPoint, Extension, Grant, Model, Permission, Privilege, Role,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Positions in `Context::with_implied` (extensions: in the model) by name key; the first
/// definition of a name wins, as with `Model::find_*`.
#[derive(Debug, Default)]
pub(crate) struct Index<'m> {
    roles: KeyMap<'m, usize>,
    duties: KeyMap<'m, usize>,
    privileges: KeyMap<'m, usize>,
    /// Ranges in `extensions` (a lookup copies the range out, so the answer borrows the index
    /// and not the name looked up).
    role_extensions: KeyMap<'m, (usize, usize)>,
    duty_extensions: KeyMap<'m, (usize, usize)>,
    /// Positions in the model's extension lists, grouped by base name in model order.
    extensions: Vec<usize>,
}

impl<'m> Index<'m> {
    pub(crate) fn new(model: &'m Model, objects: &WithImplied<'m>) -> Self {
        fn first<'m>(names: impl ExactSizeIterator<Item = &'m str>) -> KeyMap<'m, usize> {
            let mut map = KeyMap::with_capacity_and_hasher(names.len(), Default::default());
            for (i, name) in names.enumerate() {
                map.entry(Key(name)).or_insert(i);
            }
            map
        }
        fn by_base<'m>(
            list: &'m [Extension],
            extensions: &mut Vec<usize>,
        ) -> KeyMap<'m, (usize, usize)> {
            let mut groups: KeyMap<'_, Vec<usize>> = KeyMap::default();
            for (i, e) in list.iter().enumerate() {
                groups.entry(Key(&e.base)).or_default().push(i);
            }
            groups
                .into_iter()
                .map(|(key, positions)| {
                    let start = extensions.len();
                    extensions.extend(positions);
                    (key, (start, extensions.len()))
                })
                .collect()
        }
        let mut extensions = Vec::new();
        Index {
            roles: first(objects.roles.iter().map(|r| r.name.value.as_str())),
            duties: first(objects.duties.iter().map(|r| r.name.value.as_str())),
            privileges: first(objects.privileges.iter().map(|r| r.name.value.as_str())),
            role_extensions: by_base(&model.role_extensions, &mut extensions),
            duty_extensions: by_base(&model.duty_extensions, &mut extensions),
            extensions,
        }
    }
}

/// What a role grants on one entry point: for each permission, one path that allows it and one
/// that denies it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Grants {
    pub object_type: String,
    pub object_name: String,
    pub allowed: BTreeMap<Permission, String>,
    pub denied: BTreeMap<Permission, String>,
}

impl<'m> Context<'m> {
    pub(crate) fn role(&self, name: &str) -> Option<&Role> {
        let i = self.index.roles.get(&Key(name))?;
        self.with_implied.roles.get(*i).copied()
    }

    pub(crate) fn duty(&self, name: &str) -> Option<&Duty> {
        let i = self.index.duties.get(&Key(name))?;
        self.with_implied.duties.get(*i).copied()
    }

    pub(crate) fn privilege(&self, name: &str) -> Option<&Privilege> {
        let i = self.index.privileges.get(&Key(name))?;
        self.with_implied.privileges.get(*i).copied()
    }

    pub(crate) fn role_extensions(&self, name: &str) -> impl Iterator<Item = &Extension> {
        let range = self.index.role_extensions.get(&Key(name)).copied();
        self.extensions_in(range, &self.model.role_extensions)
    }

    pub(crate) fn duty_extensions(&self, name: &str) -> impl Iterator<Item = &Extension> {
        let range = self.index.duty_extensions.get(&Key(name)).copied();
        self.extensions_in(range, &self.model.duty_extensions)
    }

    /// The extensions of one base object: `range` in the index, positions in `all`.
    fn extensions_in<'a>(
        &'a self,
        range: Option<(usize, usize)>,
        all: &'a [Extension],
    ) -> impl Iterator<Item = &'a Extension> {
        let (start, end) = range.unwrap_or_default();
        self.index.extensions[start..end].iter().map(|i| &all[*i])
    }

    /// `role` and every role below it through sub-roles (own and from extensions), each once, with
    /// the path that reaches it (`Clerk > Viewer`).
    pub(crate) fn role_tree<'a>(&'a self, role: &'a Role) -> Vec<(&'a Role, String)> {
        let mut out = Vec::new();
        let mut visited = BTreeSet::new();
        let mut stack = vec![(role, role.name.value.clone())];
        while let Some((r, path)) = stack.pop() {
            if !visited.insert(r.name.key()) {
                continue;
            }
            let ext: Vec<&Extension> = self.role_extensions(&r.name.value).collect();
            for s in r
                .sub_roles
                .iter()
                .chain(ext.iter().flat_map(|e| &e.sub_roles))
                .rev()
            {
                if let Some(sub) = self.role(&s.value) {
                    stack.push((sub, format!("{path} > {}", s.value)));
                }
            }
            out.push((r, path));
        }
        out
    }

    /// Every duty `role` holds (name key to the path that brings it in).
    pub(crate) fn duties_of(&self, role: &Role) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for (r, path) in self.role_tree(role) {
            let ext: Vec<&Extension> = self.role_extensions(&r.name.value).collect();
            for d in r.duties.iter().chain(ext.iter().flat_map(|e| &e.duties)) {
                out.entry(d.key())
                    .or_insert_with(|| format!("{path} > {}", d.value));
            }
        }
        out
    }

    /// Privileges of a duty, its own and from its extensions.
    pub(crate) fn duty_privileges<'a>(
        &'a self,
        duty: &'a Duty,
    ) -> impl Iterator<Item = &'a Privilege> {
        duty.privileges
            .iter()
            .chain(
                self.duty_extensions(&duty.name.value)
                    .flat_map(|e| &e.privileges),
            )
            .filter_map(|p| self.privilege(&p.value))
    }

    /// Positions in `with_implied.privileges` of the privileges `duty_privileges` yields, in the
    /// same order.
    pub(crate) fn duty_privilege_positions<'a>(
        &'a self,
        duty: &'a Duty,
    ) -> impl Iterator<Item = usize> + 'a {
        duty.privileges
            .iter()
            .chain(
                self.duty_extensions(&duty.name.value)
                    .flat_map(|e| &e.privileges),
            )
            .filter_map(|p| self.index.privileges.get(&Key(&p.value)).copied())
    }

    /// Whether [`Context::grants_of`] for `role` would hold some permission both allowed and
    /// denied on one entry point; answered without building paths or key strings, so that only
    /// the (rare) roles with such a conflict are flattened in full. Exact for entry points; true
    /// whenever a data entity permission is reached, since its key can meet an entry point's.
    pub(crate) fn may_allow_and_deny(&self, role: &Role) -> bool {
        let mut roles = KeySet::default();
        let mut duties = KeySet::default();
        let mut privileges: Vec<usize> = Vec::new();
        let mut stack = vec![role];
        while let Some(r) = stack.pop() {
            if !roles.insert(Key(&r.name.value)) {
                continue;
            }
            let ext: Vec<&Extension> = self.role_extensions(&r.name.value).collect();
            for s in r
                .sub_roles
                .iter()
                .chain(ext.iter().flat_map(|e| &e.sub_roles))
            {
                stack.extend(self.role(&s.value));
            }
            for d in r.duties.iter().chain(ext.iter().flat_map(|e| &e.duties)) {
                if let Some(duty) = self.duty(&d.value).filter(|_| duties.insert(Key(&d.value))) {
                    privileges.extend(self.duty_privilege_positions(duty));
                }
            }
            for p in r
                .privileges
                .iter()
                .chain(ext.iter().flat_map(|e| &e.privileges))
            {
                privileges.extend(self.index.privileges.get(&Key(&p.value)).copied());
            }
        }
        privileges.sort_unstable();
        privileges.dedup();
        // Per entry point: permissions allowed and permissions denied, a bit each.
        let mut grants: HashMap<EntryPointKey<'_>, (u8, u8), FxBuild> = HashMap::default();
        for &i in &privileges {
            let p = self.with_implied.privileges[i];
            if !p.data_entities.is_empty() {
                return true;
            }
            for ep in &p.entry_points {
                let entry = grants.entry(EntryPointKey::new(ep)).or_default();
                for grant in std::iter::once(&ep.grant).chain(ep.grant_current_data.as_deref()) {
                    for (permission, access) in grant.iter() {
                        let bit = 1 << permission as u8;
                        match access {
                            Access::Allow => entry.0 |= bit,
                            Access::Deny => entry.1 |= bit,
                        }
                    }
                }
                if entry.0 & entry.1 != 0 {
                    return true;
                }
            }
        }
        false
    }

    /// What `role` grants on each entry point once sub-roles, duties and privileges are flattened,
    /// keyed by entry point identity.
    pub(crate) fn grants_of(&self, role: &Role) -> BTreeMap<String, Grants> {
        let mut out = BTreeMap::new();
        let mut seen_duties = BTreeSet::new();
        let mut seen_privileges = BTreeSet::new();
        for (r, path) in self.role_tree(role) {
            let ext: Vec<&Extension> = self.role_extensions(&r.name.value).collect();
            let mut privileges: Vec<(&Privilege, String)> = Vec::new();
            for d in r.duties.iter().chain(ext.iter().flat_map(|e| &e.duties)) {
                let Some(duty) = self.duty(&d.value).filter(|_| seen_duties.insert(d.key())) else {
                    continue;
                };
                for p in self.duty_privileges(duty) {
                    privileges.push((p, format!("{path} > {} > {}", d.value, p.name.value)));
                }
            }
            for p in r
                .privileges
                .iter()
                .chain(ext.iter().flat_map(|e| &e.privileges))
            {
                if let Some(privilege) = self.privilege(&p.value) {
                    privileges.push((privilege, format!("{path} > {}", p.value)));
                }
            }
            for (p, via) in privileges {
                if seen_privileges.insert(p.name.key()) {
                    add_privilege(p, &via, &mut out);
                }
            }
        }
        out
    }
}

fn add_privilege(p: &Privilege, path: &str, out: &mut BTreeMap<String, Grants>) {
    for ep in &p.entry_points {
        let entry = grants_entry(out, ep);
        add(entry, &ep.grant, path);
        if let Some(g) = &ep.grant_current_data {
            add(entry, g, path);
        }
    }
    for de in &p.data_entities {
        let entry = out
            .entry(format!("dataentity/{}/", de.name.key()))
            .or_insert_with(|| Grants {
                object_type: "DataEntity".to_owned(),
                object_name: de.name.value.clone(),
                ..Grants::default()
            });
        add(entry, &de.grant, path);
    }
}

fn grants_entry<'a>(out: &'a mut BTreeMap<String, Grants>, ep: &EntryPoint) -> &'a mut Grants {
    out.entry(ep.key()).or_insert_with(|| Grants {
        object_type: ep.object_type.value.clone(),
        object_name: ep.object_name.value.clone(),
        ..Grants::default()
    })
}

fn add(entry: &mut Grants, grant: &Grant, path: &str) {
    for (p, a) in grant.iter() {
        let map = match a {
            Access::Allow => &mut entry.allowed,
            Access::Deny => &mut entry.denied,
        };
        map.entry(p).or_insert_with(|| path.to_owned());
    }
}
