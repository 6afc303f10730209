//! SG307: with `--action create`, a duty or role to be created already exists in the destination.

use super::{Context, Docs, RestoreAction, Rule};
use crate::diag::{Diagnostic, Severity};
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
    if cx.options.action != Some(RestoreAction::Create) || cx.options.target_files.is_empty() {
        return;
    }
    let m = cx.model;
    let existing = |name: &str, role: bool| {
        let key = name_key(name);
        if role {
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
    for (_, c) in cx
        .input_categories()
        .filter(|(_, c)| cx.action_applies(c.file))
    {
        let (duties, roles) = super::action_create::created(c);
        let named = duties
            .iter()
            .map(|n| ("duty", n, false))
            .chain(roles.iter().map(|n| ("role", n, true)));
        for (kind, name, role) in named {
            let Some((file, span)) = existing(&name.value, role) else {
                continue;
            };
            out.push(
                RULE.diag(format!("the {kind} `{}` already exists in the destination; Create would create it again", name.value))
                    .at(c.file, name.span)
                    .with_label("already in the destination")
                    .with_related(file, span, "the destination's object")
                    .with_help("rename it in the file, or restore with --action none to use the existing object")
                    .with_path(super::context::category_path(c)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::load::{LoadOptions, load};
    use crate::rules::{CheckOptions, RestoreAction, check};
    use std::path::PathBuf;

    #[test]
    fn only_objects_of_the_destination_collide() {
        let dir = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/rules/SG307"
        ));
        let (input, target) = (dir.join("input.xml"), dir.join("destination"));
        let loaded = load(&[input.clone(), target.clone()], &LoadOptions::default());
        let mut options = CheckOptions {
            action: Some(RestoreAction::Create),
            ..CheckOptions::default()
        };
        let count = |o: &CheckOptions| {
            check(&loaded.model, &loaded.diagnostics, o)
                .iter()
                .filter(|d| d.code == "SG307")
                .count()
        };
        // Read as one more input, the duty is a plain definition, not the destination's.
        assert_eq!(count(&options), 0);
        options.assign_files(&loaded.model.files, &[input], Some(&target), &[]);
        assert_eq!(count(&options), 1);
    }
}
