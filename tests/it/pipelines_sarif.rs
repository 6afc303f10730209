//! SARIF as GitHub code scanning reads it (issue 17, items 2 and 5): every rule carries the
//! descriptions and the embedded rule page GitHub shows on an alert, results carry fingerprints
//! that survive moved lines, relative paths stay relative to `%SRCROOT%`, and an input that cannot
//! be read is a tool notification rather than a result at a file that does not exist.

use crate::render_fixture::{RULES, diagnostics, files, find, sarif_errors};
use crate::support::exit_code;
use secgov::diag::Diagnostic;
use secgov::render::sarif;
use secgov::source::{Encoding, SourceFile};
use serde_json::Value;

fn log_of(files: &[SourceFile], ds: &[Diagnostic]) -> Value {
    let text = sarif::render(files, ds, RULES);
    assert_eq!(sarif_errors(&text), "");
    serde_json::from_str(&text).unwrap()
}

fn fixture_log() -> Value {
    log_of(&files(), &diagnostics())
}

/// The run's rule descriptors and results.
fn rules_and_results(log: &Value) -> (Vec<Value>, Vec<Value>) {
    let run = &log["runs"][0];
    (
        run["tool"]["driver"]["rules"].as_array().unwrap().clone(),
        run["results"].as_array().unwrap().clone(),
    )
}

/// What GitHub's "SARIF support for code scanning" page
/// (docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support-for-code-scanning)
/// marks as required or limits, checked on a log. Returns the broken requirements, one a line.
fn github_problems(log: &Value) -> String {
    let mut out = String::new();
    let mut need = |ok: bool, what: String| {
        if !ok {
            out.push_str(&what);
            out.push('\n');
        }
    };
    need(log["version"] == "2.1.0", "version must be 2.1.0".into());
    let runs = log["runs"].as_array().cloned().unwrap_or_default();
    need(runs.len() <= 20, "at most 20 runs per upload".into());
    for run in &runs {
        let driver = &run["tool"]["driver"];
        need(driver["name"].is_string(), "tool.driver.name".into());
        let rules = driver["rules"].as_array().cloned().unwrap_or_default();
        need(rules.len() <= 25_000, "at most 25,000 rules per run".into());
        for r in &rules {
            let id = r["id"].as_str().unwrap_or("?");
            need(r["id"].is_string(), format!("{id}: id"));
            for field in ["shortDescription", "fullDescription", "help"] {
                let text = r[field]["text"].as_str().unwrap_or("");
                need(!text.trim().is_empty(), format!("{id}: {field}.text"));
            }
            if let Some(tags) = r["properties"]["tags"].as_array() {
                need(tags.len() <= 20, format!("{id}: at most 20 tags"));
            }
        }
        let results = run["results"].as_array().cloned().unwrap_or_default();
        need(
            results.len() <= 25_000,
            "at most 25,000 results per run".into(),
        );
        for (i, r) in results.iter().enumerate() {
            need(r["ruleId"].is_string(), format!("result {i}: ruleId"));
            need(
                r["message"]["text"].is_string(),
                format!("result {i}: message.text"),
            );
            need(
                r["partialFingerprints"].is_object(),
                format!("result {i}: partialFingerprints"),
            );
            let locations = r["locations"].as_array().cloned().unwrap_or_default();
            need(
                (1..=10).contains(&locations.len()),
                format!("result {i}: one to ten locations"),
            );
            for l in &locations {
                let at = &l["physicalLocation"];
                let uri = at["artifactLocation"]["uri"].as_str().unwrap_or("");
                need(!uri.is_empty(), format!("result {i}: artifactLocation.uri"));
                need(
                    at["region"]["startLine"].as_u64().is_some_and(|n| n >= 1),
                    format!("result {i}: region.startLine"),
                );
            }
        }
    }
    out
}

#[test]
fn fixture_meets_githubs_documented_requirements() {
    assert_eq!(github_problems(&fixture_log()), "");
}

