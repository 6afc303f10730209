//! SG204: the same entry point twice in one task or one privilege.

use super::context::tasks_of;
use super::finding::Place;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::EntryPoint;
use crate::model::names::{EntryPointKey, FxBuild};
use crate::span::Span;
use std::collections::HashMap;

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
    let processes = cx.input_processes();
    for t in tasks_of(&processes) {
        duplicates(&t.task.entry_points, &|span| t.at(span), "task", out);
    }
    for privilege in cx.model.privileges.iter().filter(|p| cx.is_input(p.file)) {
        let at = |span| Place::object("AxSecurityPrivilege", privilege.file, &privilege.name, span);
        duplicates(&privilege.entry_points, &at, "privilege", out);
    }
}

/// Lists this long or shorter (nearly all) are searched pairwise instead of hashed.
const SHORT: usize = 16;

/// Reports the entry points `eps` lists twice; `at` places a span of their owner (built only for
/// a finding: the path is a string).
fn duplicates(
    eps: &[EntryPoint],
    at: &dyn Fn(Span) -> Place,
    owner: &str,
    out: &mut Vec<Diagnostic>,
) {
    let listed = eps
        .iter()
        .filter(|ep| !ep.object_name.value.trim().is_empty());
    let mut report = |ep: &EntryPoint, first: Span| {
        let message = format!(
            "the {owner} lists the entry point {} `{}` twice",
            ep.object_type.value, ep.object_name.value
        );
        let at = at(ep.object_name.span);
        let file = at.file;
        out.push(
            RULE.at(at, message)
                .with_label("second occurrence")
                .with_related(file, first, "first listed here")
                .with_help(
                    "merge the two entry points into one whose grant holds every permission meant",
                ),
        )
    };
    if eps.len() <= SHORT {
        let mut first: Vec<EntryPointKey<'_>> = Vec::with_capacity(eps.len());
        for ep in listed {
            let key = EntryPointKey::new(ep);
            match first.iter().find(|k| **k == key) {
                Some(k) => report(ep, k.entry_point().object_name.span),
                None => first.push(key),
            }
        }
    } else {
        let mut first: HashMap<EntryPointKey<'_>, Span, FxBuild> = HashMap::default();
        for ep in listed {
            match first.get(&EntryPointKey::new(ep)) {
                Some(&span) => report(ep, span),
                None => {
                    first.insert(EntryPointKey::new(ep), ep.object_name.span);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::governance;

    #[test]
    fn same_object_with_other_child_is_not_a_duplicate() {
        let ep = |name: &str, child: &str| {
            format!(
                "<EntryPoint><ObjectName>{name}</ObjectName><ObjectType>MenuItemDisplay</ObjectType>{child}<Grant><Read>Allow</Read></Grant></EntryPoint>"
            )
        };
        let eps = [
            ep("VendTable", ""),
            ep("vendtable", ""),
            ep("VendTable", "<ChildName>Grid</ChildName>"),
        ];
        let run = governance(&format!(
            "<Process><Name>A</Name><Task><Name>T</Name><EntryPoints>\n{}\n</EntryPoints></Task></Process>",
            eps.join("\n")
        ));
        assert_eq!(run.lines("SG204"), [5]);
    }
}
