//! Shared by the round-trip tests: an XML equivalence check, running the binary, scratch folders.

use std::path::{Path, PathBuf};
use std::process::Output;

/// The template export and the real AOT files, read in place.
pub const TEMPLATE_EXPORT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/templates/secconfig/SecurityDatabaseCustomizations.xml"
);
pub const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/aot");

/// A fresh, empty scratch folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("secgov-roundtrip-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `secgov` in `cwd` with colour off and a fixed width.
pub fn secgov(cwd: &Path, args: &[&str]) -> Output {
    crate::support::command()
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "80")
        .output()
        .unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file below `dir`, relative to it, sorted.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// Checks that two documents are the same XML: the same elements (by namespace and local name)
/// in the same order, the same attributes (namespace declarations aside) and the same text;
/// white space between elements does not count. The error names the first difference.
pub fn xml_equal(a: &str, b: &str) -> Result<(), String> {
    let da = roxmltree::Document::parse(a).map_err(|e| format!("left: {e}"))?;
    let db = roxmltree::Document::parse(b).map_err(|e| format!("right: {e}"))?;
    node_equal(da.root_element(), db.root_element(), String::new())
}

fn significant<'a, 'i>(n: roxmltree::Node<'a, 'i>) -> Vec<roxmltree::Node<'a, 'i>> {
    n.children()
        .filter(|c| c.is_element() || (c.is_text() && !c.text().unwrap_or("").trim().is_empty()))
        .collect()
}

fn node_equal(
    a: roxmltree::Node<'_, '_>,
    b: roxmltree::Node<'_, '_>,
    path: String,
) -> Result<(), String> {
    let path = format!("{path}/{}", a.tag_name().name());
    if a.tag_name() != b.tag_name() {
        return Err(format!(
            "{path}: element {:?} != {:?}",
            a.tag_name(),
            b.tag_name()
        ));
    }
    let attrs = |n: roxmltree::Node<'_, '_>| {
        let mut v: Vec<(Option<String>, String, String)> = n
            .attributes()
            .map(|at| {
                (
                    at.namespace().map(str::to_owned),
                    at.name().to_owned(),
                    at.value().to_owned(),
                )
            })
            .collect();
        v.sort();
        v
    };
    if attrs(a) != attrs(b) {
        return Err(format!(
            "{path}: attributes {:?} != {:?}",
            attrs(a),
            attrs(b)
        ));
    }
    let (ca, cb) = (significant(a), significant(b));
    if ca.len() != cb.len() {
        let names = |v: &[roxmltree::Node<'_, '_>]| {
            v.iter()
                .map(|c| {
                    if c.is_element() {
                        c.tag_name().name().to_owned()
                    } else {
                        format!("{:?}", c.text())
                    }
                })
                .collect::<Vec<_>>()
        };
        return Err(format!(
            "{path}: children {:?} != {:?}",
            names(&ca),
            names(&cb)
        ));
    }
    for (x, y) in ca.into_iter().zip(cb) {
        match (x.is_element(), y.is_element()) {
            (true, true) => node_equal(x, y, path.clone())?,
            (false, false) if x.text() == y.text() => {}
            _ => return Err(format!("{path}: text {:?} != {:?}", x.text(), y.text())),
        }
    }
    Ok(())
}

#[test]
fn the_comparer_sees_differences_that_matter_and_only_those() {
    assert!(
        xml_equal(
            "<a x='1'><b>t</b>\n  <c/></a>",
            "<a x=\"1\"><b>t</b><c></c></a>"
        )
        .is_ok()
    );
    assert!(xml_equal("<a xmlns:p='u'><p:b/></a>", "<a xmlns:q='u'><q:b/></a>").is_ok());
    assert!(xml_equal("<a><b>t</b></a>", "<a><b>t </b></a>").is_err());
    assert!(xml_equal("<a><b/><c/></a>", "<a><c/><b/></a>").is_err());
    assert!(xml_equal("<a x='1'/>", "<a x='2'/>").is_err());
    assert!(xml_equal("<a xmlns='u'/>", "<a/>").is_err());
}
