//! SG308: with `--action clear`, how many task references the restore will blank.

use super::{Context, Docs, RestoreAction, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::Category;

pub(super) static RULE: Rule = Rule {
    code: "SG308",
    name: "clear-blanks-references",
    summary: "The Clear action will blank the security references of the tasks and processes.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "With `--action clear`, counts for each category the task references (duty and \
               privilege) and process roles that the restore will blank.",
        why: "Clear removes every reference between governance objects and core security objects: \
              each task comes in blank, and its roles and duties must be created again by hand. \
              The count shows how much work that is.",
        example: "<!-- secgov validate --action clear -->\n<Task>\n  <Name>Maintain vendor master</Name>\n  <Duty>VendTableMaintain</Duty>\n</Task>",
        fix: "If the references should survive, restore with the action None (the duties exist in \
              the destination) or Create (they should be made). Otherwise plan to recreate them.",
    },
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let label = "references blanked on restore";
    let help = "restore with --action none to keep references to existing duties, or --action create to create them; after Clear, every duty and role must be created again";
    RULE.per_category(cx, RestoreAction::Clear, blanked, (label, help), out);
}

/// What Clear blanks in `c`, if anything.
fn blanked(c: &Category) -> Option<String> {
    let processes: Vec<_> = c
        .hierarchy
        .iter()
        .flat_map(|h| &h.processes)
        .flat_map(|p| p.walk())
        .collect();
    let tasks = processes
        .iter()
        .flat_map(|p| &p.tasks)
        .filter(|t| t.duty.is_some() || t.privilege.is_some())
        .count();
    let roles = processes.iter().filter(|p| p.role.is_some()).count();
    let message = format!(
        "Clear will blank the security references of {tasks} tasks and {roles} process roles in category `{}`",
        c.name.value
    );
    (tasks + roles > 0).then_some(message)
}

#[cfg(test)]
crate::rules::testing::cases! {
    counts_under_clear: governance(ROLE_AND_DUTY).action(RestoreAction::Clear) => "SG308" at [1];
    nothing_without_clear: governance(ROLE_AND_DUTY) => "SG308" at [];
}
