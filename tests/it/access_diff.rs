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

#[test]
fn every_grant_kind_through_diff_and_diff_access() {
    let (old, new) = (
        "tests/fixtures/access/every-kind/old",
        "tests/fixtures/access/every-kind/new",
    );
    let out = secgov(&["diff", "--access", old, new]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn diff_access_on_a_backup_without_security_objects_uses_the_implied_security() {
    let old = std::fs::read_to_string("templates/usg/order-to-cash.xml").unwrap();
    let from = "<ObjectName>SalesTableListPage</ObjectName>\n                <ObjectType>MenuItemDisplay</ObjectType>\n                <Grant><Read>Allow</Read><Update>Allow</Update><Create>Allow</Create><Delete>Allow</Delete></Grant>";
    assert!(old.contains(from));
    let new = old.replace(from, &from.replace("<Delete>Allow</Delete>", ""));
    let path = crate::support::fixture("order-to-cash-no-delete.xml", new.as_bytes());
    let out = secgov(&["diff", "--access", "templates/usg/order-to-cash.xml", &path]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    let text = unwrapped(&out.stdout);
    assert!(
        text.contains("SalesSalesClerk lost Delete on SalesTableListPage (MenuItemDisplay)")
            && text.contains(
                "via SalesSalesClerk > SalesSalesOrderMaintain > SalesSalesOrderMaintain"
            ),
        "{text}"
    );
}
