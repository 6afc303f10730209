//! One fixture folder per code in tests/fixtures/rules/CODE/: XML inputs whose expected findings
//! are written inline as `<!-- expect: SG201 -->` on the line before the finding's line, an
//! optional `@N` in a marker names the line instead; an
//! optional `secgov.toml` (restore Type, action, target, SoD rules...), and an optional
//! `expect.txt` listing codes of findings that have no line (such as a path that cannot be read).
//! Every fixture must produce exactly its expected findings, and its human output is snapshotted.

use secgov::config;
use secgov::load::{LoadOptions, load};
use secgov::render::human::{self, HumanOptions};
use secgov::rules::{CheckOptions, check, registry};
use std::path::{Path, PathBuf};

const ROOT: &str = "tests/fixtures/rules";

/// A finding reduced to what markers say: file, line (0 when it has none) and code.
type Place = (String, usize, String);

/// `(file, line, code)` expected from the markers of every input file.
fn expected_markers(inputs: &[PathBuf]) -> Vec<Place> {
    let mut out = Vec::new();
    for path in inputs.iter().filter(|p| p.is_file()) {
        let bytes = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let text = text.trim_start_matches('\u{feff}');
        let lines: Vec<&str> = text.lines().collect();
        let mut pending: Vec<String> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if let Some(at) = line.find("<!-- expect:") {
                let rest = &line[at + "<!-- expect:".len()..];
                let codes = rest.split("-->").next().unwrap();
                // `@N` places the codes on line N, for findings where no comment can precede
                // the line (the XML declaration).
                let at_line = codes
                    .split(' ')
                    .find_map(|c| c.strip_prefix('@')?.parse().ok());
                let codes = codes
                    .split([',', ' '])
                    .filter(|c| !c.is_empty() && !c.starts_with('@'));
                match at_line {
                    Some(n) => {
                        out.extend(codes.map(|c| (path.display().to_string(), n, c.to_owned())))
                    }
                    None => pending.extend(codes.map(str::to_owned)),
                }
                continue;
            }
            for code in pending.drain(..) {
                out.push((path.display().to_string(), i + 1, code));
            }
        }
        assert!(
            pending.is_empty(),
            "{}: a marker on the last line",
            path.display()
        );
    }
    out.sort();
    out
}

fn run_fixture(dir: &Path) -> (Vec<Place>, Vec<Place>, String) {
    let mut options = CheckOptions::default();
    let mut target = None;
    let mut references = Vec::new();
    let config_path = dir.join("secgov.toml");
    if config_path.is_file() {
        let c = config::load(&config_path).unwrap();
        c.apply(&mut options);
        target = c.target.clone();
        references = c.references.clone();
    }
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    inputs.sort();
    let mut paths = inputs.clone();
    paths.extend(target.iter().cloned());
    paths.extend(references.iter().cloned());
    let loaded = load(&paths, &LoadOptions::default());
    options.assign_files(&loaded.model.files, &inputs, target.as_deref(), &references);
    let diagnostics = check(&loaded.model, &loaded.diagnostics, &options);

    let mut expected = expected_markers(&inputs);
    if let Ok(list) = std::fs::read_to_string(dir.join("expect.txt")) {
        expected.extend(
            list.split_whitespace()
                .map(|c| (String::new(), 0, c.to_owned())),
        );
    }
    expected.sort();
    let mut actual: Vec<Place> = diagnostics
        .iter()
        .map(|d| match (d.file, d.span) {
            (Some(f), Some(span)) => {
                let file = &loaded.model.files[f];
                (
                    file.path.clone(),
                    file.line_col(span.start).line,
                    d.code.to_owned(),
                )
            }
            _ => (String::new(), 0, d.code.to_owned()),
        })
        .collect();
    actual.sort();
    let mut text = human::render(
        &loaded.model.files,
        &diagnostics,
        HumanOptions {
            color: false,
            width: 80,
        },
    );
    text.push_str(&human::summary(&diagnostics));
    text.push('\n');
    (expected, actual, text)
}

/// SG9xx are raised by the commands that write (`generate` outlines, `unpack`, `pack`,
/// `convert`), not by checking a file; their fixtures are CLI cases in tests/generate_*.rs and
/// tests/roundtrip_cli.rs.
fn raised_by_a_writing_command(code: &str) -> bool {
    code.starts_with("SG9")
}

#[test]
fn every_code_has_a_fixture() {
    for rule in registry()
        .iter()
        // SG099 needs more findings than a fixture holds: tests/it/hardening_output.rs has it.
        .filter(|r| {
            r.retired.is_none() && !raised_by_a_writing_command(r.code) && r.code != "SG099"
        })
    {
        let dir = Path::new(ROOT).join(rule.code);
        assert!(dir.is_dir(), "no fixture folder {}", dir.display());
    }
}

#[test]
fn fixtures_produce_exactly_their_markers() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(ROOT)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    let mut failures = Vec::new();
    for dir in dirs {
        // `SG309-unchecked`: a second fixture of SG309, for a case that needs other settings.
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let code = name.split('-').next().unwrap_or(&name).to_owned();
        let (expected, actual, text) = run_fixture(&dir);
        assert!(
            expected.iter().any(|(_, _, c)| *c == code),
            "fixture {code} expects no {code} finding"
        );
        if expected != actual {
            failures.push(format!(
                "{name}:\n  expected {expected:?}\n  actual   {actual:?}"
            ));
        }
        insta::assert_snapshot!(format!("fixture_{name}"), text);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
