//! Issue 18, point 3: a task without a duty loses its grants wherever the output carries a
//! security configuration. `generate --type both|configuration` says so at the outline's task,
//! and `secgov validate` says so about such a backup; a USG-only output (where Create makes the
//! duty) says nothing.

use super::support::{fixture, secgov};
use secgov::generate::{Generated, Request, generate};
use secgov::model::BackupType;
use secgov::write::usg::UsgOptions;

const OUTLINE: &str = "Category,Process,Task,Duty,ObjectType,ObjectName,Read\n\
    Sales,Orders,Enter orders,SalesOrderMaintain,MenuItemDisplay,SalesTable,Allow\n\
    Sales,Orders,Check credit,,MenuItemDisplay,CustCreditLimit,Allow\n\
    Sales,Orders,Notes only,,,,\n";

fn run(backup_type: BackupType) -> Generated {
    generate(&Request {
        outlines: vec![("duties.csv".into(), OUTLINE.as_bytes().to_vec())],
        output_name: "generated.xml".into(),
        options: UsgOptions {
            backup_type,
            ..UsgOptions::default()
        },
        ..Request::default()
    })
}

/// The SG803 findings (the task with nothing in it also gets SG802, which is not this issue).
fn findings(g: &Generated) -> Vec<(&str, String)> {
    g.diagnostics
        .iter()
        .filter(|d| d.code == "SG803")
        .map(|d| (d.code, d.message.clone()))
        .collect()
}

#[test]
fn a_configuration_output_names_the_task_without_a_duty_once() {
    for t in [
        BackupType::GovernanceAndConfiguration,
        BackupType::SecurityConfiguration,
    ] {
        let g = run(t);
        assert_eq!(
            findings(&g),
            [(
                "SG803",
                "the task `Check credit` has entry points but no duty, so the security \
                 configuration written leaves them out"
                    .to_owned()
            )],
            "{t:?}"
        );
        let d = g.diagnostics.iter().find(|d| d.code == "SG803").unwrap();
        assert_eq!(d.file, Some(0), "at the outline");
        let span = d.span.expect("a span");
        assert_eq!(&OUTLINE[span.range()], "Check credit");
    }
}

#[test]
fn a_governance_output_needs_no_duty() {
    assert_eq!(findings(&run(BackupType::UserSecurityGovernance)), []);
}

#[test]
fn validate_names_it_in_a_backup_with_a_security_configuration() {
    let g = run(BackupType::GovernanceAndConfiguration);
    let xml = g.xml.expect("warnings do not stop generate");
    let path = fixture("duties-both.xml", &xml);
    let out = secgov(&["validate", &path, "--format", "json"]);
    out.assert_no_panic();
    assert!(
        out.stdout.contains("\"SG803\"") && out.stdout.contains("Check credit"),
        "{}",
        out.stdout
    );
    let usg = run(BackupType::UserSecurityGovernance)
        .xml
        .expect("written");
    let path = fixture("duties-usg.xml", &usg);
    let out = secgov(&["validate", &path, "--format", "json"]);
    assert!(!out.stdout.contains("\"SG803\""), "{}", out.stdout);
}
