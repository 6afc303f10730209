//! Renderers: turn diagnostics (and other results) into text for people and tools.
//!
//! [`render_diagnostics`] is the one entry point for `--format`: human output through miette,
//! and the machine-readable formats (JSON, SARIF 2.1.0, GitHub workflow commands, JUnit XML)
//! that pipelines publish. Every format is deterministic: no timestamps, no absolute paths that
//! were not given, files and findings in the order they come in (`diag::sort`).

pub mod github;
pub mod human;
pub mod inspect;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod statistics;

use crate::diag::{Diagnostic, Severity};
use crate::source::SourceFile;
use crate::span::{FileId, Span};
use human::HumanOptions;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

pub use crate::diag::RuleMeta;

/// How diagnostics are written (`--format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
pub enum Format {
    /// For people: the source line with labels and help (miette), then a count.
    Human,
    /// JSON with a stable, versioned schema (`docs/output-formats.md`).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands, shown as annotations on the pull request.
    Github,
    /// JUnit XML, for Azure DevOps' Publish Test Results task and other CI test views.
    Junit,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Junit,
    ];

    /// The name on the command line, e.g. `sarif`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Reads a format name, ignoring case and surrounding white space.
    pub fn parse(s: &str) -> Option<Format> {
        let s = s.trim();
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s))
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A format name that is not one of [`Format::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, miette::Diagnostic)]
#[diagnostic(
    code(secgov::unknown_format),
    help("use one of: human, json, sarif, github, junit")
)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<_> = Format::ALL.iter().map(|f| f.as_str()).collect();
        write!(
            f,
            "unknown output format `{}` (expected one of: {})",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::parse(s).ok_or_else(|| UnknownFormat(s.to_owned()))
    }
}

/// Renders `diagnostics` about `files` in `format`. `rules` describes the codes (SARIF rule
/// descriptors, names in titles); codes missing from it are still rendered, by code alone.
/// `human` only matters for [`Format::Human`]. The machine formats end with a newline.
pub fn render_diagnostics(
    format: Format,
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
    rules: &[RuleMeta],
    human: HumanOptions,
) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail, and every piece written is UTF-8.
    let _ = render_diagnostics_into(format, files, diagnostics, rules, human, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`render_diagnostics`] written to `out` as it is rendered: the human report and JSON are
/// streamed, so a report of many thousands of findings is never held whole.
pub fn render_diagnostics_into(
    format: Format,
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
    rules: &[RuleMeta],
    human: HumanOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Human => {
            if diagnostics.is_empty() {
                return Ok(());
            }
            human::render_into(files, diagnostics, human, out)?;
            writeln!(out, "{}", human::summary(diagnostics))
        }
        Format::Json => json::render_into(files, diagnostics, rules, out),
        Format::Sarif => out.write_all(sarif::render(files, diagnostics, rules).as_bytes()),
        Format::Github => out.write_all(github::render(files, diagnostics, rules).as_bytes()),
        Format::Junit => out.write_all(junit::render(files, diagnostics, rules).as_bytes()),
    }
}

/// A position in a file in every unit a consumer might want.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters (Unicode scalar values), as editors show it.
    pub column: usize,
    /// Byte offset into the decoded UTF-8 text.
    pub offset: usize,
}

/// Where a diagnostic (or one of its related places) points.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place<'a> {
    pub path: &'a str,
    /// Start and end (exclusive) of the span, when there is one.
    pub range: Option<(Position, Position)>,
}

impl Place<'_> {
    /// `path:line:column`, or the bare path when there is no span.
    pub fn display(&self) -> String {
        match self.range {
            Some((start, _)) => format!("{}:{}:{}", self.path, start.line, start.column),
            None => self.path.to_owned(),
        }
    }
}

/// Resolves a file and span to a path and line/column range. `None` when the diagnostic is about
/// the run rather than a file, or the file id is unknown (never panics on bad ids or spans).
pub(crate) fn place(
    files: &[SourceFile],
    file: Option<FileId>,
    span: Option<Span>,
) -> Option<Place<'_>> {
    let f = files.get(file?)?;
    let position = |offset: usize| {
        let offset = offset.min(f.text.len());
        let lc = f.line_col(offset);
        Position {
            line: lc.line,
            column: lc.column,
            offset,
        }
    };
    Some(Place {
        path: &f.path,
        range: span.map(|s| (position(s.start), position(s.end.max(s.start)))),
    })
}

/// Whether `d` says that its file could not be read at all (missing, a folder, too large): nothing
/// in it was checked and the path may name no file, so the machine formats report it about the run
/// (a SARIF tool notification, the JUnit run suite, a JSON entry without a path, a GitHub command
/// without a file), as `docs/output-formats.md` says.
pub(crate) fn is_unread_input(files: &[SourceFile], d: &Diagnostic) -> bool {
    use crate::diag::codes::{LIMIT_EXCEEDED, UNREADABLE};
    d.span.is_none()
        && d.severity == Severity::Error
        && (d.code == UNREADABLE || d.code == LIMIT_EXCEEDED)
        && d.file
            .and_then(|f| files.get(f))
            .is_some_and(|f| f.text.is_empty())
}

/// Where `d` points, or `None` when it is about the run, including an input that could not be
/// read ([`is_unread_input`]).
pub(crate) fn site<'a>(files: &'a [SourceFile], d: &Diagnostic) -> Option<Place<'a>> {
    if is_unread_input(files, d) {
        return None;
    }
    place(files, d.file, d.span)
}

/// The message, with the fix and the element path on their own lines, for formats that have no
/// place of their own for them (SARIF, GitHub annotations): viewers show the message in full.
pub(crate) fn message_text(d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    if let Some(path) = &d.element_path {
        text.push_str("\nat ");
        text.push_str(path);
    }
    text
}

/// A path as tools that resolve it against a checkout want it: forward slashes, no leading `./`.
pub(crate) fn forward_path(path: &str) -> String {
    let mut p = path.replace('\\', "/");
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_owned();
    }
    p
}

/// The rule describing `code`, if the caller gave one.
pub(crate) fn rule_for<'a>(rules: &'a [RuleMeta], code: &str) -> Option<&'a RuleMeta> {
    rules.iter().find(|r| r.code == code)
}

/// Number of diagnostics of each severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Counts {
    pub fn of(diagnostics: &[Diagnostic]) -> Counts {
        let mut c = Counts::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Note => c.notes += 1,
            }
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip_and_ignore_case() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.as_str()), Some(f));
            assert_eq!(f.to_string().parse::<Format>(), Ok(f));
        }
        assert_eq!(Format::parse(" SARIF "), Some(Format::Sarif));
        let err = "xml".parse::<Format>().unwrap_err();
        assert!(
            err.to_string()
                .contains("human, json, sarif, github, junit")
        );
    }

    #[test]
    fn place_clamps_spans_past_the_end() {
        let files = [SourceFile::new(
            "a.xml",
            "<a>\n</a>".into(),
            crate::source::Encoding::Utf8,
        )];
        let p = place(&files, Some(0), Some(Span::new(4, 99))).unwrap();
        let (start, end) = p.range.unwrap();
        assert_eq!((start.line, start.column), (2, 1));
        assert_eq!((end.line, end.column, end.offset), (2, 5, 8));
        assert!(place(&files, Some(3), None).is_none());
        assert_eq!(p.display(), "a.xml:2:1");
    }
}
