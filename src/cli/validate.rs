//! `secgov validate PATH...`: the pre-flight linter for Restore from XML. Reads inputs, the
//! destination (`--target`) and references in one load, runs every rule, prints the report to
//! standard output and maps the findings to an exit status.

use super::{InputArgs, output};
use clap::ValueEnum;
use secgov::config::{self, Config};
use secgov::diag::{Diagnostic, Severity};
use secgov::exit;
use secgov::load::load;
use secgov::model::BackupType;
use secgov::render::human::{self, HumanOptions};
use secgov::render::{Format, render_diagnostics_into};
use secgov::rules::{CheckOptions, RestoreAction, RestoreInto, check, metas};
use secgov::source::SourceFile;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Files or folders to check (USG backups, AOT files or model folders, security configuration
    /// exports); `-` reads standard input, and glob patterns such as `*.xml` are expanded.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// The destination's security, a file or folder of any dialect: categories and objects that
    /// already exist where the file will be restored.
    #[arg(long, value_name = "PATH")]
    target: Option<PathBuf>,

    /// A file or folder (an AOT model, a security configuration export) that defines objects the
    /// inputs reference. May be given more than once.
    #[arg(long = "reference", value_name = "PATH")]
    references: Vec<PathBuf>,

    /// The Type you will choose on Restore from XML (any case, or kebab-case).
    #[arg(long, value_name = "TYPE", value_parser = super::values::restore_type())]
    restore_type: Option<BackupType>,

    /// The Security related action you will choose (for a Type that restores the hierarchy).
    #[arg(long, value_enum)]
    action: Option<ActionArg>,

    /// Exit with status 1 when there is a finding at or above this severity [default: error].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,

    /// Read settings from this file instead of the nearest secgov.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Model the process-level Restore from XML into this node of the destination's hierarchy:
    /// "CATEGORY/PROCESS/..." (compare with --target).
    #[arg(long, value_name = "PATH")]
    restore_into: Option<String>,

    /// Overwrite = Yes on the process-level restore: names already taken are replaced.
    #[arg(long, requires = "restore_into")]
    overwrite: bool,

    /// Segregation-of-duties rules as Dynamics 365 exports them (the "Security segregation of
    /// duties rule" data entity, CSV). May be given more than once.
    #[arg(long = "sod", value_name = "FILE")]
    sod: Vec<PathBuf>,

    /// Users in a backup (owners, role assignments) are intended; do not report them.
    #[arg(long)]
    allow_users: bool,

    /// Skip quietly the files named on the command line whose root element is not security XML
    /// (AxTable, AxClass, build files...), as a folder run does: for hooks that pass every
    /// staged .xml file.
    #[arg(long)]
    skip_other_xml: bool,

    /// `--quiet` (a global option): print only the summary line; the exit status is unchanged.
    /// For the human format: the machine formats are reports for tools.
    #[arg(skip)]
    pub(crate) quiet: bool,

    /// Print how many findings each code has, most first, instead of the findings (human and
    /// json formats).
    #[arg(long)]
    statistics: bool,

    /// Output format (docs/output-formats.md).
    #[arg(long, short = 'f', value_name = "FORMAT", default_value_t = Format::Human,
          value_parser = super::values::report_format())]
    format: Format,

    #[command(flatten)]
    input: InputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ActionArg {
    Create,
    Clear,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Note,
}

