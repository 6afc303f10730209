//! `secgov access`: the effective access of roles as rows, one per role and securable object
//! (and child, and scope), with the permissions and the path that grants them; columns follow
//! Dynamics 365's security reports. Rows come from the one engine (`crate::model::Engine`); this
//! file only selects and renders them (human table, CSV for Excel, JSON, Markdown).

use crate::model::{Access, Engine, Implied, Model, Permission, Step, StepKind};
use crate::span::name_key;
use serde::Serialize;

/// The column titles, in order.
pub const COLUMNS: [&str; 14] = crate::table::with_permission_columns!(
    [
        "Role",
        "Sub-role",
        "Duty",
        "Privilege",
        "Securable type",
        "AOT name",
        "AOT child name",
    ],
    ["Grant"]
);

/// One role's access to one securable object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub role: String,
    /// The sub-roles from the role down to the one holding the grant, `A > B`; empty when the
    /// role holds it itself.
    pub sub_role: String,
    pub duty: String,
    pub privilege: String,
    pub securable_type: String,
    pub aot_name: String,
    pub aot_child_name: String,
    /// `Allow`, `Deny` or empty, for Read, Update, Create, Correct, Delete, Invoke.
    pub permissions: [String; 6],
    /// `Grant`, `GrantCurrentData`, `GrantPastData` or `GrantFutureData`.
    pub grant: String,
    /// Every step from the role to the grant, labelled by kind.
    pub path: Vec<Step>,
}

impl Row {
    fn cells(&self) -> [&str; 14] {
        let p = &self.permissions;
        [
            &self.role,
            &self.sub_role,
            &self.duty,
            &self.privilege,
            &self.securable_type,
            &self.aot_name,
            &self.aot_child_name,
            &p[0],
            &p[1],
            &p[2],
            &p[3],
            &p[4],
            &p[5],
            &self.grant,
        ]
    }
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Only these roles (names, case-insensitive); all roles when empty.
    pub roles: Vec<String>,
    /// Only this securable object (its AOT name, case-insensitive).
    pub object: Option<String>,
}

/// The rows for `query`, or the `--role` names that name no role.
pub fn rows(model: &Model, implied: &Implied, query: &Query) -> Result<Vec<Row>, Vec<String>> {
    let engine = Engine::new(model, implied);
    let wanted = select_roles(&engine, &query.roles, |_| true)?;
    let object = query.object.as_deref().map(name_key);
    let mut out = Vec::new();
    for role in wanted {
        let access = engine.access(role);
        for entry in access.entries.values() {
            if object
                .as_deref()
                .is_some_and(|o| name_key(&entry.object) != o)
            {
                continue;
            }
            let Some(source) = Permission::ALL.into_iter().find_map(|p| entry.deciding(p)) else {
                continue;
            };
            let path = engine.path(role, &source);
            let [sub_role, duty, privilege] = path_columns(&path);
            out.push(Row {
                role: engine.roles()[role].name.value.trim().to_owned(),
                sub_role,
                duty,
                privilege,
                securable_type: entry.securable_type.clone(),
                aot_name: entry.object.clone(),
                aot_child_name: entry.child.clone().unwrap_or_default(),
                permissions: Permission::ALL.map(|p| match entry.value(p) {
                    Some(Access::Allow) => "Allow".to_owned(),
                    Some(Access::Deny) => "Deny".to_owned(),
                    None => String::new(),
                }),
                grant: entry.scope.as_str().to_owned(),
                path,
            });
        }
    }
    if query.roles.is_empty() {
        unreached(model, &engine, object.as_deref(), &mut out);
    }
    Ok(out)
}

/// The Sub-role, Duty and Privilege columns of a path (`A > B` where a kind repeats).
pub fn path_columns(path: &[Step]) -> [String; 3] {
    [StepKind::SubRole, StepKind::Duty, StepKind::Privilege].map(|kind| {
        path.iter()
            .filter(|s| s.kind == kind)
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(" > ")
    })
}

/// The roles named in `names` (case-insensitive), or when `names` is empty every role that
/// `listed` keeps (the first of each name); sorted by name. `Err` holds the names that name no
/// role. `secgov access` and `secgov license` select their roles here.
pub fn select_roles(
    engine: &Engine<'_>,
    names: &[String],
    listed: impl Fn(usize) -> bool,
) -> Result<Vec<usize>, Vec<String>> {
    let mut wanted = Vec::new();
    let mut unknown = Vec::new();
    for name in names {
        match engine.role_index(name) {
            Some(i) if !wanted.contains(&i) => wanted.push(i),
            Some(_) => {}
            None => unknown.push(name.clone()),
        }
    }
    if !unknown.is_empty() {
        return Err(unknown);
    }
    if names.is_empty() {
        let mut seen = std::collections::HashSet::new();
        wanted = (0..engine.roles().len())
            .filter(|&i| listed(i) && seen.insert(engine.roles()[i].name.key()))
            .collect();
    }
    wanted.sort_by_cached_key(|&i| {
        let name = engine.roles()[i].name.value.trim();
        (name.to_lowercase(), name.to_owned())
    });
    Ok(wanted)
}

