//! CSV outlines as Excel exports them: UTF-8 with or without a byte order mark, comma,
//! semicolon or tab separated (guessed from the header row, or given by Excel's `sep=;` line),
//! quoted fields. The first row names the columns; each further row is one entry point or one
//! task (see docs/generate.md).

use super::fields::{self, CSV_COLUMNS, Field};
use super::rows::{Builder, Row};
use super::{OutlineOptions, codes};
use crate::diag::Diagnostic;
use crate::model::Category;
use crate::source::SourceFile;
use crate::span::{FileId, Span, Spanned};
use std::collections::HashMap;

/// Reads the categories of a CSV outline.
pub(crate) fn read(
    file_id: FileId,
    file: &SourceFile,
    options: &OutlineOptions,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Category> {
    let text = file.text.as_str();
    let (start, delimiter) = delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(&text.as_bytes()[start..]);
    let mut header: Option<Header> = None;
    let mut builder = Builder::new(file_id, options, diags);
    let mut record = csv::StringRecord::new();
    let mut one_cell_rows = Vec::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let at = e
                    .position()
                    .map_or(text.len(), |p| start + p.byte() as usize);
                builder.diags.push(
                    Diagnostic::error(
                        codes::OUTLINE_SYNTAX,
                        format!("the CSV cannot be read: {e}"),
                    )
                    .at(file_id, Span::empty_at(at.min(text.len())))
                    .with_label("here")
                    .with_help("save the sheet again as CSV UTF-8 from Excel"),
                );
                break;
            }
        }
        let at = record
            .position()
            .map_or(text.len(), |p| start + p.byte() as usize);
        let cells = cells(text, at, delimiter, &record);
        match &header {
            None => {
                if let Some(d) = one_cell_header(file_id, text, &cells, file.sheet.is_some()) {
                    builder.diags.push(d);
                    return builder.finish();
                }
                let mut h = Header::read(file_id, delimiter, &cells, options, builder.diags);
                h.sheet = file.sheet.is_some();
                header = Some(h);
            }
            Some(h) => {
                if cells.iter().all(|c| c.value.trim().is_empty()) {
                    continue;
                }
                if let Some(d) = one_cell_row(file_id, text, delimiter, h, &cells) {
                    one_cell_rows.push(d);
                    continue;
                }
                if let Some(row) = h.row(file_id, cells, builder.diags) {
                    builder.row(row);
                }
            }
        }
    }
    // Every row of a file saved with the wrong separator is one cell: the first says what
    // happened, and a count stands for the rest rather than a screenful of the same finding.
    let more = one_cell_rows.len().saturating_sub(1);
    if let Some(mut first) = one_cell_rows.into_iter().next() {
        if more > 0 {
            first.message = format!(
                "{} ({more} more row{} like it)",
                first.message,
                if more == 1 { "" } else { "s" }
            );
        }
        builder.diags.push(first);
    }
    if header.is_none() {
        builder.diags.push(
            Diagnostic::error(codes::MISSING_COLUMN, "the CSV outline is empty")
                .at(file_id, Span::empty_at(0))
                .with_label("no header row")
                .with_help("start with a header row such as Category,Process,Task,Duty,ObjectType,ObjectName,Read"),
        );
    }
    builder.finish()
}

/// Skips Excel's `sep=X` line if present and picks the delimiter: the one given there, or the
/// most frequent of `,` `;` and tab in the header row (outside quotes).
pub(crate) fn delimiter(text: &str) -> (usize, u8) {
    let first_line = text.lines().next().unwrap_or("");
    if let Some(sep) = first_line.trim().strip_prefix("sep=") {
        if let [d] = sep.as_bytes() {
            let skip = text.find('\n').map_or(text.len(), |i| i + 1);
            return (skip, *d);
        }
    }
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in first_line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|i| (counts[*i], 3 - i)).unwrap_or(0);
    (0, [b',', b';', b'\t'][best])
}

/// The separators a CSV outline may use, as people name them.
const SEPARATORS: [(u8, &str); 3] = [(b',', "commas"), (b';', "semicolons"), (b'\t', "tabs")];

