//! SG801: a process with no tasks anywhere below it.

use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};

pub(super) static RULE: Rule = Rule {
    code: "SG801",
    name: "process-without-tasks",
    summary: "A process has no tasks, neither directly nor in its sub-processes.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "That every process has at least one task, itself or in a process below it. Only the \
               topmost empty process of a branch is reported.",
        why: "A process without tasks grants nothing and, if it names a role, creates an empty role. \
              It is usually a placeholder left from planning, or tasks were put under the wrong \
              process.",
        example: "<Process>\n  <Name>Vendor onboarding</Name>\n</Process>",
        fix: "Add the tasks the process stands for, or remove it.",
    },
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let mut inside_empty: Vec<String> = Vec::new();
    for p in cx.input_processes() {
        if inside_empty.iter().any(|e| p.path.starts_with(e.as_str())) {
            continue;
        }
        if p.process.task_count() > 0 {
            continue;
        }
        let message = format!("the process `{}` has no tasks", p.process.name.value);
        out.push(
            RULE.at(p.at(p.process.name.span), message)
                .with_label("no task here or below")
                .with_help("add the tasks the process stands for, or remove it"),
        );
        inside_empty.push(format!("{}/", p.path));
    }
}

#[cfg(test)]
crate::rules::testing::cases! {
    topmost_empty_process_only: governance("<Process><Name>A</Name>\n<Process><Name>B</Name></Process>\n</Process>\n<Process><Name>C</Name><Task><Name>T</Name></Task></Process>") => "SG801" at [3];
}
