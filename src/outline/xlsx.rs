//! Excel workbooks (`.xlsx`, `.xlsm`) as outlines: one worksheet (the first, or `--sheet NAME`)
//! is laid out as CSV text, every cell quoted, and read by the CSV reader, so a workbook and its
//! CSV export give the same findings. The text remembers where each cell starts, so findings
//! name the cell as Excel does (`Sheet1!B7`) instead of a line and column of the made-up text.

use super::codes;
use crate::diag::Diagnostic;
use crate::source::{Encoding, SheetCells, SourceFile};
use crate::span::FileId;
use calamine::{Data, Reader, Xlsx};

/// Whether the bytes are a zip archive, the container of every `.xlsx`.
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The worksheet as a source file whose text is CSV, or the finding that says why it cannot be
/// read (the file then has no text).
pub(crate) fn read(
    file_id: FileId,
    path: &str,
    bytes: &[u8],
    sheet: Option<&str>,
) -> (SourceFile, Option<Diagnostic>) {
    let empty = || SourceFile::new(path, String::new(), Encoding::Utf8);
    let fail = |message: String, help: &str| {
        (
            empty(),
            Some(
                Diagnostic::error(codes::OUTLINE_SYNTAX, message)
                    .in_file(file_id)
                    .with_help(help.to_owned()),
            ),
        )
    };
    let mut book: Xlsx<_> = match Xlsx::new(std::io::Cursor::new(bytes)) {
        Ok(b) => b,
        Err(e) => {
            return fail(
                format!("the workbook cannot be read: {e}"),
                "open it in Excel and save it again as an Excel Workbook (.xlsx), or save the sheet as CSV UTF-8 (Comma delimited)",
            );
        }
    };
    let names = book.sheet_names();
    let name = match sheet {
        Some(wanted) => match names.iter().find(|n| n.eq_ignore_ascii_case(wanted)) {
            Some(n) => n.clone(),
            None => {
                return fail(
                    format!("the workbook has no sheet `{wanted}`"),
                    &format!("its sheets are: {}", names.join(", ")),
                );
            }
        },
        None => match names.first() {
            Some(n) => n.clone(),
            None => {
                return fail(
                    "the workbook has no sheets".into(),
                    "add a sheet with the outline",
                );
            }
        },
    };
    let range = match book.worksheet_range(&name) {
        Ok(r) => r,
        Err(e) => {
            return fail(
                format!("the sheet `{name}` cannot be read: {e}"),
                "open it in Excel and save it again, or save the sheet as CSV UTF-8 (Comma delimited)",
            );
        }
    };
    let mut text = String::new();
    let mut cells = Vec::new();
    if let Some((first_row, first_col)) = range.start() {
        for (i, row) in range.rows().enumerate() {
            for (j, cell) in row.iter().enumerate() {
                if j > 0 {
                    text.push(',');
                }
                text.push('"');
                cells.push((text.len(), first_row + i as u32, first_col + j as u32));
                text.push_str(&value(cell).replace('"', "\"\""));
                text.push('"');
            }
            text.push('\n');
        }
    }
    let mut file = SourceFile::new(path, text, Encoding::Utf8);
    file.sheet = Some(SheetCells { name, cells });
    (file, None)
}

/// A cell's value as its text: numbers without a needless `.0` (a version `1` typed in Excel is
/// stored as the float 1.0), booleans as Excel shows them.
fn value(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Bool(true) => "TRUE".into(),
        Data::Bool(false) => "FALSE".into(),
        other => other.to_string(),
    }
}
