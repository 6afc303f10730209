//! Human output through miette: the source line, labels on the exact place, related places, help.
//!
//! Snapshots call [`render`] with `color: false` and width 80 so output is deterministic.

use crate::diag::{Diagnostic, Severity};
use crate::source::SourceFile;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::fmt;

/// Options for human output.
#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    pub color: bool,
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        HumanOptions {
            color: false,
            width: 80,
        }
    }
}

/// Longest line, in bytes, shown under a finding.
const LONGEST_SHOWN_LINE: usize = 10_000;

/// Renders every diagnostic, each followed by a blank line.
pub fn render(files: &[SourceFile], diagnostics: &[Diagnostic], options: HumanOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false)
        .with_context_lines(1)
        .tab_width(4);
    let mut out = String::new();
    for d in diagnostics {
        let report = Report::new(files, d);
        if handler.render_report(&mut out, &report).is_err() {
            out.push_str(&format!("{}[{}]: {}\n", d.severity, d.code, d.message));
        }
        out.push('\n');
    }
    out
}

/// A one-line count such as `2 errors, 1 warning`.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}, {}",
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        plural(count(Severity::Note), "note")
    )
}

/// A file's text under its path, borrowed rather than copied (miette's `NamedSource` would copy).
struct Source<'a> {
    file: &'a SourceFile,
}

impl SourceCode for Source<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.file.text.as_str().read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.path.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// Adapts one [`Diagnostic`] to miette; related places in other files become related reports.
struct Report<'a> {
    d: &'a Diagnostic,
    source: Option<Source<'a>>,
    help: Option<String>,
    message: String,
    related: Vec<Report<'a>>,
    severity: Severity,
    labels: Vec<LabeledSpan>,
}

impl<'a> Report<'a> {
    fn new(files: &'a [SourceFile], d: &'a Diagnostic) -> Self {
        let file = d.file.and_then(|f| files.get(f));
        let mut labels = Vec::new();
        if let Some(span) = d.span {
            labels.push(LabeledSpan::new_primary_with_span(
                d.label.clone(),
                (span.start, span.len()),
            ));
        }
        let mut related = Vec::new();
        for r in &d.related {
            if Some(r.file) == d.file {
                labels.push(LabeledSpan::new_with_span(
                    Some(r.message.clone()),
                    (r.span.start, r.span.len()),
                ));
            } else if let Some(other) = files.get(r.file) {
                related.push(Report {
                    d,
                    source: Some(Source { file: other }),
                    help: None,
                    message: r.message.clone(),
                    related: Vec::new(),
                    severity: Severity::Note,
                    labels: vec![LabeledSpan::new_primary_with_span(
                        Some(r.message.clone()),
                        (r.span.start, r.span.len()),
                    )],
                });
            }
        }
        let mut message = d.message.clone();
        let mut snippet = true;
        match (file, d.span) {
            (Some(f), Some(span)) => {
                let lc = f.line_col(span.start);
                message = format!("{}:{}:{}: {message}", f.path, lc.line, lc.column);
                // miette shows whole lines: a hostile one-line file would be printed once per
                // finding. Such lines are located but not shown.
                let end = f.line_col(span.end).line;
                if f.line_len(lc.line).max(f.line_len(end)) > LONGEST_SHOWN_LINE {
                    snippet = false;
                    message.push_str(" (the line is too long to show)");
                }
            }
            (Some(f), None) => message = format!("{}: {message}", f.path),
            _ => {}
        }
        let mut help = d.help.clone();
        if let Some(path) = &d.element_path {
            help = Some(
                format!("{}\nat {path}", help.unwrap_or_default())
                    .trim_start()
                    .to_owned(),
            );
        }
        Report {
            d,
            source: file
                .filter(|_| d.span.is_some() && snippet)
                .map(|file| Source { file }),
            help,
            message,
            related,
            severity: d.severity,
            labels: if snippet { labels } else { Vec::new() },
        }
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        if self.severity == Severity::Note && !self.related.is_empty() {
            return Some(Box::new(self.d.code));
        }
        Some(Box::new(self.d.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}
