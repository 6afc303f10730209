//! The element structure of an object's source text, as writers need it to keep the original
//! child order and to copy uninterpreted elements (`Forms`, `DirectAccessPermissions`, anything
//! unknown) with fresh indentation.
//!
//! The text was already parsed by roxmltree when it was read; this walk only finds where tags,
//! text and comments start and end, so that raw start tags, text and end tags can be copied
//! byte for byte. Anything it does not understand makes it give up (`None`), and the writers then
//! fall back to writing the object from the model alone.

use crate::span::Span;

/// Deepest nesting followed; deeper text is copied as it stands.
const MAX_DEPTH: usize = 256;

/// One element of the source text.
#[derive(Debug, Clone)]
pub(crate) struct Element<'t> {
    /// The name as written, prefix included.
    pub qname: &'t str,
    /// The local name (after the prefix).
    pub name: &'t str,
    /// The whole element, start tag to end tag.
    pub span: Span,
    /// `<X a="b">` or `<X />`.
    pub start_tag: Span,
    /// `</X>`; `None` for an empty-element tag.
    pub end_tag: Option<Span>,
    pub children: Vec<Item<'t>>,
}

/// Something inside an element.
#[derive(Debug, Clone)]
pub(crate) enum Item<'t> {
    Element(Element<'t>),
    /// Character data, including CDATA sections and references, as written.
    Text(Span),
    /// A comment or processing instruction.
    Markup(Span),
}

impl<'t> Element<'t> {
    /// The child elements, in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element<'t>> {
        self.children.iter().filter_map(|c| match c {
            Item::Element(e) => Some(e),
            _ => None,
        })
    }

    /// Attributes of the start tag as raw `name="value"` slices, in order.
    pub fn attributes(&self, text: &'t str) -> Vec<(&'t str, &'t str)> {
        let tag = &text[self.start_tag.range()];
        let inner = tag
            .trim_start_matches('<')
            .trim_end_matches('>')
            .trim_end_matches('/');
        let mut out = Vec::new();
        let rest = &inner[self.qname.len().min(inner.len())..];
        let base = self.start_tag.start + 1 + self.qname.len();
        let bytes = rest.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let name_start = i;
            while i < bytes.len() && bytes[i] != b'=' && !bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let name_end = i;
            while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\'' {
                i += 1;
            }
            let Some(&quote) = bytes.get(i) else { break };
            i += 1;
            while i < bytes.len() && bytes[i] != quote {
                i += 1;
            }
            i += 1;
            let whole = &text[base + name_start..base + i.min(bytes.len())];
            out.push((&rest[name_start..name_end], whole));
        }
        out
    }

    /// True when the element holds only character data (or nothing).
    pub(crate) fn is_leaf(&self) -> bool {
        self.children.iter().all(|c| matches!(c, Item::Text(_)))
    }
}

/// Reads the element that starts at `span.start` and ends at `span.end`. `None` when the text
/// there is not a complete element.
pub(crate) fn element(text: &str, span: Span) -> Option<Element<'_>> {
    if span.end > text.len() || span.start >= span.end || !text.is_char_boundary(span.start) {
        return None;
    }
    let (el, end) = read_element(text, span.start, 0)?;
    (end == span.end).then_some(el)
}

/// Reads an element starting at `pos` (at its `<`); returns it and the offset after it.
fn read_element(text: &str, pos: usize, depth: usize) -> Option<(Element<'_>, usize)> {
    if depth > MAX_DEPTH {
        return None;
    }
    let bytes = text.as_bytes();
    if bytes.get(pos) != Some(&b'<') {
        return None;
    }
    let name_end = pos
        + 1
        + text[pos + 1..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(0);
    let qname = &text[pos + 1..name_end];
    if qname.is_empty() {
        return None;
    }
    let tag_end = start_tag_end(bytes, name_end)?;
    let self_closing = bytes[tag_end - 2] == b'/';
    let name = qname.rsplit(':').next().unwrap_or(qname);
    let mut el = Element {
        qname,
        name,
        span: Span::new(pos, tag_end),
        start_tag: Span::new(pos, tag_end),
        end_tag: None,
        children: Vec::new(),
    };
    if self_closing {
        return Some((el, tag_end));
    }
    let mut i = tag_end;
    loop {
        let rest = &text[i..];
        if rest.is_empty() {
            return None;
        }
        if rest.starts_with("</") {
            let close = i + rest.find('>')? + 1;
            let closing = text[i + 2..close - 1].trim_end();
            if closing != qname {
                return None;
            }
            el.end_tag = Some(Span::new(i, close));
            el.span = Span::new(pos, close);
            return Some((el, close));
        } else if rest.starts_with("<!--") {
            let end = i + rest.find("-->")? + 3;
            el.children.push(Item::Markup(Span::new(i, end)));
            i = end;
        } else if rest.starts_with("<?") {
            let end = i + rest.find("?>")? + 2;
            el.children.push(Item::Markup(Span::new(i, end)));
            i = end;
        } else if rest.starts_with("<![CDATA[") {
            let end = i + rest.find("]]>")? + 3;
            push_text(&mut el.children, Span::new(i, end));
            i = end;
        } else if rest.starts_with('<') {
            let (child, end) = read_element(text, i, depth + 1)?;
            el.children.push(Item::Element(child));
            i = end;
        } else {
            let end = i + rest.find('<').unwrap_or(rest.len());
            push_text(&mut el.children, Span::new(i, end));
            i = end;
        }
    }
}

/// Adjacent character data (text next to CDATA) is one text item.
fn push_text(children: &mut Vec<Item<'_>>, span: Span) {
    if let Some(Item::Text(prev)) = children.last_mut() {
        if prev.end == span.start {
            prev.end = span.end;
            return;
        }
    }
    children.push(Item::Text(span));
}

/// Offset just after the `>` that ends a start tag, skipping quoted attribute values.
fn start_tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), c) if c == q => quote = None,
            (None, b'<') => return None,
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_children_attributes_and_leaves() {
        let text = r#"<A xmlns="" i:x='a>b'><!-- c --><B>t&amp;<![CDATA[<]]></B>
<C /></A>"#;
        let el = element(text, Span::new(0, text.len())).unwrap();
        assert_eq!(el.name, "A");
        let attrs = el.attributes(text);
        assert_eq!(attrs, vec![("xmlns", "xmlns=\"\""), ("i:x", "i:x='a>b'")]);
        let names: Vec<_> = el.elements().map(|e| e.name).collect();
        assert_eq!(names, ["B", "C"]);
        let b = el.elements().next().unwrap();
        assert!(b.is_leaf());
        assert_eq!(b.children.len(), 1, "text and CDATA are one run");
        assert!(el.elements().nth(1).unwrap().end_tag.is_none());
    }

    #[test]
    fn gives_up_on_text_that_is_not_one_element() {
        let text = "<A><B></A>";
        assert!(element(text, Span::new(0, text.len())).is_none());
        assert!(element("<A/>x", Span::new(0, 5)).is_none());
        assert!(element("", Span::new(0, 0)).is_none());
    }
}