pub(crate) fn run(args: &Args, color: bool) -> std::io::Result<i32> {
    if let Some(problem) = volume_problem(args) {
        eprintln!("secgov: {problem}");
        return Ok(exit::ERROR);
    }
    let config = match settings(args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("secgov: {e}");
            return Ok(exit::ERROR);
        }
    };
    let mut sod_rules = Vec::new();
    for file in &args.sod {
        match secgov::sod::read_csv(file) {
            Ok(rules) => sod_rules.extend(rules),
            Err(e) => {
                eprintln!("secgov: {e}");
                return Ok(exit::ERROR);
            }
        }
    }
    let target = args.target.clone().or_else(|| config.target.clone());
    let references: Vec<PathBuf> = config
        .references
        .iter()
        .chain(&args.references)
        .cloned()
        .collect();
    let given = match super::paths::inputs(&args.paths) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("secgov: {e}");
            return Ok(exit::ERROR);
        }
    };
    let inputs: Vec<PathBuf> = given
        .iter()
        .filter(|p| !args.skip_other_xml || !p.is_file() || secgov::load::is_security_file(p))
        .cloned()
        .collect();
    let mut paths = inputs.clone();
    paths.extend(target.iter().cloned());
    paths.extend(references.iter().cloned());
    let progress = super::progress::Progress::start();
    let loaded = secgov::timing::phase("load", || load(&paths, &args.input.options()));

    let mut options = CheckOptions::default();
    config.apply(&mut options);
    if args.restore_type.is_some() {
        options.restore_type = args.restore_type;
    }
    if let Some(a) = args.action {
        options.action = Some(match a {
            ActionArg::Create => RestoreAction::Create,
            ActionArg::Clear => RestoreAction::Clear,
            ActionArg::None => RestoreAction::None,
        });
    }
    options.allow_users |= args.allow_users;
    options.sod_rules.extend(sod_rules);
    options.today = Some(secgov::sod::today());
    if let Some(path) = &args.restore_into {
        options.restore_into = Some(RestoreInto::parse(path, args.overwrite));
    }
    options.threads = args.input.options().threads;
    options.max_findings = args.input.max_findings;
    options.assign_files(&loaded.model.files, &inputs, target.as_deref(), &references);

    let diagnostics = secgov::timing::phase("check", || {
        check(&loaded.model, &loaded.diagnostics, &options)
    });
    drop(progress);
    let inputs = (0..loaded.model.files.len())
        .filter(|f| options.is_input(*f))
        .count();
    secgov::timing::phase("render", || {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        if args.quiet {
            std::io::Write::write_all(&mut out, summary_line(&diagnostics, inputs).as_bytes())?;
        } else if args.statistics {
            statistics(&mut out, args.format, &diagnostics, inputs)?;
        } else {
            report(
                &mut out,
                args.format,
                &loaded.model.files,
                &diagnostics,
                inputs,
                color,
            )?;
        }
        std::io::Write::flush(&mut out)
    })?;

    let fail_on = match args.fail_on {
        Some(FailOn::Error) => Severity::Error,
        Some(FailOn::Warning) => Severity::Warning,
        Some(FailOn::Note) => Severity::Note,
        None => config.fail_on.unwrap_or(Severity::Error),
    };
    let status = if loaded.has_input_errors() {
        exit::ERROR
    } else if diagnostics.iter().any(|d| d.severity >= fail_on) {
        exit::FINDINGS
    } else {
        exit::SUCCESS
    };
    // The process ends right after this: freeing millions of model strings one by one would
    // only delay the exit (a tenth of a second on a 100 MiB backup).
    std::mem::forget(loaded);
    std::mem::forget(diagnostics);
    Ok(status)
}

/// Why `--quiet` or `--statistics` cannot go with the chosen format, if they cannot. A SARIF,
/// JUnit or GitHub report without its findings would look like a clean run to the tool reading
/// it, so those refuse rather than write one.
fn volume_problem(args: &Args) -> Option<String> {
    if args.quiet && args.statistics {
        return Some(
            "--quiet prints the summary line only and --statistics the count of each code; leave out one of them".to_owned(),
        );
    }
    if args.quiet && args.format != Format::Human {
        return Some(format!(
            "--quiet prints the human summary line only, and --format {} writes a report for a \
             tool; leave out one of them (the exit status is the same either way)",
            args.format
        ));
    }
    if args.statistics && !matches!(args.format, Format::Human | Format::Json) {
        return Some(format!(
            "--statistics is written as text (--format human) or JSON (--format json), not as {}",
            args.format
        ));
    }
    None
}

/// `--statistics`: a count per code, then (for people) the summary line.
fn statistics(
    out: &mut dyn std::io::Write,
    format: Format,
    diagnostics: &[Diagnostic],
    inputs: usize,
) -> std::io::Result<()> {
    use secgov::render::statistics;
    let rules = metas();
    let rows = statistics::rows(diagnostics, &rules);
    if format == Format::Json {
        return out.write_all(statistics::json(&rows, diagnostics).as_bytes());
    }
    out.write_all(statistics::human(&rows).as_bytes())?;
    out.write_all(summary_line(diagnostics, inputs).as_bytes())
}

/// `--config`, else the nearest secgov.toml, else defaults.
fn settings(args: &Args) -> Result<Config, config::ConfigError> {
    match &args.config {
        Some(path) => config::load(path),
        None => match std::env::current_dir()
            .ok()
            .as_deref()
            .and_then(config::find)
        {
            Some(path) => config::load(&path),
            None => Ok(Config::default()),
        },
    }
}

/// Writes the report in the chosen format to `out`. The one place output formats plug in.
pub(crate) fn report(
    out: &mut dyn std::io::Write,
    format: Format,
    files: &[SourceFile],
    diagnostics: &[Diagnostic],
    inputs: usize,
    color: bool,
) -> std::io::Result<()> {
    let width = output::terminal_width();
    match format {
        Format::Human => {
            // Streamed: tens of thousands of findings would otherwise be held as one string.
            human::render_into(files, diagnostics, HumanOptions { color, width }, out)?;
            out.write_all(summary_line(diagnostics, inputs).as_bytes())
        }
        machine => render_diagnostics_into(
            machine,
            files,
            diagnostics,
            &metas(),
            HumanOptions { color, width },
            out,
        ),
    }
}

fn summary_line(diagnostics: &[Diagnostic], inputs: usize) -> String {
    let files = format!("{inputs} file{}", if inputs == 1 { "" } else { "s" });
    if diagnostics.is_empty() {
        format!("checked {files}: no findings\n")
    } else {
        format!("checked {files}: {}\n", human::summary(diagnostics))
    }
}
