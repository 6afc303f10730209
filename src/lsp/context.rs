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

/// Local names of the elements open at the end of `before`, outermost first.
///
/// One pass: a tag runs from the last `<` before a `>` to that `>`; an unfinished tag (`<` typed,
/// then more markup) is skipped. (Searching forward for `>` from every `<` was quadratic in a run
/// of `<`.)
pub fn open_elements(before: &str) -> Vec<String> {
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

    #[test]
    fn unfinished_tags_are_skipped() {
        assert_eq!(open_elements("<a><<b x>text><c/><d"), ["a", "b"]);
        assert_eq!(open_elements("<a>x>y<b></b>"), ["a"]);
    }
}
