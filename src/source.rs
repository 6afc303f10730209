//! File bytes to text: byte order marks, UTF-16, the `encoding=` declaration, and a line index.
//!
//! Everything downstream works on the decoded UTF-8 text. Line and column numbers are computed on
//! that text in characters, so they match what an editor shows whatever the file's encoding was.

use crate::diag::{Diagnostic, codes};
use crate::span::{FileId, Span};
use serde::Serialize;

/// How the bytes of a file were encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Encoding {
    #[serde(rename = "UTF-8")]
    Utf8,
    #[serde(rename = "UTF-8 with BOM")]
    Utf8Bom,
    #[serde(rename = "UTF-16LE")]
    Utf16Le,
    #[serde(rename = "UTF-16BE")]
    Utf16Be,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
        }
    }

    fn is_utf16(self) -> bool {
        matches!(self, Encoding::Utf16Le | Encoding::Utf16Be)
    }
}

/// A decoded input file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (or found below a folder they gave).
    pub path: String,
    pub text: String,
    pub encoding: Encoding,
    /// Whether lines end in CRLF (judged by the first line break).
    pub crlf: bool,
    line_starts: Vec<usize>,
    /// For text made from a spreadsheet (an `.xlsx` outline): where each cell starts in the
    /// text, so findings can name the cell as Excel does (`Sheet1!B7`).
    pub sheet: Option<SheetCells>,
    /// Whether each line is ASCII, so that its columns are byte offsets: keeps `line_col` O(1)
    /// for the usual file, where a hostile one-line file with many findings would otherwise cost
    /// a count of the line's characters per finding.
    ascii_lines: Vec<bool>,
    /// For a text that is not all ASCII, the number of characters that start before each multiple
    /// of [`CHAR_BLOCK`] bytes: a column on a long non-ASCII line then costs a binary search and
    /// at most one block of counting, not a count from the start of the line.
    char_marks: Vec<usize>,
}

/// Bytes between two entries of [`SourceFile`]'s character marks.
const CHAR_BLOCK: usize = 512;

/// Whether `b` starts a character (is not a UTF-8 continuation byte).
fn starts_char(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// The cells of a worksheet as laid out in a [`SourceFile`]'s text.
#[derive(Debug, Clone, Default)]
pub struct SheetCells {
    pub name: String,
    /// (offset of the cell's text, 0-based row, 0-based column), sorted by offset.
    pub cells: Vec<(usize, u32, u32)>,
}

impl SheetCells {
    /// The cell holding `offset`, as Excel names it: `Sheet1!B7`.
    pub(crate) fn name_at(&self, offset: usize) -> Option<String> {
        let i = self.cells.partition_point(|(start, _, _)| *start <= offset);
        let (_, row, col) = self.cells.get(i.checked_sub(1)?)?;
        Some(format!("{}!{}{}", self.name, column_letters(*col), row + 1))
    }
}

/// Excel's column letters for a 0-based column: A..Z, AA..
pub(crate) fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        out.push(b'A' + r);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A 1-based line and column (in characters), as an editor shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: String, encoding: Encoding) -> Self {
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        let crlf = text
            .find('\n')
            .is_some_and(|i| i > 0 && text.as_bytes()[i - 1] == b'\r');
        let ascii_lines = line_starts
            .iter()
            .zip(line_starts.iter().skip(1).chain([&text.len()]))
            .map(|(&a, &b): (&usize, &usize)| text.as_bytes()[a..b].is_ascii())
            .collect();
        let mut char_marks = Vec::new();
        if !text.is_ascii() {
            let mut count = 0;
            char_marks.push(0);
            for block in text.as_bytes().chunks(CHAR_BLOCK) {
                count += block.iter().filter(|&&b| starts_char(b)).count();
                char_marks.push(count);
            }
        }
        SourceFile {
            sheet: None,
            path: path.into(),
            text,
            encoding,
            crlf,
            line_starts,
            ascii_lines,
            char_marks,
        }
    }

    /// Line and column of a byte offset into the decoded text.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        if self.ascii_lines[line] {
            return LineCol {
                line: line + 1,
                column: offset - start + 1,
            };
        }
        // An offset inside a character counts as that character's column.
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        LineCol {
            line: line + 1,
            column: self.chars_before(end) - self.chars_before(start) + 1,
        }
    }

    /// Number of characters that start before byte `offset` (clamped to the text).
    fn chars_before(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if self.char_marks.is_empty() {
            return offset;
        }
        let block = offset / CHAR_BLOCK;
        let counted = self.text.as_bytes()[block * CHAR_BLOCK..offset]
            .iter()
            .filter(|&&b| starts_char(b))
            .count();
        self.char_marks[block] + counted
    }

    /// Byte offset of a 1-based line and character column; clamps to the text. A column past the
    /// end of its line runs on into the following lines, as counting characters would.
    pub(crate) fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let column = column.saturating_sub(1);
        if self.char_marks.is_empty() {
            return start.saturating_add(column).min(self.text.len());
        }
        let Some(target) = self.chars_before(start).checked_add(column) else {
            return self.text.len();
        };
        // The last block boundary with no more than `target` characters before it: the
        // character sought starts within the block that follows.
        let block = self.char_marks.partition_point(|&m| m <= target) - 1;
        let from = (block * CHAR_BLOCK).max(start).min(self.text.len());
        let mut count = self.chars_before(from);
        for (i, &b) in self.text.as_bytes()[from..].iter().enumerate() {
            if starts_char(b) {
                if count == target {
                    return from + i;
                }
                count += 1;
            }
        }
        self.text.len()
    }

    /// Byte range of the line holding `offset`, without its line break.
    pub(crate) fn line_range(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next - 1);
        (self.line_starts[line], end)
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

