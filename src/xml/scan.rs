//! The fast path from text to [`Tree`]: one pass over the bytes for the XML that Dynamics 365
//! tooling writes (an XML declaration, comments, elements and attributes with declared prefixes, text with
//! the predefined and numeric references).
//!
//! It is strict by design: anything outside that subset, and anything not well formed, makes it
//! give up (`None`), and the caller parses the text with roxmltree instead, which either reports
//! the problem or builds the same tree through [`super::convert`]. So it may refuse good XML (CDATA,
//! DTDs, processing instructions, non-ASCII names), but
//! must never accept XML that roxmltree rejects; `src/xml/agreement.rs` and the `tree` fuzz target
//! compare the two on arbitrary input.

use super::MAX_DEPTH;
use super::tree::{AttrData, Kind, NONE, NodeData, Str, Tree, is_layout};
use memchr::memchr;

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

/// More attributes than this on one element is left to roxmltree (the duplicate check here is
/// quadratic).
const MAX_ATTRIBUTES: usize = 64;

/// More declarations in scope than this is left to the slow path, which refuses them
/// (`limits.rs`): each prefixed name is looked up by a linear search.
use super::limits::MAX_NAMESPACES;

/// A byte range of the text, as (start, end).
type Range = (usize, usize);

struct Frame {
    id: u32,
    /// The last child so far, and the one before it (so that layout text before a new element
    /// can be unlinked).
    last: u32,
    prev_last: u32,
    qname: (usize, usize),
    namespaces: usize,
    /// Whether an element child was added: only then can layout text need dropping.
    has_element: bool,
}

struct RawAttr {
    start: usize,
    prefix: Option<(usize, usize)>,
    local: (usize, usize),
    value_start: usize,
    end: usize,
}

struct Scanner<'t> {
    b: &'t [u8],
    i: usize,
    tree: Tree<'t>,
    stack: Vec<Frame>,
    /// In-scope prefix declarations: (prefix range, namespace URI).
    namespaces: Vec<((usize, usize), Str)>,
    attrs: Vec<RawAttr>,
}

/// Builds the tree of `text`, or `None` when the text needs the full parser.
pub(crate) fn scan(text: &str) -> Option<Tree<'_>> {
    if text.len() > Tree::MAX_LEN || !plain_characters(text.as_bytes()) {
        return None;
    }
    let capacity = text.len() / 24;
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
        tree: Tree::new(text, capacity),
        stack: Vec::new(),
        namespaces: Vec::new(),
        attrs: Vec::new(),
    };
    s.document()?;
    Some(s.tree)
}

/// No control characters other than tab, CR and LF, and no U+FFFE or U+FFFF: XML forbids them.
fn plain_characters(b: &[u8]) -> bool {
    // Branch-free per chunk so that the common, clean file is checked at memory speed.
    let controls = b.chunks(4096).any(|chunk| {
        chunk.iter().fold(false, |acc, &c| {
            acc | (c < 0x20 && c != b'\t' && c != b'\n' && c != b'\r')
        })
    });
    !controls
        && !memchr::memmem::find_iter(b, &[0xEF, 0xBF])
            .any(|i| b.get(i + 2).is_some_and(|&c| c >= 0xBE))
}

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.')
}

impl<'t> Scanner<'t> {
    fn peek(&self, at: usize) -> Option<u8> {
        self.b.get(self.i + at).copied()
    }

    fn starts(&self, s: &str) -> bool {
        self.b[self.i..].starts_with(s.as_bytes())
    }

    fn skip_ws(&mut self) -> bool {
        let start = self.i;
        while self.i < self.b.len() && is_ws(self.b[self.i]) {
            self.i += 1;
        }
        self.i > start
    }

    fn name(&mut self) -> Option<(usize, usize)> {
        let start = self.i;
        if !is_name_start(self.peek(0)?) {
            return None;
        }
        self.i += 1;
        while self.i < self.b.len() && is_name_char(self.b[self.i]) {
            self.i += 1;
        }
        Some((start, self.i))
    }

    /// `name` or `prefix:name`, as (prefix, local name) ranges; a second colon is refused.
    fn qname(&mut self) -> Option<(Option<Range>, Range)> {
        let first = self.name()?;
        let qname = if self.peek(0) == Some(b':') {
            self.i += 1;
            (Some(first), self.name()?)
        } else {
            (None, first)
        };
        (self.peek(0) != Some(b':')).then_some(qname)
    }

    fn expect(&mut self, s: &str) -> Option<()> {
        self.starts(s).then(|| self.i += s.len())
    }

