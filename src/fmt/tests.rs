//! Unit tests of the formatter on small documents; corpus and CLI tests are in tests/it/fmt.rs.

use super::*;
use crate::source::{Encoding, SourceFile};

fn fmt(text: &str, dialect: Dialect) -> String {
    let file = SourceFile::new("t.xml", text.to_owned(), Encoding::Utf8);
    let tree = crate::xml::read(0, &file, &mut Vec::new()).unwrap();
    format(&tree, dialect)
}

#[test]
fn usg_fields_follow_the_canonical_order_and_processes_keep_theirs() {
    let input = "<?xml version=\"1.0\"?><SecurityCategoryBackup Type=\"UserSecurityGovernance\"><SecurityCategory>\
        <Company>USMF</Company><Name>P2P</Name><ProcessHierarchy><Process><Task><Name>T</Name></Task><Name>B</Name></Process>\
        <Process><Name>A</Name></Process></ProcessHierarchy></SecurityCategory></SecurityCategoryBackup>";
    let out = fmt(input, Dialect::UsgBackup);
    let expected = "<?xml version=\"1.0\"?>\n<SecurityCategoryBackup Type=\"UserSecurityGovernance\">\n  <SecurityCategory>\n    <Name>P2P</Name>\n    <Company>USMF</Company>\n    <ProcessHierarchy>\n      <Process>\n        <Name>B</Name>\n        <Task>\n          <Name>T</Name>\n        </Task>\n      </Process>\n      <Process>\n        <Name>A</Name>\n      </Process>\n    </ProcessHierarchy>\n  </SecurityCategory>\n</SecurityCategoryBackup>\n";
    assert_eq!(out, expected);
    assert_eq!(fmt(&out, Dialect::UsgBackup), out, "idempotent");
}

#[test]
fn aot_grants_are_alphabetical_and_empty_elements_get_a_space() {
    let input = "<AxSecurityPrivilege xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"><Name>P</Name><EntryPoints><AxSecurityEntryPointReference>\
        <Grant><Read>Allow</Read><Delete>Deny</Delete></Grant><Forms/></AxSecurityEntryPointReference></EntryPoints></AxSecurityPrivilege>";
    let out = fmt(input, Dialect::Aot);
    assert!(
        out.contains(
            "<Grant>\n\t\t\t\t<Delete>Deny</Delete>\n\t\t\t\t<Read>Allow</Read>\n\t\t\t</Grant>"
        ),
        "{out}"
    );
    assert!(out.contains("<Forms />"));
}

#[test]
fn comments_entities_and_cdata_survive_and_travel_with_their_element() {
    let input = "<SecurityCategoryBackup><SecurityCategory><!-- why --><Description>a &amp; b<![CDATA[<x>]]></Description><Name>N</Name></SecurityCategory></SecurityCategoryBackup>";
    let out = fmt(input, Dialect::UsgBackup);
    assert!(out.contains("<Name>N</Name>\n    <!-- why -->\n    <Description>a &amp; b<![CDATA[<x>]]></Description>"), "{out}");
}