/// The result of decoding: the text (with replacement characters where bytes were invalid) and
/// what was wrong. `fatal` is set when the text must not be parsed further.
pub struct Decoded {
    pub file: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
    pub fatal: bool,
}

/// Decodes the bytes of one file.
pub fn decode(file_id: FileId, path: &str, bytes: &[u8]) -> Decoded {
    decode_owned(file_id, path, bytes.to_vec())
}

/// [`decode`] taking the bytes by value: UTF-8 (the usual case) becomes the text without a copy,
/// so a large file is held once rather than twice while it is read.
pub(crate) fn decode_owned(file_id: FileId, path: &str, mut bytes: Vec<u8>) -> Decoded {
    // A zip archive (an Excel workbook, a Visual Studio package): said in one line, without a
    // snippet of its compressed bytes.
    if bytes.starts_with(b"PK\x03\x04") {
        return Decoded {
            file: SourceFile::new(path, String::new(), Encoding::Utf8),
            diagnostics: vec![
                Diagnostic::error(
                    codes::UNDECODABLE,
                    "the file is a zip archive (such as an Excel .xlsx workbook), not a text file",
                )
                .in_file(file_id)
                .with_help("give the XML file itself; an outline kept in an .xlsx workbook is read by `secgov generate` (see docs/generate.md)"),
            ],
            fatal: true,
        };
    }
    let mut diagnostics = Vec::new();
    let ascii = bytes.is_ascii();
    let (encoding, text, bad_at, bad_what) = match bytes.as_slice() {
        [0xEF, 0xBB, 0xBF, ..] => {
            bytes.drain(..3);
            utf8(Encoding::Utf8Bom, bytes)
        }
        [0xFF, 0xFE, rest @ ..] => utf16(Encoding::Utf16Le, rest),
        [0xFE, 0xFF, rest @ ..] => utf16(Encoding::Utf16Be, rest),
        // UTF-16 without a byte order mark, recognised by `<?` as the XML spec suggests.
        [0x3C, 0x00, 0x3F, 0x00, ..] => utf16(Encoding::Utf16Le, &bytes),
        [0x00, 0x3C, 0x00, 0x3F, ..] => utf16(Encoding::Utf16Be, &bytes),
        _ => utf8(Encoding::Utf8, bytes),
    };
    let file = SourceFile::new(path, text, encoding);
    let mut fatal = false;
    if let Some(at) = bad_at {
        fatal = true;
        let help = if encoding.is_utf16() {
            "the file is cut off or was damaged; export it again from Dynamics 365, or re-save it as UTF-8"
        } else {
            "save the file as UTF-8 (or UTF-16 with a byte order mark); if it is not an XML export, check the path"
        };
        diagnostics.push(
            Diagnostic::error(
                codes::UNDECODABLE,
                format!(
                    "the file is not valid {} text: {bad_what}",
                    encoding.label()
                ),
            )
            .at(file_id, Span::new(at, next_char_end(&file.text, at)))
            .with_label(bad_what)
            .with_help(help),
        );
    } else if let Some(at) = file.text.find('\0') {
        fatal = true;
        diagnostics.push(
            Diagnostic::error(
                codes::UNDECODABLE,
                "the file contains a NUL character, which XML does not allow",
            )
            .at(file_id, Span::new(at, at + 1))
            .with_label("NUL character here")
            .with_help("the file is binary or damaged; export it again, and make sure it is XML"),
        );
    }
    if !fatal {
        diagnostics.extend(check_declared_encoding(file_id, &file, ascii));
    }
    Decoded {
        file,
        diagnostics,
        fatal,
    }
}

