//! Findings as plain data: one `Diagnostic` type shared by readers, rules and renderers.
//!
//! Readers and rules never return findings as `Err`; they push `Diagnostic`s and carry on, so one
//! run reports everything. Renderers (`crate::render`) turn them into text for people or tools.

mod cap;
pub mod codes;

pub use cap::{Capped, DEFAULT_MAX_FINDINGS, cap, is_counted_apart, left_out};

use crate::span::{FileId, Span};
use serde::Serialize;
use std::fmt;

/// What renderers need to know about a rule (SARIF rule descriptors, JUnit test names, ...).
/// The rule registry (`crate::rules::metas`) provides one per code; it lives here, below both,
/// so that rules and renderers share it without knowing each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleMeta {
    pub code: &'static str,
    /// Kebab-case name, e.g. `duplicate-category-name`.
    pub name: &'static str,
    /// One-line summary.
    pub summary: &'static str,
    pub default_severity: Severity,
}

/// How serious a finding is. Ordered so that `Error > Warning > Note`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(ascii_case_insensitive)]
pub enum Severity {
    #[strum(to_string = "note", serialize = "info")]
    Note,
    #[strum(to_string = "warning", serialize = "warn")]
    Warning,
    #[strum(to_string = "error")]
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Any case; `info` and `warn` are accepted for note and warning.
    pub fn parse(s: &str) -> Option<Severity> {
        s.parse().ok()
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary place that explains the finding, such as the first definition of a duplicate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

/// One finding about the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code such as `SG001`; never reused for another meaning.
    pub code: &'static str,
    pub severity: Severity,
    /// What is wrong, in the words of a security administrator.
    pub message: String,
    /// The file the finding is about; `None` for findings about the run (for example a missing path).
    pub file: Option<FileId>,
    /// The exact element, attribute or value.
    pub span: Option<Span>,
    /// Short text shown at the primary span.
    pub label: Option<String>,
    pub related: Vec<Related>,
    /// How to fix it.
    pub help: Option<String>,
    /// Path to the element with its key, e.g. `SecurityCategory[Name='Procure to pay']/Process[Name='Maintain vendors']`.
    pub element_path: Option<String>,
}

impl Diagnostic {
    pub fn new(code: &'static str, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity,
            message: clip(message.into()),
            file: None,
            span: None,
            label: None,
            related: Vec::new(),
            help: None,
            element_path: None,
        }
    }

    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, message)
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Warning, message)
    }

    pub fn note(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Note, message)
    }

    pub fn at(mut self, file: FileId, span: Span) -> Self {
        self.file = Some(file);
        self.span = Some(span);
        self
    }

    pub fn in_file(mut self, file: FileId) -> Self {
        self.file = Some(file);
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(clip(label.into()));
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(clip(help.into()));
        self
    }

    pub fn with_related(mut self, file: FileId, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            file,
            span,
            message: clip(message.into()),
        });
        self
    }

    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.element_path = Some(path.into());
        self
    }
}

/// Longest message, label or help kept whole, in characters. Findings quote names and values from
/// the file; a hostile 50 MiB attribute must not become a 50 MiB message.
pub const LONGEST_TEXT: usize = 1_000;

/// `text` with its middle replaced by `…` when it is longer than [`LONGEST_TEXT`]: the start and
/// the end of a quoted value are what a reader recognises.
fn clip(text: String) -> String {
    if text.len() <= LONGEST_TEXT || text.chars().nth(LONGEST_TEXT).is_none() {
        return text;
    }
    // Byte offsets found by walking characters from either end: O(LONGEST_TEXT), not O(text).
    let head_end = text
        .char_indices()
        .nth(LONGEST_TEXT * 2 / 3)
        .map_or(text.len(), |(i, _)| i);
    let tail_start = text
        .char_indices()
        .rev()
        .nth(LONGEST_TEXT / 3 - 1)
        .map_or(0, |(i, _)| i);
    if tail_start <= head_end {
        return text;
    }
    let left_out = text[head_end..tail_start].chars().count();
    format!(
        "{} … ({left_out} characters left out) … {}",
        &text[..head_end],
        &text[tail_start..]
    )
}

