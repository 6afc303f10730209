//! SG201: two categories with the same name, in one file, across the run's files, or against the
//! destination given with `--target`.

use super::finding::Place;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::span::FileId;
use std::collections::BTreeMap;

pub(super) static RULE: Rule = Rule {
    code: "SG201",
    name: "duplicate-category-name",
    summary: "Two security categories have the same name.",
    default_severity: Severity::Error,
    retired: None,
    docs: Docs {
        what: "That every security category name is unique, compared case-insensitively: within one \
               file, across all files of one run (they are restored into one environment), and \
               against the categories of the destination given with `--target`.",
        why: "Each category must have a unique name. Restore from XML stops with a warning when a \
              category of the same name already exists in the destination, so the rest of the \
              file is never restored.",
        example: "<SecurityCategoryBackup Type=\"UserSecurityGovernance\">\n  <SecurityCategory>\n    <Name>Procure to pay</Name>\n  </SecurityCategory>\n  <SecurityCategory>\n    <Name>procure to pay</Name>\n  </SecurityCategory>\n</SecurityCategoryBackup>",
        fix: "Rename one of the categories, or merge their process hierarchies into one. When the \
              name exists in the destination, delete or rename the category there first, or \
              rename it in the file.",
    },
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<String, (FileId, crate::span::Span)> = BTreeMap::new();
    let mut in_target: BTreeMap<String, (FileId, crate::span::Span)> = BTreeMap::new();
    for c in &cx.model.categories {
        if c.name.value.trim().is_empty() {
            continue;
        }
        if cx.is_target(c.file) {
            in_target
                .entry(c.name.key())
                .or_insert((c.file, c.name.span));
        }
    }
    for (_, c) in cx.input_categories() {
        let key = c.name.key();
        if key.is_empty() {
            continue;
        }
        if let Some(&(file, span)) = first.get(&key) {
            let message = format!("the category name `{}` is used twice", c.name.value);
            out.push(
                RULE.at(Place::category(c, c.name.span), message)
                    .with_label("second category with this name")
                    .with_related(file, span, "first defined here")
                    .with_help("give each category a unique name; a restore stops at a category whose name already exists"),
            );
        } else {
            first.insert(key.clone(), (c.file, c.name.span));
        }
        if let Some(&(file, span)) = in_target.get(&key) {
            let message = format!(
                "the category `{}` already exists in the destination; the restore will stop here",
                c.name.value
            );
            out.push(
                RULE.at(Place::category(c, c.name.span), message)
                    .with_label("exists in the destination")
                    .with_related(file, span, "the destination's category")
                    .with_help("rename the category in the file, or remove or rename it in the destination before restoring"),
            );
        }
    }
}

#[cfg(test)]
crate::rules::testing::cases! {
    same_name_in_other_case_is_a_duplicate: file("<SecurityCategoryBackup Type=\"UserSecurityGovernance\">\n<SecurityCategory><Name>P2P</Name></SecurityCategory>\n<SecurityCategory><Name>p2p</Name></SecurityCategory>\n<SecurityCategory><Name>O2C</Name></SecurityCategory>\n</SecurityCategoryBackup>") => "SG201" at [3];
}