fn next_char_end(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(at, |c| at + c.len_utf8())
}

type DecodeResult = (Encoding, String, Option<usize>, &'static str);

fn utf8(encoding: Encoding, bytes: Vec<u8>) -> DecodeResult {
    match String::from_utf8(bytes) {
        Ok(s) => (encoding, s, None, ""),
        Err(e) => {
            // The lossy text is byte-identical up to `valid_up_to`, so the offset carries over.
            let at = e.utf8_error().valid_up_to();
            let what = if e.utf8_error().error_len().is_none() {
                "the file ends in the middle of a character"
            } else {
                "invalid byte sequence"
            };
            (
                encoding,
                String::from_utf8_lossy(e.as_bytes()).into_owned(),
                Some(at),
                what,
            )
        }
    }
}

fn utf16(encoding: Encoding, bytes: &[u8]) -> DecodeResult {
    let units = bytes.chunks_exact(2).map(|p| match encoding {
        Encoding::Utf16Be => u16::from_be_bytes([p[0], p[1]]),
        _ => u16::from_le_bytes([p[0], p[1]]),
    });
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut bad = None;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => text.push(c),
            Err(_) => {
                bad.get_or_insert((text.len(), "unpaired UTF-16 surrogate"));
                text.push(char::REPLACEMENT_CHARACTER);
            }
        }
    }
    if bytes.len() % 2 == 1 && bad.is_none() {
        bad = Some((
            text.len(),
            "the file ends in the middle of a UTF-16 character",
        ));
        text.push(char::REPLACEMENT_CHARACTER);
    }
    (encoding, text, bad.map(|b| b.0), bad.map_or("", |b| b.1))
}

