//! The change report: what `secgov diff` found, as plain data that every renderer reads.
//!
//! The report is canonical: everything is sorted in one total order (`super::order`), so it does
//! not depend on the order of elements in either input, and [`Report::mirror`] of `diff(a, b)`
//! equals `diff(b, a)`.

use crate::license::License;
use crate::model::{Access, GrantScope, Permission};
use serde::Serialize;

/// What happened to one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    Added,
    Removed,
    /// Matched by identity; some of its fields or contents differ.
    Changed,
    /// A process or task whose parent changed (it may also have changed fields).
    Moved,
    /// The same content under a new name (it may also have moved).
    Renamed,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
            ChangeKind::Moved => "moved",
            ChangeKind::Renamed => "renamed",
        }
    }

    fn mirror(self) -> ChangeKind {
        match self {
            ChangeKind::Added => ChangeKind::Removed,
            ChangeKind::Removed => ChangeKind::Added,
            k => k,
        }
    }
}

/// The kind of object a change is about, in the users' words. The order is the report's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Object {
    Category,
    Process,
    Task,
    EntryPoint,
    Assignment,
    Role,
    RoleExtension,
    Duty,
    DutyExtension,
    Privilege,
    DataEntity,
    /// A grant on a table, a field, a method, a form control or data source, or a date-effective
    /// grant (anything a privilege, role or role extension grants beyond entry points and data
    /// entities), named by securable type, object and child.
    Grant,
    /// A role's or an extension's reference to a sub-role.
    SubRole,
    /// A role's or an extension's reference to a duty.
    DutyReference,
    /// A reference to a privilege from a role, duty or extension.
    PrivilegeReference,
    DisabledRole,
    DisabledDuty,
    DisabledPrivilege,
}

impl Object {
    /// The words people read, e.g. `entry point`.
    pub fn label(self) -> &'static str {
        match self {
            Object::Category => "category",
            Object::Process => "process",
            Object::Task => "task",
            Object::EntryPoint => "entry point",
            Object::Assignment => "role assignment",
            Object::Role => "role",
            Object::RoleExtension => "role extension",
            Object::Duty => "duty",
            Object::DutyExtension => "duty extension",
            Object::Privilege => "privilege",
            Object::DataEntity => "data entity permission",
            Object::Grant => "grant",
            Object::SubRole => "sub-role",
            Object::DutyReference => "duty",
            Object::PrivilegeReference => "privilege",
            Object::DisabledRole => "disabled role",
            Object::DisabledDuty => "disabled duty",
            Object::DisabledPrivilege => "disabled privilege",
        }
    }
}

/// One field that differs: `old -> new`; `None` means absent (unset for a permission).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// `description`, `label`, `company`, `owner`, `version`, `role`, `duty`, `privilege`,
    /// `reference-name`, `valid-from`, `valid-to`, a permission (`Read` ... `Invoke`), or
    /// `GrantCurrentData.Read` ... for the AOT current-data grant.
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// A change to one object, with the changes inside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub change: ChangeKind,
    pub object: Object,
    /// The name in NEW (in OLD when removed). Entry points show type and object
    /// (`MenuItemDisplay CustTable`, `ServiceOperation SalesOrderService.create`).
    pub name: String,
    /// The name in OLD when it is spelled differently: renamed, or (for a changed object) the same
    /// name in other letter case.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_name: Option<String>,
    /// Processes and tasks: where they sit in OLD and in NEW, as `Category / Process / ...`.
    /// They differ for a moved object (or one under a renamed process).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_parent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_parent: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldChange>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Change>,
}

impl Change {
    pub(crate) fn new(change: ChangeKind, object: Object, name: impl Into<String>) -> Change {
        Change {
            change,
            object,
            name: name.into(),
            old_name: None,
            old_parent: None,
            new_parent: None,
            fields: Vec::new(),
            children: Vec::new(),
        }
    }

    /// True when a matched object has nothing to report.
    pub(crate) fn is_empty(&self) -> bool {
        self.change == ChangeKind::Changed && self.fields.is_empty() && self.children.is_empty()
    }

