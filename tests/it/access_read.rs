//! Every grant kind is read into the model (issue 13, step 1): entry points with their forms and
//! date-effective grants, data entities with fields and methods, tables, form control overrides;
//! with a finding, at a span, for each kind of bad grant.

use crate::support::{secgov, unwrapped};
use secgov::load::{LoadOptions, load};
use std::path::PathBuf;

/// `type | object | child | scope | permissions` for every grant of every privilege read.
fn grant_rows(paths: &[&str]) -> Vec<String> {
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let loaded = load(&paths, &LoadOptions::default());
    let mut rows = Vec::new();
    for p in &loaded.model.privileges {
        for g in p.grants() {
            let permissions: Vec<String> = g
                .grant
                .iter()
                .map(|(p, a)| format!("{}={}", p.as_str(), a.as_str()))
                .collect();
            rows.push(format!(
                "{} | {} | {} | {} | {} | {}",
                p.name.value,
                g.securable_type,
                g.object,
                g.child_name().unwrap_or_default(),
                g.scope.as_str(),
                permissions.join(" ")
            ));
        }
    }
    rows
}

#[test]
fn every_grant_kind_is_read_with_its_identity_and_scope() {
    insta::assert_snapshot!(grant_rows(&["tests/fixtures/access/every-grant.xml"]).join("\n"));
}

#[test]
fn a_fixture_with_every_grant_kind_validates_clean() {
    let out = secgov(&["validate", "tests/fixtures/access/every-grant.xml"]);
    assert_eq!(out.status, 0, "{}{}", out.stdout, out.stderr);
}

#[test]
fn bad_grants_get_findings_at_their_spans() {
    let out = secgov(&["validate", "tests/fixtures/access/bad-grants.xml"]);
    assert_eq!(out.status, 1);
    let text = unwrapped(&out.stdout);
    assert!(
        text.contains("`Table` is not granted through an entry point")
            && text.contains("grant a Table in <DirectAccessPermissions> instead"),
        "{text}"
    );
    assert!(
        text.contains("did you mean <Delete>?"),
        "an unknown permission: {text}"
    );
    assert!(
        text.contains("`creditlimit` is listed twice in <Fields> with different permissions"),
        "{text}"
    );
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn the_corpus_grants_on_tables_and_data_entities_are_read() {
    let rows = grant_rows(&["../shared/corpus/aot"]);
    let tables = rows.iter().filter(|r| r.contains(" | Table | ")).count();
    let entities = rows
        .iter()
        .filter(|r| r.contains(" | DataEntity | "))
        .count();
    let current = rows
        .iter()
        .filter(|r| r.contains(" | GrantCurrentData | "))
        .count();
    assert!(
        rows.iter().any(|r| r.starts_with(
            "DEVBenchmarkLogMaintain | Table | DEVBenchmarkLogParameters |  | Grant | "
        ) && r.contains("Delete=Allow")),
        "{rows:#?}"
    );
    assert!(
        tables > 0 && entities > 0 && current > 0,
        "{tables} {entities} {current}"
    );
}

/// The privilege of `every-grant.xml` without its XML declaration, to embed in other dialects.
fn every_grant_privilege() -> String {
    let text = std::fs::read_to_string("tests/fixtures/access/every-grant.xml").unwrap();
    let start = text.find("<AxSecurityPrivilege").unwrap();
    text[start..].replace(" xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"", "")
}

/// The grant rows of one dialect's text, read from a scratch file.
fn rows_of(name: &str, text: &str) -> Vec<String> {
    let path = crate::support::fixture(name, text.as_bytes());
    grant_rows(&[&path])
}

#[test]
fn every_grant_kind_is_read_alike_from_all_three_dialects() {
    let aot = grant_rows(&["tests/fixtures/access/every-grant.xml"]);
    let backup = format!(
        "<SecurityCategoryBackup Type=\"SecurityConfiguration\"><SecurityCategory><Name>C</Name><SecurityConfiguration>\n{}\n</SecurityConfiguration></SecurityCategory></SecurityCategoryBackup>\n",
        every_grant_privilege()
    );
    let export = format!(
        "<SecurityCustomizationData xmlns=\"http://schemas.datacontract.org/2004/07/Microsoft.Dynamics.AX.Security.Management\" xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"><_x003C_CustomizationsForTypeList_x003E_k__BackingField><BaseRepositoryCustomizations i:type=\"RepositoryCustomizationsOfAxSecurityPrivilegeNcCATIYq\"><_x003C_CustomizedObjectList_x003E_k__BackingField>{}</_x003C_CustomizedObjectList_x003E_k__BackingField></BaseRepositoryCustomizations></_x003C_CustomizationsForTypeList_x003E_k__BackingField></SecurityCustomizationData>\n",
        every_grant_privilege()
            .replace("<AxSecurityPrivilege>", "<AxSecurityPrivilege xmlns=\"\">")
    );
    assert_eq!(rows_of("every-grant-backup.xml", &backup), aot);
    assert_eq!(rows_of("every-grant-export.xml", &export), aot);
}
