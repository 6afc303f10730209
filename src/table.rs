//! The tables of the reports (`secgov access`, `secgov license`): an aligned table for people,
//! CSV for Excel (UTF-8 with a byte order mark) and a Markdown table, from column titles and rows
//! of cells. Widths come from the content, never from the terminal.

use std::fmt::Write as _;

/// An array of column titles with the six permissions, in the product's order (Read, Update,
/// Create, Correct, Delete, Invoke: `model::Permission::ALL`), between the titles given before
/// and after them. A macro so that the array stays a constant.
macro_rules! with_permission_columns {
    ([$($before:expr),* $(,)?], [$($after:expr),* $(,)?]) => {
        [$($before,)* "Read", "Update", "Create", "Correct", "Delete", "Invoke", $($after),*]
    };
}
pub(crate) use with_permission_columns;

/// An aligned table for people: titles, a rule, then the rows; trailing blanks trimmed.
pub fn human(columns: &[&str], rows: &[Vec<&str>]) -> String {
    let mut widths: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &[&str]| {
        let mut text = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            let _ = write!(text, "{cell:<w$}");
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(columns);
    let rules: Vec<&str> = widths
        .iter()
        .map(|&w| &"--------------------------------"[..w.min(32)])
        .collect();
    line(&rules);
    for row in rows {
        line(row);
    }
    out
}

/// CSV with a UTF-8 byte order mark, so that Excel opens it as UTF-8.
pub fn csv(columns: &[&str], rows: &[Vec<&str>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(columns);
    for row in rows {
        let _ = w.write_record(row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// A Markdown table; pipes and line breaks in cells are escaped.
pub fn markdown(columns: &[&str], rows: &[Vec<&str>]) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace(['\n', '\r'], " ");
    let mut out = format!("| {} |\n", columns.join(" | "));
    out.push_str(&format!("|{}\n", "---|".repeat(columns.len())));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn widths_follow_the_content() {
        let text = super::human(&["A", "Bee"], &[vec!["long cell", "x"]]);
        assert_eq!(text, "A          Bee\n---------  ---\nlong cell  x\n");
    }
}

#[cfg(test)]
mod permission_columns {
    use crate::model::Permission;

    #[test]
    fn the_permission_columns_are_the_permissions_in_order() {
        let columns: [&str; 8] = super::with_permission_columns!(["A"], ["B"]);
        let names = Permission::ALL.map(Permission::as_str);
        assert_eq!(columns[0], "A");
        assert_eq!(columns[1..7], names);
        assert_eq!(columns[7], "B");
    }
}
