//! `secgov license`: the user license each role needs, and the grants that decide it
//! (docs/license.md). A menu item declares `ViewUserLicense` (read access) and
//! `MaintainUserLicense` (any write permission); a role needs the highest license of the menu
//! items its effective access (the one engine, `crate::model::Engine`) reaches. This file only
//! looks the menu items up and ranks their licenses; the rule SG503 and `diff --access` ask it.

use crate::access::{path_columns, select_roles};
use crate::model::{
    Access, AccessEntry, Engine, Implied, MenuItem, MenuItemKind, Model, Permission, Source, Step,
};
use crate::span::{FileId, name_key};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// The licenses in their order, lowest first. The metadata writes `Universal`, `Activity` and
/// `Enterprise`; the products are Team Members, Operations - Activity and the full ("Operations")
/// licenses (sources in docs/license.md). AX 2012's `SelfServe`, `Task` and `Functional` have
/// no place in this order that any source gives: they are [`Need::Unranked`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum License {
    #[serde(rename = "Team Members")]
    TeamMembers,
    Activity,
    Operations,
}

impl License {
    pub const ALL: [License; 3] = [License::TeamMembers, License::Activity, License::Operations];

    /// The product's name, as reports show it.
    pub fn name(self) -> &'static str {
        match self {
            License::TeamMembers => "Team Members",
            License::Activity => "Activity",
            License::Operations => "Operations",
        }
    }

    /// The value a menu item's `ViewUserLicense` or `MaintainUserLicense` holds.
    pub fn aot(self) -> &'static str {
        match self {
            License::TeamMembers => "Universal",
            License::Activity => "Activity",
            License::Operations => "Enterprise",
        }
    }

    /// A metadata value (`Universal`, `Activity`, `Enterprise`; case-insensitive).
    pub fn from_aot(value: &str) -> Option<License> {
        let value = value.trim();
        Self::ALL
            .into_iter()
            .find(|l| l.aot().eq_ignore_ascii_case(value))
    }

    /// A value a person writes (`secgov.toml`): the metadata value or the product's name, with or
    /// without the space (`Team Members`, `TeamMembers`, `Universal`, `Operations`...).
    pub fn parse(value: &str) -> Option<License> {
        let squeezed: String = value.split_whitespace().collect();
        Self::from_aot(&squeezed).or_else(|| {
            Self::ALL
                .into_iter()
                .find(|l| l.name().replace(' ', "").eq_ignore_ascii_case(&squeezed))
        })
    }
}

/// Read-only access, or some write permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Only Read is allowed: the menu item's `ViewUserLicense` applies.
    Read,
    /// Update, Create, Correct, Delete or Invoke is allowed: `MaintainUserLicense` applies.
    Write,
}

/// What one grant on a menu item needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "status", content = "value")]
pub enum Need {
    /// The menu item declares this license.
    License(License),
    /// The menu item declares `None`: no license.
    NoneDeclared,
    /// The menu item does not set the property: it needs no license of its own.
    NotDeclared,
    /// A value outside the order (AX 2012's `SelfServe`, `Task`, `Functional`, or anything
    /// else): listed, never counted as less than any license.
    Unranked(String),
    /// The menu item is in neither the files read nor the reference: listed, never counted as
    /// needing none.
    UnknownMenuItem,
}

impl Need {
    /// The license when the need is one of the ordered licenses.
    pub fn license(&self) -> Option<License> {
        match self {
            Need::License(l) => Some(*l),
            _ => None,
        }
    }

    /// Whether the need is not known: an unknown menu item or a value outside the order.
    pub fn is_undetermined(&self) -> bool {
        matches!(self, Need::Unranked(_) | Need::UnknownMenuItem)
    }

    /// `Operations`, `none (not declared)`, `Task (not in the order)`, `unknown menu item`.
    pub fn label(&self) -> String {
        match self {
            Need::License(l) => l.name().to_owned(),
            Need::NoneDeclared => "none (declared None)".to_owned(),
            Need::NotDeclared => "none (not declared)".to_owned(),
            Need::Unranked(v) => format!("{} (not in the order)", v.trim()),
            Need::UnknownMenuItem => "unknown menu item".to_owned(),
        }
    }
}

