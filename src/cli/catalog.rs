//! `secgov catalog build PATH... -o FILE`: the reference catalog (docs/catalog.md) of AOT
//! folders (up to a whole PackagesLocalDirectory), security configuration exports and backups.

use super::{InputArgs, output, written};
use secgov::diag::{self, Severity};
use secgov::exit;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Read folders (a PackagesLocalDirectory, model folders), exports and backups and write one
    /// catalog of their roles, duties, privileges, extensions and menu items, for --reference.
    Build(BuildArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct BuildArgs {
    /// Folders and files to read: only the AxSecurity* and AxMenuItem* folders of a metadata
    /// tree are entered; loose XML is read when it is security XML.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// The catalog file to write.
    #[arg(long = "output", short = 'o', value_name = "FILE")]
    out: PathBuf,

    /// Overwrite the catalog if it exists.
    #[arg(long)]
    force: bool,

    #[command(flatten)]
    input: InputArgs,
}

pub(crate) fn run(args: &Args, color: bool) -> std::io::Result<i32> {
    match &args.command {
        Command::Build(b) => build(b, color),
    }
}

fn build(args: &BuildArgs, color: bool) -> std::io::Result<i32> {
    if args.paths.iter().any(|p| secgov::input::is_stdin(p)) {
        eprintln!("secgov: catalog build reads files and folders, not standard input (-)");
        return Ok(exit::ERROR);
    }
    let progress = super::progress::Progress::start();
    let built = secgov::catalog::build(&args.paths, &args.input.options());
    drop(progress);
    // Only errors are shown: a metadata tree's warnings are validate's business, and thousands
    // of them would hide the one file that could not be read.
    let mut errors: Vec<_> = built
        .loaded
        .diagnostics
        .iter()
        .chain(&built.diagnostics)
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    diag::cap(&mut errors, args.input.max_findings);
    output::report(&built.loaded.model.files, &errors, color)?;
    if secgov::catalog::has_input_errors(&built) {
        eprintln!(
            "secgov: nothing was written: a catalog missing what could not be read would let references to it pass unchecked"
        );
        return Ok(exit::ERROR);
    }
    let status = written::file(
        &args.out,
        &built.text,
        args.force,
        &written::inputs(&built.loaded),
    )?;
    if status == exit::SUCCESS {
        let c = built.counts;
        println!(
            "wrote {}: {}, {}, {}, {} and {} from {}{}",
            args.out.display(),
            written::count(c.roles, "role", "roles"),
            written::count(c.duties, "duty", "duties"),
            written::count(c.privileges, "privilege", "privileges"),
            written::count(c.extensions, "extension", "extensions"),
            written::count(c.menu_items, "menu item", "menu items"),
            written::count(c.files, "file", "files"),
            if c.duplicates > 0 {
                format!(
                    " ({} defined more than once kept once, docs/catalog.md)",
                    written::count(c.duplicates, "name", "names")
                )
            } else {
                String::new()
            }
        );
    }
    Ok(status)
}
