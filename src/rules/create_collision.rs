//! SG307: with `--action create`, a duty or role to be created already exists in the destination.

use super::finding::Place;
use super::objects::KindNames;
use super::{Context, Docs, RestoreAction, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::ObjectKind;
use crate::span::name_key;

pub(super) static RULE: Rule = Rule {
    code: "SG307",
    name: "create-collision",
    summary: "A duty or role the Create action would create already exists in the destination.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "With `--action create` and `--target`, that no duty, privilege or role the restore \
               creates already exists in the destination.",
        why: "Create pushes the objects to the publish staging table; one that already exists either \
              fails to publish or replaces the destination's object, changing the access of every \
              user who holds it.",
        example: "<!-- secgov validate --action create --target prod-security/ -->\n<Task>\n  <Name>Maintain vendor master</Name>\n  <Duty>VendTableMaintain</Duty>\n</Task>",
        fix: "Rename the duty or role in the file, or restore with the action None to reference the \
              destination's existing object instead of creating one.",
    },
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.options.target_files.is_empty() {
        return;
    }
    let m = cx.model;
    let existing = |name: &str, kind: ObjectKind| {
        let key = name_key(name);
        if kind == ObjectKind::Role {
            m.roles
                .iter()
                .find(|r| cx.is_target(r.file) && r.name.key() == key)
                .map(|r| (r.file, r.name.span))
        } else {
            m.duties
                .iter()
                .find(|d| cx.is_target(d.file) && d.name.key() == key)
                .map(|d| (d.file, d.name.span))
                .or_else(|| {
                    m.privileges
                        .iter()
                        .find(|p| cx.is_target(p.file) && p.name.key() == key)
                        .map(|p| (p.file, p.name.span))
                })
        }
    };
    for c in cx.restored_with(RestoreAction::Create) {
        for (kind, name) in super::action_create::created_names(c) {
            let Some((file, span)) = existing(&name.value, kind) else {
                continue;
            };
            let message = format!(
                "the {} `{}` already exists in the destination; Create would create it again",
                kind.word(),
                name.value
            );
            out.push(
                RULE.at(Place::category(c, name.span), message)
                    .with_label("already in the destination")
                    .with_related(file, span, "the destination's object")
                    .with_help("rename it in the file, or restore with --action none to use the existing object"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::with_destination;
    use crate::rules::{CheckOptions, RestoreAction};

    #[test]
    fn only_objects_of_the_destination_collide() {
        let count = |as_target| {
            let create = CheckOptions {
                action: Some(RestoreAction::Create),
                ..CheckOptions::default()
            };
            let found = with_destination("SG307", create, as_target);
            found.iter().filter(|d| d.code == "SG307").count()
        };
        // Read as one more input, the duty is a plain definition, not the destination's.
        assert_eq!(count(false), 0);
        assert_eq!(count(true), 1);
    }
}
