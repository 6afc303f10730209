//! `secgov generate OUTLINE... --output FILE`: a restore file (or AOT files) from outlines, checked
//! before anything is written. Defaults may come from the `[generate]` table of the nearest
//! `secgov.toml`.

use super::project::ProjectArgs;
use super::{output, written};
use clap::ValueEnum;
use secgov::exit;
use secgov::generate::{self, Generated, Request, Template, aot_emit};
use secgov::model::BackupType;
use secgov::render::inspect;
use secgov::write::atomic;
use secgov::write::usg::UsgOptions;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Outline files: Excel (.xlsx), CSV (comma or semicolon; from Excel, save as "CSV UTF-8
    /// (Comma delimited)"), YAML or TOML; `-` reads one from standard input.
    /// Without any, the `outlines` of secgov.toml are used.
    #[arg(value_name = "OUTLINE")]
    outlines: Vec<PathBuf>,

    /// The worksheet of .xlsx outlines to read [default: the first].
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,

    /// Where to write: a file for the backup (`-` for standard output), a folder for --emit aot.
    #[arg(long = "output", short = 'o', alias = "out", value_name = "PATH")]
    out: Option<PathBuf>,

    /// The backup Type [default: UserSecurityGovernance] (any case, kebab-case, or `usg`,
    /// `configuration`, `both`).
    #[arg(long = "type", value_name = "TYPE", value_parser = super::values::restore_type())]
    backup_type: Option<BackupType>,

    /// What to write: a USG backup, or AOT files for a Visual Studio project.
    #[arg(long, value_enum, default_value_t = Emit::Usg)]
    emit: Emit,

    /// Start from a category of this backup (the documented "back up one, copy it" way).
    #[arg(long, value_name = "BACKUP", requires = "category")]
    from: Option<PathBuf>,

    /// The category of --from to copy.
    #[arg(long, value_name = "NAME", requires = "from")]
    category: Option<String>,

    /// The name of the copy made with --from.
    #[arg(long, value_name = "NEW", requires = "from")]
    rename: Option<String>,

    /// A backup of the destination: categories that already exist there are refused.
    #[arg(long, value_name = "BACKUP")]
    target: Option<PathBuf>,

    /// Start the file with a UTF-8 byte order mark.
    #[arg(long)]
    bom: bool,

    /// End lines with CRLF, as Windows tools write them.
    #[arg(long)]
    crlf: bool,

    /// Overwrite existing output.
    #[arg(long)]
    force: bool,

    /// Print what would be written where (a summary and the tree) and write nothing; takes the
    /// same --output as the real run.
    #[arg(long)]
    dry_run: bool,

    /// Read defaults from this file instead of the nearest secgov.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Refuse outlines, --from and --target files (and standard input) larger than this many MiB.
    #[arg(long, value_name = "MIB", default_value_t = secgov::input::DEFAULT_MAX_SIZE >> 20)]
    max_size: u64,

    /// Report at most this many findings; the rest are counted in one SG099 finding (0: no
    /// limit).
    #[arg(long, value_name = "N", default_value_t = secgov::diag::DEFAULT_MAX_FINDINGS)]
    max_findings: usize,

    #[command(flatten)]
    project: ProjectArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Emit {
    /// A USG security category backup for Restore from XML.
    Usg,
    /// AxSecurityRole/, AxSecurityDuty/ and AxSecurityPrivilege/ files.
    Aot,
}

fn parse_type(s: &str) -> Result<BackupType, String> {
    BackupType::parse(s).ok_or_else(|| {
        "use UserSecurityGovernance, SecurityConfiguration or GovernanceAndConfiguration".to_owned()
    })
}

/// The `[generate]` table of secgov.toml. Paths are relative to the file's folder.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Config {
    #[serde(default)]
    pub outlines: Vec<PathBuf>,
    pub out: Option<PathBuf>,
    #[serde(rename = "type")]
    pub backup_type: Option<String>,
    pub bom: Option<bool>,
    pub crlf: Option<bool>,
    pub target: Option<PathBuf>,
    /// The worksheet of .xlsx outlines.
    pub sheet: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct ConfigFile {
    #[serde(default)]
    generate: Config,
}

fn io_error(path: &Path, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("cannot read {}: {e}", path.display()))
}

