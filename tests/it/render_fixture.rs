//! The fixed set of files and diagnostics that every renderer test renders: findings with and
//! without spans, spanning one line and several, in a file whose path has a space and a non-ASCII
//! letter (and a `&`), a related place in another file, a code the rule list does not describe, a
//! finding about the run (no file), and a clean file. Messages carry characters that each format
//! must escape (`%`, `:`, `,`, `&`, `<`, quotes, line breaks).

use secgov::diag::{self, Diagnostic, Severity};
use secgov::render::RuleMeta;
use secgov::source::{Encoding, SourceFile};
use secgov::span::Span;

pub const RULES: &[RuleMeta] = &[
    RuleMeta {
        code: "SG007",
        name: "unreadable-path",
        summary: "A path that cannot be read",
        default_severity: Severity::Error,
    },
    RuleMeta {
        code: "SG101",
        name: "unknown-element",
        summary: "An element that the dialect does not define",
        default_severity: Severity::Warning,
    },
    RuleMeta {
        code: "SG201",
        name: "duplicate-category-name",
        summary: "Two security categories with the same name",
        default_severity: Severity::Error,
    },
];

const PROCURE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<SecurityCategoryBackup Type="UserSecurityGovernance" SchemaVersion="1">
  <SecurityCategory>
    <Name>Procure to pay</Name>
    <ProcessHierarchy>
      <Procss>
        <Name>Vendor management</Name>
      </Procss>
    </ProcessHierarchy>
  </SecurityCategory>
</SecurityCategoryBackup>
"#;

const ROLES: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<SecurityCategoryBackup SchemaVersion="1">
  <SecurityCategory>
    <Name>Rôle précis – Procure to pay</Name>
  </SecurityCategory>
  <SecurityCategory>
    <Name>Procure to pay</Name>
  </SecurityCategory>
</SecurityCategoryBackup>
"#;

const CLEAN: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<SecurityCategoryBackup Type="UserSecurityGovernance" SchemaVersion="1"/>
"#;

pub fn files() -> Vec<SourceFile> {
    vec![
        SourceFile::new("usg/procure-to-pay.xml", PROCURE.into(), Encoding::Utf8),
        SourceFile::new("usg/Rôles & duties.xml", ROLES.into(), Encoding::Utf8),
        SourceFile::new("./usg/clean.xml", CLEAN.into(), Encoding::Utf8),
    ]
}

/// Span of the `nth` (0-based) occurrence of `needle` in `text`.
pub fn find(text: &str, needle: &str, nth: usize) -> Span {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in fixture"))
        .0;
    Span::new(start, start + needle.len())
}

pub fn diagnostics() -> Vec<Diagnostic> {
    let mut ds = vec![
        Diagnostic::error(
            "SG201",
            "the category name \"Procure to pay\" is used twice: a restore stops at the second one",
        )
        .at(1, find(ROLES, "Procure to pay", 1))
        .with_label("second category named \"Procure to pay\"")
        .with_related(1, find(ROLES, "Rôle précis", 0), "a category with a similar name, for comparison")
        .with_related(0, find(PROCURE, "Procure to pay", 0), "first defined here")
        .with_help("rename one of the categories, or merge their processes into one category")
        .with_path("SecurityCategory[Name='Procure to pay']"),
        Diagnostic::warning("SG101", "unknown element <Procss> in a process hierarchy")
            .at(0, Span::new(find(PROCURE, "<Procss>", 0).start, find(PROCURE, "</Procss>", 0).end))
            .with_label("not an element of a USG backup")
            .with_help("did you mean <Process>? Elements are case-sensitive, 100% of them")
            .with_path("SecurityCategory[Name='Procure to pay']/ProcessHierarchy"),
        Diagnostic::note(
            "SG501",
            "the backup has no Type attribute; secgov read it as UserSecurityGovernance, 1,2 fits",
        )
        .in_file(1)
        .with_help("add Type=\"UserSecurityGovernance\" to the root element\nso that the restore knows what to expect"),
        Diagnostic::error("SG007", "cannot read missing.xml: no such file or directory")
            .with_help("check the path; folders are searched for *.xml"),
    ];
    diag::sort(&mut ds);
    ds
}

/// The official SARIF 2.1.0 schema (see `tests/data/README.md`), compiled once, with `format`
/// checked (so that URIs must be valid URI references).
pub fn sarif_validator() -> &'static jsonschema::Validator {
    static VALIDATOR: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/sarif-schema-2.1.0.json"
        );
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap()
    })
}

/// Every schema violation in `sarif`, one per line (empty when valid).
pub fn sarif_errors(sarif: &str) -> String {
    let log: serde_json::Value = serde_json::from_str(sarif).unwrap();
    sarif_validator()
        .iter_errors(&log)
        .map(|e| format!("{} at {}\n", e, e.instance_path()))
        .collect()
}
