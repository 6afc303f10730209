//! Diagnostics as JSON with a stable, versioned schema (`docs/output-formats.md`).
//!
//! The top-level `secgov_diagnostics` number is the schema version: fields may be added within a
//! version, never renamed or removed. Fields without a value are `null` rather than missing, so
//! consumers can rely on every key being there.

use super::{Counts, Position, RuleMeta, place, rule_for, site};
use crate::diag::{Diagnostic, Severity};
use crate::source::SourceFile;
use serde::Serialize;
use std::io::Write;

/// The version of the schema written in `secgov_diagnostics`.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    secgov_diagnostics: u32,
    diagnostics: Entries<'a>,
    summary: Counts,
    /// Findings past `--max-findings` that are not in `diagnostics` (SG099 says so too).
    left_out: usize,
}

#[derive(Serialize)]
struct Entry<'a> {
    code: &'a str,
    /// The rule's kebab-case name, when the rule is known.
    name: Option<&'a str>,
    severity: Severity,
    message: &'a str,
    path: Option<&'a str>,
    start: Option<Position>,
    end: Option<Position>,
    label: Option<&'a str>,
    help: Option<&'a str>,
    element_path: Option<&'a str>,
    related: Vec<RelatedEntry<'a>>,
}

#[derive(Serialize)]
struct RelatedEntry<'a> {
    message: &'a str,
    path: Option<&'a str>,
    start: Option<Position>,
    end: Option<Position>,
}

/// Writes the diagnostics to `out` as one pretty-printed JSON document followed by a newline,
/// serialized as it is written: each entry is built when it is written, so a report of many
/// thousands of findings is never held whole.
pub fn render_into(
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
    rules: &[RuleMeta],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let output = Output {
        secgov_diagnostics: SCHEMA_VERSION,
        diagnostics: Entries {
            files,
            diagnostics,
            rules,
        },
        summary: Counts::of(diagnostics),
        left_out: crate::diag::left_out(diagnostics),
    };
    let mut out = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &output).map_err(std::io::Error::other)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// The diagnostics as a JSON array of [`Entry`], made one at a time as they are serialized.
struct Entries<'a> {
    files: &'a [SourceFile],
    diagnostics: &'a [Diagnostic],
    rules: &'a [RuleMeta],
}

impl Serialize for Entries<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let files = self.files;
        let mut seq = s.serialize_seq(Some(self.diagnostics.len()))?;
        for d in self.diagnostics {
            // An input that could not be read has no path: the path may name no file.
            let at = site(files, d);
            seq.serialize_element(&Entry {
                code: d.code,
                name: rule_for(self.rules, d.code).map(|r| r.name),
                severity: d.severity,
                message: &d.message,
                path: at.map(|p| p.path),
                start: at.and_then(|p| p.range).map(|r| r.0),
                end: at.and_then(|p| p.range).map(|r| r.1),
                label: d.label.as_deref(),
                help: d.help.as_deref(),
                element_path: d.element_path.as_deref(),
                related: d
                    .related
                    .iter()
                    .map(|r| {
                        let at = place(files, Some(r.file), Some(r.span));
                        RelatedEntry {
                            message: &r.message,
                            path: at.map(|p| p.path),
                            start: at.and_then(|p| p.range).map(|r| r.0),
                            end: at.and_then(|p| p.range).map(|r| r.1),
                        }
                    })
                    .collect(),
            })?;
        }
        seq.end()
    }
}