    /// This change and every change inside it, depth first.
    pub fn walk(&self) -> Vec<&Change> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(c) = stack.pop() {
            out.push(c);
            stack.extend(c.children.iter().rev());
        }
        out
    }

    pub(super) fn mirror(&mut self) {
        self.change = self.change.mirror();
        if let Some(old) = self.old_name.take() {
            self.old_name = Some(std::mem::replace(&mut self.name, old));
        }
        std::mem::swap(&mut self.old_parent, &mut self.new_parent);
        for f in &mut self.fields {
            std::mem::swap(&mut f.old, &mut f.new);
        }
        for c in &mut self.children {
            c.mirror();
        }
    }

    pub(super) fn sort(&mut self) {
        for c in &mut self.children {
            c.sort();
        }
        super::order::changes(&mut self.children);
    }
}

/// A matched object whose name differs only in spelling (letter case, padding). Not a
/// difference: Dynamics 365 compares names case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Respelled {
    pub object: Object,
    pub old: String,
    pub new: String,
}

fn is_all_data(scope: &GrantScope) -> bool {
    *scope == GrantScope::Grant
}

/// How a role's effective access to one permission on one securable object changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccessDirection {
    /// NEW allows what OLD did not.
    Gained,
    /// OLD allowed what NEW does not.
    Lost,
    /// Neither allows it; a Deny appeared or went away.
    DenyChanged,
}

/// One permission a role gained or lost once sub-roles, duties, privileges and extensions are
/// flattened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessChange {
    pub role: String,
    pub direction: AccessDirection,
    pub permission: Permission,
    pub object_type: String,
    pub object_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child_name: Option<String>,
    /// Which grant: all data, or current, past or future data of a date-effective table.
    #[serde(skip_serializing_if = "is_all_data")]
    pub scope: GrantScope,
    pub old: Option<Access>,
    pub new: Option<Access>,
    /// The paths (`Role > Duty > Privilege`) that grant the allowing (or denying) side.
    pub via: Vec<String>,
}

impl AccessChange {
    /// `SalesClerk gained Delete on CustTable`.
    pub fn sentence(&self) -> String {
        let mut object = self.object();
        if self.scope != GrantScope::Grant {
            object.push_str(&format!(" ({} data)", self.scope.label()));
        }
        let verb = match (self.direction, self.new) {
            (AccessDirection::Gained, _) => "gained",
            (AccessDirection::Lost, _) => "lost",
            (AccessDirection::DenyChanged, Some(Access::Deny)) => "is now denied",
            (AccessDirection::DenyChanged, _) => "is no longer denied",
        };
        format!(
            "{} {verb} {} on {object}",
            self.role,
            self.permission.as_str()
        )
    }

    /// The object with its child: `CustTable`, `SalesOrderService.create`.
    pub fn object(&self) -> String {
        match &self.child_name {
            Some(c) => format!("{}.{c}", self.object_name),
            None => self.object_name.clone(),
        }
    }

    fn mirror(&mut self) {
        std::mem::swap(&mut self.old, &mut self.new);
        self.direction = match self.direction {
            AccessDirection::Gained => AccessDirection::Lost,
            AccessDirection::Lost => AccessDirection::Gained,
            d => d,
        };
    }
}

/// A role whose license differs between OLD and NEW (`diff --access`, docs/license.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LicenseChange {
    pub role: String,
    /// The license on each side; `None` when no grant needs one of the ordered licenses.
    pub old: Option<License>,
    pub new: Option<License>,
    /// As `secgov license` shows it: `Activity`, `at least Activity`, `none`, `undetermined`.
    pub old_label: String,
    pub new_label: String,
    /// The grants that decide the higher side's license: `Update on MenuItemDisplay SalesTable
    /// via SalesClerk > SalesOrderMaintain > SalesTableEdit`.
    pub because: Vec<String>,
}

impl LicenseChange {
    /// Whether NEW needs more than OLD.
    pub fn raised(&self) -> bool {
        self.new > self.old
    }

