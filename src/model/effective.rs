//! Effective access: what a role really grants once sub-roles, duties, privileges and extensions
//! are flattened. Deny wins over Allow, as in Dynamics 365.

use super::{Access, DataEntityPermission, EntryPoint, Grant, Model, Permission, Role};
use crate::span::name_key;
use std::collections::{BTreeMap, BTreeSet};

/// One securable object a role reaches, with every way it is allowed or denied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EffectiveEntry {
    pub object_type: String,
    pub object_name: String,
    pub child_name: Option<String>,
    /// Per permission, the paths (`Role > SubRole > Duty > Privilege`) that allow it.
    pub allowed: BTreeMap<Permission, BTreeSet<String>>,
    /// Per permission, the paths that deny it.
    pub denied: BTreeMap<Permission, BTreeSet<String>>,
}

impl EffectiveEntry {
    /// The resulting value of a permission: Deny if anything denies it, else Allow if anything
    /// allows it, else unset.
    pub fn value(&self, p: Permission) -> Option<Access> {
        if self.denied.contains_key(&p) {
            Some(Access::Deny)
        } else if self.allowed.contains_key(&p) {
            Some(Access::Allow)
        } else {
            None
        }
    }
}

/// Everything one role grants, keyed by entry point identity (type/name/child, case-insensitive).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EffectiveAccess {
    pub entries: BTreeMap<String, EffectiveEntry>,
    /// Names referenced on the way that the model does not define (sub-roles, duties, privileges).
    pub unresolved: BTreeSet<String>,
}

/// Flattens `role` against everything in `model`. Sub-role cycles are followed once.
pub fn effective_access(model: &Model, role: &Role) -> EffectiveAccess {
    let mut out = EffectiveAccess::default();
    let mut visited = BTreeSet::new();
    walk_role(model, role, &role.name.value, &mut visited, &mut out);
    out
}

fn walk_role(
    model: &Model,
    role: &Role,
    path: &str,
    visited: &mut BTreeSet<String>,
    out: &mut EffectiveAccess,
) {
    if !visited.insert(role.name.key()) {
        return;
    }
    let extensions: Vec<_> = model.extensions_of_role(&role.name.value).collect();
    let duties = role
        .duties
        .iter()
        .chain(extensions.iter().flat_map(|e| &e.duties));
    let privileges = role
        .privileges
        .iter()
        .chain(extensions.iter().flat_map(|e| &e.privileges));
    let sub_roles = role
        .sub_roles
        .iter()
        .chain(extensions.iter().flat_map(|e| &e.sub_roles));
    for d in duties {
        walk_duty(model, &d.value, &format!("{path} > {}", d.value), out);
    }
    for p in privileges {
        walk_privilege(model, &p.value, &format!("{path} > {}", p.value), out);
    }
    for s in sub_roles {
        match model.find_role(&s.value) {
            Some(sub) => walk_role(model, sub, &format!("{path} > {}", s.value), visited, out),
            None => {
                out.unresolved.insert(s.value.clone());
            }
        }
    }
}

fn walk_duty(model: &Model, name: &str, path: &str, out: &mut EffectiveAccess) {
    let own = model.find_duty(name).map(|d| d.privileges.iter());
    if own.is_none() {
        out.unresolved.insert(name.to_owned());
    }
    let extended = model.extensions_of_duty(name).flat_map(|e| &e.privileges);
    for p in own.into_iter().flatten().chain(extended) {
        walk_privilege(model, &p.value, &format!("{path} > {}", p.value), out);
    }
}

fn walk_privilege(model: &Model, name: &str, path: &str, out: &mut EffectiveAccess) {
    let Some(privilege) = model.find_privilege(name) else {
        out.unresolved.insert(name.to_owned());
        return;
    };
    for ep in &privilege.entry_points {
        add_entry_point(ep, path, out);
    }
    for de in &privilege.data_entities {
        add_data_entity(de, path, out);
    }
}

