//! `secgov validate --quiet` and `--statistics` (issue 17, item 9): the summary line alone, or a
//! count per code (most first) as text or JSON, with the exit status of a full report; the
//! formats where they mean nothing refuse them with a usage error rather than writing a report
//! that looks clean.

use crate::support::secgov;

const DUPLICATES: &[u8] = br#"<?xml version="1.0" encoding="utf-8"?>
<SecurityCategoryBackup Type="UserSecurityGovernance" SchemaVersion="1">
  <SecurityCategory>
    <Name>Procure to pay</Name>
    <Procss/>
  </SecurityCategory>
  <SecurityCategory>
    <Name>Procure to pay</Name>
  </SecurityCategory>
  <SecurityCategory>
    <Name>Procure to pay</Name>
  </SecurityCategory>
</SecurityCategoryBackup>
"#;

fn input() -> String {
    crate::support::fixture("volume-duplicates.xml", DUPLICATES)
}

#[test]
fn quiet_prints_the_summary_line_and_keeps_the_exit_status() {
    let path = input();
    let full = secgov(&["validate", &path]);
    let quiet = secgov(&["validate", &path, "--quiet"]);
    assert_eq!(quiet.status, 1);
    assert_eq!(quiet.status, full.status);
    assert_eq!(
        quiet.stdout,
        "checked 1 file: 3 errors, 0 warnings, 0 notes\n"
    );
    assert!(full.stdout.ends_with(&quiet.stdout));
    assert_eq!(
        secgov(&["validate", &path, "-q", "--fail-on", "note"]).status,
        1
    );
}

#[test]
fn statistics_count_each_code_most_first() {
    let path = input();
    let out = secgov(&["validate", &path, "--statistics"]);
    assert_eq!(out.status, 1);
    assert_eq!(
        out.stdout,
        "2  SG201  error    duplicate-category-name\n\
         1  SG101  error    unknown-element\n\
         checked 1 file: 3 errors, 0 warnings, 0 notes\n"
    );
    let json = secgov(&["validate", &path, "--statistics", "--format", "json"]);
    assert_eq!(json.status, 1);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["secgov_statistics"], 1);
    assert_eq!(v["statistics"][0]["code"], "SG201");
    assert_eq!(v["statistics"][0]["count"], 2);
    assert_eq!(v["statistics"][1]["name"], "unknown-element");
    assert_eq!(v["summary"]["errors"], 3);
}

#[test]
fn formats_without_a_quiet_or_statistics_form_refuse_them() {
    let path = input();
    for format in ["json", "sarif", "github", "junit"] {
        let out = secgov(&["validate", &path, "--quiet", "--format", format]);
        assert_eq!(out.status, 2, "{format}");
        assert_eq!(out.stdout, "", "{format}");
        assert!(out.stderr.contains("--quiet"), "{}", out.stderr);
    }
    for format in ["sarif", "github", "junit"] {
        let out = secgov(&["validate", &path, "--statistics", "--format", format]);
        assert_eq!(out.status, 2, "{format}");
        assert!(out.stderr.contains("--statistics"), "{}", out.stderr);
    }
    let both = secgov(&["validate", &path, "--quiet", "--statistics"]);
    assert_eq!(both.status, 2);
}
