//! `schema/usg-backup.xsd` against `schema/usg-backup.toml` (the names the reader uses) and
//! against the reader itself: the XSD declares exactly the TOML's elements, children, attributes
//! and values, and `xmllint --schema` gives the same verdict as secgov on every USG fixture.

use roxmltree::{Document, Node};
use secgov::diag::Severity;
use secgov::load::{LoadOptions, load_bytes};
use secgov::model::{BackupType, OBJECT_TYPES};
use secgov::schema::{El, Schema};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const XS: &str = "http://www.w3.org/2001/XMLSchema";

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn xsd_text() -> String {
    std::fs::read_to_string(manifest().join("schema/usg-backup.xsd"))
        .expect("schema/usg-backup.xsd")
}

/// One child element as the XSD allows it inside its parent.
#[derive(Debug)]
struct XsdChild<'a, 'i> {
    tag: String,
    required: bool,
    repeats: bool,
    decl: Node<'a, 'i>,
}

/// Named types and groups of the XSD, for resolving `type=` and `ref=`.
struct Xsd<'a, 'i> {
    doc: &'a Document<'i>,
}

impl<'a, 'i> Xsd<'a, 'i> {
    fn named(&self, kind: &str, name: &str) -> Option<Node<'a, 'i>> {
        self.doc
            .root_element()
            .children()
            .find(|n| is_xs(*n, kind) && n.attribute("name") == Some(name))
    }

    fn root_element(&self, name: &str) -> Node<'a, 'i> {
        self.named("element", name)
            .unwrap_or_else(|| panic!("no global element {name}"))
    }

    /// The complex type of an element declaration, inline or named; `None` for a simple type.
    fn complex_type(&self, decl: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
        if let Some(t) = decl.children().find(|n| is_xs(*n, "complexType")) {
            return Some(t);
        }
        decl.attribute("type")
            .and_then(|t| self.named("complexType", t))
    }

