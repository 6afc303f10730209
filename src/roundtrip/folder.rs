//! A set of files to write below one folder, checked as a whole before anything is written: two
//! objects that would land in the same file (names that differ only in case, on file systems
//! that ignore case) are reported, and existing files are refused unless forced.

use crate::diag::{Diagnostic, codes};
use crate::model::Name;
use crate::span::FileId;
use crate::write::atomic::WriteError;
use crate::write::stage;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One file to write.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Relative to the output folder.
    pub path: PathBuf,
    pub text: String,
    /// The object written to it, for reports: its file, name, and words for its kind.
    pub object: Option<(FileId, Name, &'static str)>,
}

/// Files that would overwrite each other, as findings on the second object of each pair.
pub fn clashes(files: &[OutputFile]) -> Vec<Diagnostic> {
    let mut first: HashMap<String, &OutputFile> = HashMap::new();
    let mut out = Vec::new();
    for f in files {
        let key = f.path.to_string_lossy().to_lowercase();
        let Some(earlier) = first.get(&key) else {
            first.insert(key, f);
            continue;
        };
        let (file, name, kind) = match &f.object {
            Some(o) => o.clone(),
            None => continue,
        };
        let other = earlier
            .object
            .as_ref()
            .map(|o| o.1.value.as_str())
            .unwrap_or("");
        let same = other == name.value;
        let message = if same {
            format!("the {kind} `{}` is defined twice", name.value)
        } else {
            format!(
                "the {kind} `{}` and the {kind} `{other}` differ only in case",
                name.value
            )
        };
        let mut d = Diagnostic::error(codes::NAME_CLASH, message)
            .at(file, name.span)
            .with_label(format!("would also be written to {}", f.path.display()))
            .with_help(
                "Dynamics 365 compares names without regard to case, so these are one object: \
                 rename or remove one of them",
            );
        if let Some((ofile, oname, _)) = &earlier.object {
            d = d.with_related(*ofile, oname.span, "first defined here");
        }
        out.push(d);
    }
    out
}

/// Files below `root` that already exist, sorted.
pub fn existing(root: &Path, files: &[OutputFile]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = files
        .iter()
        .map(|f| root.join(&f.path))
        .filter(|p| p.symlink_metadata().is_ok())
        .collect();
    out.sort();
    out
}

/// Writes every file, all or nothing (`crate::write::stage`).
pub fn write_all(root: &Path, files: &[OutputFile], force: bool) -> Result<(), WriteError> {
    let files: Vec<(&Path, &[u8])> = files
        .iter()
        .map(|f| (f.path.as_path(), f.text.as_bytes()))
        .collect();
    stage::write_folder(root, &files, force)
}
