//! Outlines: the spreadsheet (CSV) or nested (YAML, TOML) description of categories, process
//! hierarchies, tasks and entry points that `secgov generate` turns into a restore file.
//!
//! Every format is read into the model's own [`Category`] type, with spans pointing into the
//! outline, so findings show the outline's row and column and the generator writes from one
//! shape whatever the input was. Column and key reference: docs/generate.md.

mod check;
pub mod codes;
pub(crate) mod csv;
mod fields;
mod nested;
mod rows;
mod toml;
mod yaml;

pub use check::{check, check_duties, check_target};

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
}

impl Format {
    /// The format a file name's extension names (`.csv` and `.txt` are CSV).
    pub fn from_path(path: &str) -> Option<Format> {
        let ext = std::path::Path::new(path)
            .extension()?
            .to_str()?
            .to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" | "tsv" => Some(Format::Csv),
            "yaml" | "yml" => Some(Format::Yaml),
            "toml" => Some(Format::Toml),
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
        }
    }
}

/// Options for reading outlines.
#[derive(Debug, Clone, Default)]
pub struct OutlineOptions {
    /// The category for rows or tables that name none (used with `--from`, where the outline
    /// only replaces the hierarchy of the copied category).
    pub default_category: Option<String>,
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
    let decoded = source::decode(id, path, bytes);
    diags.extend(decoded.diagnostics);
    files.push(decoded.file);
    let file = &files[id];
    let format = Format::from_path(path).unwrap_or_else(|| Format::sniff(&file.text));
    let categories = if decoded.fatal {
        Vec::new()
    } else {
        match format {
            Format::Csv => csv::read(id, file, options, diags),
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
