//! SG310-SG312: the process-level Restore from XML (Security process roles maintain > a node of
//! the hierarchy > Role definition > Restore from XML), modelled by `--restore-into PATH` and
//! `--overwrite`: what lands under the node, what would collide, and what Overwrite replaces.
//!
//! Microsoft's migration page (scenario two) restores a file under "the category and one of the
//! process hierarchy nodes underneath it", and "The **Overwrite** option overwrites any security
//! object under the selected category": with it the import "doesn't get blocked because of
//! existing objects". Collisions are therefore processes of the same name directly under the
//! node, and roles, duties and privileges of the same name in the destination category.

use super::finding::Place;
use super::objects::{KindNames, ObjectAt};
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::{Category, Origin, Process};
use crate::span::name_key;
use std::collections::BTreeSet;

pub(super) static PLAN: Rule = Rule {
    code: "SG310",
    name: "restore-into-plan",
    summary: "Lists what a process-level Restore from XML brings in under the chosen node.",
    default_severity: Severity::Note,
    retired: None,
    docs: Docs {
        what: "With `--restore-into \"CATEGORY/PROCESS/...\"`, the processes, tasks and security \
               objects of each backup that land under that node of the destination's hierarchy.",
        why: "Restoring into a node adds the file's processes below it, not beside the category's \
              other processes: reading the list before the restore shows whether the file and the \
              node are the ones you meant.",
        example: "<!-- secgov validate --restore-into \"Procure to pay/Vendors\" --target prod/ -->\n<SecurityCategoryBackup Type=\"UserSecurityGovernance\">\n  ...\n</SecurityCategoryBackup>",
        fix: "Nothing to fix; turn the note off with `SG310 = \"off\"` under `[severity]` if you do \
              not want the list.",
    },
    check: Some(check),
};

pub(super) static COLLISION: Rule = Rule {
    code: "SG311",
    name: "restore-into-collision",
    summary: "A process or security object of the file already exists where it would be restored.",
    default_severity: Severity::Error,
    retired: None,
    docs: Docs {
        what: "With `--restore-into` and `--target`, each process of the file whose name is already \
               taken directly under the node, and each role, duty or privilege whose name the \
               destination category already holds. Without `--overwrite` it is an error; with \
               `--overwrite` it is reported as a note saying what Overwrite replaces.",
        why: "Microsoft's migration page: \"Selecting **Overwrite = Yes** is helpful when the \
              selected security category has preexisting process role hierarchy with some objects \
              where names match ... This ensures that the data import process doesn't get blocked \
              because of existing objects and overwrites them.\" Without Overwrite the restore is \
              blocked; with it, what the destination had under those names is gone.",
        example: "<!-- secgov validate --restore-into \"Procure to pay\" --target prod/ -->\n<Process>\n  <Name>Maintain vendors</Name>  <!-- already under Procure to pay in prod -->\n</Process>",
        fix: "Rename the process or object in the file, restore into another node, or pass \
              `--overwrite` (and choose Overwrite = Yes) if the destination's copy should be \
              replaced.",
    },
    check: None,
};

pub(super) static NODE_MISSING: Rule = Rule {
    code: "SG312",
    name: "restore-into-node-missing",
    summary: "The node given to --restore-into is not in the destination's hierarchy.",
    default_severity: Severity::Error,
    retired: None,
    docs: Docs {
        what: "With `--restore-into` and `--target`, that the destination has the category and \
               every process of the path, one level below the other.",
        why: "The process-level restore starts from a node you select on the Security process \
              roles maintain page; a node that does not exist cannot be selected, so the plan \
              checked here would not be the one carried out.",
        example: "<!-- secgov validate --restore-into \"Procure to pay/Vendorz\" --target prod/ -->",
        fix: "Give the path as the category's name, then each process down to the node, separated \
              by `/`, spelled as in the destination (case does not matter).",
    },
    check: None,
};