/// Rows for the privileges no role listed reaches (in an AOT model, most privileges are added to
/// standard duties by duty extensions whose base is not among the files read): the Role column is
/// empty, the Duty column names a duty (or extended duty) that lists the privilege, if any.
fn unreached(model: &Model, engine: &Engine<'_>, object: Option<&str>, out: &mut Vec<Row>) {
    use std::collections::{BTreeMap, HashSet};
    // Privileges some role reaches: assigned to a role (or role extension), or to a duty one
    // holds (or a duty extension of it). Every role is listed when this runs, so this is exactly
    // the set of privileges that appear in some role's rows or could.
    let mut duties: HashSet<String> = HashSet::new();
    let mut reached: HashSet<String> = HashSet::new();
    for r in engine.roles() {
        duties.extend(r.duties.iter().map(|d| d.key()));
        reached.extend(r.privileges.iter().map(|p| p.key()));
    }
    for e in &model.role_extensions {
        duties.extend(e.duties.iter().map(|d| d.key()));
        reached.extend(e.privileges.iter().map(|p| p.key()));
    }
    for d in (0..).map_while(|i| engine.duty_at(i)) {
        if duties.contains(&d.name.key()) {
            reached.extend(d.privileges.iter().map(|p| p.key()));
        }
    }
    for e in &model.duty_extensions {
        if duties.contains(&name_key(&e.base)) {
            reached.extend(e.privileges.iter().map(|p| p.key()));
        }
    }
    let mut duty_of: BTreeMap<String, String> = BTreeMap::new();
    for d in (0..).map_while(|i| engine.duty_at(i)) {
        for p in &d.privileges {
            duty_of
                .entry(p.key())
                .or_insert_with(|| d.name.value.trim().to_owned());
        }
    }
    for e in &model.duty_extensions {
        for p in &e.privileges {
            duty_of.entry(p.key()).or_insert_with(|| e.base.clone());
        }
    }
    let mut seen = HashSet::new();
    let mut privileges: Vec<&crate::model::Privilege> = (0..)
        .map_while(|i| engine.privilege_at(i))
        .filter(|p| !reached.contains(&p.name.key()) && seen.insert(p.name.key()))
        .collect();
    privileges.sort_by_cached_key(|p| p.name.key());
    for p in privileges {
        let mut merged: BTreeMap<String, Row> = BTreeMap::new();
        for g in p.grants() {
            if object.is_some_and(|o| name_key(g.object) != o) || g.grant.is_empty() {
                continue;
            }
            let row = merged.entry(g.key()).or_insert_with(|| Row {
                role: String::new(),
                sub_role: String::new(),
                duty: duty_of.get(&p.name.key()).cloned().unwrap_or_default(),
                privilege: p.name.value.trim().to_owned(),
                securable_type: g.securable_type.trim().to_owned(),
                aot_name: g.object.trim().to_owned(),
                aot_child_name: g.child_name().unwrap_or_default(),
                permissions: Default::default(),
                grant: g.scope.as_str().to_owned(),
                path: Vec::new(),
            });
            for (permission, access) in g.grant.iter() {
                let cell = &mut row.permissions[permission as usize];
                if access == Access::Deny || cell.is_empty() {
                    *cell = access.as_str().to_owned();
                }
            }
        }
        for mut row in merged.into_values() {
            if !row.duty.is_empty() {
                row.path.push(Step {
                    kind: StepKind::Duty,
                    name: row.duty.clone(),
                });
            }
            row.path.push(Step {
                kind: StepKind::Privilege,
                name: row.privilege.clone(),
            });
            out.push(row);
        }
    }
}

/// An aligned table for people; widths come from the content, never from the terminal.
pub fn human(rows: &[Row]) -> String {
    if rows.is_empty() {
        return "no access\n".to_owned();
    }
    crate::table::human(&COLUMNS, &cells(rows))
}

/// CSV with a UTF-8 byte order mark, so that Excel opens it as UTF-8.
pub fn csv(rows: &[Row]) -> String {
    crate::table::csv(&COLUMNS, &cells(rows))
}

fn cells(rows: &[Row]) -> Vec<Vec<&str>> {
    rows.iter().map(|r| r.cells().to_vec()).collect()
}

/// JSON: `{"version": 1, "rows": [...]}`, each row with its path of labelled steps.
pub fn json(rows: &[Row]) -> String {
    #[derive(Serialize)]
    struct JsonRow<'a> {
        role: &'a str,
        sub_role: &'a str,
        duty: &'a str,
        privilege: &'a str,
        securable_type: &'a str,
        aot_name: &'a str,
        aot_child_name: &'a str,
        read: &'a str,
        update: &'a str,
        create: &'a str,
        correct: &'a str,
        delete: &'a str,
        invoke: &'a str,
        grant: &'a str,
        path: &'a [Step],
    }
    let rows: Vec<JsonRow> = rows
        .iter()
        .map(|r| JsonRow {
            role: &r.role,
            sub_role: &r.sub_role,
            duty: &r.duty,
            privilege: &r.privilege,
            securable_type: &r.securable_type,
            aot_name: &r.aot_name,
            aot_child_name: &r.aot_child_name,
            read: &r.permissions[0],
            update: &r.permissions[1],
            create: &r.permissions[2],
            correct: &r.permissions[3],
            delete: &r.permissions[4],
            invoke: &r.permissions[5],
            grant: &r.grant,
            path: &r.path,
        })
        .collect();
    #[derive(Serialize)]
    struct Report<'a> {
        version: u32,
        rows: Vec<JsonRow<'a>>,
    }
    let report = Report { version: 1, rows };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

/// A Markdown table.
pub fn markdown(rows: &[Row]) -> String {
    crate::table::markdown(&COLUMNS, &cells(rows))
}
