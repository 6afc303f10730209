//! `secgov validate` on the behaviours grounded in Microsoft's docs (issue 15): the
//! process-level restore (`--restore-into`, `--overwrite`), legacy EASS Types, the Security
//! related action for Governance + configuration, and segregation-of-duties rules read from
//! Dynamics 365's own export (`--sod`). Content is checked through the JSON report.

use std::path::Path;
use std::process::Output;

const SG311: &str = "tests/fixtures/rules/SG311";

fn secgov(args: &[&str]) -> Output {
    crate::support::command()
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// `(code, severity)` of every finding of a JSON report.
fn findings(o: &Output) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)));
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(c, s)| (c.to_string(), s.to_string()))
        .collect()
}

fn restore_into(extra: &[&str]) -> Output {
    let input = format!("{SG311}/input.xml");
    let target = format!("{SG311}/destination");
    let mut args = vec!["validate", &input, "--target", &target, "-f", "json"];
    args.extend_from_slice(extra);
    secgov(&args)
}

#[test]
fn restore_into_blocks_on_collisions_unless_overwrite() {
    let blocked = restore_into(&["--restore-into", "Procure to pay/Vendors"]);
    assert_eq!(blocked.status.code(), Some(1));
    assert_eq!(
        findings(&blocked),
        pairs(&[("SG310", "note"), ("SG311", "error"), ("SG311", "error")])
    );
    let overwrite = restore_into(&["--restore-into", "Procure to pay/Vendors", "--overwrite"]);
    assert_eq!(overwrite.status.code(), Some(0));
    assert_eq!(
        findings(&overwrite),
        pairs(&[("SG310", "note"), ("SG311", "note"), ("SG311", "note")])
    );
    let missing = restore_into(&["--restore-into", "Procure to pay/Nowhere"]);
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(
        findings(&missing),
        pairs(&[("SG310", "note"), ("SG312", "error")])
    );
}

#[test]
fn overwrite_needs_restore_into() {
    let o = restore_into(&["--overwrite"]);
    assert_eq!(o.status.code(), Some(2), "a usage error");
    assert!(String::from_utf8_lossy(&o.stderr).contains("--restore-into"));
}

#[test]
fn legacy_eass_type_is_read_as_user_security_governance() {
    let o = secgov(&[
        "validate",
        "tests/fixtures/rules/SG302/legacy.xml",
        "--restore-type",
        "UserSecurityGovernance",
        "-f",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(findings(&o).is_empty(), "{:?}", findings(&o));
    let exclusive = secgov(&[
        "validate",
        "tests/fixtures/rules/SG302/legacy.xml",
        "--restore-type",
        "SecurityConfiguration",
        "-f",
        "json",
    ]);
    assert_eq!(exclusive.status.code(), Some(1));
    assert_eq!(findings(&exclusive), pairs(&[("SG302", "error")]));
}

#[test]
fn create_with_governance_and_configuration_is_not_ignored() {
    let o = secgov(&[
        "validate",
        "tests/fixtures/rules/SG304/migration.xml",
        "--action",
        "create",
        "-f",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(findings(&o), pairs(&[("SG305", "note")]));
}

#[test]
fn sod_rules_from_the_dynamics_365_export() {
    let o = secgov(&[
        "validate",
        "tests/fixtures/rules/SG601/input.xml",
        "--sod",
        "tests/fixtures/rules/SG601/rules.csv",
        "-f",
        "json",
    ]);
    // The exported rule's Severity is Medium: a warning, which does not fail the run.
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(findings(&o), pairs(&[("SG601", "warning")]));
    let bad = secgov(&[
        "validate",
        "tests/fixtures/rules/SG601/input.xml",
        "--sod",
        "tests/fixtures/rules/SG601/input.xml",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no NAME column"));
}
