//! `--from BACKUP --category NAME --rename NEW`: a category of an existing backup as the
//! template (the documented tip: make one category in the UI, back it up, and copy it), with
//! the hierarchy optionally replaced from an outline.
//!
//! Users do not travel: the copy has no Owner and no role assignments (a backup names users only
//! there, and they belong to the source environment).

use super::diag_in;
use crate::diag::{Diagnostic, Severity, did_you_mean};
use crate::load::{LoadOptions, Loaded, load_bytes};
use crate::model::{Category, Model, Origin};
use crate::outline::codes;
use crate::source::SourceFile;
use crate::span::{FileId, name_key};

/// The category to start from.
#[derive(Debug, Clone)]
pub struct Template {
    /// The backup's path (for messages) and bytes.
    pub path: String,
    pub bytes: Vec<u8>,
    /// The category to copy, matched case-insensitively.
    pub category: String,
    /// The new category's name; without it the copy keeps the name.
    pub rename: Option<String>,
}

/// The template category, found.
pub(crate) struct Found {
    loaded: Loaded,
    file: FileId,
    index: usize,
    name: String,
    renamed: bool,
}

/// Reads the backup and finds the category; `None` (with findings) when that fails.
pub(crate) fn read(
    t: &Template,
    files: &mut Vec<SourceFile>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Found> {
    let loaded = load_bytes(&t.path, &t.bytes, &LoadOptions::default());
    let file = files.len();
    let errors = loaded
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    diags.extend(loaded.diagnostics.iter().cloned().map(|d| diag_in(d, file)));
    files.extend(loaded.model.files.iter().cloned());
    if errors {
        return None;
    }
    let key = name_key(&t.category);
    let Some(index) = loaded
        .model
        .categories
        .iter()
        .position(|c| c.name.key() == key)
    else {
        let names: Vec<&str> = loaded
            .model
            .categories
            .iter()
            .map(|c| c.name.value.as_str())
            .collect();
        let d = Diagnostic::error(
            codes::TEMPLATE_CATEGORY_MISSING,
            format!("{} has no category `{}`", t.path, t.category),
        )
        .in_file(file);
        let d = match did_you_mean(&t.category, names.iter().copied()) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None if names.is_empty() => d.with_help(
                "the backup holds no category; back up the category from Dynamics 365 again",
            ),
            None => d.with_help(format!("the backup holds: {}", names.join(", "))),
        };
        diags.push(d);
        return None;
    };
    let name = t
        .rename
        .clone()
        .unwrap_or_else(|| loaded.model.categories[index].name.value.clone());
    Some(Found {
        loaded,
        file,
        index,
        name,
        renamed: t.rename.is_some(),
    })
}

impl Found {
    /// The name the new category gets (rows of an outline that name no category go there).
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// Puts the new category into `model`: the template, or the template's category details
    /// with the outline's hierarchy.
    pub(crate) fn apply(
        self,
        outline: Vec<Category>,
        model: &mut Model,
        diags: &mut Vec<Diagnostic>,
    ) {
        let source = &self.loaded.model;
        let mut template = source.categories[self.index].clone();
        template.file = self.file;
        template.owner = None;
        template.name.value = self.name.clone();
        let mut outline = outline.into_iter();
        let category = match outline.next() {
            None => {
                // The template's own security configuration travels with its hierarchy.
                let ours = |o: &Origin| {
                    *o == Origin::Backup {
                        category: self.index,
                    }
                };
                let copy = Origin::Backup { category: 0 };
                for r in source.roles.iter().filter(|r| ours(&r.origin)) {
                    let mut r = r.clone();
                    (r.file, r.origin) = (self.file, copy);
                    model.roles.push(r);
                }
                for d in source.duties.iter().filter(|d| ours(&d.origin)) {
                    let mut d = d.clone();
                    (d.file, d.origin) = (self.file, copy);
                    model.duties.push(d);
                }
                for p in source.privileges.iter().filter(|p| ours(&p.origin)) {
                    let mut p = p.clone();
                    (p.file, p.origin) = (self.file, copy);
                    model.privileges.push(p);
                }
                template
            }
            Some(mut c) => {
                if self.renamed {
                    c.name.value = self.name.clone();
                }
                if c.description.is_none() {
                    c.description = template.description;
                }
                if c.company.is_none() {
                    c.company = template.company;
                }
                c
            }
        };
        for extra in outline {
            diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_CATEGORY,
                    format!("with --from the outline describes one category, but it also names `{}`", extra.name.value),
                )
                .at(extra.file, extra.name.span)
                .with_label("second category")
                .with_help("leave the Category column empty (rows go to the copied category), or generate the other categories without --from"),
            );
        }
        model.categories = vec![category];
    }
}
