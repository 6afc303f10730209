//! `secgov inspect` as users run it: every template in every format (snapshots), several paths in
//! one run, `--dialect`, folders with other XML files in them, and inputs left untouched.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::SystemTime;

const TEMPLATES: [(&str, &str); 4] = [
    ("usg_order_to_cash", "templates/usg/order-to-cash.xml"),
    ("usg_procure_to_pay", "templates/usg/procure-to-pay.xml"),
    (
        "secconfig",
        "templates/secconfig/SecurityDatabaseCustomizations.xml",
    ),
    ("aot_folder", "templates/aot/ContosoSecurity"),
];

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `secgov` from the repository root, so paths in the output are the relative ones given.
fn secgov(args: &[&str]) -> Output {
    crate::support::command()
        .current_dir(manifest())
        .args(args)
        .output()
        .expect("run secgov")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs inspect and checks it succeeded quietly.
fn inspect_ok(args: &[&str]) -> String {
    let mut all = vec!["inspect"];
    all.extend(args);
    let out = secgov(&all);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn every_template_in_every_format() {
    for (name, path) in TEMPLATES {
        for format in ["text", "json", "mermaid"] {
            let out = inspect_ok(&[path, "--format", format]);
            if format == "json" {
                let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
                assert_eq!(v["secgov_model"], 1);
            }
            insta::assert_snapshot!(format!("template_{name}_{format}"), out);
        }
    }
}

#[test]
fn several_paths_in_one_run_make_one_model() {
    let paths: Vec<&str> = TEMPLATES.iter().map(|(_, p)| *p).collect();
    let mut args = paths.clone();
    args.extend(["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&inspect_ok(&args)).expect("JSON");
    // 2 backups + 1 export + 6 AOT files.
    assert_eq!(json["files"].as_array().map(Vec::len), Some(9));
    assert_eq!(json["categories"].as_array().map(Vec::len), Some(2));
    // Each category's objects keep pointing at their own category after the merge.
    let p2p_roles = json["roles"]
        .as_array()
        .expect("roles")
        .iter()
        .filter(|r| r["origin"]["kind"] == "backup" && r["origin"]["category"] == 1)
        .count();
    assert_eq!(p2p_roles, 3);
    insta::assert_snapshot!(inspect_ok(&paths));
}

#[test]
fn dialect_override_reads_a_renamed_root_and_refuses_a_contradiction() {
    let renamed = "tests/fixtures/inspect/renamed-root.xml";
    let out = secgov(&["--color", "never", "inspect", renamed]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("did you mean <SecurityCategoryBackup>?"),
        "{}",
        stderr(&out)
    );
    let text = inspect_ok(&[renamed, "--dialect", "usg"]);
    assert!(
        text.contains("Category \"General ledger\": 1 process, 1 task, 1 entry point"),
        "{text}"
    );
    let out = secgov(&[
        "--color",
        "never",
        "inspect",
        "--dialect",
        "aot",
        TEMPLATES[0].1,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is the root of a USG security category backup"),
        "{}",
        stderr(&out)
    );
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

#[test]
fn a_folder_with_other_xml_files_reads_only_the_security_files() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("inspect-mixed-folder");
    let _ = std::fs::remove_dir_all(&dir);
    copy_tree(&manifest().join("templates/aot/ContosoSecurity"), &dir);
    // What else lives in a package folder: a model descriptor, other AOT objects, project files.
    let model = dir.join("ContosoSecurity");
    std::fs::create_dir_all(model.join("Descriptor")).expect("mkdir");
    std::fs::write(
        model.join("Descriptor/ContosoSecurity.xml"),
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<AxModelInfo><Name>ContosoSecurity</Name></AxModelInfo>\n",
    )
    .expect("write");
    std::fs::create_dir_all(model.join("AxClass")).expect("mkdir");
    std::fs::write(
        model.join("AxClass/ContosoHelper.xml"),
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<AxClass><Name>ContosoHelper</Name></AxClass>\n",
    )
    .expect("write");
    std::fs::write(dir.join("ContosoSecurity.rnrproj"), "<Project />\n").expect("write");
    std::fs::write(dir.join("notes.xml"), "<Notes>not security</Notes>\n").expect("write");
    std::fs::write(dir.join("README.md"), "# Contoso\n").expect("write");
    let mixed = inspect_ok(&[dir.to_str().expect("UTF-8 path")]);
    let clean = inspect_ok(&[TEMPLATES[3].1]);
    assert_eq!(mixed, clean, "the extra files were read or reported");
    assert!(mixed.starts_with("6 AOT security files"), "{mixed}");
}

/// Contents and modification time of every file below `paths`.
fn snapshot_files(paths: &[PathBuf]) -> Vec<(PathBuf, Vec<u8>, SystemTime)> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let children: Vec<PathBuf> = std::fs::read_dir(p)
                .expect("read folder")
                .map(|e| e.expect("entry").path())
                .collect();
            out.extend(snapshot_files(&children));
        } else {
            let modified = std::fs::metadata(p)
                .and_then(|m| m.modified())
                .expect("mtime");
            out.push((p.clone(), std::fs::read(p).expect("read"), modified));
        }
    }
    out.sort();
    out
}

#[test]
fn inputs_are_never_modified() {
    let paths: Vec<PathBuf> = TEMPLATES
        .iter()
        .map(|(_, p)| manifest().join(p))
        .chain([manifest().join("tests/fixtures/read")])
        .collect();
    let before = snapshot_files(&paths);
    assert!(before.len() > 20);
    for format in ["text", "json", "mermaid"] {
        let mut args = vec!["inspect", "--format", format];
        args.extend(paths.iter().map(|p| p.to_str().expect("UTF-8 path")));
        let out = secgov(&args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "the broken fixtures make it exit 2"
        );
    }
    assert!(before == snapshot_files(&paths), "an input file changed");
}
