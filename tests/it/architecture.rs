//! Dependencies point one way. Every top-level module of the library sits in a layer
//! ([`LAYERS`], the same table as in docs/architecture.md), and a file may name with `crate::X`
//! only modules of a lower layer than its own: the model knows nothing of loading, rules or
//! rendering; rules know the model and diagnostics; renderers know diagnostics and the rules'
//! descriptions. Modules of one layer do not know each other, so there is no cycle.
//!
//! Test code (`#[cfg(test)]` modules and files) may reach up: it builds its inputs the way users
//! do, through `load`. The binary (`main.rs`, `cli/`) sits above everything and is not checked.

use std::path::{Path, PathBuf};

/// Lowest first. A new top-level module goes in the lowest layer above everything it uses.
const LAYERS: &[&[&str]] = &[
    &["exit", "progress", "schema", "span", "table", "timing"],
    &["diag"],
    &["input", "source"],
    &["xml"],
    &["model"],
    &["access"],
    &["license"],
    &["dialect", "outline"],
    &["rules", "write"],
    &["diff", "load", "render"],
    &["config"],
    &["catalog", "fmt", "roundtrip"],
    &["generate"],
    &["lsp"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The top-level module a file under `src/` belongs to (`rules` for `rules/mod.rs` and
/// `rules/suppress.rs`), or `None` for the crate roots and the binary's own modules.
fn top_module(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main" | "cli")).then(|| name.to_owned())
}

/// The modules named by `crate::X` outside comments on one line.
fn crate_references(line: &str) -> Vec<&str> {
    let code = line.split("//").next().unwrap_or("");
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + "crate::".len()..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') && end > 0 {
            found.push(&after[..end]);
        }
        rest = after;
    }
    found
}

/// An import of `file` (in module `top`) that does not point down, as
/// `path:line: module -> other (layer a -> layer b)`. Lines inside `#[cfg(test)]` modules are
/// skipped; a module missing from [`LAYERS`] is reported on its first line.
fn violations(file: &str, top: &str, text: &str) -> Vec<String> {
    let Some(own) = layer(top) else {
        return vec![format!(
            "{file}:1: module `{top}` is in no layer; add it to LAYERS here and in docs/architecture.md"
        )];
    };
    let mut out = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim() == "#[cfg(test)]" && i + 1 < lines.len() && opens_inline_module(lines[i + 1])
        {
            // Skip to the closing brace at the module's own indentation.
            let indent = &lines[i + 1][..lines[i + 1].len() - lines[i + 1].trim_start().len()];
            let close = format!("{indent}}}");
            i += 2;
            while i < lines.len() && lines[i] != close {
                i += 1;
            }
            i += 1;
            continue;
        }
        for module in crate_references(line) {
            match layer(module) {
                Some(theirs) if theirs < own => {}
                Some(theirs) if module != top => out.push(format!(
                    "{file}:{}: `{top}` (layer {own}) uses `crate::{module}` (layer {theirs}): \
                     dependencies must point down (docs/architecture.md)",
                    i + 1
                )),
                Some(_) => {}
                None => {} // `crate::` of a re-export or a macro path; the compiler checks those.
            }
        }
        i += 1;
    }
    out
}

fn opens_inline_module(line: &str) -> bool {
    let t = line.trim_start();
    let t = t
        .strip_prefix("pub(crate) ")
        .or_else(|| t.strip_prefix("pub "))
        .unwrap_or(t);
    t.starts_with("mod ") && t.trim_end().ends_with('{')
}

/// Files declared as `#[cfg(test)] mod name;` by `file` (at `path`): test code as a whole.
fn test_only_children(path: &Path, text: &str) -> Vec<PathBuf> {
    let dir = match path.file_name().and_then(|n| n.to_str()) {
        Some("mod.rs" | "lib.rs") => path.parent().map(Path::to_path_buf),
        _ => Some(path.with_extension("")),
    };
    let Some(dir) = dir else { return Vec::new() };
    let lines: Vec<&str> = text.lines().collect();
    lines
        .windows(2)
        .filter(|w| w[0].trim() == "#[cfg(test)]")
        .filter_map(|w| {
            let t = w[1].trim();
            let name = t.strip_prefix("mod ")?.strip_suffix(';')?;
            Some(dir.join(format!("{name}.rs")))
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn imports_point_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let texts: Vec<(PathBuf, String)> = files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect();
    let test_only: Vec<PathBuf> = texts
        .iter()
        .flat_map(|(p, t)| test_only_children(p, t))
        .collect();
    let mut found = Vec::new();
    let mut checked = 0;
    for (path, text) in &texts {
        let relative = path.strip_prefix(&src).unwrap();
        let Some(top) = top_module(relative) else {
            continue;
        };
        if test_only.contains(path) {
            continue;
        }
        checked += 1;
        let shown = format!("src/{}", relative.display()).replace('\\', "/");
        found.extend(violations(&shown, &top, text));
    }
    assert!(
        checked > 100,
        "only {checked} files checked: is src/ there?"
    );
    assert!(
        found.is_empty(),
        "imports that point up or across a layer:\n{}",
        found.join("\n")
    );
}

#[test]
fn an_import_that_points_up_is_named_with_its_file_and_line() {
    let model =
        "//! A model file.\nuse crate::span::Span;\n\nfn f() {\n    crate::rules::check();\n}\n";
    let found = violations("src/model/fake.rs", "model", model);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("src/model/fake.rs:5: `model` (layer 4) uses `crate::rules`"),
        "{}",
        found[0]
    );
    // Across one layer is refused too: load and render do not know each other.
    let render = "use crate::load::Loaded;\n";
    assert_eq!(violations("src/render/x.rs", "render", render).len(), 1);
    // A module of its own is not an import; comments and test modules do not count.
    let rules = "use crate::rules::Rule; // crate::lsp\n#[cfg(test)]\nmod tests {\n    use crate::load::load;\n}\nuse crate::model::Model;\n";
    assert!(violations("src/rules/x.rs", "rules", rules).is_empty());
    let after_tests = format!("{rules}use crate::lsp::Server;\n");
    let found = violations("src/rules/x.rs", "rules", &after_tests);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("src/rules/x.rs:7:"), "{}", found[0]);
    // A module that is in no layer fails until it is placed.
    assert_eq!(violations("src/newroom.rs", "newroom", "").len(), 1);
    assert_eq!(crate_references("$crate::diag::x; mycrate::y"), ["diag"]);
}
