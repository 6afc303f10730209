//! What to compare: fields to ignore, parts to compare (`--only`), one category, renames and
//! effective access.

use crate::span::name_key;

/// A field that `--ignore` can leave out of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Description,
    Label,
    Company,
    Owner,
    Version,
    /// The role created at a process level.
    Role,
    /// The duty of a task.
    Duty,
    /// The privilege of a task.
    Privilege,
    /// An AOT entry point reference's own `Name` (USG entry points have none).
    ReferenceName,
    /// AOT `GrantCurrentData` permissions.
    GrantCurrentData,
    /// Role assignments' `ValidFrom` and `ValidTo`.
    Validity,
}

impl Field {
    pub const ALL: [Field; 11] = [
        Field::Description,
        Field::Label,
        Field::Company,
        Field::Owner,
        Field::Version,
        Field::Role,
        Field::Duty,
        Field::Privilege,
        Field::ReferenceName,
        Field::GrantCurrentData,
        Field::Validity,
    ];

    /// The spelling on the command line and in the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Description => "description",
            Field::Label => "label",
            Field::Company => "company",
            Field::Owner => "owner",
            Field::Version => "version",
            Field::Role => "role",
            Field::Duty => "duty",
            Field::Privilege => "privilege",
            Field::ReferenceName => "reference-name",
            Field::GrantCurrentData => "grant-current-data",
            Field::Validity => "validity",
        }
    }

    pub fn parse(s: &str) -> Option<Field> {
        let key = name_key(s).replace('_', "-");
        Field::ALL.into_iter().find(|f| f.as_str() == key)
    }
}

/// A part of the security model that `--only` can restrict the comparison to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// Roles, role extensions, disabled roles, and effective access.
    Roles,
    /// Duties, duty extensions, disabled duties.
    Duties,
    /// Privileges with their entry points and data entity permissions, disabled privileges.
    Privileges,
    /// Categories with their processes, tasks, entry points and role assignments.
    Hierarchy,
}

impl Part {
    pub const ALL: [Part; 4] = [Part::Roles, Part::Duties, Part::Privileges, Part::Hierarchy];

    pub fn as_str(self) -> &'static str {
        match self {
            Part::Roles => "roles",
            Part::Duties => "duties",
            Part::Privileges => "privileges",
            Part::Hierarchy => "hierarchy",
        }
    }

    pub fn parse(s: &str) -> Option<Part> {
        let key = name_key(s);
        Part::ALL.into_iter().find(|p| p.as_str() == key)
    }
}

/// Options of one comparison.
#[derive(Debug, Clone)]
pub struct DiffOptions {
    /// Pair a removed and an added object with the same content as one rename.
    pub renames: bool,
    /// Compare each role's effective access.
    pub access: bool,
    pub ignore: Vec<Field>,
    /// Compare only these parts; empty means everything.
    pub only: Vec<Part>,
    /// Compare only this category (by name, case-insensitive) and the security configuration it
    /// carries; objects not read from a backup category are left out.
    pub category: Option<String>,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            renames: true,
            access: false,
            ignore: Vec::new(),
            only: Vec::new(),
            category: None,
        }
    }
}

impl DiffOptions {
    pub(crate) fn compares(&self, field: Field) -> bool {
        !self.ignore.contains(&field)
    }

    pub(crate) fn includes(&self, part: Part) -> bool {
        self.only.is_empty() || self.only.contains(&part)
    }
}
