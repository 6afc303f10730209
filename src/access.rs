//! `secgov access`: the effective access of roles as rows, one per role and securable object
//! (and child, and scope), with the permissions and the path that grants them; columns follow
//! Dynamics 365's security reports. Rows come from the one engine (`crate::model::Engine`); this
//! file only selects and renders them (human table, CSV for Excel, JSON, Markdown).

use crate::model::{Access, Engine, Implied, Model, Permission, Step, StepKind};
use crate::span::name_key;
use serde::Serialize;
use std::fmt::Write as _;

/// The column titles, in order.
pub const COLUMNS: [&str; 14] = [
    "Role",
    "Sub-role",
    "Duty",
    "Privilege",
    "Securable type",
    "AOT name",
    "AOT child name",
    "Read",
    "Update",
    "Create",
    "Correct",
    "Delete",
    "Invoke",
    "Grant",
];

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
    let mut wanted = Vec::new();
    let mut unknown = Vec::new();
    for name in &query.roles {
        match engine.role_index(name) {
            Some(i) if !wanted.contains(&i) => wanted.push(i),
            Some(_) => {}
            None => unknown.push(name.clone()),
        }
    }
    if !unknown.is_empty() {
        return Err(unknown);
    }
    if query.roles.is_empty() {
        let mut seen = std::collections::HashSet::new();
        wanted = (0..engine.roles().len())
            .filter(|&i| seen.insert(engine.roles()[i].name.key()))
            .collect();
    }
    wanted.sort_by_cached_key(|&i| {
        let name = engine.roles()[i].name.value.trim();
        (name.to_lowercase(), name.to_owned())
    });
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
            let of = |kind: StepKind| -> Vec<&str> {
                path.iter()
                    .filter(|s| s.kind == kind)
                    .map(|s| s.name.as_str())
                    .collect()
            };
            out.push(Row {
                role: engine.roles()[role].name.value.trim().to_owned(),
                sub_role: of(StepKind::SubRole).join(" > "),
                duty: of(StepKind::Duty).join(" > "),
                privilege: of(StepKind::Privilege).join(" > "),
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
    let mut widths = COLUMNS.map(|c| c.chars().count());
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row.cells()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: [&str; 14]| {
        let mut text = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            let _ = write!(text, "{cell:<w$}");
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(COLUMNS);
    line(widths.map(|w| &"--------------------------------"[..w.min(32)]));
    for row in rows {
        line(row.cells());
    }
    out
}

/// CSV with a UTF-8 byte order mark, so that Excel opens it as UTF-8.
pub fn csv(rows: &[Row]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(COLUMNS);
    for row in rows {
        let _ = w.write_record(row.cells());
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
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
    let cell = |s: &str| s.replace('|', "\\|").replace(['\n', '\r'], " ");
    let mut out = format!("| {} |\n", COLUMNS.join(" | "));
    out.push_str(&format!("|{}\n", "---|".repeat(COLUMNS.len())));
    for row in rows {
        let cells: Vec<String> = row.cells().iter().map(|c| cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}
