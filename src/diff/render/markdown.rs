//! The change report as Markdown for pull requests and change tickets: counts in a table, the
//! changes as a nested list, effective access and license changes as tables.

use super::{Labels, context, shown, summary_line};
use crate::diff::report::{AccessDirection, Change, ChangeKind, Report};
use std::fmt::Write;

/// Inline code that survives any name (backticks inside are replaced).
fn code(s: &str) -> String {
    format!("`{}`", s.replace('`', "'"))
}

/// A table cell: pipes and line breaks would end the cell or the row.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

pub fn markdown(report: &Report, labels: &Labels) -> String {
    let s = report.summary();
    let mut out = String::new();
    let _ = writeln!(out, "### Security changes\n");
    let _ = writeln!(
        out,
        "{} → {}: {}\n",
        code(&labels.old),
        code(&labels.new),
        summary_line(&s)
    );
    if !s.is_same() {
        let _ = writeln!(
            out,
            "| Added | Removed | Changed | Moved | Renamed | Access gained | Access lost |"
        );
        let _ = writeln!(out, "|---:|---:|---:|---:|---:|---:|---:|");
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            s.added, s.removed, s.changed, s.moved, s.renamed, s.access_gained, s.access_lost
        );
    }
    for c in &report.changes {
        change(&mut out, c, 0);
    }
    if !report.changes.is_empty() {
        out.push('\n');
    }
    if let Some(access) = report.access.as_ref().filter(|a| !a.is_empty()) {
        let _ = writeln!(out, "#### Effective access\n");
        let _ = writeln!(out, "| Role | Change | Permission | Object | Type | Via |");
        let _ = writeln!(out, "|---|---|---|---|---|---|");
        for a in access {
            let direction = match (a.direction, a.new) {
                (AccessDirection::Gained, _) => "gained",
                (AccessDirection::Lost, _) => "lost",
                (AccessDirection::DenyChanged, Some(_)) => "now denied",
                (AccessDirection::DenyChanged, None) => "no longer denied",
            };
            let object = match &a.child_name {
                Some(c) => format!("{}.{c}", a.object_name),
                None => a.object_name.clone(),
            };
            let _ = writeln!(
                out,
                "| {} | {direction} | {} | {} | {} | {} |",
                cell(&a.role),
                a.permission.as_str(),
                cell(&object),
                cell(&a.object_type),
                cell(&a.via.join("<br>"))
            );
        }
        out.push('\n');
    }
    if let Some(licenses) = report.licenses.as_ref().filter(|l| !l.is_empty()) {
        let _ = writeln!(out, "#### Licenses\n");
        let _ = writeln!(out, "| Role | Old | New | Because |");
        let _ = writeln!(out, "|---|---|---|---|");
        for l in licenses {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&l.role),
                cell(&l.old_label),
                cell(&l.new_label),
                cell(&l.because.join("<br>"))
            );
        }
        out.push('\n');
    }
    if !report.respelled.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>Respelled names (not differences: names compare case-insensitively)</summary>\n"
        );
        for r in &report.respelled {
            let _ = writeln!(
                out,
                "- {} {} → {}",
                r.object.label(),
                code(&r.old),
                code(&r.new)
            );
        }
        let _ = writeln!(out, "\n</details>");
    }
    out
}

fn change(out: &mut String, c: &Change, depth: usize) {
    let indent = "  ".repeat(depth);
    let word = match c.change {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Changed => "changed",
        ChangeKind::Moved => "moved",
        ChangeKind::Renamed => "renamed",
    };
    let _ = write!(
        out,
        "{indent}- **{word}** {} {}",
        c.object.label(),
        code(&c.name)
    );
    if let Some(ctx) = context(c) {
        let _ = write!(out, " ({})", ctx.replace('`', "'"));
    }
    out.push('\n');
    for f in &c.fields {
        let _ = writeln!(
            out,
            "{indent}  - {}: {} → {}",
            f.field,
            code(shown(&f.old)),
            code(shown(&f.new))
        );
    }
    for child in &c.children {
        change(out, child, depth + 1);
    }
}
