//! `diff(a, a)` is empty for every diff fixture, every template and the real AOT corpus: nothing
//! in the matching depends on position, spans or which file an object came from.

use secgov::diff::{DiffOptions, diff};
use secgov::load::{LoadOptions, load};
use std::path::{Path, PathBuf};

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "xml") {
            out.push(path);
        }
    }
}

fn assert_same_as_itself(path: &Path) {
    let options = DiffOptions {
        access: true,
        ..DiffOptions::default()
    };
    let a = load(&[path.to_path_buf()], &LoadOptions::default());
    let b = load(&[path.to_path_buf()], &LoadOptions::default());
    assert!(!a.has_input_errors(), "{}", path.display());
    let report = diff(&a.model, &b.model, &options);
    assert!(
        report.is_same() && report.changes.is_empty() && report.respelled.is_empty(),
        "{}: {report:#?}",
        path.display()
    );
}

#[test]
fn every_fixture_file_and_folder_equals_itself() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff");
    let mut files = Vec::new();
    files_under(&root, &mut files);
    assert!(files.len() > 20);
    for f in &files {
        assert_same_as_itself(f);
    }
    for folder in ["cross-dialect/new", "extensions/old", "extensions/new"] {
        assert_same_as_itself(&root.join(folder));
    }
}

#[test]
fn every_template_equals_itself() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut files = Vec::new();
    files_under(&root, &mut files);
    assert!(files.len() >= 8);
    for f in &files {
        assert_same_as_itself(f);
    }
    assert_same_as_itself(&root.join("aot"));
}

#[test]
fn the_aot_corpus_equals_itself_file_by_file_and_as_a_whole() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/aot"));
    let mut files = Vec::new();
    files_under(root, &mut files);
    assert!(files.len() > 50);
    for f in &files {
        assert_same_as_itself(f);
    }
    assert_same_as_itself(root);
}

#[test]
fn a_template_against_nothing_is_all_added() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/usg/procure-to-pay.xml");
    let a = load(&[path], &LoadOptions::default());
    let report = diff(
        &secgov::model::Model::default(),
        &a.model,
        &DiffOptions::default(),
    );
    let s = report.summary();
    assert_eq!(s.removed + s.changed + s.moved + s.renamed, 0);
    // One category, three roles, four duties, four privileges.
    assert_eq!(s.added, 12, "{report:#?}");
}
