//! Property tests: whatever the messages, paths and spans, every format stays readable by its
//! consumer. SARIF validates against the official schema, JSON parses with one entry per finding,
//! JUnit parses as XML with the right counts, and each GitHub command stays on one line.

use crate::render_fixture;

use proptest::prelude::*;
use render_fixture::{RULES, sarif_errors};
use secgov::diag::{Diagnostic, Severity};
use secgov::render::human::HumanOptions;
use secgov::render::{Format, render_diagnostics};
use secgov::source::{Encoding, SourceFile};
use secgov::span::Span;

const CODES: &[&str] = &["SG001", "SG101", "SG201", "SG999"];

/// Text with the characters formats must escape, line breaks, non-ASCII and control characters.
fn nasty_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("%".to_owned()),
            Just(":".to_owned()),
            Just(",".to_owned()),
            Just("&".to_owned()),
            Just("<".to_owned()),
            Just("]]>".to_owned()),
            Just("\"".to_owned()),
            Just("\r\n".to_owned()),
            Just("\n".to_owned()),
            Just("\u{0}".to_owned()),
            Just("\u{1b}[31m".to_owned()),
            Just("é".to_owned()),
            Just("😀".to_owned()),
            Just("::error::".to_owned()),
            "[a-zA-Z ]{0,6}",
        ],
        0..8,
    )
    .prop_map(|parts| parts.concat())
}

fn path() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("a.xml".to_owned()),
        Just("./a.xml".to_owned()),
        Just("./dir/b c.xml".to_owned()),
        Just("C:\\AOS\\Rôle#1.xml".to_owned()),
        Just("/abs/x?y.xml".to_owned()),
        Just("odd:name,with%.xml".to_owned()),
        "[a-z]{1,5}/[a-zA-Z0-9 ]{1,5}\\.xml",
    ]
}

#[derive(Debug, Clone)]
struct Finding {
    code: usize,
    severity: u8,
    message: String,
    file: Option<usize>,
    span: Option<(usize, usize)>,
    help: Option<String>,
    related: Vec<(usize, usize, usize, String)>,
}

fn finding() -> impl Strategy<Value = Finding> {
    (
        0..CODES.len(),
        0u8..3,
        nasty_text(),
        proptest::option::of(0usize..4),
        proptest::option::of((0usize..200, 0usize..50)),
        proptest::option::of(nasty_text()),
        proptest::collection::vec((0usize..3, 0usize..200, 0usize..20, nasty_text()), 0..3),
    )
        .prop_map(
            |(code, severity, message, file, span, help, related)| Finding {
                code,
                severity,
                message,
                file,
                span,
                help,
                related,
            },
        )
}

fn build(texts: &[(String, String)], findings: &[Finding]) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let files: Vec<_> = texts
        .iter()
        .map(|(p, t)| SourceFile::new(p.clone(), t.clone(), Encoding::Utf8))
        .collect();
    let diagnostics = findings
        .iter()
        .map(|f| {
            let severity =
                [Severity::Note, Severity::Warning, Severity::Error][f.severity as usize];
            let mut d = Diagnostic::new(CODES[f.code], severity, f.message.clone());
            d.file = f.file;
            d.span = f.span.map(|(s, len)| Span::new(s, s + len));
            d.help = f.help.clone();
            d.label = Some(f.message.clone());
            d.element_path = Some(format!("SecurityCategory[Name='{}']", f.message));
            for (file, start, len, msg) in &f.related {
                d = d.with_related(*file, Span::new(*start, start + len), msg.clone());
            }
            d
        })
        .collect();
    (files, diagnostics)
}

proptest! {
    #![proptest_config(crate::property::config(256))]

    #[test]
    fn every_format_stays_readable(
        texts in proptest::collection::vec((path(), nasty_text()), 0..3),
        findings in proptest::collection::vec(finding(), 0..6),
    ) {
        let (files, diagnostics) = build(&texts, &findings);
        let render = |format| render_diagnostics(format, &files, &diagnostics, RULES, HumanOptions::default());

        let sarif = render(Format::Sarif);
        prop_assert_eq!(sarif_errors(&sarif), "");

        let json: serde_json::Value = serde_json::from_str(&render(Format::Json)).unwrap();
        prop_assert_eq!(json["diagnostics"].as_array().unwrap().len(), diagnostics.len());

        let junit = render(Format::Junit);
        let doc = roxmltree::Document::parse(&junit);
        prop_assert!(doc.is_ok(), "{:?}\n{}", doc.err(), junit);
        let doc = doc.unwrap();
        let cases = doc.descendants().filter(|n| n.has_tag_name("testcase")).count();
        prop_assert_eq!(doc.root_element().attribute("tests").unwrap().parse::<usize>().unwrap(), cases);
        let failures = diagnostics.iter().filter(|d| d.severity >= Severity::Warning).count();
        prop_assert_eq!(doc.descendants().filter(|n| n.has_tag_name("failure")).count(), failures);

        let github = render(Format::Github);
        prop_assert_eq!(github.lines().count(), diagnostics.len());
        for line in github.lines() {
            prop_assert!(line.starts_with("::error ") || line.starts_with("::warning ") || line.starts_with("::notice "));
        }
    }
}
