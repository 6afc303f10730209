//! Diagnostics as JSON with a stable, versioned schema (`docs/output-formats.md`).
//!
//! The top-level `secgov_diagnostics` number is the schema version: fields may be added within a
//! version, never renamed or removed. Fields without a value are `null` rather than missing, so
//! consumers can rely on every key being there.

use super::{Counts, Position, RuleMeta, place, rule_for, site};
use crate::diag::{Diagnostic, Severity};
use crate::source::SourceFile;
use serde::Serialize;

/// The version of the schema written in `secgov_diagnostics`.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    secgov_diagnostics: u32,
    diagnostics: Vec<Entry<'a>>,
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

/// Renders the diagnostics as one pretty-printed JSON document followed by a newline.
pub fn render(files: &[SourceFile], diagnostics: &[Diagnostic], rules: &[RuleMeta]) -> String {
    let entries = diagnostics
        .iter()
        .map(|d| {
            // An input that could not be read has no path: the path may name no file.
            let at = site(files, d);
            Entry {
                code: d.code,
                name: rule_for(rules, d.code).map(|r| r.name),
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
            }
        })
        .collect();
    let output = Output {
        secgov_diagnostics: SCHEMA_VERSION,
        diagnostics: entries,
        summary: Counts::of(diagnostics),
        left_out: crate::diag::left_out(diagnostics),
    };
    // Serializing plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&output).unwrap_or_default();
    text.push('\n');
    text
}
