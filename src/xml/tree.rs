//! The compact element tree the readers walk: elements, their attributes and text, with byte
//! ranges into the decoded text. About a tenth of roxmltree's memory per node, because it keeps
//! no comments or processing instructions, no namespace tables and no layout-only white space.
//!
//! Layout rule (the one difference from the XML data model): a text node made only of XML white
//! space (space, tab, CR, LF) is dropped when its parent element also has element children. That
//! white space is indentation; no reader looks at it, and dropping it halves the node count of an
//! indented file. Both builders ([`super::scan`] and [`super::convert`]) apply the rule, so the
//! tree does not depend on which one built it.

use std::ops::Range;

/// Index of "no node" in the link fields (the root is node 0 and is never anyone's sibling or child).
pub(crate) const NONE: u32 = 0;

/// A string of the tree: either a range of the document text or of the tree's own buffer of
/// decoded strings (text with entity references, normalized attribute values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Str {
    start: u32,
    end: u32,
}

/// Marks a [`Str`] whose range is in the decoded buffer rather than the document.
const DECODED: u32 = 1 << 31;

impl Str {
    pub(crate) fn borrowed(range: Range<usize>) -> Str {
        Str {
            start: range.start as u32,
            end: range.end as u32,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Root,
    Element,
    Text,
    /// Layout text dropped by [`Tree::drop_layout_text`] that was its element's first child: it
    /// keeps its slot (the first child is always the next slot) and its link to the next
    /// sibling, and child iteration steps over it.
    Dropped,
}

/// One node in 24 bytes: the 100 MiB backup has 3.6 million of them, and a file of nothing but
/// `<Bogus/>` one per 8 bytes. There is no first-child link: nodes are stored in document
/// order, so an element's first child, when it has one, is the node right after it.
#[derive(Debug, Clone)]
pub(crate) struct NodeData {
    pub(crate) kind: Kind,
    /// Element: how many attributes, from `a2` on.
    attr_count: u16,
    pub(crate) next: u32,
    pub(crate) start: u32,
    pub(crate) end: u32,
    /// Element: the end of the start tag (just past its `>`). Text: the start of its [`Str`].
    a1: u32,
    /// Element: the first attribute in `attrs`. Text: the end of its [`Str`].
    a2: u32,
}

impl NodeData {
    /// An element spanning `range` whose start tag ends at `start_tag_end`, with
    /// `attrs[attrs.start..attrs.end]` (at most `u16::MAX` of them). Links are set by
    /// [`Tree::append`].
    pub(crate) fn element(
        range: Range<usize>,
        start_tag_end: usize,
        attrs: Range<u32>,
    ) -> NodeData {
        NodeData {
            kind: Kind::Element,
            attr_count: (attrs.end - attrs.start) as u16,
            next: NONE,
            start: range.start as u32,
            end: range.end as u32,
            a1: start_tag_end as u32,
            a2: attrs.start,
        }
    }

    /// Text at `range` of the document whose (decoded) value is `value`.
    pub(crate) fn text(range: Range<usize>, value: Str) -> NodeData {
        NodeData {
            kind: Kind::Text,
            attr_count: 0,
            next: NONE,
            start: range.start as u32,
            end: range.end as u32,
            a1: value.start,
            a2: value.end,
        }
    }

    /// A text node's value.
    pub(crate) fn value(&self) -> Str {
        Str {
            start: self.a1,
            end: self.a2,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct AttrData {
    pub(crate) name: Str,
    pub(crate) namespace: Option<Str>,
    pub(crate) value: Str,
    pub(crate) start: u32,
    pub(crate) qname_end: u32,
    pub(crate) value_start: u32,
    pub(crate) end: u32,
}

/// A parsed document. Borrow nodes from it with [`Tree::root_element`].
#[derive(Debug)]
pub struct Tree<'t> {
    text: &'t str,
    pub(crate) nodes: Vec<NodeData>,
    pub(crate) attrs: Vec<AttrData>,
    decoded: String,
}

impl<'t> Tree<'t> {
    /// Largest document the tree can address: ranges are 31-bit so that one bit can say where a
    /// string lives.
    pub const MAX_LEN: usize = (DECODED - 1) as usize;

    pub(crate) fn new(text: &'t str, capacity: usize) -> Tree<'t> {
        let mut nodes = Vec::with_capacity(capacity);
        nodes.push(NodeData {
            kind: Kind::Root,
            ..NodeData::element(0..text.len(), 0, 0..0)
        });
        Tree {
            text,
            nodes,
            attrs: Vec::new(),
            decoded: String::new(),
        }
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    /// Keeps a decoded string in the tree's own buffer.
    pub(crate) fn decoded(&mut self, s: &str) -> Str {
        let start = self.decoded.len() as u32 | DECODED;
        self.decoded.push_str(s);
        Str {
            start,
            end: self.decoded.len() as u32 | DECODED,
        }
    }

    pub(crate) fn str(&self, s: Str) -> &str {
        if s.start & DECODED != 0 {
            &self.decoded[(s.start & !DECODED) as usize..(s.end & !DECODED) as usize]
        } else {
            &self.text[s.start as usize..s.end as usize]
        }
    }

    /// Appends a node after `last`, the current last child of `parent` (`NONE` for none: the
    /// builders keep track of it, so that nodes need not); gives its index.
    pub(crate) fn append(&mut self, parent: u32, last: u32, data: NodeData) -> u32 {
        let id = self.nodes.len() as u32;
        self.nodes.push(data);
        if last == NONE {
            // The builders append in document order and give back only the newest slot.
            debug_assert_eq!(id, parent + 1, "a first child is the node after its parent");
        } else {
            self.nodes[last as usize].next = id;
        }
        id
    }

    /// The first child of node `id` that is not dropped, or `NONE`. The node after an element
    /// is its child when it starts before the element ends (anything after the element starts
    /// at or past its end); call it on closed elements only, whose end is known.
    pub(crate) fn first_child(&self, id: u32) -> u32 {
        let (i, next) = (id as usize, id as usize + 1);
        let parent = &self.nodes[i];
        if !matches!(parent.kind, Kind::Element | Kind::Root)
            || next >= self.nodes.len()
            || self.nodes[next].start >= parent.end
        {
            return NONE;
        }
        let mut c = next as u32;
        while c != NONE && self.nodes[c as usize].kind == Kind::Dropped {
            c = self.nodes[c as usize].next;
        }
        c
    }

    /// Applies the layout rule to `parent`'s children once the element is closed.
    pub(crate) fn drop_layout_text(&mut self, parent: u32) {
        let mut has_element = false;
        let mut blank = false;
        let mut c = self.first_child(parent);
        while c != NONE {
            let n = &self.nodes[c as usize];
            has_element |= n.kind == Kind::Element;
            blank |= n.kind == Kind::Text && is_layout(self.str(n.value()));
            c = n.next;
        }
        if !(has_element && blank) {
            return;
        }
        let mut prev = NONE;
        let mut c = self.first_child(parent);
        while c != NONE {
            let next = self.nodes[c as usize].next;
            let n = &self.nodes[c as usize];
            if n.kind == Kind::Text && is_layout(self.str(n.value())) {
                if prev == NONE {
                    // Never the newest node: an element child follows it.
                    self.nodes[c as usize].kind = Kind::Dropped;
                } else {
                    self.nodes[prev as usize].next = next;
                    // The common case, indentation before the closing tag, is the newest node:
                    // give its slot back.
                    if c as usize == self.nodes.len() - 1 {
                        self.nodes.pop();
                    }
                }
            } else {
                prev = c;
            }
            c = next;
        }
    }

    /// The document element.
    pub fn root_element(&self) -> Node<'_> {
        let mut c = self.first_child(0);
        while c != NONE && self.nodes[c as usize].kind != Kind::Element {
            c = self.nodes[c as usize].next;
        }
        Node { tree: self, id: c }
    }

    /// Every comment of the document in document order, with the element that follows it among
    /// its siblings (the element an annotation such as `secgov-ignore` is about). The tree keeps
    /// no comments: they are found in the gaps between the ranges of sibling elements, where
    /// only text, CDATA sections, processing instructions and comments can be.
    pub(crate) fn comments(&self) -> Vec<Comment<'_>> {
        let mut out = Vec::new();
        let root = self.root_element();
        if root.id == NONE {
            return out;
        }
        let gap = |range: Range<usize>, next, out: &mut Vec<_>| {
            for m in self.markup_between(range) {
                if self.text[m.clone()].starts_with("<!--") {
                    let body = self.text.get(m.start + 4..m.end - 3).unwrap_or("");
                    out.push(Comment {
                        range: m,
                        body,
                        next,
                    });
                }
            }
        };
        gap(0..root.range().start, Some(root), &mut out);
        let mut stack = vec![root];
        while let Some(element) = stack.pop() {
            let content = element.content_range();
            let mut from = content.start;
            for child in element.children().filter(Node::is_element) {
                gap(from..child.range().start, Some(child), &mut out);
                from = child.range().end;
                stack.push(child);
            }
            gap(from..content.end, None, &mut out);
        }
        gap(root.range().end..self.text.len(), None, &mut out);
        // Gaps are visited parent before child; callers (suppressions) expect document order.
        out.sort_by_key(|c| c.range.start);
        out
    }

    /// The comments and processing instructions (the XML declaration is one) in `gap`, a stretch
    /// of the text outside every element's tags: the markup the tree does not keep. CDATA
    /// sections there are text, and are skipped.
    pub(crate) fn markup_between(&self, gap: Range<usize>) -> Vec<Range<usize>> {
        let b = &self.text.as_bytes()[..gap.end];
        let mut out = Vec::new();
        let mut i = gap.start;
        while let Some(j) = memchr::memchr(b'<', &b[i..]) {
            let lt = i + j;
            i = match super::markup::literal(b, lt) {
                super::markup::Literal::Skip(end) => {
                    if !b[lt..].starts_with(b"<![CDATA[") {
                        out.push(lt..end);
                    }
                    end
                }
                // Nothing else starts with `<` outside the tags of a parsed document.
                _ => lt + 1,
            };
        }
        out
    }

    /// Number of nodes (elements and text), for memory accounting in tests.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Bytes the tree holds on the heap (its vectors' capacity), for `SECGOV_TIMINGS`.
    pub(crate) fn heap_size(&self) -> usize {
        self.nodes.capacity() * std::mem::size_of::<NodeData>()
            + self.attrs.capacity() * std::mem::size_of::<AttrData>()
            + self.decoded.capacity()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1
    }
}

/// One item of an element's content: see [`Node::content`].
#[derive(Debug, Clone)]
pub(crate) enum Content<'a> {
    /// An element or text.
    Node(Node<'a>),
    /// A comment or processing instruction, as a range of the text.
    Markup(Range<usize>),
}

impl Content<'_> {
    fn start(&self) -> usize {
        match self {
            Content::Node(n) => n.range().start,
            Content::Markup(r) => r.start,
        }
    }
}

/// A comment (`<!-- ... -->`) of the document: see [`Tree::comments`].
#[derive(Debug, Clone)]
pub(crate) struct Comment<'a> {
    /// `<!--` to `-->`.
    pub range: Range<usize>,
    /// What is between `<!--` and `-->`.
    pub body: &'a str,
    /// The next element among its siblings, if any.
    pub next: Option<Node<'a>>,
}

/// Only XML white space: indentation and line breaks.
pub(crate) fn is_layout(s: &str) -> bool {
    s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// An element or text node of a [`Tree`].
#[derive(Clone, Copy)]
pub struct Node<'a> {
    tree: &'a Tree<'a>,
    id: u32,
}

impl std::fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.d().kind {
            Kind::Root => write!(f, "Root"),
            Kind::Element => write!(f, "Element({})", self.name()),
            Kind::Text => write!(f, "Text({:?})", self.text().unwrap_or("")),
            Kind::Dropped => write!(f, "Dropped"),
        }
    }
}

