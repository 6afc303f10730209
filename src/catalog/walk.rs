//! Which files a catalog is built from. A `PackagesLocalDirectory` holds hundreds of thousands
//! of metadata files in one folder per element type (`AxClass/`, `AxTable/`...): those folders
//! are never entered, only `AxSecurity*` and `AxMenuItemDisplay/Action/Output`, whose files are
//! taken without being opened. Loose XML elsewhere (exports, backups, another catalog) is sniffed
//! by its root element as a folder run of `validate` does.

use crate::diag::{Diagnostic, codes};
use crate::load::FolderKind;
use crate::model::MenuItemKind;
use std::collections::HashSet;
use std::path::PathBuf;

/// Whether a folder named `name` holds files a catalog reads (every one of them).
fn is_catalog_folder(name: &str) -> bool {
    crate::load::AOT_FOLDERS.contains(&name) || MenuItemKind::from_element(name).is_some()
}

/// Catalog folders are taken whole; other metadata element types' folders and hidden folders
/// (`.git`) are never entered; the rest is sniffed for exports and backups.
fn folder_kind(name: &str) -> FolderKind {
    if is_catalog_folder(name) {
        FolderKind::TakeAll
    } else if name.starts_with("Ax") || name.starts_with('.') {
        FolderKind::Skip
    } else {
        FolderKind::Sniff
    }
}

/// The files below `paths`, in sorted path order, each once; and what could not be read.
pub fn files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        if path.is_dir() {
            let before = files.len();
            crate::load::walk(path, false, &folder_kind, &mut files, &mut diags, &mut seen);
            if files.len() == before {
                diags.push(
                    Diagnostic::error(
                        codes::UNREADABLE,
                        format!("found no security objects or menu items below {}", path.display()),
                    )
                    .with_help("point at a PackagesLocalDirectory, a model folder (with AxSecurityRole/, AxMenuItemDisplay/... folders), or at exports and backups directly"),
                );
            }
        } else {
            files.push(path.clone());
        }
    }
    // The order the paths were given in must not matter: sorted, and each file read once.
    files.sort();
    files.dedup();
    (files, diags)
}
