//! JUnit as CI servers read it (issue 17, items 3 and 5): test names that stay the same when lines
//! move, only the attributes the common JUnit schema allows, and no suite named after a path that
//! could not be read.
//!
//! The schema check uses `xmllint --schema` with the constraints of Jenkins' `junit-10.xsd` (the
//! xunit plugin's schema, which Azure DevOps' and GitLab's readers accept a subset of), restated
//! below in a compact XSD of our own: which elements nest where, which attributes each may carry
//! and which are required. xmllint comes with libxml2-utils (`.ci/run` installs it); without it
//! the test is skipped, except under `CI`, where it fails.

use crate::render_fixture::{RULES, diagnostics, files, find};
use crate::support::exit_code;
use roxmltree::Document;
use secgov::diag::Diagnostic;
use secgov::render::junit;
use secgov::source::{Encoding, SourceFile};
use std::process::Command;

/// What `junit-10.xsd` allows, element by element (attributes not listed there are refused).
const JUNIT_10_RULES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:complexType name="outcome" mixed="true">
    <xs:attribute name="type" type="xs:string"/>
    <xs:attribute name="message" type="xs:string"/>
  </xs:complexType>
  <xs:element name="failure" type="outcome"/>
  <xs:element name="error" type="outcome"/>
  <xs:element name="skipped" type="outcome"/>
  <xs:element name="system-out" type="xs:string"/>
  <xs:element name="system-err" type="xs:string"/>
  <xs:element name="properties">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="property" minOccurs="0" maxOccurs="unbounded">
          <xs:complexType>
            <xs:attribute name="name" type="xs:string" use="required"/>
            <xs:attribute name="value" type="xs:string" use="required"/>
          </xs:complexType>
        </xs:element>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
  <xs:element name="testcase">
    <xs:complexType>
      <xs:choice minOccurs="0" maxOccurs="unbounded">
        <xs:element ref="skipped"/>
        <xs:element ref="error"/>
        <xs:element ref="failure"/>
        <xs:element ref="system-out"/>
        <xs:element ref="system-err"/>
      </xs:choice>
      <xs:attribute name="name" type="xs:string" use="required"/>
      <xs:attribute name="classname" type="xs:string"/>
      <xs:attribute name="time" type="xs:string"/>
      <xs:attribute name="group" type="xs:string"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="testsuite">
    <xs:complexType>
      <xs:choice minOccurs="0" maxOccurs="unbounded">
        <xs:element ref="testsuite"/>
        <xs:element ref="properties"/>
        <xs:element ref="testcase"/>
        <xs:element ref="system-out"/>
        <xs:element ref="system-err"/>
      </xs:choice>
      <xs:attribute name="name" type="xs:string" use="required"/>
      <xs:attribute name="tests" type="xs:string" use="required"/>
      <xs:attribute name="failures" type="xs:string" use="required"/>
      <xs:attribute name="errors" type="xs:string" use="required"/>
      <xs:attribute name="skipped" type="xs:string"/>
      <xs:attribute name="time" type="xs:string"/>
      <xs:attribute name="timestamp" type="xs:string"/>
      <xs:attribute name="hostname" type="xs:string"/>
      <xs:attribute name="id" type="xs:string"/>
      <xs:attribute name="package" type="xs:string"/>
      <xs:attribute name="group" type="xs:string"/>
      <xs:attribute name="file" type="xs:string"/>
      <xs:attribute name="log" type="xs:string"/>
      <xs:attribute name="url" type="xs:string"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="testsuites">
    <xs:complexType>
      <xs:sequence>
        <xs:element ref="testsuite" minOccurs="0" maxOccurs="unbounded"/>
      </xs:sequence>
      <xs:attribute name="name" type="xs:string"/>
      <xs:attribute name="time" type="xs:string"/>
      <xs:attribute name="tests" type="xs:string"/>
      <xs:attribute name="failures" type="xs:string"/>
      <xs:attribute name="errors" type="xs:string"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
"#;

fn xmllint_available() -> bool {
    let found = Command::new("xmllint").arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "xmllint is missing on CI: install libxml2-utils (.ci/run does)"
        );
        eprintln!("SKIPPED: xmllint not found; install libxml2-utils to check JUnit output");
    }
    found
}

