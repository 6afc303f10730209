//! THE way secgov replaces or creates a file: write a temporary file beside the target (same
//! folder, so same file system), copy the replaced file's permissions (and owner, where allowed),
//! fsync, then rename it over the target. A failure or interruption never leaves a partial file,
//! and the temporary file is removed on every error path (`tempfile` deletes it when dropped).
//!
//! A symbolic link is followed: its target is written and the link stays a link. A file with
//! more than one hard link is refused unless forced, and then written in place, so every name
//! sees the new text (a rename would split the links). An output that is one of the command's
//! inputs is refused ([`check_not_input`]).

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why an output could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// The target exists and `force` was not given.
    Exists(PathBuf),
    /// The output is the same file as an input (SG954): the output path, the input path.
    SameAsInput(PathBuf, PathBuf),
    /// The target has this many hard links and `force` was not given (SG955).
    HardLinked(PathBuf, u64),
    Io(PathBuf, std::io::Error),
}

impl WriteError {
    /// The stable code of the refusal, for the refusals that have one.
    pub fn code(&self) -> Option<&'static str> {
        match self {
            WriteError::SameAsInput(..) => Some(crate::diag::codes::OUTPUT_IS_INPUT),
            WriteError::HardLinked(..) => Some(crate::diag::codes::HARD_LINKED_OUTPUT),
            _ => None,
        }
    }
}

impl WriteError {
    /// What went wrong, without the code: for a diagnostic that carries the code itself.
    pub fn message(&self) -> String {
        match self {
            WriteError::Exists(p) => format!(
                "{} already exists; pass --force to overwrite it",
                p.display()
            ),
            WriteError::SameAsInput(out, input) => format!(
                "the output {} is the input {}; writing it would destroy the input. Write to \
                 another path",
                out.display(),
                input.display()
            ),
            WriteError::HardLinked(p, links) => format!(
                "{} has {links} hard links; replacing it would leave the other names with the old \
                 text. Pass --force to write it in place (all names see the new text)",
                p.display()
            ),
            WriteError::Io(p, e) => format!("cannot write {}: {e}", p.display()),
        }
    }
}

/// The message, after `error[SGxxx]: ` for the refusals that have a code.
impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(code) = self.code() {
            write!(f, "error[{code}]: ")?;
        }
        f.write_str(&self.message())
    }
}

impl std::error::Error for WriteError {}

/// Writes `bytes` to `path` atomically, refusing an existing file unless `force`. Creates missing
/// parent folders.
pub fn write(path: &Path, bytes: &[u8], force: bool) -> Result<(), WriteError> {
    if !force && path.symlink_metadata().is_ok() && !is_sink(path) {
        return Err(WriteError::Exists(path.to_path_buf()));
    }
    replace(path, bytes, force)
}

/// Whether `path` is (or links to) a device, named pipe or socket: `-o /dev/null` and a pipe
/// made with `mkfifo` are places to send bytes to, not files to replace.
fn is_sink(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Replaces (or creates) `path` with `bytes`: for `fmt --write`, which rewrites its own inputs.
/// A file with several hard links is refused unless `force`, and then written in place.
pub fn replace(path: &Path, bytes: &[u8], force: bool) -> Result<(), WriteError> {
    let target = resolve_links(path).map_err(|e| WriteError::Io(path.to_path_buf(), e))?;
    let io = |e| WriteError::Io(target.clone(), e);
    let existing = match std::fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(e)),
    };
    // Renaming over a device would replace it with a regular file: run as root, `-o /dev/null`
    // used to leave a file at /dev/null that every later program read.
    if existing
        .as_ref()
        .is_some_and(|m| !m.is_file() && !m.is_dir())
    {
        return write_to_sink(&target, bytes).map_err(io);
    }
    if let Some(links) = existing.as_ref().map(hard_links).filter(|&n| n > 1) {
        if !force {
            return Err(WriteError::HardLinked(target, links));
        }
        return write_in_place(&target, bytes).map_err(io);
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(io)?;
    // Created with the replaced file's permissions, so its text is never readable more widely
    // than before, not even for a moment; a new file gets the usual 0666 less the umask.
    let mut temp = temp_file(&dir, &target, existing.as_ref()).map_err(io)?;
    if let Some(m) = &existing {
        keep_owner_and_mode(temp.as_file(), m).map_err(io)?;
    }
    temp.write_all(bytes).map_err(io)?;
    temp.as_file().sync_all().map_err(io)?;
    // On failure `persist` hands the temporary file back; dropping it deletes it.
    temp.persist(&target).map_err(|e| io(e.error))?;
    sync_folder(&dir);
    Ok(())
}

/// A temporary file in `dir` named after `target`: `.NAME.secgov-XXXXXX.tmp`, so that one left by
/// a killed run is recognisable (and `validate`/`fmt` on a folder never read it: it starts with
/// a dot and ends in `.tmp`).
fn temp_file(
    dir: &Path,
    target: &Path,
    replaced: Option<&std::fs::Metadata>,
) -> std::io::Result<tempfile::NamedTempFile> {
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    // Keep the name within the usual 255-byte limit whatever the target's length.
    let short: String = name.chars().take(100).collect();
    let mut builder = tempfile::Builder::new();
    let prefix = format!(".{short}.secgov-");
    builder.prefix(&prefix).suffix(".tmp");
    match replaced {
        Some(m) => {
            builder.permissions(m.permissions());
        }
        None => new_file_permissions(&mut builder),
    }
    builder.tempfile_in(dir)
}

