//! Diagnostics as SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//!
//! One run whose driver is `secgov` with a rule descriptor per known code. Findings about a file
//! are results with a physical location (line and column in characters, `columnKind`
//! `unicodeCodePoints`) and the element path as a logical location; findings about the run itself
//! (no file, such as a path that cannot be read) are tool execution notifications, because a
//! result must point somewhere. `tests/it/render_sarif.rs` validates the output against the
//! official OASIS schema.

use super::{Place, RuleMeta, place, rule_for};
use crate::diag::{Diagnostic, Severity};
use crate::source::SourceFile;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The schema the output declares in `$schema`.
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Where the rule documentation lives in the repository, when Cargo knows the repository.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// Renders a SARIF log with one run, pretty-printed and followed by a newline.
pub fn render(files: &[SourceFile], diagnostics: &[Diagnostic], rules: &[RuleMeta]) -> String {
    let descriptors = descriptors(rules, diagnostics);
    let index: BTreeMap<&str, usize> = descriptors
        .iter()
        .enumerate()
        .map(|(i, d)| (d.code, i))
        .collect();
    // Artifacts must be unique: a file given twice, or as `a.xml` and `./a.xml`, is listed once.
    let mut artifacts: Vec<String> = Vec::new();
    for f in files {
        let uri = artifact_uri(&f.path);
        if !artifacts.contains(&uri) {
            artifacts.push(uri);
        }
    }
    let artifact_index = |path: &str| {
        let uri = artifact_uri(path);
        artifacts.iter().position(|a| *a == uri)
    };

    let results: Vec<Value> = diagnostics
        .iter()
        .filter(|d| place(files, d.file, None).is_some())
        .map(|d| {
            let rule_index = index.get(d.code).copied().unwrap_or_default();
            result(files, d, rule_index, &artifact_index)
        })
        .collect();
    let notifications: Vec<Value> = diagnostics
        .iter()
        .filter(|d| place(files, d.file, None).is_none())
        .map(|d| {
            json!({
                "descriptor": { "id": d.code },
                "level": level(d.severity),
                "message": { "text": message_text(d) },
            })
        })
        .collect();
    let run_failed = diagnostics
        .iter()
        // Leaving findings out past --max-findings (SG099) is not a failed run.
        .filter(|d| d.code != crate::diag::codes::FINDINGS_CAPPED)
        .any(|d| d.severity == Severity::Error && place(files, d.file, None).is_none());
    let mut invocation = json!({ "executionSuccessful": !run_failed });
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = Value::Array(notifications);
    }

    let left_out = crate::diag::left_out(diagnostics);
    let mut log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "secgov",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": descriptors.iter().map(Descriptor::to_json).collect::<Vec<_>>(),
                }
            },
            "invocations": [invocation],
            "artifacts": artifacts.iter().map(|uri| json!({
                "location": { "uri": uri },
                "roles": ["analysisTarget"],
            })).collect::<Vec<_>>(),
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    if left_out > 0 {
        // Past --max-findings (SG099, also a tool notification above).
        log["runs"][0]["properties"] = json!({ "left_out": left_out });
    }
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

/// A rule descriptor: the caller's rule, or a bare code when the caller did not describe it.
struct Descriptor<'a> {
    code: &'a str,
    rule: Option<&'a RuleMeta>,
}

impl Descriptor<'_> {
    fn to_json(&self) -> Value {
        let mut v = json!({
            "id": self.code,
            "help": {
                "text": format!(
                    "See docs/rules/{}.md, or run `secgov explain {}`.",
                    self.code, self.code
                )
            },
        });
        if let Some(rule) = self.rule {
            v["name"] = json!(rule.name);
            v["shortDescription"] = json!({ "text": rule.summary });
            v["defaultConfiguration"] = json!({ "level": level(rule.default_severity) });
        }
        if !REPOSITORY.is_empty() {
            v["helpUri"] = json!(format!(
                "{}/blob/main/docs/rules/{}.md",
                REPOSITORY.trim_end_matches('/'),
                self.code
            ));
        }
        v
    }
}