fn add_entry_point(ep: &EntryPoint, path: &str, out: &mut EffectiveAccess) {
    let entry = out
        .entries
        .entry(ep.key())
        .or_insert_with(|| EffectiveEntry {
            object_type: ep.object_type.value.clone(),
            object_name: ep.object_name.value.clone(),
            child_name: ep.child_name.as_ref().map(|c| c.value.clone()),
            ..EffectiveEntry::default()
        });
    add_grant(entry, &ep.grant, path);
    if let Some(g) = &ep.grant_current_data {
        add_grant(entry, g, path);
    }
}

fn add_data_entity(de: &DataEntityPermission, path: &str, out: &mut EffectiveAccess) {
    let key = format!("dataentity/{}/", name_key(&de.name.value));
    let entry = out.entries.entry(key).or_insert_with(|| EffectiveEntry {
        object_type: "DataEntity".to_owned(),
        object_name: de.name.value.clone(),
        child_name: None,
        ..EffectiveEntry::default()
    });
    add_grant(entry, &de.grant, path);
}

fn add_grant(entry: &mut EffectiveEntry, grant: &Grant, path: &str) {
    for (p, a) in grant.iter() {
        let map = match a {
            Access::Allow => &mut entry.allowed,
            Access::Deny => &mut entry.denied,
        };
        map.entry(p).or_default().insert(path.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load_bytes};

    const BACKUP: &str = r#"<SecurityCategoryBackup Type="SecurityConfiguration"><SecurityCategory><Name>C</Name>
<SecurityConfiguration>
<AxSecurityRole><Name>Clerk</Name><Duties><AxSecurityDutyReference><Name>D</Name></AxSecurityDutyReference></Duties>
<SubRoles><AxSecurityRoleReference><Name>Viewer</Name></AxSecurityRoleReference></SubRoles></AxSecurityRole>
<AxSecurityRole><Name>Viewer</Name><Privileges><AxSecurityPrivilegeReference><Name>PView</Name></AxSecurityPrivilegeReference></Privileges>
<SubRoles><AxSecurityRoleReference><Name>clerk</Name></AxSecurityRoleReference></SubRoles></AxSecurityRole>
<AxSecurityDuty><Name>D</Name><Privileges><AxSecurityPrivilegeReference><Name>PEdit</Name></AxSecurityPrivilegeReference>
<AxSecurityPrivilegeReference><Name>Missing</Name></AxSecurityPrivilegeReference></Privileges></AxSecurityDuty>
<AxSecurityPrivilege><Name>PEdit</Name><EntryPoints><AxSecurityEntryPointReference><Name>X</Name>
<Grant><Delete>Deny</Delete><Update>Allow</Update></Grant><ObjectName>CustTable</ObjectName><ObjectType>MenuItemDisplay</ObjectType></AxSecurityEntryPointReference></EntryPoints></AxSecurityPrivilege>
<AxSecurityPrivilege><Name>PView</Name><EntryPoints><AxSecurityEntryPointReference><Name>X</Name>
<Grant><Read>Allow</Read><Delete>Allow</Delete></Grant><ObjectName>custtable</ObjectName><ObjectType>MenuItemDisplay</ObjectType></AxSecurityEntryPointReference></EntryPoints></AxSecurityPrivilege>
</SecurityConfiguration></SecurityCategory></SecurityCategoryBackup>"#;

    #[test]
    fn flattens_sub_roles_duties_and_privileges_with_deny_winning() {
        let loaded = load_bytes("t.xml", BACKUP.as_bytes(), &LoadOptions::default());
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let clerk = loaded.model.find_role("Clerk").unwrap();
        let access = effective_access(&loaded.model, clerk);
        assert_eq!(
            access.entries.len(),
            1,
            "CustTable and custtable are one entry point"
        );
        let e = access.entries.values().next().unwrap();
        assert_eq!(e.value(Permission::Read), Some(Access::Allow));
        assert_eq!(e.value(Permission::Update), Some(Access::Allow));
        assert_eq!(e.value(Permission::Delete), Some(Access::Deny));
        assert_eq!(e.value(Permission::Invoke), None);
        assert!(e.allowed[&Permission::Read].contains("Clerk > Viewer > PView"));
        assert_eq!(access.unresolved, BTreeSet::from(["Missing".to_owned()]));
    }
}
