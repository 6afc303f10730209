//! `secgov catalog build` and catalogs given to `--reference` and `--target`: real invocations
//! and exit statuses, determinism, a corrupt or unknown-version catalog, the round trip from
//! sources to catalog to model, and the real corpus's menu items.

use crate::support::{secgov, unwrapped};
use secgov::load::{LoadOptions, load};
use std::path::{Path, PathBuf};

const STANDARD: &str = "tests/fixtures/catalog/standard";
const ORDER_TO_CASH: &str = "templates/usg/order-to-cash.xml";
const AOT_TEMPLATE: &str = "templates/aot/ContosoSecurity";
const EXPORT_TEMPLATE: &str = "templates/secconfig/SecurityDatabaseCustomizations.xml";
const CORPUS_METADATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/metadata");
const CORPUS_AOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/aot");

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("catalog_cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .display()
        .to_string()
}

/// Builds a catalog of `paths` into `out`; returns its bytes.
fn build(paths: &[&str], out: &Path) -> Vec<u8> {
    let mut args = vec!["catalog", "build"];
    let paths: Vec<String> = paths.iter().map(|p| repo(p)).collect();
    args.extend(paths.iter().map(String::as_str));
    let out_s = out.display().to_string();
    args.extend(["-o", &out_s, "--force"]);
    let o = secgov(&args);
    assert_eq!(o.status, 0, "{}{}", o.stdout, o.stderr);
    std::fs::read(out).unwrap()
}

