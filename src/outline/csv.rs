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
            None => header = Some(Header::read(file_id, &cells, options, builder.diags)),
            Some(h) => {
                if cells.iter().all(|c| c.value.trim().is_empty()) {
                    continue;
                }
                let row = h.row(file_id, &cells, builder.diags);
                builder.row(row);
            }
        }
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
}

impl Header {
    fn read(
        file: FileId,
        cells: &[Spanned<String>],
        options: &OutlineOptions,
        diags: &mut Vec<Diagnostic>,
    ) -> Header {
        let mut columns = Vec::new();
        let mut seen: HashMap<Field, Span> = HashMap::new();
        for cell in cells {
            let field = Field::parse(&cell.value).filter(|f| {
                !matches!(
                    f,
                    Field::Name | Field::Grant | Field::EntryPoint | Field::Version
                )
            });
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
        Header { columns }
    }

    fn row(&self, file: FileId, cells: &[Spanned<String>], diags: &mut Vec<Diagnostic>) -> Row {
        let span = match (cells.first(), cells.last()) {
            (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
            _ => Span::empty_at(0),
        };
        let mut row = Row {
            span,
            ..Row::default()
        };
        for (i, cell) in cells.iter().enumerate() {
            let Some(field) = self.columns.get(i).copied() else {
                if !cell.value.trim().is_empty() {
                    diags.push(
                        Diagnostic::error(
                            codes::UNKNOWN_COLUMN,
                            "this row has more cells than the header has columns",
                        )
                        .at(file, cell.span)
                        .with_label("cell without a column")
                        .with_help("add a header for the column, or remove the value"),
                    );
                }
                continue;
            };
            let Some(field) = field else { continue };
            let value = cell.clone();
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
                Field::Version | Field::Name | Field::Grant | Field::EntryPoint => {}
            }
        }
        row.level_cells.sort_by_key(|(n, _)| *n);
        row
    }
}
