//! Paths to a model: expands folders, enforces the size limit, and reads files in parallel.
//!
//! Each file is decoded, parsed and lowered on its own into a partial model; the parts are merged
//! in path order, so the result and its diagnostics do not depend on thread timing.

use crate::diag::{self, Diagnostic, codes};
use crate::model::{Dialect, Model};
use crate::source::{self, Encoding, SourceFile};
use crate::span::FileId;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub mod manifest;

pub use crate::input::DEFAULT_MAX_SIZE;
use crate::input::ReadFailure;

/// Folders in an AOT model that hold security objects; files in them are always read.
pub const AOT_FOLDERS: [&str; 5] = [
    "AxSecurityRole",
    "AxSecurityDuty",
    "AxSecurityPrivilege",
    "AxSecurityRoleExtension",
    "AxSecurityDutyExtension",
];

#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Read every file as this dialect instead of sniffing the root element.
    pub dialect: Option<Dialect>,
    /// Largest file accepted, in bytes.
    pub max_size: u64,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Findings kept at most, per file and in all; 0 means no limit (SG099).
    pub max_findings: usize,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            dialect: None,
            max_size: DEFAULT_MAX_SIZE,
            threads: 0,
            max_findings: diag::DEFAULT_MAX_FINDINGS,
        }
    }
}

/// A model and everything found while reading it.
#[derive(Debug, Default)]
pub struct Loaded {
    pub model: Model,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// True when some input could not be read at all (exit status 2).
    pub fn has_input_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == diag::Severity::Error && codes::INPUT_ERRORS.contains(&d.code))
    }
}

/// Reads every path: files directly, folders by walking them for security XML.
pub fn load(paths: &[PathBuf], options: &LoadOptions) -> Loaded {
    let (files, run_diags) = crate::timing::phase("walk", || expand_paths(paths));
    let mut loaded = read_files(&files, options);
    loaded.diagnostics.extend(run_diags);
    // An unpacked export's disabled names live in its manifest, not in XML files.
    for dir in paths.iter().filter(|p| p.is_dir()) {
        manifest::read_into(dir, &mut loaded);
    }
    // Capping sorts.
    diag::cap(&mut loaded.diagnostics, options.max_findings);
    loaded
}

/// Reads files already chosen (no folders, no de-duplication): `secgov catalog build` walks a
/// `PackagesLocalDirectory` its own way and reads what it found on the same worker threads.
pub fn load_files(files: &[PathBuf], options: &LoadOptions) -> Loaded {
    let mut loaded = read_files(files, options);
    diag::cap(&mut loaded.diagnostics, options.max_findings);
    loaded
}

/// The files `paths` stand for: files as given, folders walked for security XML (sorted), with
/// diagnostics for folders that cannot be read or hold nothing.
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for path in paths {
        expand(path, &mut files, &mut diags);
    }
    // A file reached twice (an input that also lies in the --target or --reference folder) is
    // read once, in the role it was first given: read again it would, for one, be a duplicate
    // category of itself. One path cannot reach a file twice (the walk guards against loops), so
    // a lone path needs no canonical names.
    if paths.len() > 1 {
        let mut seen = HashSet::new();
        files.retain(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    }
    (files, diags)
}

/// Whether the file at `path` is security XML by its root element, as a folder walk decides:
/// commands that take files by name use it to skip other XML quietly when asked to.
pub fn is_security_file(path: &Path) -> bool {
    sniff_security_root(path)
}

/// Reads text that is already in memory (tests, editors) as one file.
pub fn load_bytes(path: &str, bytes: &[u8], options: &LoadOptions) -> Loaded {
    let (file, model, diagnostics) = read_one(0, path, Ok(bytes.to_vec()), options);
    let mut loaded = Loaded { model, diagnostics };
    loaded.model.files.push(file);
    diag::sort(&mut loaded.diagnostics);
    loaded
}

fn read_files(files: &[PathBuf], options: &LoadOptions) -> Loaded {
    read_all(files.len(), options, |i| {
        (
            crate::input::shown(&files[i]),
            crate::input::read(&files[i], options.max_size),
        )
    })
}

/// Reads files that are already in memory, such as the open documents of an editor, as one run.
pub(crate) fn load_sources(sources: &[(String, Vec<u8>)], options: &LoadOptions) -> Loaded {
    let mut loaded = read_all(sources.len(), options, |i| {
        (sources[i].0.clone(), Ok(sources[i].1.clone()))
    });
    diag::sort(&mut loaded.diagnostics);
    loaded
}

