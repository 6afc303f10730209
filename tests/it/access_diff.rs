//! diff on every grant kind (issue 13, step 3): two models that differ only in one table grant
//! (Delete removed from a `DirectAccessPermissions` item) differ, in every format, by table and
//! permission; `--access` says which role lost it and how.

use crate::support::{secgov, unwrapped};

const OLD: &str = "tests/fixtures/access/table-delete/old";
const NEW: &str = "tests/fixtures/access/table-delete/new";

#[test]
fn a_removed_table_permission_is_a_difference_in_every_format() {
    for format in ["human", "json", "markdown", "html"] {
        let out = secgov(&["diff", "--format", format, OLD, NEW]);
        assert_eq!(out.status, 1, "{format}: {}{}", out.stdout, out.stderr);
        assert!(
            out.stdout.contains("CustTable") && out.stdout.contains("Delete"),
            "{format}: {}",
            out.stdout
        );
    }
}

#[test]
fn diff_access_names_the_role_the_table_and_the_permission() {
    let out = secgov(&["diff", "--access", OLD, NEW]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    let text = unwrapped(&out.stdout);
    assert!(
        text.contains("CustCreditClerk lost Delete on CustTable (Table)")
            && text.contains("via CustCreditClerk > CustCreditMaintain > CustEveryGrant"),
        "{text}"
    );
    insta::assert_snapshot!(out.stdout);
    let json = secgov(&["diff", "--access", "--format", "json", OLD, NEW]);
    insta::assert_snapshot!(json.stdout);
}

#[test]
fn identical_models_with_every_grant_kind_do_not_differ() {
    let out = secgov(&["diff", "--access", OLD, OLD]);
    assert_eq!(out.status, 0, "{}{}", out.stdout, out.stderr);
}
