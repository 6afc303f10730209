//! `secgov validate --format json|sarif|github|junit` end to end: the documented restore failure
//! (a wrong Type) comes out in each machine format at the right line, SARIF valid against the
//! official schema, JUnit well-formed, and the exit status unchanged by the format.

use crate::render_fixture;

const O2C: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/templates/usg/order-to-cash.xml"
);

fn validate(format: &str) -> (i32, String) {
    let out = crate::support::command()
        .args([
            "validate",
            O2C,
            "--restore-type",
            "GovernanceAndConfiguration",
            "--format",
            format,
        ])
        .output()
        .expect("secgov runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn json_reports_the_wrong_type_at_line_2() {
    let (status, text) = validate("json");
    assert_eq!(status, 1);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "SG302");
    assert_eq!(d["start"]["line"], 2);
    assert_eq!(v["summary"]["errors"], 1);
}

#[test]
fn sarif_is_valid_and_points_at_the_type_attribute() {
    let (status, text) = validate("sarif");
    assert_eq!(status, 1);
    assert_eq!(render_fixture::sarif_errors(&text), "");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let result = &v["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "SG302");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
}

#[test]
fn github_and_junit_carry_the_same_finding() {
    let (status, text) = validate("github");
    assert_eq!(status, 1);
    assert!(text.starts_with("::error file="), "{text}");
    assert!(
        text.contains("line=2,") && text.contains("title=SG302"),
        "{text}"
    );

    let (status, text) = validate("junit");
    assert_eq!(status, 1);
    let doc = roxmltree::Document::parse(&text).expect("well-formed JUnit XML");
    let failures: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .collect();
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].attribute("type"), Some("SG302"));
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let (status, _) = validate("xml");
    assert_eq!(status, 2);
}
