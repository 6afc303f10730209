//! Packing a folder of AOT files into one security configuration export: objects below a
//! `Customized/` folder go to the customized list, below `New/` to the new list, others to the
//! list the caller chooses; the manifest (if any) orders them and names the disabled objects.

use super::manifest::{self, Manifest};
use super::select::{self, NotRead};
use crate::diag::{Diagnostic, Severity, codes};
use crate::model::{Dialect, Model, ObjectKind};
use crate::span::name_key;
use crate::write::aot::Object;
use crate::write::secconfig::{Contents, list_kind};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path};

/// Which export list an object goes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Customized,
    New,
}

/// An export's contents and what was found while gathering them.
#[derive(Debug, Default)]
pub struct Packed<'m> {
    pub contents: Contents<'m>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Gathers the roles, duties and privileges read from the folder `root` into export lists.
pub fn pack<'m>(root: &Path, model: &'m Model, manifest: &Manifest, default: List) -> Packed<'m> {
    let mut out = Packed::default();
    left_out(model, &mut out.diagnostics);
    let (mut customized, mut new) = split_lists(root, model, default, &mut out.diagnostics);
    order_as_in(manifest, &mut customized, |l| &l.customized);
    order_as_in(manifest, &mut new, |l| &l.new);
    out.contents.customized = customized;
    out.contents.new = new;
    // Disabled names as the loader read them from the manifest.
    let mut names = HashSet::new();
    for d in model
        .disabled
        .iter()
        .filter(|d| model.document(d.file).is_none())
    {
        if names.insert((d.kind, d.name.key())) {
            out.contents.disabled.push((d.kind, d.name.value.clone()));
        }
    }
    out
}

/// Warnings for what an export cannot carry: files of other dialects, and extensions.
fn left_out(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.extend(select::other_dialects(model, Dialect::Aot, &NotRead {
        severity: Severity::Warning,
        reads: "an AOT security object",
        label: "left out of the export",
        help: "a folder to pack holds one role, duty or privilege per file; move this file out of it",
    }));
    diagnostics.extend(select::extensions_left_out(
        model,
        "cannot be imported through Security configuration",
        "left out of the export",
        "an export holds roles, duties and privileges only; deploy extensions with the AOT model",
    ));
}

/// The AOT roles, duties and privileges, each in the list its folder names (`default` when none
/// does), in path order; a second object of one kind and name is a clash, left out.
fn split_lists<'m>(
    root: &Path,
    model: &'m Model,
    default: List,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Object<'m>>, Vec<Object<'m>>) {
    let aot = |file: usize| {
        model
            .document(file)
            .is_some_and(|d| d.dialect == Dialect::Aot)
    };
    let objects = select::objects(model, None, |_, file| aot(file));
    let mut seen: HashMap<(ObjectKind, String), Object<'m>> = HashMap::new();
    let mut customized = Vec::new();
    let mut new = Vec::new();
    for object in objects {
        let Some(kind) = list_kind(&object) else {
            continue;
        };
        let name = object.name();
        if let Some(first) = seen.get(&(kind, name.key())) {
            diagnostics.push(clash(model, &object, first));
            continue;
        }
        seen.insert((kind, name.key()), object);
        let path = &model.files[object.file()].path;
        match list_of(root, Path::new(path)).unwrap_or(default) {
            List::Customized => customized.push(object),
            List::New => new.push(object),
        }
    }
    (customized, new)
}

/// Sorts `list` as the manifest's list (`pick`) names its objects.
fn order_as_in<'m>(
    manifest: &Manifest,
    list: &mut Vec<Object<'m>>,
    pick: fn(&manifest::Lists) -> &Vec<String>,
) {
    // Position of each name in the manifest, per kind; the first mention counts.
    let mut at: HashMap<(ObjectKind, String), usize> = HashMap::new();
    for kind in [ObjectKind::Role, ObjectKind::Duty, ObjectKind::Privilege] {
        for (i, n) in pick(manifest.lists(kind)).iter().enumerate() {
            at.entry((kind, name_key(n))).or_insert(i);
        }
    }
    // Stable: objects the manifest does not name keep their path order, after the named ones.
    list.sort_by_cached_key(|o| {
        let kind = list_kind(o).unwrap_or(ObjectKind::Role);
        at.get(&(kind, o.name().key()))
            .copied()
            .unwrap_or(usize::MAX)
    });
}

/// The list a file's folder names: the first `Customized` or `New` folder below `root`.
fn list_of(root: &Path, path: &Path) -> Option<List> {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative.components().find_map(|c| match c {
        Component::Normal(s) => {
            let s = s.to_string_lossy();
            if s.eq_ignore_ascii_case(manifest::CUSTOMIZED_FOLDER) {
                Some(List::Customized)
            } else if s.eq_ignore_ascii_case(manifest::NEW_FOLDER) {
                Some(List::New)
            } else {
                None
            }
        }
        _ => None,
    })
}

fn clash(model: &Model, object: &Object<'_>, first: &Object<'_>) -> Diagnostic {
    let name = object.name();
    let other = first.name();
    let kind = object.kind().label();
    let message = if name.value == other.value {
        format!("the {kind} `{}` is defined twice", name.value)
    } else {
        format!(
            "the {kind} `{}` and the {kind} `{}` differ only in case",
            name.value, other.value
        )
    };
    let _ = model;
    Diagnostic::error(codes::NAME_CLASH, message)
        .at(object.file(), name.span)
        .with_label("same name as another file's object")
        .with_related(first.file(), other.span, "first defined here")
        .with_help(
            "Dynamics 365 compares names without regard to case, so the import would keep only one: \
             rename or remove one of the files",
        )
}

/// Files below `root` that were not read as security XML (other than the manifest): reported so
/// that nothing is left out silently. Hidden files and folders (`.git`) are skipped.
pub fn stray_files(root: &Path, model: &Model) -> Vec<Diagnostic> {
    let read: HashSet<&str> = model.files.iter().map(|f| f.path.as_str()).collect();
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries.iter().rev() {
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(path);
            } else {
                let is_manifest = dir == root && name == manifest::FILE_NAME;
                if is_manifest || read.contains(path.display().to_string().as_str()) {
                    continue;
                }
                out.push(
                    Diagnostic::warning(
                        codes::LEFT_OUT,
                        format!("{} is not a security object file", path.display()),
                    )
                    .with_help("only AOT role, duty and privilege files are packed; move other files out of the folder"),
                );
            }
        }
    }
    out.sort_by(|a, b| a.message.cmp(&b.message));
    out
}