fn config(args: &Args) -> std::io::Result<(Config, PathBuf)> {
    let path = match &args.config {
        Some(p) => p.clone(),
        None => match std::env::current_dir()
            .ok()
            .and_then(|d| secgov::config::find(&d))
        {
            Some(p) => p,
            None => return Ok((Config::default(), PathBuf::new())),
        },
    };
    let bytes = read(&path, secgov::input::DEFAULT_MAX_SIZE)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        io_error(
            &path,
            std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()),
        )
    })?;
    let file: ConfigFile = toml::from_str(&text).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{}: {}", path.display(), e.message()),
        )
    })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    // Paths below the working folder are shown relative to it, as the user would type them.
    let base = std::env::current_dir()
        .ok()
        .and_then(|cwd| base.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or(base);
    Ok((file.generate, base))
}

fn read(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    secgov::input::read(path, max).map_err(|e| e.into_io_error(path))
}

fn usage(message: &str) -> std::io::Result<i32> {
    eprintln!("secgov generate: {message}");
    Ok(exit::ERROR)
}

pub(crate) fn run(args: &Args, color: bool) -> std::io::Result<i32> {
    let (config, base) = config(args)?;
    let max = args.max_size.saturating_mul(1024 * 1024);
    let from_config = |p: &PathBuf| base.join(p);
    let outlines: Vec<PathBuf> = if args.outlines.is_empty() && args.from.is_none() {
        config.outlines.iter().map(from_config).collect()
    } else {
        match super::paths::expand_globs(&args.outlines) {
            Ok(p) => p,
            Err(e) => return usage(&e.to_string()),
        }
    };
    if outlines.is_empty() && args.from.is_none() {
        return usage(
            "name at least one outline (or --from BACKUP --category NAME); `secgov init DIR` writes a starter outline",
        );
    }
    let out = args
        .out
        .clone()
        .or_else(|| config.out.as_ref().map(from_config));
    // --dry-run answers "what would this command do", so it needs the same destination as the
    // real run: without one both stop here with the same message.
    let Some(out) = out else {
        return usage(
            "say where to write with --output FILE (or - for standard output); --dry-run needs it too, to show where the real run writes",
        );
    };
    let backup_type = match (args.backup_type, &config.backup_type) {
        (Some(t), _) => t,
        (None, Some(s)) => match parse_type(s) {
            Ok(t) => t,
            Err(e) => return usage(&format!("secgov.toml: type = {s:?}: {e}")),
        },
        (None, None) => BackupType::UserSecurityGovernance,
    };
    let mut request = Request {
        options: UsgOptions {
            backup_type,
            bom: args.bom || config.bom.unwrap_or(false),
            crlf: args.crlf || config.crlf.unwrap_or(false),
        },
        output_name: generated_name(&out),
        sheet: args.sheet.clone().or_else(|| config.sheet.clone()),
        max_size: Some(max),
        ..Request::default()
    };
    if args.emit == Emit::Aot {
        request.options.backup_type = BackupType::GovernanceAndConfiguration;
    } else if args.project.wants_project() {
        return usage("--model writes a Visual Studio project; use it with --emit aot");
    }
    for path in &outlines {
        let name = secgov::input::shown(path);
        request.outlines.push((name, read(path, max)?));
    }
    if let (Some(from), Some(category)) = (&args.from, &args.category) {
        request.template = Some(Template {
            path: from.display().to_string(),
            bytes: read(from, max)?,
            category: category.clone(),
            rename: args.rename.clone(),
        });
    }
    let target = args
        .target
        .clone()
        .or_else(|| config.target.as_ref().map(from_config));
    if let Some(target) = &target {
        request.target = Some((target.display().to_string(), read(target, max)?));
    }
    // An output must never replace an outline, template or target it is made from (SG954).
    let inputs: Vec<&Path> = outlines
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .chain(&args.from)
        .chain(&target)
        .map(PathBuf::as_path)
        .collect();
    if args.emit == Emit::Usg && out.as_os_str() != "-" && !written::not_an_input(&out, &inputs) {
        return Ok(exit::ERROR);
    }
    let progress = super::progress::Progress::start();
    let mut generated = generate::generate(&request);
    drop(progress);
    secgov::diag::cap(&mut generated.diagnostics, args.max_findings);
    output::report(&generated.files, &generated.diagnostics, color)?;
    let Some(xml) = &generated.xml else {
        eprintln!("secgov generate: nothing written; fix the outline and run again");
        return Ok(exit::FINDINGS);
    };
    let written = match args.emit {
        Emit::Usg => write_backup(args, &out, xml, &generated, &request.options),
        Emit::Aot => write_aot(args, &out, &generated, color, &inputs),
    };
    // The process ends right after this: freeing the outline, the written file and both models
    // one string at a time was 3% of generating a 20,000-task outline.
    std::mem::forget(generated);
    written
}

