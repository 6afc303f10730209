//! Diagnostics as SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//!
//! One run whose driver is `secgov` with a rule descriptor per known code. Findings about a file
//! are results with a physical location (line and column in characters, `columnKind`
//! `unicodeCodePoints`) and the element path as a logical location; findings about the run itself
//! (no file, or a path that cannot be read) are tool execution notifications, because a result
//! must point at a file that was checked. Each rule descriptor embeds the rule's documentation
//! page (`help.markdown`), because the repository a user scans has no `docs/rules/`. Each result
//! has a fingerprint that does not change when lines move, so that GitHub code scanning keeps one
//! alert per problem. `tests/it/render_sarif.rs` validates the output against the official OASIS
//! schema and GitHub's documented requirements.

use super::{Place, RuleMeta, message_text, place, rule_for, site};
use crate::diag::{Diagnostic, Severity};
use crate::source::SourceFile;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The schema the output declares in `$schema`.
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Where the rule documentation lives in the repository, when Cargo knows the repository.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The base that relative artifact URIs are resolved against: the directory secgov ran in, which
/// in a pipeline is the checkout. Its absolute URI is left out, since it would put a path that
/// was not given into the output; GitHub resolves relative URIs against the repository anyway.
pub const SRCROOT: &str = "%SRCROOT%";

/// The key of the fingerprint in `partialFingerprints`; the version changes if the hashed data
/// ever does, so that old and new alerts are not silently confused.
pub const FINGERPRINT_KEY: &str = "secgovFinding/v1";

