//! `secgov access` (issue 13, step 5): rows per role and securable object with the path that
//! grants them, in every format, from all three dialects; `--object` answers who reaches it.

use crate::support::secgov;

const MODEL: &str = "tests/fixtures/access/table-delete/old";

#[test]
fn every_grant_kind_in_every_format() {
    for format in ["human", "csv", "json", "markdown"] {
        let out = secgov(&["access", "--format", format, MODEL]);
        assert_eq!(out.status, 0, "{format}: {}", out.stderr);
        insta::assert_snapshot!(format!("access-{format}"), out.stdout);
    }
}

#[test]
fn csv_opens_in_excel_as_utf8() {
    let out = secgov(&["access", "--format", "csv", MODEL]);
    assert!(out.stdout.starts_with("\u{feff}Role,Sub-role,Duty,Privilege,Securable type,AOT name,AOT child name,Read,Update,Create,Correct,Delete,Invoke,Grant"));
}

#[test]
fn object_lists_who_reaches_it_and_how() {
    let out = secgov(&["access", "--object", "custtrans", MODEL]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let rows: Vec<&str> = out.stdout.lines().skip(2).collect();
    assert_eq!(rows.len(), 1, "{}", out.stdout);
    assert!(rows[0].starts_with("CustCreditClerk") && rows[0].contains("Table"));
    let none = secgov(&["access", "--object", "NoSuchTable", MODEL]);
    assert_eq!(none.status, 1);
    assert!(none.stderr.contains("no role reaches `NoSuchTable`"));
}

#[test]
fn an_unknown_role_is_an_error_with_did_you_mean() {
    let out = secgov(&["access", "--role", "CustCreditClerks", MODEL]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr.contains(
            "no role named `CustCreditClerks` in the files read (did you mean `CustCreditClerk`?)"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn a_backup_without_security_objects_shows_what_its_hierarchy_implies() {
    let out = secgov(&[
        "access",
        "--role",
        "SalesSalesClerk",
        "--format",
        "json",
        "templates/usg/order-to-cash.xml",
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["role"] == "SalesSalesClerk"));
    assert_eq!(rows[0]["path"][0]["kind"], "role");
}

#[test]
fn the_corpus_grants_on_tables_entities_and_current_data_show() {
    let out = secgov(&["access", "--format", "csv", "../shared/corpus/aot"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    for needle in [
        ",DEVBenchmarkLogMaintain,Table,DEVBenchmarkLogParameters,",
        ",DataEntity,DEVBenchmarkLogEntity,",
        ",GrantCurrentData",
    ] {
        assert!(out.stdout.contains(needle), "{needle} missing");
    }
}

#[test]
fn a_privilege_a_role_reaches_is_never_listed_as_unreached() {
    let p = |n: &str| {
        format!(
            "<AxSecurityPrivilege><Name>{n}</Name><EntryPoints><AxSecurityEntryPointReference><Name>X</Name><Grant><Read>Allow</Read></Grant><ObjectName>CustTable</ObjectName><ObjectType>MenuItemDisplay</ObjectType></AxSecurityEntryPointReference></EntryPoints></AxSecurityPrivilege>\n"
        )
    };
    let xml = format!(
        "<SecurityCategoryBackup Type=\"SecurityConfiguration\"><SecurityCategory><Name>C</Name><SecurityConfiguration>\n<AxSecurityRole><Name>R</Name><Privileges><AxSecurityPrivilegeReference><Name>A</Name></AxSecurityPrivilegeReference><AxSecurityPrivilegeReference><Name>B</Name></AxSecurityPrivilegeReference></Privileges></AxSecurityRole>\n{}{}{}</SecurityConfiguration></SecurityCategory></SecurityCategoryBackup>\n",
        p("A"),
        p("B"),
        p("Lonely")
    );
    let path = crate::support::fixture("access-reached.xml", xml.as_bytes());
    let out = secgov(&["access", "--format", "csv", &path]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let rows: Vec<&str> = out.stdout.lines().skip(1).collect();
    assert_eq!(
        rows,
        [
            "R,,,A,MenuItemDisplay,CustTable,,Allow,,,,,,Grant",
            ",,,Lonely,MenuItemDisplay,CustTable,,Allow,,,,,,Grant"
        ],
        "B is reached by R (through a path that does not decide), Lonely by no one"
    );
}
