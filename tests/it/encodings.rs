//! The same backup saved in every encoding and line ending secgov accepts reads to the same model,
//! with the same line:column for the same element; a declaration that disagrees with the bytes is
//! SG006; names with XML special characters survive escaping and reading.

use proptest::prelude::*;
use secgov::diag::{Severity, codes};
use secgov::load::{LoadOptions, Loaded, load_bytes};
use secgov::render::inspect;
use serde_json::Value;

const TEMPLATE: &str = include_str!("../../templates/usg/procure-to-pay.xml");

#[derive(Debug, Clone, Copy, PartialEq)]
enum Saved {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// UTF-16 LE without a byte order mark, recognized by its `<?xml` start.
    Utf16LeNoBom,
}

const ALL: [Saved; 5] = [
    Saved::Utf8,
    Saved::Utf8Bom,
    Saved::Utf16Le,
    Saved::Utf16Be,
    Saved::Utf16LeNoBom,
];

/// `text` as a file saved in `how`, with CRLF line ends when `crlf`. UTF-16 files declare
/// encoding="utf-16", as Windows tools write them.
fn save(text: &str, how: Saved, crlf: bool) -> Vec<u8> {
    let mut text = text.replace("\r\n", "\n");
    if crlf {
        text = text.replace('\n', "\r\n");
    }
    let utf16 = matches!(how, Saved::Utf16Le | Saved::Utf16Be | Saved::Utf16LeNoBom);
    if utf16 {
        text = text.replacen("encoding=\"utf-8\"", "encoding=\"utf-16\"", 1);
    }
    encode(&text, how)
}

fn encode(text: &str, how: Saved) -> Vec<u8> {
    match how {
        Saved::Utf8 => text.as_bytes().to_vec(),
        Saved::Utf8Bom => [&[0xEF, 0xBB, 0xBF], text.as_bytes()].concat(),
        Saved::Utf16Le => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        Saved::Utf16Be => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        Saved::Utf16LeNoBom => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
    }
}

fn read(bytes: &[u8]) -> Loaded {
    load_bytes("procure-to-pay.xml", bytes, &LoadOptions::default())
}

/// `inspect --format json` output without the fields that name the encoding and line ends.
fn model_json(loaded: &Loaded) -> Value {
    let mut v: Value = serde_json::from_str(&inspect::json(&loaded.model)).expect("valid JSON");
    for f in v["files"].as_array_mut().expect("files") {
        let f = f.as_object_mut().expect("file object");
        assert!(f.remove("encoding").is_some() && f.remove("line_ending").is_some());
    }
    v
}

fn variants() -> impl Iterator<Item = (Saved, bool)> {
    ALL.into_iter()
        .flat_map(|how| [false, true].into_iter().map(move |crlf| (how, crlf)))
}

#[test]
fn every_encoding_and_line_ending_gives_the_same_model() {
    let reference = read(TEMPLATE.as_bytes());
    assert!(
        reference.diagnostics.is_empty(),
        "{:?}",
        reference.diagnostics
    );
    let expected = model_json(&reference);
    assert_eq!(expected["categories"][0]["name"], "Procure to pay");
    for (how, crlf) in variants() {
        let loaded = read(&save(TEMPLATE, how, crlf));
        assert!(
            loaded.diagnostics.is_empty(),
            "{how:?} crlf={crlf}: {:?}",
            loaded.diagnostics
        );
        let file = &loaded.model.files[0];
        assert_eq!(file.crlf, crlf, "{how:?}");
        assert_eq!(
            file.encoding.label(),
            match how {
                Saved::Utf8 => "UTF-8",
                Saved::Utf8Bom => "UTF-8 with BOM",
                Saved::Utf16Le | Saved::Utf16LeNoBom => "UTF-16LE",
                Saved::Utf16Be => "UTF-16BE",
            }
        );
        assert_eq!(model_json(&loaded), expected, "{how:?} crlf={crlf}");
    }
}

/// 1-based line and column of the first diagnostic.
fn position(loaded: &Loaded) -> (usize, usize) {
    let d = &loaded.diagnostics[0];
    let at = loaded.model.files[0].line_col(d.span.expect("span").start);
    (at.line, at.column)
}

/// Line and column of `needle` in the LF text, counted the way an editor does (characters).
fn editor_position(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).expect("needle in text");
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (
        text[..at].matches('\n').count() + 1,
        text[line_start..at].chars().count() + 1,
    )
}

