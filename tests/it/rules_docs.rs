//! The committed pages in docs/rules/ equal the ones generated from the rule registry.
//! Regenerate them with `SECGOV_BLESS=1 cargo test --test it rules_docs`.

use secgov::rules::{docs_index, docs_page, registry};
use std::path::Path;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules");

fn bless() -> bool {
    std::env::var_os("SECGOV_BLESS").is_some_and(|v| v == "1")
}

fn compare(path: &Path, expected: &str, stale: &mut Vec<String>) {
    if bless() {
        std::fs::write(path, expected).unwrap();
        return;
    }
    match std::fs::read_to_string(path) {
        Ok(actual) if actual.replace("\r\n", "\n") == expected => {}
        _ => stale.push(path.display().to_string()),
    }
}

#[test]
fn committed_rule_pages_are_current() {
    let rules = registry();
    let mut stale = Vec::new();
    for rule in &rules {
        compare(
            &Path::new(DIR).join(format!("{}.md", rule.code)),
            &docs_page(rule),
            &mut stale,
        );
    }
    compare(
        &Path::new(DIR).join("README.md"),
        &docs_index(&rules),
        &mut stale,
    );
    assert!(
        stale.is_empty(),
        "stale or missing pages (run `SECGOV_BLESS=1 cargo test --test it rules_docs`): {stale:?}"
    );
}

#[test]
fn no_page_without_a_code() {
    let codes: Vec<String> = registry()
        .iter()
        .map(|r| format!("{}.md", r.code))
        .collect();
    for entry in std::fs::read_dir(DIR).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            name == "README.md" || codes.contains(&name),
            "docs/rules/{name} documents no code in the registry"
        );
    }
}

/// Every code literal anywhere in src/ (readers, rules, other commands) is in the registry, so
/// `secgov explain` and the docs cover every code a user can see.
#[test]
fn every_code_in_the_source_is_registered() {
    fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for (i, _) in text.match_indices("\"SG") {
                    let Some(literal) = text.get(i..i + 7) else {
                        continue;
                    };
                    let code = &literal[1..6];
                    if code[2..].bytes().all(|b| b.is_ascii_digit()) && literal.ends_with('"') {
                        out.push((code.to_owned(), path.display().to_string()));
                    }
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    assert!(found.len() > 14, "the scan finds the reader codes at least");
    for (code, file) in found {
        assert!(
            secgov::rules::find(&code).is_some(),
            "{code} in {file} is not in the registry"
        );
    }
}
