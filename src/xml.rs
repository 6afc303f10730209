//! Decoded text to the readers' [`Tree`], with DTDs refused and nesting depth bounded.
//!
//! [`read`] tries the fast scanner first (`scan.rs`); what it leaves alone goes through roxmltree,
//! whose errors become the diagnostics below and whose document is converted (`convert.rs`).
//! roxmltree builds its tree without recursion; our lowering does recurse, so the depth is checked
//! here, iteratively, before any reader walks the tree.

#[cfg(test)]
mod agreement;
mod convert;
pub mod escape;
mod limits;
mod markup;
mod references;
mod scan;
mod tree;

pub use limits::{MAX_ATTRIBUTES, MAX_NAMESPACES};
pub(crate) use markup::root_name;
pub(crate) use tree::Content;
pub use tree::{Attribute, Children, Node, Tree};

use crate::diag::{Diagnostic, codes};
use crate::source::SourceFile;
use crate::span::{FileId, Span};
use roxmltree::{Document, Error, ParsingOptions};

/// Deepest element nesting accepted. Real security files nest a handful of levels (process
/// hierarchies rarely pass ten); the bound keeps recursive lowering far from the stack limit.
pub const MAX_DEPTH: usize = 256;

/// The tree of `file.text` for the readers, or `None` with a diagnostic pushed when the text is
/// not usable XML.
pub fn read<'a>(
    file_id: FileId,
    file: &'a SourceFile,
    out: &mut Vec<Diagnostic>,
) -> Option<Tree<'a>> {
    if let Some(tree) = crate::timing::phase("parse: scan", || scan::scan(&file.text)) {
        crate::timing::note("tree nodes", tree.len());
        crate::timing::note("tree bytes", tree.heap_size());
        return Some(tree);
    }
    let doc = crate::timing::phase("parse: roxmltree", || parse(file_id, file, out))?;
    if file.text.len() > Tree::MAX_LEN {
        out.push(
            Diagnostic::error(
                codes::LIMIT_EXCEEDED,
                "the file is larger than 2 GiB, the most secgov can read",
            )
            .at(file_id, Span::empty_at(0))
            .with_help("split the file, for example one security category per backup"),
        );
        return None;
    }
    match convert::convert(&file.text, &doc) {
        Ok(tree) => Some(tree),
        Err(at) => {
            out.push(
                Diagnostic::error(codes::LIMIT_EXCEEDED, format!("an element has more than {} attributes", u16::MAX))
                    .at(file_id, Span::new(at, next_char(&file.text, at)))
                    .with_label("this element")
                    .with_help("security elements have at most a few attributes; the file is damaged or was not written by Dynamics 365 tooling"),
            );
            None
        }
    }
}

/// Checks the fast scanner against roxmltree on `text`: `Ok(true)` when the scanner built a tree
/// and roxmltree built the same one, `Ok(false)` when the scanner left the text to roxmltree, and
/// `Err` with both trees when they disagree or the scanner accepted XML that roxmltree rejects.
/// For the property tests and the `tree` fuzz target.
#[doc(hidden)]
pub fn fast_path_agrees(text: &str) -> Result<bool, String> {
    let Some(fast) = scan::scan(text) else {
        return Ok(false);
    };
    let file = SourceFile::new("t.xml", text.to_owned(), crate::source::Encoding::Utf8);
    let mut diags = Vec::new();
    let Some(doc) = parse(0, &file, &mut diags) else {
        return Err(format!(
            "scanner accepted what roxmltree rejects: {:?}",
            diags.first().map(|d| &d.message)
        ));
    };
    let slow = convert::convert(text, &doc).map_err(|at| format!("too many attributes at {at}"))?;
    let (a, b) = (tree::dump(&fast), tree::dump(&slow));
    if a == b {
        Ok(true)
    } else {
        Err(format!("scanner:\n{a}\nroxmltree:\n{b}"))
    }
}

