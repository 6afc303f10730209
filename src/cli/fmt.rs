//! `secgov fmt PATH...`: canonical formatting of security XML, for people and for pipelines.
//!
//! Formatting one file prints it; `--check` reports files that are not formatted (exit 1) and
//! `--write` rewrites them in place, atomically, keeping their encoding and line ends.

use super::{InputArgs, output};
use secgov::diag::{self, Diagnostic, codes};
use secgov::exit;
use secgov::source::{self, SourceFile};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Files or folders to format; `-` formats standard input to standard output, and glob
    /// patterns such as `*.xml` are expanded.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Only report files that are not formatted; exit 1 if there are any.
    #[arg(long, conflicts_with = "write")]
    check: bool,

    /// Rewrite the files in place (atomically) instead of printing the result.
    #[arg(long)]
    write: bool,

    /// With --write, also rewrite a file that has more than one hard link, in place (every name
    /// sees the new text; the write is not atomic). Without it such a file is refused (SG955).
    #[arg(long, requires = "write")]
    force: bool,

    #[command(flatten)]
    input: InputArgs,
}

/// One file's outcome.
enum Outcome {
    Formatted {
        file: SourceFile,
        bytes: Vec<u8>,
        changed: bool,
    },
    Failed {
        file: SourceFile,
        diagnostics: Vec<Diagnostic>,
    },
}

pub(crate) fn run(args: &Args, color: bool) -> std::io::Result<i32> {
    let options = args.input.options();
    let given = match super::paths::inputs(&args.paths) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("secgov: {e}");
            return Ok(exit::ERROR);
        }
    };
    let (paths, mut run_diags) = secgov::load::expand_paths(&given);
    if paths.len() > 1 && !args.check && !args.write {
        eprintln!(
            "secgov: {} files to format: pass --check to report them or --write to rewrite them",
            paths.len()
        );
        return Ok(exit::ERROR);
    }
    if args.write && paths.iter().any(|p| secgov::input::is_stdin(p)) {
        eprintln!(
            "secgov: standard input (-) cannot be rewritten: drop --write to print the result"
        );
        return Ok(exit::ERROR);
    }
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    let mut unformatted = Vec::new();
    for (id, path) in paths.iter().enumerate() {
        match format_one(id, path, &options) {
            Outcome::Formatted {
                file,
                bytes,
                changed,
            } => {
                if args.check && changed {
                    unformatted.push(file.path.clone());
                } else if args.write && changed {
                    if let Err(e) = secgov::write::atomic::replace(path, &bytes, args.force) {
                        let code = e.code().unwrap_or(codes::UNREADABLE);
                        diagnostics.push(Diagnostic::error(code, e.message()).in_file(id));
                    }
                } else if !args.check && !args.write {
                    use std::io::Write;
                    let mut out = std::io::stdout().lock();
                    out.write_all(&bytes)?;
                    out.flush()?;
                }
                files.push(file);
            }
            Outcome::Failed {
                file,
                diagnostics: d,
            } => {
                diagnostics.extend(d);
                files.push(file);
            }
        }
    }
    diagnostics.append(&mut run_diags);
    // Capping sorts.
    diag::cap(&mut diagnostics, args.input.max_findings);
    output::report(&files, &diagnostics, color)?;
    if !diagnostics.is_empty() {
        return Ok(exit::ERROR);
    }
    if args.check {
        let mut text = String::new();
        for path in &unformatted {
            text.push_str(&format!("not formatted: {path}\n"));
        }
        text.push_str(&format!(
            "{} of {} {}\n",
            unformatted.len(),
            super::written::count(files.len(), "file", "files"),
            if unformatted.len() == 1 {
                "needs formatting"
            } else {
                "need formatting"
            }
        ));
        output::stdout(&text)?;
        return Ok(if unformatted.is_empty() {
            exit::SUCCESS
        } else {
            exit::FINDINGS
        });
    }
    Ok(exit::SUCCESS)
}

fn format_one(id: usize, path: &std::path::Path, options: &secgov::load::LoadOptions) -> Outcome {
    let display = secgov::input::shown(path);
    let empty = || SourceFile::new(display.clone(), String::new(), source::Encoding::Utf8);
    let bytes = match secgov::input::read(path, options.max_size) {
        Ok(b) => b,
        Err(failure) => {
            let d = Diagnostic::error(failure.code(), format!("cannot read {display}: {failure}"))
                .in_file(id)
                .with_help(failure.help());
            return Outcome::Failed {
                file: empty(),
                diagnostics: vec![d],
            };
        }
    };
    let decoded = source::decode(id, &display, &bytes);
    let file = decoded.file;
    let mut diagnostics: Vec<Diagnostic> = decoded
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == diag::Severity::Error)
        .collect();
    if decoded.fatal || !diagnostics.is_empty() {
        return Outcome::Failed { file, diagnostics };
    }
    let formatted = match secgov::xml::read(id, &file, &mut diagnostics) {
        Some(tree) => {
            let root = tree.root_element().name().to_owned();
            match options.dialect.or_else(|| secgov::dialect::detect(&root)) {
                Some(dialect) => Some(secgov::fmt::format(&tree, dialect)),
                None => {
                    diagnostics.push(
                        Diagnostic::error(
                            codes::UNRECOGNIZED_DOCUMENT,
                            format!("<{root}> is not the root of a security file"),
                        )
                        .in_file(id)
                        .with_help("pass --dialect to format it as one of the security dialects"),
                    );
                    None
                }
            }
        }
        None => None,
    };
    match formatted {
        Some(text) => {
            let out = secgov::write::encoding::encode(&text, file.encoding, file.crlf);
            let changed = out != bytes;
            Outcome::Formatted {
                file,
                bytes: out,
                changed,
            }
        }
        None => Outcome::Failed { file, diagnostics },
    }
}
