//! The typed security model that every command works on, read from any of the three dialects.
//!
//! Every value carries its `Span`; every top-level object carries the `FileId` it came from.
//! Names keep their spelling; compare them with [`crate::span::name_key`] (case-insensitive).

mod access;
pub mod effective;
mod grants;
pub mod implied;
mod index;
mod legacy_type;
mod menu_item;
pub(crate) mod names;
mod objects;
mod securable;

pub use access::{Access, Grant, Permission, RawValue};
pub use effective::{AccessEntry, Engine, HeldDuty, RoleAccess, Source, Step, StepKind, Via};
pub use grants::*;
pub use implied::{Implied, implied_security};
pub use legacy_type::LegacyType;
pub use menu_item::{MenuItem, MenuItemKind};
pub use objects::*;
pub use securable::*;

use crate::source::SourceFile;
use crate::span::{FileId, Span, Spanned};
use serde::Serialize;
use std::collections::HashMap;

/// A name as written in the file.
pub type Name = Spanned<String>;

/// Which XML dialect a file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dialect {
    /// Security category backup from User security governance ("Backup as XML").
    UsgBackup,
    /// AOT security metadata: one role, duty, privilege or extension per file.
    Aot,
    /// Security configuration export, `SecurityDatabaseCustomizations.xml`.
    SecurityConfiguration,
    /// secgov's reference catalog (`secgov catalog build`, docs/catalog.md).
    Catalog,
}

impl Dialect {
    pub fn label(self) -> &'static str {
        match self {
            Dialect::UsgBackup => "USG security category backup",
            Dialect::Aot => "AOT security metadata",
            Dialect::SecurityConfiguration => "security configuration export",
            Dialect::Catalog => "secgov reference catalog",
        }
    }

    /// The label with its article, for sentences ("an AOT security metadata file").
    pub fn a_label(self) -> String {
        match self {
            Dialect::Aot => "an AOT security metadata file".to_owned(),
            other => format!("a {}", other.label()),
        }
    }
}

/// The Type of a USG backup, as chosen on Backup as XML and again on Restore from XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, strum::IntoStaticStr)]
pub enum BackupType {
    UserSecurityGovernance,
    SecurityConfiguration,
    GovernanceAndConfiguration,
}

impl BackupType {
    pub const ALL: [BackupType; 3] = [
        BackupType::UserSecurityGovernance,
        BackupType::SecurityConfiguration,
        BackupType::GovernanceAndConfiguration,
    ];

    /// The spelling in the file's `Type` attribute.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The spelling in the Dynamics 365 dialog.
    pub fn ui_label(self) -> &'static str {
        match self {
            BackupType::UserSecurityGovernance => "User security governance",
            BackupType::SecurityConfiguration => "Security configuration",
            BackupType::GovernanceAndConfiguration => "Governance + configuration",
        }
    }

    /// Accepts the file spelling case-insensitively, kebab-case aliases and the UI labels.
    pub fn parse(s: &str) -> Option<BackupType> {
        match squashed(s)?.as_str() {
            "usersecuritygovernance" | "governance" | "usg" => {
                Some(BackupType::UserSecurityGovernance)
            }
            "securityconfiguration" | "configuration" => Some(BackupType::SecurityConfiguration),
            "governanceandconfiguration" | "governanceconfiguration" | "both" => {
                Some(BackupType::GovernanceAndConfiguration)
            }
            _ => None,
        }
    }

    pub fn has_hierarchy(self) -> bool {
        self != BackupType::SecurityConfiguration
    }

    pub(crate) fn has_configuration(self) -> bool {
        self != BackupType::UserSecurityGovernance
    }

    /// The Type that fits content with or without a hierarchy and security configuration.
    pub(crate) fn infer(hierarchy: bool, configuration: bool) -> BackupType {
        match (hierarchy, configuration) {
            (true, true) => BackupType::GovernanceAndConfiguration,
            (false, true) => BackupType::SecurityConfiguration,
            _ => BackupType::UserSecurityGovernance,
        }
    }
}

/// A Type as compared with the accepted spellings: letters and digits only, lower-case. `None`
/// past 64 bytes: the longest spelling is 28 letters, and a hostile 50 MiB value is none.
fn squashed(s: &str) -> Option<String> {
    if s.len() > 64 {
        return None;
    }
    let letters: String = s.chars().filter(|c| c.is_alphanumeric()).collect();
    Some(letters.to_lowercase())
}

/// What one input file turned out to be.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub file: FileId,
    pub dialect: Dialect,
    /// The root element's name and span.
    pub root: Name,
    /// USG only: the `Type` attribute as written.
    pub declared_type: Option<Spanned<String>>,
    /// USG only: the Type that the content implies.
    pub inferred_type: Option<BackupType>,
    pub schema_version: Option<Spanned<String>>,
}

/// Everything read in one run: files, and the objects found in them.
#[derive(Debug, Default, Serialize)]
pub struct Model {
    #[serde(skip)]
    pub files: Vec<SourceFile>,
    pub documents: Vec<Document>,
    pub categories: Vec<Category>,
    pub roles: Vec<Role>,
    pub duties: Vec<Duty>,
    pub privileges: Vec<Privilege>,
    pub role_extensions: Vec<Extension>,
    pub duty_extensions: Vec<Extension>,
    /// Names in a security configuration export's `DisabledObjectSet`.
    pub disabled: Vec<DisabledObject>,
    pub role_assignments: Vec<RoleAssignment>,
    /// Menu items' license properties (AxMenuItem* files, a reference catalog).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub menu_items: Vec<MenuItem>,
    /// Name lookups, built on the first `find_*` (see `index.rs`).
    #[serde(skip)]
    pub(crate) index: std::sync::OnceLock<index::NameIndex>,
}

