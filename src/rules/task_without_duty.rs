//! SG803: a task without a duty where the restore needs one: under the action None it comes in
//! with no security at all, and in a file with a security configuration its entry points are in
//! no privilege.

use super::context::tasks_of;
use super::{Context, Docs, RestoreAction, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::BackupType;

pub(super) static RULE: Rule = Rule {
    code: "SG803",
    name: "task-without-duty",
    summary: "A task has no duty where one is needed (the action None, or a security configuration), so it grants nothing.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "With `--action none`, that every task names the duty it references; in a file whose Type carries a security configuration (Governance + configuration, Security configuration, and `secgov generate --type both` or `configuration`), that every task with entry points names a duty.",
        why: "None brings tasks in without creating security objects. A task without a duty is \
              connected to no security object, so its entry points grant nothing until someone \
              attaches a duty by hand. The security configuration holds entry points only in \
              privileges of duties, so there too a task without a duty loses its grants.",
        example: "<!-- secgov validate --action none -->\n<Task>\n  <Name>Maintain vendor master</Name>\n  <EntryPoints>...</EntryPoints>\n</Task>",
        fix: "Add `<Duty>` with the name of an existing duty (in an outline, fill the task's Duty \
              cell), or restore with the action Create so a duty is made for the task.",
    },
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let none = cx.options.action == Some(RestoreAction::None);
    let processes = cx.input_processes();
    for t in tasks_of(&processes) {
        let (p, task) = (t.process, t.task);
        if task.duty.is_some() {
            continue;
        }
        let file = p.category.file;
        // The path is built only for a finding.
        let at = || t.at(task.name.span);
        let d = if none && cx.action_applies(file) {
            RULE.at(at(), format!(
                "the task `{}` has no duty; restored with None it is tied to no security object",
                task.name.value
            ))
            .with_help("add <Duty> with an existing duty's name, or restore with --action create")
        } else if cx
            .restore_type(file)
            .is_some_and(BackupType::has_configuration)
            && !task.entry_points.is_empty()
        {
            // The security configuration is written from the duties: a task without one has
            // its entry points in no privilege of the file.
            RULE.at(at(), format!(
                "the task `{}` has entry points but no duty, so no privilege of the security configuration grants them",
                task.name.value
            ))
            .with_help("add <Duty> naming the duty whose privilege should hold these entry points")
        } else {
            continue;
        };
        out.push(d.with_label("no <Duty>"));
    }
}

#[cfg(test)]
crate::rules::testing::cases! {
    under_none: governance(NO_DUTY).action(RestoreAction::None) => "SG803" at [4];
    not_under_another_action: governance(NO_DUTY) => "SG803" at [];
    /// Only the task with entry points: the security configuration has nothing to lose for the other.
    with_a_security_configuration_when_the_task_has_entry_points: governance("<Process><Name>A</Name>\n<Task><Name>T</Name><EntryPoints><EntryPoint><ObjectName>M</ObjectName><ObjectType>MenuItemDisplay</ObjectType><Grant><Read>Allow</Read></Grant></EntryPoint></EntryPoints></Task>\n<Task><Name>Empty</Name></Task></Process>").with(CheckOptions { restore_type: Some(BackupType::GovernanceAndConfiguration), ..Default::default() }) => "SG803" at [4];
}

#[cfg(test)]
const NO_DUTY: &str = "<Process><Name>A</Name>\n<Task><Name>T</Name></Task></Process>";
