//! `secgov license [PATHS] [--role NAME]... [--reference CATALOG]`: the user license each role
//! needs and the grants that decide it (`secgov::license`, docs/license.md).

use super::table_args::{TableArgs, TableFormat};
use super::{InputArgs, output};
use secgov::diag::Severity;
use secgov::exit;
use secgov::load::load;
use secgov::model::implied_security;
use secgov::rules::CheckOptions;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Files or folders to read (a USG backup, AOT files or folders with menu items, a security
    /// configuration export).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Only this role (repeatable; case-insensitive).
    #[arg(long, value_name = "NAME")]
    role: Vec<String>,

    /// A reference catalog (or folder, export, backup) holding the standard menu items and the
    /// objects the inputs build on (docs/catalog.md). May be given more than once.
    #[arg(long = "reference", value_name = "CATALOG")]
    references: Vec<PathBuf>,

    #[command(flatten)]
    report: TableArgs,

    #[command(flatten)]
    input: InputArgs,
}

pub(crate) fn run(args: &Args, color: bool) -> std::io::Result<i32> {
    let mut paths = args.paths.clone();
    paths.extend(args.references.iter().cloned());
    let progress = super::progress::Progress::start();
    let loaded = load(&paths, &args.input.options());
    drop(progress);
    let mut options = CheckOptions::default();
    options.assign_files(&loaded.model.files, &args.paths, None, &args.references);
    // The reference's own warnings are not this command's business; that it cannot be read is.
    let shown: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| {
            d.file.is_none_or(|f| options.is_input(f))
                || (d.severity == Severity::Error
                    && secgov::diag::codes::INPUT_ERRORS.contains(&d.code))
        })
        .cloned()
        .collect();
    output::report(&loaded.model.files, &shown, color)?;
    if loaded.has_input_errors() {
        return Ok(exit::ERROR);
    }
    let implied = implied_security(&loaded.model);
    let report =
        match secgov::license::report(&loaded.model, &implied, &args.role, |f| options.is_input(f))
        {
            Ok(report) => report,
            Err(unknown) => {
                super::table_args::no_such_roles(unknown, &loaded.model, &implied);
                return Ok(exit::ERROR);
            }
        };
    let text = match args.report.format {
        TableFormat::Human => secgov::license::human(&report),
        TableFormat::Csv => secgov::license::csv(&report),
        TableFormat::Json => secgov::license::json(&report),
        TableFormat::Markdown => secgov::license::markdown(&report),
    };
    if !args.report.write(&text, &super::written::inputs(&loaded))? {
        return Ok(exit::ERROR);
    }
    let unknown = report.unknown_menu_items.len();
    if unknown > 0 {
        let items = if unknown == 1 {
            "1 menu item the roles grant is".to_owned()
        } else {
            format!("{unknown} menu items the roles grant are")
        };
        if args.references.is_empty() {
            eprintln!(
                "secgov: {items} not in the files read, so the license they need is unknown; \
                 give the standard menu items with --reference CATALOG (secgov catalog build)"
            );
        } else {
            eprintln!(
                "secgov: {items} in neither the files read nor the reference, so the license \
                 they need is unknown"
            );
        }
    }
    if report.roles.is_empty() {
        eprintln!("secgov: no roles in the files read");
        return Ok(exit::FINDINGS);
    }
    if !report.determined() {
        return Ok(exit::FINDINGS);
    }
    Ok(exit::SUCCESS)
}
