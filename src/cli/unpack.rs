//! `secgov unpack EXPORT.xml --output DIR`: a security configuration export as one AOT file per
//! role, duty and privilege (`Customized/`, `New/`) plus `secgov-manifest.toml`.

use super::{InputArgs, written};
use secgov::exit;
use secgov::load::load;
use secgov::roundtrip::folder::OutputFile;
use secgov::roundtrip::{folder, unpack};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The security configuration export (SecurityDatabaseCustomizations.xml).
    #[arg(value_name = "EXPORT")]
    export: PathBuf,

    /// Folder to write the AOT files and the manifest into.
    #[arg(long = "output", short = 'o', alias = "out", value_name = "DIR")]
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
    let mut found = unpack::check_input(model);
    let planned = unpack::unpack(model);
    found.extend(planned.diagnostics.iter().cloned());
    found.extend(folder::clashes(&planned.files));
    if let Some(status) = written::report(&loaded, found, color, args.input.max_findings)? {
        return Ok(status);
    }
    let status = written::folder(
        &args.out,
        &planned.files,
        args.force,
        &written::inputs(&loaded),
    )?;
    if status == exit::SUCCESS {
        stale_files(&args.out, &planned.files);
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

/// After unpacking over an earlier folder (`--force`), files of objects that are no longer in the
/// export would be packed again with it: say which.
fn stale_files(root: &Path, files: &[OutputFile]) {
    let written: HashSet<PathBuf> = files.iter().map(|f| root.join(&f.path)).collect();
    let mut stale = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(|e| e.ok()) {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
                && !written.contains(&path)
            {
                stale.push(path);
            }
        }
    }
    if stale.is_empty() {
        return;
    }
    stale.sort();
    eprintln!(
        "secgov: warning: {} XML file{} below {} {} not in this export; `secgov pack` would include {}:",
        stale.len(),
        if stale.len() == 1 { "" } else { "s" },
        root.display(),
        if stale.len() == 1 { "is" } else { "are" },
        if stale.len() == 1 { "it" } else { "them" },
    );
    for p in &stale {
        eprintln!("  {}", p.display());
    }
}
