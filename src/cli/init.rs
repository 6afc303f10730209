//! `secgov init DIR`: a starter outline and a `secgov.toml` in a folder, so that
//! `cd DIR && secgov generate` works at once. Never overwrites anything.

use clap::ValueEnum;
use secgov::exit;
use secgov::write::atomic;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The folder to set up (created if missing).
    #[arg(value_name = "DIR")]
    dir: PathBuf,

    /// Which starter hierarchy to write.
    #[arg(long, value_enum, default_value_t = Starter::ProcureToPay)]
    template: Starter,

    /// The outline's format.
    #[arg(long, value_enum, default_value_t = OutlineFormat::Csv)]
    format: OutlineFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Starter {
    /// Vendor management, purchasing and accounts payable.
    ProcureToPay,
    /// Customer management, sales orders and accounts receivable.
    OrderToCash,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutlineFormat {
    Csv,
    Yaml,
    Toml,
}

/// The starter outlines, compiled in: (template, format, file name, text).
macro_rules! starters {
    ($(($starter:ident, $name:literal)),*) => {
        &[$(
            (Starter::$starter, OutlineFormat::Csv, "outline.csv", outline!($name, "csv")),
            (Starter::$starter, OutlineFormat::Yaml, "outline.yaml", outline!($name, "yaml")),
            (Starter::$starter, OutlineFormat::Toml, "outline.toml", outline!($name, "toml")),
        )*]
    };
}

macro_rules! outline {
    ($name:literal, $ext:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/templates/outlines/",
            $name,
            ".",
            $ext
        ))
    };
}

type StarterFile = (Starter, OutlineFormat, &'static str, &'static str);

const STARTERS: &[StarterFile] = starters!(
    (ProcureToPay, "procure-to-pay"),
    (OrderToCash, "order-to-cash")
);

fn starter(template: Starter, format: OutlineFormat) -> (&'static str, &'static str) {
    STARTERS
        .iter()
        .find(|s| s.0 == template && s.1 == format)
        .map(|s| (s.2, s.3))
        .expect("every template is compiled in every format")
}

/// The starter `secgov.toml`.
fn config(outline: &str) -> String {
    format!(
        r#"# secgov settings for this folder. `secgov generate` run here reads the [generate] table;
# options given on the command line win. Reference: docs/generate.md.

[generate]
# Outlines read when none are named on the command line (CSV, YAML or TOML).
outlines = ["{outline}"]
# The restore file to write; an existing file is never overwritten without --force.
out = "category-backup.xml"
# UserSecurityGovernance, SecurityConfiguration or GovernanceAndConfiguration.
type = "UserSecurityGovernance"
# A UTF-8 byte order mark and CRLF line ends, as some platform exports have them.
bom = false
crlf = false
"#
    )
}

pub(crate) fn run(args: &Args) -> std::io::Result<i32> {
    let (name, outline) = starter(args.template, args.format);
    let files: [(PathBuf, String); 2] = [
        (args.dir.join(name), outline.to_owned()),
        (args.dir.join("secgov.toml"), config(name)),
    ];
    let existing: Vec<&Path> = files
        .iter()
        .map(|(p, _)| p.as_path())
        .filter(|p| p.symlink_metadata().is_ok())
        .collect();
    if !existing.is_empty() {
        let list: Vec<String> = existing.iter().map(|p| p.display().to_string()).collect();
        eprintln!(
            "secgov init: {} already exists; nothing was written (init never overwrites)",
            list.join(" and ")
        );
        return Ok(exit::ERROR);
    }
    for (path, text) in &files {
        match atomic::write(path, text.as_bytes(), false) {
            Ok(()) => eprintln!("wrote {}", path.display()),
            Err(e) => {
                eprintln!("secgov init: {e}");
                return Ok(exit::ERROR);
            }
        }
    }
    eprintln!(
        "next: cd {} && secgov generate --dry-run",
        args.dir.display()
    );
    Ok(exit::SUCCESS)
}
