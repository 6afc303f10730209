//! The change report for people: a tree of changes with a sigil per kind (`+` added, `-`
//! removed, `~` changed, `>` moved, `*` renamed), coloured when colour is enabled, then effective
//! access, license changes, respelled names and the counts.

use super::{Labels, context, field_line, section, summary_line};
use crate::diff::report::{AccessDirection, Change, ChangeKind, Report};
use std::fmt::Write;

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

pub(super) fn sigil(kind: ChangeKind) -> (&'static str, &'static str) {
    match kind {
        ChangeKind::Added => ("+", "32"),
        ChangeKind::Removed => ("-", "31"),
        ChangeKind::Changed => ("~", "33"),
        ChangeKind::Moved => (">", "36"),
        ChangeKind::Renamed => ("*", "35"),
    }
}

/// Renders the report; `color` adds ANSI colours.
pub fn human(report: &Report, labels: &Labels, color: bool) -> String {
    let style = Style { color };
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.paint("1", &format!("--- {}", labels.old)));
    let _ = writeln!(out, "{}", style.paint("1", &format!("+++ {}", labels.new)));
    for c in &report.changes {
        change(&mut out, &style, c, 0);
    }
    let heading = |title: &str| format!("\n{}", style.paint("1", title));
    section(
        &mut out,
        report.access.as_deref().unwrap_or_default(),
        &heading("Effective access:"),
        |a| {
            let (mark, code) = match a.direction {
                AccessDirection::Gained => ("+", "32"),
                AccessDirection::Lost => ("-", "31"),
                AccessDirection::DenyChanged => ("~", "33"),
            };
            let head = style.paint(code, &format!("{mark} {}", a.sentence()));
            let mut line = format!("  {head} ({})", a.object_type);
            for v in &a.via {
                let _ = write!(line, "\n      {}", style.paint("2", &format!("via {v}")));
            }
            line
        },
        None,
    );
    section(
        &mut out,
        report.licenses.as_deref().unwrap_or_default(),
        &heading("Licenses:"),
        |l| {
            let (mark, code) = if l.raised() { ("^", "31") } else { ("v", "32") };
            format!(
                "  {}",
                style.paint(code, &format!("{mark} {}", l.sentence()))
            )
        },
        None,
    );
    section(
        &mut out,
        &report.respelled,
        &heading("Respelled (not a difference: names compare case-insensitively):"),
        |r| format!("  {} {} -> {}", r.object.label(), r.old, r.new),
        None,
    );
    let _ = writeln!(out, "\n{}", summary_line(&report.summary()));
    out
}

fn change(out: &mut String, style: &Style, c: &Change, depth: usize) {
    let indent = "  ".repeat(depth);
    let (mark, code) = sigil(c.change);
    let head = style.paint(code, &format!("{mark} {} {}", c.object.label(), c.name));
    match context(c) {
        Some(ctx) => {
            let _ = writeln!(
                out,
                "{indent}{head} {}",
                style.paint("2", &format!("({ctx})"))
            );
        }
        None => {
            let _ = writeln!(out, "{indent}{head}");
        }
    }
    for f in &c.fields {
        let _ = writeln!(out, "{indent}    {}", field_line(f));
    }
    for child in &c.children {
        change(out, style, child, depth + 1);
    }
}
