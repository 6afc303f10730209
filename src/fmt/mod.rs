//! Canonical formatting of any dialect (`secgov fmt`): indentation as the platform writes it and
//! a stable order where order carries no meaning; everything else is copied from the source.
//!
//! Lossless by construction: start tags, text, comments and processing instructions are copied
//! as raw slices of the source (entities, CDATA, namespace declarations and prefixes survive);
//! only white space between elements is rewritten, and only children whose order the platform
//! ignores are reordered. The encoding, byte order mark and line ends of the input are kept.

mod order;

use crate::model::Dialect;
use crate::source::SourceFile;
use roxmltree::{Document, Node, NodeType};

/// How one dialect is laid out by the tools that write it.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// One level of indentation.
    pub indent: &'static str,
    /// Write empty elements as `<X />` (Visual Studio) rather than `<X/>`.
    pub space_before_slash: bool,
}

/// The layout of each dialect: AOT files are tab-indented by Visual Studio; backups and
/// configuration exports use two spaces.
pub fn style(dialect: Dialect) -> Style {
    match dialect {
        Dialect::Aot | Dialect::Catalog => Style {
            indent: "\t",
            space_before_slash: true,
        },
        Dialect::UsgBackup | Dialect::SecurityConfiguration => Style {
            indent: "  ",
            space_before_slash: true,
        },
    }
}

/// Formats a parsed document. `file` is the text `doc` was parsed from.
pub fn format(file: &SourceFile, doc: &Document<'_>, dialect: Dialect) -> String {
    let text = file.text.as_str();
    let style = style(dialect);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let root = doc.root_element();
    // The XML declaration and anything before the root (comments, PIs) are kept as written,
    // one item per line.
    let prolog = text[..root.range().start].trim();
    let mut prolog_items = Vec::new();
    let mut rest = prolog;
    while let Some(start) = rest.find('<') {
        let end = item_end(rest, start);
        prolog_items.push(&rest[start..end]);
        rest = &rest[end..];
    }
    for item in prolog_items {
        out.push_str(item);
        out.push('\n');
    }
    element(&mut out, text, root, dialect, style, 0);
    // Comments after the root element.
    for n in root.next_siblings().skip(1) {
        if matches!(n.node_type(), NodeType::Comment | NodeType::PI) {
            out.push('\n');
            out.push_str(&text[n.range()]);
        }
    }
    if dialect != Dialect::Aot {
        out.push('\n');
    }
    out
}

/// End of the markup item starting at `start` (`<?...?>`, `<!--...-->` or `<!...>`).
fn item_end(s: &str, start: usize) -> usize {
    let tail = &s[start..];
    let close = if tail.starts_with("<?") {
        "?>"
    } else if tail.starts_with("<!--") {
        "-->"
    } else {
        ">"
    };
    tail.find(close)
        .map_or(s.len(), |i| start + i + close.len())
}

fn element(
    out: &mut String,
    text: &str,
    node: Node<'_, '_>,
    dialect: Dialect,
    style: Style,
    depth: usize,
) {
    let start_tag = start_tag_raw(text, node);
    let children: Vec<Node<'_, '_>> = node
        .children()
        .filter(|c| !(c.is_text() && c.text().is_some_and(|t| t.trim().is_empty())))
        .collect();
    let self_closing = start_tag.ends_with("/>");
    if children.is_empty() {
        let open = start_tag
            .trim_end_matches("/>")
            .trim_end_matches('>')
            .trim_end();
        out.push_str(open);
        out.push_str(if style.space_before_slash {
            " />"
        } else {
            "/>"
        });
        return;
    }
    debug_assert!(!self_closing);
    out.push_str(start_tag);
    let has_text = children.iter().any(|c| c.is_text());
    if has_text {
        // Mixed or text content: copy everything inside verbatim; re-indenting would change it.
        let inner_start = node.range().start + start_tag.len();
        let inner_end = node.range().end - end_tag_len(text, node);
        out.push_str(&text[inner_start..inner_end]);
    } else {
        let ordered = order::children(node, children, dialect);
        for child in ordered {
            out.push('\n');
            push_indent(out, style, depth + 1);
            match child.node_type() {
                NodeType::Element => element(out, text, child, dialect, style, depth + 1),
                _ => out.push_str(&text[child.range()]),
            }
        }
        out.push('\n');
        push_indent(out, style, depth);
    }
    out.push_str("</");
    out.push_str(qualified_name(start_tag));
    out.push('>');
}

fn push_indent(out: &mut String, style: Style, depth: usize) {
    for _ in 0..depth {
        out.push_str(style.indent);
    }
}

/// The raw start tag of an element, up to and including its `>`, with quotes respected.
fn start_tag_raw<'t>(text: &'t str, node: Node<'_, '_>) -> &'t str {
    let span = crate::dialect::xmlnode::start_tag_at(text, node.range());
    &text[span.range()]
}

/// `prefix:local` or `local` as written in a start tag.
fn qualified_name(start_tag: &str) -> &str {
    let inner = &start_tag[1..];
    let end = inner
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .unwrap_or(inner.len());
    &inner[..end]
}

fn end_tag_len(text: &str, node: Node<'_, '_>) -> usize {
    let raw = &text[node.range()];
    raw.rfind("</").map_or(0, |i| raw.len() - i)
}

#[cfg(test)]
mod tests;
