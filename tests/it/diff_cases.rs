//! Diff cases: `tests/fixtures/diff/<case>/{old,new}` compared through the real `secgov diff`
//! command, one snapshot per case and output format, and the exit status each case must give.
//! A case's optional `args` file holds extra arguments, one per line.

use std::path::{Path, PathBuf};

const FORMATS: [&str; 4] = ["human", "json", "markdown", "html"];

/// Cases whose inputs are the same security: `secgov diff` must exit 0.
const SAME: [&str; 3] = ["case-only", "cross-dialect", "reordered"];

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff")
}

fn cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(cases_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// One side of a case: `old.xml` / `new.xml`, or an `old/` / `new/` folder (AOT).
fn side(case: &Path, name: &str) -> String {
    let file = format!("{name}.xml");
    if case.join(&file).exists() {
        file
    } else {
        name.to_owned()
    }
}

fn secgov_diff(case: &str, extra: &[&str]) -> (String, i32) {
    let dir = cases_dir().join(case);
    let mut args: Vec<String> = vec!["diff".into(), side(&dir, "old"), side(&dir, "new")];
    if let Ok(text) = std::fs::read_to_string(dir.join("args")) {
        args.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned),
        );
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    let out = crate::support::command()
        .args(&args)
        .arg("--color=never")
        .current_dir(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "{case}: unexpected stderr:\n{stderr}");
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn there_is_a_case_for_each_kind_of_change() {
    let names = cases();
    for wanted in [
        "access",
        "added-removed",
        "case-only",
        "changed-fields",
        "cross-dialect",
        "extensions",
        "grants",
        "moved",
        "renamed",
        "reordered",
        "security-configuration",
    ] {
        assert!(names.iter().any(|n| n == wanted), "missing case {wanted}");
    }
}

#[test]
fn every_case_matches_its_snapshots_in_every_format() {
    for case in cases() {
        let expected = if SAME.contains(&case.as_str()) { 0 } else { 1 };
        for format in FORMATS {
            let (out, status) = secgov_diff(&case, &["--format", format]);
            assert_eq!(status, expected, "{case} ({format}) exit status");
            insta::assert_snapshot!(format!("{case}.{format}"), out);
        }
    }
}

#[test]
fn json_reports_parse_and_agree_with_the_exit_status() {
    for case in cases() {
        let (out, status) = secgov_diff(&case, &["--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["version"], 1);
        assert_eq!(v["same"], status == 0, "{case}");
    }
}

#[test]
fn no_renames_reports_each_rename_as_removed_and_added() {
    let (out, status) = secgov_diff("renamed", &["--no-renames"]);
    assert_eq!(status, 1);
    assert!(!out.contains("renamed from"), "{out}");
    insta::assert_snapshot!("renamed.no-renames", out);
}

#[test]
fn ignored_fields_are_not_compared() {
    let (out, _) = secgov_diff(
        "changed-fields",
        &[
            "--ignore",
            "description,label,company,owner,version,validity",
        ],
    );
    insta::assert_snapshot!("changed-fields.ignore", out);
}

#[test]
fn only_roles_leaves_out_the_hierarchy_duties_and_privileges() {
    let (out, _) = secgov_diff("added-removed", &["--only", "roles"]);
    assert!(!out.contains("category") && !out.contains("privilege CustCreditLimitMaintain"));
    insta::assert_snapshot!("added-removed.only-roles", out);
}

#[test]
fn a_category_filter_keeps_that_category_and_its_security_configuration() {
    let (out, status) = secgov_diff("changed-fields", &["--category", "order TO cash"]);
    assert_eq!(status, 1);
    assert!(out.contains("~ category Order to cash") && out.contains("~ role SalesClerk"));
}
