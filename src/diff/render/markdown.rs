//! The change report as Markdown for pull requests and change tickets: counts in a table, the
//! changes as a nested list, effective access and license changes as tables.

use super::{Labels, access_word, context, section, shown, summary_line};
use crate::diff::report::{Change, ChangeKind, Report};
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
    section(
        &mut out,
        report.access.as_deref().unwrap_or_default(),
        &table_head("Effective access", &super::ACCESS_COLUMNS),
        |a| {
            let (object, via) = (a.object(), a.via.join("<br>"));
            let (role, permission) = (a.role.as_str(), a.permission.as_str());
            row([
                role,
                access_word(a),
                permission,
                &object,
                &a.object_type,
                &via,
            ])
        },
        Some(""),
    );
    section(
        &mut out,
        report.licenses.as_deref().unwrap_or_default(),
        &table_head("Licenses", &["Role", "Old", "New", "Because"]),
        |l| row([&l.role, &l.old_label, &l.new_label, &l.because.join("<br>")]),
        Some(""),
    );
    section(
        &mut out,
        &report.respelled,
        "<details><summary>Respelled names (not differences: names compare case-insensitively)</summary>\n",
        |r| format!("- {} {} → {}", r.object.label(), code(&r.old), code(&r.new)),
        Some("\n</details>"),
    );
    out
}

/// A heading and the head of its table.
fn table_head(title: &str, columns: &[&str]) -> String {
    let rule = "---|".repeat(columns.len());
    format!("#### {title}\n\n| {} |\n|{rule}", columns.join(" | "))
}

/// A table row; pipes and line breaks in the cells are escaped.
fn row<const N: usize>(cells: [&str; N]) -> String {
    let cells = cells.map(cell);
    format!("| {} |", cells.join(" | "))
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