/// Renders a SARIF log with one run, pretty-printed and followed by a newline.
pub fn render(files: &[SourceFile], diagnostics: &[Diagnostic], rules: &[RuleMeta]) -> String {
    let descriptors = descriptors(rules, diagnostics);
    let index: BTreeMap<&str, usize> = descriptors
        .iter()
        .enumerate()
        .map(|(i, d)| (d.code, i))
        .collect();
    // Artifacts must be unique: a file given twice, or as `a.xml` and `./a.xml`, is listed once.
    // A path that could not be read is not an artifact: it may name no file at all.
    let unread: Vec<bool> = (0..files.len())
        .map(|i| {
            diagnostics
                .iter()
                .any(|d| d.file == Some(i) && super::is_unread_input(files, d))
        })
        .collect();
    let mut artifacts: Vec<String> = Vec::new();
    for (f, _) in files.iter().zip(&unread).filter(|(_, u)| !**u) {
        let uri = artifact_uri(&f.path);
        if !artifacts.contains(&uri) {
            artifacts.push(uri);
        }
    }
    let artifact_index = |path: &str| {
        let uri = artifact_uri(path);
        artifacts.iter().position(|a| *a == uri)
    };

    let mut fingerprints = Fingerprints::default();
    let results: Vec<Value> = diagnostics
        .iter()
        .filter(|d| site(files, d).is_some())
        .map(|d| {
            let rule_index = index.get(d.code).copied().unwrap_or_default();
            let mut v = result(files, d, rule_index, &artifact_index);
            v["partialFingerprints"] = json!({ FINGERPRINT_KEY: fingerprints.next(files, d) });
            v
        })
        .collect();
    let notifications: Vec<Value> = diagnostics
        .iter()
        .filter(|d| site(files, d).is_none())
        .map(|d| {
            json!({
                // The code is a rule of the driver, not one of its notification descriptors.
                "associatedRule": { "id": d.code, "index": index.get(d.code).copied().unwrap_or_default() },
                "level": level(d.severity),
                "message": { "text": message_text(d) },
            })
        })
        .collect();
    let run_failed = diagnostics
        .iter()
        // Leaving findings out past --max-findings (SG099) is not a failed run.
        .filter(|d| d.code != crate::diag::codes::FINDINGS_CAPPED)
        .any(|d| d.severity == Severity::Error && site(files, d).is_none());
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
            "originalUriBaseIds": {
                SRCROOT: {
                    "description": {
                        "text": "The directory secgov ran in; relative paths are relative to it."
                    }
                }
            },
            "invocations": [invocation],
            "artifacts": artifacts.iter().map(|uri| json!({
                "location": artifact_location(uri),
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
    if let Some(uri) = information_uri() {
        log["runs"][0]["tool"]["driver"]["informationUri"] = json!(uri);
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
    /// The descriptor with everything GitHub code scanning shows on an alert: the summary at the
    /// top (`shortDescription`), the rule's "What it checks" (`fullDescription`) and its whole
    /// documentation page (`help`), since the scanned repository has no `docs/rules/`.
    fn to_json(&self) -> Value {
        let documented = crate::rules::find(self.code).filter(|r| r.code == self.code);
        let summary = self
            .rule
            .map(|r| r.summary)
            .or(documented.map(|r| r.summary))
            .unwrap_or(self.code);
        let explain = format!(
            "Run `secgov explain {}` for the rule's documentation.",
            self.code
        );
        let (full, page) = match documented {
            Some(rule) => (
                rule.docs.what.trim().to_owned(),
                crate::rules::docs_page(rule),
            ),
            None => (
                summary.to_owned(),
                format!("# {}\n\n{summary}\n\n{explain}\n", self.code),
            ),
        };
        let mut v = json!({
            "id": self.code,
            "shortDescription": { "text": summary },
            "fullDescription": { "text": full },
            "help": { "text": page, "markdown": page },
        });
        if let Some(rule) = self.rule {
            v["name"] = json!(rule.name);
            v["defaultConfiguration"] = json!({ "level": level(rule.default_severity) });
        } else if let Some(rule) = documented {
            v["name"] = json!(rule.name);
        }
        if let Some(uri) = help_uri(REPOSITORY, self.code) {
            v["helpUri"] = json!(uri);
        }
        v
    }
}

/// The rule's page in the repository, when Cargo knows the repository's URL.
pub fn help_uri(repository: &str, code: &str) -> Option<String> {
    let base = repository.trim().trim_end_matches('/');
    base.starts_with("https://")
        .then(|| format!("{base}/blob/main/docs/rules/{code}.md"))
}

/// Where to read about secgov: the crate's homepage or repository, when Cargo knows one.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), REPOSITORY]
        .into_iter()
        .find(|u| u.starts_with("https://"))
}

/// Fingerprints of results that stay the same when lines are added or removed above a finding:
/// a hash of the code, the file, the element path and the first line of the text at the span
/// (the name or value the finding is about), never of line numbers. Equal findings in one file
/// (the third and fourth copy of a duplicated name) are told apart by their order, as GitHub's
/// own `primaryLocationLineHash` does with its `:n` suffix.
#[derive(Default)]
struct Fingerprints {
    seen: BTreeMap<u64, usize>,
}

impl Fingerprints {
    fn next(&mut self, files: &[SourceFile], d: &Diagnostic) -> String {
        let file = d.file.and_then(|f| files.get(f));
        let path = file.map(|f| artifact_uri(&f.path)).unwrap_or_default();
        let at = match (file, d.span) {
            (Some(f), Some(span)) => f
                .text
                .get(span.start.min(span.end)..span.end.min(f.text.len()))
                .unwrap_or("")
                .lines()
                .next()
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            _ => String::new(),
        };
        let element = d.element_path.as_deref().unwrap_or("");
        let hash = fnv1a(&[d.code, &path, element, &at]);
        let n = self.seen.entry(hash).or_default();
        *n += 1;
        format!("{hash:016x}:{n}")
    }
}

/// FNV-1a, 64 bits, over the parts with a separator that cannot occur in them. Written out
/// rather than taken from `std::hash`, whose hashers may change between Rust releases: a
/// fingerprint must be the same from every build of secgov.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.as_bytes().iter().chain(&[0xFF]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
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
    let mut artifact = artifact_location(&artifact_uri(at.path));
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

/// An artifact location: relative URIs are relative to [`SRCROOT`]; `file:` URIs stand alone.
fn artifact_location(uri: &str) -> Value {
    if uri.starts_with("file:") {
        json!({ "uri": uri })
    } else {
        json!({ "uri": uri, "uriBaseId": SRCROOT })
    }
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
    let p = super::forward_path(path);
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