fn write_backup(
    args: &Args,
    out: &Path,
    xml: &[u8],
    generated: &Generated,
    options: &UsgOptions,
) -> std::io::Result<i32> {
    if args.dry_run {
        let mut text = format!(
            "would write {} bytes to {} (Type {}, UTF-8{}{})\n",
            xml.len(),
            generated_name(out),
            options.backup_type.as_str(),
            if options.bom { " with BOM" } else { "" },
            if options.crlf { ", CRLF" } else { ", LF" },
        );
        if let Some(reread) = &generated.reread {
            text.push_str(&inspect::text(&reread.model));
        }
        output::stdout(&text)?;
        return Ok(exit::SUCCESS);
    }
    if out.as_os_str() == "-" {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(xml)?;
        stdout.flush()?;
        return Ok(exit::SUCCESS);
    }
    if let Err(e) = atomic::write(out, xml, args.force) {
        eprintln!("secgov generate: {e}");
        return Ok(exit::ERROR);
    }
    eprintln!("wrote {} ({} bytes)", out.display(), xml.len());
    Ok(exit::SUCCESS)
}

/// The output as messages name it: the path, or `<stdout>`.
fn generated_name(out: &Path) -> String {
    match out.as_os_str() == "-" {
        true => "<stdout>".to_owned(),
        false => out.display().to_string(),
    }
}

fn write_aot(
    args: &Args,
    out: &Path,
    generated: &Generated,
    color: bool,
    inputs: &[&Path],
) -> std::io::Result<i32> {
    let objects = secgov::roundtrip::convert::objects(&generated.model, &generated.implied);
    let bad_names = secgov::roundtrip::convert::check_aot_names(&objects);
    if !bad_names.is_empty() {
        output::report(&generated.files, &bad_names, color)?;
        eprintln!("secgov generate: nothing written; rename the objects and run again");
        return Ok(exit::FINDINGS);
    }
    let mut files = aot_emit::files(&generated.model, &generated.implied, &generated.files);
    let project = match args.project.project() {
        Ok(p) => p,
        Err(message) => return usage(&message),
    };
    if let Some(project) = &project {
        let extras = project.lay_out(files.iter_mut().map(|f| &mut f.path), &objects);
        files.extend(extras.into_iter().map(|e| aot_emit::AotFile {
            path: e.path,
            bytes: e.text.into_bytes(),
        }));
    }
    if out.as_os_str() == "-" {
        return usage("--emit aot writes a folder; give it with --output DIR");
    }
    if args.dry_run {
        let mut text = format!(
            "would write {} AOT files below {}\n",
            files.len(),
            out.display()
        );
        for f in &files {
            text.push_str(&format!(
                "  {} ({} bytes)\n",
                f.path.display(),
                f.bytes.len()
            ));
        }
        output::stdout(&text)?;
        return Ok(exit::SUCCESS);
    }
    if !args.force {
        let existing: Vec<String> = files
            .iter()
            .map(|f| out.join(&f.path))
            .filter(|p| p.symlink_metadata().is_ok())
            .map(|p| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            eprintln!(
                "secgov generate: {} already exist(s): {}; pass --force to overwrite",
                existing.len(),
                existing.join(", ")
            );
            return Ok(exit::ERROR);
        }
    }
    if !files
        .iter()
        .all(|f| written::not_an_input(&out.join(&f.path), inputs))
    {
        return Ok(exit::ERROR);
    }
    let staged: Vec<(&Path, &[u8])> = files
        .iter()
        .map(|f| (f.path.as_path(), f.bytes.as_slice()))
        .collect();
    if let Err(e) = secgov::write::stage::write_folder(out, &staged, args.force) {
        eprintln!("secgov generate: {e}");
        return Ok(exit::ERROR);
    }
    eprintln!("wrote {} AOT files below {}", files.len(), out.display());
    Ok(exit::SUCCESS)
}