fn separator_name(d: u8) -> &'static str {
    SEPARATORS
        .iter()
        .find(|(b, _)| *b == d)
        .map_or("the `sep=` character", |(_, n)| n)
}

/// Whether the cell's text sits between quotes in the file.
fn quoted(text: &str, cell: &Spanned<String>) -> bool {
    cell.span.start > 0 && text.as_bytes().get(cell.span.start - 1) == Some(&b'"')
}

/// The separator that splits `value` into at least `at_least` parts, if one does.
fn hidden_separator(value: &str, at_least: usize) -> Option<u8> {
    SEPARATORS
        .iter()
        .map(|(d, _)| *d)
        .filter(|d| value.split(char::from(*d)).count() >= at_least.max(2))
        .max_by_key(|d| value.split(char::from(*d)).count())
}

/// A header row that is one quoted cell holding the column names (each line of the file was
/// put in quotes): nothing of the file can be read as columns, so this is the only finding.
fn one_cell_header(
    file: FileId,
    text: &str,
    cells: &[Spanned<String>],
    sheet: bool,
) -> Option<Diagnostic> {
    let [cell] = cells else { return None };
    let d = hidden_separator(&cell.value, 2)?;
    let parts: Vec<&str> = cell.value.split(char::from(d)).collect();
    if !parts.iter().any(|p| Field::parse(p).is_some()) {
        return None;
    }
    if sheet {
        return Some(
            Diagnostic::error(
                codes::OUTLINE_SYNTAX,
                format!("the header row is one cell holding every column name, separated by {}", separator_name(d)),
            )
            .at(file, cell.span)
            .with_label("one cell holding every column name")
            .with_help("split the column with Data > Text to Columns (choose the separator the cells use), so that each column name and value has its own cell"),
        );
    }
    let how = if quoted(text, cell) {
        "the header row is quoted as one cell"
    } else {
        "the header row is one cell"
    };
    Some(
        Diagnostic::error(
            codes::OUTLINE_SYNTAX,
            format!("{how}, so the outline has no columns: its names are separated by {} inside the quotes", separator_name(d)),
        )
        .at(file, cell.span)
        .with_label("one cell holding every column name")
        .with_help("each whole line of the file is in quotes; remove the quotes at the start and end of every line, or in Excel split the column (Data > Text to Columns) and save as CSV UTF-8 (Comma delimited)"),
    )
}

/// A data row that is one cell while the header has several columns: saved with another
/// separator than the header (`;` header, `,` rows) or quoted as a whole. Reading it anyway
/// would make a category named after the whole line.
fn one_cell_row(
    file: FileId,
    text: &str,
    delimiter: u8,
    header: &Header,
    cells: &[Spanned<String>],
) -> Option<Diagnostic> {
    let columns = header.columns.len();
    let [cell] = cells else { return None };
    if columns < 2 {
        return None;
    }
    // At least half the header's columns: a category-only row whose name holds a `;` or two
    // is a name, not a line.
    let d = hidden_separator(&cell.value, columns.min(3).max(columns / 2))?;
    let (message, help) = if header.sheet {
        (
            "this row is one cell holding the whole line, so all its values land in the first column".to_owned(),
            "split the column with Data > Text to Columns (choose the separator the line uses), so that each value has its own cell".to_owned(),
        )
    } else if quoted(text, cell) && d == delimiter {
        (
            "this row is quoted as one cell, so all its values land in the first column".to_owned(),
            "remove the quotes at the start and end of the line (quote single cells only, where a value holds the separator)".to_owned(),
        )
    } else {
        (
            format!(
                "this row is one cell: its values are separated by {} but the header's by {}",
                separator_name(d),
                separator_name(delimiter)
            ),
            "separate the header and every row the same way: save the sheet again from Excel as CSV UTF-8 (Comma delimited)".to_owned(),
        )
    };
    Some(
        Diagnostic::error(codes::OUTLINE_SYNTAX, message)
            .at(file, cell.span)
            .with_label("the whole row in one cell")
            .with_help(help),
    )
}