/// Every rule the caller described, plus any code that occurs without a description, by code.
fn descriptors<'a>(rules: &'a [RuleMeta], diagnostics: &'a [Diagnostic]) -> Vec<Descriptor<'a>> {
    let mut by_code: BTreeMap<&str, Descriptor> = BTreeMap::new();
    for r in rules {
        by_code.entry(r.code).or_insert(Descriptor {
            code: r.code,
            rule: Some(r),
        });
    }
    for d in diagnostics {
        by_code.entry(d.code).or_insert(Descriptor {
            code: d.code,
            rule: rule_for(rules, d.code),
        });
    }
    by_code.into_values().collect()
}

fn result(
    files: &[SourceFile],
    d: &Diagnostic,
    rule_index: usize,
    artifact_index: &dyn Fn(&str) -> Option<usize>,
) -> Value {
    let mut location = json!({});
    if let Some(at) = place(files, d.file, d.span) {
        location["physicalLocation"] = physical_location(&at, artifact_index);
    }
    if let Some(path) = &d.element_path {
        location["logicalLocations"] = json!([{ "fullyQualifiedName": path, "kind": "element" }]);
    }
    if let Some(label) = &d.label {
        location["message"] = json!({ "text": label });
    }
    let mut v = json!({
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": message_text(d) },
        "locations": [location],
    });
    let related: Vec<Value> = d
        .related
        .iter()
        .filter_map(|r| {
            let at = place(files, Some(r.file), Some(r.span))?;
            Some((at, &r.message))
        })
        .enumerate()
        .map(|(i, (at, message))| {
            json!({
                "id": i + 1,
                "physicalLocation": physical_location(&at, artifact_index),
                "message": { "text": message },
            })
        })
        .collect();
    if !related.is_empty() {
        v["relatedLocations"] = Value::Array(related);
    }
    v
}

fn physical_location(at: &Place, artifact_index: &dyn Fn(&str) -> Option<usize>) -> Value {
    let mut artifact = json!({ "uri": artifact_uri(at.path) });
    if let Some(i) = artifact_index(at.path) {
        artifact["index"] = json!(i);
    }
    let region = match at.range {
        Some((start, end)) => json!({
            "startLine": start.line,
            "startColumn": start.column,
            "endLine": end.line,
            "endColumn": end.column,
        }),
        // A finding about the whole file. GitHub code scanning only shows results with a line,
        // so it points at the start of the file.
        None => json!({ "startLine": 1 }),
    };
    json!({ "artifactLocation": artifact, "region": region })
}

/// The message, with the fix and the element path on their own lines: a SARIF result has no
/// place of its own for them, and viewers show the message in full.
fn message_text(d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    if let Some(path) = &d.element_path {
        text.push_str("\nat ");
        text.push_str(path);
    }
    text
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// The path as a URI reference: forward slashes, no leading `./`, reserved and non-ASCII bytes
/// percent-encoded. Relative paths stay relative (GitHub resolves them against the checkout);
/// absolute paths become `file:` URIs.
pub(crate) fn artifact_uri(path: &str) -> String {
    let mut p = path.replace('\\', "/");
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_owned();
    }
    let bytes = p.as_bytes();
    let drive = bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1..3] == *b":/";
    let mut out = String::with_capacity(p.len() + 8);
    if drive {
        out.push_str("file:///");
    } else if p.starts_with('/') {
        out.push_str("file://");
    }
    for (i, &b) in bytes.iter().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || b"/-._~!$&'()*+,;=@".contains(&b)
            || (drive && i == 1 && b == b':');
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::artifact_uri;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            artifact_uri("./templates/usg/a b.xml"),
            "templates/usg/a%20b.xml"
        );
        assert_eq!(
            artifact_uri(r"Security\Rôles.xml"),
            "Security/R%C3%B4les.xml"
        );
        assert_eq!(artifact_uri("C:\\AOS\\x.xml"), "file:///C:/AOS/x.xml");
        assert_eq!(artifact_uri("/srv/x#1.xml"), "file:///srv/x%231.xml");
        // A colon in a relative path would otherwise read as a URI scheme.
        assert_eq!(artifact_uri("a:b.xml"), "a%3Ab.xml");
        assert_eq!(artifact_uri("vendor:x,y.xml"), "vendor%3Ax,y.xml");
    }
}
