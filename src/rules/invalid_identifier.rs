//! SG306: with `--action create`, a duty or role name that is not a valid AOT identifier.

use super::{Context, Docs, RestoreAction, Rule};
use crate::diag::{Diagnostic, Severity};

pub(super) static RULE: Rule = Rule {
    code: "SG306",
    name: "invalid-identifier",
    summary: "A duty or role to be created has a name that is not a valid AOT identifier.",
    default_severity: Severity::Error,
    retired: None,
    docs: Docs {
        what: "With `--action create`, that every duty, privilege and role the restore creates has \
               a name that is a valid AOT identifier: a letter or underscore, then letters, digits \
               or underscores, no spaces or punctuation, at most 81 characters.",
        why: "Create makes AOT-level security objects from these names. A name such as \
              `Vendor master (maintain)` cannot be one, and publishing fails after the restore.",
        example: "<Task>\n  <Name>Maintain vendor master</Name>\n  <Duty>Vendor master maintain</Duty>\n</Task>",
        fix: "Use an identifier such as `VendorMasterMaintain`; keep the readable text in the task's \
              `Name` and `Description`.",
    },
    check: Some(check),
};

/// Longest name the AOT accepts for an element.
const MAX_LENGTH: usize = 81;

pub(crate) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= MAX_LENGTH
}

fn suggestion(name: &str) -> String {
    let mut out = String::new();
    for word in name.split(|c: char| !c.is_ascii_alphanumeric() && c != '_') {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.options.action != Some(RestoreAction::Create) {
        return;
    }
    for (_, c) in cx
        .input_categories()
        .filter(|(_, c)| cx.action_applies(c.file))
    {
        let (duties, roles) = super::action_create::created(c);
        let named = duties
            .iter()
            .map(|n| ("duty", n))
            .chain(roles.iter().map(|n| ("role", n)));
        for (kind, name) in named {
            if name.value.trim().is_empty() || is_identifier(name.value.trim()) {
                continue;
            }
            let help = match suggestion(name.value.trim()) {
                s if is_identifier(&s) => format!(
                    "use an identifier such as `{s}`; keep readable text in the name and description of the task or process"
                ),
                _ => format!(
                    "use letters, digits and underscores only, starting with a letter, at most {MAX_LENGTH} characters"
                ),
            };
            out.push(
                RULE.diag(format!(
                    "`{}` cannot be created: a {kind} name must be an AOT identifier",
                    name.value
                ))
                .at(c.file, name.span)
                .with_label("not an AOT identifier")
                .with_help(help)
                .with_path(super::context::category_path(c)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert!(is_identifier("VendTableMaintain"));
        assert!(is_identifier("_x1"));
        assert!(!is_identifier("Vendor master"));
        assert!(!is_identifier("1Vendor"));
        assert!(!is_identifier(&"a".repeat(82)));
        assert_eq!(
            suggestion("vendor master (maintain)"),
            "VendorMasterMaintain"
        );
    }
}
