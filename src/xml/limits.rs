//! Bounds roxmltree does not enforce, checked in one pass over the text before roxmltree sees it:
//!
//! - namespace prefixes in scope at once: roxmltree copies the in-scope declarations into every
//!   element that adds one and searches them linearly for every prefixed name, so a file declaring
//!   thousands of prefixes on nested elements and then using them on many elements takes minutes
//!   (15 MB: over two minutes, measured). Security files declare two or three.
//! - attributes on one element: roxmltree checks each attribute against every earlier one of its
//!   element for duplicates, so one element with 50,000 attributes (540 KB) took 27 s. Security
//!   elements carry a handful; with at most [`MAX_ATTRIBUTES`] the check costs a bounded amount
//!   per byte of the element.
//!
//! The counts are taken without parsing, so they also hold for broken markup. Comments, CDATA
//! sections and processing instructions are skipped whole: markup quoted inside them is not
//! markup.

use super::markup::{Literal, literal};

/// Most namespace declarations in scope at once that secgov reads (the scanner uses the same bound).
pub const MAX_NAMESPACES: usize = 64;

/// Most attributes (namespace declarations included) on one element that secgov reads.
pub const MAX_ATTRIBUTES: usize = 256;

/// The first bound the text passes, with the offset to point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exceeded {
    /// The declaration that is one too many.
    Namespaces(usize),
    /// The attribute that is one too many.
    Attributes(usize),
}

/// Where the text first passes [`MAX_NAMESPACES`] or [`MAX_ATTRIBUTES`], if it does.
pub(crate) fn exceeded(text: &str) -> Option<Exceeded> {
    let b = text.as_bytes();
    let mut open: Vec<usize> = Vec::new();
    let mut tag = Tag::default();
    let mut in_scope = 0usize;
    let mut i = 0;
    while let Some(j) = memchr::memchr(b'<', &b[i..]) {
        let lt = i + j;
        match literal(b, lt) {
            Literal::Skip(end) => i = end,
            Literal::Stop => return None,
            Literal::Markup => match b.get(lt + 1) {
                Some(b'/') => {
                    in_scope -= open.pop().unwrap_or(0);
                    i = lt + 2;
                }
                None => i = lt + 1,
                Some(_) => {
                    let end = tag.read(b, lt);
                    if let Some(&at) = tag.attributes.get(MAX_ATTRIBUTES) {
                        return Some(Exceeded::Attributes(at));
                    }
                    let declarations = &tag.declarations;
                    if in_scope + declarations.len() > MAX_NAMESPACES {
                        let k = MAX_NAMESPACES.saturating_sub(in_scope);
                        return Some(Exceeded::Namespaces(
                            declarations.get(k).copied().unwrap_or(lt),
                        ));
                    }
                    if b.get(end.wrapping_sub(1)) != Some(&b'/') {
                        in_scope += declarations.len();
                        open.push(declarations.len());
                    }
                    i = end + 1;
                }
            },
        }
        if i >= b.len() {
            return None;
        }
    }
    None
}

/// The attributes of one start tag, in buffers reused from tag to tag.
#[derive(Default)]
struct Tag {
    /// Offsets of attribute names (`xmlns` declarations included), up to one past the limit.
    attributes: Vec<usize>,
    /// Offsets of the `xmlns` / `xmlns:p` declarations.
    declarations: Vec<usize>,
}