impl Model {
    /// Appends `part`, read on its own (a file, or some categories of a large backup): category
    /// indices in origins shift by the categories already there.
    pub(crate) fn append(&mut self, part: Model) {
        let base = self.categories.len();
        let shift = |o: Origin| match o {
            Origin::Backup { category } => Origin::Backup {
                category: category + base,
            },
            other => other,
        };
        self.documents.extend(part.documents);
        self.categories.extend(part.categories);
        shifted(&mut self.roles, part.roles, shift);
        shifted(&mut self.duties, part.duties, shift);
        shifted(&mut self.privileges, part.privileges, shift);
        self.role_extensions.extend(part.role_extensions);
        self.duty_extensions.extend(part.duty_extensions);
        self.disabled.extend(part.disabled);
        self.role_assignments
            .extend(part.role_assignments.into_iter().map(|mut a| {
                a.category += base;
                a
            }));
        self.menu_items.extend(part.menu_items);
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    /// The document (dialect, Type) read from a file, if it was read at all.
    pub fn document(&self, file: FileId) -> Option<&Document> {
        self.documents.iter().find(|d| d.file == file)
    }

    /// The index when it still fits the model; `None` sends callers to the linear scan.
    fn name_index(&self) -> Option<&index::NameIndex> {
        let index = self.index.get_or_init(|| index::NameIndex::build(self));
        index.fits(self).then_some(index)
    }

    pub fn find_role(&self, name: &str) -> Option<&Role> {
        self.find(&self.roles, |index| &index.roles, name)
    }

    pub fn find_duty(&self, name: &str) -> Option<&Duty> {
        self.find(&self.duties, |index| &index.duties, name)
    }

    pub fn find_privilege(&self, name: &str) -> Option<&Privilege> {
        self.find(&self.privileges, |index| &index.privileges, name)
    }

    /// The first of `all` named `name` (case-insensitive): the index's hit for that list when it
    /// still has that name, otherwise a linear scan.
    fn find<'m, T: std::ops::Deref<Target = Header>>(
        &'m self,
        all: &'m [T],
        list: impl Fn(&index::NameIndex) -> &HashMap<String, usize>,
        name: &str,
    ) -> Option<&'m T> {
        let key = crate::span::name_key(name);
        if let Some(index) = self.name_index() {
            match list(index).get(&key).map(|&i| &all[i]) {
                Some(o) if index::has_key(&o.name.value, &key) => return Some(o),
                None => return None,
                Some(_) => {}
            }
        }
        all.iter().find(|o| o.name.key() == key)
    }

    /// Extensions of the role named `name` (case-insensitive).
    pub(crate) fn extensions_of_role<'m>(
        &'m self,
        name: &str,
    ) -> impl Iterator<Item = &'m Extension> + 'm {
        self.extensions_of(&self.role_extensions, |index| &index.role_extensions, name)
    }

    /// Extensions of the duty named `name` (case-insensitive).
    pub(crate) fn extensions_of_duty<'m>(
        &'m self,
        name: &str,
    ) -> impl Iterator<Item = &'m Extension> + 'm {
        self.extensions_of(&self.duty_extensions, |index| &index.duty_extensions, name)
    }

    /// The extensions of `all` whose base is `name`, through that list's entries in the index.
    fn extensions_of<'m>(
        &'m self,
        all: &'m [Extension],
        list: impl Fn(&index::NameIndex) -> &HashMap<String, Vec<usize>>,
        name: &str,
    ) -> Box<dyn Iterator<Item = &'m Extension> + 'm> {
        let key = crate::span::name_key(name);
        let hits = self
            .name_index()
            .map(|index| list(index).get(&key).map(Vec::as_slice));
        extensions_by(all, hits, key)
    }

    /// The source text of an object or element, exactly as it stands in its file.
    pub fn raw(&self, file: FileId, span: Span) -> &str {
        self.files[file].slice(span)
    }
}

/// Appends `part` to `all`, each object's origin passed through `shift`.
fn shifted<T: std::ops::DerefMut<Target = Header>>(
    all: &mut Vec<T>,
    part: Vec<T>,
    shift: impl Fn(Origin) -> Origin,
) {
    all.extend(part.into_iter().map(|mut o| {
        o.origin = shift(o.origin);
        o
    }));
}

/// The extensions whose base has `key`: the index's hits when every one still has that base
/// (`hits` is `None` when the index does not fit, `Some(None)` when it knows no such base),
/// otherwise a linear scan.
fn extensions_by<'m>(
    all: &'m [Extension],
    hits: Option<Option<&'m [usize]>>,
    key: String,
) -> Box<dyn Iterator<Item = &'m Extension> + 'm> {
    match hits {
        Some(None) => Box::new(std::iter::empty()),
        Some(Some(hits)) if hits.iter().all(|&i| index::has_key(&all[i].base, &key)) => {
            Box::new(hits.iter().map(move |&i| &all[i]))
        }
        _ => Box::new(
            all.iter()
                .filter(move |e| crate::span::name_key(&e.base) == key),
        ),
    }
}
