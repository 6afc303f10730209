//! Byte offsets in our text to LSP positions and back. LSP counts columns in UTF-16 code units
//! unless the client agrees otherwise; we always use UTF-16, which every client supports.

use lsp_types::{Position, Range};

/// Where each line of a text starts, for turning many offsets into positions without counting
/// lines from the start of the text each time (publishing thousands of diagnostics was quadratic).
pub struct LineIndex<'t> {
    text: &'t str,
    /// Byte offset of the start of every line; the first is 0.
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The LSP position of a byte offset into the text.
    pub fn position(&self, offset: usize) -> Position {
        let text = self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let line_start = self.starts[line];
        let character: usize = text[line_start..offset].chars().map(char::len_utf16).sum();
        Position {
            line: line as u32,
            character: character as u32,
        }
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range {
            start: self.position(start),
            end: self.position(end),
        }
    }
}

/// The LSP range of a byte range of `text` (one range: build a [`LineIndex`] for many).
pub fn range(text: &str, start: usize, end: usize) -> Range {
    LineIndex::new(text).range(start, end)
}

/// The byte offset of an LSP position; positions past a line's end clamp to it.
pub fn offset(text: &str, pos: Position) -> usize {
    let mut line_start = 0;
    for _ in 0..pos.line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let mut units = 0u32;
    for (i, c) in text[line_start..line_end].char_indices() {
        if units >= pos.character {
            return line_start + i;
        }
        units += c.len_utf16() as u32;
    }
    line_end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn columns_count_utf16_units() {
        let text = "a\n𝄞é<x/>";
        let x = text.find("<x").unwrap();
        assert_eq!(LineIndex::new(text).position(x), at(1, 3));
        assert_eq!(offset(text, at(1, 3)), x);
        assert_eq!(offset(text, at(9, 0)), text.len());
    }

    #[test]
    fn the_index_agrees_with_counting_lines() {
        let text = "ab\r\n\ncd\n\u{e9}f\n";
        let index = LineIndex::new(text);
        for offset in (0..=text.len() + 2).filter(|&o| o >= text.len() || text.is_char_boundary(o))
        {
            let slow_line_start = text[..offset.min(text.len())]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let p = index.position(offset);
            assert_eq!(
                p.line as usize,
                text[..slow_line_start].matches('\n').count()
            );
        }
        assert_eq!(index.position(text.len()), at(4, 0));
    }
}
