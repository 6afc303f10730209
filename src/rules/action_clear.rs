//! SG308: with `--action clear`, how many task references the restore will blank.

use super::context::category_path;
use super::{Context, Docs, RestoreAction, Rule};
use crate::diag::{Diagnostic, Severity};

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
    if cx.options.action != Some(RestoreAction::Clear) {
        return;
    }
    for (_, c) in cx
        .input_categories()
        .filter(|(_, c)| cx.action_applies(c.file))
    {
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
        if tasks + roles == 0 {
            continue;
        }
        out.push(
            RULE.diag(format!(
                "Clear will blank the security references of {tasks} tasks and {roles} process roles in category `{}`",
                c.name.value
            ))
            .at(c.file, c.name.span)
            .with_label("references blanked on restore")
            .with_help("restore with --action none to keep references to existing duties, or --action create to create them; after Clear, every duty and role must be created again")
            .with_path(category_path(c)),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{governance, lines_of};
    use crate::rules::{CheckOptions, RestoreAction};

    #[test]
    fn counts_under_clear() {
        let xml = governance(
            "<Process><Name>A</Name><Task><Name>T</Name><Duty>D</Duty></Task></Process>",
        );
        let clear = CheckOptions {
            action: Some(RestoreAction::Clear),
            ..CheckOptions::default()
        };
        assert_eq!(lines_of("SG308", &xml, &clear), [1]);
    }
}