/// The node of the destination that `path` names: its category (index and value) and the
/// process, or `None` for the top of the category's hierarchy. `Err` names the first missing
/// part.
fn find_node<'m>(
    cx: &Context<'m>,
    path: &[String],
) -> Result<(usize, &'m Category, Option<&'m Process>), String> {
    let (first, rest) = path
        .split_first()
        .ok_or_else(|| "an empty path".to_owned())?;
    let (index, category) = cx
        .model
        .categories
        .iter()
        .enumerate()
        .find(|(_, c)| {
            cx.options.target_files.contains(&c.file) && name_key(&c.name.value) == name_key(first)
        })
        .ok_or_else(|| format!("the destination has no category `{first}`"))?;
    let mut level: &[Process] = category.hierarchy.as_ref().map_or(&[], |h| &h.processes);
    let mut node = None;
    for (depth, part) in rest.iter().enumerate() {
        let p = level
            .iter()
            .find(|p| name_key(&p.name.value) == name_key(part))
            .ok_or_else(|| format!("`{}` has no process `{part}`", path[..=depth].join("/")))?;
        node = Some(p);
        level = &p.processes;
    }
    Ok((index, category, node))
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(into) = &cx.options.restore_into else {
        return;
    };
    let shown = into.path.join("/");
    let node = match cx.options.target_files.is_empty() {
        true => None,
        false => Some(find_node(cx, &into.path)),
    };
    for doc in cx.input_backups() {
        let categories: Vec<(usize, &Category)> = cx
            .input_categories()
            .filter(|(_, c)| c.file == doc.file)
            .collect();
        let processes: Vec<&Process> = categories
            .iter()
            .flat_map(|(_, c)| c.hierarchy.iter().flat_map(|h| &h.processes))
            .collect();
        let tasks: usize = processes
            .iter()
            .flat_map(|p| p.walk())
            .map(|p| p.tasks.len())
            .sum();
        let objects = file_objects(cx, &categories);
        let names: Vec<&str> = processes.iter().map(|p| p.name.value.as_str()).collect();
        let mut message = format!(
            "restoring into `{shown}` brings {} under that node ({}), with {tasks} task{} and {} security object{}",
            plural(processes.len(), "process", "processes"),
            if names.is_empty() {
                "none".to_owned()
            } else {
                names.join(", ")
            },
            if tasks == 1 { "" } else { "s" },
            objects.len(),
            if objects.len() == 1 { "" } else { "s" },
        );
        if node.is_none() {
            message.push_str("; without --target secgov cannot tell what would collide");
        }
        let root = || Place::in_file(doc.file, doc.root.span);
        out.push(
            PLAN.at(root(), message)
                .with_label(format!("restored into {shown}"))
                .with_help(match node {
                    None => "give the destination's backup with --target to check the node and collisions",
                    Some(_) => "compare the list with the node you will select on Security process roles maintain",
                }),
        );
        match &node {
            None => {}
            Some(Err(missing)) => out.push(
                NODE_MISSING
                    .at(root(), format!("`{shown}` is not a node of the destination: {missing}"))
                    .with_label("restore target not found")
                    .with_help("give the category, then each process down to the node, separated by /, as the destination spells them"),
            ),
            Some(Ok((index, category, process))) => {
                collisions(cx, into.overwrite, &shown, *index, category, *process, &processes, &objects, out);
            }
        }
    }
}

/// The roles, duties and privileges of the backup categories `categories`.
fn file_objects<'m>(cx: &Context<'m>, categories: &[(usize, &Category)]) -> Vec<ObjectAt<'m>> {
    let ours = |o: &ObjectAt<'_>| match o.origin {
        Origin::Backup { category } => categories.iter().any(|(i, _)| *i == category),
        _ => false,
    };
    cx.objects().filter(ours).collect()
}

