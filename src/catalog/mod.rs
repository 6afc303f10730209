//! `secgov catalog build`: one file holding every role, duty, privilege, extension and menu
//! item of the folders, exports and backups given (docs/catalog.md), for `--reference` and
//! `--target` when the destination itself is not at hand.
//!
//! The catalog must not depend on the order of its sources nor on how they were laid out: the
//! objects are sorted by kind and name, written in one shape, and when two sources define the same
//! name the choice follows fixed rules (see [`rank`]), never the order the paths were given in.

pub mod walk;

use crate::diag::{self, Diagnostic};
use crate::load::{LoadOptions, Loaded};
use crate::model::{Dialect, MenuItem, Model};
use crate::span::name_key;
use crate::write::aot::Object;
use std::path::PathBuf;

/// What a build read and wrote.
pub struct Built {
    pub loaded: Loaded,
    /// Findings of the walk (folders that could not be read or held nothing).
    pub diagnostics: Vec<Diagnostic>,
    pub text: String,
    pub counts: Counts,
}

/// How many of each kind the catalog holds, and how many names were defined more than once.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub files: usize,
    pub roles: usize,
    pub duties: usize,
    pub privileges: usize,
    pub extensions: usize,
    pub menu_items: usize,
    /// Objects and menu items left out because another source defines the same name.
    pub duplicates: usize,
}

/// Walks `paths`, reads what it found on `options.threads` threads, and writes the catalog.
pub fn build(paths: &[PathBuf], options: &LoadOptions) -> Built {
    let (files, diagnostics) = walk::files(paths);
    let loaded = crate::timing::phase("load", || crate::load::load_files(&files, options));
    let (text, mut counts) = crate::timing::phase("write", || write(&loaded.model));
    counts.files = files.len();
    Built {
        loaded,
        diagnostics,
        text,
        counts,
    }
}

/// The catalog of everything in `model`.
pub fn write(model: &Model) -> (String, Counts) {
    let mut counts = Counts::default();
    let mut ranks = vec![RANK_AOT; model.files.len()];
    for d in &model.documents {
        if let Some(r) = ranks.get_mut(d.file) {
            *r = rank(d.dialect);
        }
    }
    let rank_of = |o: &Object<'_>| ranks.get(o.file()).copied().unwrap_or(RANK_AOT);
    let mut objects: Vec<Object<'_>> = Vec::new();
    let groups: [Vec<Object<'_>>; 5] = [
        model.roles.iter().map(Object::Role).collect(),
        model.duties.iter().map(Object::Duty).collect(),
        model.privileges.iter().map(Object::Privilege).collect(),
        model
            .role_extensions
            .iter()
            .map(Object::Extension)
            .collect(),
        model
            .duty_extensions
            .iter()
            .map(Object::Extension)
            .collect(),
    ];
    for (kind, group) in groups.into_iter().enumerate() {
        let mut keyed: Vec<(String, u8, String, Object<'_>)> = group
            .into_iter()
            .filter(|o| !o.name().value.trim().is_empty())
            .map(|o| {
                let text = crate::write::catalog::object_text(model, o);
                (name_key(&o.name().value), rank_of(&o), text, o)
            })
            .collect();
        keyed.sort_by(|a, b| (&a.0, a.1, &a.2).cmp(&(&b.0, b.1, &b.2)));
        let before = keyed.len();
        keyed.dedup_by(|later, first| later.0 == first.0);
        counts.duplicates += before - keyed.len();
        let n = keyed.len();
        match kind {
            0 => counts.roles = n,
            1 => counts.duties = n,
            2 => counts.privileges = n,
            _ => counts.extensions += n,
        }
        objects.extend(keyed.into_iter().map(|k| k.3));
    }
    let mut items: Vec<(u8, String, String, &MenuItem)> = model
        .menu_items
        .iter()
        .filter(|m| !m.name.value.trim().is_empty())
        .map(|m| {
            (
                m.kind as u8,
                name_key(&m.name.value),
                crate::write::catalog::menu_item(m),
                m,
            )
        })
        .collect();
    items.sort_by(|a, b| (a.0, &a.1, &a.2).cmp(&(b.0, &b.1, &b.2)));
    let before = items.len();
    items.dedup_by(|later, first| later.0 == first.0 && later.1 == first.1);
    counts.duplicates += before - items.len();
    counts.menu_items = items.len();
    let items: Vec<&MenuItem> = items.into_iter().map(|i| i.3).collect();
    let text = crate::write::catalog::catalog(model, &objects, &items);
    (text, counts)
}

const RANK_AOT: u8 = 2;

/// Which definition of a name wins, lowest first, by the dialect of its file: what an environment
/// runs is the customization (a security configuration export, then a backup's objects) over the
/// AOT metadata it changes. Equal ranks fall back to the written text, so the choice never
/// depends on paths or their order.
fn rank(dialect: Dialect) -> u8 {
    match dialect {
        Dialect::SecurityConfiguration => 0,
        Dialect::UsgBackup => 1,
        Dialect::Aot | Dialect::Catalog => RANK_AOT,
    }
}

/// Findings of a build worth stopping for: a source that could not be read at all.
pub fn has_input_errors(built: &Built) -> bool {
    built.loaded.has_input_errors()
        || built
            .diagnostics
            .iter()
            .any(|d| d.severity == diag::Severity::Error)
}
