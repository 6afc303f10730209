//! `secgov convert BACKUP.xml --to aot --output DIR` and `--to secconfig --output FILE`: the roles,
//! duties and privileges of a USG backup, with those its process hierarchy implies.

use super::pack::ListArg;
use super::project::ProjectArgs;
use super::{InputArgs, written};
use clap::ValueEnum;
use secgov::exit;
use secgov::load::load;
use secgov::model::implied_security;
use secgov::roundtrip::convert;
use secgov::roundtrip::folder::{self, OutputFile};
use secgov::roundtrip::pack::List;
use secgov::write::aot::Shape;
use secgov::write::secconfig::{self, Contents};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The USG security category backup.
    #[arg(value_name = "BACKUP")]
    backup: PathBuf,

    /// What to write.
    #[arg(long, value_enum)]
    to: Target,

    /// The folder (`--to aot`) or file (`--to secconfig`) to write.
    #[arg(long = "output", short = 'o', alias = "out", value_name = "PATH")]
    out: PathBuf,

    /// With `--to secconfig`: the export list the objects go in.
    #[arg(long = "as", value_enum, default_value_t = ListArg::New)]
    list: ListArg,

    /// Overwrite outputs that already exist.
    #[arg(long)]
    force: bool,

    #[command(flatten)]
    project: ProjectArgs,

    #[command(flatten)]
    input: InputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Target {
    /// One AOT file per role, duty and privilege (AxSecurityRole/, AxSecurityDuty/, ...).
    Aot,
    /// One security configuration export.
    Secconfig,
}

pub(crate) fn run(args: &Args, color: bool) -> std::io::Result<i32> {
    let project = match args.project.project() {
        Ok(p) if p.is_some() && args.to != Target::Aot => {
            eprintln!(
                "secgov convert: --model writes a Visual Studio project; use it with --to aot"
            );
            return Ok(exit::ERROR);
        }
        Ok(p) => p,
        Err(message) => {
            eprintln!("secgov convert: {message}");
            return Ok(exit::ERROR);
        }
    };
    let loaded = load(std::slice::from_ref(&args.backup), &args.input.options());
    let model = &loaded.model;
    let implied = implied_security(model);
    let objects = convert::objects(model, &implied);
    let mut found = convert::check_input(model, &objects);
    // Two objects of one name would be one file, or one object twice in the export.
    let mut files = convert::aot_files(model, &objects);
    found.extend(folder::clashes(&files));
    if args.to == Target::Aot {
        found.extend(convert::check_aot_names(&objects));
    }
    if let Some(status) = written::report(&loaded, found, color, args.input.max_findings)? {
        return Ok(status);
    }
    if let Some(project) = &project {
        let extras = project.lay_out(files.iter_mut().map(|f| &mut f.path), &objects);
        files.extend(extras.into_iter().map(|e| OutputFile {
            path: e.path,
            text: e.text,
            object: None,
        }));
    }
    let status = match args.to {
        Target::Aot => written::folder(&args.out, &files, args.force, &written::inputs(&loaded))?,
        Target::Secconfig => {
            let mut contents = Contents {
                shape: Shape::VisualStudio,
                ..Contents::default()
            };
            match args.list.list() {
                List::New => contents.new = objects.clone(),
                List::Customized => contents.customized = objects.clone(),
            }
            written::file(
                &args.out,
                &secconfig::export(model, &contents),
                args.force,
                &written::inputs(&loaded),
            )?
        }
    };
    if status == exit::SUCCESS {
        let model = project
            .as_ref()
            .map(|p| format!(" as the model {}", p.name()))
            .unwrap_or_default();
        println!(
            "converted {} ({} implied by the process hierarchy) into {}{model}",
            written::count(objects.len(), "object", "objects"),
            implied.roles.len() + implied.duties.len() + implied.privileges.len(),
            args.out.display()
        );
    }
    Ok(status)
}
