//! The securable types and where each is granted, loaded from `schema/securables.toml`.
//!
//! The TOML is compiled in and covered by tests, so the list is one declarative place: readers
//! check an entry point's `ObjectType` against it, and the access engine labels grants with it.

use serde::Deserialize;
use std::sync::LazyLock;

const SOURCE: &str = include_str!("../../schema/securables.toml");

/// Where the platform grants a securable type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    EntryPoint,
    DirectAccess,
    TableField,
    DataEntity,
    DataEntityField,
    DataEntityMethod,
    Form,
    FormControl,
    FormDataSource,
}

/// One securable type.
#[derive(Debug, Clone, Deserialize)]
pub struct SecurableType {
    pub name: String,
    pub place: Place,
    /// The element that grants it, for the help of a misplaced type.
    #[serde(default)]
    pub element: Option<String>,
    /// Also accepted as an entry point's `ObjectType` (a USG task has no other place for it).
    #[serde(default)]
    pub also_entry_point: bool,
}

#[derive(Deserialize)]
struct Raw {
    #[serde(rename = "type")]
    types: Vec<SecurableType>,
}

/// Every securable type, in the file's order.
pub static SECURABLE_TYPES: LazyLock<Vec<SecurableType>> = LazyLock::new(|| {
    toml::from_str::<Raw>(SOURCE)
        .map(|r| r.types)
        .expect("schema/securables.toml is valid (tested)")
});

/// Types accepted as an entry point's `ObjectType`, in the file's order.
pub static OBJECT_TYPES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    SECURABLE_TYPES
        .iter()
        .filter(|t| t.place == Place::EntryPoint || t.also_entry_point)
        .map(|t| t.name.as_str())
        .collect()
});

/// The type spelled exactly `name`.
pub fn securable_type(name: &str) -> Option<&'static SecurableType> {
    SECURABLE_TYPES.iter().find(|t| t.name == name)
}

/// The type spelled `name` in any case.
pub(crate) fn securable_type_ignoring_case(name: &str) -> Option<&'static SecurableType> {
    let name = name.trim();
    SECURABLE_TYPES
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(name))
}

/// Whether `t` may be an entry point's `ObjectType`.
pub(crate) fn is_entry_point_type(t: &SecurableType) -> bool {
    t.place == Place::EntryPoint || t.also_entry_point
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vocabulary_loads_and_names_are_unique() {
        let mut names: Vec<_> = SECURABLE_TYPES.iter().map(|t| t.name.as_str()).collect();
        assert!(names.len() > 10);
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), SECURABLE_TYPES.len());
        assert_eq!(
            &OBJECT_TYPES[..6],
            [
                "MenuItemDisplay",
                "MenuItemAction",
                "MenuItemOutput",
                "WebContentItem",
                "ServiceOperation",
                "DataEntity"
            ]
        );
        for t in SECURABLE_TYPES.iter() {
            assert!(
                t.place == Place::EntryPoint || t.element.is_some(),
                "{} needs an element for its help",
                t.name
            );
        }
        assert_eq!(securable_type("Table").unwrap().place, Place::DirectAccess);
    }
}
