//! `secgov access [PATHS] [--role NAME]... [--object NAME]`: the effective access of roles, one
//! row per role and securable object with the path that grants it (`secgov::access`).

use super::table_args::{TableArgs, TableFormat};
use super::{InputArgs, output};
use secgov::access::{self, Query};
use secgov::exit;
use secgov::load::load;
use secgov::model::implied_security;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Files or folders to read (a USG backup, AOT files or folders, a security configuration export).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Only this role (repeatable; case-insensitive).
    #[arg(long, value_name = "NAME")]
    role: Vec<String>,

    /// Only this securable object (its AOT name): which roles reach it, and how.
    #[arg(long, value_name = "NAME")]
    object: Option<String>,

    #[command(flatten)]
    report: TableArgs,

    #[command(flatten)]
    input: InputArgs,
}

pub(crate) fn run(args: &Args, color: bool) -> std::io::Result<i32> {
    let progress = super::progress::Progress::start();
    let loaded = load(&args.paths, &args.input.options());
    drop(progress);
    output::report(&loaded.model.files, &loaded.diagnostics, color)?;
    if loaded.has_input_errors() {
        return Ok(exit::ERROR);
    }
    let implied = implied_security(&loaded.model);
    let query = Query {
        roles: args.role.clone(),
        object: args.object.clone(),
    };
    let rows = match access::rows(&loaded.model, &implied, &query) {
        Ok(rows) => rows,
        Err(unknown) => {
            super::table_args::no_such_roles(unknown, &loaded.model, &implied);
            return Ok(exit::ERROR);
        }
    };
    let text = match args.report.format {
        TableFormat::Human => access::human(&rows),
        TableFormat::Csv => access::csv(&rows),
        TableFormat::Json => access::json(&rows),
        TableFormat::Markdown => access::markdown(&rows),
    };
    if !args.report.write(&text, &super::written::inputs(&loaded))? {
        return Ok(exit::ERROR);
    }
    if rows.is_empty() {
        if let Some(object) = &args.object {
            eprintln!("secgov: no role reaches `{object}`");
        }
        return Ok(exit::FINDINGS);
    }
    Ok(exit::SUCCESS)
}
