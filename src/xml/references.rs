//! Character references that name no character: `&#xD800;` (a UTF-16 surrogate) and
//! `&#x110000;` (past U+10FFFF). XML forbids them; roxmltree reads them as U+FFFD, so a name
//! would silently change. Checked in one pass before roxmltree runs; comments, CDATA sections
//! and processing instructions are skipped, since a reference there is only text.

use super::markup::{Literal, literal};

/// The span of the first character reference in `text` that names no character, if any.
pub(crate) fn invalid_reference(text: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(j) = memchr::memchr2(b'<', b'&', &b[i..]) {
        let at = i + j;
        let rest = &b[at..];
        i = if b[at] == b'<' {
            match literal(b, at) {
                Literal::Skip(end) => end,
                Literal::Stop => return None,
                Literal::Markup => at + 1,
            }
        } else if rest.starts_with(b"&#") {
            if let Some(end) = names_no_character(rest) {
                return Some((at, at + end));
            }
            at + 2
        } else {
            at + 1
        };
        if i >= b.len() {
            return None;
        }
    }
    None
}

/// For a reference `&#...;` at the start of `s` whose number is a surrogate or past U+10FFFF,
/// its length. Other malformed references are roxmltree's to report.
fn names_no_character(s: &[u8]) -> Option<usize> {
    let (digits, radix, skip) = match s.get(2) {
        Some(b'x') => (&s[3..], 16, 3),
        _ => (&s[2..], 10, 2),
    };
    let len = digits.iter().take_while(|c| c.is_ascii_hexdigit()).count();
    if digits.get(len) != Some(&b';') || len == 0 {
        return None;
    }
    let value = std::str::from_utf8(&digits[..len]).ok()?;
    let n = u32::from_str_radix(value, radix).ok()?;
    char::from_u32(n).is_none().then_some(skip + len + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrogates_and_values_past_unicode_are_found() {
        let text = "<a b='&#x41;'>&#65;&#xD800;</a>";
        assert_eq!(invalid_reference(text), Some((19, 27)));
        assert_eq!(invalid_reference("<a>&#1114112;</a>"), Some((3, 13)));
        assert_eq!(invalid_reference("<a>&#x110000;</a>"), Some((3, 13)));
        assert_eq!(invalid_reference("<a>&#x10FFFF;&#55295;</a>"), None);
        assert_eq!(
            invalid_reference("<!-- &#xD800; --><a><![CDATA[&#xD800;]]></a>"),
            None
        );
        // Past a DOCTYPE roxmltree reads nothing: the DTD is what is reported.
        assert_eq!(
            invalid_reference("<!DOCTYPE a [<!ENTITY e '&#xD800;'>]><a/>"),
            None
        );
        // Overflowing or malformed references are left to the parser.
        for text in ["&#99999999999;", "&#x;", "&#", "&#xD800", "<!--", "&"] {
            assert_eq!(invalid_reference(text), None, "{text}");
        }
    }
}