/// Parses `file.text` with roxmltree, pushing a diagnostic and returning `None` when the text is not usable XML.
fn parse<'a>(
    file_id: FileId,
    file: &'a SourceFile,
    out: &mut Vec<Diagnostic>,
) -> Option<Document<'a>> {
    let text = file.text.as_str();
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: u32::MAX,
        entity_resolver: None,
    };
    match limits::exceeded(text) {
        Some(limits::Exceeded::Namespaces(at)) => {
            out.push(
                Diagnostic::error(
                    codes::LIMIT_EXCEEDED,
                    format!("more than {MAX_NAMESPACES} namespace declarations are in scope at once"),
                )
                .at(file_id, Span::new(at, at + 5))
                .with_label(format!("declaration {} in scope", MAX_NAMESPACES + 1))
                .with_help("security files declare two or three namespaces; the file is damaged or was not written by Dynamics 365 tooling"),
            );
            return None;
        }
        Some(limits::Exceeded::Attributes(at)) => {
            out.push(
                Diagnostic::error(
                    codes::LIMIT_EXCEEDED,
                    format!("an element has more than {MAX_ATTRIBUTES} attributes"),
                )
                .at(file_id, Span::new(at, next_char(text, at)))
                .with_label(format!("attribute {}", MAX_ATTRIBUTES + 1))
                .with_help("security elements have at most a few attributes; the file is damaged or was not written by Dynamics 365 tooling"),
            );
            return None;
        }
        None => {}
    }
    if let Some((start, end)) = references::invalid_reference(text) {
        out.push(
            Diagnostic::error(
                codes::XML_NOT_WELL_FORMED,
                format!("the character reference `{}` names no character", &text[start..end]),
            )
            .at(file_id, Span::new(start, end))
            .with_label("not a character")
            .with_help("a reference must name a Unicode character (U+1 to U+10FFFF, not a surrogate D800 to DFFF); write the intended character itself, or remove the reference"),
        );
        return None;
    }
    let doc = match Document::parse_with_options(text, options) {
        Ok(doc) => doc,
        Err(e) => {
            out.push(parse_error(file_id, file, &e));
            return None;
        }
    };
    if let Some(offset) = too_deep(&doc) {
        out.push(
            Diagnostic::error(
                codes::LIMIT_EXCEEDED,
                format!("elements are nested more than {MAX_DEPTH} levels deep"),
            )
            .at(file_id, Span::new(offset, offset))
            .with_label(format!("level {} starts here", MAX_DEPTH + 1))
            .with_help("no security file nests this deep; the file is damaged or was not written by Dynamics 365 tooling"),
        );
        return None;
    }
    Some(doc)
}

fn too_deep(doc: &Document<'_>) -> Option<usize> {
    // Depth per node id, filled in document order (a parent always comes before its children).
    let mut depth = vec![0u32; doc.descendants().count() + 1];
    for n in doc.descendants() {
        let d = n.parent().map_or(0, |p| depth[p.id().get_usize()]) + u32::from(n.is_element());
        depth[n.id().get_usize()] = d;
        if d as usize > MAX_DEPTH {
            return Some(n.range().start);
        }
    }
    None
}

fn parse_error(file_id: FileId, file: &SourceFile, e: &Error) -> Diagnostic {
    let text = &file.text;
    let at = |pos: roxmltree::TextPos| char_at(file, pos);
    match e {
        Error::DtdDetected => {
            let o = text.find("<!DOCTYPE").unwrap_or(0);
            let span = Span::new(
                o,
                text[o..]
                    .find('>')
                    .map_or(text.len(), |i| o + i + 1)
                    .min(o + 9),
            );
            Diagnostic::error(codes::DTD_NOT_ALLOWED, "DTDs are not allowed in security XML")
                .at(file_id, span)
                .with_label("DOCTYPE declaration")
                .with_help("remove the <!DOCTYPE ...> declaration; security files never use one, and entities in it are never expanded")
        }
        Error::UnexpectedCloseTag(expected, actual, pos) => {
            mismatched_close_tag(file_id, text, expected, actual, at(*pos).start)
        }
        Error::InvalidChar(_, c, pos) | Error::InvalidChar2(_, c, pos)
            if text[..at(*pos).start].ends_with(['"', '\'']) =>
        {
            unbalanced_quote(file_id, text, at(*pos), *c)
        }
        Error::NodesLimitReached
        | Error::AttributesLimitReached
        | Error::NamespacesLimitReached => Diagnostic::error(
            codes::LIMIT_EXCEEDED,
            format!("the file is too large to read: {e}"),
        )
        .at(file_id, Span::empty_at(0))
        .with_help("split the file, for example one security category per backup"),
        _ => {
            let (message, span, label, help) = malformed(file, e);
            Diagnostic::error(codes::XML_NOT_WELL_FORMED, message)
                .at(file_id, span)
                .with_label(label)
                .with_help(help)
        }
    }
}

