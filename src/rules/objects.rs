//! Roles, duties and privileges as rules see any of them: with their kind, how findings name
//! that kind, and the names a role or an extension references. The model keeps the three in
//! lists of their own types; rules that treat them alike walk them here.

use super::Context;
use crate::model::names::{Key, KeySet};
use crate::model::{Duty, Name, ObjectKind, Origin, Privilege, Role};
use crate::span::FileId;

impl<'m> Context<'m> {
    /// Every role, duty and privilege of the model (not the implied ones), in that order.
    pub fn objects(&self) -> impl Iterator<Item = ObjectAt<'m>> + '_ {
        let m = self.model;
        let all = m.roles.iter().map(|o| ObjectAt::of(ObjectKind::Role, o));
        all.chain(m.duties.iter().map(|o| ObjectAt::of(ObjectKind::Duty, o)))
            .chain(
                m.privileges
                    .iter()
                    .map(|o| ObjectAt::of(ObjectKind::Privilege, o)),
            )
    }
}

/// What rules ask of any role, duty or privilege, whichever it is.
pub trait Object {
    fn file(&self) -> FileId;
    fn name(&self) -> &Name;
    fn origin(&self) -> Origin;
}

macro_rules! object {
    ($($t:ty),*) => {$(
        impl Object for $t {
            fn file(&self) -> FileId {
                self.file
            }
            fn name(&self) -> &Name {
                &self.name
            }
            fn origin(&self) -> Origin {
                self.origin
            }
        }
    )*};
}
object!(Role, Duty, Privilege);

/// A role, duty or privilege of the model with its kind.
#[derive(Clone, Copy)]
pub struct ObjectAt<'m> {
    pub kind: ObjectKind,
    pub file: FileId,
    pub origin: Origin,
    pub name: &'m Name,
}

impl<'m> ObjectAt<'m> {
    fn of(kind: ObjectKind, o: &'m impl Object) -> Self {
        ObjectAt {
            kind,
            file: o.file(),
            origin: o.origin(),
            name: o.name(),
        }
    }
}

/// How findings name a kind of object: the word in messages and the AOT element.
pub trait KindNames {
    /// `role`, `duty`, `privilege`.
    fn word(self) -> &'static str;
    /// `AxSecurityRole` and the like.
    fn element(self) -> &'static str;
}

impl KindNames for ObjectKind {
    fn word(self) -> &'static str {
        match self {
            ObjectKind::Role => "role",
            ObjectKind::Duty => "duty",
            ObjectKind::Privilege => "privilege",
        }
    }

    fn element(self) -> &'static str {
        match self {
            ObjectKind::Role => "AxSecurityRole",
            ObjectKind::Duty => "AxSecurityDuty",
            ObjectKind::Privilege => "AxSecurityPrivilege",
        }
    }
}

/// The names a role or an extension references: duties, then privileges, then sub-roles, each
/// with the kind of object it names.
pub fn references<'m>(
    duties: &'m [Name],
    privileges: &'m [Name],
    sub_roles: &'m [Name],
) -> impl Iterator<Item = (ObjectKind, &'m Name)> {
    let duties = duties.iter().map(|n| (ObjectKind::Duty, n));
    duties
        .chain(privileges.iter().map(|n| (ObjectKind::Privilege, n)))
        .chain(sub_roles.iter().map(|n| (ObjectKind::Role, n)))
}

/// The names of `explicit` objects and of the `implied` ones in a file `in_target` holds.
pub(super) fn defined<'m, T: Object>(
    explicit: &'m [T],
    implied: &'m [T],
    in_target: impl Fn(FileId) -> bool,
) -> KeySet<'m> {
    let implied = implied.iter().filter(|o| in_target(o.file()));
    explicit
        .iter()
        .chain(implied)
        .map(|o| Key(&o.name().value))
        .collect()
}
