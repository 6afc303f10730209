//! SG309: with `--action none`, a task's duty or privilege, or a process's role, that exists
//! neither in the files read nor in the destination.

use super::{Context, Docs, RestoreAction, Rule};
use crate::diag::{Diagnostic, Severity, did_you_mean};

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
    let m = cx.model;
    let duties: Vec<&str> = m.duties.iter().map(|d| d.name.value.as_str()).collect();
    let privileges: Vec<&str> = m.privileges.iter().map(|d| d.name.value.as_str()).collect();
    let roles: Vec<&str> = m.roles.iter().map(|d| d.name.value.as_str()).collect();
    // Without --target or --reference nothing says which objects the destination has, and most
    // names are standard ones that exist in every environment: only a likely misspelling of a
    // name read is reported, and the rest once, with how to check them (a reference catalog).
    let checkable = cx.has_outside_definitions();
    let mut unchecked: Vec<(crate::span::FileId, crate::model::Name, String)> = Vec::new();
    let mut report = |file, name: &crate::model::Name, kind: &str, known: &[&str], path: String| {
        let close = did_you_mean(&name.value, known.iter().copied());
        if !checkable && close.is_none() {
            unchecked.push((file, name.clone(), path));
            return;
        }
        let mut d = RULE
            .diag(format!(
                "the {kind} `{}` exists neither in the files read nor in the destination; None will not create it",
                name.value
            ))
            .at(file, name.span)
            .with_label(format!("{kind} not found"))
            .with_path(path);
        d = match close {
            Some(s) => d.with_help(format!("did you mean `{s}`? Otherwise create the {kind} in the destination first, pass it with --target, or restore with --action create")),
            None => d.with_help(format!("create the {kind} in the destination first (and pass it with --target or a catalog with --reference), or restore with --action create")),
        };
        out.push(d);
    };
    for p in cx
        .input_processes()
        .into_iter()
        .filter(|p| cx.action_applies(p.category.file))
    {
        if let Some(role) = p
            .process
            .role
            .as_ref()
            .filter(|r| !r.value.trim().is_empty() && !cx.role_defined(&r.value))
        {
            report(p.category.file, role, "role", &roles, p.path.clone());
        }
        for task in &p.process.tasks {
            let path = format!("{}/Task[Name='{}']", p.path, task.name.value);
            if let Some(duty) = task
                .duty
                .as_ref()
                .filter(|d| !d.value.trim().is_empty() && !cx.duty_defined(&d.value))
            {
                report(p.category.file, duty, "duty", &duties, path.clone());
            }
            if let Some(privilege) = task
                .privilege
                .as_ref()
                .filter(|d| !d.value.trim().is_empty() && !cx.privilege_defined(&d.value))
            {
                report(p.category.file, privilege, "privilege", &privileges, path);
            }
        }
    }
    if let Some((file, first, path)) = unchecked.first() {
        out.push(could_not_check(*file, first, path, unchecked.len()));
    }
}

/// The one finding that stands for every reference the run had nothing to check against.
fn could_not_check(
    file: crate::span::FileId,
    first: &crate::model::Name,
    path: &str,
    count: usize,
) -> Diagnostic {
    let mut d = RULE
        .diag(format!(
            "{count} role, duty and privilege name{} in the hierarchy could not be checked: nothing says which objects the destination has",
            if count == 1 { "" } else { "s" }
        ))
        .at(file, first.span)
        .with_label(if count == 1 {
            "not checked".to_owned()
        } else {
            format!("first of {count} not checked")
        })
        .with_path(path.to_owned())
        .with_help("build a catalog of the standard objects once (`secgov catalog build PackagesLocalDirectory -o catalog.xml`, docs/catalog.md) and pass --reference catalog.xml, or pass the destination's security with --target");
    // Not an error in the file: the check could not run.
    d.severity = Severity::Warning;
    d
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::lines_of;
    use crate::rules::{CheckOptions, RestoreAction};

    #[test]
    fn duties_defined_in_the_file_resolve() {
        let xml = "<SecurityCategoryBackup Type=\"UserSecurityGovernance\"><SecurityCategory><Name>C</Name><ProcessHierarchy><Process><Name>A</Name>\n<Task><Name>T</Name><Duty>D</Duty></Task>\n<Task><Name>U</Name><Duty>Missing</Duty></Task>\n</Process></ProcessHierarchy><SecurityConfiguration><AxSecurityDuty><Name>d</Name></AxSecurityDuty></SecurityConfiguration></SecurityCategory></SecurityCategoryBackup>";
        let none = CheckOptions {
            action: Some(RestoreAction::None),
            ..CheckOptions::default()
        };
        assert_eq!(lines_of("SG309", xml, &none), [3]);
    }
}