/// The character at roxmltree's position, as a span.
fn char_at(file: &SourceFile, pos: roxmltree::TextPos) -> Span {
    let o = file.offset_of(pos.row as usize, pos.col as usize);
    Span::new(o, next_char(&file.text, o))
}

/// A closing tag that does not match the open element, with the open tag as related location.
fn mismatched_close_tag(
    file_id: FileId,
    text: &str,
    expected: &str,
    actual: &str,
    start: usize,
) -> Diagnostic {
    let span = Span::new(
        start,
        text[start..]
            .find('>')
            .map_or(text.len(), |i| start + i + 1),
    );
    let d = Diagnostic::error(
        codes::XML_NOT_WELL_FORMED,
        format!("closing tag </{actual}> does not match the open element <{expected}>"),
    )
    .at(file_id, span)
    .with_label("mismatched closing tag")
    .with_help(format!("close <{expected}> with </{expected}> before closing <{actual}>, or add the missing opening tag"));
    match open_tag_before(text, expected, span.start) {
        Some(open) => d.with_related(
            file_id,
            open,
            format!("<{expected}> opened here is not closed"),
        ),
        None => d,
    }
}

/// For the errors that are plain malformed XML: what is wrong, where, the label there and the fix.
fn malformed(file: &SourceFile, e: &Error) -> (String, Span, &'static str, String) {
    let text = &file.text;
    // The last character of the file (not an empty span past it, which has no line to show on).
    let last = text.trim_end().char_indices().last().map_or(0, |(i, _)| i);
    let end = Span::new(last, next_char(text, last));
    let at = |pos: roxmltree::TextPos| char_at(file, pos);
    match e {
        Error::UnexpectedEndOfStream | Error::UnclosedRootNode => (
            "the file ends before the root element is closed".into(),
            end,
            "the file ends here",
            "the file is truncated: download or export it again, or add the missing closing tags".into(),
        ),
        Error::NoRootNode => (
            "the file contains no XML element".into(),
            end,
            "no root element",
            "the file is empty or holds only a declaration or comments; check that you picked the exported XML file".into(),
        ),
        Error::MalformedEntityReference(pos) | Error::UnknownEntityReference(_, pos) => (
            "an `&` that does not start a valid character reference".into(),
            at(*pos),
            "stray `&`",
            "write a literal ampersand as &amp; (for example `Procure &amp; pay`)".into(),
        ),
        Error::InvalidAttributeValue(pos) => (
            "an attribute value contains an unescaped `<`".into(),
            at(*pos),
            "unescaped `<`",
            "write `<` inside attribute values as &lt;".into(),
        ),
        Error::DuplicatedAttribute(name, pos) => (
            format!("the attribute `{name}` appears twice on one element"),
            at(*pos),
            "duplicate attribute",
            "keep one of the two attributes".into(),
        ),
        Error::InvalidChar(..) | Error::InvalidChar2(..) | Error::InvalidString(..) | Error::InvalidName(..) | Error::UnknownToken(..) => (
            format!("malformed markup: {}", strip_position(&e.to_string())),
            at(e.pos()),
            "malformed here",
            "check the quoting of attribute values and the spelling of the tag at this position; every attribute value needs matching quotes".into(),
        ),
        Error::InvalidComment(pos) => {
            let start = at(*pos).start;
            let hyphens = text[start..]
                .get(4..)
                .and_then(|body| body.find("--"))
                .map_or(at(*pos), |i| Span::new(start + 4 + i, start + 6 + i));
            (
                "a comment contains `--`, which XML does not allow inside comments".into(),
                hyphens,
                "double hyphen inside a comment",
                "remove the double hyphen or put a space between the hyphens; a comment ends only at `-->`".into(),
            )
        }
        Error::UnexpectedDeclaration(pos) => (
            "an XML declaration `<?xml ...?>` that is not at the very start of the file".into(),
            at(*pos),
            "misplaced declaration",
            "remove anything before `<?xml`, or this second declaration if two files were joined".into(),
        ),
        Error::UnknownNamespace(prefix, pos) => (
            format!("the namespace prefix `{prefix}:` is used but never declared"),
            at(*pos),
            "undeclared prefix",
            format!("declare it on the root element with xmlns:{prefix}=\"...\", or remove the prefix"),
        ),
        Error::NonXmlChar(c, pos) => (
            format!("the character {c:?} is not allowed in XML"),
            at(*pos),
            "not allowed in XML",
            "remove the character; control characters cannot appear in XML text".into(),
        ),
        Error::EntityReferenceLoop(pos) => (
            "entity references nest too deeply".into(),
            at(*pos),
            "entity loop",
            "remove the entity declarations; security XML does not use them".into(),
        ),
        _ => (
            format!("the file is not well-formed XML: {}", strip_position(&e.to_string())),
            at(e.pos()),
            "here",
            "fix the markup at this position; an XML editor shows the same problem".into(),
        ),
    }
}

