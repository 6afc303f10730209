//! `secgov outline BACKUP -o FILE`: the outline (CSV, Excel, YAML or TOML, by the file's
//! extension) that `secgov generate` turns back into the backup's process hierarchy.

use super::{InputArgs, output};
use clap::ValueEnum;
use secgov::exit;
use secgov::load::load;
use secgov::outline::write;
use secgov::write::atomic;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The USG backup (User security governance or Governance + configuration) to outline.
    #[arg(value_name = "BACKUP")]
    backup: PathBuf,

    /// The outline to write: .csv, .xlsx, .yaml/.yml or .toml; `-` writes CSV to standard output.
    #[arg(long = "output", short = 'o', alias = "out", value_name = "FILE")]
    out: PathBuf,

    /// Outline only this category (any case), for example to copy it through Excel.
    #[arg(long, value_name = "NAME")]
    category: Option<String>,

    /// The outline's format, when the file name does not say it.
    #[arg(long, value_enum)]
    format: Option<Format>,

    /// Overwrite an existing file.
    #[arg(long)]
    force: bool,

    #[command(flatten)]
    input: InputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Csv,
    Xlsx,
    Yaml,
    Toml,
}

fn format_of(path: &Path) -> Option<Format> {
    if path.as_os_str() == "-" {
        return Some(Format::Csv);
    }
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" => Some(Format::Csv),
        "xlsx" => Some(Format::Xlsx),
        "yaml" | "yml" => Some(Format::Yaml),
        "toml" => Some(Format::Toml),
        _ => None,
    }
}

pub(crate) fn run(args: &Args, color: bool) -> std::io::Result<i32> {
    let Some(format) = args.format.or_else(|| format_of(&args.out)) else {
        eprintln!(
            "secgov outline: cannot tell the format from {}; name it .csv, .xlsx, .yaml or .toml, or pass --format",
            args.out.display()
        );
        return Ok(exit::ERROR);
    };
    let loaded = load(std::slice::from_ref(&args.backup), &args.input.options());
    output::report(&loaded.model.files, &loaded.diagnostics, color)?;
    let errors = loaded
        .diagnostics
        .iter()
        .any(|d| d.severity == secgov::diag::Severity::Error);
    if loaded.has_input_errors() || errors {
        // A backup read only in part would give an outline that silently lacks that part.
        eprintln!("secgov outline: nothing written; the backup has errors");
        return Ok(if loaded.has_input_errors() {
            exit::ERROR
        } else {
            exit::FINDINGS
        });
    }
    let mut categories = loaded.model.categories.clone();
    if let Some(wanted) = &args.category {
        let key = secgov::span::name_key(wanted);
        categories.retain(|c| c.name.key() == key);
        if categories.is_empty() {
            let names: Vec<&str> = loaded
                .model
                .categories
                .iter()
                .map(|c| c.name.value.as_str())
                .collect();
            let hint = match secgov::diag::did_you_mean(wanted, names.iter().copied()) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!("its categories are: {}", names.join(", ")),
            };
            eprintln!(
                "secgov outline: {} has no category `{wanted}`; {hint}",
                args.backup.display()
            );
            return Ok(exit::ERROR);
        }
    }
    let categories = &categories;
    if categories.is_empty() || categories.iter().all(|c| c.hierarchy.is_none()) {
        eprintln!(
            "secgov outline: {} has no process hierarchy (a Security configuration backup?); back up with the Type User security governance or Governance + configuration",
            args.backup.display()
        );
        return Ok(exit::ERROR);
    }
    let bytes = match format {
        Format::Csv => Ok(write::csv(categories)),
        Format::Xlsx => write::xlsx(categories),
        Format::Yaml => Ok(write::yaml(categories)),
        Format::Toml => write::toml(categories),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            eprintln!("secgov outline: {e}");
            return Ok(exit::ERROR);
        }
    };
    if args.out.as_os_str() == "-" {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(&bytes)?;
        stdout.flush()?;
        return Ok(exit::SUCCESS);
    }
    let mut inputs = vec![args.backup.as_path()];
    inputs.extend(super::written::inputs(&loaded));
    if !super::written::not_an_input(&args.out, &inputs) {
        return Ok(exit::ERROR);
    }
    if let Err(e) = atomic::write(&args.out, &bytes, args.force) {
        eprintln!("secgov outline: {e}");
        return Ok(exit::ERROR);
    }
    eprintln!("wrote {} ({} bytes)", args.out.display(), bytes.len());
    Ok(exit::SUCCESS)
}