impl PartialEq for Node<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.tree, other.tree) && self.id == other.id
    }
}

impl<'a> Node<'a> {
    fn d(&self) -> &'a NodeData {
        &self.tree.nodes[self.id as usize]
    }

    pub fn is_element(&self) -> bool {
        self.d().kind == Kind::Element
    }

    pub fn is_text(&self) -> bool {
        self.d().kind == Kind::Text
    }

    /// The element's local name (without a namespace prefix); empty for text.
    pub fn name(&self) -> &'a str {
        let d = self.d();
        if d.kind != Kind::Element {
            return "";
        }
        // One pass over the start tag for both ends of the local name: the readers ask for it
        // for every element they look at, and the generic split and search for the prefix's
        // `:` cost more than the few bytes of the name (a tenth of reading a backup).
        let start = d.start as usize + 1;
        let tag = self
            .tree
            .text
            .as_bytes()
            .get(start..d.a1 as usize)
            .unwrap_or(&[]);
        let mut local = 0;
        let mut end = tag.len();
        for (i, &c) in tag.iter().enumerate() {
            match c {
                b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>' => {
                    end = i;
                    break;
                }
                b':' => local = i + 1,
                _ => {}
            }
        }
        // Both ends sit next to ASCII bytes, so they are character boundaries.
        self.tree.text.get(start + local..start + end).unwrap_or("")
    }

    /// Where the qualified name (`prefix:name`) sits in the start tag: up to the first white
    /// space, `/` or `>`, none of which a name can hold (both builders checked the name). Found
    /// when asked rather than stored, to keep a node at 24 bytes; a name is a few bytes long.
    pub(crate) fn name_range(&self) -> Range<usize> {
        let d = self.d();
        match d.kind {
            Kind::Element => {
                let start = d.start as usize + 1;
                let tag = &self.tree.text.as_bytes()[start..d.a1 as usize];
                let len = tag
                    .iter()
                    .position(|&c| matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>'))
                    .unwrap_or(tag.len());
                start..start + len
            }
            _ => d.start as usize..d.start as usize,
        }
    }

    /// The start tag, `<p:name a="b">` or the whole `<name a="b"/>`; the raw text for text.
    pub fn start_tag_range(&self) -> Range<usize> {
        let d = self.d();
        match d.kind {
            Kind::Element => d.start as usize..d.a1 as usize,
            _ => self.range(),
        }
    }

    /// Between the start tag and the end tag: children, text, and the comments, CDATA sections
    /// and processing instructions the tree does not keep. Empty (at the end) for `<name/>`.
    pub(crate) fn content_range(&self) -> Range<usize> {
        let d = self.d();
        let (start, end) = (d.a1 as usize, d.end as usize);
        if d.kind != Kind::Element || start == end {
            return end..end;
        }
        // The end tag `</p:name >` holds no `<`: its start is the last `</`.
        let end_tag = self.tree.text[start..end]
            .rfind("</")
            .map_or(end, |i| start + i);
        start..end_tag
    }

    /// The whole element, start tag to end tag, or the raw text.
    pub fn range(&self) -> Range<usize> {
        let d = self.d();
        d.start as usize..d.end as usize
    }

    /// A text node's text, with references decoded and line breaks normalized.
    pub fn text(&self) -> Option<&'a str> {
        match self.d().kind {
            Kind::Text => Some(self.tree.str(self.d().value())),
            _ => None,
        }
    }

    /// The children (elements and the text the tree keeps) with the comments and processing
    /// instructions between them, in document order: what a writer copying the element needs.
    pub(crate) fn content(&self) -> Vec<Content<'a>> {
        let mut out: Vec<Content<'a>> = Vec::new();
        let range = self.content_range();
        let mut from = range.start;
        for child in self.children() {
            if child.is_element() {
                let markup = self.tree.markup_between(from..child.range().start);
                out.extend(markup.into_iter().map(Content::Markup));
                from = child.range().end;
            }
            out.push(Content::Node(child));
        }
        let markup = self.tree.markup_between(from..range.end);
        out.extend(markup.into_iter().map(Content::Markup));
        // Text kept beside markup in one gap was pushed before that gap's markup.
        out.sort_by_key(Content::start);
        out
    }

    pub fn children(&self) -> Children<'a> {
        Children {
            tree: self.tree,
            next: self.tree.first_child(self.id),
        }
    }

    pub fn attributes(&self) -> impl Iterator<Item = Attribute<'a>> + use<'a> {
        let d = self.d();
        let tree = self.tree;
        let attrs = match d.kind {
            Kind::Element => d.a2 as usize..d.a2 as usize + usize::from(d.attr_count),
            _ => 0..0,
        };
        tree.attrs[attrs]
            .iter()
            .map(move |data| Attribute { tree, data })
    }

    /// The value of the attribute `name` that has no namespace prefix.
    pub fn attribute(&self, name: &str) -> Option<&'a str> {
        self.attributes()
            .find(|a| a.namespace().is_none() && a.name() == name)
            .map(|a| a.value())
    }
}