    fn document(&mut self) -> Option<()> {
        if self.starts("<?xml") {
            self.declaration()?;
        }
        loop {
            self.skip_ws();
            if self.starts("<!--") {
                self.comment()?;
            } else if self.peek(0) == Some(b'<') && self.peek(1).is_some_and(is_name_start) {
                break;
            } else {
                return None;
            }
        }
        self.content()?;
        // After the root element: white space and comments only.
        loop {
            self.skip_ws();
            if self.i == self.b.len() {
                return Some(());
            }
            if !self.starts("<!--") {
                return None;
            }
            self.comment()?;
        }
    }

    /// `<?xml version="1.x" encoding="..." standalone="yes|no"?>`, exactly.
    fn declaration(&mut self) -> Option<()> {
        self.i += 5;
        if !self.skip_ws() {
            return None;
        }
        let version = self.pseudo_attribute("version")?;
        let v = version.strip_prefix(b"1.")?;
        if v.is_empty() || !v.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let mut ws = self.skip_ws();
        if ws && self.starts("encoding") {
            let e = self.pseudo_attribute("encoding")?;
            let ok = e.first().is_some_and(u8::is_ascii_alphabetic)
                && e.iter()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'));
            if !ok {
                return None;
            }
            ws = self.skip_ws();
        }
        if ws && self.starts("standalone") {
            let s = self.pseudo_attribute("standalone")?;
            if s != b"yes" && s != b"no" {
                return None;
            }
            self.skip_ws();
        }
        self.expect("?>")
    }