#[allow(clippy::too_many_arguments)]
fn collisions(
    cx: &Context<'_>,
    overwrite: bool,
    shown: &str,
    index: usize,
    category: &Category,
    node: Option<&Process>,
    processes: &[&Process],
    objects: &[ObjectAt<'_>],
    out: &mut Vec<Diagnostic>,
) {
    let existing: &[Process] = match node {
        Some(p) => &p.processes,
        None => category.hierarchy.as_ref().map_or(&[], |h| &h.processes),
    };
    let push = |out: &mut Vec<Diagnostic>, at: Place, what: String| {
        out.push(match overwrite {
            true => {
                let mut d = COLLISION
                    .at(at, format!("Overwrite replaces the destination's {what}"))
                    .with_label("replaces the destination's copy")
                    .with_help("check that nothing the destination added to it is needed");
                // Nothing blocks: the restore replaces the destination's copy.
                d.severity = Severity::Note;
                d
            }
            false => COLLISION
                .at(at, format!("the destination already has {what}; the restore is blocked without Overwrite"))
                .with_label("name already taken")
                .with_help("rename it, restore into another node, or choose Overwrite = Yes (--overwrite) to replace the destination's copy"),
        });
    };
    for p in processes {
        if let Some(old) = existing
            .iter()
            .find(|e| name_key(&e.name.value) == name_key(&p.name.value))
        {
            let tasks: usize = old.walk().iter().map(|q| q.tasks.len()).sum();
            // The path from the node the file is restored under.
            let at = Place {
                file: category_file(cx, p),
                span: p.name.span,
                path: Some(format!("Process[Name='{}']", p.name.value)),
            };
            let what = format!(
                "process `{}` under `{shown}` (with {tasks} task{})",
                old.name.value,
                if tasks == 1 { "" } else { "s" }
            );
            push(out, at, what);
        }
    }
    let taken: BTreeSet<(&str, String)> = file_objects(cx, &[(index, category)])
        .into_iter()
        .map(|o| (o.kind.word(), name_key(&o.name.value)))
        .collect();
    for o in objects {
        if taken.contains(&(o.kind.word(), name_key(&o.name.value))) {
            let at = Place::object(o.kind.element(), o.file, o.name, o.name.span);
            let what = format!(
                "{} `{}` in category `{}`",
                o.kind.word(),
                o.name.value,
                category.name.value
            );
            push(out, at, what);
        }
    }
}

/// The file of an input process: processes carry no file of their own, so take it from the
/// input category holding the process.
fn category_file(cx: &Context<'_>, p: &Process) -> crate::span::FileId {
    cx.input_categories()
        .find(|(_, c)| {
            c.hierarchy
                .as_ref()
                .is_some_and(|h| h.processes.iter().any(|q| std::ptr::eq(q, p)))
        })
        .map_or(0, |(_, c)| c.file)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::with_destination;
    use crate::rules::{CheckOptions, RestoreInto};

    /// The SG311 fixture restored into `into`: the codes and severities of SG31x findings.
    fn run(into: &str, overwrite: bool) -> Vec<(&'static str, Severity)> {
        let options = CheckOptions {
            restore_into: Some(RestoreInto::parse(into, overwrite)),
            ..CheckOptions::default()
        };
        with_destination("SG311", options, true)
            .into_iter()
            .filter(|d| d.code.starts_with("SG31"))
            .map(|d| (d.code, d.severity))
            .collect()
    }

    #[test]
    fn plan_collisions_and_overwrite() {
        use Severity::{Error, Note};
        let blocked = run("Procure to pay/Vendors", false);
        assert_eq!(blocked.first(), Some(&("SG310", Note)));
        assert!(blocked.contains(&("SG311", Error)), "{blocked:?}");
        let replaced = run("procure to pay / vendors", true);
        assert!(replaced.iter().all(|(_, s)| *s == Note), "{replaced:?}");
        assert_eq!(replaced.len(), blocked.len());
        assert_eq!(
            run("Procure to pay/Nowhere", false),
            [("SG310", Note), ("SG312", Error)]
        );
    }
}