/// The cells of one record with their spans in the text (inside the quotes for quoted cells).
fn cells(
    text: &str,
    start: usize,
    delimiter: u8,
    record: &csv::StringRecord,
) -> Vec<Spanned<String>> {
    let bytes = text.as_bytes();
    let mut pos = start;
    let mut out = Vec::with_capacity(record.len());
    for value in record {
        let span = if bytes.get(pos) == Some(&b'"') {
            let mut j = pos + 1;
            loop {
                match bytes.get(j) {
                    Some(b'"') if bytes.get(j + 1) == Some(&b'"') => j += 2,
                    Some(b'"') | None => break,
                    Some(_) => j += 1,
                }
            }
            let span = Span::new(pos + 1, j.min(bytes.len()));
            pos = (j + 1).min(bytes.len());
            // Anything between the closing quote and the delimiter belongs to the cell too.
            while pos < bytes.len()
                && !matches!(bytes[pos], b'\r' | b'\n')
                && bytes[pos] != delimiter
            {
                pos += 1;
            }
            span
        } else {
            let end = bytes[pos..]
                .iter()
                .position(|b| *b == delimiter || matches!(b, b'\r' | b'\n'))
                .map_or(bytes.len(), |i| pos + i);
            let span = Span::new(pos, end);
            pos = end;
            span
        };
        if bytes.get(pos) == Some(&delimiter) {
            pos += 1;
        }
        out.push(Spanned::new(value.to_owned(), span));
    }
    out
}

/// What each column means.
struct Header {
    columns: Vec<Option<Field>>,
    delimiter: u8,
    /// The text was made from an Excel worksheet, where every cell is quoted.
    sheet: bool,
}

