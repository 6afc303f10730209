//! Rules count every grant kind (issue 13, step 4): SG602 never calls two privileges the same when
//! any grant differs, SG502 names a conflict on a table field, SG501 sees field grants.

use secgov::load::{LoadOptions, load_bytes};
use secgov::rules::{CheckOptions, check};

fn privilege(name: &str, control: Option<&str>) -> String {
    let forms = match control {
        Some(access) => format!(
            "<Forms><AxSecurityEntryPointReferenceForm><Name>CustTable</Name><Controls><AxSecurityEntryPointReferenceFormControl><Grant><{access}>Allow</{access}></Grant><Name>CreditLimit</Name></AxSecurityEntryPointReferenceFormControl></Controls></AxSecurityEntryPointReferenceForm></Forms>"
        ),
        None => String::new(),
    };
    format!(
        "<AxSecurityPrivilege><Name>{name}</Name><EntryPoints><AxSecurityEntryPointReference><Name>CustTable</Name><Grant><Read>Allow</Read></Grant><ObjectName>CustTable</ObjectName><ObjectType>MenuItemDisplay</ObjectType>{forms}</AxSecurityEntryPointReference></EntryPoints></AxSecurityPrivilege>\n"
    )
}

fn backup(objects: &str) -> String {
    format!(
        "<SecurityCategoryBackup Type=\"SecurityConfiguration\"><SecurityCategory><Name>C</Name><SecurityConfiguration>\n{objects}</SecurityConfiguration></SecurityCategory></SecurityCategoryBackup>"
    )
}

fn messages(xml: &str, code: &str) -> Vec<String> {
    let loaded = load_bytes("t.xml", xml.as_bytes(), &LoadOptions::default());
    check(&loaded.model, &loaded.diagnostics, &CheckOptions::default())
        .into_iter()
        .filter(|d| d.code == code)
        .map(|d| d.message)
        .collect()
}

#[test]
fn sg602_sees_a_form_control_grant() {
    let same = backup(&(privilege("A", Some("Update")) + &privilege("B", Some("Update"))));
    let found = messages(&same, "SG602");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("grant the same access"), "{found:?}");
    let differ = backup(&(privilege("A", None) + &privilege("B", Some("Update"))));
    assert!(
        messages(&differ, "SG602")
            .iter()
            .all(|m| !m.contains("the same access:")),
        "one grants Update on a control, the other does not"
    );
    let permission = backup(&(privilege("A", Some("Read")) + &privilege("B", Some("Update"))));
    assert!(
        messages(&permission, "SG602")
            .iter()
            .all(|m| !m.contains("the same access:"))
    );
}

#[test]
fn sg502_names_the_field_and_scope() {
    let xml = backup(
        "<AxSecurityRole><Name>R</Name><Privileges><AxSecurityPrivilegeReference><Name>A</Name></AxSecurityPrivilegeReference><AxSecurityPrivilegeReference><Name>B</Name></AxSecurityPrivilegeReference></Privileges></AxSecurityRole>\n\
         <AxSecurityPrivilege><Name>A</Name><DirectAccessPermissions><AxSecurityDataEntityReference><Grant><Read>Allow</Read></Grant><Name>CustTable</Name><Fields><AxSecurityDataEntityFieldReference><Grant><Read>Allow</Read></Grant><Name>CreditMax</Name></AxSecurityDataEntityFieldReference></Fields></AxSecurityDataEntityReference></DirectAccessPermissions></AxSecurityPrivilege>\n\
         <AxSecurityPrivilege><Name>B</Name><DirectAccessPermissions><AxSecurityDataEntityReference><Grant><Read>Allow</Read></Grant><GrantPastData><Read>Deny</Read></GrantPastData><Name>CustTable</Name><Fields><AxSecurityDataEntityFieldReference><Grant><Read>Deny</Read></Grant><Name>CreditMax</Name></AxSecurityDataEntityFieldReference></Fields></AxSecurityDataEntityReference></DirectAccessPermissions></AxSecurityPrivilege>\n",
    );
    let found = messages(&xml, "SG502");
    assert_eq!(
        found,
        ["the role `R` both allows and denies Read on TableField `CustTable.CreditMax`; Deny wins"],
        "the past-data Deny has no Allow beside it"
    );
}

#[test]
fn sg602_on_the_corpus_flags_nothing_whose_grants_differ() {
    let paths = [std::path::PathBuf::from("../shared/corpus/aot")];
    let loaded = secgov::load::load(&paths, &LoadOptions::default());
    for d in check(&loaded.model, &loaded.diagnostics, &CheckOptions::default())
        .into_iter()
        .filter(|d| d.code == "SG602" && d.message.contains("privileges grant the same access:"))
    {
        // The members named in the message come before the `;` that starts the grants.
        let members = d.message.split(';').next().unwrap();
        let names: Vec<&str> = members.split('`').skip(1).step_by(2).collect();
        let grants = |name: &str| {
            let p = loaded.model.find_privilege(name).unwrap();
            let mut keys: Vec<String> = p
                .grants()
                .iter()
                .filter(|g| !g.grant.is_empty())
                .map(|g| format!("{} {:?}", g.key(), g.grant.iter().collect::<Vec<_>>()))
                .collect();
            keys.sort();
            keys
        };
        for name in &names[1..] {
            assert_eq!(grants(names[0]), grants(name), "{}", d.message);
        }
    }
}
