//! The renderers over diagnostics that the readers really produce: the shipped templates, the
//! real AOT corpus, a missing path and damaged files. Whatever the readers say, SARIF must stay
//! valid, JUnit must list every file, and JSON must carry every finding.

use crate::render_fixture;

use render_fixture::sarif_errors;
use secgov::diag::Diagnostic;
use secgov::load::{LoadOptions, load, load_bytes};
use secgov::render::human::HumanOptions;
use secgov::render::{Format, render_diagnostics};
use secgov::source::SourceFile;
use std::path::PathBuf;

fn render_all(files: &[SourceFile], diagnostics: &[Diagnostic]) {
    let render =
        |format| render_diagnostics(format, files, diagnostics, &[], HumanOptions::default());

    assert_eq!(sarif_errors(&render(Format::Sarif)), "");

    let json: serde_json::Value = serde_json::from_str(&render(Format::Json)).unwrap();
    assert_eq!(
        json["diagnostics"].as_array().unwrap().len(),
        diagnostics.len()
    );

    let junit = render(Format::Junit);
    let doc = roxmltree::Document::parse(&junit).unwrap();
    let suites: Vec<_> = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .map(|n| n.attribute("name").unwrap().to_owned())
        .collect();
    // Every file that was read has a suite; a path that could not be read has none (its finding
    // is in the run suite), since it may name no file.
    for (i, f) in files.iter().enumerate() {
        let unread = diagnostics
            .iter()
            .any(|d| d.code == "SG007" && d.file == Some(i) && d.span.is_none());
        assert_eq!(suites.contains(&f.path), !unread, "suite for {}", f.path);
    }

    assert_eq!(render(Format::Github).lines().count(), diagnostics.len());
}

#[test]
fn templates_corpus_and_a_missing_path() {
    let root = env!("CARGO_MANIFEST_DIR");
    // A folder without security XML is a finding about the run (no file).
    let empty = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("render-empty-folder");
    std::fs::create_dir_all(&empty).unwrap();
    let paths = [
        PathBuf::from(format!("{root}/templates")),
        PathBuf::from(format!("{root}/../shared/corpus/aot")),
        PathBuf::from(format!("{root}/no/such/file.xml")),
        empty,
    ];
    let loaded = load(&paths, &LoadOptions::default());
    assert!(
        loaded.model.files.len() > 3,
        "templates and corpus were read"
    );
    assert!(loaded.diagnostics.iter().any(|d| d.file.is_none()));
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.code == "SG007" && d.file.is_some())
    );
    render_all(&loaded.model.files, &loaded.diagnostics);
}

#[test]
fn damaged_files() {
    let cases: &[(&str, &[u8])] = &[
        (
            "cut-off.xml",
            b"<SecurityCategoryBackup><SecurityCategory><Name>A &",
        ),
        ("binary.xml", b"<a>\x00\x01\xFF</a>"),
        (
            "dtd.xml",
            b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"e\">]><x>&e;</x>",
        ),
        ("utf16-odd.xml", b"\xFF\xFE<\x00a\x00>"),
        ("unknown-root.xml", b"<Banana/>"),
    ];
    for (path, bytes) in cases {
        let loaded = load_bytes(path, bytes, &LoadOptions::default());
        assert!(!loaded.diagnostics.is_empty(), "{path} has findings");
        render_all(&loaded.model.files, &loaded.diagnostics);
    }
}
