//! `secgov pack DIR --output EXPORT.xml`: a folder of AOT role, duty and privilege files as one
//! security configuration export that Security configuration > Import accepts.

use super::{InputArgs, written};
use clap::ValueEnum;
use secgov::diag::Diagnostic;
use secgov::exit;
use secgov::load::load;
use secgov::roundtrip::manifest::{self, Manifest};
use secgov::roundtrip::pack::{self, List};
use secgov::write::secconfig;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The folder: an unpacked export, or any AOT model folder.
    #[arg(value_name = "DIR")]
    dir: PathBuf,

    /// The export file to write.
    #[arg(long = "output", short = 'o', alias = "out", value_name = "EXPORT")]
    out: PathBuf,

    /// The list for objects that are not below a Customized/ or New/ folder.
    #[arg(long = "as", value_enum, default_value_t = ListArg::New)]
    list: ListArg,

    /// Overwrite the export if it exists.
    #[arg(long)]
    force: bool,

    #[command(flatten)]
    input: InputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListArg {
    /// NewObjectList: objects created in the environment.
    New,
    /// CustomizedObjectList: changed standard objects.
    Customized,
}

impl ListArg {
    pub(crate) fn list(self) -> List {
        match self {
            ListArg::New => List::New,
            ListArg::Customized => List::Customized,
        }
    }
}

pub(crate) fn run(args: &Args, color: bool) -> std::io::Result<i32> {
    if !args.dir.is_dir() {
        eprintln!("secgov: {} is not a folder", args.dir.display());
        return Ok(exit::ERROR);
    }
    let loaded = load(std::slice::from_ref(&args.dir), &args.input.options());
    let mut found: Vec<Diagnostic> = Vec::new();
    // The loader has read the manifest's disabled names and reported a manifest it cannot read.
    let manifest = secgov::input::read(
        &args.dir.join(manifest::FILE_NAME),
        secgov::input::DEFAULT_MAX_SIZE,
    )
    .ok()
    .and_then(|bytes| String::from_utf8(bytes).ok())
    .and_then(|text| Manifest::parse(&text).ok())
    .unwrap_or_default();
    let packed = pack::pack(&args.dir, &loaded.model, &manifest, args.list.list());
    found.extend(packed.diagnostics);
    found.extend(pack::stray_files(&args.dir, &loaded.model));
    if let Some(status) = written::report(&loaded, found, color, args.input.max_findings)? {
        return Ok(status);
    }
    let text = secconfig::export(&loaded.model, &packed.contents);
    let status = written::file(&args.out, &text, args.force, &written::inputs(&loaded))?;
    if status == exit::SUCCESS {
        println!(
            "packed {} ({} customized, {} new) and {} into {}",
            written::count(
                packed.contents.customized.len() + packed.contents.new.len(),
                "object",
                "objects"
            ),
            packed.contents.customized.len(),
            packed.contents.new.len(),
            written::count(
                packed.contents.disabled.len(),
                "disabled name",
                "disabled names"
            ),
            args.out.display()
        );
    }
    Ok(status)
}