    fn pseudo_attribute(&mut self, name: &str) -> Option<&'t [u8]> {
        self.expect(name)?;
        self.skip_ws();
        self.expect("=")?;
        self.skip_ws();
        let quote = self.peek(0).filter(|q| matches!(q, b'"' | b'\''))?;
        let start = self.i + 1;
        let len = self.b[start..].iter().position(|&c| c == quote)?;
        self.i = start + len + 1;
        Some(&self.b[start..start + len])
    }

    /// `<!-- ... -->` without `--` inside and not ending in `-`.
    fn comment(&mut self) -> Option<()> {
        let body = self.i + 4;
        let len = find(&self.b[body..], b"-->")?;
        let inner = &self.b[body..body + len];
        if find(inner, b"--").is_some() || inner.last() == Some(&b'-') {
            return None;
        }
        self.i = body + len + 3;
        Some(())
    }

    /// The root element and everything in it.
    fn content(&mut self) -> Option<()> {
        self.start_tag()?;
        while !self.stack.is_empty() {
            let lt = self.i + memchr(b'<', &self.b[self.i..])?;
            if lt > self.i {
                self.text_node(self.i, lt)?;
            }
            self.i = lt;
            match self.peek(1)? {
                b'/' => self.end_tag()?,
                b'!' if self.starts("<!--") => self.comment()?,
                c if is_name_start(c) => self.start_tag()?,
                _ => return None,
            }
        }
        Some(())
    }

    fn start_tag(&mut self) -> Option<()> {
        let start = self.i;
        self.i += 1;
        let (prefix, local) = self.qname()?;
        let first = prefix.unwrap_or(local);
        let qname = (first.0, local.1);
        if self.stack.len() >= MAX_DEPTH {
            return None;
        }
        self.attrs.clear();
        let empty = loop {
            let ws = self.skip_ws();
            match self.peek(0)? {
                b'>' => {
                    self.i += 1;
                    break false;
                }
                b'/' => {
                    self.expect("/>")?;
                    break true;
                }
                _ if !ws || self.attrs.len() >= MAX_ATTRIBUTES => return None,
                _ => self.attribute()?,
            }
        };
        self.unlink_layout_before_element();
        let namespaces = self.namespaces.len();
        let attr_start = self.tree.attrs.len() as u32;
        self.attributes()?;
        if let Some(p) = prefix {
            let p = self.slice(p);
            if !self.namespaces.iter().any(|(q, _)| self.slice(*q) == p) {
                return None;
            }
        }
        let node = NodeData::element(
            start..self.i,
            self.i,
            attr_start..self.tree.attrs.len() as u32,
        );
        let id = self.add(node);
        if let Some(f) = self.stack.last_mut() {
            f.has_element = true;
        }
        if empty {
            self.namespaces.truncate(namespaces);
        } else {
            self.stack.push(Frame {
                id,
                last: NONE,
                prev_last: NONE,
                qname,
                namespaces,
                has_element: false,
            });
        }
        Some(())
    }

    /// Adds a node as the last child of the open element (or as the root element).
    fn add(&mut self, node: NodeData) -> u32 {
        match self.stack.last_mut() {
            Some(f) => {
                let id = self.tree.append(f.id, f.last, node);
                f.prev_last = f.last;
                f.last = id;
                id
            }
            None => self.tree.append(0, NONE, node),
        }
    }

    /// Indentation right before a child element is layout: give its slot back at once.
    fn unlink_layout_before_element(&mut self) {
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        let last = frame.last;
        if last == NONE || last as usize != self.tree.nodes.len() - 1 {
            return;
        }
        let n = &self.tree.nodes[last as usize];
        if n.kind != Kind::Text || !is_layout(self.tree.str(n.value())) {
            return;
        }
        self.tree.nodes.pop();
        frame.last = frame.prev_last;
        if frame.prev_last != NONE {
            self.tree.nodes[frame.prev_last as usize].next = NONE;
        }
    }

    /// One `name="value"` of a start tag, recorded for [`Self::attributes`].
    fn attribute(&mut self) -> Option<()> {
        let start = self.i;
        let (prefix, local) = self.qname()?;
        self.skip_ws();
        self.expect("=")?;
        self.skip_ws();
        let quote = self.peek(0).filter(|q| matches!(q, b'"' | b'\''))?;
        let value_start = self.i + 1;
        let len = memchr(quote, &self.b[value_start..])?;
        if memchr(b'<', &self.b[value_start..value_start + len]).is_some() {
            return None;
        }
        self.i = value_start + len + 1;
        self.attrs.push(RawAttr {
            start,
            prefix,
            local,
            value_start,
            end: self.i,
        });
        Some(())
    }

    fn slice(&self, r: (usize, usize)) -> &'t [u8] {
        &self.b[r.0..r.1]
    }

    /// Namespace declarations of the start tag first (they apply to its own attributes), then
    /// its attributes with prefixes resolved, duplicates refused.
    fn attributes(&mut self) -> Option<()> {
        if self.attrs.is_empty() {
            return Some(());
        }
        let attrs = std::mem::take(&mut self.attrs);
        let mut values = Vec::with_capacity(attrs.len());
        for a in &attrs {
            let value = self.attribute_value(a.value_start, a.end - 1)?;
            values.push(value);
            match (a.prefix.map(|p| self.slice(p)), self.slice(a.local)) {
                (None, b"xmlns") => {
                    let uri = self.tree.str(value);
                    if uri == XML_NS || uri == XMLNS_NS {
                        return None;
                    }
                }
                (Some(b"xmlns"), local) => {
                    let uri = self.tree.str(value);
                    let reserved = local == b"xml" || local == b"xmlns";
                    if reserved || uri.is_empty() || uri == XML_NS || uri == XMLNS_NS {
                        return None;
                    }
                    if self.namespaces.len() >= MAX_NAMESPACES {
                        return None;
                    }
                    self.namespaces.push((a.local, value));
                }
                _ => {}
            }
        }
        let mut resolved: Vec<(Option<Str>, &[u8], &[u8])> = Vec::with_capacity(attrs.len());
        for (a, &value) in attrs.iter().zip(&values) {
            let qname = &self.b[a.start..a.local.1];
            let namespace = match a.prefix.map(|p| self.slice(p)) {
                None if self.slice(a.local) == b"xmlns" => continue,
                Some(b"xmlns") => continue,
                None => None,
                Some(b"xml") => Some(self.tree.decoded(XML_NS)),
                Some(p) => Some(
                    self.namespaces
                        .iter()
                        .rev()
                        .find(|(q, _)| self.slice(*q) == p)?
                        .1,
                ),
            };
            let local = self.slice(a.local);
            let clash = resolved.iter().any(|(ns, l, q)| {
                *q == qname
                    || (*l == local
                        && ns.map(|s| self.tree.str(s)) == namespace.map(|s| self.tree.str(s)))
            });
            if clash {
                return None;
            }
            resolved.push((namespace, local, qname));
            self.tree.attrs.push(AttrData {
                name: Str::borrowed(a.local.0..a.local.1),
                namespace,
                value,
                start: a.start as u32,
                qname_end: a.local.1 as u32,
                value_start: a.value_start as u32,
                end: a.end as u32,
            });
        }
        // Declarations with a prefix are also checked for clashes among themselves.
        let mut prefixes: Vec<&[u8]> = attrs
            .iter()
            .filter(|a| a.prefix.is_some_and(|p| self.slice(p) == b"xmlns"))
            .map(|a| self.slice(a.local))
            .collect();
        let count = prefixes.len();
        prefixes.sort_unstable();
        prefixes.dedup();
        let defaults = attrs
            .iter()
            .filter(|a| a.prefix.is_none() && self.slice(a.local) == b"xmlns")
            .count();
        self.attrs = attrs;
        (prefixes.len() == count && defaults <= 1).then_some(())
    }

    /// An attribute value as XML normalizes it: references replaced, tab, CR and LF made spaces
    /// (CR LF counts once).
    fn attribute_value(&mut self, start: usize, end: usize) -> Option<Str> {
        let raw = &self.b[start..end];
        if !raw
            .iter()
            .any(|&c| matches!(c, b'&' | b'\t' | b'\n' | b'\r'))
        {
            return Some(Str::borrowed(start..end));
        }
        let mut out: Vec<u8> = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            let c = raw[i];
            if c == b'&' {
                i += push_reference(&mut out, &raw[i..])?;
                continue;
            }
            i += 1;
            if c == b'\r' && raw.get(i) == Some(&b'\n') {
                continue;
            }
            out.push(if matches!(c, b'\n' | b'\r' | b'\t') {
                b' '
            } else {
                c
            });
        }
        self.keep(out)
    }

    fn keep(&mut self, bytes: Vec<u8>) -> Option<Str> {
        let s = String::from_utf8(bytes).ok()?;
        Some(self.tree.decoded(&s))
    }

    /// Character data between two pieces of markup, as a text node of the open element.
    fn text_node(&mut self, start: usize, end: usize) -> Option<()> {
        let raw = &self.b[start..end];
        if memchr(b'>', raw).is_some() && find(raw, b"]]>").is_some() {
            return None;
        }
        let value = if raw.iter().any(|&c| c == b'&' || c == b'\r') {
            self.text_value(raw)?
        } else {
            Str::borrowed(start..end)
        };
        self.stack.last()?;
        self.add(NodeData::text(start..end, value));
        Some(())
    }

    /// Text with references replaced and line breaks made LF, byte for byte as roxmltree does it
    /// (a character from a reference, and the byte after it, are kept as they are).
    fn text_value(&mut self, raw: &[u8]) -> Option<Str> {
        let mut out: Vec<u8> = Vec::with_capacity(raw.len());
        let mut as_is = false;
        let mut i = 0;
        while i < raw.len() {
            let c = raw[i];
            if c == b'&' {
                i += push_reference(&mut out, &raw[i..])?;
                as_is = true;
                continue;
            }
            i += 1;
            let at_end = i == raw.len();
            if as_is {
                out.push(c);
                as_is = false;
            } else if out.last() == Some(&b'\r') {
                let last = out.len() - 1;
                out[last] = b'\n';
                if at_end && c == b'\r' {
                    out.push(b'\n');
                } else if c != b'\n' {
                    out.push(c);
                }
            } else if at_end && c == b'\r' {
                out.push(b'\n');
            } else {
                out.push(c);
            }
        }
        self.keep(out)
    }

    fn end_tag(&mut self) -> Option<()> {
        let frame = self.stack.pop()?;
        self.i += 2;
        let (start, end) = frame.qname;
        let len = end - start;
        if self.b.get(self.i..self.i + len)? != &self.b[start..end] {
            return None;
        }
        self.i += len;
        if self.peek(0).is_some_and(is_name_char) || self.peek(0) == Some(b':') {
            return None;
        }
        self.skip_ws();
        self.expect(">")?;
        self.tree.nodes[frame.id as usize].end = self.i as u32;
        if frame.has_element {
            self.tree.drop_layout_text(frame.id);
        }
        self.namespaces.truncate(frame.namespaces);
        Some(())
    }
}