pub struct Children<'a> {
    tree: &'a Tree<'a>,
    next: u32,
}

impl<'a> Iterator for Children<'a> {
    type Item = Node<'a>;

    fn next(&mut self) -> Option<Node<'a>> {
        if self.next == NONE {
            return None;
        }
        let node = Node {
            tree: self.tree,
            id: self.next,
        };
        self.next = self.tree.nodes[self.next as usize].next;
        Some(node)
    }
}

/// An attribute of an element (namespace declarations are not attributes).
#[derive(Clone, Copy)]
pub struct Attribute<'a> {
    tree: &'a Tree<'a>,
    data: &'a AttrData,
}

impl<'a> Attribute<'a> {
    pub fn name(&self) -> &'a str {
        self.tree.str(self.data.name)
    }

    /// The namespace URI its prefix stands for; `None` without a prefix.
    pub fn namespace(&self) -> Option<&'a str> {
        self.data.namespace.map(|s| self.tree.str(s))
    }

    /// The value with references decoded and white space normalized as XML requires.
    pub fn value(&self) -> &'a str {
        self.tree.str(self.data.value)
    }

    /// `name="value"`, quotes included.
    pub fn range(&self) -> Range<usize> {
        self.data.start as usize..self.data.end as usize
    }

    pub(crate) fn range_qname(&self) -> Range<usize> {
        self.data.start as usize..self.data.qname_end as usize
    }

    /// The raw value between the quotes (empty at the closing quote for an empty value).
    pub(crate) fn range_value(&self) -> Range<usize> {
        self.data.value_start as usize..self.data.end as usize - 1
    }
}

