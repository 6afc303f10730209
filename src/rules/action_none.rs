//! SG309: with `--action none`, a task's duty or privilege, or a process's role, that exists
//! neither in the files read nor in the destination.

use super::context::TaskAt;
use super::finding::Place;
use super::objects::KindNames;
use super::unchecked::Unchecked;
use super::{Context, Docs, RestoreAction, Rule};
use crate::diag::{Diagnostic, Severity, did_you_mean};
use crate::model::{Name, ObjectKind};

pub(super) static RULE: Rule = Rule {
    code: "SG309",
    name: "missing-security-object",
    summary: "Under the action None, a task or process references a security object that does not exist.",
    default_severity: Severity::Error,
    retired: None,
    docs: Docs {
        what: "With `--action none`, that every task's `Duty` and `Privilege` and every process's \
               `Role` is defined in the files read, in the destination (`--target`) or in a \
               `--reference` (an AOT folder, an export, or a reference catalog built with \
               `secgov catalog build`, docs/catalog.md).\n\nWithout `--target` or `--reference` \
               nothing says which objects the destination has, and most names in a hierarchy are \
               standard roles and duties that exist in every environment. Then only a name that \
               looks like a misspelling of one read is reported (an error), and every other name \
               once, in one warning at the first of them, saying how many could not be checked.",
        why: "None brings the governance objects in without creating security objects. If those \
              objects do not exist in the destination, \"this might cause complications\": tasks \
              point at duties that are not there and grant nothing.",
        example: "<!-- secgov validate --action none --target prod-security/ -->\n<Task>\n  <Name>Maintain vendor master</Name>\n  <Duty>VendTableMaintian</Duty>\n</Task>",
        fix: "Correct the name (the help suggests the closest existing one), create the object in the \
              destination first, or restore with the action Create. For the warning that names \
              could not be checked: build a catalog of the standard objects once from a \
              development machine (`secgov catalog build PackagesLocalDirectory -o catalog.xml`), \
              commit it, and pass `--reference catalog.xml`.",
    },
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.options.action != Some(RestoreAction::None) {
        return;
    }
    let known = |kind: ObjectKind| -> Vec<&str> {
        cx.objects()
            .filter(|o| o.kind == kind)
            .map(|o| o.name.value.as_str())
            .collect()
    };
    let (roles, duties, privileges) = (
        known(ObjectKind::Role),
        known(ObjectKind::Duty),
        known(ObjectKind::Privilege),
    );
    let mut unchecked = Unchecked::new(cx.has_outside_definitions());
    let mut report = |at: Place, name: &Name, kind: ObjectKind, known: &[&str]| {
        let close = did_you_mean(&name.value, known.iter().copied());
        let Some(at) = unchecked.triage(close, at) else {
            return;
        };
        let kind = kind.word();
        let help = match close {
            Some(s) => format!(
                "did you mean `{s}`? Otherwise create the {kind} in the destination first, pass it with --target, or restore with --action create"
            ),
            None => format!(
                "create the {kind} in the destination first (and pass it with --target or a catalog with --reference), or restore with --action create"
            ),
        };
        let message = format!(
            "the {kind} `{}` exists neither in the files read nor in the destination; None will not create it",
            name.value
        );
        out.push(
            RULE.at(at, message)
                .with_label(format!("{kind} not found"))
                .with_help(help),
        );
    };
    let processes = cx.input_processes();
    for p in processes
        .iter()
        .filter(|p| cx.action_applies(p.category.file))
    {
        if let Some(role) = p
            .process
            .role
            .as_ref()
            .filter(|r| !r.value.trim().is_empty() && !cx.role_defined(&r.value))
        {
            report(p.at(role.span), role, ObjectKind::Role, &roles);
        }
        for task in &p.process.tasks {
            let t = TaskAt { process: p, task };
            if let Some(duty) = task
                .duty
                .as_ref()
                .filter(|d| !d.value.trim().is_empty() && !cx.duty_defined(&d.value))
            {
                report(t.at(duty.span), duty, ObjectKind::Duty, &duties);
            }
            if let Some(privilege) = task
                .privilege
                .as_ref()
                .filter(|d| !d.value.trim().is_empty() && !cx.privilege_defined(&d.value))
            {
                report(
                    t.at(privilege.span),
                    privilege,
                    ObjectKind::Privilege,
                    &privileges,
                );
            }
        }
    }
    let names = ("role, duty and privilege name", "in the hierarchy");
    // Not an error in the file: the check could not run.
    out.extend(unchecked.finding(&RULE, Severity::Warning, names, "build a catalog of the standard objects once (`secgov catalog build PackagesLocalDirectory -o catalog.xml`, docs/catalog.md) and pass --reference catalog.xml, or pass the destination's security with --target"));
}

#[cfg(test)]
crate::rules::testing::cases! {
    duties_defined_in_the_file_resolve: file("<SecurityCategoryBackup Type=\"UserSecurityGovernance\"><SecurityCategory><Name>C</Name><ProcessHierarchy><Process><Name>A</Name>\n<Task><Name>T</Name><Duty>D</Duty></Task>\n<Task><Name>U</Name><Duty>Missing</Duty></Task>\n</Process></ProcessHierarchy><SecurityConfiguration><AxSecurityDuty><Name>d</Name></AxSecurityDuty></SecurityConfiguration></SecurityCategory></SecurityCategoryBackup>").action(RestoreAction::None) => "SG309" at [3];
}
