//! Checks over the categories of every outline read in one run: duplicate categories, processes
//! and tasks, conflicting grants for one privilege, entry points that grant nothing, and
//! categories that already exist in the target backup. Findings point into the outlines.

use super::codes;
use crate::diag::Diagnostic;
use crate::model::{Category, EntryPoint, Permission, Process};
use crate::span::{FileId, Span};
use std::collections::HashMap;

/// Runs every check over `categories` (each carries the outline file it came from).
pub fn check(categories: &[Category], diags: &mut Vec<Diagnostic>) {
    let mut names: HashMap<String, (FileId, Span)> = HashMap::new();
    for c in categories.iter().filter(|c| !c.name.value.is_empty()) {
        match names.get(&c.name.key()) {
            Some(&(file, span)) => diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_CATEGORY,
                    format!("the category `{}` is defined twice", c.name.value),
                )
                .at(c.file, c.name.span)
                .with_label("second definition")
                .with_related(file, span, "first definition")
                .with_help("each category must have a unique name; a restore stops at the second one. Rename one, or merge them"),
            ),
            None => {
                names.insert(c.name.key(), (c.file, c.name.span));
            }
        }
        processes_and_tasks(c, diags);
    }
    grants(categories, diags);
}

/// Process names are unique within the category at any depth (as SG202 checks backups), so
/// one map for the whole category; the help suggests a name qualified by the parent, which is
/// how a common sub-process name such as "Setup" is usually kept apart.
fn processes_and_tasks(c: &Category, diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, Span> = HashMap::new();
    let mut stack: Vec<(Option<&Process>, &Process)> = c
        .hierarchy
        .iter()
        .flat_map(|h| &h.processes)
        .rev()
        .map(|p| (None, p))
        .collect();
    while let Some((parent, p)) = stack.pop() {
        stack.extend(p.processes.iter().rev().map(|child| (Some(p), child)));
        if !p.name.value.is_empty() {
            if let Some(first) = seen.insert(p.name.key(), p.name.span) {
                let help = match parent {
                    Some(parent) => format!(
                        "a process name is unique within its category, also under different parents; rename one of them, for example to `{} {}`, or merge them if they are meant to be one",
                        parent.name.value,
                        p.name.value.to_lowercase()
                    ),
                    None => "a process name is unique within its category; rename one of them, or merge them if they are meant to be one".to_owned(),
                };
                diags.push(
                    Diagnostic::error(
                        codes::DUPLICATE_PROCESS,
                        format!(
                            "the process `{}` appears twice in category `{}`",
                            p.name.value, c.name.value
                        ),
                    )
                    .at(c.file, p.name.span)
                    .with_label("second process of this name")
                    .with_related(c.file, first, "first one")
                    .with_help(help),
                );
            }
        }
        tasks(c.file, p, diags);
    }
}

fn tasks(file: FileId, p: &Process, diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, Span> = HashMap::new();
    for t in p.tasks.iter().filter(|t| !t.name.value.is_empty()) {
        if let Some(first) = seen.insert(t.name.key(), t.name.span) {
            diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_TASK,
                    format!("the task `{}` appears twice in process `{}`", t.name.value, p.name.value),
                )
                .at(file, t.name.span)
                .with_label("second task of this name")
                .with_related(file, first, "first one")
                .with_help("a task name is unique within its process; rename one, or merge their entry points"),
            );
        }
        for ep in &t.entry_points {
            let unset = Permission::ALL.iter().all(|p| ep.grant.raw(*p).is_none());
            if unset && !ep.object_name.value.is_empty() {
                diags.push(
                    Diagnostic::warning(
                        codes::GRANTS_NOTHING,
                        format!(
                            "the entry point `{}` in task `{}` has no permission set",
                            ep.object_name.value, t.name.value
                        ),
                    )
                    .at(file, ep.span)
                    .with_label("no Read, Update, Create, Correct, Delete or Invoke")
                    .with_help(
                        "set at least one permission to Allow (or Deny), or remove the entry point",
                    ),
                );
            }
        }
    }
}

