//! roxmltree's document to [`Tree`]: the slow path, for XML the fast scanner leaves alone
//! (CDATA, processing instructions, non-ASCII names, unusual declarations). Follows the same layout
//! rule as the scanner, so readers cannot tell which path built their tree.

use super::tree::{AttrData, NONE, NodeData, Str, Tree};

/// Builds the tree of an already parsed (and depth-checked) document; `Err` with the offset of
/// an element that has more attributes than the tree can count (`u16::MAX`).
pub(crate) fn convert<'t>(text: &'t str, doc: &roxmltree::Document<'_>) -> Result<Tree<'t>, usize> {
    let mut tree = Tree::new(text, text.len() / 24);
    element(&mut tree, text, doc.root_element(), 0, NONE)?;
    Ok(tree)
}

/// A string of the document where it is literally in the text at `range`, else a decoded copy.
fn string(tree: &mut Tree<'_>, text: &str, range: std::ops::Range<usize>, value: &str) -> Str {
    if text.get(range.clone()) == Some(value) {
        Str::borrowed(range)
    } else {
        tree.decoded(value)
    }
}

/// Adds `node` and its subtree after `last` under `parent`; gives its index.
fn element(
    tree: &mut Tree<'_>,
    text: &str,
    node: roxmltree::Node<'_, '_>,
    parent: u32,
    last: u32,
) -> Result<u32, usize> {
    let range = node.range();
    let qname_len = text[range.start + 1..]
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(0);
    let qname_end = range.start + 1 + qname_len;
    if node.attributes().len() > usize::from(u16::MAX) {
        return Err(range.start);
    }
    let attr_start = tree.attrs.len() as u32;
    for a in node.attributes() {
        let namespace = a.namespace().map(|ns| tree.decoded(ns));
        let qname = a.range_qname();
        let attr_name = string(
            tree,
            text,
            qname.end.saturating_sub(a.name().len())..qname.end,
            a.name(),
        );
        let value = string(tree, text, a.range_value(), a.value());
        tree.attrs.push(AttrData {
            name: attr_name,
            namespace,
            value,
            start: a.range().start as u32,
            qname_end: qname.end as u32,
            value_start: a.range_value().start as u32,
            end: a.range().end as u32,
        });
    }
    let attrs = attr_start..tree.attrs.len() as u32;
    let id = tree.append(parent, last, NodeData::element(range, qname_end, attrs));
    let mut last = NONE;
    for child in node.children() {
        if child.is_element() {
            last = element(tree, text, child, id, last)?;
        } else if child.is_text() {
            let r = child.range();
            let value = string(tree, text, r.clone(), child.text().unwrap_or(""));
            last = tree.append(id, last, NodeData::text(r, value));
        }
    }
    tree.drop_layout_text(id);
    Ok(id)
}