/// Reads `count` files on the rayon pool; `bytes(i)` gives the path and bytes of file `i`. The
/// parts come back in file order, so the result does not depend on the threads.
fn read_all<F>(count: usize, options: &LoadOptions, bytes: F) -> Loaded
where
    F: Fn(usize) -> (String, Result<Vec<u8>, ReadFailure>) + Sync,
{
    crate::progress::phase(crate::progress::Phase::Reading);
    crate::progress::files_found(count);
    let read = |i: usize| {
        let (path, data) = bytes(i);
        let part = read_one(i, &path, data, options);
        crate::progress::file_read();
        part
    };
    let parts: Vec<FilePart> = crate::timing::phase("read files", || {
        crate::timing::quiet_per_file(count, || read_parts(count, options, &read))
    });
    crate::timing::phase("merge", || {
        let mut loaded = Loaded::default();
        // Sized once: 20,000 parts appended one by one moved every object again at each growth.
        let total = |len: fn(&Model) -> usize| parts.iter().map(|(_, m, _)| len(m)).sum::<usize>();
        let m = &mut loaded.model;
        m.files.reserve_exact(parts.len());
        m.roles.reserve_exact(total(|m| m.roles.len()));
        m.duties.reserve_exact(total(|m| m.duties.len()));
        m.privileges.reserve_exact(total(|m| m.privileges.len()));
        let mut found = diag::Capped::new(options.max_findings);
        for part in parts {
            let (file, model, diags) = part;
            loaded.model.files.push(file);
            loaded.model.append(model);
            found.extend(diags);
        }
        loaded.diagnostics = found.finish();
        loaded
    })
}

/// Each file read on its own, in file order. One file per task: a large backup's categories are
/// split again inside `read_one`, on the same pool, so the two levels share its threads instead
/// of multiplying them.
fn read_parts(
    count: usize,
    options: &LoadOptions,
    read: &(dyn Fn(usize) -> FilePart + Sync),
) -> Vec<FilePart> {
    use rayon::prelude::*;
    if threads(options) == 1 || count < 2 {
        (0..count).map(read).collect()
    } else {
        (0..count)
            .into_par_iter()
            .with_max_len(1)
            .map(read)
            .collect()
    }
}

/// Worker threads for `options`: `--threads`, or the size of the rayon pool (one per core unless
/// the binary built it with `--threads`). 1 runs everything on the calling thread.
pub(crate) fn threads(options: &LoadOptions) -> usize {
    match options.threads {
        0 => cores(),
        n => n,
    }
}

/// The threads of the one rayon pool all parallel work runs on. rayon asks the OS for the cores
/// once (`available_parallelism` reads cgroup files on every call: asking per file made a folder
/// of 20,000 files slower on two threads than on one).
pub fn cores() -> usize {
    rayon::current_num_threads()
}

/// One file read on its own: its text, the objects in it and what was found.
type FilePart = (SourceFile, Model, Vec<Diagnostic>);

fn read_one(
    id: FileId,
    path: &str,
    bytes: Result<Vec<u8>, ReadFailure>,
    options: &LoadOptions,
) -> FilePart {
    let mut model = Model::default();
    let bytes = match bytes {
        Ok(b) => b,
        Err(failure) => {
            let d = Diagnostic::error(failure.code(), format!("cannot read {path}: {failure}"))
                .in_file(id)
                .with_help(failure.help());
            return (
                SourceFile::new(path, String::new(), Encoding::Utf8),
                model,
                vec![d],
            );
        }
    };
    let decoded = crate::timing::phase("decode", || source::decode_owned(id, path, bytes));
    let mut diags = decoded.diagnostics;
    let file = decoded.file;
    if decoded.fatal {
        return (file, model, diags);
    }
    if file.text.trim().is_empty() {
        diags.push(
            Diagnostic::error(codes::XML_NOT_WELL_FORMED, "the file is empty")
                .at(id, crate::span::Span::empty_at(0))
                .with_label("no content")
                .with_help("export the file again; an empty file cannot be restored"),
        );
        return (file, model, diags);
    }
    if let Some(doc) = crate::timing::phase("parse", || crate::xml::read(id, &file, &mut diags)) {
        crate::timing::phase("lower", || {
            let lowering = crate::dialect::Lowering {
                dialect: options.dialect,
                threads: threads(options),
                max_findings: options.max_findings,
            };
            crate::dialect::lower(id, &file.text, &doc, &lowering, &mut model, &mut diags)
        });
    }
    diag::cap(&mut diags, options.max_findings);
    (file, model, diags)
}

