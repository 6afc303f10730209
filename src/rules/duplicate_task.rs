//! SG203: two tasks with the same name in one process.

use super::context::TaskAt;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use std::collections::BTreeMap;

pub(super) static RULE: Rule = Rule {
    code: "SG203",
    name: "duplicate-task-name",
    summary: "Two tasks in one process have the same name.",
    default_severity: Severity::Error,
    retired: None,
    docs: Docs {
        what: "That task names are unique within their process, compared case-insensitively.",
        why: "Tasks are identified by their name within a process; the second task overwrites or \
              collides with the first on restore, and its entry points and duty are lost.",
        example: "<Process>\n  <Name>Maintain vendors</Name>\n  <Task><Name>Maintain vendor master</Name></Task>\n  <Task><Name>Maintain vendor master</Name></Task>\n</Process>",
        fix: "Rename one task, or merge the entry points of both into one task.",
    },
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for p in cx.input_processes() {
        let mut first: BTreeMap<String, crate::span::Span> = BTreeMap::new();
        for task in &p.process.tasks {
            let key = task.name.key();
            if key.is_empty() {
                continue;
            }
            match first.get(&key) {
                Some(&span) => {
                    let message = format!(
                        "the task name `{}` is used twice in process `{}`",
                        task.name.value, p.process.name.value
                    );
                    let at = TaskAt { process: &p, task }.at(task.name.span);
                    out.push(
                        RULE.at(at, message)
                            .with_label("second task with this name")
                            .with_related(p.category.file, span, "first defined here")
                            .with_help("rename one task or merge their entry points into one"),
                    )
                }
                None => {
                    first.insert(key, task.name.span);
                }
            }
        }
    }
}

#[cfg(test)]
crate::rules::testing::cases! {
    only_within_one_process: governance("<Process><Name>A</Name>\n<Task><Name>T</Name></Task>\n<Task><Name>t</Name></Task></Process>\n<Process><Name>B</Name><Task><Name>T</Name></Task></Process>") => "SG203" at [5];
}