/// The menu items of a run (inputs, then references), by kind and name; the first of a name
/// wins, so an input's definition comes before the reference's.
pub struct MenuItems<'m> {
    by_key: HashMap<(MenuItemKind, String), &'m MenuItem>,
}

impl<'m> MenuItems<'m> {
    pub fn new(model: &'m Model) -> Self {
        let mut by_key = HashMap::with_capacity(model.menu_items.len());
        for m in &model.menu_items {
            by_key.entry((m.kind, name_key(&m.name.value))).or_insert(m);
        }
        MenuItems { by_key }
    }

    pub fn get(&self, kind: MenuItemKind, name: &str) -> Option<&'m MenuItem> {
        self.by_key.get(&(kind, name_key(name))).copied()
    }

    /// What access at `level` to the menu item `name` of `kind` needs.
    pub fn need(&self, kind: MenuItemKind, name: &str, level: Level) -> Need {
        let Some(item) = self.get(kind, name) else {
            return Need::UnknownMenuItem;
        };
        let property = match level {
            Level::Read => &item.view_user_license,
            Level::Write => &item.maintain_user_license,
        };
        match property.as_ref().map(|p| p.value.trim()) {
            None | Some("") => Need::NotDeclared,
            Some(v) if v.eq_ignore_ascii_case("None") => Need::NoneDeclared,
            Some(v) => {
                License::from_aot(v).map_or_else(|| Need::Unranked(v.to_owned()), Need::License)
            }
        }
    }
}

/// The kind of menu item a securable type names (`MenuItemDisplay`...), if it is one.
pub fn menu_item_kind(securable_type: &str) -> Option<MenuItemKind> {
    let t = securable_type.trim();
    MenuItemKind::ALL
        .into_iter()
        .find(|k| t.eq_ignore_ascii_case(&format!("MenuItem{}", k.word())))
}

/// One grant of a role on a menu item, and what it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseGrant {
    pub securable_type: String,
    pub menu_item: String,
    pub level: Level,
    /// `Read`, or the first write permission allowed (in product order).
    pub permission: Permission,
    pub need: Need,
    /// The value written on the menu item, when there is one.
    pub written: Option<String>,
    /// Where the deciding permission comes from (for spans and paths).
    pub source: Source,
    /// The path from the role to the grant; empty until [`RoleLicense::fill_paths`] (a path
    /// costs a walk along sub-roles, so only shown grants get one).
    pub path: Vec<Step>,
}

impl LicenseGrant {
    /// `Update on MenuItemDisplay SalesTable via SalesClerk > SalesTableMaintain > SalesTableEdit`.
    pub fn because(&self) -> String {
        let path: Vec<&str> = self.path.iter().map(|s| s.name.as_str()).collect();
        format!(
            "{} on {} {} via {}",
            self.permission.as_str(),
            self.securable_type,
            self.menu_item,
            path.join(" > ")
        )
    }
}

/// The license one role needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleLicense {
    pub role: String,
    /// Index into the engine's roles.
    pub index: usize,
    /// The highest license a grant needs (`None`: no grant needs one of the ordered licenses).
    pub license: Option<License>,
    /// Every grant on a menu item that allows something, highest need first.
    pub grants: Vec<LicenseGrant>,
    /// Grants on other securable objects (service operations, web items, data entities,
    /// tables...): no license property is read for them.
    pub other_grants: usize,
}

impl RoleLicense {
    /// Grants whose license is unknown.
    pub fn undetermined(&self) -> usize {
        self.grants
            .iter()
            .filter(|g| g.need.is_undetermined())
            .count()
    }

    /// Whether the grant decides the role's license: it needs the role's license.
    pub fn drives(&self, g: &LicenseGrant) -> bool {
        self.license.is_some() && g.need.license() == self.license
    }

    /// The grants a report shows: those that decide the license, and the undetermined ones.
    pub fn shown(&self) -> impl Iterator<Item = &LicenseGrant> {
        self.grants
            .iter()
            .filter(|g| self.drives(g) || g.need.is_undetermined())
    }

    /// `Operations`, `at least Activity`, `none`, `undetermined`.
    pub fn label(&self) -> String {
        label(self.license, self.undetermined())
    }

