//! `secgov diff OLD NEW`: compare two inputs of any dialect on the typed model and report what
//! was added, removed, changed, moved and renamed, and (with `--access`) who gained or lost which
//! access. Exit status as diff(1): 0 same, 1 different, 2 error.

use super::{InputArgs, output};
use clap::ValueEnum;
use secgov::diag::did_you_mean;
use secgov::diff::render::{self, Labels};
use secgov::diff::{self, DiffOptions, Field, Part};
use secgov::exit;
use secgov::load::{Loaded, load};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The earlier state: a USG backup, AOT files or a folder of them, or a security
    /// configuration export. `/dev/null` stands for nothing (as git passes for a new file); `-`
    /// reads standard input.
    #[arg(value_name = "OLD")]
    old: PathBuf,

    /// The later state, of any dialect (`-` for standard input).
    #[arg(value_name = "NEW")]
    new: PathBuf,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,

    /// Overwrite the --output file if it exists.
    #[arg(long)]
    force: bool,

    /// Report a renamed object as one removed and one added.
    #[arg(long)]
    no_renames: bool,

    /// Also compare each role's effective access (sub-roles, duties, privileges and extensions
    /// flattened; Deny wins) and report what it gained and lost.
    #[arg(long)]
    access: bool,

    /// Fields to leave out of the comparison, comma-separated: description, label, company,
    /// owner, version, role, duty, privilege, reference-name, grant-current-data, validity.
    #[arg(long, value_name = "FIELDS", value_delimiter = ',')]
    ignore: Vec<String>,

    /// Compare only these parts, comma-separated: roles, duties, privileges, hierarchy.
    #[arg(long, value_name = "PARTS", value_delimiter = ',')]
    only: Vec<String>,

    /// Compare only this security category (and the security configuration it carries).
    #[arg(long, value_name = "NAME")]
    category: Option<String>,

    /// Name OLD this way in the report (git passes temporary file names).
    #[arg(long, value_name = "LABEL")]
    old_label: Option<String>,

    /// Name NEW this way in the report.
    #[arg(long, value_name = "LABEL")]
    new_label: Option<String>,

    #[command(flatten)]
    input: InputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A tree of the changes with counts, coloured on a terminal.
    Human,
    /// JSON (shape documented in docs/diff.md).
    Json,
    /// Markdown for pull requests and change tickets.
    Markdown,
    /// One self-contained HTML file: counts, a collapsible tree and a filter box.
    Html,
}

pub(crate) fn run(args: &Args, color: bool) -> std::io::Result<i32> {
    if super::paths::stdin_twice(&[args.old.clone(), args.new.clone()]) {
        eprintln!("secgov: standard input (-) can be read only once: give OLD or NEW as a file");
        return Ok(exit::ERROR);
    }
    let options = match parse_options(args) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("secgov: {message}");
            return Ok(exit::ERROR);
        }
    };
    let input = args.input.options();
    let progress = super::progress::Progress::start();
    let (old, new) = secgov::timing::phase("load", || {
        // Both files at once, as two tasks of the rayon pool (on one thread with --threads 1).
        rayon::join(|| read(&args.old, &input), || read(&args.new, &input))
    });
    drop(progress);
    output::report(&old.model.files, &old.diagnostics, color)?;
    output::report(&new.model.files, &new.diagnostics, color)?;
    if old.has_input_errors() || new.has_input_errors() {
        return Ok(exit::ERROR);
    }
    if let Some(wanted) = &options.category {
        let mut names = diff::category_names(&old.model);
        names.extend(diff::category_names(&new.model));
        let key = secgov::span::name_key(wanted);
        if !names.iter().any(|n| secgov::span::name_key(n) == key) {
            let hint = match did_you_mean(wanted, names.iter().copied()) {
                Some(s) => format!("; did you mean `{s}`?"),
                None if names.is_empty() => "; neither input has security categories".to_owned(),
                None => format!("; the categories are: {}", names.join(", ")),
            };
            eprintln!("secgov: no security category named `{wanted}` in OLD or NEW{hint}");
            return Ok(exit::ERROR);
        }
    }
    let progress = super::progress::Progress::start();
    let report = secgov::timing::phase("diff", || diff::diff(&old.model, &new.model, &options));
    drop(progress);
    let labels = Labels {
        old: label(&args.old_label, &args.old),
        new: label(&args.new_label, &args.new),
    };
    let to_file = args.output.is_some();
    let text = secgov::timing::phase("render", || match args.format {
        Format::Human => render::human(&report, &labels, color && !to_file),
        Format::Json => render::json(&report, &labels),
        Format::Markdown => render::markdown(&report, &labels),
        Format::Html => render::html(&report, &labels),
    });
    match &args.output {
        Some(path) => {
            let mut inputs = vec![args.old.as_path(), args.new.as_path()];
            inputs.extend(super::written::inputs(&old));
            inputs.extend(super::written::inputs(&new));
            if !super::written::not_an_input(path, &inputs) {
                return Ok(exit::ERROR);
            }
            if let Err(e) = secgov::write::atomic::write(path, text.as_bytes(), args.force) {
                eprintln!("secgov: {e}");
                return Ok(exit::ERROR);
            }
        }
        None => output::stdout(&text)?,
    }
    let code = if report.is_same() {
        exit::SUCCESS
    } else {
        exit::FINDINGS
    };
    // The process ends right after this; freeing both models object by object only costs time.
    std::mem::forget((old, new, report, text));
    Ok(code)
}

fn label(given: &Option<String>, path: &Path) -> String {
    given.clone().unwrap_or_else(|| secgov::input::shown(path))
}

/// Reads one side; `/dev/null` is an empty model, as git passes it for an added or deleted file.
fn read(path: &Path, input: &secgov::load::LoadOptions) -> Loaded {
    if path == Path::new("/dev/null") {
        return Loaded::default();
    }
    load(&[path.to_path_buf()], input)
}

fn parse_options(args: &Args) -> Result<DiffOptions, UnknownWord> {
    let fields = Field::ALL.map(Field::as_str);
    let parts = Part::ALL.map(Part::as_str);
    Ok(DiffOptions {
        renames: !args.no_renames,
        access: args.access,
        ignore: words(&args.ignore, Field::parse, ("--ignore", "field", &fields))?,
        only: words(&args.only, Part::parse, ("--only", "part", &parts))?,
        category: args.category.clone(),
    })
}

/// A flag, what its words name, and every word it takes.
type Vocabulary<'a> = (&'static str, &'static str, &'a [&'static str]);

/// The words given to a flag, blank ones skipped; the first unknown one is an error.
fn words<T>(
    given: &[String],
    parse: impl Fn(&str) -> Option<T>,
    (flag, what, names): Vocabulary<'_>,
) -> Result<Vec<T>, UnknownWord> {
    given
        .iter()
        .filter(|w| !w.trim().is_empty())
        .map(|word| {
            parse(word).ok_or_else(|| UnknownWord {
                flag,
                what,
                word: word.clone(),
                names: names.to_vec(),
            })
        })
        .collect()
}

/// A word `--ignore` or `--only` does not know, with the words it does.
#[derive(Debug)]
struct UnknownWord {
    flag: &'static str,
    what: &'static str,
    word: String,
    names: Vec<&'static str>,
}

impl std::fmt::Display for UnknownWord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let UnknownWord {
            flag,
            what,
            word,
            names,
        } = self;
        write!(f, "{flag}: unknown {what} `{word}`; ")?;
        if let Some(s) = did_you_mean(word, names.iter().copied()) {
            write!(f, "did you mean `{s}`? ")?;
        }
        write!(f, "choose from {}", names.join(", "))
    }
}