/// Entry points granted with opposite values for the same privilege (tasks that share a duty
/// share its privilege, so their grants must agree).
fn grants(categories: &[Category], diags: &mut Vec<Diagnostic>) {
    let mut first: HashMap<(String, String), (FileId, &EntryPoint)> = HashMap::new();
    let mut anonymous = 0usize;
    for c in categories {
        for root in c.hierarchy.iter().flat_map(|h| &h.processes) {
            for p in root.walk() {
                for t in &p.tasks {
                    let privilege = match t.privilege.as_ref().or(t.duty.as_ref()) {
                        Some(n) => format!("p:{}", n.key()),
                        None => {
                            anonymous += 1;
                            format!("t:{anonymous}")
                        }
                    };
                    for ep in &t.entry_points {
                        let key = (privilege.clone(), ep.key());
                        let Some(&(file, old)) = first.get(&key) else {
                            first.insert(key, (c.file, ep));
                            continue;
                        };
                        for perm in Permission::ALL {
                            let (Some(a), Some(b)) = (old.grant.raw(perm), ep.grant.raw(perm))
                            else {
                                continue;
                            };
                            if a.value != b.value {
                                diags.push(conflict(
                                    perm,
                                    ep,
                                    c.file,
                                    (file, a.span),
                                    b,
                                    &privilege,
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
}

fn conflict(
    perm: Permission,
    ep: &EntryPoint,
    file: FileId,
    first: (FileId, Span),
    value: crate::model::RawValue<'_>,
    privilege: &str,
) -> Diagnostic {
    let shared = privilege.strip_prefix("p:").map_or_else(
        || "the same task".to_owned(),
        |p| format!("privilege `{p}`"),
    );
    Diagnostic::error(
        codes::CONFLICTING_GRANTS,
        format!("{} on `{}` is {} here but the opposite earlier, for {shared}", perm.as_str(), ep.object_name.value, value.value),
    )
    .at(file, value.span)
    .with_label(format!("{} here", value.value))
    .with_related(first.0, first.1, "the other value")
    .with_help("tasks with the same duty share one privilege, so their grants must agree; give the tasks different duties or make the values agree")
}

/// Tasks with entry points but no duty, when the output carries a security configuration: it
/// holds entry points only in the privileges of duties, so such a task's grants would be left
/// out of it without a word. Reported with the code `secgov validate` gives the same thing in a
/// backup (SG803), at the outline's task.
pub(crate) fn check_duties(categories: &[Category], diags: &mut Vec<Diagnostic>) {
    for c in categories {
        for root in c.hierarchy.iter().flat_map(|h| &h.processes) {
            for p in root.walk() {
                for t in p
                    .tasks
                    .iter()
                    .filter(|t| t.duty.is_none() && !t.entry_points.is_empty())
                {
                    diags.push(
                        Diagnostic::warning(
                            codes::TASK_WITHOUT_DUTY,
                            format!(
                                "the task `{}` has entry points but no duty, so the security configuration written leaves them out",
                                t.name.value
                            ),
                        )
                        .at(c.file, t.name.span)
                        .with_label("no duty")
                        .with_help("name the duty whose privilege should hold the task's entry points (the Duty column or `duty` key), or generate --type usg and restore with the action Create"),
                    );
                }
            }
        }
    }
}

/// Reports categories of the outlines that already exist in the target backup (read as one
/// file, known as `target_file` in the run's file list).
pub(crate) fn check_target(
    categories: &[Category],
    target: &[Category],
    target_file: FileId,
    target_path: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let existing: HashMap<String, &Category> = target.iter().map(|c| (c.name.key(), c)).collect();
    for c in categories {
        if let Some(t) = existing.get(&c.name.key()) {
            diags.push(
                Diagnostic::error(
                    codes::CATEGORY_EXISTS,
                    format!("the category `{}` already exists in {target_path}", c.name.value),
                )
                .at(c.file, c.name.span)
                .with_label("already in the target")
                .with_related(target_file, t.name.span, "existing category")
                .with_help("a restore stops when a category of the same name exists; choose another name (or --rename it)"),
            );
        }
    }
}
