//! `secgov validate --statistics`: how many findings each code has, instead of the findings, as
//! ruff's `--statistics` prints them. For people (aligned columns) and as JSON for scripts.
//!
//! Rows are ordered by count, most first, then by code, so the code to work on first leads.

use super::{Counts, RuleMeta, rule_for};
use crate::diag::{Diagnostic, Severity};
use serde::Serialize;
use std::collections::BTreeMap;

/// The version of the JSON written in `secgov_statistics`; fields may be added within a version.
pub const SCHEMA_VERSION: u32 = 1;

/// The findings of one code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row<'a> {
    pub code: &'a str,
    /// The rule's kebab-case name, when the rule is known.
    pub name: Option<&'a str>,
    /// The highest severity among the code's findings (a `secgov.toml` override can make one
    /// code's findings differ only through suppressions, so this is normally its only severity).
    pub severity: Severity,
    pub count: usize,
}

/// One row per code that occurs, most findings first.
pub fn rows<'a>(diagnostics: &'a [Diagnostic], rules: &'a [RuleMeta]) -> Vec<Row<'a>> {
    let mut by_code: BTreeMap<&str, Row> = BTreeMap::new();
    for d in diagnostics {
        let row = by_code.entry(d.code).or_insert(Row {
            code: d.code,
            name: rule_for(rules, d.code).map(|r| r.name),
            severity: d.severity,
            count: 0,
        });
        row.count += 1;
        row.severity = row.severity.max(d.severity);
    }
    let mut rows: Vec<Row> = by_code.into_values().collect();
    // Stable sort: equal counts stay in code order.
    rows.sort_by_key(|r| std::cmp::Reverse(r.count));
    rows
}

/// `  12  SG201  error    duplicate-category-name`, one line per code, counts right-aligned.
pub fn human(rows: &[Row]) -> String {
    let width = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    let mut out = String::new();
    for r in rows {
        let line = format!(
            "{:>width$}  {}  {:<7}  {}",
            r.count,
            r.code,
            r.severity.as_str(),
            r.name.unwrap_or("")
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct Output<'a> {
    secgov_statistics: u32,
    statistics: &'a [Row<'a>],
    summary: Counts,
}

/// `{"secgov_statistics": 1, "statistics": [{code, name, severity, count}], "summary": {...}}`.
pub fn json(rows: &[Row], diagnostics: &[Diagnostic]) -> String {
    let output = Output {
        secgov_statistics: SCHEMA_VERSION,
        statistics: rows,
        summary: Counts::of(diagnostics),
    };
    // Plain structs of strings and numbers cannot fail to serialize.
    let mut text = serde_json::to_string_pretty(&output).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_frequent_code_first_then_by_code() {
        let ds = [
            Diagnostic::warning("SG101", "a"),
            Diagnostic::error("SG201", "b"),
            Diagnostic::note("SG801", "c"),
            Diagnostic::error("SG201", "d"),
        ];
        let rules = [RuleMeta {
            code: "SG201",
            name: "duplicate-category-name",
            summary: "",
            default_severity: Severity::Error,
        }];
        let rows = rows(&ds, &rules);
        assert_eq!(
            human(&rows),
            "2  SG201  error    duplicate-category-name\n\
             1  SG101  warning\n\
             1  SG801  note\n"
        );
        let v: serde_json::Value = serde_json::from_str(&json(&rows, &ds)).unwrap();
        assert_eq!(v["statistics"][0]["count"], 2);
        assert_eq!(v["statistics"][1]["name"], serde_json::Value::Null);
        assert_eq!(v["summary"]["errors"], 2);
    }
}
