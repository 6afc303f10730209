//! `secgov license` (issue 19): the license each role needs from the menu items it reaches, in
//! every format, with and without a reference; unknown menu items; exit statuses; the real
//! corpus's menu items.

use crate::support::{flat, secgov};
use secgov::load::{LoadOptions, load};
use std::path::{Path, PathBuf};

const MODEL: &str = "tests/fixtures/license/model";
const STANDARD: &str = "tests/fixtures/license/standard";
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

#[test]
fn license_in_every_format_with_a_reference() {
    for format in ["human", "csv", "json", "markdown"] {
        let out = secgov(&[
            "license",
            "--format",
            format,
            MODEL,
            "--reference",
            STANDARD,
        ]);
        assert_eq!(
            out.status, 1,
            "{format}: LegacyTask's Task is outside the order"
        );
        assert_eq!(out.stderr, "", "{format}: every menu item is found");
        insta::assert_snapshot!(format!("license-{format}"), out.stdout);
    }
}

#[test]
fn csv_opens_in_excel_as_utf8() {
    let out = secgov(&["license", "--format", "csv", MODEL]);
    assert!(out.stdout.starts_with(
        "\u{feff}Role,License,Sub-role,Duty,Privilege,Securable type,AOT name,Permission,Menu item license\r\n"
    ) || out.stdout.starts_with(
        "\u{feff}Role,License,Sub-role,Duty,Privilege,Securable type,AOT name,Permission,Menu item license\n"
    ));
}

#[test]
fn without_a_reference_missing_menu_items_are_unknown_and_said_once() {
    let out = secgov(&["license", MODEL]);
    assert_eq!(out.status, 1);
    insta::assert_snapshot!("license-no-reference", out.stdout);
    assert_eq!(
        out.stderr,
        "secgov: 1 menu item the roles grant is not in the files read, so the license they need is unknown; give the standard menu items with --reference CATALOG (secgov catalog build)\n"
    );
    // The unknown item is listed, and the role's license is only a lower bound.
    assert!(flat(&out.stdout).contains("SalesAssistantatleastActivityStandardInquiryMenuItemDisplayCustStandardInquiryReadunknownmenuitem"), "{}", out.stdout);
}

