//! SG501: an entry point (or data entity permission) whose grant allows and denies nothing.

use super::context::object_path;
use super::context::tasks_of;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};

pub(super) static RULE: Rule = Rule {
    code: "SG501",
    name: "entry-point-grants-nothing",
    summary: "An entry point grants nothing: no permission is allowed or denied.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "That every entry point of a task or privilege (with its forms' controls and data \
               sources), every data entity permission (with its fields and methods) and every \
               table in `DirectAccessPermissions` allows or denies at least one of Read, Update, Create, Correct, Delete and Invoke.",
        why: "An entry point with every permission unset gives users nothing; it usually means the \
              grant was lost in an edit, or its values were misspelled (see SG106).",
        example: "<EntryPoint>\n  <ObjectName>VendTable</ObjectName>\n  <ObjectType>MenuItemDisplay</ObjectType>\n  <Grant />\n</EntryPoint>",
        fix: "Add the permissions meant (for a display menu item usually `<Read>Allow</Read>`), or \
              remove the entry point.",
    },
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let help = "add the permissions meant, for example <Grant><Read>Allow</Read></Grant>, or remove the entry point";
    let processes = cx.input_processes();
    for t in tasks_of(&processes) {
        let (p, task) = (t.process, t.task);
        for ep in task.entry_points.iter().filter(|e| e.grants_nothing()) {
            out.push(
                RULE.diag(format!(
                    "the entry point {} `{}` of task `{}` grants nothing",
                    ep.object_type.value, ep.object_name.value, task.name.value
                ))
                .at(p.category.file, ep.object_name.span)
                .with_label("no permission allowed or denied")
                .with_help(help)
                .with_path(t.path()),
            );
        }
    }
    for privilege in cx.model.privileges.iter().filter(|p| cx.is_input(p.file)) {
        let path = || object_path("AxSecurityPrivilege", &privilege.name.value);
        for ep in privilege.entry_points.iter().filter(|e| e.grants_nothing()) {
            out.push(
                RULE.diag(format!(
                    "the entry point {} `{}` of privilege `{}` grants nothing",
                    ep.object_type.value, ep.object_name.value, privilege.name.value
                ))
                .at(privilege.file, ep.object_name.span)
                .with_label("no permission allowed or denied")
                .with_help(help)
                .with_path(path()),
            );
        }
        for de in privilege
            .data_entities
            .iter()
            .filter(|d| d.grants_nothing())
        {
            out.push(
                RULE.diag(format!(
                    "the data entity permission `{}` of privilege `{}` grants nothing",
                    de.name.value, privilege.name.value
                ))
                .at(privilege.file, de.name.span)
                .with_label("no permission allowed or denied")
                .with_help("add the permissions meant, or remove the data entity permission")
                .with_path(path()),
            );
        }
        for t in privilege
            .direct_access
            .iter()
            .filter(|t| t.grants_nothing())
        {
            out.push(
                RULE.diag(format!(
                    "the table permission `{}` of privilege `{}` grants nothing",
                    t.name.value, privilege.name.value
                ))
                .at(privilege.file, t.name.span)
                .with_label("no permission allowed or denied")
                .with_help(
                    "add the permissions meant, or remove the table from <DirectAccessPermissions>",
                )
                .with_path(path()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{governance, lines_of};

    #[test]
    fn empty_and_missing_grants() {
        let xml = governance(
            "<Process><Name>A</Name><Task><Name>T</Name><EntryPoints>\n<EntryPoint><ObjectName>X</ObjectName><ObjectType>MenuItemDisplay</ObjectType><Grant/></EntryPoint>\n<EntryPoint><ObjectName>Y</ObjectName><ObjectType>MenuItemDisplay</ObjectType></EntryPoint>\n<EntryPoint><ObjectName>Z</ObjectName><ObjectType>MenuItemDisplay</ObjectType><Grant><Read>Deny</Read></Grant></EntryPoint>\n</EntryPoints></Task></Process>",
        );
        assert_eq!(lines_of("SG501", &xml, &Default::default()), [4, 5]);
    }
}
