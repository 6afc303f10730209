//! `secgov inspect PATH...`: what was read, as a tree for people, JSON or a Mermaid graph.

use super::{InputArgs, output};
use clap::ValueEnum;
use secgov::exit;
use secgov::load::load;
use secgov::render::inspect;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Files or folders to read (a USG backup, AOT files or folders, a security configuration
    /// export); `-` reads standard input, and glob patterns such as `*.xml` are expanded.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    format: Format,

    #[command(flatten)]
    input: InputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// An indented summary for people.
    Text,
    /// The model as JSON (schema in docs/json-model.md).
    Json,
    /// The process hierarchy as a Mermaid flowchart.
    Mermaid,
}

pub(crate) fn run(args: &Args, color: bool) -> std::io::Result<i32> {
    let paths = match super::paths::inputs(&args.paths) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("secgov: {e}");
            return Ok(exit::ERROR);
        }
    };
    let progress = super::progress::Progress::start();
    let loaded = load(&paths, &args.input.options());
    drop(progress);
    output::report(&loaded.model.files, &loaded.diagnostics, color)?;
    let text = secgov::timing::phase("render", || match args.format {
        Format::Text => inspect::text(&loaded.model),
        Format::Json => inspect::json(&loaded.model),
        Format::Mermaid => inspect::mermaid(&loaded.model),
    });
    output::stdout(&text)?;
    // 2 when an input could not be read at all; 1 when it was read but has errors in its
    // structure (unknown elements, invalid values, ...), so that scripts do not go on with a
    // model that lacks part of the file.
    let errors = loaded
        .diagnostics
        .iter()
        .any(|d| d.severity == secgov::diag::Severity::Error);
    let status = if loaded.has_input_errors() {
        exit::ERROR
    } else if errors {
        exit::FINDINGS
    } else {
        exit::SUCCESS
    };
    // As in validate: the process ends right after this, and freeing the model string by string
    // would only delay the exit (a folder of 20,000 files holds millions of them).
    std::mem::forget(loaded);
    Ok(status)
}
