//! What a `<` starts, told without parsing: a comment, CDATA section or processing instruction
//! (whose content is not markup), a DOCTYPE, or a tag. Shared by everything that reads XML text
//! without building the tree: the bounds and reference checks before roxmltree (`limits.rs`,
//! `references.rs`), the gaps between the tree's elements where comments live (`tree.rs`), and
//! root sniffing ([`root_name`]), so that none of them takes markup quoted in a comment for a tag.

/// What a `<` starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Literal {
    /// A comment, CDATA section or processing instruction: what it quotes is not markup. The
    /// offset just past it (the end of the text when it is not closed).
    Skip(usize),
    /// `<!` opening neither a comment nor a CDATA section (a DOCTYPE, or broken markup): roxmltree
    /// refuses the file there, so nothing after it is ever parsed (a DOCTYPE's entity values may
    /// quote start tags and references that are not markup).
    Stop,
    /// A start or end tag (or a stray `<`).
    Markup,
}

/// What the `<` at `lt` starts.
pub(crate) fn literal(b: &[u8], lt: usize) -> Literal {
    let rest = &b[lt..];
    let (from, end): (usize, &[u8]) = if rest.starts_with(b"<!--") {
        (lt + 4, b"-->")
    } else if rest.starts_with(b"<![CDATA[") {
        (lt + 9, b"]]>")
    } else if rest.starts_with(b"<?") {
        (lt + 2, b"?>")
    } else if rest.starts_with(b"<!") {
        return Literal::Stop;
    } else {
        return Literal::Markup;
    };
    Literal::Skip(match memchr::memmem::find(&b[from..], end) {
        Some(k) => from + k + end.len(),
        None => b.len(),
    })
}

/// The qualified name of the first start tag of `text`, past the XML declaration, comments,
/// processing instructions and a DOCTYPE: the root element's, for telling a security file by a
/// prefix of it. `None` when `text` ends first or an end tag comes first.
pub(crate) fn root_name(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(j) = memchr::memchr(b'<', &b[i..]) {
        let lt = i + j;
        i = match literal(b, lt) {
            Literal::Skip(end) => end,
            // A DOCTYPE's declarations are passed one `<` at a time.
            Literal::Stop => lt + 1,
            // An end tag first: there is no root to name.
            Literal::Markup if b.get(lt + 1) == Some(&b'/') => return None,
            Literal::Markup => {
                let name = &text[lt + 1..];
                let len = name
                    .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                    .unwrap_or(name.len());
                return Some(&name[..len]);
            }
        };
        if i >= b.len() {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_name_skips_the_prolog_and_markup_quoted_in_it() {
        let text = "<?xml version=\"1.0\"?>\n<!-- <Quoted> -->\n<?pi <Quoted>?><p:Root a='1'>";
        assert_eq!(root_name(text), Some("p:Root"));
        assert_eq!(
            root_name("<!DOCTYPE a [<!ENTITY e 'x'>]><Root/>"),
            Some("Root")
        );
        assert_eq!(root_name("<Root>"), Some("Root"));
        // A prefix that ends inside the prolog names no root.
        assert_eq!(root_name("<!-- <Quoted> "), None);
        assert_eq!(root_name("</a><Root>"), None);
        for text in ["", "<", "<!", "<?", "<!--", "<\u{e9}"] {
            let _ = root_name(text);
        }
    }
}
