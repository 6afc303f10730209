//! `secgov unpack EXPORT.xml --out DIR`: a security configuration export as one AOT file per
//! role, duty and privilege (`Customized/`, `New/`) plus `secgov-manifest.toml`.

use super::{InputArgs, written};
use secgov::diag::{Diagnostic, codes};
use secgov::exit;
use secgov::load::load;
use secgov::model::Dialect;
use secgov::roundtrip::{folder, unpack};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The security configuration export (SecurityDatabaseCustomizations.xml).
    #[arg(value_name = "EXPORT")]
    export: PathBuf,

    /// Folder to write the AOT files and the manifest into.
    #[arg(long, short = 'o', value_name = "DIR")]
    out: PathBuf,

    /// Overwrite files that already exist in the folder.
    #[arg(long)]
    force: bool,

    #[command(flatten)]
    input: InputArgs,
}

pub(crate) fn run(args: &Args, color: bool) -> std::io::Result<i32> {
    let loaded = load(std::slice::from_ref(&args.export), &args.input.options());
    let model = &loaded.model;
    let mut found = Vec::new();
    for doc in &model.documents {
        if doc.dialect != Dialect::SecurityConfiguration {
            found.push(
                Diagnostic::error(
                    codes::LEFT_OUT,
                    format!("this file is a {}, not a security configuration export", doc.dialect.label()),
                )
                .at(doc.file, doc.root.span)
                .with_label("not an export")
                .with_help("unpack reads SecurityDatabaseCustomizations.xml; use `secgov convert` for a USG backup"),
            );
        }
    }
    let planned = unpack::unpack(model);
    found.extend(planned.diagnostics.iter().cloned());
    found.extend(folder::clashes(&planned.files));
    if let Some(status) = written::report(&loaded, found, color)? {
        return Ok(status);
    }
    let status = written::folder(&args.out, &planned.files, args.force)?;
    if status == exit::SUCCESS {
        println!(
            "unpacked {} ({} customized, {} new) and {} into {}",
            written::count(planned.customized + planned.new, "object", "objects"),
            planned.customized,
            planned.new,
            written::count(planned.disabled, "disabled name", "disabled names"),
            args.out.display()
        );
    }
    Ok(status)
}