/// Compares the XML declaration's `encoding=` with the encoding the bytes are in.
/// `ascii`: whether the file's bytes (byte order mark included) are all ASCII.
fn check_declared_encoding(file_id: FileId, file: &SourceFile, ascii: bool) -> Option<Diagnostic> {
    let text = &file.text;
    if !text.starts_with("<?xml") {
        return None;
    }
    let decl_end = text.find("?>")?;
    let decl = &text[..decl_end];
    let attr = decl.find("encoding")?;
    let after = decl[attr + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let value_start = decl.len() - after.len() + 1;
    let value_len = after[1..].find(quote)?;
    let declared = &decl[value_start..value_start + value_len];
    let span = Span::new(value_start, value_start + value_len);
    let lower = declared.to_ascii_lowercase();
    let consistent = match lower.as_str() {
        "utf-8" | "utf8" => !file.encoding.is_utf16(),
        "utf-16" | "utf-16le" | "utf-16be" | "unicode" => file.encoding.is_utf16(),
        // ASCII-compatible single-byte encodings read the same as UTF-8 while the file is ASCII.
        "us-ascii" | "ascii" | "iso-8859-1" | "latin1" | "windows-1252" | "cp1252" => {
            !file.encoding.is_utf16() && ascii
        }
        _ => false,
    };
    if consistent {
        return None;
    }
    let actual = file.encoding.label();
    Some(
        Diagnostic::warning(
            codes::ENCODING_MISMATCH,
            format!("the XML declaration says encoding=\"{declared}\" but the file is {actual}"),
        )
        .at(file_id, span)
        .with_label(format!("the bytes are {actual}"))
        .with_help(format!(
            "secgov read the file as {actual}; change the declaration to encoding=\"{}\" so that Dynamics 365 and other tools read it the same way",
            if file.encoding.is_utf16() { "utf-16" } else { "utf-8" }
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line index against counting characters from the start, on a text with multi-byte
    /// characters on either side of many block boundaries.
    #[test]
    fn line_index_agrees_with_counting_characters() {
        let text: String = (0..3000)
            .map(|i| match i % 7 {
                0 => "é".to_owned(),
                1 => "\n".to_owned(),
                2 => "𝄞".to_owned(),
                _ => "ab".repeat(i % 5),
            })
            .collect();
        let file = SourceFile::new("t.xml", text.clone(), Encoding::Utf8);
        for (offset, _) in text.char_indices() {
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let column = text[line_start..offset].chars().count() + 1;
            assert_eq!(
                file.line_col(offset),
                LineCol { line, column },
                "at {offset}"
            );
            assert_eq!(file.offset_of(line, column), offset, "at {line}:{column}");
        }
        assert_eq!(file.offset_of(1, usize::MAX), text.len());
        assert_eq!(file.offset_of(99_999, 1), text.len());
    }

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { vec![] };
        out.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        out
    }

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let f = SourceFile::new("x", "ab\r\nçé<x/>".into(), Encoding::Utf8);
        let at = f.text.find("<x").unwrap();
        assert_eq!(f.line_col(at), LineCol { line: 2, column: 3 });
        assert_eq!(f.offset_of(2, 3), at);
        assert!(f.crlf);
    }

    #[test]
    fn utf16_with_and_without_bom_decodes_to_the_same_text() {
        let xml = "<?xml version=\"1.0\" encoding=\"utf-16\"?><a>é</a>";
        let a = decode(0, "a", &utf16le(xml, true));
        let b = decode(0, "b", &utf16le(xml, false));
        assert_eq!(a.file.text, xml);
        assert_eq!(b.file.text, xml);
        assert!(a.diagnostics.is_empty() && b.diagnostics.is_empty());
    }

    #[test]
    fn invalid_utf8_is_reported_at_its_position() {
        let d = decode(0, "x", b"<a>\n  ok\xFF</a>");
        assert!(d.fatal);
        assert_eq!(d.diagnostics[0].code, codes::UNDECODABLE);
        assert_eq!(
            d.file.line_col(d.diagnostics[0].span.unwrap().start),
            LineCol { line: 2, column: 5 }
        );
    }

    #[test]
    fn unpaired_surrogate_is_reported() {
        let mut bytes = utf16le("<a>", true);
        bytes.extend([0x00, 0xD8]);
        bytes.extend(utf16le("</a>", false));
        let d = decode(0, "x", &bytes);
        assert!(d.fatal);
        assert!(d.diagnostics[0].message.contains("surrogate"));
    }

    #[test]
    fn declaration_disagreeing_with_bytes_is_a_warning() {
        let d = decode(0, "x", b"<?xml version=\"1.0\" encoding=\"utf-16\"?><a/>");
        assert!(!d.fatal);
        assert_eq!(d.diagnostics[0].code, codes::ENCODING_MISMATCH);
        assert_eq!(d.file.slice(d.diagnostics[0].span.unwrap()), "utf-16");
    }

    #[test]
    fn nul_byte_is_fatal() {
        let d = decode(0, "x", b"<a>\0</a>");
        assert!(d.fatal);
        assert_eq!(d.diagnostics[0].span, Some(Span::new(3, 4)));
    }
}
