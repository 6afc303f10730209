//! Outlines: the spreadsheet (CSV) or nested (YAML, TOML) description of categories, process
//! hierarchies, tasks and entry points that `secgov generate` turns into a restore file.
//!
//! Every format is read into the model's own [`Category`] type, with spans pointing into the
//! outline, so findings show the outline's row and column and the generator writes from one
//! shape whatever the input was. Column and key reference: docs/generate.md.

mod blank;
mod check;
pub mod codes;
pub(crate) mod csv;
mod fields;
mod nested;
mod rows;
mod toml;
pub mod write;
mod xlsx;
mod yaml;

pub use check::check;
pub(crate) use check::{check_duties, check_target};

use crate::diag::Diagnostic;
use crate::model::Category;
use crate::source::{self, SourceFile};
use crate::span::FileId;

/// The format of an outline file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Yaml,
    Toml,
    /// An Excel workbook, read one worksheet at a time.
    Xlsx,
}

impl Format {
    /// The format a file name's extension names (`.csv` and `.txt` are CSV).
    pub(crate) fn from_path(path: &str) -> Option<Format> {
        let ext = std::path::Path::new(path)
            .extension()?
            .to_str()?
            .to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" | "tsv" => Some(Format::Csv),
            "yaml" | "yml" => Some(Format::Yaml),
            "toml" => Some(Format::Toml),
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            _ => None,
        }
    }

    /// A guess from the content when the extension says nothing.
    fn sniff(text: &str) -> Format {
        let first = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .unwrap_or("");
        if first.starts_with('[') {
            Format::Toml
        } else if first.starts_with("---")
            || first.starts_with("- ")
            || first.ends_with(':')
            || first.contains(": ")
        {
            Format::Yaml
        } else {
            Format::Csv
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
            Format::Xlsx => "Excel",
        }
    }
}

/// Options for reading outlines.
#[derive(Debug, Clone, Default)]
pub struct OutlineOptions {
    /// The category for rows or tables that name none (used with `--from`, where the outline
    /// only replaces the hierarchy of the copied category).
    pub default_category: Option<String>,
    /// The worksheet of an Excel outline (`--sheet`); the first one when `None`.
    pub sheet: Option<String>,
    /// Most bytes an Excel outline may unpack to (`--max-size`); the default limit when `None`.
    pub max_size: Option<u64>,
}

/// One outline file, read.
#[derive(Debug)]
pub struct Outline {
    /// Index of the outline's text in the run's file list.
    pub file: FileId,
    pub format: Format,
    pub categories: Vec<Category>,
}

/// Decodes and reads one outline. Its text is pushed onto `files` (so that findings can show
/// it); findings go to `diags`.
pub fn read(
    path: &str,
    bytes: &[u8],
    files: &mut Vec<SourceFile>,
    options: &OutlineOptions,
    diags: &mut Vec<Diagnostic>,
) -> Outline {
    let id = files.len();
    let by_name = Format::from_path(path);
    if by_name == Some(Format::Xlsx) || xlsx::is_zip(bytes) {
        let max = options.max_size.unwrap_or(crate::input::DEFAULT_MAX_SIZE);
        let (file, problem) = xlsx::read(id, path, bytes, options.sheet.as_deref(), max);
        files.push(file);
        let categories = match problem {
            Some(d) => {
                diags.push(d);
                Vec::new()
            }
            None => csv::read(id, &files[id], options, diags),
        };
        return Outline {
            file: id,
            format: Format::Xlsx,
            categories,
        };
    }
    let decoded = match by_name {
        Some(Format::Csv) | None => windows_1252(id, path, bytes, diags),
        _ => None,
    }
    .unwrap_or_else(|| source::decode(id, path, bytes));
    diags.extend(decoded.diagnostics);
    files.push(decoded.file);
    let file = &files[id];
    let format = Format::from_path(path).unwrap_or_else(|| Format::sniff(&file.text));
    let categories = if decoded.fatal {
        Vec::new()
    } else {
        match format {
            Format::Csv | Format::Xlsx => csv::read(id, file, options, diags),
            Format::Yaml => yaml::parse(id, file, diags)
                .map(|root| nested::lower(id, &root, options, diags))
                .unwrap_or_default(),
            Format::Toml => toml::parse(id, file, diags)
                .map(|root| nested::lower(id, &root, options, diags))
                .unwrap_or_default(),
        }
    };
    Outline {
        file: id,
        format,
        categories,
    }
}

/// Excel's plain "CSV (Comma delimited)" is saved in the Windows code page (1252 in the west),
/// not UTF-8. Bytes that are not UTF-8 (and carry no byte order mark or NUL, which would mean
/// UTF-16 or a binary file) are decoded as Windows-1252 with a note at the first such character,
/// so that `Café` arrives as `Café` and the user learns how to avoid the guess.
fn windows_1252(
    id: FileId,
    path: &str,
    bytes: &[u8],
    diags: &mut Vec<Diagnostic>,
) -> Option<source::Decoded> {
    let bad = std::str::from_utf8(bytes).err()?.valid_up_to();
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || bytes.contains(&0) {
        return None;
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    let text = text.into_owned();
    // The first non-UTF-8 byte's place in the decoded text: every byte before it was ASCII or
    // valid UTF-8, which Windows-1252 decodes to more bytes only for non-ASCII; re-encode the
    // prefix to find it.
    let at = encoding_rs::WINDOWS_1252.decode(&bytes[..bad]).0.len();
    let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
    let file = SourceFile::new(path, text, source::Encoding::Utf8);
    diags.push(
        Diagnostic::note(
            codes::READ_AS_WINDOWS_1252,
            "the CSV is not UTF-8; it was read as Windows-1252, the code page of Excel's \"CSV (Comma delimited)\"",
        )
        .at(id, crate::span::Span::new(at, end))
        .with_label("first character that is not UTF-8")
        .with_help("check that names with accents read right; to avoid the guess, save from Excel with \"CSV UTF-8 (Comma delimited)\" instead"),
    );
    Some(source::Decoded {
        file,
        diagnostics: Vec::new(),
        fatal: false,
    })
}
