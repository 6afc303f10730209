//! The report options of the commands that print a table, `access` and `license`: the format,
//! `-o FILE` and `--force`, and writing the report where they say. One place, so both commands
//! refuse an output that is one of their inputs (SG954) and write atomically the same way.

use super::output;
use clap::ValueEnum;
use secgov::diag::did_you_mean;
use secgov::model::{Implied, Model};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, clap::Args)]
pub(crate) struct TableArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = TableFormat::Human)]
    pub(crate) format: TableFormat,

    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,

    /// Overwrite the --output file if it exists.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TableFormat {
    /// An aligned table for people.
    Human,
    /// CSV, UTF-8 with a byte order mark (opens in Excel).
    Csv,
    /// JSON: the whole report, with the path of labelled steps behind every grant
    /// (docs/access.md, docs/license.md).
    Json,
    /// A Markdown table.
    Markdown,
}

impl TableArgs {
    /// Writes `text` to `--output` (never over one of `inputs`, atomically) or standard output.
    /// `false` when nothing could be written; the reason is printed.
    pub(crate) fn write(&self, text: &str, inputs: &[&Path]) -> std::io::Result<bool> {
        let Some(path) = &self.output else {
            output::stdout(text)?;
            return Ok(true);
        };
        if !super::written::not_an_input(path, inputs) {
            return Ok(false);
        }
        if let Err(e) = secgov::write::atomic::write(path, text.as_bytes(), self.force) {
            eprintln!("secgov: {e}");
            return Ok(false);
        }
        Ok(true)
    }
}

/// Says, for each `--role` that names no role, that it does not, with the nearest name there is.
pub(crate) fn no_such_roles(unknown: Vec<String>, model: &Model, implied: &Implied) {
    let names = model
        .roles
        .iter()
        .chain(&implied.roles)
        .map(|r| r.name.value.as_str());
    for name in unknown {
        let hint = did_you_mean(&name, names.clone())
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        eprintln!("secgov: no role named `{name}` in the files read{hint}");
    }
}