impl Header {
    fn read(
        file: FileId,
        delimiter: u8,
        cells: &[Spanned<String>],
        options: &OutlineOptions,
        diags: &mut Vec<Diagnostic>,
    ) -> Header {
        let mut columns = Vec::new();
        let mut seen: HashMap<Field, Span> = HashMap::new();
        for cell in cells {
            let field = Field::parse(&cell.value)
                .filter(|f| !matches!(f, Field::Name | Field::Grant | Field::EntryPoint));
            // A misspelt column is reported once and then read as the column it most likely
            // means, so that its cells do not raise a second round of findings.
            let field = match field {
                None if !cell.value.trim().is_empty() => {
                    diags.push(fields::unknown(file, cell, "column", CSV_COLUMNS));
                    crate::diag::did_you_mean(cell.value.trim(), CSV_COLUMNS.iter().copied())
                        .and_then(Field::parse)
                }
                f => f,
            };
            match field {
                None => {}
                Some(f) => {
                    if let Some(first) = seen.insert(f, cell.span) {
                        diags.push(
                            Diagnostic::error(
                                codes::UNKNOWN_COLUMN,
                                format!("the column `{}` appears twice", cell.value.trim()),
                            )
                            .at(file, cell.span)
                            .with_label("second column of this name")
                            .with_related(file, first, "first one")
                            .with_help("keep one of the two columns"),
                        );
                    }
                }
            }
            columns.push(field);
        }
        let has = |f: Field| columns.contains(&Some(f));
        let levels = columns.iter().any(|c| matches!(c, Some(Field::Level(_))));
        let header_span = match (cells.first(), cells.last()) {
            (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
            _ => Span::empty_at(0),
        };
        if has(Field::Process) && levels {
            diags.push(
                Diagnostic::error(
                    codes::UNKNOWN_COLUMN,
                    "the outline has both a Process column and Level columns",
                )
                .at(file, header_span)
                .with_label("header row")
                .with_help("give the process path either as Process (levels separated by ` > `) or as Level1, Level2, ..., not both"),
            );
        }
        if !has(Field::Process) && !levels {
            diags.push(
                Diagnostic::error(codes::MISSING_COLUMN, "the outline has no Process column")
                    .at(file, header_span)
                    .with_label("header row")
                    .with_help("add a Process column (levels separated by ` > `) or Level1, Level2, ... columns"),
            );
        }
        if !has(Field::Category) && options.default_category.is_none() {
            diags.push(
                Diagnostic::error(codes::MISSING_COLUMN, "the outline has no Category column")
                    .at(file, header_span)
                    .with_label("header row")
                    .with_help("add a Category column naming the security category of each row"),
            );
        }
        Header {
            columns,
            delimiter,
            sheet: false,
        }
    }

    /// The row's cells by column; `None` when the row has more filled cells than the header
    /// has columns, which is reported once as the cause (the shifted cells would otherwise
    /// each raise a finding of their own, all pointing at the wrong thing).
    fn row(
        &self,
        file: FileId,
        cells: Vec<Spanned<String>>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Row> {
        let span = match (cells.first(), cells.last()) {
            (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
            _ => Span::empty_at(0),
        };
        let columns = self.columns.len();
        if cells[columns.min(cells.len())..]
            .iter()
            .any(|c| !c.value.trim().is_empty())
        {
            diags.push(too_many_cells(file, &cells, columns, span, self.delimiter));
            return None;
        }
        let mut row = Row {
            span,
            ..Row::default()
        };
        // The cells are moved into the row, not copied: a 100,000-task outline has a million.
        for (i, value) in cells.into_iter().enumerate() {
            let Some(field) = self.columns.get(i).copied() else {
                continue;
            };
            let Some(field) = field else { continue };
            match field {
                Field::Category => row.category = Some(value),
                Field::Process => {
                    let mut offset = 0;
                    for part in value.value.split(" > ") {
                        let start = value.span.start + offset;
                        let span = if value.span.len() == value.value.len() {
                            Span::new(start, start + part.len())
                        } else {
                            value.span
                        };
                        offset += part.len() + 3;
                        row.levels.push(Spanned::new(part.to_owned(), span));
                    }
                    if value.value.trim().is_empty() {
                        row.levels.clear();
                        row.process_cell = Some(value.span);
                    }
                }
                Field::Level(n) => row.level_cells.push((n, value)),
                Field::Task => row.task = Some(value),
                Field::Duty => row.duty = Some(value),
                Field::Privilege => row.privilege = Some(value),
                Field::Role => row.role = Some(value),
                Field::ObjectType => row.object_type = Some(value),
                Field::ObjectName => row.object_name = Some(value),
                Field::ChildName => row.child_name = Some(value),
                Field::Permission(p) => row.grants.push((p, value)),
                Field::Description => row.description = Some(value),
                Field::Company => row.company = Some(value),
                Field::Version => row.version = Some(value),
                Field::Name | Field::Grant | Field::EntryPoint => {}
            }
        }
        row.level_cells.sort_by_key(|(n, _)| *n);
        Some(row)
    }
}

/// The finding for a row with more cells than the header has columns. Most often a cell's text
/// holds the separator ("Create, change and confirm"): the cell after it then starts with a
/// space, which points at the culprit.
fn too_many_cells(
    file: FileId,
    cells: &[Spanned<String>],
    columns: usize,
    row: Span,
    delimiter: u8,
) -> Diagnostic {
    let culprit = cells
        .windows(2)
        .position(|w| w[1].value.starts_with(' ') && !w[0].value.trim().is_empty());
    let d = Diagnostic::error(
        codes::UNKNOWN_COLUMN,
        format!(
            "this row has {} cells but the header has {columns} columns: a cell holds the separator without quotes",
            cells.len()
        ),
    );
    match culprit {
        Some(i) => d
            .at(file, Span::new(cells[i].span.start, cells[i + 1].span.end))
            .with_label("most likely one cell split in two")
            .with_help(format!(
                "put the cell in quotes (\"{}{}{}\"); Excel does this when it saves as CSV UTF-8. The row's other cells are checked once it reads right",
                cells[i].value,
                char::from(delimiter),
                cells[i + 1].value
            )),
        None => d
            .at(file, row)
            .with_label("more cells than columns")
            .with_help("put any cell holding the separator in quotes, or add a header for the extra column. The row's other cells are checked once it reads right"),
    }
}
