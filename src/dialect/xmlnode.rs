//! Small helpers over tree nodes shared by the three readers: spans and text values.

use crate::span::{Span, Spanned};
use crate::xml::Node;

/// Span of the element's start tag (`<Name attr="...">`), for labels that should not cover the
/// whole element.
pub(crate) fn start_tag(node: Node<'_>) -> Span {
    Span::from(node.start_tag_range())
}

/// Span of the element's name inside its start tag.
pub(crate) fn tag_name(node: Node<'_>) -> Span {
    Span::from(node.name_range())
}

/// The text of a text-only element with the span of that text; an empty element gives an empty
/// string spanned at its start tag. Leading and trailing white space is kept (rules flag it).
pub(crate) fn text_value(node: Node<'_>) -> Spanned<String> {
    let mut value = String::new();
    let mut span: Option<Span> = None;
    for child in node.children().filter(|c| c.is_text()) {
        value.push_str(child.text().unwrap_or(""));
        let r = Span::from(child.range());
        span = Some(span.map_or(r, |s| Span::new(s.start, r.end)));
    }
    Spanned::new(value, span.unwrap_or_else(|| start_tag(node)))
}

/// The elements directly inside `node`.
pub(crate) fn elements<'a>(node: Node<'a>) -> impl Iterator<Item = Node<'a>> {
    node.children().filter(Node::is_element)
}

/// Non-blank text directly inside `node`, with its span.
pub(crate) fn stray_text(node: Node<'_>) -> Option<Span> {
    node.children()
        .find(|c| c.is_text() && c.text().is_some_and(|t| !t.trim().is_empty()))
        .map(|c| {
            let r = c.range();
            let t = c.text().unwrap_or("");
            let lead = t.len() - t.trim_start().len();
            // The range covers the raw text; trimming is exact when there are no entities in it.
            if r.len() == t.len() {
                Span::new(r.start + lead, r.start + t.trim_end().len())
            } else {
                Span::from(r)
            }
        })
}