/// xmllint's complaints about `xml` against the junit-10 rules (empty when valid).
fn schema_errors(xml: &str, tag: &str) -> String {
    let dir = std::env::temp_dir().join(format!("secgov-junit-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let xsd = dir.join("junit-10.xsd");
    let report = dir.join("report.xml");
    std::fs::write(&xsd, JUNIT_10_RULES).unwrap();
    std::fs::write(&report, xml).unwrap();
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(&report)
        .output()
        .expect("run xmllint");
    let _ = std::fs::remove_dir_all(&dir);
    if out.status.success() {
        String::new()
    } else {
        String::from_utf8_lossy(&out.stderr).into_owned()
    }
}

#[test]
fn fixture_report_passes_the_junit_10_schema() {
    if !xmllint_available() {
        return;
    }
    let xml = junit::render(&files(), &diagnostics(), RULES);
    assert_eq!(schema_errors(&xml, "fixture"), "");
    assert_eq!(schema_errors(&junit::render(&[], &[], &[]), "empty"), "");
}

/// Guards the guard: the attributes the old output wrote on test cases are refused.
#[test]
fn schema_check_refuses_file_and_line_on_a_test_case() {
    if !xmllint_available() {
        return;
    }
    let bad = r#"<testsuites><testsuite name="a" tests="1" failures="0" errors="0"><testcase name="x" file="a.xml" line="7"/></testsuite></testsuites>"#;
    let errors = schema_errors(bad, "bad");
    assert!(errors.contains("file"), "{errors}");
}

const BACKUP: &str = r#"<SecurityCategoryBackup Type="UserSecurityGovernance" SchemaVersion="1">
  <SecurityCategory>
    <Name>Procure to pay</Name>
  </SecurityCategory>
  <SecurityCategory>
    <Name>Procure to pay</Name>
  </SecurityCategory>
  <SecurityCategory>
    <Name>Procure to pay</Name>
  </SecurityCategory>
</SecurityCategoryBackup>
"#;

/// The test case names and failure texts of the duplicate findings in `text`.
fn cases(text: &str) -> Vec<(String, String)> {
    let files = [SourceFile::new(
        "usg/p2p.xml",
        text.to_owned(),
        Encoding::Utf8,
    )];
    let ds: Vec<Diagnostic> = [1, 2]
        .into_iter()
        .map(|nth| {
            Diagnostic::error("SG201", "the category name is used twice")
                .at(0, find(text, "Procure to pay", nth))
                .with_path("SecurityCategory[Name='Procure to pay']")
        })
        .collect();
    let xml = junit::render(&files, &ds, RULES);
    let doc = Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|n| {
            let failure = n.children().find(|c| c.has_tag_name("failure")).unwrap();
            (
                n.attribute("name").unwrap().to_owned(),
                failure.text().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

#[test]
fn test_names_hold_no_position_and_survive_moved_lines() {
    let before = cases(BACKUP);
    let names: Vec<&str> = before.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "SG201 duplicate-category-name: SecurityCategory[Name='Procure to pay']",
            "SG201 duplicate-category-name: SecurityCategory[Name='Procure to pay'] #2",
        ]
    );
    // The position is the first thing the failure text says.
    assert!(
        before[0].1.starts_with("usg/p2p.xml:6:11: "),
        "{}",
        before[0].1
    );
    let moved = format!("<!-- reviewed -->\n\n{BACKUP}");
    let after = cases(&moved);
    assert_eq!(
        after.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        names
    );
    assert!(
        after[0].1.starts_with("usg/p2p.xml:8:11: "),
        "{}",
        after[0].1
    );
}

#[test]
fn an_unreadable_path_is_in_the_run_suite_not_a_suite_of_its_own() {
    let out = crate::support::validate_with_a_missing_path("junit");
    assert_eq!(exit_code(out.status), 2);
    let xml = String::from_utf8(out.stdout).unwrap();
    let doc = Document::parse(&xml).unwrap();
    let suites: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .map(|n| n.attribute("name").unwrap())
        .collect();
    assert_eq!(suites, ["ok.xml", junit::RUN_SUITE]);
    let case = doc
        .descendants()
        .find(|n| n.has_tag_name("testcase") && n.attribute("classname") == Some(junit::RUN_SUITE))
        .unwrap();
    assert_eq!(
        case.attribute("name"),
        Some("SG007 unreadable-path: missing.xml")
    );
    if xmllint_available() {
        assert_eq!(schema_errors(&xml, "unread"), "");
    }
}