    /// Finds the path of every grant (`all`), or of those a report shows.
    pub fn fill_paths(&mut self, engine: &Engine<'_>, all: bool) {
        let (license, role) = (self.license, self.index);
        for g in &mut self.grants {
            let shown =
                license.is_some() && g.need.license() == license || g.need.is_undetermined();
            if (all || shown) && g.path.is_empty() {
                g.path = engine.path(role, &g.source);
            }
        }
    }
}

/// A role's license as shown: the license, `at least` it when some grants are undetermined.
pub fn label(license: Option<License>, undetermined: usize) -> String {
    match (license, undetermined) {
        (Some(l), 0) => l.name().to_owned(),
        (Some(l), _) => format!("at least {}", l.name()),
        (None, 0) => "none".to_owned(),
        (None, _) => "undetermined".to_owned(),
    }
}

/// The license of the role at `role` (index into the engine's roles), without paths (see
/// [`RoleLicense::fill_paths`]).
pub fn role_license(engine: &Engine<'_>, role: usize, items: &MenuItems<'_>) -> RoleLicense {
    let access = engine.access(role);
    let mut grants = Vec::new();
    let mut other_grants = 0;
    for entry in access.entries.values() {
        let Some(kind) = menu_item_kind(&entry.securable_type) else {
            if Permission::ALL
                .into_iter()
                .any(|p| entry.value(p) == Some(Access::Allow))
            {
                other_grants += 1;
            }
            continue;
        };
        let Some((level, permission, source)) = level_of(entry) else {
            continue;
        };
        let need = items.need(kind, &entry.object, level);
        let written = items.get(kind, &entry.object).and_then(|m| {
            match level {
                Level::Read => &m.view_user_license,
                Level::Write => &m.maintain_user_license,
            }
            .as_ref()
            .map(|v| v.value.trim().to_owned())
        });
        grants.push(LicenseGrant {
            securable_type: entry.securable_type.clone(),
            menu_item: entry.object.clone(),
            level,
            permission,
            need,
            written,
            source,
            path: Vec::new(),
        });
    }
    grants.sort_by_cached_key(|g| {
        (
            std::cmp::Reverse(rank(&g.need)),
            g.menu_item.to_lowercase(),
            g.securable_type.to_lowercase(),
            g.menu_item.clone(),
            g.permission,
        )
    });
    RoleLicense {
        role: engine.roles()[role].name.value.trim().to_owned(),
        index: role,
        license: grants.iter().filter_map(|g| g.need.license()).max(),
        grants,
        other_grants,
    }
}

/// Sort rank of a need: undetermined first, then licenses highest first, then none.
fn rank(need: &Need) -> u8 {
    match need {
        Need::UnknownMenuItem => 6,
        Need::Unranked(_) => 5,
        Need::License(l) => 2 + *l as u8,
        Need::NoneDeclared => 1,
        Need::NotDeclared => 0,
    }
}

/// Read-only or write access of an entry, the permission that decides it and its source; `None`
/// when nothing is allowed (Deny needs nothing). Any write permission makes it Write, Invoke
/// included (docs/license.md).
fn level_of(entry: &AccessEntry) -> Option<(Level, Permission, Source)> {
    let allowed = |p: Permission| {
        (entry.value(p) == Some(Access::Allow))
            .then(|| entry.allowed[p as usize])
            .flatten()
    };
    Permission::ALL
        .into_iter()
        .filter(|&p| p != Permission::Read)
        .find_map(|p| allowed(p).map(|s| (Level::Write, p, s)))
        .or_else(|| allowed(Permission::Read).map(|s| (Level::Read, Permission::Read, s)))
}

/// A license ceiling from `secgov.toml` (`[license-ceiling]`): roles whose name matches
/// `pattern` (`*` any run of characters, `?` one; case-insensitive) may need at most `license`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ceiling {
    pub pattern: String,
    pub license: License,
}

/// The ceiling that applies to the role `name`: of the patterns that match, the one with the
/// most characters other than wildcards (an exact name beats `Sales*`, which beats `*`); on a
/// tie the lower license, then the pattern's text, so the order of the table never matters.
pub fn ceiling_for<'c>(ceilings: &'c [Ceiling], name: &str) -> Option<&'c Ceiling> {
    let literal = |p: &str| p.chars().filter(|c| !matches!(c, '*' | '?')).count();
    ceilings
        .iter()
        .filter(|c| pattern_matches(&c.pattern, name))
        .min_by(|a, b| {
            literal(&b.pattern)
                .cmp(&literal(&a.pattern))
                .then(a.license.cmp(&b.license))
                .then(a.pattern.cmp(&b.pattern))
        })
}

