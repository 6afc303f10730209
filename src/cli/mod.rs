//! Command-line interface (binary only): arguments with clap derive, one file per subcommand.

mod access;
mod catalog;
mod completions;
mod convert;
mod diff;
mod fmt;
mod generate;
mod init;
mod inspect;
mod license;
mod lsp;
mod outline;
mod output;
mod pack;
mod paths;
mod progress;
mod project;
mod rules;
mod table_args;
mod unpack;
mod validate;
mod values;
mod written;

use clap::{Parser, Subcommand, ValueEnum};
use secgov::exit;
use secgov::load::{DEFAULT_MAX_SIZE, LoadOptions};
use secgov::model::Dialect;
use std::io::IsTerminal;

/// Validate, generate and compare Dynamics 365 Finance and Operations security XML.
#[derive(Debug, Parser)]
#[command(name = "secgov", version, about, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,

    /// When to colour output: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// Print less: no progress line on standard error during long runs; `validate` prints only
    /// its summary line ("checked 3 files: 1 error"), with the same exit status.
    #[arg(long, short = 'q', global = true)]
    quiet: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check security XML before Restore from XML: structure, duplicates, Type and restore action,
    /// references, effective access, segregation of duties, user data and hygiene.
    Validate(validate::Args),
    /// Generate a restore file (or AOT files) from outlines or from a category of a backup.
    Generate(generate::Args),
    /// Compare two inputs of any dialect by identity, not position: added, removed, changed,
    /// moved and renamed objects, and (with --access) gained and lost access per role.
    Diff(diff::Args),
    /// Show what was read: dialect, encoding, categories with their process trees, roles, duties
    /// and privileges.
    Inspect(inspect::Args),
    /// Effective access of every role (or --role NAME): one row per role and securable object
    /// with its permissions and the path that grants them; --object NAME lists who reaches it.
    Access(access::Args),
    /// The user license each role needs (Team Members, Activity, Operations) from the menu items
    /// it reaches, with the grants that decide it; --reference CATALOG for standard menu items.
    License(license::Args),
    /// Write a starter outline and secgov.toml into a folder.
    Init(init::Args),
    /// Write the outline (CSV, Excel, YAML or TOML) that generates a backup's process hierarchy.
    Outline(outline::Args),
    /// List every diagnostic code with its default severity.
    Rules(rules::RulesArgs),
    /// Print the documentation page of a code.
    Explain(rules::ExplainArgs),
    /// Format security XML canonically (indentation as the platform writes it); --check for pipelines.
    Fmt(fmt::Args),
    /// Split a security configuration export into one AOT file per role, duty and privilege.
    Unpack(unpack::Args),
    /// Merge a folder of AOT role, duty and privilege files into one importable security
    /// configuration export.
    Pack(pack::Args),
    /// Turn a USG backup's security objects (and those its hierarchy implies) into AOT files or a
    /// security configuration export.
    Convert(convert::Args),
    /// Run the language server (LSP over stdio) for editors: diagnostics as you type, hover,
    /// completion and go to definition.
    Lsp,
    /// Build a reference catalog of the standard objects and menu items (docs/catalog.md):
    /// `secgov catalog build PackagesLocalDirectory -o catalog.xml`, then --reference catalog.xml.
    Catalog(catalog::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff) to standard output.
    Man,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    pub(crate) fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}

/// Builds the one rayon pool every parallel step runs on, with `--threads` threads (0: one per
/// core), before anything uses it. Only the first call of a run counts: the pool cannot be
/// rebuilt, and every command has one `--threads`.
pub(crate) fn thread_pool(threads: usize) {
    static BUILT: std::sync::Once = std::sync::Once::new();
    BUILT.call_once(|| {
        // Fails only when the pool was already started, and then it is used as it is.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global();
    });
}

/// Options shared by every command that reads security XML.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct InputArgs {
    /// Read every input as this dialect instead of recognizing it by its root element.
    #[arg(long, value_enum)]
    dialect: Option<DialectArg>,

    /// Refuse files larger than this many MiB.
    #[arg(long, value_name = "MIB", default_value_t = DEFAULT_MAX_SIZE >> 20)]
    max_size: u64,

    /// Read files and the categories of a large backup (and run validate's rules) on this many
    /// threads; 0 (the default) means one per core.
    #[arg(long, value_name = "N", default_value_t = 0)]
    threads: usize,

    /// Report at most this many findings; the rest are counted in one SG099 finding (0: no
    /// limit). Keeps memory bounded on a file with millions of findings.
    #[arg(long, value_name = "N", default_value_t = secgov::diag::DEFAULT_MAX_FINDINGS)]
    pub(crate) max_findings: usize,
}

impl InputArgs {
    pub(crate) fn options(&self) -> LoadOptions {
        thread_pool(self.threads);
        LoadOptions {
            dialect: self.dialect.map(DialectArg::dialect),
            max_size: self.max_size.saturating_mul(1024 * 1024),
            threads: self.threads,
            max_findings: self.max_findings,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DialectArg {
    /// USG security category backup.
    Usg,
    /// AOT security metadata.
    Aot,
    /// Security configuration export (SecurityDatabaseCustomizations.xml).
    Secconfig,
}

impl DialectArg {
    fn dialect(self) -> Dialect {
        match self {
            DialectArg::Usg => Dialect::UsgBackup,
            DialectArg::Aot => Dialect::Aot,
            DialectArg::Secconfig => Dialect::SecurityConfiguration,
        }
    }
}

/// Parses the arguments and runs the command; returns the exit status.
pub(crate) fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let status = if e.use_stderr() {
                exit::ERROR
            } else {
                exit::SUCCESS
            };
            let _ = e.print();
            return status;
        }
    };
    let color = cli.color.enabled();
    progress::set_quiet(cli.quiet);
    let result = match cli.command {
        Command::Validate(mut args) => {
            args.quiet = cli.quiet;
            validate::run(&args, color)
        }
        Command::Generate(args) => generate::run(&args, color),
        Command::Diff(args) => diff::run(&args, color),
        Command::Inspect(args) => inspect::run(&args, color),
        Command::Access(args) => access::run(&args, color),
        Command::License(args) => license::run(&args, color),
        Command::Init(args) => init::run(&args),
        Command::Outline(args) => outline::run(&args, color),
        Command::Rules(args) => rules::list(&args),
        Command::Explain(args) => rules::explain(&args),
        Command::Fmt(args) => fmt::run(&args, color),
        Command::Unpack(args) => unpack::run(&args, color),
        Command::Pack(args) => pack::run(&args, color),
        Command::Convert(args) => convert::run(&args, color),
        Command::Catalog(args) => catalog::run(&args, color),
        Command::Lsp => lsp::run(),
        Command::Completions(args) => completions::completions(&args),
        Command::Man => completions::man(),
    };
    match result {
        Ok(status) => status,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => exit::SUCCESS,
        Err(e) => {
            eprintln!("secgov: {e}");
            exit::ERROR
        }
    }
}
