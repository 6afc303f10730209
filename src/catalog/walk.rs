//! Which files a catalog is built from. A `PackagesLocalDirectory` holds hundreds of thousands
//! of metadata files in one folder per element type (`AxClass/`, `AxTable/`...): those folders
//! are never entered, only `AxSecurity*` and `AxMenuItemDisplay/Action/Output`, whose files are
//! taken without being opened. Loose XML elsewhere (exports, backups, another catalog) is sniffed
//! by its root element as a folder run of `validate` does.

use crate::diag::{Diagnostic, codes};
use crate::model::MenuItemKind;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Whether a folder named `name` holds files a catalog reads (every one of them).
fn is_catalog_folder(name: &str) -> bool {
    crate::load::AOT_FOLDERS.contains(&name) || MenuItemKind::from_element(name).is_some()
}

/// Whether a folder named `name` is some other metadata element type's, never entered.
fn is_other_metadata(name: &str) -> bool {
    name.starts_with("Ax") && !is_catalog_folder(name)
}

/// The files below `paths`, in sorted path order, each once; and what could not be read.
pub fn files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        if path.is_dir() {
            let before = files.len();
            walk(path, false, &mut files, &mut diags, &mut seen);
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

fn walk(
    dir: &Path,
    take_all: bool,
    files: &mut Vec<PathBuf>,
    diags: &mut Vec<Diagnostic>,
    seen: &mut HashSet<PathBuf>,
) {
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !seen.insert(canonical) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok()).collect::<Vec<_>>(),
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    codes::UNREADABLE,
                    format!("cannot read folder {}: {e}", dir.display()),
                )
                .with_help("check that you may read the folder"),
            );
            return;
        }
    };
    for entry in entries {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || crate::write::stage::is_leftover(&name) {
            continue;
        }
        let path = entry.path();
        let is_dir = match entry.file_type() {
            Ok(t) if !t.is_symlink() => t.is_dir(),
            _ => path.is_dir(),
        };
        let xml = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("xml"));
        if is_dir {
            if !is_other_metadata(&name) {
                walk(&path, is_catalog_folder(&name), files, diags, seen);
            }
        } else if xml && (take_all || crate::load::is_security_file(&path)) {
            files.push(path);
        }
    }
}
