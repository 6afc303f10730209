//! Canonical formatting of any dialect (`secgov fmt`): indentation as the platform writes it and
//! a stable order where order carries no meaning; everything else is copied from the source.
//!
//! Lossless by construction: start tags, text, comments and processing instructions are copied
//! as raw slices of the source (entities, CDATA, namespace declarations and prefixes survive);
//! only white space between elements is rewritten, and only children whose order the platform
//! ignores are reordered. The encoding, byte order mark and line ends of the input are kept.

mod order;

use crate::model::Dialect;
use crate::xml::{Content, Node, Tree};

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

/// Formats a read document (its text is `tree.text()`).
pub fn format(tree: &Tree<'_>, dialect: Dialect) -> String {
    let text = tree.text();
    let style = style(dialect);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let root = tree.root_element();
    // The XML declaration and anything before the root (comments, PIs) are kept as written,
    // one item per line.
    for item in tree.markup_between(0..root.range().start) {
        out.push_str(&text[item]);
        out.push('\n');
    }
    let aot = order::is_aot_object(root.name());
    element(&mut out, text, root, aot, dialect, style, 0);
    // Comments and processing instructions after the root element.
    for item in tree.markup_between(root.range().end..text.len()) {
        out.push('\n');
        out.push_str(&text[item]);
    }
    if dialect != Dialect::Aot {
        out.push('\n');
    }
    out
}

/// Writes `node` at `depth`; `aot`: whether it is an AOT object or inside one.
fn element(
    out: &mut String,
    text: &str,
    node: Node<'_>,
    aot: bool,
    dialect: Dialect,
    style: Style,
    depth: usize,
) {
    let start_tag = &text[node.start_tag_range()];
    let children: Vec<Content<'_>> = node
        .content()
        .into_iter()
        .filter(|c| !matches!(c, Content::Node(n) if n.text().is_some_and(|t| t.trim().is_empty())))
        .collect();
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
    out.push_str(start_tag);
    let has_text = children
        .iter()
        .any(|c| matches!(c, Content::Node(n) if n.is_text()));
    if has_text {
        // Mixed or text content: copy everything inside verbatim; re-indenting would change it.
        out.push_str(&text[node.content_range()]);
    } else {
        let ordered = order::children(node, aot, children, dialect);
        for child in ordered {
            out.push('\n');
            push_indent(out, style, depth + 1);
            match child {
                Content::Node(c) => {
                    let aot = aot || order::is_aot_object(c.name());
                    element(out, text, c, aot, dialect, style, depth + 1);
                }
                Content::Markup(range) => out.push_str(&text[range]),
            }
        }
        out.push('\n');
        push_indent(out, style, depth);
    }
    out.push_str("</");
    out.push_str(&text[node.name_range()]);
    out.push('>');
}

fn push_indent(out: &mut String, style: Style, depth: usize) {
    for _ in 0..depth {
        out.push_str(style.indent);
    }
}

#[cfg(test)]
mod tests;
