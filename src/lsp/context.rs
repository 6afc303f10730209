//! What the cursor is on, found by scanning the text before it: the stack of open elements, and
//! whether the cursor is in a tag name, an attribute value or element text. Works on broken,
//! half-typed documents, which is what an editor mostly holds.

/// Where the cursor stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Context {
    /// Typing an element name after `<`: the open elements (outermost first) and the prefix typed.
    TagName {
        open: Vec<String>,
        prefix: String,
    },
    /// Inside an attribute value of an element.
    AttributeValue {
        element: String,
        attribute: String,
    },
    /// In the text of the innermost open element: the element, its ancestors, and the whole text
    /// value around the cursor with its byte range.
    Text {
        open: Vec<String>,
        value: String,
        start: usize,
        end: usize,
    },
    Other,
}

pub fn at(text: &str, offset: usize) -> Context {
    let before = &text[..offset.min(text.len())];
    let open = open_elements(before);
    let last_lt = before.rfind('<');
    let last_gt = before.rfind('>');
    match (last_lt, last_gt) {
        (Some(lt), gt) if gt.is_none_or(|g| g < lt) => {
            let tag = &before[lt + 1..];
            if tag.starts_with('/') || tag.starts_with('!') || tag.starts_with('?') {
                return Context::Other;
            }
            if !tag.contains(char::is_whitespace) {
                return Context::TagName {
                    open,
                    prefix: tag.to_owned(),
                };
            }
            let element = tag
                .split(char::is_whitespace)
                .next()
                .unwrap_or("")
                .to_owned();
            let quotes = tag.matches('"').count();
            if quotes % 2 == 1 {
                let eq = tag.rfind("=\"").unwrap_or(0);
                let attribute = tag[..eq]
                    .rsplit(char::is_whitespace)
                    .next()
                    .unwrap_or("")
                    .to_owned();
                return Context::AttributeValue { element, attribute };
            }
            Context::Other
        }
        _ if !open.is_empty() => {
            let start = last_gt.map_or(0, |g| g + 1);
            let end = text[start..].find('<').map_or(text.len(), |i| start + i);
            Context::Text {
                open,
                value: text[start..end].to_owned(),
                start,
                end,
            }
        }
        _ => Context::Other,
    }
}

/// The element name the cursor is in, in a start tag (`<Name`) or an end tag (`</Name>`),
/// anywhere from before its first character to after its last: the local name and the byte
/// range of the whole name (prefix included). Only the name's own characters are scanned, so a
/// long line costs nothing.
pub(crate) fn tag_name_at(text: &str, offset: usize) -> Option<(&str, usize, usize)> {
    let bytes = text.as_bytes();
    let offset = offset.min(text.len());
    // Bytes past ASCII belong to names: a name may hold any letter.
    let in_name = |b: u8| !(b.is_ascii_whitespace() || b"<>/=\"'!?&".contains(&b));
    let mut start = offset;
    while start > 0 && in_name(bytes[start - 1]) {
        start -= 1;
    }
    let mut end = offset;
    while end < bytes.len() && in_name(bytes[end]) {
        end += 1;
    }
    let before = &text[..start];
    if start == end || !(before.ends_with('<') || before.ends_with("</")) {
        return None;
    }
    Some((local(&text[start..end]), start, end))
}

/// Local names of the elements open at the end of `before`, outermost first.
///
/// One pass: a tag runs from the last `<` before a `>` to that `>`; an unfinished tag (`<` typed,
/// then more markup) is skipped. (Searching forward for `>` from every `<` was quadratic in a run
/// of `<`.)
pub(crate) fn open_elements(before: &str) -> Vec<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut lt: Option<usize> = None;
    for i in memchr::memchr2_iter(b'<', b'>', before.as_bytes()) {
        if before.as_bytes()[i] == b'<' {
            lt = Some(i);
            continue;
        }
        let Some(start) = lt.take() else { continue };
        let tag = &before[start + 1..i];
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        if let Some(close) = tag.strip_prefix('/') {
            let name = local(close.trim());
            if let Some(pos) = stack.iter().rposition(|s| *s == name) {
                stack.truncate(pos);
            }
        } else if !tag.ends_with('/') {
            stack.push(local(tag.split(char::is_whitespace).next().unwrap_or("")).to_owned());
        }
    }
    stack
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tag_name_text_and_attribute_contexts() {
        let text = "<SecurityCategoryBackup Type=\"Us\"><SecurityCategory><Pro";
        assert_eq!(
            at(text, text.len()),
            Context::TagName {
                open: vec!["SecurityCategoryBackup".into(), "SecurityCategory".into()],
                prefix: "Pro".into()
            }
        );
        assert_eq!(
            at(text, 32),
            Context::AttributeValue {
                element: "SecurityCategoryBackup".into(),
                attribute: "Type".into()
            }
        );
        let text = "<Task><Duty>VendInv</Duty><Name/>";
        let Context::Text { open, value, .. } = at(text, 15) else {
            panic!()
        };
        assert_eq!(open, ["Task", "Duty"]);
        assert_eq!(value, "VendInv");
    }

    // Regression (issue 17 item 7): hover on an element name worked only with the cursor after
    // its last character, and never on an end tag.
    #[test]
    fn tag_names_are_found_from_any_position_in_start_and_end_tags() {
        let text = "<a:SecurityCategory x=\"1\">é</a:SecurityCategory>";
        let (start, end) = (1, 19);
        for offset in start..=end {
            assert_eq!(
                tag_name_at(text, offset),
                Some(("SecurityCategory", start, end)),
                "{offset}"
            );
        }
        let close = text.rfind("</").unwrap() + 2;
        for offset in close..=text.len() - 1 {
            assert_eq!(
                tag_name_at(text, offset),
                Some(("SecurityCategory", close, text.len() - 1)),
                "{offset}"
            );
        }
        // Attribute names, values and text are not element names.
        for offset in [20, 23, 26, 28] {
            assert_eq!(tag_name_at(text, offset), None, "{offset}");
        }
        assert_eq!(tag_name_at("<", 1), None);
        assert_eq!(tag_name_at("<?xml", 3), None);
    }

    #[test]
    fn unfinished_tags_are_skipped() {
        assert_eq!(open_elements("<a><<b x>text><c/><d"), ["a", "b"]);
        assert_eq!(open_elements("<a>x>y<b></b>"), ["a"]);
    }
}
