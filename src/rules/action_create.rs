//! SG305: with `--action create`, what the restore will create: the duties and roles of each
//! category's hierarchy.

use super::{Context, Docs, RestoreAction, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::{Category, Name, ObjectKind};
use std::collections::BTreeSet;

pub(super) static RULE: Rule = Rule {
    code: "SG305",
    name: "create-plan",
    summary: "Lists the duties and roles the Create action will create.",
    default_severity: Severity::Note,
    retired: None,
    docs: Docs {
        what: "With `--action create`, lists for each category the duties (from the tasks' `Duty`) \
               and roles (from the processes' `Role`) that the restore pushes to the publish \
               staging table.",
        why: "Create makes new security objects in the destination. Seeing them listed before the \
              restore lets you catch a duty or role you did not mean to create.",
        example: "<Process>\n  <Name>Vendor management</Name>\n  <Role>VendorAdministrator</Role>\n  <Task>\n    <Name>Maintain vendor master</Name>\n    <Duty>VendTableMaintain</Duty>\n  </Task>\n</Process>",
        fix: "Nothing to fix: this is information. Turn it off in `secgov.toml` with \
              `SG305 = \"off\"` if you do not want the list.",
    },
    check: Some(check),
};

/// The duties (with the tasks' privileges) and roles a Create restore makes for `category`,
/// each name once, in tree order.
pub(super) fn created(category: &Category) -> (Vec<&Name>, Vec<&Name>) {
    let mut seen = BTreeSet::new();
    let mut duties = Vec::new();
    let mut roles = Vec::new();
    for root in category.hierarchy.iter().flat_map(|h| &h.processes) {
        for process in root.walk() {
            if let Some(role) = &process.role {
                if seen.insert(("role", role.key())) {
                    roles.push(role);
                }
            }
            for task in &process.tasks {
                for name in task.duty.iter().chain(&task.privilege) {
                    if seen.insert(("duty", name.key())) {
                        duties.push(name);
                    }
                }
            }
        }
    }
    (duties, roles)
}

/// The names of [`created`], duties first, each with its kind (a task's privilege counts as a
/// duty: Create makes the two together).
pub(super) fn created_names(category: &Category) -> impl Iterator<Item = (ObjectKind, &Name)> {
    let (duties, roles) = created(category);
    let duties = duties.into_iter().map(|n| (ObjectKind::Duty, n));
    duties.chain(roles.into_iter().map(|n| (ObjectKind::Role, n)))
}

fn list(names: &[&Name]) -> String {
    names
        .iter()
        .map(|n| n.value.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let label = "created on restore";
    let help = "check the list before restoring; the objects go to the publish staging table";
    RULE.per_category(cx, RestoreAction::Create, plan, (label, help), out);
}

/// What Create makes for `c`, if anything.
fn plan(c: &Category) -> Option<String> {
    let (duties, roles) = created(c);
    if duties.is_empty() && roles.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !duties.is_empty() {
        parts.push(format!(
            "{} duties and privileges ({})",
            duties.len(),
            list(&duties)
        ));
    }
    if !roles.is_empty() {
        parts.push(format!("{} roles ({})", roles.len(), list(&roles)));
    }
    Some(format!(
        "Create will create {} for category `{}`",
        parts.join(" and "),
        c.name.value
    ))
}

#[cfg(test)]
crate::rules::testing::cases! {
    one_note_per_category_under_create: governance(ROLE_AND_DUTY).action(RestoreAction::Create) => "SG305" at [1];
    nothing_without_create: governance(ROLE_AND_DUTY) => "SG305" at [];
}
