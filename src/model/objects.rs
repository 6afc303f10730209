//! The objects of the model: categories and their process trees, roles, duties, privileges,
//! extensions, disabled objects and role assignments.

use super::{ChildGrant, EntryPointExtras, FormGrant, Grant, Name, TableGrant};
use crate::span::{FileId, Span, Spanned};
use serde::Serialize;

/// An element the model does not interpret (`Forms`, `FormControlOverrides`, anything unknown),
/// kept with its position so that writers can copy it verbatim from the source text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verbatim {
    /// The element's local name, shared by the readers between elements of one name: a file of
    /// a million unknown elements holds each name once, not a million times.
    pub element: std::sync::Arc<str>,
    #[serde(skip)]
    pub span: Span,
    /// How many sibling elements of this name, one after the other, `span` covers. Lists that
    /// only JSON reads (see `dialect/usg.rs`) keep a run of unknown siblings as one entry, so
    /// that a million `<Bogus/>` cost one entry rather than a million; lists the writers copy
    /// from hold one element per entry (`count` 1).
    #[serde(skip)]
    pub count: u32,
}

impl Verbatim {
    /// One element.
    pub fn one(element: std::sync::Arc<str>, span: Span) -> Verbatim {
        Verbatim {
            element,
            span,
            count: 1,
        }
    }
}

/// A list of kept elements as JSON: a run counts as that many entries, so the output does not
/// depend on how the reader grouped them.
fn runs<S: serde::Serializer>(list: &[Verbatim], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let len = list.iter().map(|v| v.count as usize).sum();
    let mut seq = s.serialize_seq(Some(len))?;
    for v in list {
        for _ in 0..v.count {
            seq.serialize_element(v)?;
        }
    }
    seq.end()
}

/// Where a role, duty or privilege was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Origin {
    /// An AOT file of its own.
    Aot,
    /// The `SecurityConfiguration` of a backup's category (index into `Model::categories`).
    Backup { category: usize },
    /// A security configuration export's `CustomizedObjectList`.
    Customized,
    /// A security configuration export's `NewObjectList`.
    New,
}

/// A security category with its process hierarchy.
#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub file: FileId,
    #[serde(skip)]
    pub span: Span,
    pub name: Name,
    pub description: Option<Spanned<String>>,
    pub company: Option<Spanned<String>>,
    pub owner: Option<Spanned<String>>,
    /// `None` when the category has no `ProcessHierarchy` element.
    pub hierarchy: Option<Hierarchy>,
    /// Span of the `SecurityConfiguration` element, when present; its objects are in the model's
    /// role, duty and privilege lists with `Origin::Backup`.
    #[serde(skip)]
    pub configuration: Option<Span>,
    /// Span of the `RoleAssignments` element, when present.
    #[serde(skip)]
    pub assignments: Option<Span>,
    #[serde(serialize_with = "runs")]
    pub unknown: Vec<Verbatim>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hierarchy {
    #[serde(skip)]
    pub span: Span,
    pub processes: Vec<Process>,
}

/// A process of the hierarchy; processes nest to any depth.
#[derive(Debug, Clone, Serialize)]
pub struct Process {
    #[serde(skip)]
    pub span: Span,
    pub name: Name,
    pub description: Option<Spanned<String>>,
    pub version: Option<Spanned<String>>,
    /// A role created at this level of the hierarchy.
    pub role: Option<Name>,
    pub processes: Vec<Process>,
    pub tasks: Vec<Task>,
    #[serde(serialize_with = "runs")]
    pub unknown: Vec<Verbatim>,
}

impl Process {
    /// This process and every process below it, depth first.
    pub fn walk(&self) -> Vec<&Process> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(p) = stack.pop() {
            out.push(p);
            stack.extend(p.processes.iter().rev());
        }
        out
    }

    pub fn task_count(&self) -> usize {
        self.walk().iter().map(|p| p.tasks.len()).sum()
    }

    pub(crate) fn entry_point_count(&self) -> usize {
        self.walk()
            .iter()
            .flat_map(|p| &p.tasks)
            .map(|t| t.entry_points.len())
            .sum()
    }
}

/// A security task: a set of entry points, normally with one duty.
#[derive(Debug, Clone, Serialize)]
pub struct Task {
    #[serde(skip)]
    pub span: Span,
    pub name: Name,
    pub description: Option<Spanned<String>>,
    pub duty: Option<Name>,
    /// By default the duty's name (creating a duty also creates a privilege of that name).
    pub privilege: Option<Name>,
    pub entry_points: Vec<EntryPoint>,
    #[serde(serialize_with = "runs")]
    pub unknown: Vec<Verbatim>,
}

/// A securable object and the permissions granted on it.
#[derive(Debug, Clone, Serialize)]
pub struct EntryPoint {
    #[serde(skip)]
    pub span: Span,
    /// The reference's own name (AOT); USG entry points have none.
    pub name: Option<Name>,
    pub object_name: Name,
    /// As written: MenuItemDisplay, MenuItemAction, ... (see [`ObjectType`]).
    pub object_type: Spanned<String>,
    /// A child such as a service operation method (`ObjectChildName` in AOT, `ChildName` in USG).
    pub child_name: Option<Name>,
    pub grant: Grant,
    /// AOT `GrantCurrentData`: permissions limited to the current data (seen in real files
    /// instead of, or beside, `Grant`). Boxed: rare, and the entry points of a large backup are
    /// millions.
    pub grant_current_data: Option<Box<Grant>>,
    /// AOT `GrantPastData`, `GrantFutureData` and `Forms` (controls, data sources), when any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extras: Option<Box<EntryPointExtras>>,
    #[serde(serialize_with = "runs")]
    pub unknown: Vec<Verbatim>,
}

