//! Excel workbooks (`.xlsx`, `.xlsm`) as outlines: one worksheet (the first, or `--sheet NAME`)
//! is laid out as CSV text, every cell quoted, and read by the CSV reader, so a workbook and its
//! CSV export give the same findings. The text remembers where each cell starts, so findings
//! name the cell as Excel does (`Sheet1!B7`) instead of a line and column of the made-up text.

use super::codes;
use crate::diag::{Diagnostic, codes as read_codes};
use crate::source::{Encoding, SheetCells, SourceFile};
use crate::span::FileId;
use calamine::{Data, Reader, Xlsx};
use std::io::Read as _;

/// Columns an outline may use: every documented column plus Level1..Level100 fits.
const MAX_COLUMNS: u32 = 256;
/// Filled cells read from one sheet.
const MAX_CELLS: usize = 4_000_000;

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
    max_unpacked: u64,
) -> (SourceFile, Option<Diagnostic>) {
    let empty = || SourceFile::new(path, String::new(), Encoding::Utf8);
    let fail_with = |code: &'static str, message: String, help: String| {
        (
            empty(),
            Some(
                Diagnostic::error(code, message)
                    .in_file(file_id)
                    .with_help(help),
            ),
        )
    };
    let fail =
        |message: String, help: &str| fail_with(codes::OUTLINE_SYNTAX, message, help.to_owned());
    // A sheet or workbook past a limit that bounds the work.
    let too_big =
        |message: String, help: String| fail_with(read_codes::LIMIT_EXCEEDED, message, help);
    if unpacks_past(bytes, max_unpacked) {
        return too_big(
            format!(
                "the workbook ({} bytes) unpacks to more than {} MiB, the --max-size limit",
                bytes.len(),
                max_unpacked >> 20
            ),
            "an outline workbook unpacks to a few megabytes; if this one is genuine, raise the limit with --max-size MIB, or save the sheet as CSV UTF-8 (Comma delimited)".to_owned(),
        );
    }
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
    // Cells are streamed, not read as one rectangle: a sheet with a cell in A1 and another in
    // XFD1048576 would otherwise ask for seventeen billion cells. What is kept is capped.
    let mut reader = match book.worksheet_cells_reader(&name) {
        Ok(r) => r,
        Err(e) => {
            return fail(
                format!("the sheet `{name}` cannot be read: {e}"),
                "open it in Excel and save it again, or save the sheet as CSV UTF-8 (Comma delimited)",
            );
        }
    };
    let mut found: Vec<(u32, u32, String)> = Vec::new();
    loop {
        let cell = match reader.next_cell() {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => {
                return fail(
                    format!("the sheet `{name}` cannot be read: {e}"),
                    "open it in Excel and save it again, or save the sheet as CSV UTF-8 (Comma delimited)",
                );
            }
        };
        let (row, col) = cell.get_position();
        let text = value(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        if col >= MAX_COLUMNS || found.len() >= MAX_CELLS {
            return too_big(
                format!(
                    "the sheet `{name}` has a filled cell at {}{} or more than {MAX_CELLS} filled cells, more than an outline uses",
                    crate::source::column_letters(col),
                    row + 1
                ),
                format!(
                    "keep the outline in the first {MAX_COLUMNS} columns and clear cells far outside it (Excel: select the unused columns and rows, Delete), or pick the right sheet with --sheet"
                ),
            );
        }
        found.push((row, col, text));
    }
    drop(reader);
    found.sort_by_key(|(r, c, _)| (*r, *c));
    let first_col = found.iter().map(|(_, c, _)| *c).min().unwrap_or(0);
    // Every row as wide as the sheet, as Excel's CSV export writes it: a row with only its
    // first cell filled is then a row of empty cells, not one cell.
    let last_col = found.iter().map(|(_, c, _)| *c).max().unwrap_or(0);
    let width = (last_col - first_col) as usize + 1;
    let mut rows = found.iter().map(|(r, _, _)| *r).collect::<Vec<_>>();
    rows.dedup();
    // Padding multiplies: many rows of one column and one far cell would lay out rows x width
    // cells, so the laid-out size is capped too.
    if rows.len().saturating_mul(width) > MAX_CELLS {
        return too_big(
            format!(
                "the sheet `{name}` spans {} rows and {width} columns, more than {MAX_CELLS} cells",
                rows.len()
            ),
            "clear cells far outside the outline (Excel: select the unused columns and rows, Delete), or pick the right sheet with --sheet".to_owned(),
        );
    }
    let mut text = String::new();
    let mut cells = Vec::new();
    let mut i = 0;
    while i < found.len() {
        let row = found[i].0;
        let mut col = first_col;
        while i < found.len() && found[i].0 == row {
            // Empty cells up to the next filled one, so every column lands where the header says.
            while col <= found[i].1 {
                if col > first_col {
                    text.push(',');
                }
                text.push('"');
                cells.push((text.len(), row, col));
                if col == found[i].1 {
                    text.push_str(&found[i].2.replace('"', "\"\""));
                }
                text.push('"');
                col += 1;
            }
            i += 1;
        }
        while col <= last_col {
            text.push_str(",\"");
            cells.push((text.len(), row, col));
            text.push('"');
            col += 1;
        }
        text.push('\n');
    }
    let mut file = SourceFile::new(path, text, Encoding::Utf8);
    file.sheet = Some(SheetCells { name, cells });
    (file, None)
}

/// A cell's value as its text: numbers without a needless `.0` (a version `1` typed in Excel is
/// stored as the float 1.0), booleans as Excel shows them.
/// Whether the parts of a workbook unpack to more than `max` bytes in all (a zip bomb: kilobytes
/// that inflate to gigabytes, which the workbook reader would hold in memory). Each part is inflated into a sink, never kept, and only up to one
/// byte past what is left of `max`: the sizes the archive declares are not trusted, as the zip
/// crate does not stop inflating at them. An archive the zip crate cannot open is left to the
/// workbook reader, which says what is wrong with it.
fn unpacks_past(bytes: &[u8], max: u64) -> bool {
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return false;
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(mut part) = archive.by_index(i) else {
            continue;
        };
        let left = max.saturating_sub(total);
        let read =
            std::io::copy(&mut (&mut part).take(left + 1), &mut std::io::sink()).unwrap_or(0);
        total += read;
        if total > max {
            return true;
        }
    }
    false
}

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