/// What `File::create` gives a new file: 0666 less the umask (tempfile's own default is 0600).
#[cfg(unix)]
fn new_file_permissions(builder: &mut tempfile::Builder<'_, '_>) {
    use std::os::unix::fs::PermissionsExt;
    builder.permissions(std::fs::Permissions::from_mode(0o666));
}

#[cfg(not(unix))]
fn new_file_permissions(_: &mut tempfile::Builder<'_, '_>) {}

/// The file a path names after following every symbolic link, whether or not that file exists
/// yet (a dangling link is written through, creating its target).
fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // The same bound the kernel puts on a chain of links.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let next = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

#[cfg(unix)]
fn hard_links(m: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    if m.is_file() { m.nlink() } else { 1 }
}

#[cfg(not(unix))]
fn hard_links(_: &std::fs::Metadata) -> u64 {
    1
}

/// Gives the new file the replaced file's permissions, and its owner and group where the
/// process may (root, or a group the user belongs to); an owner that cannot be kept is left
/// as the user's, as any editor's save would.
fn keep_owner_and_mode(file: &std::fs::File, old: &std::fs::Metadata) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()))
            .or_else(|_| std::os::unix::fs::fchown(file, None, Some(old.gid())));
    }
    file.set_permissions(old.permissions())
}

/// Writes through an existing file (for one with several hard links, under `--force`).
fn write_in_place(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Writes into a device, named pipe or socket as a shell redirection would (no truncation, no
/// fsync: neither means anything there).
fn write_to_sink(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)?
        .write_all(bytes)
}

/// Makes the rename durable; not every platform can open a folder, so failure is ignored.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Refuses an output that is the same file as one of `inputs` (SG954): compared by device and
/// inode on Unix (so through symbolic links and hard links), by canonical path elsewhere. An
/// output that does not exist yet cannot be an input.
pub fn check_not_input(output: &Path, inputs: &[&Path]) -> Result<(), WriteError> {
    let Ok(out) = same_file_key(output) else {
        return Ok(());
    };
    for input in inputs {
        if same_file_key(input).is_ok_and(|k| k == out) {
            return Err(WriteError::SameAsInput(
                output.to_path_buf(),
                input.to_path_buf(),
            ));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn same_file_key(path: &Path) -> std::io::Result<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path)?;
    Ok((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn same_file_key(path: &Path) -> std::io::Result<PathBuf> {
    std::fs::canonicalize(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("secgov-atomic-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    // Regression: `--force -o /dev/null` as root renamed a file over /dev/null. A named pipe
    // stands in for the device: it must still be a pipe afterwards, and have carried the bytes.
    #[cfg(unix)]
    #[test]
    fn a_device_or_pipe_is_written_into_not_replaced() {
        use std::io::Read;
        use std::os::unix::fs::FileTypeExt;
        let dir = scratch("sink");
        let fifo = dir.join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut text = Vec::new();
                std::fs::File::open(&fifo)
                    .unwrap()
                    .read_to_end(&mut text)
                    .unwrap();
                text
            })
        };
        write(&fifo, b"<Backup/>", false).unwrap();
        assert_eq!(reader.join().unwrap(), b"<Backup/>");
        let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "the pipe was replaced by {kind:?}");
        assert_eq!(names(&dir), ["pipe"], "no temporary file");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refuses_to_overwrite_without_force_and_leaves_no_temp_file() {
        let dir = scratch("force");
        let path = dir.join("out.xml");
        write(&path, b"one", false).unwrap();
        assert!(matches!(
            write(&path, b"two", false),
            Err(WriteError::Exists(_))
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write(&path, b"two", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(names(&dir), ["out.xml"], "only the output remains");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = scratch("fail");
        std::fs::create_dir_all(dir.join("out.xml")).unwrap();
        // Renaming a file over a non-empty directory fails.
        std::fs::write(dir.join("out.xml").join("keep"), b"x").unwrap();
        assert!(write(&dir.join("out.xml"), b"data", true).is_err());
        assert_eq!(names(&dir), ["out.xml"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn mode_symlinks_and_hard_links_are_kept() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = scratch("keep");
        let real = dir.join("real.xml");
        std::fs::write(&real, b"old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.join("link.xml");
        std::os::unix::fs::symlink("real.xml", &link).unwrap();
        replace(&link, b"new", false).unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        assert_eq!(real.metadata().unwrap().mode() & 0o777, 0o600);

        let other = dir.join("other.xml");
        std::fs::hard_link(&real, &other).unwrap();
        assert!(matches!(
            replace(&real, b"newer", false),
            Err(WriteError::HardLinked(_, 2))
        ));
        assert_eq!(std::fs::read(&other).unwrap(), b"new");
        replace(&real, b"newer", true).unwrap();
        assert_eq!(std::fs::read(&other).unwrap(), b"newer");
        assert_eq!(real.metadata().unwrap().nlink(), 2);
        assert_eq!(names(&dir), ["link.xml", "other.xml", "real.xml"]);

        assert!(matches!(
            check_not_input(&link, &[other.as_path()]),
            Err(WriteError::SameAsInput(..))
        ));
        assert!(check_not_input(&dir.join("new.xml"), &[real.as_path()]).is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
