//! The one place text becomes markup: escaping for XML element content, XML attribute values
//! and HTML, used by every writer (AOT files, security configuration exports, USG backups, the
//! JUnit report, the HTML change report, the synthetic corpora) and the decoding of the
//! predefined entities and character references that the writers need to tell whether a
//! source's own spelling can be kept.
//!
//! Characters XML 1.0 cannot carry (the C0 controls other than tab, line feed and carriage
//! return, and U+FFFE, U+FFFF) are written as U+FFFD, in every writer. Written as they are, they
//! make the whole file unreadable to every parser, Restore from XML included; dropped, a name
//! changes without a trace and two names can become one. U+FFFD stays visible in the file and in
//! what `validate` and `diff` say about it. They cannot come from XML input (the reader refuses
//! them) and an outline holding one is refused before anything is written (SG code for control
//! characters in src/outline/fields.rs), so the replacement is a last line that keeps every
//! output well-formed, never a path real data takes. (XML 1.1 could carry them as references;
//! nothing that reads these files speaks XML 1.1.)

use std::borrow::Cow;

/// Whether XML 1.0 can carry `c` at all, as text or as a character reference.
pub(crate) fn representable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// `c`, or U+FFFD when XML 1.0 cannot carry it (see the module documentation).
fn carried(c: char) -> char {
    if representable(c) {
        c
    } else {
        char::REPLACEMENT_CHARACTER
    }
}

/// The replacements of each escape.
type Table = &'static [(char, &'static str)];
const TEXT: Table = &[
    ('&', "&amp;"),
    ('<', "&lt;"),
    ('>', "&gt;"),
    ('\r', "&#xD;"),
];
const ATTRIBUTE: Table = &[
    ('&', "&amp;"),
    ('<', "&lt;"),
    ('>', "&gt;"),
    ('\n', "&#10;"),
    ('\r', "&#13;"),
    ('\t', "&#9;"),
];
const QUOTED_ATTRIBUTE: Table = &[
    ('&', "&amp;"),
    ('<', "&lt;"),
    ('>', "&gt;"),
    ('"', "&quot;"),
    ('\n', "&#10;"),
    ('\r', "&#13;"),
    ('\t', "&#9;"),
];
const HTML: Table = &[
    ('&', "&amp;"),
    ('<', "&lt;"),
    ('>', "&gt;"),
    ('"', "&quot;"),
    ('\'', "&#39;"),
];

/// `s` with every character of `table` replaced and the ones XML cannot carry made U+FFFD;
/// borrowed when nothing changes (the common case is a plain name).
fn escape(s: &str, table: Table) -> Cow<'_, str> {
    let special = |c: char| table.iter().find(|(k, _)| *k == c).map(|(_, r)| *r);
    if !s.chars().any(|c| special(c).is_some() || !representable(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars().map(carried) {
        match special(c) {
            Some(r) => out.push_str(r),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Element content as .NET's XmlWriter writes it: `&`, `<` and `>` (`>` because of `]]>`)
/// escaped, and a carriage return as `&#xD;` so that end-of-line handling does not turn it into
/// a line feed. Also right for xmlwriter's `write_text`, which escapes only `<` (and has none
/// left to escape).
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, TEXT)
}

/// An attribute value for xmlwriter's `write_attribute`, which escapes only the quote: `&`, `<`
/// and `>` escaped here, and line breaks and tabs as character references so that attribute
/// value normalization does not turn them into spaces.
pub fn attribute(s: &str) -> Cow<'_, str> {
    escape(s, ATTRIBUTE)
}

/// An attribute value that the caller puts between double quotes itself (the catalog's one-line
/// `<MenuItem .../>`): as [`attribute`], and `"` as `&quot;`.
pub fn quoted_attribute(s: &str) -> Cow<'_, str> {
    escape(s, QUOTED_ATTRIBUTE)
}

/// HTML text or a quoted attribute value (either quote): `&`, `<`, `>`, `"` and `'`.
pub fn html(s: &str) -> Cow<'_, str> {
    escape(s, HTML)
}

