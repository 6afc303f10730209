//! The Visual Studio project that `convert --to aot --model` and `generate --emit aot --model`
//! write: descriptors as the Dynamics 365 tools write them (every descriptor of
//! ../shared/corpus/metadata/XppTools, byte for byte), a project file in the shape of the real
//! ones in ../shared/corpus/projects, and a project that reads back through `secgov inspect`
//! and lists every object written.

use crate::support::{fixture, secgov};
use secgov::write::aot::AotKind;
use secgov::write::project::{self, ModelInfo};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
const TEMPLATE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/templates/usg/order-to-cash.xml"
);

/// The fields of a real descriptor, read with roxmltree, as a [`ModelInfo`].
fn read_descriptor(text: &str) -> ModelInfo {
    let doc = roxmltree::Document::parse(text).unwrap();
    let root = doc.root_element();
    let field = |name: &str| {
        root.children()
            .find(|n| n.has_tag_name(name))
            .map(|n| n.text().unwrap_or("").to_string())
    };
    let number = |name: &str| field(name).unwrap().parse::<u32>().unwrap();
    let references = root
        .children()
        .find(|n| n.has_tag_name("ModuleReferences"))
        .unwrap()
        .children()
        .filter(|n| n.is_element())
        .map(|n| n.text().unwrap().to_string())
        .collect();
    ModelInfo {
        name: field("Name").unwrap(),
        module: field("ModelModule").unwrap(),
        display_name: field("DisplayName").unwrap(),
        description: field("Description").unwrap(),
        publisher: field("Publisher").unwrap(),
        layer: field("Layer").unwrap().parse().unwrap(),
        id: field("Id").unwrap().parse().unwrap(),
        module_references: references,
        solution_id: field("SolutionId"),
        version: [
            number("VersionMajor"),
            number("VersionMinor"),
            number("VersionBuild"),
            number("VersionRevision"),
        ],
    }
}

#[test]
fn every_real_descriptor_is_written_byte_for_byte() {
    let root = Path::new(CORPUS).join("metadata/XppTools");
    let mut seen = 0;
    for package in std::fs::read_dir(&root).unwrap() {
        let descriptors = package.unwrap().path().join("Descriptor");
        let Ok(entries) = std::fs::read_dir(&descriptors) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let info = read_descriptor(&text);
            // The tools end the file without a line break; one descriptor of the corpus gained
            // one in its repository.
            assert_eq!(
                project::descriptor(&info),
                text.strip_suffix('\n').unwrap_or(&text),
                "{}",
                path.display()
            );
            seen += 1;
        }
    }
    assert_eq!(seen, 20, "the corpus has 20 descriptors");
}

/// Text without a byte order mark, with LF line ends (the corpus's copies have LF).
fn normalized(text: &str) -> String {
    text.trim_start_matches('\u{feff}').replace("\r\n", "\n")
}

#[test]
fn the_project_file_has_the_shape_visual_studio_writes() {
    let real = normalized(
        &std::fs::read_to_string(
            Path::new(CORPUS).join("projects/DevAxCmmUtils/DevAxCmmUtils.rnrproj"),
        )
        .unwrap(),
    );
    let written = project::rnrproj(
        "DevAxCmmUtils",
        &[
            (AotKind::Privilege, "DevAxCmmRtsLogView".into()),
            (AotKind::Privilege, "DevAxCmmRtsLogMaintain".into()),
        ],
    );
    assert!(written.starts_with('\u{feff}'), "a byte order mark");
    assert!(
        !written.replace("\r\n", "").contains('\n'),
        "CRLF line ends only"
    );
    let written = normalized(&written);
    // The property groups, line for line; only the GUID differs (Visual Studio draws one).
    let head = |t: &str| -> Vec<String> {
        t.lines()
            .take_while(|l| !l.contains("<ItemGroup>"))
            .filter(|l| !l.contains("<ProjectGuid>"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(head(&written), head(&real));
    // Each security item as the real project has it, and the folder it is filed under.
    for block in written.split("<Content ").skip(1) {
        let block = format!("<Content {}", &block[..block.find("</Content>").unwrap()]);
        assert!(real.contains(&block), "not in the real project:\n{block}");
    }
    assert!(real.contains("<Folder Include=\"Security Privileges\\\" />"));
    assert!(written.contains("<Folder Include=\"Security Privileges\\\" />"));
    // The same imports at the end.
    let tail = |t: &str| -> Vec<String> { t.lines().rev().take(3).map(str::to_string).collect() };
    assert_eq!(tail(&written), tail(&real));
}

/// The files below `dir`, relative to it.
fn files_below(dir: &Path) -> BTreeSet<PathBuf> {
    crate::roundtrip_support::files_below(dir)
        .into_iter()
        .collect()
}

/// The `Content Include` items of a project file, as paths of object files below the model folder.
fn listed(project: &Path) -> BTreeSet<PathBuf> {
    let text = std::fs::read_to_string(project).unwrap();
    let doc = roxmltree::Document::parse(text.trim_start_matches('\u{feff}')).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("Content"))
        .map(|n| {
            let include = n.attribute("Include").unwrap().replace('\\', "/");
            PathBuf::from(format!("{include}.xml"))
        })
        .collect()
}

#[test]
fn a_converted_project_reads_back_and_lists_every_object() {
    let out = PathBuf::from(fixture("aot-project/convert/", b""));
    let _ = std::fs::remove_dir_all(&out);
    let o = secgov(&[
        "convert",
        TEMPLATE,
        "--to",
        "aot",
        "-o",
        out.to_str().unwrap(),
        "--model",
        "ContosoSecurity",
        "--publisher",
        "Contoso",
    ]);
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert!(
        o.stdout.contains("as the model ContosoSecurity"),
        "{}",
        o.stdout
    );

    let model = out.join("Metadata/ContosoSecurity/ContosoSecurity");
    let objects: BTreeSet<PathBuf> = files_below(&model);
    assert_eq!(objects.len(), 13, "{objects:?}");
    assert_eq!(
        listed(&out.join("Projects/ContosoSecurity/ContosoSecurity.rnrproj")),
        objects,
        "the project lists exactly the files written"
    );
    let descriptor = read_descriptor(
        &std::fs::read_to_string(
            out.join("Metadata/ContosoSecurity/Descriptor/ContosoSecurity.xml"),
        )
        .unwrap(),
    );
    assert_eq!(descriptor.name, "ContosoSecurity");
    assert_eq!(descriptor.publisher, "Contoso");
    assert_eq!(descriptor.layer, 14, "usr");
    assert_eq!(
        descriptor.module_references,
        [
            "ApplicationFoundation",
            "ApplicationPlatform",
            "ApplicationSuite"
        ]
    );

    // The project folder reads as the same objects as a plain conversion.
    let plain = PathBuf::from(fixture("aot-project/plain/", b""));
    let _ = std::fs::remove_dir_all(&plain);
    let p = secgov(&[
        "convert",
        TEMPLATE,
        "--to",
        "aot",
        "-o",
        plain.to_str().unwrap(),
    ]);
    assert_eq!(p.status, 0, "{}", p.stderr);
    assert_eq!(files_below(&plain), objects);
    let json = |dir: &Path| {
        let o = secgov(&["inspect", dir.to_str().unwrap(), "-f", "json"]);
        assert_eq!(o.status, 0, "{}", o.stderr);
        let mut v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        // File paths differ by the folder; the objects must not.
        strip_paths(&mut v);
        v
    };
    assert_eq!(json(&out), json(&plain));
}

fn strip_paths(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            map.retain(|k, _| k != "file" && k != "path" && k != "files");
            map.values_mut().for_each(strip_paths);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_paths),
        _ => {}
    }
}

