//! The USG backup's element and attribute names, loaded from `schema/usg-backup.toml`.
//!
//! Code refers to elements by [`El`]; the spelling in files comes only from the TOML file, which
//! is compiled in. A test checks that every `El` has an entry and the TOML parses.

use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

const SOURCE: &str = include_str!("../schema/usg-backup.toml");

/// Semantic keys of the USG backup's elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum El {
    Backup,
    Category,
    Hierarchy,
    Process,
    Task,
    EntryPoints,
    EntryPoint,
    Grant,
    Configuration,
    Assignments,
    Assignment,
    Name,
    Description,
    Company,
    Owner,
    Version,
    Role,
    Duty,
    Privilege,
    ObjectName,
    ObjectType,
    ChildName,
    User,
    ValidFrom,
    ValidTo,
    Read,
    Update,
    Create,
    Correct,
    Delete,
    Invoke,
}

impl El {
    pub const ALL: [El; 31] = [
        El::Backup,
        El::Category,
        El::Hierarchy,
        El::Process,
        El::Task,
        El::EntryPoints,
        El::EntryPoint,
        El::Grant,
        El::Configuration,
        El::Assignments,
        El::Assignment,
        El::Name,
        El::Description,
        El::Company,
        El::Owner,
        El::Version,
        El::Role,
        El::Duty,
        El::Privilege,
        El::ObjectName,
        El::ObjectType,
        El::ChildName,
        El::User,
        El::ValidFrom,
        El::ValidTo,
        El::Read,
        El::Update,
        El::Create,
        El::Correct,
        El::Delete,
        El::Invoke,
    ];

    /// The key used in the TOML file.
    pub fn key(self) -> &'static str {
        match self {
            El::Backup => "backup",
            El::Category => "category",
            El::Hierarchy => "hierarchy",
            El::Process => "process",
            El::Task => "task",
            El::EntryPoints => "entry_points",
            El::EntryPoint => "entry_point",
            El::Grant => "grant",
            El::Configuration => "configuration",
            El::Assignments => "assignments",
            El::Assignment => "assignment",
            El::Name => "name",
            El::Description => "description",
            El::Company => "company",
            El::Owner => "owner",
            El::Version => "version",
            El::Role => "role",
            El::Duty => "duty",
            El::Privilege => "privilege",
            El::ObjectName => "object_name",
            El::ObjectType => "object_type",
            El::ChildName => "child_name",
            El::User => "user",
            El::ValidFrom => "valid_from",
            El::ValidTo => "valid_to",
            El::Read => "read",
            El::Update => "update",
            El::Create => "create",
            El::Correct => "correct",
            El::Delete => "delete",
            El::Invoke => "invoke",
        }
    }

    fn from_key(key: &str) -> Option<El> {
        El::ALL.into_iter().find(|e| e.key() == key)
    }
}

/// One allowed child of an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Child {
    pub el: El,
    pub required: bool,
    pub repeats: bool,
}

/// An element's declaration.
#[derive(Debug, Clone)]
pub struct Element {
    pub tag: String,
    pub children: Vec<Child>,
    pub text: bool,
    /// Holds AOT-shaped objects rather than USG elements.
    pub aot: bool,
    pub values: Vec<String>,
    /// Attribute key -> spelling.
    pub attributes: Vec<(String, String)>,
}

/// The loaded names.
#[derive(Debug)]
pub struct Schema {
    pub root: El,
    /// Indexed by `El as usize` (every `El` has an entry): looked up for every element read, so
    /// no hashing.
    elements: Vec<Element>,
}

#[derive(Deserialize)]
struct RawSchema {
    root: String,
    elements: HashMap<String, RawElement>,
}

#[derive(Deserialize)]
struct RawElement {
    tag: String,
    #[serde(default)]
    children: Vec<String>,
    #[serde(default)]
    text: bool,
    #[serde(default)]
    aot: bool,
    #[serde(default)]
    values: Vec<String>,
    #[serde(default)]
    attributes: std::collections::BTreeMap<String, String>,
}

impl Schema {
    /// The compiled-in schema. The TOML is part of the binary and covered by tests, so a failure
    /// to load it is a build defect, not an input problem.
    pub fn get() -> &'static Schema {
        static SCHEMA: OnceLock<Schema> = OnceLock::new();
        SCHEMA
            .get_or_init(|| Schema::load(SOURCE).expect("schema/usg-backup.toml is valid (tested)"))
    }

    fn load(source: &str) -> Result<Schema, String> {
        let raw: RawSchema = toml::from_str(source).map_err(|e| e.to_string())?;
        let lookup = |k: &str| El::from_key(k).ok_or_else(|| format!("unknown element key `{k}`"));
        let mut elements = HashMap::new();
        for (key, e) in raw.elements {
            let children = e
                .children
                .iter()
                .map(|c| {
                    let name = c.trim_end_matches(['!', '*']);
                    Ok(Child {
                        el: lookup(name)?,
                        required: c.ends_with('!'),
                        repeats: c.ends_with('*'),
                    })
                })
                .collect::<Result<Vec<_>, String>>()?;
            let element = Element {
                tag: e.tag,
                children,
                text: e.text,
                aot: e.aot,
                values: e.values,
                attributes: e.attributes.into_iter().collect(),
            };
            elements.insert(lookup(&key)?, element);
        }
        let mut by_el = Vec::with_capacity(El::ALL.len());
        for el in El::ALL {
            match elements.remove(&el) {
                Some(e) => by_el.push(e),
                None => return Err(format!("no entry for `{}`", el.key())),
            }
        }
        Ok(Schema {
            root: lookup(&raw.root)?,
            elements: by_el,
        })
    }

    pub fn element(&self, el: El) -> &Element {
        &self.elements[el as usize]
    }

    /// The spelling of an element in files.
    pub fn tag(&self, el: El) -> &str {
        &self.element(el).tag
    }

    /// The spelling of an attribute of an element (`key` as in the TOML file).
    pub fn attribute(&self, el: El, key: &str) -> Option<&str> {
        self.element(el)
            .attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The child of `parent` spelled `tag`, if it is allowed there.
    pub fn child(&self, parent: El, tag: &str) -> Option<Child> {
        self.element(parent)
            .children
            .iter()
            .copied()
            .find(|c| self.tag(c.el) == tag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_in_schema_loads_and_covers_every_element() {
        let s = Schema::get();
        assert_eq!(s.tag(s.root), "SecurityCategoryBackup");
        assert_eq!(s.attribute(El::Backup, "type"), Some("Type"));
        assert!(s.child(El::Category, "Name").unwrap().required);
        assert!(s.child(El::Process, "Process").unwrap().repeats);
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let err = Schema::load("root = \"backup\"\n[elements.nope]\ntag = \"X\"\n").unwrap_err();
        assert!(err.contains("nope"));
    }
}
