//! An input's bytes, bounded: the one read function every command uses for files and standard
//! input (`-`).
//!
//! The file type is checked before the file is opened: opening a named pipe (FIFO) blocks until
//! some other process opens it for writing, so a FIFO given as an input, or lying in a folder,
//! hung every command. Devices and sockets are refused the same way, and `/dev/zero` given as a
//! path among them. Reads stop one byte past the limit, so neither a file that grows while it is
//! read nor an endless standard input exhausts memory.

use std::io::Read;
use std::path::Path;

/// Inputs larger than this are refused unless `--max-size` raises the limit.
pub const DEFAULT_MAX_SIZE: u64 = 512 * 1024 * 1024;

/// Why an input's bytes could not be had.
#[derive(Debug)]
pub enum ReadFailure {
    /// The operating system refused (missing path, permissions, a folder).
    Io(std::io::Error),
    /// The input has more bytes than the limit (the size is a lower bound when it was read
    /// from a stream).
    TooLarge { size: u64, max: u64 },
    /// The path names something other than a regular file: what it is.
    NotAFile(&'static str),
}

impl std::fmt::Display for ReadFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadFailure::Io(e) => write!(f, "{e}"),
            // A stream is read only one byte past the limit: its size is not known.
            ReadFailure::TooLarge { size, max } if *size > max.saturating_add(1) => {
                write!(
                    f,
                    "it is {}, more than the limit of {}",
                    mib(*size),
                    mib(*max)
                )
            }
            ReadFailure::TooLarge { max, .. } => {
                write!(f, "it is larger than the limit of {}", mib(*max))
            }
            ReadFailure::NotAFile(kind) => write!(f, "it is {kind}, not a regular file"),
        }
    }
}

impl ReadFailure {
    /// What the user can do about it.
    pub fn help(&self) -> &'static str {
        match self {
            ReadFailure::Io(_) => "check the path and that you may read it",
            ReadFailure::TooLarge { .. } => {
                "pass --max-size with a larger number of MiB if the input really is a security export"
            }
            ReadFailure::NotAFile(_) => {
                "secgov reads regular files: save the data to a file and pass that, or pipe it to standard input and pass `-` as the path"
            }
        }
    }

    /// The diagnostic code: SG004 for the size limit, SG007 otherwise.
    pub fn code(&self) -> &'static str {
        match self {
            ReadFailure::TooLarge { .. } => crate::diag::codes::LIMIT_EXCEEDED,
            _ => crate::diag::codes::UNREADABLE,
        }
    }

    /// As an `io::Error` whose message names the path, for commands that report I/O errors.
    pub fn into_io_error(self, path: &Path) -> std::io::Error {
        let kind = match &self {
            ReadFailure::Io(e) => e.kind(),
            _ => std::io::ErrorKind::InvalidInput,
        };
        std::io::Error::new(
            kind,
            format!("cannot read {}: {self}; {}", shown(path), self.help()),
        )
    }
}

fn mib(bytes: u64) -> String {
    format!("{} MiB", bytes >> 20)
}

/// The path that stands for standard input on the command line (`secgov validate -`).
pub const STDIN: &str = "-";
/// The name standard input goes by in reports.
pub const STDIN_NAME: &str = "<stdin>";

/// Whether `path` stands for standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == STDIN
}

/// How an input is named in messages: `<stdin>` for `-`, else the path.
pub fn shown(path: &Path) -> String {
    if is_stdin(path) {
        STDIN_NAME.to_owned()
    } else {
        path.display().to_string()
    }
}

/// The bytes of the regular file at `path` (symbolic links followed), or of standard input for
/// `-`, refusing more than `max` bytes.
pub fn read(path: &Path, max: u64) -> Result<Vec<u8>, ReadFailure> {
    if is_stdin(path) {
        return read_bounded(std::io::stdin().lock(), max, 0);
    }
    // `metadata` follows links without opening the target, so a FIFO cannot block here.
    let meta = std::fs::metadata(path).map_err(ReadFailure::Io)?;
    check_type(&meta)?;
    if meta.len() > max {
        return Err(ReadFailure::TooLarge {
            size: meta.len(),
            max,
        });
    }
    let file = std::fs::File::open(path).map_err(ReadFailure::Io)?;
    // The path may have been replaced between the check and the open.
    check_type(&file.metadata().map_err(ReadFailure::Io)?)?;
    read_bounded(file, max, meta.len())
}

/// Whether `path` is something other than a regular file or folder, which must not be opened
/// (a folder walk hands such entries to [`read`], which reports them).
pub(crate) fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

fn check_type(meta: &std::fs::Metadata) -> Result<(), ReadFailure> {
    if meta.is_file() {
        return Ok(());
    }
    if meta.is_dir() {
        return Err(ReadFailure::Io(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "is a directory",
        )));
    }
    Err(ReadFailure::NotAFile(kind(meta)))
}

#[cfg(unix)]
fn kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn kind(_: &std::fs::Metadata) -> &'static str {
    "a special file"
}

/// Reads all of `r` up to `max` bytes; `expected` sizes the buffer (capped, so a wrong size
/// cannot allocate much).
fn read_bounded(r: impl Read, max: u64, expected: u64) -> Result<Vec<u8>, ReadFailure> {
    let mut bytes = Vec::with_capacity(expected.min(max) as usize);
    r.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadFailure::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadFailure::TooLarge {
            size: bytes.len() as u64,
            max,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_stop_one_byte_past_the_limit() {
        let endless = std::io::repeat(b'<');
        match read_bounded(endless, 1000, 0) {
            Err(ReadFailure::TooLarge { size, max }) => assert_eq!((size, max), (1001, 1000)),
            other => panic!("{other:?}"),
        }
        assert_eq!(read_bounded(&b"abc"[..], 3, 3).unwrap(), b"abc");
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_before_opening() {
        let e = read(Path::new("/dev/zero"), 10).unwrap_err();
        assert!(matches!(e, ReadFailure::NotAFile("a device")), "{e:?}");
        assert!(is_special(Path::new("/dev/zero")));
        assert!(!is_special(Path::new("/")));
    }
}
