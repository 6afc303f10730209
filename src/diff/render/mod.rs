//! Renderers of the change report: a coloured tree for people, JSON for tools, Markdown for pull
//! requests and change tickets, and a self-contained HTML report for auditors.

mod html;
mod human;
mod json;
mod markdown;

pub use html::html;
pub use human::human;
use human::sigil as human_sigil;
pub use json::json;
pub use markdown::markdown;

use super::report::{AccessChange, AccessDirection, Change, ChangeKind, FieldChange, Summary};

/// The columns of the effective-access table in the Markdown and HTML reports.
const ACCESS_COLUMNS: [&str; 6] = ["Role", "Change", "Permission", "Object", "Type", "Via"];

/// What the report compared, as shown in headings: usually the two paths.
#[derive(Debug, Clone)]
pub struct Labels {
    pub old: String,
    pub new: String,
}

/// A part of the report that is left out when it has no items: its opening, a line for each item
/// and its closing, each followed by a line break.
fn section<T>(
    out: &mut String,
    items: &[T],
    open: &str,
    line: impl Fn(&T) -> String,
    close: Option<&str>,
) {
    if items.is_empty() {
        return;
    }
    for text in std::iter::once(open.to_owned())
        .chain(items.iter().map(line))
        .chain(close.map(str::to_owned))
    {
        out.push_str(&text);
        out.push('\n');
    }
}

/// How the tables of Markdown and HTML name an access change.
fn access_word(a: &AccessChange) -> &'static str {
    match (a.direction, a.new) {
        (AccessDirection::Gained, _) => "gained",
        (AccessDirection::Lost, _) => "lost",
        (AccessDirection::DenyChanged, Some(_)) => "now denied",
        (AccessDirection::DenyChanged, None) => "no longer denied",
    }
}

/// `unset` for an absent value, the value otherwise.
fn shown(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("unset")
}

/// `Read: unset -> Allow`.
fn field_line(f: &FieldChange) -> String {
    format!("{}: {} -> {}", f.field, shown(&f.old), shown(&f.new))
}

/// The words after the object's name: `(renamed from X)`, `(moved from A to B)`.
fn context(c: &Change) -> Option<String> {
    let parents_differ = c.old_parent != c.new_parent;
    match (c.change, &c.old_name) {
        (ChangeKind::Renamed, Some(old)) if parents_differ => Some(format!(
            "renamed from {old}, moved from {} to {}",
            c.old_parent.as_deref().unwrap_or("?"),
            c.new_parent.as_deref().unwrap_or("?")
        )),
        (ChangeKind::Renamed, Some(old)) => Some(format!("renamed from {old}")),
        (ChangeKind::Moved, _) => Some(format!(
            "moved from {} to {}",
            c.old_parent.as_deref().unwrap_or("?"),
            c.new_parent.as_deref().unwrap_or("?")
        )),
        (ChangeKind::Removed, _) => c.old_parent.as_ref().map(|p| format!("in {p}")),
        (_, Some(old)) => Some(match &c.new_parent {
            Some(p) => format!("in {p}, spelled {old} in OLD"),
            None => format!("spelled {old} in OLD"),
        }),
        _ => c.new_parent.as_ref().map(|p| format!("in {p}")),
    }
}

/// `2 added, 1 removed, 3 changed, 1 moved, 1 renamed` (only the non-zero counts), or `no
/// differences`.
pub fn summary_line(s: &Summary) -> String {
    let parts: Vec<String> = [
        (s.added, "added"),
        (s.removed, "removed"),
        (s.changed, "changed"),
        (s.moved, "moved"),
        (s.renamed, "renamed"),
        (s.access_gained, "access gained"),
        (s.access_lost, "access lost"),
        (s.deny_changed, "deny changed"),
        (s.license_changed, "license changed"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, w)| format!("{n} {w}"))
    .collect();
    let mut line = if parts.is_empty() {
        "no differences".to_owned()
    } else {
        parts.join(", ")
    };
    if s.respelled > 0 {
        line.push_str(&format!(
            " ({} {} respelled only)",
            s.respelled,
            if s.respelled == 1 { "name" } else { "names" }
        ));
    }
    line
}