#[test]
fn generate_writes_the_same_project_twice_and_the_descriptor_is_as_snapshotted() {
    let outline = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/outlines/order-to-cash.csv"
    );
    let run = |name: &str| {
        let out = PathBuf::from(fixture(&format!("aot-project/{name}/"), b""));
        let _ = std::fs::remove_dir_all(&out);
        let o = secgov(&[
            "generate",
            outline,
            "--emit",
            "aot",
            "-o",
            out.to_str().unwrap(),
            "--model",
            "ContosoOrderToCash",
            "--layer",
            "cus",
            "--module-reference",
            "ApplicationSuite",
            "--module-reference",
            "ApplicationFoundation",
        ]);
        assert_eq!(o.status, 0, "{}", o.stderr);
        out
    };
    let (a, b) = (run("one"), run("two"));
    let files = files_below(&a);
    assert_eq!(files, files_below(&b));
    for f in &files {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{}",
            f.display()
        );
    }
    assert_eq!(
        listed(&a.join("Projects/ContosoOrderToCash/ContosoOrderToCash.rnrproj")),
        files_below(&a.join("Metadata/ContosoOrderToCash/ContosoOrderToCash"))
    );
    let descriptor = std::fs::read_to_string(
        a.join("Metadata/ContosoOrderToCash/Descriptor/ContosoOrderToCash.xml"),
    )
    .unwrap();
    insta::assert_snapshot!("generated-descriptor", descriptor);
}

#[test]
fn model_flags_are_checked_before_anything_is_written() {
    let out = PathBuf::from(fixture("aot-project/refused/", b""));
    let _ = std::fs::remove_dir_all(&out);
    let o = out.to_str().unwrap();
    let bad_name = secgov(&[
        "convert",
        TEMPLATE,
        "--to",
        "aot",
        "-o",
        o,
        "--model",
        "Contoso Security",
    ]);
    assert_eq!(bad_name.status, 2);
    assert!(
        bad_name.stderr.contains("cannot be a model name"),
        "{}",
        bad_name.stderr
    );
    let secconfig = secgov(&[
        "convert",
        TEMPLATE,
        "--to",
        "secconfig",
        "-o",
        o,
        "--model",
        "X",
    ]);
    assert_eq!(secconfig.status, 2);
    assert!(
        secconfig.stderr.contains("use it with --to aot"),
        "{}",
        secconfig.stderr
    );
    let layer = secgov(&[
        "convert", TEMPLATE, "--to", "aot", "-o", o, "--model", "X", "--layer", "top",
    ]);
    assert_eq!(layer.status, 2);
    assert!(layer.stderr.contains("usr"), "{}", layer.stderr);
    let without_model = secgov(&[
        "convert",
        TEMPLATE,
        "--to",
        "aot",
        "-o",
        o,
        "--publisher",
        "Contoso",
    ]);
    assert_eq!(without_model.status, 2, "--publisher needs --model");
    assert!(!out.exists(), "nothing was written");
}