/// The start tag `<name` nearest before `before`, for pointing at an element left open.
fn open_tag_before(text: &str, name: &str, before: usize) -> Option<Span> {
    let open = format!("<{name}");
    let mut end = before;
    while let Some(i) = text[..end].rfind(&open) {
        let next = text[i + open.len()..].chars().next();
        if next.is_some_and(|c| c == '>' || c == '/' || c.is_whitespace()) {
            let close = text[i..].find('>').map_or(i + open.len(), |j| i + j + 1);
            return Some(Span::new(i, close.min(before)));
        }
        end = i;
    }
    None
}

/// Markup right after a closing quote, as in `Type="A SchemaVersion="1"`: a quote is missing
/// earlier, so the attribute value swallowed what follows. Points at both places.
fn unbalanced_quote(file_id: FileId, text: &str, span: Span, found: u8) -> Diagnostic {
    let quote_at = span.start - 1;
    let quote = &text[quote_at..span.start];
    // The value runs from the opening quote after the last `=` before this closing quote.
    let value_start = text[..quote_at].rfind(['\n', '<']).and_then(|line| {
        text[line..quote_at]
            .find(&format!("={quote}"))
            .map(|i| line + i + 1)
    });
    let mut d = Diagnostic::error(
        codes::XML_NOT_WELL_FORMED,
        format!(
            "unexpected `{}` after an attribute value: a quote is missing or misplaced",
            char::from(found)
        ),
    )
    .at(file_id, span)
    .with_label("expected a space, `>` or `/>` here")
    .with_help("give every attribute value an opening and a closing quote, for example Type=\"UserSecurityGovernance\" SchemaVersion=\"1\"");
    if let Some(start) = value_start {
        d = d.with_related(
            file_id,
            Span::new(start, quote_at + 1),
            "read as one attribute value",
        );
    }
    d
}

fn next_char(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(at, |c| at + c.len_utf8())
}

fn strip_position(message: &str) -> &str {
    message.rsplit_once(" at ").map_or(message, |(m, _)| m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Encoding;

    fn diag(text: &str) -> Diagnostic {
        let f = SourceFile::new("x", text.into(), Encoding::Utf8);
        let mut out = Vec::new();
        assert!(parse(0, &f, &mut out).is_none());
        out.remove(0)
    }

    #[test]
    fn doctype_is_refused_at_the_declaration() {
        let d = diag("<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>");
        assert_eq!(d.code, codes::DTD_NOT_ALLOWED);
        assert_eq!(d.span.unwrap().start, 22);
    }

    #[test]
    fn deep_nesting_is_a_diagnostic_not_a_stack_overflow() {
        let text = "<a>".repeat(100_000) + &"</a>".repeat(100_000);
        let d = diag(&text);
        assert_eq!(d.code, codes::LIMIT_EXCEEDED);
        assert_eq!(d.span.unwrap().start, 3 * MAX_DEPTH);
    }

    #[test]
    fn missing_quote_names_the_swallowed_value() {
        let d = diag("<a x='1 y='2'/>");
        assert_eq!(d.span.unwrap().start, 11);
        assert_eq!(d.related[0].span, Span::new(5, 11));
        assert!(d.message.contains("quote"), "{}", d.message);
    }

    #[test]
    fn mismatched_close_points_at_the_open_element() {
        let d = diag("<a>\n  <b x=\"1\">\n</a>");
        assert_eq!(d.span.unwrap(), Span::new(16, 20));
        assert_eq!(d.related[0].span, Span::new(6, 15));
    }

    #[test]
    fn double_hyphen_in_a_comment_is_pointed_at() {
        let d = diag("<!-- a -- b --><a/>");
        assert_eq!(d.span.unwrap(), Span::new(7, 9));
    }

    #[test]
    fn truncated_file_points_at_the_end() {
        let d = diag("<a><b>");
        assert_eq!(d.code, codes::XML_NOT_WELL_FORMED);
        assert_eq!(d.span.unwrap(), Span::new(5, 6));
    }
}
