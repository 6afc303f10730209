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

/// Renders every diagnostic, each followed by a blank line.
pub fn render(files: &[SourceFile], diagnostics: &[Diagnostic], options: HumanOptions) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and every piece written is a String.
    let _ = render_into(files, diagnostics, options, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`render`], written to `out` as it goes. Large reports are rendered in chunks on the rayon pool (a
/// 100 MB backup can have tens of thousands of findings, at tens of microseconds each), a batch
/// of chunks at a time written in order, so the text is the same as rendering one by one and the
/// whole report is never held in memory.
pub fn render_into(
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
    options: HumanOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let threads = rayon::current_num_threads();
    if threads == 1 || diagnostics.len() <= CHUNK {
        return out.write_all(render_chunk(files, diagnostics, options).as_bytes());
    }
    for batch in diagnostics.chunks(CHUNK * threads * 4) {
        let parts: Vec<String> = batch
            .par_chunks(CHUNK)
            .map(|chunk| render_chunk(files, chunk, options))
            .collect();
        for part in parts {
            out.write_all(part.as_bytes())?;
        }
    }
    Ok(())
}

/// Findings rendered by one thread at a time.
const CHUNK: usize = 512;

fn render_chunk(files: &[SourceFile], diagnostics: &[Diagnostic], options: HumanOptions) -> String {
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
        let text = self.file.text.as_str();
        if let Some(window) = long_line_window(self.file, span.offset(), span.offset() + span.len())
        {
            // miette asks without context for the header's line:column, which should be the
            // span's own position; with context for the snippet, which starts at the window.
            let start = if before == 0 && after == 0 {
                self.file.line_col(span.offset())
            } else {
                self.file.line_col(window.0)
            };
            return Ok(Box::new(MietteSpanContents::new_named(
                self.file.path.clone(),
                &text.as_bytes()[window.0..window.1],
                SourceSpan::from((window.0, window.1 - window.0)),
                start.line - 1,
                start.column - 1,
                1,
            )));
        }
        // miette counts lines from the start of the text it is given, which costs the whole
        // file per finding; give it only the lines around the span and shift the result back.
        let first_line = self
            .file
            .line_col(span.offset())
            .line
            .saturating_sub(before)
            .max(1);
        let last_line = self.file.line_col(span.offset() + span.len()).line + after + 1;
        let slice_start = self.file.offset_of(first_line, 1).min(span.offset());
        let slice_end = self
            .file
            .offset_of(last_line + 1, 1)
            .max(span.offset() + span.len())
            .min(text.len());
        let local = SourceSpan::from((span.offset() - slice_start, span.len()));
        let inner = text[slice_start..slice_end].read_span(&local, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.path.clone(),
            inner.data(),
            SourceSpan::from((inner.span().offset() + slice_start, inner.span().len())),
            inner.line() + first_line - 1,
            inner.column(),
            // The lines shown, not (as miette's own reader counts) every line from the start of
            // the text: miette merges two labels' snippets when the first one's line plus this
            // count reaches the second, so counting from the start merged every label of a file
            // into one snippet spanning all lines between them (an SG602 cluster across a large
            // file showed the file). Labels whose context lines touch still share one snippet.
            inner.line_count(),
        )))
    }
}

/// Longest source line shown in full; longer lines (one-line exports) are cut to a window.
const MAX_LINE: usize = 400;
/// Characters of context kept on each side of a span on a long line.
const WINDOW: usize = 60;

/// For a span on a line longer than [`MAX_LINE`], the byte range of a window around it;
/// `None` when the line is short enough to show whole. The line's ends come from the file's line
/// index: searching the text for them cost the whole line per finding.
fn long_line_window(file: &SourceFile, start: usize, end: usize) -> Option<(usize, usize)> {
    let text = file.text.as_str();
    let start = start.min(text.len());
    let end = end.clamp(start, text.len());
    let (line_start, first_end) = file.line_range(start);
    let (last_start, line_end) = file.line_range(end);
    let line_end = line_end.max(end);
    // Only a long line is cut: a span over several short lines (two labels' snippets merged into
    // one) is shown whole.
    if first_end - line_start <= MAX_LINE && line_end - last_start <= MAX_LINE {
        return None;
    }
    let mut from = start.saturating_sub(WINDOW).max(line_start);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + WINDOW).min(line_end).max(start.min(line_end));
    // A span that itself runs past the window is shown up to the window's end.
    to = to.min(from + 2 * WINDOW + (end - start).min(MAX_LINE));
    while !text.is_char_boundary(to) {
        to += 1;
    }
    Some((from, to.max(from)))
}