/// Adds `path` (a file) or the security XML below it (a folder) to `files`, in sorted order.
fn expand(path: &Path, files: &mut Vec<PathBuf>, diags: &mut Vec<Diagnostic>) {
    if crate::input::is_stdin(path) {
        files.push(path.to_path_buf());
        return;
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            let before = files.len();
            let mut seen = HashSet::new();
            walk(path, false, &security_folder, files, diags, &mut seen);
            if files.len() == before {
                diags.push(
                    Diagnostic::error(codes::UNREADABLE, format!("found no security XML files below {}", path.display()))
                        .with_help("point at a model folder with AxSecurityRole/, AxSecurityDuty/ or AxSecurityPrivilege/ folders, or at XML files directly"),
                );
            }
        }
        // Files, and paths that do not exist (read_one reports them with the OS error).
        _ => files.push(path.to_path_buf()),
    }
}

/// What a folder walk does with a subfolder, decided by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FolderKind {
    /// Every XML file in it is taken without being opened (`AxSecurityRole/`).
    TakeAll,
    /// Its XML files are taken when their root element is security XML.
    Sniff,
    /// Never entered.
    Skip,
}

/// The folders of a security run: the AOT security folders and the menu item folders (whose
/// license properties `secgov license` and SG503 read) are taken whole, the rest sniffed.
fn security_folder(name: &str) -> FolderKind {
    if AOT_FOLDERS.contains(&name) || crate::model::MenuItemKind::from_element(name).is_some() {
        FolderKind::TakeAll
    } else {
        FolderKind::Sniff
    }
}

/// Adds the XML files below `dir` to `files` in path order: all of them when `take_all`, else
/// those whose root is security XML; `kind_of` says what to do with each subfolder. Each folder
/// is read once (`seen`), a link back to one already read is a warning.
pub(crate) fn walk(
    dir: &Path,
    take_all: bool,
    kind_of: &dyn Fn(&str) -> FolderKind,
    files: &mut Vec<PathBuf>,
    diags: &mut Vec<Diagnostic>,
    seen: &mut HashSet<PathBuf>,
) {
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !seen.insert(canonical) {
        diags.push(
            Diagnostic::warning(
                codes::UNREADABLE,
                format!(
                    "{} leads back to a folder already read (a symbolic link loop)",
                    dir.display()
                ),
            )
            .with_help("the folder was read once; remove the link if it is not intended"),
        );
        return;
    }
    // The entry's type comes with the directory listing on most file systems; only symbolic links
    // need a stat to learn where they lead. (A stat per file was a fifth of reading a folder of
    // 20,000 AOT files, on the one thread that walks.)
    let mut entries: Vec<(std::ffi::OsString, PathBuf, bool)> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| {
                let path = e.path();
                let is_dir = match e.file_type() {
                    Ok(t) if !t.is_symlink() => t.is_dir(),
                    _ => path.is_dir(),
                };
                (e.file_name(), path, is_dir)
            })
            .collect(),
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
    // All entries share `dir`, so ordering by file name is path order. The names come with the
    // listing: taking them from the paths again in every comparison was a tenth of a run over
    // 20,000 files, on the one thread that walks.
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (name, entry, is_dir) in entries {
        let name = name.to_string_lossy();
        // A staging folder or temporary file left by a killed secgov run is never input.
        if crate::write::stage::is_leftover(&name) {
            continue;
        }
        if is_dir {
            match kind_of(&name) {
                FolderKind::Skip => {}
                kind => walk(
                    &entry,
                    kind == FolderKind::TakeAll,
                    kind_of,
                    files,
                    diags,
                    seen,
                ),
            }
        } else if entry
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
            && (take_all || sniff_security_root(&entry))
        {
            files.push(entry);
        }
    }
}

/// Whether a loose XML file's root element names a security dialect (reads its first 4 KiB).
/// A FIFO, socket or device is not opened (a FIFO would block): it counts as security XML, so
/// that reading it reports why it cannot be read instead of skipping it without a word.
fn sniff_security_root(path: &Path) -> bool {
    use std::io::Read;
    if crate::input::is_special(path) {
        return true;
    }
    let mut head = [0u8; 4096];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let decoded = source::decode(0, "", &head[..n]);
    let Some(name) = crate::xml::root_name(&decoded.file.text) else {
        return false;
    };
    let local = name.rsplit(':').next().unwrap_or("");
    // A reference catalog lying in a folder is not input: it holds every standard object,
    // which would then be checked as if it were the team's own (pass it with --reference).
    crate::dialect::detect(local).is_some_and(|d| d != Dialect::Catalog)
}