    /// `SalesClerk: Activity -> Operations, because of Update on MenuItemDisplay SalesTable via
    /// SalesClerk > SalesOrderMaintain > SalesTableEdit`.
    pub fn sentence(&self) -> String {
        let mut s = format!("{}: {} -> {}", self.role, self.old_label, self.new_label);
        if !self.because.is_empty() {
            let higher = if self.raised() {
                &self.new_label
            } else {
                &self.old_label
            };
            if self.raised() {
                s.push_str(", because of ");
            } else {
                s.push_str(&format!(", {higher} was needed for "));
            }
            s.push_str(&self.because.join("; "));
        }
        s
    }

    fn mirror(&mut self) {
        std::mem::swap(&mut self.old, &mut self.new);
        std::mem::swap(&mut self.old_label, &mut self.new_label);
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Counts for the summary line and the JSON `summary` object.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub added: usize,
    pub removed: usize,
    /// Objects with field changes of their own (containers of other changes are not counted).
    pub changed: usize,
    pub moved: usize,
    pub renamed: usize,
    pub access_gained: usize,
    pub access_lost: usize,
    pub deny_changed: usize,
    /// Roles whose license changed (`--access`); left out of JSON when none did.
    #[serde(skip_serializing_if = "is_zero")]
    pub license_changed: usize,
    pub respelled: usize,
}

impl Summary {
    /// True when there is nothing to report as a difference (respellings are not differences).
    pub fn is_same(&self) -> bool {
        self.added
            + self.removed
            + self.changed
            + self.moved
            + self.renamed
            + self.access_gained
            + self.access_lost
            + self.deny_changed
            + self.license_changed
            == 0
    }
}

/// Everything `secgov diff` found between OLD and NEW.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub changes: Vec<Change>,
    /// Present only when effective access was compared (`--access`).
    pub access: Option<Vec<AccessChange>>,
    /// Roles whose license changed; present only when effective access was compared.
    pub licenses: Option<Vec<LicenseChange>>,
    pub respelled: Vec<Respelled>,
}

impl Report {
    /// True when OLD and NEW are the same for every compared aspect.
    pub fn is_same(&self) -> bool {
        self.summary().is_same()
    }

    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            respelled: self.respelled.len(),
            ..Summary::default()
        };
        for c in self.changes.iter().flat_map(Change::walk) {
            match c.change {
                ChangeKind::Added => s.added += 1,
                ChangeKind::Removed => s.removed += 1,
                ChangeKind::Moved => s.moved += 1,
                ChangeKind::Renamed => s.renamed += 1,
                ChangeKind::Changed if !c.fields.is_empty() => s.changed += 1,
                ChangeKind::Changed => {}
            }
        }
        for a in self.access.iter().flatten() {
            match a.direction {
                AccessDirection::Gained => s.access_gained += 1,
                AccessDirection::Lost => s.access_lost += 1,
                AccessDirection::DenyChanged => s.deny_changed += 1,
            }
        }
        s.license_changed = self.licenses.as_ref().map_or(0, Vec::len);
        s
    }

    /// Puts everything in the report's one order (see [`super::order`]).
    pub fn sort(&mut self) {
        for c in &mut self.changes {
            c.sort();
        }
        super::order::changes(&mut self.changes);
        if let Some(access) = &mut self.access {
            super::order::access(access);
        }
        if let Some(licenses) = &mut self.licenses {
            super::order::licenses(licenses);
        }
        super::order::respelled(&mut self.respelled);
    }

    /// The report of the opposite comparison: added <-> removed, old <-> new, gained <-> lost.
    pub fn mirror(&self) -> Report {
        let mut r = self.clone();
        for c in &mut r.changes {
            c.mirror();
        }
        for a in r.access.iter_mut().flatten() {
            a.mirror();
        }
        for l in r.licenses.iter_mut().flatten() {
            l.mirror();
        }
        for n in &mut r.respelled {
            std::mem::swap(&mut n.old, &mut n.new);
        }
        r.sort();
        r
    }
}
