//! Writing results: to standard output (a closed pipe is not an error), and reporting read
//! diagnostics to standard error.

use secgov::diag::Diagnostic;
use secgov::render::human::{self, HumanOptions};
use secgov::source::SourceFile;
use std::io::Write;

/// Writes `text` to standard output; the caller maps a broken pipe to success.
pub(crate) fn stdout(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Prints diagnostics for people on standard error.
pub(crate) fn report(
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
    color: bool,
) -> std::io::Result<()> {
    if diagnostics.is_empty() {
        return Ok(());
    }
    let width = terminal_width();
    // Streamed: the report of a large run is tens of megabytes that need not be held at once.
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    human::render_into(files, diagnostics, HumanOptions { color, width }, &mut err)?;
    writeln!(err, "{}", human::summary(diagnostics))?;
    err.flush()
}

/// The width human output wraps at: `COLUMNS` when set, else the terminal's (the first of
/// standard output, error and input that is one), else 100; never below 40. Tests and CI set
/// `COLUMNS` and have no terminal, so their output does not depend on the window.
pub(crate) fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
        .filter(|w| *w >= 40)
        .unwrap_or(100)
}