impl Tag {
    /// Reads the tag starting at `lt`; gives the position of its `>` (quotes respected; the end
    /// of the text if there is none).
    fn read(&mut self, b: &[u8], lt: usize) -> usize {
        self.attributes.clear();
        self.declarations.clear();
        let mut quote = None;
        let mut i = lt + 1;
        while i < b.len() {
            let c = b[i];
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == b'"' || c == b'\'' => quote = Some(c),
                None if c == b'>' => return i,
                None if c.is_ascii_whitespace() => {
                    let name = i + 1;
                    let starts_name = b.get(name).is_some_and(|&n| {
                        !matches!(n, b'=' | b'/' | b'>' | b'"' | b'\'') && !n.is_ascii_whitespace()
                    });
                    if starts_name && self.attributes.len() <= MAX_ATTRIBUTES {
                        self.attributes.push(name);
                    }
                    if b[name..].starts_with(b"xmlns")
                        && matches!(
                            b.get(i + 6),
                            Some(b':' | b'=' | b' ' | b'\t' | b'\r' | b'\n')
                        )
                    {
                        self.declarations.push(name);
                    }
                }
                None => {}
            }
            i += 1;
        }
        b.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decls(n: usize) -> String {
        (0..n)
            .map(|k| format!(" xmlns:p{k}='u{k}'"))
            .collect::<String>()
    }

    #[test]
    fn declarations_are_counted_while_in_scope() {
        let ok = format!("<a{}><b{}/></a><c{}/>", decls(40), decls(24), decls(60));
        assert_eq!(exceeded(&ok), None);
        let bad = format!("<a{}><b{}/></a>", decls(40), decls(25));
        let Some(Exceeded::Namespaces(at)) = exceeded(&bad) else {
            panic!("{:?}", exceeded(&bad));
        };
        assert!(bad[at..].starts_with("xmlns:p24="), "{}", &bad[at..at + 12]);
    }

    // Regression: declarations quoted inside a comment, CDATA section or processing instruction
    // were counted as if they were markup.
    #[test]
    fn declarations_in_comments_cdata_and_instructions_are_not_counted() {
        let quoted = format!("<x{}/>", decls(65));
        let text =
            format!("<?pi {quoted}?><!-- {quoted} --><a><![CDATA[{quoted}]]><!-- {quoted} --></a>");
        assert_eq!(exceeded(&text), None);
    }

    // Regression: start tags quoted in a DOCTYPE's entity values were counted, so a file with a
    // DTD was refused for its namespaces (SG004) instead of for the DTD (SG003).
    #[test]
    fn declarations_quoted_in_a_doctype_are_not_counted() {
        let quoted = format!("<x{}/>", decls(65));
        let text = format!("<!DOCTYPE a [<!ENTITY e \"{quoted}\">]><a>&e;</a>");
        assert_eq!(exceeded(&text), None);
        // What precedes the DOCTYPE is still counted.
        let before = format!("<a{}><!DOCTYPE a></a>", decls(65));
        assert!(matches!(exceeded(&before), Some(Exceeded::Namespaces(_))));
    }

    #[test]
    fn attributes_past_the_limit_are_pointed_at() {
        let attrs = |n: usize| (0..n).map(|k| format!(" a{k}='1'")).collect::<String>();
        assert_eq!(exceeded(&format!("<r{}/>", attrs(MAX_ATTRIBUTES))), None);
        let bad = format!("<r><e\n{}/></r>", attrs(MAX_ATTRIBUTES + 1).trim_start());
        let Some(Exceeded::Attributes(at)) = exceeded(&bad) else {
            panic!("{:?}", exceeded(&bad));
        };
        assert!(bad[at..].starts_with(&format!("a{MAX_ATTRIBUTES}=")));
        // Spaces around `=` and inside values do not count as attributes.
        let spaced = (0..MAX_ATTRIBUTES)
            .map(|k| format!(" a{k} = 'x y z'"))
            .collect::<String>();
        assert_eq!(exceeded(&format!("<r{spaced} />")), None);
    }

    #[test]
    fn broken_markup_is_counted_without_panicking() {
        for text in [
            "<",
            "<a",
            "</",
            "<a xmlns",
            "<a '>",
            "</a></b><c>",
            "<a xmlns:p='1'",
            "<!--",
            "<![CDATA[",
            "<?",
            "<a \n",
        ] {
            let _ = exceeded(text);
        }
    }
}
