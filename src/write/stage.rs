//! THE way secgov writes a folder of files (`unpack`, `convert --to aot`, `generate --emit aot`):
//! every file is first written into a staging folder beside the target, on the same file system,
//! and only when all of them were written does anything reach the target.
//!
//! - The target folder does not exist: the staging folder is renamed to it, one atomic step.
//!   A failure at any point (a name too long for the file system, a full disk) leaves nothing.
//! - The target folder exists (adding to a model folder): the staging folder is made inside it,
//!   then each file is moved in; a file that already exists (only under `--force`) is replaced
//!   through [`atomic::replace`] (mode, owner, links kept). A failure while writing leaves
//!   nothing; a failure while moving (rare: the files were all written, so names and space are
//!   known good) leaves the files moved so far, and the message says so.
//!
//! Staging folders and temporary files are named `.NAME.secgov-XXXXXX.tmp`: one left behind by a
//! killed run is recognisable ([`is_leftover`]), never read as input, and removed by the next
//! folder write into the same place.

use super::atomic::{self, WriteError};
use std::path::{Path, PathBuf};

/// Writes each `(relative path, bytes)` below `root`, all or nothing as described above.
/// Existing files are replaced only when `force`; the caller has already refused them otherwise.
pub fn write_folder(root: &Path, files: &[(&Path, &[u8])], force: bool) -> Result<(), WriteError> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e: std::io::Error| {
            WriteError::Io(
                p,
                std::io::Error::new(e.kind(), format!("{e}; nothing was written")),
            )
        }
    };
    let exists = root.is_dir();
    let beside = if exists {
        root.to_path_buf()
    } else {
        match root.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    };
    std::fs::create_dir_all(&beside).map_err(io(&beside))?;
    remove_leftovers(&beside);
    let name = root
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let short: String = name.chars().take(100).collect();
    // Removed with everything in it when dropped, on every path that does not move it.
    let stage = tempfile::Builder::new()
        .prefix(&format!(".{short}.secgov-"))
        .suffix(".tmp")
        .tempdir_in(&beside)
        .map_err(io(&beside))?;
    for (path, bytes) in files {
        let staged = stage.path().join(path);
        if let Some(dir) = staged.parent() {
            std::fs::create_dir_all(dir).map_err(io(&root.join(path)))?;
        }
        std::fs::write(&staged, bytes).map_err(io(&root.join(path)))?;
    }
    if !exists {
        let staged = stage.keep();
        if let Err(e) = std::fs::rename(&staged, root) {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(io(root)(e));
        }
        return Ok(());
    }
    for (n, (path, bytes)) in files.iter().enumerate() {
        let target = root.join(path);
        let moved = if target.symlink_metadata().is_ok() {
            atomic::replace(&target, bytes, force)
        } else {
            let staged = stage.path().join(path);
            target
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::rename(&staged, &target))
                .map_err(io(&target))
        };
        if let Err(e) = moved {
            return Err(WriteError::Io(
                target,
                std::io::Error::other(format!(
                    "{}; {n} of {} files were already moved into {}",
                    e.message(),
                    files.len(),
                    root.display()
                )),
            ));
        }
    }
    Ok(())
}

/// Whether a file or folder name is one of secgov's temporary names (`.NAME.secgov-XXXXXX.tmp`).
pub(crate) fn is_leftover(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".tmp") && name.contains(".secgov-")
}

/// Removes temporary files and staging folders that killed runs left in `dir`. A run in progress
/// has its own there too; only those older than an hour are taken, so a concurrent run is never
/// disturbed.
fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        if !is_leftover(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600);
        if !old {
            continue;
        }
        let path = entry.path();
        let _ = match entry.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
            _ => std::fs::remove_file(&path),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_too_long_midway_leaves_nothing() {
        let dir = std::env::temp_dir().join(format!("secgov-stage-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let long = format!("AxSecurityRole/{}.xml", "N".repeat(300));
        let good = Path::new("AxSecurityRole/A.xml");
        let files: [(&Path, &[u8]); 3] = [
            (good, b"<a/>"),
            (Path::new(&long), b"<b/>"),
            (Path::new("AxSecurityDuty/C.xml"), b"<c/>"),
        ];
        // A new folder: nothing at all appears.
        assert!(write_folder(&dir.join("new"), &files, false).is_err());
        assert!(!dir.join("new").exists());
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        // An existing folder: nothing is added to it.
        std::fs::create_dir_all(dir.join("model")).unwrap();
        assert!(write_folder(&dir.join("model"), &files, false).is_err());
        assert_eq!(std::fs::read_dir(dir.join("model")).unwrap().count(), 0);
        // Without the bad name, both work.
        let files = [files[0], files[2]];
        write_folder(&dir.join("new"), &files, false).unwrap();
        write_folder(&dir.join("model"), &files, false).unwrap();
        for root in ["new", "model"] {
            assert_eq!(std::fs::read(dir.join(root).join(good)).unwrap(), b"<a/>");
            let names: Vec<_> = std::fs::read_dir(dir.join(root))
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            assert_eq!(names.len(), 2, "{names:?}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn temporary_names_are_recognised() {
        assert!(is_leftover(".Model.secgov-a1B2c3.tmp"));
        assert!(is_leftover(".Role.xml.secgov-123.tmp"));
        assert!(!is_leftover("Role.xml"));
        assert!(!is_leftover(".secgov.toml"));
    }
}
