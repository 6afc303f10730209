//! Byte spans into decoded source text, and values that remember where they came from.
//!
//! Spans are byte offsets into the *decoded* UTF-8 text of a file (see `source.rs`), so the same
//! element has the same span whether the file on disk was UTF-8 or UTF-16.

use serde::Serialize;
use std::ops::Range;

/// Index of a file in [`crate::model::Model::files`].
pub type FileId = usize;

/// A half-open byte range `start..end` in a file's decoded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub(crate) fn empty_at(offset: usize) -> Self {
        Span {
            start: offset,
            end: offset,
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span {
            start: r.start,
            end: r.end,
        }
    }
}

/// A value together with the span of the source text it was read from. Serializes as the bare
/// value, so JSON output reads naturally.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

impl Spanned<String> {
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The platform compares names case-insensitively; this is the key to compare with.
    pub fn key(&self) -> String {
        name_key(&self.value)
    }
}

/// Case-insensitive comparison key for a D365 name, keeping no trace of the original spelling.
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// `parts` joined by `/`, each lowercased as [`str::to_lowercase`] does, in one allocation:
/// composite keys are built for every entry point of a large backup, often more than once.
pub fn joined_key(parts: &[&str]) -> String {
    let mut key = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for (n, part) in parts.iter().enumerate() {
        if n > 0 {
            key.push('/');
        }
        if part.is_ascii() {
            key.extend(part.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            // Not char by char: `to_lowercase` maps a final sigma by its context.
            key.push_str(&part.to_lowercase());
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_keys_ignore_case_and_padding() {
        assert_eq!(
            name_key(" VendTableMaintain"),
            name_key("vendtablemaintain")
        );
        assert_ne!(name_key("VendTable"), name_key("VendTables"));
    }

    #[test]
    fn joined_keys_lowercase_each_part_as_to_lowercase_does() {
        assert_eq!(
            joined_key(&["MenuItemDisplay", "CustTable", ""]),
            "menuitemdisplay/custtable/"
        );
        let word = "ΟΔΟΣ Straße";
        assert_eq!(
            joined_key(&[word, "İ"]),
            format!("{}/{}", word.to_lowercase(), "İ".to_lowercase())
        );
    }
}