/// Guards the guard: a descriptor without `fullDescription` (the multitool's GH2012) is caught.
#[test]
fn github_check_rejects_a_rule_without_full_description() {
    let mut log = fixture_log();
    log["runs"][0]["tool"]["driver"]["rules"][0]
        .as_object_mut()
        .unwrap()
        .remove("fullDescription");
    log["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("partialFingerprints");
    let problems = github_problems(&log);
    assert!(
        problems.contains("SG007: fullDescription.text"),
        "{problems}"
    );
    assert!(
        problems.contains("result 0: partialFingerprints"),
        "{problems}"
    );
}

#[test]
fn every_rule_embeds_its_documentation_page() {
    let (rules, _) = rules_and_results(&fixture_log());
    for r in &rules {
        let id = r["id"].as_str().unwrap();
        let markdown = r["help"]["markdown"].as_str().unwrap();
        match secgov::rules::find(id) {
            // The page as committed in docs/rules/, which the scanned repository does not have.
            Some(_) => {
                let page = std::fs::read_to_string(format!(
                    "{}/docs/rules/{id}.md",
                    env!("CARGO_MANIFEST_DIR")
                ))
                .unwrap();
                assert_eq!(markdown, page, "{id}");
                assert_eq!(r["help"]["text"], markdown, "{id}");
                assert!(page.contains(r["fullDescription"]["text"].as_str().unwrap()));
            }
            // A code the registry does not know still tells the reader where to look.
            None => assert!(
                markdown.contains(&format!("secgov explain {id}")),
                "{markdown}"
            ),
        }
    }
}

#[test]
fn help_uri_is_an_absolute_link_to_the_rule_page_or_absent() {
    assert_eq!(
        sarif::help_uri("https://github.com/acme/secgov/", "SG201").as_deref(),
        Some("https://github.com/acme/secgov/blob/main/docs/rules/SG201.md")
    );
    // No repository in Cargo.toml: no link, rather than a relative one GitHub cannot follow.
    assert_eq!(sarif::help_uri("", "SG201"), None);
    let (rules, _) = rules_and_results(&fixture_log());
    for r in &rules {
        if let Some(uri) = r["helpUri"].as_str() {
            assert!(uri.starts_with("https://"), "{uri}");
        }
    }
}

#[test]
fn relative_paths_are_relative_to_srcroot_and_absolute_ones_stand_alone() {
    let log = fixture_log();
    let run = &log["runs"][0];
    assert!(run["originalUriBaseIds"][sarif::SRCROOT].is_object());
    // The base has no absolute URI: that would be a path nobody gave.
    assert!(run["originalUriBaseIds"][sarif::SRCROOT]["uri"].is_null());
    for a in run["artifacts"].as_array().unwrap() {
        assert_eq!(a["location"]["uriBaseId"], sarif::SRCROOT);
        assert!(!a["location"]["uri"].as_str().unwrap().starts_with("file:"));
    }
    let text = "<SecurityCategoryBackup/>\n".to_owned();
    let abs = [SourceFile::new(
        "/srv/usg/a.xml",
        text.clone(),
        Encoding::Utf8,
    )];
    let d = Diagnostic::warning("SG101", "x").in_file(0);
    let log = log_of(&abs, &[d]);
    let at = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(at["uri"], "file:///srv/usg/a.xml");
    assert!(at["uriBaseId"].is_null());
}

const BACKUP: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<SecurityCategoryBackup Type="UserSecurityGovernance" SchemaVersion="1">
  <SecurityCategory>
    <Name>Procure to pay</Name>
  </SecurityCategory>
  <SecurityCategory>
    <Name>Procure to pay</Name>
  </SecurityCategory>
  <SecurityCategory>
    <Name>Procure to pay</Name>
  </SecurityCategory>
</SecurityCategoryBackup>
"#;

/// The fingerprints of the duplicate findings of `text` (the second and third category).
fn duplicate_fingerprints(text: &str, name: &str) -> Vec<String> {
    let files = [SourceFile::new(
        "usg/p2p.xml",
        text.to_owned(),
        Encoding::Utf8,
    )];
    let ds: Vec<Diagnostic> = [1, 2]
        .into_iter()
        .map(|nth| {
            Diagnostic::error("SG201", "the category name is used twice")
                .at(0, find(text, name, nth))
                .with_path(format!("SecurityCategory[Name='{name}']"))
        })
        .collect();
    let log = log_of(&files, &ds);
    let (_, results) = rules_and_results(&log);
    results
        .iter()
        .map(|r| {
            r["partialFingerprints"][sarif::FINGERPRINT_KEY]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[test]
fn fingerprints_survive_moved_lines_and_tell_equal_findings_apart() {
    let before = duplicate_fingerprints(BACKUP, "Procure to pay");
    assert_eq!(before.len(), 2);
    assert_ne!(
        before[0], before[1],
        "equal findings need distinct fingerprints"
    );
    // Lines added above and indentation changed: every line number moves, the findings do not.
    let moved = BACKUP
        .replacen(
            "<SecurityCategory>",
            "<!-- reviewed -->\n\n  <SecurityCategory>",
            1,
        )
        .replace("    <Name>", "      <Name>");
    assert_eq!(duplicate_fingerprints(&moved, "Procure to pay"), before);
    // Another code, another file or another name is another finding.
    let renamed = BACKUP.replace("Procure to pay", "Order to cash");
    assert_ne!(duplicate_fingerprints(&renamed, "Order to cash"), before);
}

#[test]
fn an_unreadable_path_is_a_notification_not_a_result() {
    let out = crate::support::validate_with_a_missing_path("sarif");
    assert_eq!(exit_code(out.status), 2);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(sarif_errors(&text), "");
    let log: Value = serde_json::from_str(&text).unwrap();
    let run = &log["runs"][0];
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["associatedRule"]["id"], "SG007");
    assert_eq!(notes[0]["level"], "error");
    assert!(
        notes[0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("missing.xml")
    );
    assert!(
        !text.contains("\"uri\": \"missing.xml\""),
        "no artifact or result at it"
    );
    let uris: Vec<&str> = run["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["location"]["uri"].as_str().unwrap())
        .collect();
    assert_eq!(uris, ["ok.xml"]);
    assert_eq!(github_problems(&log), "");
}
