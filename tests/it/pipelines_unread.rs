//! A path that cannot be read is reported about the run in every machine format, as
//! `docs/output-formats.md` says (issue 17, item 5): JSON without a path, GitHub without `file=`.
//! SARIF and JUnit are checked in `pipelines_sarif.rs` and `pipelines_junit.rs`.

use crate::support::{command, exit_code};

/// `secgov validate --format FORMAT ok.xml missing.xml` in a fresh folder: exit status, stdout.
fn validate_with_missing(format: &str) -> (i32, String) {
    let dir = std::env::temp_dir().join(format!("secgov-unread-{format}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("ok.xml"),
        "<SecurityCategoryBackup Type=\"UserSecurityGovernance\" SchemaVersion=\"1\"/>\n",
    )
    .unwrap();
    let out = command()
        .current_dir(&dir)
        .args(["validate", "--format", format, "ok.xml", "missing.xml"])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    (
        exit_code(out.status),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn json_gives_an_unreadable_path_no_path() {
    let (status, text) = validate_with_missing("json");
    assert_eq!(status, 2);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "SG007")
        .expect("an SG007 entry");
    assert!(d["path"].is_null(), "{d}");
    assert!(d["start"].is_null());
    assert!(d["message"].as_str().unwrap().contains("missing.xml"));
}

#[test]
fn github_gives_an_unreadable_path_no_file() {
    let (status, text) = validate_with_missing("github");
    assert_eq!(status, 2);
    let line = text
        .lines()
        .find(|l| l.contains("SG007"))
        .expect("an SG007 command");
    assert!(
        line.starts_with("::error title=SG007 unreadable-path::"),
        "{line}"
    );
    assert!(line.contains("missing.xml"));
}
