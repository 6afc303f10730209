//! `secgov fmt`: idempotent and lossless on every template and the real AOT corpus, and its CLI
//! (`--check` for pipelines, `--write` keeping encoding and line ends).

use secgov::load::{LoadOptions, load_bytes};
use secgov::render::inspect;
use std::path::{Path, PathBuf};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/aot");
const TEMPLATES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");

fn xml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            xml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "xml") {
            out.push(p);
        }
    }
}

fn format_bytes(path: &Path, bytes: &[u8]) -> Vec<u8> {
    let decoded = secgov::source::decode(0, &path.display().to_string(), bytes);
    let file = decoded.file;
    let tree = secgov::xml::read(0, &file, &mut Vec::new()).unwrap();
    let dialect = secgov::dialect::detect(tree.root_element().name()).unwrap();
    let text = secgov::fmt::format(&tree, dialect);
    secgov::write::encoding::encode(&text, file.encoding, file.crlf)
}

/// Every element as (path of names, attributes, direct text), sorted: what must survive
/// formatting apart from layout and the order of reorderable children.
fn infoset(bytes: &[u8]) -> Vec<String> {
    let file = secgov::source::decode(0, "x", bytes).file;
    let doc = roxmltree::Document::parse(&file.text).unwrap();
    let mut items: Vec<String> = doc
        .descendants()
        .filter(|n| n.is_element() || n.is_comment())
        .map(|n| {
            let path: Vec<_> = n
                .ancestors()
                .filter(|a| a.is_element())
                .map(|a| a.tag_name().name())
                .collect();
            let attrs: Vec<_> = n
                .attributes()
                .map(|a| format!("{}={}", a.name(), a.value()))
                .collect();
            let text: String = n
                .children()
                .filter(|c| c.is_text())
                .filter_map(|c| c.text())
                .collect();
            let comment = if n.is_comment() {
                n.text().unwrap_or("")
            } else {
                ""
            };
            format!("{path:?} {attrs:?} {:?} {comment:?}", text.trim())
        })
        .collect();
    items.sort();
    items
}

fn model_json(path: &Path, bytes: &[u8]) -> String {
    let loaded = load_bytes(&path.display().to_string(), bytes, &LoadOptions::default());
    assert!(
        loaded.diagnostics.is_empty(),
        "{}: {:?}",
        path.display(),
        loaded.diagnostics
    );
    inspect::json(&loaded.model)
}

#[test]
fn real_aot_files_are_already_in_visual_studio_format() {
    let mut files = Vec::new();
    xml_files(Path::new(CORPUS), &mut files);
    assert_eq!(files.len(), 59);
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(
            format_bytes(&path, &bytes),
            bytes,
            "{} changed",
            path.display()
        );
    }
}

#[test]
fn formatting_is_idempotent_and_lossless_on_templates_and_corpus() {
    let mut files = Vec::new();
    xml_files(Path::new(TEMPLATES), &mut files);
    xml_files(Path::new(CORPUS), &mut files);
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let once = format_bytes(&path, &bytes);
        assert_eq!(
            format_bytes(&path, &once),
            once,
            "{} not idempotent",
            path.display()
        );
        let (after, before) = (infoset(&once), infoset(&bytes));
        let first_difference = after.iter().zip(&before).find(|(a, b)| a != b);
        assert!(
            after == before,
            "{} lost content near {first_difference:?}",
            path.display()
        );
        assert_eq!(
            model_json(&path, &once),
            model_json(&path, &bytes),
            "{} model changed",
            path.display()
        );
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("secgov-fmt-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn secgov(args: &[&str]) -> std::process::Output {
    crate::support::command().args(args).output().unwrap()
}

#[test]
fn check_reports_unformatted_files_without_touching_them() {
    let dir = temp_dir("check");
    let path = dir.join("o2c.xml");
    let original = std::fs::read(Path::new(TEMPLATES).join("usg/order-to-cash.xml")).unwrap();
    std::fs::write(&path, &original).unwrap();
    let out = secgov(&["fmt", "--check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("not formatted"));
    assert!(
        stdout.ends_with("\n1 of 1 file needs formatting\n"),
        "counts agree in number: {stdout}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        original,
        "--check never writes"
    );

    let out = secgov(&["fmt", "--write", path.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = secgov(&["fmt", "--check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "0 of 1 file need formatting\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn write_keeps_utf16_and_crlf() {
    let dir = temp_dir("utf16");
    let path = dir.join("p2p.xml");
    let text =
        std::fs::read_to_string(Path::new(TEMPLATES).join("usg/procure-to-pay.xml")).unwrap();
    let bytes = secgov::write::encoding::encode(&text, secgov::source::Encoding::Utf16Le, true);
    std::fs::write(&path, &bytes).unwrap();
    let out = secgov(&["fmt", "--write", path.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = secgov::source::decode(0, "x", &std::fs::read(&path).unwrap()).file;
    assert_eq!(written.encoding, secgov::source::Encoding::Utf16Le);
    assert!(written.crlf);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn several_files_need_check_or_write_and_broken_files_exit_2() {
    let out = secgov(&["fmt", &format!("{TEMPLATES}/usg")]);
    assert_eq!(out.status.code(), Some(2));
    let dir = temp_dir("broken");
    let path = dir.join("broken.xml");
    std::fs::write(&path, "<SecurityCategoryBackup><SecurityCategory>").unwrap();
    let out = secgov(&["fmt", "--check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SG001"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn printing_one_file_writes_the_formatted_text_to_stdout() {
    let out = secgov(&["fmt", &format!("{TEMPLATES}/usg/order-to-cash.xml")]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("<Grant>\n                <Read>Allow</Read>\n"),
        "{text}"
    );
}