#[test]
fn build_reads_security_and_menu_item_folders_only() {
    let dir = scratch("build");
    let out = dir.join("catalog.xml");
    let o = secgov(&[
        "catalog",
        "build",
        &repo(STANDARD),
        &repo(AOT_TEMPLATE),
        &repo(EXPORT_TEMPLATE),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert_eq!(o.stderr, "");
    assert!(o.stdout.starts_with("wrote "), "{}", o.stdout);
    assert!(
        o.stdout.contains(
            ": 6 roles, 9 duties, 11 privileges, 1 extension and 2 menu items from 22 files"
        ),
        "{}",
        o.stdout
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("<SecgovCatalog Version=\"1\">"));
    // AxClass/NotRead.xml is not XML and AxTable/NotRead.xml holds a role: neither is opened.
    assert!(!text.contains("InAxTable"));
    assert!(text.contains(
        "<MenuItem Kind=\"Display\" Name=\"CustTable\" Object=\"CustTable\" ViewUserLicense=\"Universal\" MaintainUserLicense=\"Activity\" />"
    ));
    assert!(text.contains(
        "<MenuItem Kind=\"Action\" Name=\"CustPostPayment\" Object=\"CustPostPayment\" ObjectType=\"Class\" />"
    ));

    // An existing catalog is kept without --force.
    let again = secgov(&[
        "catalog",
        "build",
        &repo(STANDARD),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(again.status, 2, "{}", again.stderr);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
}

#[test]
fn build_refuses_standard_input_and_an_empty_folder() {
    let dir = scratch("refusals");
    let out = dir.join("c.xml");
    let o = secgov(&["catalog", "build", "-", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status, 2);
    assert!(o.stderr.contains("not standard input"), "{}", o.stderr);
    let empty = scratch("refusals_empty");
    let o = secgov(&[
        "catalog",
        "build",
        empty.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status, 2, "{}", o.stderr);
    assert!(o.stderr.contains("SG007"), "{}", o.stderr);
    assert!(
        o.stderr.contains("found no security objects or menu items"),
        "{}",
        o.stderr
    );
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn a_catalog_stands_in_for_the_destination() {
    let dir = scratch("validate");
    let catalog = dir.join("catalog.xml");
    build(&[STANDARD], &catalog);
    let catalog = catalog.to_str().unwrap();
    let path = repo(ORDER_TO_CASH);
    for flag in ["--reference", "--target"] {
        let o = secgov(&["validate", &path, "--action", "none", flag, catalog]);
        assert_eq!(o.status, 0, "{flag}: {}", o.stdout);
        assert!(
            o.stdout.ends_with("checked 1 file: no findings\n"),
            "{flag}: {}",
            o.stdout
        );
    }
    // A name the catalog does not hold is an error again, with its line.
    let renamed = dir.join("renamed.xml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &renamed,
        text.replace("<Role>SalesSalesClerk<", "<Role>SalesClerkTypo<"),
    )
    .unwrap();
    let o = secgov(&[
        "validate",
        renamed.to_str().unwrap(),
        "--action",
        "none",
        "--reference",
        catalog,
    ]);
    assert_eq!(o.status, 1, "{}", o.stdout);
    assert!(
        unwrapped(&o.stdout).contains("the role `SalesClerkTypo` exists neither"),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout
            .ends_with("checked 1 file: 1 error, 0 warnings, 0 notes\n"),
        "{}",
        o.stdout
    );

    // inspect reads a catalog as it reads the folder it came from.
    let o = secgov(&["inspect", catalog]);
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert!(
        o.stdout.contains("secgov reference catalog"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("Roles (3)"), "{}", o.stdout);
}

#[test]
fn a_catalog_in_a_folder_is_not_read_as_input() {
    let dir = scratch("in_folder");
    build(&[STANDARD], &dir.join("catalog.xml"));
    std::fs::copy(repo(ORDER_TO_CASH), dir.join("order-to-cash.xml")).unwrap();
    let o = secgov(&["validate", dir.to_str().unwrap()]);
    assert!(o.stdout.contains("checked 1 file"), "{}", o.stdout);
}

#[test]
fn building_twice_gives_the_same_bytes_whatever_the_order() {
    let dir = scratch("determinism");
    let a = build(
        &[STANDARD, AOT_TEMPLATE, EXPORT_TEMPLATE],
        &dir.join("a.xml"),
    );
    let b = build(
        &[STANDARD, AOT_TEMPLATE, EXPORT_TEMPLATE],
        &dir.join("b.xml"),
    );
    let c = build(
        &[EXPORT_TEMPLATE, AOT_TEMPLATE, STANDARD],
        &dir.join("c.xml"),
    );
    assert_eq!(a, b);
    assert_eq!(a, c, "the order of the paths must not matter");
    // A catalog rebuilt from itself is itself.
    let d = build(&[dir.join("a.xml").to_str().unwrap()], &dir.join("d.xml"));
    assert_eq!(a, d);
}

#[test]
fn an_unknown_version_or_a_corrupt_catalog_is_refused() {
    let dir = scratch("refused");
    let good = dir.join("good.xml");
    let text = String::from_utf8(build(&[STANDARD], &good)).unwrap();
    let path = repo(ORDER_TO_CASH);

    let future = dir.join("future.xml");
    std::fs::write(&future, text.replace("Version=\"1\"", "Version=\"2\"")).unwrap();
    let o = secgov(&[
        "validate",
        &path,
        "--action",
        "none",
        "--reference",
        future.to_str().unwrap(),
    ]);
    assert_eq!(o.status, 2, "{}", o.stdout);
    assert!(o.stdout.contains("SG005"), "{}", o.stdout);
    let text_out = unwrapped(&o.stdout);
    assert!(
        text_out
            .contains("this reference catalog has format version 2; this secgov reads version 1"),
        "{}",
        o.stdout
    );
    assert!(text_out.contains("secgov catalog build"), "{}", o.stdout);

    let unversioned = dir.join("unversioned.xml");
    std::fs::write(&unversioned, text.replace(" Version=\"1\"", "")).unwrap();
    let o = secgov(&[
        "validate",
        &path,
        "--reference",
        unversioned.to_str().unwrap(),
    ]);
    assert_eq!(o.status, 2, "{}", o.stdout);
    assert!(
        unwrapped(&o.stdout).contains("has no Version attribute"),
        "{}",
        o.stdout
    );

    let truncated = dir.join("truncated.xml");
    std::fs::write(&truncated, &text[..text.len() / 2]).unwrap();
    let o = secgov(&[
        "validate",
        &path,
        "--reference",
        truncated.to_str().unwrap(),
    ]);
    assert_eq!(o.status, 2, "{}", o.stdout);
    assert!(o.stdout.contains("SG001"), "{}", o.stdout);

    // --max-size applies to a catalog as to every input.
    let o = secgov(&[
        "validate",
        &path,
        "--reference",
        good.to_str().unwrap(),
        "--max-size",
        "0",
    ]);
    assert_eq!(o.status, 2, "{}", o.stdout);
}

/// Every object and menu item the catalog builder reads from `paths`, as JSON, without what
/// says where it was read (file, origin; spans are never serialized).
fn objects(paths: &[&str]) -> Vec<(String, String, serde_json::Value)> {
    let paths: Vec<PathBuf> = paths.iter().map(|p| PathBuf::from(repo(p))).collect();
    let (files, walked) = secgov::catalog::walk::files(&paths);
    assert!(walked.is_empty(), "{walked:?}");
    let loaded = secgov::load::load_files(&files, &LoadOptions::default());
    let m = &loaded.model;
    let mut out = Vec::new();
    let mut add = |kind: &str, name: &str, v: serde_json::Value| {
        let mut v = v;
        if let Some(o) = v.as_object_mut() {
            o.remove("file");
            o.remove("origin");
        }
        out.push((kind.to_owned(), name.to_lowercase(), v));
    };
    for r in &m.roles {
        add("role", &r.name.value, serde_json::to_value(r).unwrap());
    }
    for d in &m.duties {
        add("duty", &d.name.value, serde_json::to_value(d).unwrap());
    }
    for p in &m.privileges {
        add("privilege", &p.name.value, serde_json::to_value(p).unwrap());
    }
    for e in m.role_extensions.iter().chain(&m.duty_extensions) {
        add("extension", &e.name.value, serde_json::to_value(e).unwrap());
    }
    for i in &m.menu_items {
        add("menu item", &i.name.value, serde_json::to_value(i).unwrap());
    }
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    out
}

#[test]
fn the_catalog_reads_back_into_the_model_of_its_sources() {
    let dir = scratch("roundtrip");
    let catalog = dir.join("catalog.xml");
    let mut sources = vec![STANDARD, AOT_TEMPLATE];
    let corpus = Path::new(CORPUS_AOT).is_dir();
    if corpus {
        sources.extend([CORPUS_AOT, CORPUS_METADATA]);
    }
    build(&sources, &catalog);
    let from_sources = objects(&sources);
    let from_catalog = objects(&[catalog.to_str().unwrap()]);
    assert_eq!(from_sources.len(), from_catalog.len());
    for (s, c) in from_sources.iter().zip(&from_catalog) {
        assert_eq!(s, c);
    }
    if corpus {
        // The corpus's 78 and the fixture's 2.
        assert_eq!(
            from_catalog.iter().filter(|o| o.0 == "menu item").count(),
            80
        );
    }
}

#[test]
fn real_corpus_menu_items_read_clean() {
    if !Path::new(CORPUS_METADATA).is_dir() {
        return; // The shared corpus is not part of the repository.
    }
    let dir = scratch("corpus");
    let catalog = dir.join("catalog.xml");
    let o = secgov(&[
        "catalog",
        "build",
        CORPUS_METADATA,
        "-o",
        catalog.to_str().unwrap(),
    ]);
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert_eq!(o.stderr, "", "no findings");
    assert!(
        o.stdout.contains("78 menu items from 78 files"),
        "{}",
        o.stdout
    );
    let loaded = load(&[catalog], &LoadOptions::default());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let m = &loaded.model;
    assert_eq!(m.menu_items.len(), 78);
    let staging = m
        .menu_items
        .iter()
        .find(|i| i.name.value == "DEVIntegTutorialStagingPurchOrder")
        .unwrap();
    assert_eq!(
        staging.view_user_license.as_ref().unwrap().value,
        "Universal"
    );
    assert_eq!(
        staging.maintain_user_license.as_ref().unwrap().value,
        "Universal"
    );
    assert_eq!(
        m.menu_items
            .iter()
            .filter(|i| i.view_user_license.is_some())
            .count(),
        7
    );
    assert_eq!(
        m.menu_items
            .iter()
            .filter(|i| i.object_type.as_ref().is_some_and(|t| t.value == "Class"))
            .count(),
        28
    );
}

#[test]
fn a_source_that_cannot_be_read_stops_the_build() {
    let dir = scratch("unreadable");
    let roles = dir.join("Model/AxSecurityRole");
    std::fs::create_dir_all(&roles).unwrap();
    std::fs::write(
        roles.join("Broken.xml"),
        "<AxSecurityRole><Name>Broken</Name>",
    )
    .unwrap();
    let out = dir.join("catalog.xml");
    let o = secgov(&[
        "catalog",
        "build",
        dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status, 2, "{}", o.stderr);
    assert!(o.stderr.contains("SG001"), "{}", o.stderr);
    assert!(o.stderr.contains("nothing was written"), "{}", o.stderr);
    assert!(!out.exists());
}
