//! A name index for `Model` lookups, built lazily on the first lookup.
//!
//! Rules and effective access look names up once per reference, so a linear scan per lookup
//! made them quadratic in the size of the backup. The index is built once (`OnceLock`, so
//! `&Model` stays shareable across threads) and guards itself against a model changed after it
//! was built: it records the vector lengths it saw, and a hit is confirmed against the object's
//! current name. When either check fails the caller falls back to the linear scan, so answers
//! never depend on whether the index exists. (A miss is trusted while the lengths match: code
//! that renames objects in place does it before the first lookup, or resets `Model::index`.)

use super::Model;
use crate::span::name_key;
use std::collections::HashMap;

#[derive(Debug, Default)]
pub(crate) struct NameIndex {
    /// Lengths of roles, duties, privileges, role and duty extensions when built.
    lens: [usize; 5],
    /// First object (model order) with each key, as `find_*` returns the first match.
    pub roles: HashMap<String, usize>,
    pub duties: HashMap<String, usize>,
    pub privileges: HashMap<String, usize>,
    /// Every extension of each base name, in model order.
    pub role_extensions: HashMap<String, Vec<usize>>,
    pub duty_extensions: HashMap<String, Vec<usize>>,
}

fn lens(model: &Model) -> [usize; 5] {
    [
        model.roles.len(),
        model.duties.len(),
        model.privileges.len(),
        model.role_extensions.len(),
        model.duty_extensions.len(),
    ]
}

fn first_by_key<'a>(names: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    for (i, name) in names.enumerate() {
        map.entry(name_key(name)).or_insert(i);
    }
    map
}

fn all_by_key<'a>(names: impl Iterator<Item = &'a str>) -> HashMap<String, Vec<usize>> {
    let mut map: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, name) in names.enumerate() {
        map.entry(name_key(name)).or_default().push(i);
    }
    map
}

impl NameIndex {
    pub fn build(model: &Model) -> NameIndex {
        NameIndex {
            lens: lens(model),
            roles: first_by_key(model.roles.iter().map(|r| r.name.value.as_str())),
            duties: first_by_key(model.duties.iter().map(|d| d.name.value.as_str())),
            privileges: first_by_key(model.privileges.iter().map(|p| p.name.value.as_str())),
            role_extensions: all_by_key(model.role_extensions.iter().map(|e| e.base.as_str())),
            duty_extensions: all_by_key(model.duty_extensions.iter().map(|e| e.base.as_str())),
        }
    }

    /// Whether the model still has the shape the index was built for.
    pub fn fits(&self, model: &Model) -> bool {
        self.lens == lens(model)
    }
}

/// Whether `name` has the comparison key `key`, without allocating. A false "no" (possible only
/// for the rare characters whose lowercase depends on context) just sends the caller to the
/// linear scan.
pub(crate) fn has_key(name: &str, key: &str) -> bool {
    name.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .eq(key.chars())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_key_matches_name_key() {
        for name in ["VendTable", " vendtable ", "ÄBC", "x"] {
            assert!(has_key(name, &name_key(name)));
        }
        assert!(!has_key("VendTables", &name_key("VendTable")));
    }
}