/// Resolves the predefined entities and character references; `None` for anything else.
pub(crate) fn unescape(raw: &str) -> Option<String> {
    if !raw.contains('&') {
        return Some(raw.to_owned());
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';')?;
        let entity = &after[..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()?
                } else {
                    entity.strip_prefix('#')?.parse().ok()?
                };
                char::from_u32(code)?
            }
        };
        out.push(c);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escapes_what_xmlwriter_leaves_and_reads_it_back() {
        let value = "R&D <team> \"quoted\" 'single'\r\n";
        let escaped = text(value);
        assert_eq!(escaped, "R&amp;D &lt;team&gt; \"quoted\" 'single'&#xD;\n");
        assert_eq!(unescape(&escaped).as_deref(), Some(value));
        assert_eq!(unescape("&#65;&#x42;&apos;").as_deref(), Some("AB'"));
        assert_eq!(unescape("&nbsp;"), None);
        assert_eq!(
            attribute("a\tb\nc\rd&<>"),
            "a&#9;b&#10;c&#13;d&amp;&lt;&gt;"
        );
        assert_eq!(
            quoted_attribute("\"a\tb\"&<'"),
            "&quot;a&#9;b&quot;&amp;&lt;'"
        );
        assert_eq!(
            html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert!(matches!(text("VendTableMaintain"), Cow::Borrowed(_)));
    }

    #[test]
    fn characters_xml_cannot_carry_become_the_replacement_character_everywhere() {
        for c in [
            '\u{0}', '\u{1}', '\u{8}', '\u{B}', '\u{1F}', '\u{FFFE}', '\u{FFFF}',
        ] {
            let s = format!("a{c}b");
            assert_eq!(text(&s), "a\u{FFFD}b");
            assert_eq!(attribute(&s), "a\u{FFFD}b");
            assert_eq!(quoted_attribute(&s), "a\u{FFFD}b");
            assert_eq!(html(&s), "a\u{FFFD}b");
        }
        assert!(representable('\u{7F}') && representable('\u{10FFFF}'));
    }

    /// `s` as a parser reads it back when written by the escapes: the characters XML cannot
    /// carry become U+FFFD.
    fn carried_string(s: &str) -> String {
        s.chars().map(carried).collect()
    }

    proptest! {
        // A fixed seed: `cargo test` runs the same cases everywhere (docs/testing.md).
        #![proptest_config(ProptestConfig {
            rng_seed: proptest::test_runner::RngSeed::Fixed(21),
            ..ProptestConfig::default()
        })]

        /// Escaped text and attribute values read back through roxmltree as the same string,
        /// wherever XML can represent it (U+FFFD where it cannot), written through xmlwriter as
        /// the writers do.
        #[test]
        fn escaped_text_reads_back_through_a_parser(s in "(\\PC|[\\x00-\\x1F&<>\"'\\]\\r\\n\\t]){0,40}") {
            let mut w = xmlwriter::XmlWriter::new(xmlwriter::Options::default());
            w.start_element("x");
            w.write_attribute("v", &attribute(&s));
            w.set_preserve_whitespaces(true);
            w.write_text(&text(&s));
            w.end_element();
            let xml = w.end_document();
            let doc = roxmltree::Document::parse(&xml).unwrap();
            let expected = carried_string(&s);
            prop_assert_eq!(doc.root_element().attribute("v"), Some(expected.as_str()));
            prop_assert_eq!(doc.root_element().text().unwrap_or(""), expected.as_str());
            // The HTML escape is also well-formed XML (its entities are XML's); line ends and, in
            // attributes, white space may be normalized by the parser as for any raw text.
            let doc = format!("<x v=\"{}\">{}</x>", html(&s), html(&s));
            let doc = roxmltree::Document::parse(&doc).unwrap();
            let lines = |v: &str| v.replace("\r\n", "\n").replace('\r', "\n");
            let spaced = |v: &str| lines(v).replace(['\n', '\t'], " ");
            prop_assert_eq!(doc.root_element().attribute("v").map(spaced), Some(spaced(&expected)));
            prop_assert_eq!(lines(doc.root_element().text().unwrap_or("")), lines(&expected));
        }
    }
}