/// Whether `name` matches `pattern` (`*`, `?`), case-insensitively; white space around the name
/// is ignored as everywhere names are compared.
pub fn pattern_matches(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.trim().to_lowercase().chars().collect();
    let n: Vec<char> = name.trim().to_lowercase().chars().collect();
    // Iterative wildcard matching with one backtrack point (the last `*`).
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < n.len() {
        if i < p.len() && (p[i] == '?' || p[i] == n[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == '*')
}

/// Everything `secgov license` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub roles: Vec<RoleLicense>,
    /// Menu items granted that are in neither the files read nor the reference, as
    /// `MenuItemDisplay SalesTable`, sorted.
    pub unknown_menu_items: Vec<String>,
}

/// The license of the roles named in `roles` (all roles of the input files when empty).
/// `is_input` tells the input files from the reference's. `Err` holds names that name no role.
pub fn report(
    model: &Model,
    implied: &Implied,
    roles: &[String],
    is_input: impl Fn(FileId) -> bool,
) -> Result<Report, Vec<String>> {
    let engine = Engine::new(model, implied);
    let items = MenuItems::new(model);
    let wanted = select_roles(&engine, roles, |i| is_input(engine.roles()[i].file))?;
    let roles: Vec<RoleLicense> = wanted
        .into_iter()
        .map(|r| {
            let mut license = role_license(&engine, r, &items);
            license.fill_paths(&engine, true);
            license
        })
        .collect();
    let unknown: BTreeSet<(String, String)> = roles
        .iter()
        .flat_map(|r| &r.grants)
        .filter(|g| g.need == Need::UnknownMenuItem)
        .map(|g| {
            (
                name_key(&g.menu_item),
                format!("{} {}", g.securable_type, g.menu_item),
            )
        })
        .collect();
    Ok(Report {
        roles,
        unknown_menu_items: unknown.into_iter().map(|(_, s)| s).collect(),
    })
}

impl Report {
    /// Whether every role's license is known.
    pub fn determined(&self) -> bool {
        self.roles.iter().all(|r| r.undetermined() == 0)
    }
}

/// The column titles of the tables, in order.
pub const COLUMNS: [&str; 9] = [
    "Role",
    "License",
    "Sub-role",
    "Duty",
    "Privilege",
    "Securable type",
    "AOT name",
    "Permission",
    "Menu item license",
];

/// The table's rows: per role the grants that decide its license and the undetermined ones, or
/// one row with the role and its license alone.
fn rows(report: &Report) -> Vec<[String; 9]> {
    let mut out = Vec::new();
    for r in &report.roles {
        let license = r.label();
        let mut any = false;
        for g in r.shown() {
            any = true;
            let [sub_role, duty, privilege] = path_columns(&g.path);
            out.push([
                r.role.clone(),
                license.clone(),
                sub_role,
                duty,
                privilege,
                g.securable_type.clone(),
                g.menu_item.clone(),
                g.permission.as_str().to_owned(),
                g.need.label(),
            ]);
        }
        if !any {
            out.push([
                r.role.clone(),
                license,
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
    }
    out
}

fn cells(rows: &[[String; 9]]) -> Vec<Vec<&str>> {
    rows.iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect()
}

/// An aligned table for people.
pub fn human(report: &Report) -> String {
    if report.roles.is_empty() {
        return "no roles\n".to_owned();
    }
    crate::table::human(&COLUMNS, &cells(&rows(report)))
}

/// CSV with a UTF-8 byte order mark, as `secgov access` writes it.
pub fn csv(report: &Report) -> String {
    crate::table::csv(&COLUMNS, &cells(&rows(report)))
}

/// A Markdown table.
pub fn markdown(report: &Report) -> String {
    crate::table::markdown(&COLUMNS, &cells(&rows(report)))
}

/// JSON: `{"version": 1, "roles": [...], "unknown_menu_items": [...]}`; each role with every
/// menu item grant (`drives` marks those that decide the license) and its path.
pub fn json(report: &Report) -> String {
    #[derive(Serialize)]
    struct JsonGrant<'a> {
        sub_role: String,
        duty: String,
        privilege: String,
        securable_type: &'a str,
        aot_name: &'a str,
        permission: &'a str,
        access: Level,
        menu_item_license: Option<&'static str>,
        written: Option<&'a str>,
        #[serde(flatten)]
        need: &'a Need,
        drives: bool,
        path: &'a [Step],
    }
    #[derive(Serialize)]
    struct JsonRole<'a> {
        role: &'a str,
        license: Option<&'static str>,
        label: String,
        determined: bool,
        undetermined: usize,
        other_grants: usize,
        grants: Vec<JsonGrant<'a>>,
    }
    #[derive(Serialize)]
    struct JsonReport<'a> {
        version: u32,
        roles: Vec<JsonRole<'a>>,
        unknown_menu_items: &'a [String],
    }
    let roles = report
        .roles
        .iter()
        .map(|r| JsonRole {
            role: &r.role,
            license: r.license.map(License::name),
            label: r.label(),
            determined: r.undetermined() == 0,
            undetermined: r.undetermined(),
            other_grants: r.other_grants,
            grants: r
                .grants
                .iter()
                .map(|g| {
                    let [sub_role, duty, privilege] = path_columns(&g.path);
                    JsonGrant {
                        sub_role,
                        duty,
                        privilege,
                        securable_type: &g.securable_type,
                        aot_name: &g.menu_item,
                        permission: g.permission.as_str(),
                        access: g.level,
                        menu_item_license: g.need.license().map(License::name),
                        written: g.written.as_deref(),
                        need: &g.need,
                        drives: r.drives(g),
                        path: &g.path,
                    }
                })
                .collect(),
        })
        .collect();
    let out = JsonReport {
        version: 1,
        roles,
        unknown_menu_items: &report.unknown_menu_items,
    };
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_is_team_members_activity_operations() {
        assert!(License::TeamMembers < License::Activity);
        assert!(License::Activity < License::Operations);
        assert_eq!(License::from_aot("universal"), Some(License::TeamMembers));
        assert_eq!(License::from_aot("Enterprise"), Some(License::Operations));
        assert_eq!(License::from_aot("Task"), None);
        assert_eq!(License::parse("Team Members"), Some(License::TeamMembers));
        assert_eq!(License::parse("operations"), Some(License::Operations));
    }

    #[test]
    fn labels_say_when_the_answer_is_incomplete() {
        assert_eq!(label(Some(License::Activity), 0), "Activity");
        assert_eq!(label(Some(License::Activity), 2), "at least Activity");
        assert_eq!(label(None, 0), "none");
        assert_eq!(label(None, 1), "undetermined");
    }

    #[test]
    fn patterns_and_the_most_specific_ceiling() {
        assert!(pattern_matches("Sales*", "salesclerk"));
        assert!(pattern_matches("*Clerk", "SalesClerk"));
        assert!(pattern_matches("S?les*k", "SalesClerk"));
        assert!(!pattern_matches("Sales*", "CustClerk"));
        assert!(pattern_matches("*", ""));
        let c = |p: &str, l| Ceiling {
            pattern: p.to_owned(),
            license: l,
        };
        let ceilings = [
            c("*", License::Operations),
            c("Sales*", License::TeamMembers),
            c("SalesClerk", License::Activity),
            c("*Clerk", License::Operations),
        ];
        let of = |n: &str| ceiling_for(&ceilings, n).map(|c| c.pattern.as_str());
        assert_eq!(of("SalesClerk"), Some("SalesClerk"));
        assert_eq!(of("SalesViewer"), Some("Sales*"));
        assert_eq!(of("CustClerk"), Some("*Clerk"));
        assert_eq!(of("Auditor"), Some("*"));
        assert_eq!(ceiling_for(&ceilings[1..2], "Auditor"), None);
    }

    #[test]
    fn menu_item_kinds_from_securable_types() {
        assert_eq!(menu_item_kind("MenuItemAction"), Some(MenuItemKind::Action));
        assert_eq!(
            menu_item_kind("menuitemdisplay "),
            Some(MenuItemKind::Display)
        );
        assert_eq!(menu_item_kind("ServiceOperation"), None);
    }
}