/// Related places drawn for one finding. An SG602 cluster of hundreds of duties would otherwise
/// print hundreds of snippets, which nobody reads and which cost memory per finding; the machine
/// formats keep every place.
const MAX_RELATED_SHOWN: usize = 10;

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
        for r in d.related.iter().take(MAX_RELATED_SHOWN) {
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
        match (file, d.span) {
            (Some(f), Some(span)) => {
                message = match f.sheet.as_ref().and_then(|s| s.name_at(span.start)) {
                    Some(cell) => format!("{}:{cell}: {message}", f.path),
                    None => {
                        let lc = f.line_col(span.start);
                        format!("{}:{}:{}: {message}", f.path, lc.line, lc.column)
                    }
                };
            }
            (Some(f), None) => message = format!("{}: {message}", f.path),
            _ => {}
        }
        let mut help = d.help.clone();
        if d.related.len() > MAX_RELATED_SHOWN {
            let more = d.related.len() - MAX_RELATED_SHOWN;
            help = Some(
                format!(
                    "{}\n{more} more related place{} not shown here; --format json lists every one",
                    help.unwrap_or_default(),
                    if more == 1 { " is" } else { "s are" }
                )
                .trim_start()
                .to_owned(),
            );
        }
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
                .filter(|_| d.span.is_some())
                .map(|file| Source { file }),
            help,
            message,
            related,
            severity: d.severity,
            labels,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Encoding;

    #[test]
    fn rendering_in_chunks_gives_the_same_text() {
        let text: String = (0..2000).map(|i| format!("<a n='{i}'/>\n")).collect();
        let file = SourceFile::new("many.xml", text.clone(), Encoding::Utf8);
        let diags: Vec<Diagnostic> = (0..3 * CHUNK + 7)
            .map(|i| {
                let at = text.find(&format!("'{i}'")).unwrap();
                Diagnostic::warning("SG205", format!("finding {i}"))
                    .at(0, crate::span::Span::new(at, at + 3))
                    .with_label("here")
                    .with_help("fix it")
            })
            .collect();
        let whole = render(std::slice::from_ref(&file), &diags, HumanOptions::default());
        let one_by_one = render_chunk(&[file], &diags, HumanOptions::default());
        assert!(whole.contains("finding 1542"));
        assert_eq!(whole, one_by_one);
    }

    #[test]
    fn a_finding_on_a_one_line_megabyte_file_shows_a_short_excerpt() {
        let text = format!(
            "<a>{}<b x='1' x='2'/>{}</a>",
            "<c/>".repeat(250_000),
            "<c/>".repeat(250_000)
        );
        let file = SourceFile::new("big.xml", text.clone(), Encoding::Utf8);
        let at = text.find("x='2'").unwrap();
        let d = Diagnostic::error("SG001", "duplicate attribute")
            .at(0, crate::span::Span::new(at, at + 1))
            .with_label("here");
        let out = render(&[file], &[d], HumanOptions::default());
        assert!(out.len() < 2_000, "{} bytes of output", out.len());
        assert!(
            out.contains("x='2'") && out.contains("big.xml:1:1000013"),
            "{out}"
        );
    }

    #[test]
    fn a_finding_with_hundreds_of_related_places_draws_ten() {
        let text: String = (0..300).map(|i| format!("<d n='{i}'/>\n")).collect();
        let file = SourceFile::new("many.xml", text.clone(), Encoding::Utf8);
        let at = |i: usize| {
            let s = text.find(&format!("'{i}'")).unwrap();
            crate::span::Span::new(s, s + 3)
        };
        let mut d = Diagnostic::warning("SG602", "300 duties grant the same access")
            .at(0, at(0))
            .with_label("300 alike duties")
            .with_help("keep one duty");
        for i in 1..300 {
            d = d.with_related(0, at(i), format!("same access as {i}"));
        }
        let out = render(&[file], &[d], HumanOptions::default());
        let words = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains("same access as 10"), "{out}");
        assert!(!words.contains("same access as 11"), "{out}");
        assert!(
            words.contains(
                "289 more related places are not shown here; --format json lists every one"
            ),
            "{out}"
        );
    }
}