/// Appends the character of the reference at the start of `s` to `out`; gives its length.
fn push_reference(out: &mut Vec<u8>, s: &[u8]) -> Option<usize> {
    let (ch, len) = reference(s)?;
    let mut buf = [0u8; 4];
    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
    Some(len)
}

/// A reference at the start of `s` (`&amp;`, `&#60;`, `&#x3C;`): the character and its length.
fn reference(s: &[u8]) -> Option<(char, usize)> {
    let semi = s.iter().take(12).position(|&c| c == b';')?;
    let body = &s[1..semi];
    let ch = match body {
        b"lt" => '<',
        b"gt" => '>',
        b"amp" => '&',
        b"apos" => '\'',
        b"quot" => '"',
        [b'#', b'x', hex @ ..] if !hex.is_empty() && hex.iter().all(u8::is_ascii_hexdigit) => {
            char::from_u32(u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?)?
        }
        [b'#', dec @ ..] if !dec.is_empty() && dec.iter().all(u8::is_ascii_digit) => {
            char::from_u32(std::str::from_utf8(dec).ok()?.parse().ok()?)?
        }
        _ => return None,
    };
    // Characters XML does not allow, and CR, whose handling differs between text and
    // attributes, are left to the full parser.
    let allowed =
        matches!(ch, '\t' | '\n' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    allowed.then_some((ch, semi + 1))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}
