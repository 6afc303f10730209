//! SG501: an entry point (or data entity permission) whose grant allows and denies nothing.

use super::context::tasks_of;
use super::finding::Place;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::{EntryPoint, Name};
use crate::span::Span;

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
    let processes = cx.input_processes();
    for t in tasks_of(&processes) {
        for ep in t.task.entry_points.iter().filter(|e| e.grants_nothing()) {
            let what = format!("{} of task `{}`", entry_point(ep), t.task.name.value);
            out.push(finding(t.at(ep.object_name.span), what, ENTRY_POINT_HELP));
        }
    }
    for privilege in cx.model.privileges.iter().filter(|p| cx.is_input(p.file)) {
        // Each grant of the privilege that grants nothing: what it is, where, and the help.
        let entry_points = (privilege.entry_points.iter())
            .filter(|e| e.grants_nothing())
            .map(|e| (entry_point(e), e.object_name.span, ENTRY_POINT_HELP));
        let entities = (privilege.data_entities.iter())
            .filter(|d| d.grants_nothing())
            .map(|d| named("data entity permission", &d.name, ENTITY_HELP));
        let tables = (privilege.direct_access.iter())
            .filter(|t| t.grants_nothing())
            .map(|t| named("table permission", &t.name, TABLE_HELP));
        for (what, span, help) in entry_points.chain(entities).chain(tables) {
            let at = Place::object("AxSecurityPrivilege", privilege.file, &privilege.name, span);
            let what = format!("{what} of privilege `{}`", privilege.name.value);
            out.push(finding(at, what, help));
        }
    }
}

const ENTRY_POINT_HELP: &str = "add the permissions meant, for example <Grant><Read>Allow</Read></Grant>, or remove the entry point";
const ENTITY_HELP: &str = "add the permissions meant, or remove the data entity permission";
const TABLE_HELP: &str =
    "add the permissions meant, or remove the table from <DirectAccessPermissions>";

/// A data entity or table permission: what it is, where, and the help.
fn named<'a>(what: &str, name: &Name, help: &'a str) -> (String, Span, &'a str) {
    (format!("the {what} `{}`", name.value), name.span, help)
}

fn entry_point(ep: &EntryPoint) -> String {
    format!(
        "the entry point {} `{}`",
        ep.object_type.value, ep.object_name.value
    )
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