/// Deterministic report order: by file, then position, then code, then message.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.file, a.span.map(|s| s.start), a.code, &a.message).cmp(&(
            b.file,
            b.span.map(|s| s.start),
            b.code,
            &b.message,
        ))
    });
}

/// The closest of `candidates` to `word`, for "did you mean" help; `None` when nothing is close.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let len = lower.chars().count();
    candidates
        .into_iter()
        .filter_map(|c| {
            let n = c.chars().count();
            let limit = (n.max(3) / 3).max(1).max(if c.len() > 3 { 2 } else { 0 });
            // The distance (strsim's Levenshtein, in characters) is at least the difference in
            // length: skip the quadratic edit distance for words that cannot be close (a hostile 50 MiB name).
            (len.abs_diff(n) <= limit).then(|| (strsim::levenshtein(&lower, &c.to_lowercase()), c))
        })
        .filter(|(d, c)| *d <= (c.chars().count().max(3) / 3).max(1) || (*d <= 2 && c.len() > 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The spellings come from strum's derives now; these are the ones users and files write.
    #[test]
    fn severity_spellings() {
        for (s, want) in [
            ("note", Severity::Note),
            ("INFO", Severity::Note),
            ("Warn", Severity::Warning),
            ("warning", Severity::Warning),
            ("Error", Severity::Error),
        ] {
            assert_eq!(Severity::parse(s), Some(want), "{s}");
        }
        assert_eq!(Severity::parse("fatal"), None);
        let names: Vec<&str> = [Severity::Note, Severity::Warning, Severity::Error]
            .map(Severity::as_str)
            .to_vec();
        assert_eq!(names, ["note", "warning", "error"]);
        for p in crate::model::Permission::ALL {
            assert_eq!(
                crate::model::Permission::parse(&p.as_str().to_uppercase()),
                Some(p)
            );
        }
        for g in crate::model::GrantScope::ALL {
            assert_eq!(crate::model::GrantScope::parse(g.as_str()), Some(g));
        }
        assert_eq!(
            crate::model::GrantScope::parse("grant"),
            None,
            "element names are exact"
        );
        assert_eq!(crate::model::Access::Allow.as_str(), "Allow");
        assert_eq!(
            crate::model::BackupType::GovernanceAndConfiguration.as_str(),
            "GovernanceAndConfiguration"
        );
        assert_eq!(crate::render::Format::Github.as_str(), "github");
    }

    #[test]
    fn long_messages_keep_their_start_and_end() {
        let d = Diagnostic::error(
            codes::XML_NOT_WELL_FORMED,
            format!("`{}` is not a backup Type", "A".repeat(1_000_000)),
        );
        assert!(d.message.len() < 2 * LONGEST_TEXT);
        assert!(d.message.starts_with("`AAA") && d.message.ends_with("` is not a backup Type"));
        assert!(d.message.contains("characters left out"));
        let short = Diagnostic::error(codes::XML_NOT_WELL_FORMED, "é".repeat(LONGEST_TEXT));
        assert_eq!(short.message, "é".repeat(LONGEST_TEXT));
    }

    #[test]
    fn a_huge_word_gets_no_suggestion_quickly() {
        let word = "SecurityCategory".repeat(1_000_000);
        assert_eq!(did_you_mean(&word, ["SecurityCategory"]), None);
    }

    #[test]
    fn suggests_close_names_only() {
        let known = ["SecurityCategory", "ProcessHierarchy", "Process"];
        assert_eq!(
            did_you_mean("SecurityCatgory", known),
            Some("SecurityCategory")
        );
        assert_eq!(
            did_you_mean("processhierarchy", known),
            Some("ProcessHierarchy")
        );
        assert_eq!(did_you_mean("Banana", known), None);
    }
}
