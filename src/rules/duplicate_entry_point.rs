//! SG204: the same entry point twice in one task or one privilege.

use super::context::object_path;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::EntryPoint;
use crate::span::FileId;
use std::collections::BTreeMap;

pub(super) static RULE: Rule = Rule {
    code: "SG204",
    name: "duplicate-entry-point",
    summary: "The same entry point appears twice in one task or privilege.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "That an entry point (object type, object name and child name, compared \
               case-insensitively) appears at most once in a task or a privilege.",
        why: "Only one grant per entry point survives in the privilege; if the two copies grant \
              different permissions, which one wins depends on the order of processing, and the \
              access the file seems to give is not the access users get.",
        example: "<EntryPoints>\n  <EntryPoint>\n    <ObjectName>VendTable</ObjectName><ObjectType>MenuItemDisplay</ObjectType>\n    <Grant><Read>Allow</Read></Grant>\n  </EntryPoint>\n  <EntryPoint>\n    <ObjectName>VendTable</ObjectName><ObjectType>MenuItemDisplay</ObjectType>\n    <Grant><Update>Allow</Update></Grant>\n  </EntryPoint>\n</EntryPoints>",
        fix: "Merge the two into one entry point whose grant holds every permission meant.",
    },
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (p, task, path) in cx.input_tasks() {
        duplicates(p.category.file, &task.entry_points, &path, "task", out);
    }
    for privilege in cx.model.privileges.iter().filter(|p| cx.is_input(p.file)) {
        let path = object_path("AxSecurityPrivilege", &privilege.name.value);
        duplicates(
            privilege.file,
            &privilege.entry_points,
            &path,
            "privilege",
            out,
        );
    }
}

fn duplicates(
    file: FileId,
    eps: &[EntryPoint],
    path: &str,
    owner: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut first: BTreeMap<String, crate::span::Span> = BTreeMap::new();
    for ep in eps {
        if ep.object_name.value.trim().is_empty() {
            continue;
        }
        match first.get(&ep.key()) {
            Some(&span) => out.push(
                RULE.diag(format!(
                    "the {owner} lists the entry point {} `{}` twice",
                    ep.object_type.value, ep.object_name.value
                ))
                .at(file, ep.object_name.span)
                .with_label("second occurrence")
                .with_related(file, span, "first listed here")
                .with_help(
                    "merge the two entry points into one whose grant holds every permission meant",
                )
                .with_path(path.to_owned()),
            ),
            None => {
                first.insert(ep.key(), ep.object_name.span);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{governance, lines_of};

    #[test]
    fn same_object_with_other_child_is_not_a_duplicate() {
        let ep = |name: &str, child: &str| {
            format!(
                "<EntryPoint><ObjectName>{name}</ObjectName><ObjectType>MenuItemDisplay</ObjectType>{child}<Grant><Read>Allow</Read></Grant></EntryPoint>"
            )
        };
        let xml = governance(&format!(
            "<Process><Name>A</Name><Task><Name>T</Name><EntryPoints>\n{}\n{}\n{}\n</EntryPoints></Task></Process>",
            ep("VendTable", ""),
            ep("vendtable", ""),
            ep("VendTable", "<ChildName>Grid</ChildName>")
        ));
        assert_eq!(lines_of("SG204", &xml, &Default::default()), [5]);
    }
}
