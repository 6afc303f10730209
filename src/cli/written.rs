//! What the round-trip commands (unpack, pack, convert) share: reporting findings, refusing to
//! overwrite, and writing a whole folder or one file only when nothing stands in the way.

use super::output;
use secgov::diag::{self, Diagnostic, Severity};
use secgov::exit;
use secgov::load::Loaded;
use secgov::roundtrip::folder::{self, OutputFile};
use secgov::source::{Encoding, SourceFile};
use secgov::write::atomic;
use std::path::Path;

/// Reports every finding; returns the exit status to stop with, if the output must not be written.
pub(crate) fn report(
    loaded: &Loaded,
    mut found: Vec<Diagnostic>,
    color: bool,
    max_findings: usize,
) -> std::io::Result<Option<i32>> {
    found.extend(loaded.diagnostics.iter().cloned());
    // Capping sorts.
    diag::cap(&mut found, max_findings);
    output::report(&loaded.model.files, &found, color)?;
    if loaded.has_input_errors() {
        return Ok(Some(exit::ERROR));
    }
    let blocking = found.iter().any(|d| {
        d.severity == Severity::Error
            && matches!(
                d.code,
                secgov::diag::codes::NAME_CLASH
                    | secgov::diag::codes::LEFT_OUT
                    | secgov::diag::codes::NOT_AN_AOT_NAME
            )
    });
    Ok(blocking.then_some(exit::FINDINGS))
}

/// Every output is read again, through the reader every command uses, before it is written: a
/// writer bug must never reach a file someone imports. Returns false (after saying so) when
/// `text` is not XML secgov could read back.
fn parses(path: &Path, text: &str) -> bool {
    let file = SourceFile::new(path.display().to_string(), text.to_owned(), Encoding::Utf8);
    let mut found = Vec::new();
    if secgov::xml::read(0, &file, &mut found).is_some() {
        return true;
    }
    let why = found.first().map_or("", |d| d.message.as_str());
    eprintln!(
        "secgov: internal error: {} would not be well-formed XML ({why}); nothing was written. Please report this.",
        path.display()
    );
    false
}

/// The files a load read, as paths: what an output must not be (SG954).
pub(crate) fn inputs(loaded: &Loaded) -> Vec<&Path> {
    loaded
        .model
        .files
        .iter()
        .map(|f| Path::new(f.path.as_str()))
        .collect()
}

/// Says so and returns false when `out` is one of `inputs` (SG954).
pub(crate) fn not_an_input(out: &Path, inputs: &[&Path]) -> bool {
    match atomic::check_not_input(out, inputs) {
        Ok(()) => true,
        Err(e) => {
            eprintln!("secgov: {e}; nothing was written");
            false
        }
    }
}

/// Writes every file below `root`, or none: existing files are refused unless `force`, and so is
/// a file that is one of `inputs`.
pub(crate) fn folder(
    root: &Path,
    files: &[OutputFile],
    force: bool,
    inputs: &[&Path],
) -> std::io::Result<i32> {
    let xml = |f: &&OutputFile| f.path.extension().is_some_and(|e| e == "xml");
    if !files.iter().filter(xml).all(|f| parses(&f.path, &f.text)) {
        return Ok(exit::ERROR);
    }
    if !files
        .iter()
        .all(|f| not_an_input(&root.join(&f.path), inputs))
    {
        return Ok(exit::ERROR);
    }
    let existing = folder::existing(root, files);
    if !force && !existing.is_empty() {
        let shown: Vec<String> = existing
            .iter()
            .take(5)
            .map(|p| format!("  {}", p.display()))
            .collect();
        let more = existing.len().saturating_sub(shown.len());
        eprintln!(
            "secgov: {} file{} already exist{} below {}; nothing was written. Pass --force to overwrite them.\n{}{}",
            existing.len(),
            if existing.len() == 1 { "" } else { "s" },
            if existing.len() == 1 { "s" } else { "" },
            root.display(),
            shown.join("\n"),
            if more > 0 {
                format!("\n  ... and {more} more")
            } else {
                String::new()
            }
        );
        return Ok(exit::ERROR);
    }
    match folder::write_all(root, files, force) {
        Ok(()) => Ok(exit::SUCCESS),
        Err(e) => {
            eprintln!("secgov: {e}");
            Ok(exit::ERROR)
        }
    }
}

/// Writes one file atomically, refusing to overwrite unless `force`, and refusing one of
/// `inputs` always.
pub(crate) fn file(path: &Path, text: &str, force: bool, inputs: &[&Path]) -> std::io::Result<i32> {
    if !parses(path, text) || !not_an_input(path, inputs) {
        return Ok(exit::ERROR);
    }
    match atomic::write(path, text.as_bytes(), force) {
        Ok(()) => Ok(exit::SUCCESS),
        Err(e) => {
            eprintln!("secgov: {e}; nothing was written");
            Ok(exit::ERROR)
        }
    }
}

/// "3 roles" / "1 role".
pub(crate) fn count(n: usize, word: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { word } else { plural })
}