#[test]
fn json_marks_the_grants_that_decide() {
    let out = secgov(&[
        "license",
        "--format",
        "json",
        MODEL,
        "--reference",
        STANDARD,
    ]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let role = |name: &str| {
        v["roles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["role"] == name)
            .unwrap()
            .clone()
    };
    let clerk = role("SalesClerk");
    assert_eq!(clerk["license"], "Operations");
    assert_eq!(clerk["determined"], true);
    let drivers: Vec<&serde_json::Value> = clerk["grants"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["drives"] == true)
        .collect();
    assert_eq!(drivers.len(), 1);
    assert_eq!(drivers[0]["aot_name"], "SalesTable");
    assert_eq!(drivers[0]["permission"], "Update");
    assert_eq!(drivers[0]["access"], "write");
    assert_eq!(drivers[0]["written"], "Enterprise");
    assert_eq!(drivers[0]["path"][1]["kind"], "duty");
    // Read on CustTable needs Team Members: listed, does not decide.
    assert!(clerk["grants"].as_array().unwrap().iter().any(|g| {
        g["aot_name"] == "CustTable"
            && g["menu_item_license"] == "Team Members"
            && g["drives"] == false
    }));
    // Deny needs nothing; a service operation is not a menu item.
    let auditor = role("Auditor");
    assert_eq!(auditor["license"], serde_json::Value::Null);
    assert_eq!(auditor["label"], "none");
    assert_eq!(auditor["grants"].as_array().unwrap().len(), 0);
    assert_eq!(auditor["other_grants"], 1);
    // A menu item without the property needs no license of its own, and says so.
    let viewer = role("SalesViewer");
    assert!(
        viewer["grants"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| { g["aot_name"] == "SalesReport" && g["status"] == "not-declared" })
    );
    // Invoke on an action item is write access; `None` on its view license does not matter.
    let supervisor = role("SalesSupervisor");
    assert_eq!(supervisor["label"], "at least Operations");
    assert!(supervisor["grants"].as_array().unwrap().iter().any(|g| {
        g["aot_name"] == "SalesPost"
            && g["permission"] == "Invoke"
            && g["menu_item_license"] == "Operations"
    }));
    assert!(supervisor["grants"].as_array().unwrap().iter().any(|g| {
        g["aot_name"] == "LegacyTask" && g["status"] == "unranked" && g["value"] == "Task"
    }));
}

#[test]
fn a_reference_catalog_supplies_the_standard_menu_items() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("license-catalog");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let catalog = dir.join("catalog.xml");
    let built = secgov(&[
        "catalog",
        "build",
        STANDARD,
        "-o",
        catalog.to_str().unwrap(),
    ]);
    assert_eq!(built.status, 0, "{}", built.stderr);
    let out = secgov(&[
        "license",
        "--role",
        "salesassistant",
        MODEL,
        "--reference",
        catalog.to_str().unwrap(),
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    assert!(
        flat(&out.stdout)
            .contains("SalesAssistantActivityCustTableEditMenuItemDisplayCustTableCreateActivity"),
        "{}",
        out.stdout
    );
}

/// Version 1 catalogs written before `secgov license` existed hold the same `<MenuItem>` line;
/// the format did not change, so such a catalog is read as it is.
#[test]
fn a_catalog_written_before_the_license_command_is_read() {
    let text = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<SecgovCatalog Version=\"1\">\n\t<MenuItem Kind=\"Display\" Name=\"CustStandardInquiry\" Object=\"CustTable\" ViewUserLicense=\"Universal\" MaintainUserLicense=\"Enterprise\" />\n</SecgovCatalog>\n";
    let path = crate::support::fixture("license-old-catalog.xml", text.as_bytes());
    let out = secgov(&[
        "license",
        "--role",
        "SalesAssistant",
        "--format",
        "json",
        MODEL,
        "--reference",
        &path,
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["roles"][0]["license"], "Activity");
    assert_eq!(v["unknown_menu_items"].as_array().unwrap().len(), 0);
}

#[test]
fn exit_statuses() {
    // Every license known: 0.
    let ok = secgov(&["license", "--role", "SalesClerk", MODEL]);
    assert_eq!(ok.status, 0, "{}", ok.stderr);
    // An unknown role: 2, with did you mean.
    let bad = secgov(&["license", "--role", "SalesClerks", MODEL]);
    assert_eq!(bad.status, 2);
    assert!(
        bad.stderr
            .contains("no role named `SalesClerks` in the files read (did you mean `SalesClerk`?)"),
        "{}",
        bad.stderr
    );
    // An unreadable reference: 2.
    let missing = secgov(&[
        "license",
        MODEL,
        "--reference",
        "tests/fixtures/license/no-such-catalog.xml",
    ]);
    assert_eq!(missing.status, 2, "{}", missing.stderr);
    // No roles at all: 1.
    let empty = secgov(&["license", STANDARD]);
    assert_eq!(empty.status, 1, "{}", empty.stderr);
    assert!(empty.stderr.contains("no roles in the files read"));
    // An -o file that exists: 2 without --force.
    let out = crate::support::fixture("license-out.txt", b"keep");
    let exists = secgov(&["license", "--role", "SalesClerk", MODEL, "-o", &out]);
    assert_eq!(exists.status, 2);
    assert_eq!(std::fs::read(&out).unwrap(), b"keep");
    let forced = secgov(&[
        "license",
        "--role",
        "SalesClerk",
        MODEL,
        "-o",
        &out,
        "--force",
    ]);
    assert_eq!(forced.status, 0, "{}", forced.stderr);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("Operations")
    );
}

#[test]
fn real_corpus_menu_items_read_clean_with_their_licenses() {
    let metadata = Path::new(CORPUS).join("metadata/XppTools");
    if !metadata.is_dir() {
        return; // The shared corpus is not part of the repository.
    }
    let loaded = load(&[metadata], &LoadOptions::default());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let m = &loaded.model;
    assert_eq!(m.menu_items.len(), 78);
    let mut declared = 0;
    for item in &m.menu_items {
        for value in [&item.view_user_license, &item.maintain_user_license]
            .into_iter()
            .flatten()
        {
            declared += 1;
            // Every value the corpus declares is in the order, and its span is the value.
            assert!(
                secgov::license::License::from_aot(&value.value).is_some(),
                "{}",
                value.value
            );
            let text = &m.files[item.file].text;
            assert_eq!(&text[value.span.start..value.span.end], value.value);
        }
    }
    assert_eq!(declared, 14);
    // Through the command, with the corpus's roles: every license is known.
    let out = secgov(&[
        "license",
        "--format",
        "json",
        &format!("{CORPUS}/aot"),
        &format!("{CORPUS}/metadata"),
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let browser = v["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == "DEVSysTableBrowserExt")
        .unwrap();
    assert_eq!(browser["license"], "Activity");
}

const DIFF_OLD: &str = "tests/fixtures/license/diff/old";
const DIFF_NEW: &str = "tests/fixtures/license/diff/new";

/// `diff --access` says which role's license changes, and which grant makes it, in every format.
#[test]
fn diff_access_reports_a_license_change_in_every_format() {
    for format in ["human", "json", "markdown", "html"] {
        let out = secgov(&["diff", "--access", "--format", format, DIFF_OLD, DIFF_NEW]);
        assert_eq!(out.status, 1, "{format}: {}", out.stderr);
        // The labels are the paths as given, the same on every machine.
        insta::assert_snapshot!(format!("license-diff-{format}"), out.stdout);
    }
    let human = secgov(&["diff", "--access", DIFF_OLD, DIFF_NEW]);
    assert!(crate::support::unwrapped(&human.stdout).contains(
        "SalesClerk: Activity -> Operations, because of Update on MenuItemDisplay SalesTable via SalesClerk > SalesOrderMaintain > SalesTableEdit"
    ), "{}", human.stdout);
    assert!(human.stdout.contains("1 license changed"));
}

#[test]
fn diff_access_license_changes_mirror() {
    let forward = secgov(&["diff", "--access", "--format", "json", DIFF_OLD, DIFF_NEW]);
    let backward = secgov(&["diff", "--access", "--format", "json", DIFF_NEW, DIFF_OLD]);
    let f: serde_json::Value = serde_json::from_str(&forward.stdout).unwrap();
    let b: serde_json::Value = serde_json::from_str(&backward.stdout).unwrap();
    assert_eq!(f["licenses"][0]["old"], b["licenses"][0]["new"]);
    assert_eq!(f["licenses"][0]["because"], b["licenses"][0]["because"]);
    assert_eq!(b["licenses"][0]["new_label"], "Activity");
    let text = secgov(&["diff", "--access", DIFF_NEW, DIFF_OLD]).stdout;
    assert!(crate::support::unwrapped(&text).contains(
        "SalesClerk: Operations -> Activity, Operations was needed for Update on MenuItemDisplay SalesTable"
    ), "{text}");
}

/// A model compared with itself has no license change, and without `--access` none is computed.
#[test]
fn no_license_section_without_a_change_or_without_access() {
    let same = secgov(&["diff", "--access", DIFF_NEW, DIFF_NEW]);
    assert_eq!(same.status, 0, "{}", same.stdout);
    assert!(!same.stdout.contains("Licenses"));
    let plain = secgov(&["diff", "--format", "json", DIFF_OLD, DIFF_NEW]);
    assert!(!plain.stdout.contains("\"licenses\""));
}

/// SG503 through `secgov validate`: the ceiling in secgov.toml, the exit status, and no finding
/// once the ceiling allows the license.
#[test]
fn validate_reports_a_role_above_its_ceiling() {
    let dir = "tests/fixtures/rules/SG503";
    let input = format!("{dir}/input.xml");
    let out = secgov(&[
        "validate",
        "--config",
        &format!("{dir}/secgov.toml"),
        "--format",
        "json",
        &input,
    ]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let findings: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .or_else(|| v["findings"].as_array())
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "SG503")
        .collect();
    assert_eq!(findings.len(), 1, "{}", out.stdout);
    let config = crate::support::fixture(
        "license-ceiling/secgov.toml",
        format!(
            "reference = [\"{}/{dir}/menu-items\"]\n[license-ceiling]\n\"*\" = \"Operations\"\n",
            env!("CARGO_MANIFEST_DIR")
        )
        .as_bytes(),
    );
    let ok = secgov(&["validate", "--config", &config, &input]);
    assert_eq!(ok.status, 0, "{}{}", ok.stdout, ok.stderr);
    let bad = crate::support::fixture(
        "license-ceiling-bad/secgov.toml",
        b"[license-ceiling]\nSales = \"Gold\"\n",
    );
    let refused = secgov(&["validate", "--config", &bad, &input]);
    assert_eq!(refused.status, 2);
    assert!(
        crate::support::unwrapped(&refused.stderr).contains("`Gold` is not a license"),
        "{}",
        refused.stderr
    );
}

/// The reference's own roles are what the inputs build on, not what is asked about: they are
/// listed only when named with `--role`.
#[test]
fn reference_roles_are_listed_only_when_named() {
    let standard = "tests/fixtures/catalog/standard";
    let out = secgov(&[
        "license",
        "--format",
        "json",
        MODEL,
        "--reference",
        standard,
    ]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let names: Vec<&str> = v["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["role"].as_str().unwrap())
        .collect();
    assert!(!names.contains(&"SalesSalesClerk"), "{names:?}");
    let named = secgov(&[
        "license",
        "--role",
        "SalesSalesClerk",
        MODEL,
        "--reference",
        standard,
    ]);
    assert!(
        named.stdout.contains("SalesSalesClerk"),
        "{}{}",
        named.stdout,
        named.stderr
    );
}

/// A catalog's menu items keep the spans of their attribute values.
#[test]
fn catalog_menu_items_carry_spans() {
    let text = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<SecgovCatalog Version=\"1\">\n\t<MenuItem Kind=\"Action\" Name=\"SalesPost\" Object=\"SalesFormLetter\" ObjectType=\"Class\" ViewUserLicense=\"Universal\" MaintainUserLicense=\"Enterprise\" />\n</SecgovCatalog>\n";
    let path = crate::support::fixture("license-span-catalog.xml", text.as_bytes());
    let loaded = load(&[PathBuf::from(&path)], &LoadOptions::default());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let item = &loaded.model.menu_items[0];
    for v in [
        &item.view_user_license,
        &item.maintain_user_license,
        &item.object_type,
    ]
    .into_iter()
    .flatten()
    {
        assert_eq!(&text[v.span.start..v.span.end], v.value);
    }
    assert_eq!(&text[item.name.span.start..item.name.span.end], "SalesPost");
}

/// A grant that sits in a reference privilege (a standard one the role holds) cannot be edited
/// here: SG503 reports it at the role, with the path to the grant.
#[test]
fn a_ceiling_finding_in_a_reference_privilege_is_shown_at_the_role() {
    let fx = crate::support::fixture;
    let priv_xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<AxSecurityPrivilege>\n\t<Name>SalesTableEdit</Name>\n\t<EntryPoints>\n\t\t<AxSecurityEntryPointReference>\n\t\t\t<Name>SalesTable</Name>\n\t\t\t<Grant>\n\t\t\t\t<Update>Allow</Update>\n\t\t\t</Grant>\n\t\t\t<ObjectName>SalesTable</ObjectName>\n\t\t\t<ObjectType>MenuItemDisplay</ObjectType>\n\t\t</AxSecurityEntryPointReference>\n\t</EntryPoints>\n</AxSecurityPrivilege>\n";
    fx(
        "license-ref-priv/standard/AxSecurityPrivilege/SalesTableEdit.xml",
        priv_xml.as_bytes(),
    );
    let item =
        std::fs::read("tests/fixtures/rules/SG503/menu-items/AxMenuItemDisplay/SalesTable.xml")
            .unwrap();
    fx(
        "license-ref-priv/standard/AxMenuItemDisplay/SalesTable.xml",
        &item,
    );
    let role = fx(
        "license-ref-priv/input/SalesClerk.xml",
        b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<AxSecurityRole>\n\t<Name>SalesClerk</Name>\n\t<Privileges>\n\t\t<AxSecurityPrivilegeReference>\n\t\t\t<Name>SalesTableEdit</Name>\n\t\t</AxSecurityPrivilegeReference>\n\t</Privileges>\n</AxSecurityRole>\n",
    );
    let config = fx(
        "license-ref-priv/secgov.toml",
        b"reference = [\"standard\"]\n[license-ceiling]\nSalesClerk = \"Team Members\"\n",
    );
    let out = secgov(&["validate", "--config", &config, "--format", "json", &role]);
    assert_eq!(out.status, 1, "{}{}", out.stdout, out.stderr);
    let text = out.stdout.replace(char::is_whitespace, "");
    assert!(text.contains("\"code\":\"SG503\""), "{}", out.stdout);
    assert!(
        text.contains("SalesClerk.xml"),
        "at the role's file: {}",
        out.stdout
    );
    assert!(
        text.contains("needsOperationsthroughSalesClerk>SalesTableEdit"),
        "{}",
        out.stdout
    );
}
