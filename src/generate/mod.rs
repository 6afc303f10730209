//! `secgov generate`: outlines (and optionally a category copied from an existing backup) to a
//! model, checked, then written as a USG backup or as AOT files.
//!
//! The pipeline: read outlines into categories (spans in the outlines) -> outline checks ->
//! write XML -> read the XML back -> run the reader's and `secgov validate`'s checks on it and
//! report their findings at the outline row that produced the element. Nothing is written by the
//! caller unless [`Generated::xml`] is `Some`.

pub mod aot_emit;
mod from;
mod trace;

pub use from::Template;
pub use trace::hierarchy_lines;

use crate::diag::{self, Diagnostic, Severity};
use crate::load::{LoadOptions, Loaded, load_bytes};
use crate::model::{Implied, Model, implied_security};
use crate::outline::{self, OutlineOptions};
use crate::source::SourceFile;
use crate::write::usg::{self, UsgOptions};

/// What to generate.
#[derive(Debug, Default)]
pub struct Request {
    /// Outline files: path as given, and bytes.
    pub outlines: Vec<(String, Vec<u8>)>,
    /// A category of an existing backup to start from (`--from`).
    pub template: Option<Template>,
    /// A backup of the destination, whose categories must not be created again (`--target`).
    pub target: Option<(String, Vec<u8>)>,
    pub options: UsgOptions,
    /// The name the output goes by in messages and in the dry-run tree.
    pub output_name: String,
    /// The worksheet to read from Excel outlines (`--sheet`); the first when `None`.
    pub sheet: Option<String>,
    /// `--max-size` in bytes, which also bounds what an Excel outline unpacks to; the default
    /// limit when `None`.
    pub max_size: Option<u64>,
}

/// The result: findings against the outlines, and the output when there are no errors.
#[derive(Debug)]
pub struct Generated {
    /// Every file the findings may point into: outlines, the `--from` and `--target` backups,
    /// and the generated XML itself (last).
    pub files: Vec<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
    /// The generated categories and the security objects copied from a template, with spans in
    /// the outlines (or the template).
    pub model: Model,
    /// The roles, duties and privileges the hierarchy implies.
    pub implied: Implied,
    /// The backup, when nothing stopped it.
    pub xml: Option<Vec<u8>>,
    /// The backup read back (what `--dry-run` shows).
    pub reread: Option<Loaded>,
}

impl Generated {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Runs the whole pipeline. Never panics on input; every problem is a diagnostic.
pub fn generate(request: &Request) -> Generated {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let mut model = Model::default();
    let mut options = OutlineOptions {
        sheet: request.sheet.clone(),
        max_size: request.max_size,
        ..OutlineOptions::default()
    };
    let template = match &request.template {
        Some(t) => match from::read(t, &mut files, &mut diags) {
            Some(found) => {
                options.default_category = Some(found.name().to_owned());
                Some(found)
            }
            None => return stopped(files, diags, model),
        },
        None => None,
    };
    let mut categories = Vec::new();
    for (path, bytes) in &request.outlines {
        let o = crate::timing::phase("generate: read outline", || {
            outline::read(path, bytes, &mut files, &options, &mut diags)
        });
        categories.extend(o.categories);
    }
    if let Some(found) = template {
        found.apply(categories, &mut model, &mut diags);
    } else {
        model.categories = categories;
    }
    crate::timing::phase("generate: check outline", || {
        outline::check(&model.categories, &mut diags)
    });
    let needs_duties = request.options.backup_type.has_configuration();
    if needs_duties {
        outline::check_duties(&model.categories, &mut diags);
    }
    if let Some((path, bytes)) = &request.target {
        let target = load_bytes(path, bytes, &LoadOptions::default());
        let id = files.len();
        diags.extend(target.diagnostics.iter().cloned().map(|d| diag_in(d, id)));
        outline::check_target(
            &model.categories,
            &target.model.categories,
            id,
            path,
            &mut diags,
        );
        files.extend(target.model.files);
    }
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return stopped(files, diags, model);
    }
    let implied = crate::timing::phase("generate: implied", || implied_security(&model));
    let xml = crate::timing::phase("generate: write", || {
        usg::backup(&model, &implied, &request.options)
    });
    let reread = crate::timing::phase("generate: read back", || {
        load_bytes(&request.output_name, &xml, &LoadOptions::default())
    });
    let generated_file = files.len();
    let findings = crate::timing::phase("generate: validate", || {
        trace::validate(&reread, request.options.backup_type)
    });
    let traced = crate::timing::phase("generate: trace", || {
        trace::Trace::new(&model, &implied, &reread.model)
    });
    // The outline check above already said it at the task, in the outline's words.
    for d in findings
        .into_iter()
        .filter(|d| !(needs_duties && d.code == outline::codes::TASK_WITHOUT_DUTY))
    {
        diags.push(traced.to_outline(d, generated_file));
    }
    if let Some(d) = trace::round_trip(&model, &reread.model, request.options.backup_type) {
        diags.push(d);
    }
    files.extend(reread.model.files.iter().cloned());
    diag::sort(&mut diags);
    let ok = !diags.iter().any(|d| d.severity == Severity::Error);
    Generated {
        files,
        diagnostics: diags,
        model,
        implied,
        xml: ok.then_some(xml),
        reread: Some(reread),
    }
}

fn stopped(files: Vec<SourceFile>, mut diags: Vec<Diagnostic>, model: Model) -> Generated {
    diag::sort(&mut diags);
    Generated {
        files,
        diagnostics: diags,
        model,
        implied: Implied::default(),
        xml: None,
        reread: None,
    }
}

/// Moves a diagnostic about file 0 of a separately loaded file to `id` in the run's list.
pub(crate) fn diag_in(mut d: Diagnostic, id: usize) -> Diagnostic {
    d.file = d.file.map(|f| f + id);
    for r in &mut d.related {
        r.file += id;
    }
    d
}
