//! SG501: an entry point (or data entity permission) whose grant allows and denies nothing.

use super::context::tasks_of;
use super::finding::Place;
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
        for ep in t.task.entry_points.iter().filter(|e| e.grants_nothing()) {
            let (kind, name) = (&ep.object_type.value, &ep.object_name.value);
            let what = format!(
                "the entry point {kind} `{name}` of task `{}`",
                t.task.name.value
            );
            out.push(finding(t.at(ep.object_name.span), what, help));
        }
    }
    for privilege in cx.model.privileges.iter().filter(|p| cx.is_input(p.file)) {
        let at = |span| Place::object("AxSecurityPrivilege", privilege.file, &privilege.name, span);
        let of = format!("of privilege `{}`", privilege.name.value);
        for ep in privilege.entry_points.iter().filter(|e| e.grants_nothing()) {
            let (kind, name) = (&ep.object_type.value, &ep.object_name.value);
            let what = format!("the entry point {kind} `{name}` {of}");
            out.push(finding(at(ep.object_name.span), what, help));
        }
        for de in privilege
            .data_entities
            .iter()
            .filter(|d| d.grants_nothing())
        {
            let what = format!("the data entity permission `{}` {of}", de.name.value);
            let help = "add the permissions meant, or remove the data entity permission";
            out.push(finding(at(de.name.span), what, help));
        }
        for t in privilege
            .direct_access
            .iter()
            .filter(|t| t.grants_nothing())
        {
            let what = format!("the table permission `{}` {of}", t.name.value);
            let help =
                "add the permissions meant, or remove the table from <DirectAccessPermissions>";
            out.push(finding(at(t.name.span), what, help));
        }
    }
}

/// The finding that `what` (an entry point, a data entity or a table of a task or privilege)
/// grants nothing.
fn finding(at: Place, what: String, help: &str) -> Diagnostic {
    RULE.at(at, format!("{what} grants nothing"))
        .with_label("no permission allowed or denied")
        .with_help(help)
}

#[cfg(test)]
crate::rules::testing::cases! {
    empty_and_missing_grants: governance("<Process><Name>A</Name><Task><Name>T</Name><EntryPoints>\n<EntryPoint><ObjectName>X</ObjectName><ObjectType>MenuItemDisplay</ObjectType><Grant/></EntryPoint>\n<EntryPoint><ObjectName>Y</ObjectName><ObjectType>MenuItemDisplay</ObjectType></EntryPoint>\n<EntryPoint><ObjectName>Z</ObjectName><ObjectType>MenuItemDisplay</ObjectType><Grant><Read>Deny</Read></Grant></EntryPoint>\n</EntryPoints></Task></Process>") => "SG501" at [4, 5];
}
