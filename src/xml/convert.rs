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
    // roxmltree keeps no range for the start tag: it ends at the first `>` outside quotes after
    // the last attribute (namespace declarations, which are not attributes, may follow it).
    let from = tree
        .attrs
        .last()
        .filter(|_| !attrs.is_empty())
        .map_or(range.start, |a| a.end as usize);
    let tag_end = start_tag_end(text, from..range.end);
    let id = tree.append(parent, last, NodeData::element(range, tag_end, attrs));
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

/// Just past the `>` that ends the start tag within `range`, quoted values skipped; the end of
/// `range` when there is none (it is a parsed element, so there is one).
fn start_tag_end(text: &str, range: std::ops::Range<usize>) -> usize {
    let mut quote = None;
    for (i, &c) in text.as_bytes()[range.clone()].iter().enumerate() {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return range.start + i + 1,
            _ => {}
        }
    }
    range.end
}