impl EntryPoint {
    /// True when neither `Grant` nor `GrantCurrentData` allows or denies anything.
    pub(crate) fn grants_nothing(&self) -> bool {
        self.grant.is_empty()
            && self
                .grant_current_data
                .as_deref()
                .is_none_or(Grant::is_empty)
            && self.extras.as_deref().is_none_or(|x| {
                x.grant_past_data.as_ref().is_none_or(Grant::is_empty)
                    && x.grant_future_data.as_ref().is_none_or(Grant::is_empty)
                    && x.forms.iter().all(|f| {
                        f.controls.iter().all(|c| c.grant.is_empty())
                            && f.data_sources.iter().all(|d| {
                                d.grant.is_empty() && d.fields.iter().all(|f| f.grant.is_empty())
                            })
                    })
            })
    }

    /// Identity for comparison: object type, object name and child, case-insensitive.
    pub fn key(&self) -> String {
        let child = self.child_name.as_ref().map_or("", |c| c.value.trim());
        crate::span::joined_key(&[
            &self.object_type.value,
            self.object_name.value.trim(),
            child,
        ])
    }
}

/// What roles, duties and privileges have in common: where they were read, their name and the
/// texts shown for them. Flattened into each, so the JSON model keeps its keys and their order.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    pub file: FileId,
    #[serde(skip)]
    pub span: Span,
    pub origin: Origin,
    pub name: Name,
    pub label: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
}

/// Roles, duties and privileges read as their header (`role.name`, `duty.origin`), so that code
/// about any of the three takes a `&Header` (or `T: Deref<Target = Header>`) instead of three
/// copies.
macro_rules! deref_header {
    ($($kind:ty),*) => {$(
        impl std::ops::Deref for $kind {
            type Target = Header;
            fn deref(&self) -> &Header {
                &self.header
            }
        }

        impl std::ops::DerefMut for $kind {
            fn deref_mut(&mut self) -> &mut Header {
                &mut self.header
            }
        }
    )*};
}
deref_header!(Role, Duty, Privilege);

/// A security role.
#[derive(Debug, Clone, Serialize)]
pub struct Role {
    #[serde(flatten)]
    pub header: Header,
    pub duties: Vec<Name>,
    pub privileges: Vec<Name>,
    pub sub_roles: Vec<Name>,
    /// `DirectAccessPermissions` granted on the role itself.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub direct_access: Vec<TableGrant>,
    #[serde(serialize_with = "runs")]
    pub unknown: Vec<Verbatim>,
}

/// A security duty: a set of privileges.
#[derive(Debug, Clone, Serialize)]
pub struct Duty {
    #[serde(flatten)]
    pub header: Header,
    pub privileges: Vec<Name>,
    #[serde(serialize_with = "runs")]
    pub unknown: Vec<Verbatim>,
}

/// A security privilege: entry points and data entity permissions.
#[derive(Debug, Clone, Serialize)]
pub struct Privilege {
    #[serde(flatten)]
    pub header: Header,
    pub entry_points: Vec<EntryPoint>,
    pub data_entities: Vec<DataEntityPermission>,
    /// `DirectAccessPermissions`: tables and views.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub direct_access: Vec<TableGrant>,
    /// `FormControlOverrides`: grants on form controls outside any entry point.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub form_control_overrides: Vec<FormGrant>,
    #[serde(serialize_with = "runs")]
    pub unknown: Vec<Verbatim>,
}

/// A grant on a data entity (`AxSecurityDataEntityPermission`).
#[derive(Debug, Clone, Serialize)]
pub struct DataEntityPermission {
    #[serde(skip)]
    pub span: Span,
    pub name: Name,
    pub grant: Grant,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<ChildGrant>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub methods: Vec<ChildGrant>,
    #[serde(serialize_with = "runs")]
    pub unknown: Vec<Verbatim>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExtensionKind {
    Role,
    Duty,
}

/// An `AxSecurityRoleExtension` or `AxSecurityDutyExtension`: adds to the base object named before
/// the first dot of its name.
#[derive(Debug, Clone, Serialize)]
pub struct Extension {
    pub file: FileId,
    #[serde(skip)]
    pub span: Span,
    pub kind: ExtensionKind,
    pub name: Name,
    /// The base object's name (the part of `name` before the first dot).
    pub base: String,
    pub duties: Vec<Name>,
    pub privileges: Vec<Name>,
    pub sub_roles: Vec<Name>,
    /// Role extensions' `DirectAccessPermissions`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub direct_access: Vec<TableGrant>,
    #[serde(serialize_with = "runs")]
    pub unknown: Vec<Verbatim>,
}

/// Kinds of object a security configuration export lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObjectKind {
    Role,
    Duty,
    Privilege,
}

/// A name in a security configuration export's `DisabledObjectSet`.
#[derive(Debug, Clone, Serialize)]
pub struct DisabledObject {
    pub file: FileId,
    pub kind: ObjectKind,
    pub name: Name,
}

/// A (possibly temporary) assignment of a role to a user, carried in a backup.
#[derive(Debug, Clone, Serialize)]
pub struct RoleAssignment {
    pub file: FileId,
    #[serde(skip)]
    pub span: Span,
    /// Index into `Model::categories`.
    pub category: usize,
    pub role: Name,
    pub user: Name,
    pub valid_from: Option<Spanned<String>>,
    pub valid_to: Option<Spanned<String>>,
}
