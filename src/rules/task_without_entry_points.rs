//! SG802: a task with no entry points.

use super::context::tasks_of;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};

pub(super) static RULE: Rule = Rule {
    code: "SG802",
    name: "task-without-entry-points",
    summary: "A task has no entry points; its duty would grant nothing.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "That every task lists at least one entry point.",
        why: "A task's entry points become its duty's privilege. Without any, the duty the task \
              creates grants nothing, and users of the role see none of what the task describes.",
        example: "<Task>\n  <Name>Maintain vendor master</Name>\n  <Duty>VendTableMaintain</Duty>\n</Task>",
        fix: "Add the entry points (menu items, services, data entities) the task stands for, for \
              example from a task recording, or remove the task.",
    },
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let processes = cx.input_processes();
    for t in tasks_of(&processes) {
        let task = t.task;
        if !task.entry_points.is_empty() {
            continue;
        }
        let duty = match &task.duty {
            Some(d) => format!("; its duty `{}` would grant nothing", d.value),
            None => String::new(),
        };
        let message = format!("the task `{}` has no entry points{duty}", task.name.value);
        out.push(
            RULE.at(t.at(task.name.span), message)
                .with_label("no entry points")
                .with_help("add the entry points the task stands for, or remove the task"),
        );
    }
}

#[cfg(test)]
crate::rules::testing::cases! {
    empty_task: governance("<Process><Name>A</Name>\n<Task><Name>T</Name><Duty>D</Duty></Task></Process>") => "SG802" at [4];
}