    /// Enumerated values of a simple type given by name.
    fn enumeration(&self, type_name: &str) -> Vec<String> {
        self.named("simpleType", type_name)
            .map(|t| {
                t.descendants()
                    .filter(|n| is_xs(*n, "enumeration"))
                    .filter_map(|n| n.attribute("value").map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Children allowed by a complex type, flattened over sequence / all / choice / group.
    fn children(&self, complex: Node<'a, 'i>) -> Vec<XsdChild<'a, 'i>> {
        let mut out = Vec::new();
        for particle in complex.children().filter(|n| n.is_element()) {
            self.particle(particle, true, false, &mut out);
        }
        out
    }

    fn particle(
        &self,
        node: Node<'a, 'i>,
        required: bool,
        repeats: bool,
        out: &mut Vec<XsdChild<'a, 'i>>,
    ) {
        let min = node.attribute("minOccurs").unwrap_or("1") != "0";
        let many = node.attribute("maxOccurs").is_some_and(|m| m != "1");
        let name = node.tag_name().name();
        match name {
            "element" => out.push(XsdChild {
                tag: node
                    .attribute("name")
                    .expect("local element has a name")
                    .to_owned(),
                required: required && min,
                repeats: repeats || many,
                decl: node,
            }),
            "sequence" | "all" | "choice" => {
                let alternatives = node.children().filter(|n| n.is_element()).count();
                let inner_required = required && min && (name != "choice" || alternatives == 1);
                for c in node.children().filter(|n| n.is_element()) {
                    self.particle(c, inner_required, repeats || many, out);
                }
            }
            "group" => {
                let group = self
                    .named("group", node.attribute("ref").expect("group ref"))
                    .expect("referenced group exists");
                for c in group.children().filter(|n| n.is_element()) {
                    self.particle(c, required && min, repeats || many, out);
                }
            }
            // Wildcards, attributes and annotations are not child elements.
            _ => {}
        }
    }
}

fn is_xs(n: Node<'_, '_>, name: &str) -> bool {
    n.is_element() && n.tag_name().namespace() == Some(XS) && n.tag_name().name() == name
}

fn attributes(complex: Node<'_, '_>) -> Vec<String> {
    complex
        .children()
        .filter(|n| is_xs(*n, "attribute"))
        .filter_map(|n| n.attribute("name").map(str::to_owned))
        .collect()
}

/// Compares one TOML element with its XSD declaration, then its children, recursively.
fn compare(
    xsd: &Xsd<'_, '_>,
    el: El,
    decl: Node<'_, '_>,
    seen: &mut HashSet<El>,
    errors: &mut Vec<String>,
) {
    if !seen.insert(el) {
        return;
    }
    let schema = Schema::get();
    let toml = schema.element(el);
    let tag = &toml.tag;
    let complex = xsd.complex_type(decl);
    if toml.text {
        if complex.is_some() {
            errors.push(format!(
                "<{tag}> holds text in the TOML but has a complex type in the XSD"
            ));
        }
        if !toml.values.is_empty() {
            let values = xsd.enumeration(decl.attribute("type").unwrap_or(""));
            if values != toml.values {
                errors.push(format!(
                    "<{tag}> values: TOML {:?}, XSD {values:?}",
                    toml.values
                ));
            }
        }
        return;
    }
    let Some(complex) = complex else {
        errors.push(format!(
            "<{tag}> holds elements in the TOML but has a simple type in the XSD"
        ));
        return;
    };
    let toml_attributes: Vec<&str> = toml.attributes.iter().map(|(_, v)| v.as_str()).collect();
    let mut xsd_attributes = attributes(complex);
    xsd_attributes.sort();
    let mut sorted = toml_attributes.clone();
    sorted.sort();
    if xsd_attributes != sorted {
        errors.push(format!(
            "<{tag}> attributes: TOML {sorted:?}, XSD {xsd_attributes:?}"
        ));
    }
    let children = xsd.children(complex);
    if toml.aot {
        let tags: Vec<&str> = children.iter().map(|c| c.tag.as_str()).collect();
        let expected = [
            secgov::dialect::ax::ROLE,
            secgov::dialect::ax::DUTY,
            secgov::dialect::ax::PRIVILEGE,
        ];
        if tags != expected {
            errors.push(format!(
                "<{tag}> holds {expected:?} in the reader, XSD {tags:?}"
            ));
        }
        return;
    }
    let toml_children: Vec<(&str, bool, bool)> = toml
        .children
        .iter()
        .map(|c| (schema.tag(c.el), c.required, c.repeats))
        .collect();
    let xsd_children: Vec<(&str, bool, bool)> = children
        .iter()
        .map(|c| (c.tag.as_str(), c.required, c.repeats))
        .collect();
    if toml_children != xsd_children {
        errors.push(format!(
            "<{tag}> children (tag, required, repeats) in canonical order:\n  TOML {toml_children:?}\n  XSD  {xsd_children:?}"
        ));
    }
    for child in &toml.children {
        let child_tag = schema.tag(child.el);
        if let Some(c) = children.iter().find(|c| c.tag == child_tag) {
            compare(xsd, child.el, c.decl, seen, errors);
        }
    }
}

#[test]
fn xsd_declares_exactly_the_elements_of_the_toml() {
    let text = xsd_text();
    let doc = Document::parse(&text).expect("the XSD is well-formed XML");
    let xsd = Xsd { doc: &doc };
    let schema = Schema::get();
    let root = xsd.root_element(schema.tag(schema.root));
    let mut seen = HashSet::new();
    let mut errors = Vec::new();
    compare(&xsd, schema.root, root, &mut seen, &mut errors);
    let missed: Vec<&str> = El::ALL
        .iter()
        .filter(|e| !seen.contains(e))
        .map(|e| schema.tag(*e))
        .collect();
    assert!(
        missed.is_empty(),
        "TOML elements not reached in the XSD: {missed:?}"
    );
    assert!(
        errors.is_empty(),
        "XSD and TOML disagree:\n{}",
        errors.join("\n")
    );
}

#[test]
fn xsd_enumerations_match_the_model() {
    let text = xsd_text();
    let doc = Document::parse(&text).expect("the XSD is well-formed XML");
    let xsd = Xsd { doc: &doc };
    assert_eq!(xsd.enumeration("ObjectType"), *OBJECT_TYPES);
    let types: Vec<&str> = BackupType::ALL.iter().map(|t| t.as_str()).collect();
    assert_eq!(xsd.enumeration("BackupType"), types);
    let type_attribute = xsd
        .root_element("SecurityCategoryBackup")
        .descendants()
        .find(|n| is_xs(*n, "attribute") && n.attribute("name") == Some("Type"))
        .and_then(|n| n.attribute("type"));
    assert_eq!(type_attribute, Some("BackupType"));
}

#[test]
fn every_usg_element_is_documented_for_editors() {
    // Editors show xs:documentation on completion; the elements a person types most need it.
    let text = xsd_text();
    let doc = Document::parse(&text).expect("the XSD is well-formed XML");
    for tag in [
        "SecurityCategoryBackup",
        "SecurityCategory",
        "ProcessHierarchy",
        "Task",
        "EntryPoint",
        "ObjectType",
        "AxSecurityRole",
    ] {
        let documented = doc.descendants().any(|n| {
            is_xs(n, "element")
                && n.attribute("name") == Some(tag)
                && n.descendants().any(|d| is_xs(d, "documentation"))
        });
        assert!(documented, "<{tag}> has no xs:documentation in the XSD");
    }
}

// ---------------------------------------------------------------- xmllint agreement

/// Whether xmllint can run; without it the agreement test is skipped, except on CI.
fn xmllint_available() -> bool {
    let found = Command::new("xmllint")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "xmllint is missing on CI: install libxml2-utils (.ci/run does)"
        );
        eprintln!(
            "SKIPPED: xmllint not found, so the XSD/secgov agreement test did not run. \
             Install it with `apt-get install libxml2-utils` (CI fails instead of skipping)."
        );
    }
    found
}

fn xml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files
}

/// Every USG fixture with the verdict the fixture's folder promises (`None`: no promise).
fn fixtures() -> Vec<(PathBuf, Option<bool>)> {
    let m = manifest();
    let mut out = Vec::new();
    for (dir, valid) in [
        ("templates/usg", Some(true)),
        ("tests/fixtures/usg/valid", Some(true)),
        ("tests/fixtures/usg/invalid", Some(false)),
        ("tests/fixtures/read", Some(false)),
    ] {
        out.extend(xml_files(&m.join(dir)).into_iter().map(|p| (p, valid)));
    }
    // 100,000-deep nesting is generated rather than committed (it would be 1.5 MB).
    let deep = Path::new(env!("CARGO_TARGET_TMPDIR")).join("xsd-deep-nesting.xml");
    let text = format!(
        "<SecurityCategoryBackup>{}{}</SecurityCategoryBackup>",
        "<SecurityCategory>".repeat(100_000),
        "</SecurityCategory>".repeat(100_000)
    );
    std::fs::write(&deep, text).expect("write the deep-nesting file");
    out.push((deep, Some(false)));
    out
}

fn secgov_accepts(path: &Path) -> bool {
    let bytes = std::fs::read(path).expect("read fixture");
    let loaded = load_bytes(&path.display().to_string(), &bytes, &LoadOptions::default());
    !loaded
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
}

fn xmllint_accepts(path: &Path) -> bool {
    Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(manifest().join("schema/usg-backup.xsd"))
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run xmllint")
        .success()
}

#[test]
fn xmllint_and_secgov_agree_on_every_usg_fixture() {
    if !xmllint_available() {
        return;
    }
    let fixtures = fixtures();
    assert!(
        fixtures.len() > 30,
        "fixtures went missing: {}",
        fixtures.len()
    );
    let mut problems = Vec::new();
    for (path, promised) in &fixtures {
        let ours = secgov_accepts(path);
        let theirs = xmllint_accepts(path);
        let name = path.strip_prefix(manifest()).unwrap_or(path).display();
        if ours != theirs {
            problems.push(format!(
                "{name}: secgov says {}, xmllint says {}",
                verdict(ours),
                verdict(theirs)
            ));
        }
        if promised.is_some_and(|valid| valid != ours) {
            problems.push(format!(
                "{name}: should be {}, secgov says {}",
                verdict(!ours),
                verdict(ours)
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn verdict(valid: bool) -> &'static str {
    if valid { "valid" } else { "invalid" }
}

/// The roles, duties and privileges of the real AOT corpus, pasted into one backup's
/// `SecurityConfiguration` as the canonical form says they are (extensions are AOT-only).
fn corpus_backup() -> PathBuf {
    let corpus = manifest().join("../shared/corpus/aot");
    let mut objects = Vec::new();
    let mut stack = vec![corpus];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("corpus folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "xml") {
                objects.push(path);
            }
        }
    }
    objects.sort();
    let mut body = String::new();
    for path in &objects {
        let text = std::fs::read_to_string(path).expect("corpus file");
        let object = text.trim_start_matches('\u{feff}');
        let object = match object.find("?>") {
            Some(i) if object.starts_with("<?xml") => &object[i + 2..],
            _ => object,
        };
        if !object.trim_start().starts_with("<AxSecurityDutyExtension") {
            body.push_str(object.trim());
            body.push('\n');
        }
    }
    let text = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<SecurityCategoryBackup Type=\"SecurityConfiguration\" SchemaVersion=\"1\">\n<SecurityCategory>\n<Name>XppTools</Name>\n<SecurityConfiguration>\n{body}</SecurityConfiguration>\n</SecurityCategory>\n</SecurityCategoryBackup>\n"
    );
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("xsd-corpus-backup.xml");
    std::fs::write(&path, text).expect("write corpus backup");
    path
}

#[test]
fn real_aot_objects_in_a_backup_are_valid_for_both() {
    let path = corpus_backup();
    let bytes = std::fs::read(&path).expect("read");
    let loaded = load_bytes("corpus-backup.xml", &bytes, &LoadOptions::default());
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    assert_eq!(
        (
            loaded.model.roles.len(),
            loaded.model.duties.len(),
            loaded.model.privileges.len()
        ),
        (7, 3, 47)
    );
    if xmllint_available() {
        let out = Command::new("xmllint")
            .args(["--noout", "--nonet", "--schema"])
            .arg(manifest().join("schema/usg-backup.xsd"))
            .arg(&path)
            .output()
            .expect("run xmllint");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
