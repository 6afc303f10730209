//! `secgov validate`, `secgov rules` and `secgov explain` run as a user would: real invocations,
//! their output and exit statuses. Covers the restore failures the product documents (wrong Type,
//! duplicate category, None with missing duties, Clear) and the shipped templates.

use std::path::{Path, PathBuf};
use std::process::Output;

const ORDER_TO_CASH: &str = "templates/usg/order-to-cash.xml";

fn secgov(args: &[&str]) -> Output {
    secgov_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn secgov_in(dir: &Path, args: &[&str]) -> Output {
    crate::support::command()
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "200")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("validate_cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The code and `file:line` of each finding's primary place, e.g. `SG309 order-to-cash.xml:13`.
fn findings(out: &str) -> Vec<String> {
    let mut codes = Vec::new();
    let mut code = String::new();
    for line in out.lines() {
        let t = line.trim();
        if t.starts_with("SG") && t.len() == 5 {
            code = t.to_owned();
        } else if let Some(rest) = t.strip_prefix("× ").or(t.strip_prefix("⚠ ")) {
            let place: Vec<&str> = rest.splitn(3, ':').collect();
            let file = Path::new(place[0])
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            codes.push(format!("{code} {file}:{}", place.get(1).unwrap_or(&"")));
        }
    }
    codes
}

#[test]
fn shipped_templates_validate_clean() {
    for path in [
        "templates/usg/order-to-cash.xml",
        "templates/usg/procure-to-pay.xml",
        "templates/aot",
        "templates/secconfig",
    ] {
        let o = secgov(&["validate", path]);
        assert_eq!(o.status.code(), Some(0), "{path}: {}", stdout(&o));
        assert!(
            stdout(&o).ends_with(": no findings\n"),
            "{path}: {}",
            stdout(&o)
        );
    }
}

#[test]
fn wrong_restore_type_is_an_error_at_the_type_attribute() {
    let o = secgov(&[
        "validate",
        ORDER_TO_CASH,
        "--restore-type",
        "security-configuration",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(findings(&stdout(&o)), ["SG302 order-to-cash.xml:2"]);
    assert!(stdout(&o).contains("will be restored as Security configuration"));
    let same = secgov(&[
        "validate",
        ORDER_TO_CASH,
        "--restore-type",
        "UserSecurityGovernance",
    ]);
    assert_eq!(same.status.code(), Some(0), "{}", stdout(&same));
}

#[test]
fn category_that_exists_in_the_destination_stops_the_restore() {
    let destination = scratch("destination");
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(ORDER_TO_CASH)).unwrap();
    std::fs::write(
        destination.join("prod.xml"),
        text.replace("Order to cash", "ORDER TO CASH"),
    )
    .unwrap();
    let o = secgov(&[
        "validate",
        ORDER_TO_CASH,
        "--target",
        destination.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert_eq!(findings(&stdout(&o)), ["SG201 order-to-cash.xml:4"]);
    assert!(
        stdout(&o).contains("prod.xml:4:11]"),
        "the destination's category is labelled"
    );
    assert!(stdout(&o).contains("already exists in the destination"));
}

#[test]
fn same_category_in_two_files_of_one_run() {
    let dir = scratch("two_files");
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(ORDER_TO_CASH)).unwrap();
    std::fs::write(dir.join("a.xml"), &text).unwrap();
    std::fs::write(
        dir.join("b.xml"),
        text.replace("<Name>Customer management", "<Name>Customers"),
    )
    .unwrap();
    let o = secgov_in(&dir, &["validate", "a.xml", "b.xml"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(findings(&stdout(&o)), ["SG201 b.xml:4"]);
    assert!(
        stdout(&o).contains("╭─[a.xml:4:11]"),
        "the first definition is labelled"
    );
}

#[test]
fn action_none_reports_every_missing_duty_and_role_with_its_line() {
    // Without a destination nothing says which standard objects exist: one warning says the
    // eight names could not be checked (at the first), instead of eight errors.
    let o = secgov(&["validate", ORDER_TO_CASH, "--action", "none"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(findings(&stdout(&o)), ["SG309 order-to-cash.xml:10"]);
    assert!(
        stdout(&o)
            .contains("8 role, duty and privilege names in the hierarchy could not be checked")
    );
    assert!(stdout(&o).contains("secgov catalog build"));

    // With a destination that has none of them, each one is an error at its line.
    let empty = scratch("none_empty_destination");
    std::fs::write(
        empty.join("Other.xml"),
        "<AxSecurityDuty><Name>UnrelatedDuty</Name></AxSecurityDuty>",
    )
    .unwrap();
    let o = secgov(&[
        "validate",
        ORDER_TO_CASH,
        "--action",
        "none",
        "--target",
        empty.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<String> = findings(&stdout(&o));
    let expected: Vec<String> = [10, 13, 29, 41, 47, 69, 82, 85]
        .iter()
        .map(|l| format!("SG309 order-to-cash.xml:{l}"))
        .collect();
    assert_eq!(lines, expected);

    // Duties that exist in the destination are fine.
    let destination = scratch("none_destination");
    let duty =
        |name: &str| format!("<AxSecurityDuty><Name>{name}</Name><Privileges /></AxSecurityDuty>");
    std::fs::write(
        destination.join("CustCustomerMasterMaintain.xml"),
        duty("CustCustomerMasterMaintain"),
    )
    .unwrap();
    std::fs::write(
        destination.join("CustCreditLimitMaintain.xml"),
        duty("custcreditlimitmaintain"),
    )
    .unwrap();
    let o = secgov(&[
        "validate",
        ORDER_TO_CASH,
        "--action",
        "none",
        "--target",
        destination.to_str().unwrap(),
    ]);
    let lines = findings(&stdout(&o));
    assert!(
        !lines.contains(&"SG309 order-to-cash.xml:13".to_owned()),
        "{lines:?}"
    );
    assert!(
        !lines.contains(&"SG309 order-to-cash.xml:29".to_owned()),
        "{lines:?}"
    );
    assert_eq!(lines.len(), 6, "{lines:?}");
}

#[test]
fn action_clear_warns_with_the_number_of_references() {
    let o = secgov(&["validate", ORDER_TO_CASH, "--action", "clear"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "a warning is below the default --fail-on error"
    );
    assert_eq!(findings(&stdout(&o)), ["SG308 order-to-cash.xml:4"]);
    assert!(
        stdout(&o)
            .contains("Clear will blank the security references of 5 tasks and 3 process roles")
    );
    let strict = secgov(&[
        "validate",
        ORDER_TO_CASH,
        "--action",
        "clear",
        "--fail-on",
        "warning",
    ]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn config_is_found_upward_and_overrides_severity() {
    let dir = scratch("config_upward");
    std::fs::write(
        dir.join("secgov.toml"),
        "action = \"clear\"\n[severity]\nSG308 = \"error\"\n",
    )
    .unwrap();
    let sub = dir.join("backups");
    std::fs::create_dir_all(&sub).unwrap();
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(ORDER_TO_CASH)).unwrap();
    std::fs::write(sub.join("o2c.xml"), text).unwrap();
    let o = secgov_in(&sub, &["validate", "o2c.xml"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("× o2c.xml:4:11: Clear will blank"),
        "{}",
        stdout(&o)
    );

    std::fs::write(dir.join("secgov.toml"), "[severity]\nSG3O8 = \"off\"\n").unwrap();
    let bad = secgov_in(&sub, &["validate", "o2c.xml"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("did you mean SG308"));
}

#[test]
fn usage_and_read_errors_exit_2() {
    assert_eq!(
        secgov(&["validate", "no/such/file.xml"]).status.code(),
        Some(2)
    );
    assert_eq!(
        secgov(&["validate", ORDER_TO_CASH, "--action", "merge"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        secgov(&["validate", ORDER_TO_CASH, "--restore-type", "EASS"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        secgov(&["validate", ORDER_TO_CASH, "--config", "no/such/secgov.toml"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn rules_lists_every_code_and_explain_prints_its_page() {
    let o = secgov(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    let listed = stdout(&o).lines().filter(|l| l.starts_with("SG")).count();
    assert_eq!(listed, secgov::rules::registry().len());

    let page = secgov(&["explain", "sg201"]);
    assert_eq!(page.status.code(), Some(0));
    let expected =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules/SG201.md"))
            .unwrap();
    assert_eq!(stdout(&page), expected);
    let unknown = secgov(&["explain", "SG2O1"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("did you mean SG201"));
}

#[test]
fn real_aot_corpus_reports_only_entry_points_without_grants() {
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/aot");
    if !Path::new(corpus).is_dir() {
        return; // The shared corpus is not part of the repository.
    }
    let o = secgov(&["validate", corpus]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let found = findings(&stdout(&o));
    assert_eq!(found.len(), 12, "{found:?}");
    assert!(found.iter().all(|f| f.starts_with("SG501 ")), "{found:?}");
    // The two references to standard objects (a duty extension's base and a privilege) are not
    // checkable without a reference: one SG401 note says so. Read from the JSON report: the human
    // one wraps the message after the file's path, which is as long as the checkout's path.
    let json = secgov(&["validate", corpus, "-f", "json"]);
    assert!(
        stdout(&json).contains("2 references to roles, duties and privileges not defined"),
        "{}",
        stdout(&json)
    );
    assert!(stdout(&o).ends_with("checked 59 files: 0 errors, 12 warnings, 1 note\n"));
}

/// Regression: an input folder inside a `--reference` folder was read twice and every object in
/// it reported as defined twice (SG205).
#[test]
fn input_inside_a_reference_folder_is_checked_once() {
    let role = "templates/aot/ContosoSecurity/ContosoSecurity/AxSecurityRole";
    let o = secgov(&["validate", role, "--reference", "templates/aot"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "checked 1 file: no findings\n");
    let same = secgov(&["validate", "templates/aot", "--reference", "templates/aot"]);
    assert_eq!(stdout(&same), "checked 6 files: no findings\n");
}

/// Regression: an input lying inside the `--target` folder was read twice, once as the input
/// and once as the destination, and reported as a duplicate of its own category (SG201).
#[test]
fn an_input_inside_the_target_folder_is_read_once() {
    let dir = scratch("input-in-target");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(ORDER_TO_CASH),
        dir.join("order-to-cash.xml"),
    )
    .unwrap();
    let o = secgov_in(&dir, &["validate", "order-to-cash.xml", "--target", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // A second copy in the destination is a real duplicate and still found.
    std::fs::copy(dir.join("order-to-cash.xml"), dir.join("restored.xml")).unwrap();
    let o = secgov_in(&dir, &["validate", "order-to-cash.xml", "--target", "."]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("SG201"), "{}", stdout(&o));
}

#[test]
fn skip_other_xml_passes_files_that_are_not_security_xml_quietly() {
    let dir = scratch("skip-other-xml");
    std::fs::write(
        dir.join("CustTable.xml"),
        "<AxTable><Name>CustTable</Name></AxTable>",
    )
    .unwrap();
    let o = secgov_in(&dir, &["validate", "CustTable.xml"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "without the flag it is an input error"
    );
    let o = secgov_in(&dir, &["validate", "--skip-other-xml", "CustTable.xml"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "checked 0 files: no findings\n");
    // Security XML given beside it is still checked.
    std::fs::write(dir.join("Bad.xml"), "<AxSecurityRole><Name>R</Name>").unwrap();
    let o = secgov_in(
        &dir,
        &[
            "validate",
            "--skip-other-xml",
            "CustTable.xml",
            "Bad.xml",
            "-f",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stdout(&o).contains("Bad.xml"), "{}", stdout(&o));
    assert!(!stdout(&o).contains("CustTable.xml"), "{}", stdout(&o));
}
