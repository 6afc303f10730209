//! SG803: under the action None, a task without a duty comes in with no security at all.

use super::context::tasks_of;
use super::{Context, Docs, RestoreAction, Rule};
use crate::diag::{Diagnostic, Severity};

pub(super) static RULE: Rule = Rule {
    code: "SG803",
    name: "task-without-duty",
    summary: "Under the action None, a task has no duty and will grant nothing.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "With `--action none`, that every task names the duty it references.",
        why: "None brings tasks in without creating security objects. A task without a duty is \
              connected to no security object, so its entry points grant nothing until someone \
              attaches a duty by hand.",
        example: "<!-- secgov validate --action none -->\n<Task>\n  <Name>Maintain vendor master</Name>\n  <EntryPoints>...</EntryPoints>\n</Task>",
        fix: "Add `<Duty>` with the name of an existing duty, or restore with the action Create so \
              a duty is made for the task.",
    },
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.options.action != Some(RestoreAction::None) {
        return;
    }
    let processes = cx.input_processes();
    for t in tasks_of(&processes) {
        let (p, task) = (t.process, t.task);
        if task.duty.is_some() || !cx.action_applies(p.category.file) {
            continue;
        }
        out.push(
            RULE.diag(format!(
                "the task `{}` has no duty; restored with None it is tied to no security object",
                task.name.value
            ))
            .at(p.category.file, task.name.span)
            .with_label("no <Duty>")
            .with_help("add <Duty> with an existing duty's name, or restore with --action create")
            .with_path(t.path()),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{governance, lines_of};
    use crate::rules::{CheckOptions, RestoreAction};

    #[test]
    fn only_under_none() {
        let xml = governance("<Process><Name>A</Name>\n<Task><Name>T</Name></Task></Process>");
        let none = CheckOptions {
            action: Some(RestoreAction::None),
            ..CheckOptions::default()
        };
        assert_eq!(lines_of("SG803", &xml, &none), [4]);
        assert!(lines_of("SG803", &xml, &Default::default()).is_empty());
    }
}
