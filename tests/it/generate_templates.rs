//! Every starter outline in templates/outlines/ generates a backup that reads back without
//! findings, into the same hierarchy, the same bytes whatever the outline's format; the backups
//! and AOT files are snapshot-tested.

use secgov::generate::{Generated, Request, aot_emit, generate, hierarchy_lines};
use secgov::load::{LoadOptions, load_bytes};
use secgov::model::BackupType;
use secgov::write::usg::UsgOptions;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/outlines/");

fn run(name: &str, backup_type: BackupType) -> Generated {
    let bytes = std::fs::read(format!("{DIR}{name}")).unwrap();
    generate(&Request {
        outlines: vec![(format!("templates/outlines/{name}"), bytes)],
        options: UsgOptions {
            backup_type,
            ..UsgOptions::default()
        },
        output_name: "generated.xml".into(),
        ..Request::default()
    })
}

fn clean(name: &str, backup_type: BackupType) -> (Generated, String) {
    let g = run(name, backup_type);
    assert!(g.diagnostics.is_empty(), "{name}: {:#?}", g.diagnostics);
    let xml = String::from_utf8(g.xml.clone().expect("written")).unwrap();
    // Read back on its own, as `secgov validate` would.
    let reread = load_bytes("generated.xml", xml.as_bytes(), &LoadOptions::default());
    assert!(
        reread.diagnostics.is_empty(),
        "{name}: {:#?}",
        reread.diagnostics
    );
    if backup_type.has_hierarchy() {
        assert_eq!(
            hierarchy_lines(&g.model.categories),
            hierarchy_lines(&reread.model.categories),
            "{name} does not read back into the same hierarchy"
        );
    }
    (g, xml)
}

#[test]
fn every_format_of_a_starter_generates_the_same_clean_backup() {
    for stem in ["procure-to-pay", "order-to-cash"] {
        let (_, csv) = clean(&format!("{stem}.csv"), BackupType::UserSecurityGovernance);
        for ext in ["yaml", "toml"] {
            let (_, other) = clean(&format!("{stem}.{ext}"), BackupType::UserSecurityGovernance);
            assert_eq!(csv, other, "{stem}.{ext} differs from {stem}.csv");
        }
        insta::assert_snapshot!(stem, csv);
    }
}

#[test]
fn order_to_cash_outline_equals_the_hand_written_backup() {
    let (g, _) = clean("order-to-cash.csv", BackupType::UserSecurityGovernance);
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/usg/order-to-cash.xml"
    );
    let hand = load_bytes(path, &std::fs::read(path).unwrap(), &LoadOptions::default());
    assert_eq!(
        hierarchy_lines(&g.model.categories),
        hierarchy_lines(&hand.model.categories)
    );
}

#[test]
fn configuration_type_adds_the_implied_security_objects() {
    let (g, xml) = clean(
        "procure-to-pay.yaml",
        BackupType::GovernanceAndConfiguration,
    );
    let reread = load_bytes("generated.xml", xml.as_bytes(), &LoadOptions::default());
    let names = |v: Vec<&str>| v.join(",");
    assert_eq!(
        names(reread.model.roles.iter().map(|r| r.name.as_str()).collect()),
        names(g.implied.roles.iter().map(|r| r.name.as_str()).collect())
    );
    assert_eq!(reread.model.duties.len(), 4);
    assert_eq!(reread.model.privileges.len(), 4);
    let doc = &reread.model.documents[0];
    assert_eq!(
        doc.inferred_type,
        Some(BackupType::GovernanceAndConfiguration)
    );
    insta::assert_snapshot!("procure-to-pay-governance-and-configuration", xml);
}

#[test]
fn security_configuration_type_leaves_the_hierarchy_out() {
    let (_, xml) = clean("order-to-cash.toml", BackupType::SecurityConfiguration);
    let reread = load_bytes("generated.xml", xml.as_bytes(), &LoadOptions::default());
    assert!(reread.model.categories[0].hierarchy.is_none());
    assert_eq!(reread.model.roles.len(), 3);
    assert_eq!(
        reread.model.documents[0].inferred_type,
        Some(BackupType::SecurityConfiguration)
    );
}

#[test]
fn aot_files_read_back_as_the_same_objects() {
    let (g, _) = clean("order-to-cash.yaml", BackupType::UserSecurityGovernance);
    let files = aot_emit::files(&g.model, &g.implied, &g.files);
    let listing: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
    insta::assert_snapshot!("order-to-cash-aot-files", listing.join("\n"));
    for f in &files {
        let text = std::str::from_utf8(&f.bytes).unwrap();
        assert!(!text.starts_with('\u{feff}'));
        assert!(text.contains("xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\""));
        let loaded = load_bytes(
            &f.path.display().to_string(),
            &f.bytes,
            &LoadOptions::default(),
        );
        assert!(
            loaded.diagnostics.is_empty(),
            "{}: {:#?}",
            f.path.display(),
            loaded.diagnostics
        );
    }
    let clerk = files
        .iter()
        .find(|f| f.path.ends_with("SalesSalesClerk.xml"))
        .unwrap();
    insta::assert_snapshot!(
        "order-to-cash-aot-role",
        std::str::from_utf8(&clerk.bytes).unwrap()
    );
    let privilege = files
        .iter()
        .find(|f| {
            f.path.ends_with("SalesSalesOrderMaintain.xml")
                && f.path.starts_with("AxSecurityPrivilege")
        })
        .unwrap();
    insta::assert_snapshot!(
        "order-to-cash-aot-privilege",
        std::str::from_utf8(&privilege.bytes).unwrap()
    );
}

#[test]
fn bom_and_crlf_are_written_on_request_and_read_back() {
    let bytes = std::fs::read(format!("{DIR}order-to-cash.csv")).unwrap();
    let g = generate(&Request {
        outlines: vec![("order-to-cash.csv".into(), bytes)],
        options: UsgOptions {
            backup_type: BackupType::UserSecurityGovernance,
            bom: true,
            crlf: true,
        },
        output_name: "generated.xml".into(),
        ..Request::default()
    });
    let xml = g.xml.expect("written");
    assert!(xml.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = std::str::from_utf8(&xml[3..]).unwrap();
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    let reread = load_bytes("generated.xml", &xml, &LoadOptions::default());
    assert!(reread.diagnostics.is_empty());
    assert!(reread.model.files[0].crlf);
}
