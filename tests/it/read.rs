//! Malformed and badly structured input: each fixture in `tests/fixtures/read/` gives exactly one
//! diagnostic with a precise position (snapshot of the human rendering), and `secgov inspect`
//! exits with the documented status instead of crashing.

use secgov::diag::{Diagnostic, codes};
use secgov::exit;
use secgov::load::{LoadOptions, Loaded, load_bytes};
use secgov::render::human::{HumanOptions, render};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/read")
        .join(name)
}

/// 100,000 nested elements, generated because committing them would add 1.5 MB.
fn deep_nesting() -> Vec<u8> {
    let mut text = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<SecurityCategoryBackup Type=\"UserSecurityGovernance\">\n",
    );
    text.push_str(&"<Process>".repeat(100_000));
    text.push_str(&"</Process>".repeat(100_000));
    text.push_str("\n</SecurityCategoryBackup>\n");
    text.into_bytes()
}

fn read(display: &str, bytes: &[u8]) -> (Loaded, String) {
    let loaded = load_bytes(display, bytes, &LoadOptions::default());
    let rendered = render(
        &loaded.model.files,
        &loaded.diagnostics,
        HumanOptions {
            color: false,
            width: 80,
        },
    );
    (loaded, rendered)
}

/// Reads a fixture, checks it gives one diagnostic with `code`, and returns it with its rendering.
fn one_diagnostic(name: &str, bytes: &[u8], code: &str) -> (Diagnostic, String) {
    let (loaded, rendered) = read(&format!("tests/fixtures/read/{name}"), bytes);
    assert_eq!(
        loaded.diagnostics.len(),
        1,
        "{name} should give exactly one diagnostic:\n{rendered}"
    );
    let d = loaded.diagnostics[0].clone();
    assert_eq!(d.code, code, "{name}:\n{rendered}");
    assert!(d.span.is_some(), "{name}: the diagnostic has no position");
    assert!(
        d.help.is_some(),
        "{name}: the diagnostic says nothing about how to fix it"
    );
    (d, rendered)
}

/// `secgov inspect` on a file: the exit status and standard error.
fn inspect(path: &Path) -> (i32, String) {
    let out = crate::support::command()
        .args(["--color", "never", "inspect"])
        .arg(path)
        .output()
        .expect("run secgov");
    (
        out.status
            .code()
            .expect("secgov exited normally, not by a signal"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// One test per fixture: the one diagnostic (snapshot), its line:column, and the exit status.
macro_rules! case {
    ($test:ident, $file:literal, $code:expr, $line_col:expr, $status:expr) => {
        #[test]
        fn $test() {
            let path = fixture($file);
            let bytes = std::fs::read(&path).expect("fixture exists");
            let (d, rendered) = one_diagnostic($file, &bytes, $code);
            let (loaded, _) = read($file, &bytes);
            let at = loaded.model.files[0].line_col(d.span.unwrap().start);
            assert_eq!((at.line, at.column), $line_col, "{}", rendered);
            insta::assert_snapshot!(stringify!($test), rendered);
            let (status, stderr) = inspect(&path);
            assert_eq!(status, $status, "{stderr}");
            assert!(stderr.contains($code), "{stderr}");
        }
    };
}

// Input that cannot be read at all: exit status 2.
case!(
    unclosed_tag,
    "unclosed-tag.xml",
    codes::XML_NOT_WELL_FORMED,
    (11, 3),
    exit::ERROR
);
case!(
    bad_attribute_quoting,
    "bad-attribute-quoting.xml",
    codes::XML_NOT_WELL_FORMED,
    (2, 69),
    exit::ERROR
);
case!(
    stray_ampersand,
    "stray-ampersand.xml",
    codes::XML_NOT_WELL_FORMED,
    (4, 19),
    exit::ERROR
);
case!(
    doctype_entities,
    "doctype-entities.xml",
    codes::DTD_NOT_ALLOWED,
    (2, 1),
    exit::ERROR
);
case!(
    binary_garbage,
    "binary-garbage.xml",
    codes::UNDECODABLE,
    (1, 1),
    exit::ERROR
);
case!(
    empty_file,
    "empty.xml",
    codes::XML_NOT_WELL_FORMED,
    (1, 1),
    exit::ERROR
);
case!(
    truncated_file,
    "truncated.xml",
    codes::XML_NOT_WELL_FORMED,
    (7, 21),
    exit::ERROR
);
case!(
    double_hyphen_comment,
    "double-hyphen-comment.xml",
    codes::XML_NOT_WELL_FORMED,
    (2, 24),
    exit::ERROR
);

// Structure problems: the file is read, the finding is an error, exit status 1.
case!(
    unknown_element,
    "unknown-element.xml",
    codes::UNKNOWN_ELEMENT,
    (6, 8),
    exit::FINDINGS
);
case!(
    missing_name,
    "missing-name.xml",
    codes::MISSING_ELEMENT,
    (6, 7),
    exit::FINDINGS
);
case!(
    text_in_container,
    "text-in-container.xml",
    codes::UNEXPECTED_TEXT,
    (6, 7),
    exit::FINDINGS
);
case!(
    invalid_grant_value,
    "invalid-grant-value.xml",
    codes::INVALID_VALUE,
    (14, 28),
    exit::FINDINGS
);
case!(
    invalid_object_type,
    "invalid-object-type.xml",
    codes::INVALID_VALUE,
    (13, 27),
    exit::FINDINGS
);
case!(
    bad_type_attribute,
    "bad-type-attribute.xml",
    codes::INVALID_VALUE,
    (2, 31),
    exit::FINDINGS
);

#[test]
fn deep_nesting_is_one_diagnostic_not_a_stack_overflow() {
    let bytes = deep_nesting();
    let (d, rendered) = one_diagnostic("deep-nesting.xml", &bytes, codes::LIMIT_EXCEEDED);
    let (loaded, _) = read("deep-nesting.xml", &bytes);
    let at = loaded.model.files[0].line_col(d.span.unwrap().start);
    // Level 1 is the root on line 2; the 256 levels allowed end with Process number 255.
    assert_eq!((at.line, at.column), (3, 1 + 9 * 255));
    // The source line is 1.9 million characters (and the pointer under it as wide); the
    // snapshot keeps the message, the other lines and the help.
    let summary: Vec<&str> = rendered.lines().filter(|l| l.len() < 300).collect();
    insta::assert_snapshot!("deep_nesting", summary.join("\n"));
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("read-deep-nesting.xml");
    std::fs::write(&path, &bytes).expect("write generated file");
    let (status, stderr) = inspect(&path);
    assert_eq!(status, exit::ERROR, "{}", &stderr[..stderr.len().min(2000)]);
}

#[test]
fn malformed_fixtures_are_never_modified_by_reading() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/read");
    let before: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .map(|p| (p.clone(), std::fs::read(&p).expect("read")))
        .collect();
    let (status, _) = inspect(&dir);
    assert_eq!(status, exit::ERROR);
    for (path, bytes) in before {
        assert_eq!(
            std::fs::read(&path).expect("read"),
            bytes,
            "{} changed",
            path.display()
        );
    }
}