#[test]
fn a_finding_has_the_same_line_and_column_in_every_encoding() {
    // A value finding (from the model) and a well-formedness finding (from the parser), each on
    // a line with non-ASCII text before it, so that byte and character columns differ.
    let value = TEMPLATE.replacen(
        "<ObjectType>MenuItemOutput</ObjectType>",
        "<!-- Sécurité --><ObjectType>MenuItemOutputt</ObjectType>",
        1,
    );
    let markup = TEMPLATE.replacen(
        "<Name>Accounts payable</Name>",
        "<Name>Comptes fournisseurs – été & co</Name>",
        1,
    );
    for (broken, needle, code) in [
        (&value, "MenuItemOutputt", codes::INVALID_VALUE),
        (&markup, "& co", codes::XML_NOT_WELL_FORMED),
    ] {
        let expected = editor_position(broken, needle);
        for (how, crlf) in variants() {
            let loaded = read(&save(broken, how, crlf));
            assert_eq!(loaded.diagnostics[0].code, code, "{how:?} crlf={crlf}");
            assert_eq!(position(&loaded), expected, "{how:?} crlf={crlf}");
        }
    }
}

#[test]
fn a_declaration_that_disagrees_with_the_bytes_is_sg006_and_the_file_still_reads() {
    let reference = model_json(&read(TEMPLATE.as_bytes()));
    // UTF-16 bytes that still say utf-8 (a file converted by an editor that kept the header).
    let utf16 = encode(TEMPLATE, Saved::Utf16Le);
    let loaded = read(&utf16);
    assert_eq!(loaded.diagnostics.len(), 1, "{:?}", loaded.diagnostics);
    let d = &loaded.diagnostics[0];
    assert_eq!(
        (d.code, d.severity),
        (codes::ENCODING_MISMATCH, Severity::Warning)
    );
    assert_eq!(loaded.model.files[0].slice(d.span.unwrap()), "utf-8");
    assert!(d.message.contains("UTF-16LE"), "{}", d.message);
    assert_eq!(model_json(&loaded), reference);
    // UTF-8 bytes with non-ASCII text that claim a single-byte code page.
    let latin = TEMPLATE
        .replacen("encoding=\"utf-8\"", "encoding=\"windows-1252\"", 1)
        .replacen("Purchasing, vendor", "Achats, fournisseurs é", 1);
    let loaded = read(latin.as_bytes());
    assert_eq!(loaded.diagnostics.len(), 1, "{:?}", loaded.diagnostics);
    assert_eq!(loaded.diagnostics[0].code, codes::ENCODING_MISMATCH);
    assert_eq!(position(&loaded), (1, 31));
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn backup(category: &str, process: &str, task: &str, object: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<SecurityCategoryBackup Type="UserSecurityGovernance" SchemaVersion="1">
  <SecurityCategory>
    <Name>{}</Name>
    <ProcessHierarchy>
      <Process>
        <Name>{}</Name>
        <Task>
          <Name>{}</Name>
          <EntryPoints>
            <EntryPoint>
              <ObjectName>{}</ObjectName>
              <ObjectType>MenuItemDisplay</ObjectType>
            </EntryPoint>
          </EntryPoints>
        </Task>
      </Process>
    </ProcessHierarchy>
  </SecurityCategory>
</SecurityCategoryBackup>
"#,
        escape(category),
        escape(process),
        escape(task),
        escape(object)
    )
}

/// A name as admins type them: letters, digits, XML's special characters and some non-ASCII,
/// with no white space at either end (the reader warns about that, separately tested).
fn name() -> impl Strategy<Value = String> {
    "[A-Za-z0-9&<>\"'éøß漢]([A-Za-z0-9&<>\"'éøß漢 _.-]{0,16}[A-Za-z0-9&<>\"'éøß漢])?"
}

proptest! {
    #![proptest_config(crate::property::config(256))]

    #[test]
    fn names_with_xml_special_characters_read_back_identically(
        category in name(),
        process in name(),
        task in name(),
        object in name(),
        how in prop::sample::select(ALL.to_vec()),
        crlf in any::<bool>(),
    ) {
        let text = backup(&category, &process, &task, &object);
        let loaded = read(&save(&text, how, crlf));
        prop_assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let c = &loaded.model.categories[0];
        let p = &c.hierarchy.as_ref().unwrap().processes[0];
        let t = &p.tasks[0];
        prop_assert_eq!(&c.name.value, &category);
        prop_assert_eq!(&p.name.value, &process);
        prop_assert_eq!(&t.name.value, &task);
        prop_assert_eq!(&t.entry_points[0].object_name.value, &object);
        // The span covers the escaped text exactly, so writers can copy it verbatim.
        prop_assert_eq!(loaded.model.raw(0, c.name.span), escape(&category));
    }
}
