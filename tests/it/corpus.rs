//! The real AOT corpus (`../shared/corpus/aot`, 59 security files from a public X++ repository)
//! reads without a single diagnostic, and `inspect` shows its roles, duties (with extensions)
//! and privileges as snapshot-tested text and JSON.

use secgov::load::{LoadOptions, load};
use secgov::model::{ExtensionKind, Origin};
use std::path::PathBuf;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/aot");

/// The corpus as the command line names it from the repository root.
const CORPUS_ARG: &str = "../shared/corpus/aot";

fn inspect(format: &str) -> String {
    let out = crate::support::command()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["inspect", CORPUS_ARG, "--format", format])
        .output()
        .expect("run secgov");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn all_59_corpus_files_read_without_a_diagnostic() {
    let loaded = load(&[PathBuf::from(CORPUS)], &LoadOptions::default());
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let m = &loaded.model;
    assert_eq!(m.files.len(), 59);
    assert_eq!(m.documents.len(), 59, "every file is a security document");
    assert_eq!(
        (m.roles.len(), m.duties.len(), m.privileges.len()),
        (7, 3, 47)
    );
    assert_eq!((m.role_extensions.len(), m.duty_extensions.len()), (0, 2));
    assert!(m.roles.iter().all(|r| r.origin == Origin::Aot));
    // Uninterpreted AOT properties are kept, not reported.
    let privilege = m
        .find_privilege("devsqlqueryexecutemaintain")
        .expect("case-insensitive");
    let kept: Vec<&str> = privilege.unknown.iter().map(|v| &*v.element).collect();
    assert_eq!(kept, ["DirectAccessPermissions", "FormControlOverrides"]);
    assert!(
        privilege.entry_points[0]
            .unknown
            .iter()
            .any(|v| &*v.element == "Forms"),
        "Forms kept verbatim"
    );
}

#[test]
fn corpus_duty_extensions_extend_duties_outside_the_corpus() {
    let loaded = load(&[PathBuf::from(CORPUS)], &LoadOptions::default());
    let m = &loaded.model;
    let bases: Vec<(&str, ExtensionKind, usize)> = m
        .duty_extensions
        .iter()
        .map(|e| (e.base.as_str(), e.kind, e.privileges.len()))
        .collect();
    assert_eq!(
        bases,
        [
            ("SysServerAXBasicMaintain", ExtensionKind::Duty, 2),
            ("SysServerSettingsMaintain", ExtensionKind::Duty, 1)
        ]
    );
    for (base, ..) in bases {
        assert!(
            m.find_duty(base).is_none(),
            "{base} is a standard duty, not in the corpus"
        );
    }
    let text = inspect("text");
    assert!(text.contains(
        "duty SysServerAXBasicMaintain extended by SysServerAXBasicMaintain.DEVCommon: +2 privileges (DEVBenchmarkLogMaintain, DEVCustomFeaturesMaintain)"
    ), "{text}");
    let json: serde_json::Value = serde_json::from_str(&inspect("json")).expect("JSON");
    assert_eq!(json["duty_extensions"][0]["base_read"], false);
}

#[test]
fn corpus_inspect_text() {
    insta::assert_snapshot!(inspect("text"));
}

#[test]
fn corpus_inspect_json() {
    let text = inspect("json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(json["secgov_model"], 1);
    assert_eq!(json["files"].as_array().map(Vec::len), Some(59));
    insta::assert_snapshot!(text);
}
