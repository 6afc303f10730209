//! SARIF output against the official OASIS SARIF 2.1.0 JSON schema, and the parts of it that
//! GitHub code scanning reads: rule descriptors, levels, regions, related places.

use crate::render_fixture;

use render_fixture::{RULES, diagnostics, files, sarif_errors};
use secgov::render::sarif;
use serde_json::{Value, json};

fn log() -> (String, Value) {
    let text = sarif::render(&files(), &diagnostics(), RULES);
    let value = serde_json::from_str(&text).unwrap();
    (text, value)
}

#[test]
fn fixture_output_is_valid_sarif_2_1_0() {
    let (text, _) = log();
    assert_eq!(sarif_errors(&text), "");
}

#[test]
fn output_without_findings_is_valid_sarif_2_1_0() {
    assert_eq!(sarif_errors(&sarif::render(&files(), &[], RULES)), "");
    assert_eq!(sarif_errors(&sarif::render(&[], &[], &[])), "");
}

/// Guards the guard: the schema check must reject what the schema forbids.
#[test]
fn schema_check_rejects_invalid_logs() {
    let (_, mut bad) = log();
    bad["runs"][0]["results"][0]["level"] = json!("fatal");
    assert!(sarif_errors(&bad.to_string()).contains("fatal"));
    let (_, mut bad) = log();
    bad["runs"][0]["artifacts"][0]["location"]["uri"] = json!("a b\\c d.xml");
    assert_ne!(sarif_errors(&bad.to_string()), "");
    let (_, mut bad) = log();
    bad.as_object_mut().unwrap().remove("version");
    assert_ne!(sarif_errors(&bad.to_string()), "");
}

#[test]
fn driver_describes_every_rule_and_every_code_that_occurs() {
    let (_, log) = log();
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "secgov");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let ids: Vec<_> = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["SG007", "SG101", "SG201", "SG501"]);
    let dup = &driver["rules"][2];
    assert_eq!(dup["name"], "duplicate-category-name");
    assert_eq!(dup["defaultConfiguration"]["level"], "error");
    assert_eq!(
        dup["shortDescription"]["text"],
        "Two security categories with the same name"
    );
    // Every result's ruleIndex points at its own descriptor.
    for r in log["runs"][0]["results"].as_array().unwrap() {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(driver["rules"][i]["id"], r["ruleId"]);
    }
}

#[test]
fn results_point_at_the_element_and_its_related_places() {
    let (_, log) = log();
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let results = run["results"].as_array().unwrap();
    // SG007 has no file, so it is a notification rather than a result.
    assert_eq!(results.len(), 3);
    let dup = results.iter().find(|r| r["ruleId"] == "SG201").unwrap();
    assert_eq!(dup["level"], "error");
    let location = &dup["locations"][0];
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uri"],
        "usg/R%C3%B4les%20&%20duties.xml"
    );
    assert_eq!(
        location["physicalLocation"]["region"],
        json!({"startLine": 7, "startColumn": 11, "endLine": 7, "endColumn": 25})
    );
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        "SecurityCategory[Name='Procure to pay']"
    );
    let related = dup["relatedLocations"].as_array().unwrap();
    assert_eq!(related.len(), 2);
    assert_eq!(
        related[1]["physicalLocation"]["artifactLocation"]["uri"],
        "usg/procure-to-pay.xml"
    );
    assert_eq!(related[1]["message"]["text"], "first defined here");
    let note = results.iter().find(|r| r["ruleId"] == "SG501").unwrap();
    assert_eq!(note["level"], "note");
    // About the whole file: GitHub needs a line, so the start of the file.
    assert_eq!(
        note["locations"][0]["physicalLocation"]["region"],
        json!({"startLine": 1})
    );
    let notification = &run["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(notification["associatedRule"]["id"], "SG007");
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    assert_eq!(run["artifacts"][2]["location"]["uri"], "usg/clean.xml");
}