/// Every node and attribute with its ranges and values, one per line: what the two builders must
/// agree on.
pub(crate) fn dump(tree: &Tree<'_>) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let mut stack = vec![(tree.root_element(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        let _ = write!(
            out,
            "{:indent$}{node:?} {:?}",
            "",
            node.range(),
            indent = depth * 2
        );
        if node.is_element() {
            let _ = write!(
                out,
                " name at {:?} start tag {:?} content {:?}",
                node.name_range(),
                node.start_tag_range(),
                node.content_range()
            );
            for a in node.attributes() {
                let _ = write!(
                    out,
                    " [{:?} {:?}={:?} at {:?} {:?} {:?}]",
                    a.namespace(),
                    a.name(),
                    a.value(),
                    a.range(),
                    a.range_qname(),
                    a.range_value()
                );
            }
        }
        out.push('\n');
        let children: Vec<_> = node.children().collect();
        stack.extend(children.into_iter().rev().map(|c| (c, depth + 1)));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::source::{Encoding, SourceFile};

    /// Both builders: the scanner takes the first text, CDATA sends the second to roxmltree.
    const TEXTS: [&str; 2] = [
        "<?xml version=\"1.0\"?>\n<!-- a --><r x='>'>\n  <!-- b -->\n  <e/>\n  <f y=\"1\">t</f><!-- c -->\n</r>\n<!-- d -->",
        "<?xml version=\"1.0\"?>\n<!-- a --><r x='>'>\n  <!-- b -->\n  <e/>\n  <f y=\"1\"><![CDATA[t]]></f><!-- c -->\n</r>\n<!-- d -->",
    ];

    /// The first child is the next node; dropped layout text in front of the first element
    /// child keeps its slot and is stepped over, in both builders.
    #[test]
    fn children_step_over_dropped_layout_text() {
        let texts = [
            "<r>\n  <!-- a -->\n  <e/>\n  <f>t</f>\n</r>",
            "<r>\n  <?p?>\n  <e/>\n  <f><![CDATA[t]]></f>\n</r>",
        ];
        for text in texts {
            let file = SourceFile::new("t.xml", text.into(), Encoding::Utf8);
            let tree = crate::xml::read(0, &file, &mut Vec::new()).unwrap();
            let r = tree.root_element();
            let names: Vec<_> = r.children().map(|c| format!("{c:?}")).collect();
            assert_eq!(names, ["Element(e)", "Element(f)"], "{text}");
            let f = r.children().nth(1).unwrap();
            assert_eq!(f.children().next().and_then(|t| t.text()), Some("t"));
            assert_eq!(r.children().next().unwrap().children().count(), 0);
        }
    }

    #[test]
    fn element_names_drop_the_prefix_and_stop_at_the_tag_end() {
        let text = "<x:r xmlns:x=\"u\" xmlns:y=\"v\"><y:Name a=\"1\">t</y:Name><e/><f\n/><é:g xmlns:é=\"w\">é</é:g><Tab\tb=\"2\"/></x:r>";
        let file = SourceFile::new("t.xml", text.into(), Encoding::Utf8);
        let tree = crate::xml::read(0, &file, &mut Vec::new()).unwrap();
        let r = tree.root_element();
        assert_eq!(r.name(), "r");
        let names: Vec<_> = r.children().map(|c| c.name()).collect();
        assert_eq!(names, ["Name", "e", "f", "g", "Tab"]);
        let text = r
            .children()
            .next()
            .and_then(|n| n.children().next())
            .unwrap();
        assert_eq!(text.name(), "");
    }

    #[test]
    fn comments_are_found_between_elements_with_the_element_they_precede() {
        for text in TEXTS {
            let file = SourceFile::new("t.xml", text.into(), Encoding::Utf8);
            let tree = crate::xml::read(0, &file, &mut Vec::new()).unwrap();
            let found: Vec<_> = tree
                .comments()
                .iter()
                .map(|c| (c.body, c.next.map(|n| n.name())))
                .collect();
            assert_eq!(
                found,
                [
                    (" a ", Some("r")),
                    (" b ", Some("e")),
                    (" c ", None),
                    (" d ", None)
                ],
                "{text}"
            );
            let r = tree.root_element();
            assert_eq!(&text[r.start_tag_range()], "<r x='>'>");
            let e = r.children().next().unwrap();
            assert_eq!(&text[e.start_tag_range()], "<e/>");
            assert!(e.content_range().is_empty());
            let kinds: Vec<_> = r
                .content()
                .iter()
                .map(|c| match c {
                    super::Content::Node(n) => n.name().to_owned(),
                    super::Content::Markup(m) => text[m.clone()].to_owned(),
                })
                .collect();
            assert_eq!(kinds, ["<!-- b -->", "e", "f", "<!-- c -->"]);
        }
    }
}
