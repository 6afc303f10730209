//! SG202: two processes with the same name in one category.

use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use std::collections::BTreeMap;

pub(super) static RULE: Rule = Rule {
    code: "SG202",
    name: "duplicate-process-name",
    summary: "Two processes in one category have the same name.",
    default_severity: Severity::Error,
    retired: None,
    docs: Docs {
        what: "That process names are unique within a category, at any depth of the hierarchy, \
               compared case-insensitively.",
        why: "A process name is unique in User security governance. A restore either stops or \
              merges the two processes' tasks under one, and the hierarchy in Dynamics 365 no \
              longer matches the file.",
        example: "<ProcessHierarchy>\n  <Process>\n    <Name>Maintain vendors</Name>\n  </Process>\n  <Process>\n    <Name>Maintain Vendors</Name>\n  </Process>\n</ProcessHierarchy>",
        fix: "Rename one of the processes, or move the tasks of one into the other and remove it.",
    },
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<(usize, String), crate::span::Span> = BTreeMap::new();
    for p in cx.input_processes() {
        let key = p.process.name.key();
        if key.is_empty() {
            continue;
        }
        let category = p.category as *const _ as usize;
        match first.get(&(category, key.clone())) {
            Some(&span) => {
                let message = format!(
                    "the process name `{}` is used twice in category `{}`",
                    p.process.name.value, p.category.name.value
                );
                out.push(
                    RULE.at(p.at(p.process.name.span), message)
                        .with_label("second process with this name")
                        .with_related(p.category.file, span, "first defined here")
                        .with_help("process names must be unique within a category; rename one or merge their tasks"),
                )
            }
            None => {
                first.insert((category, key), p.process.name.span);
            }
        }
    }
}

#[cfg(test)]
crate::rules::testing::cases! {
    /// Processes at any depth share one namespace.
    nested_processes_share_one_namespace: governance("<Process><Name>A</Name>\n<Process><Name>B</Name></Process></Process>\n<Process><Name>b</Name></Process>") => "SG202" at [5];
}
