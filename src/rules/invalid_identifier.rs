//! SG306: with `--action create`, a duty or role name that cannot be the name of an application
//! object, by the rule Microsoft documents for the `name` property.

use super::finding::Place;
use super::objects::KindNames;
use super::{Context, Docs, RestoreAction, Rule};
use crate::diag::{Diagnostic, Severity};

pub(super) static RULE: Rule = Rule {
    code: "SG306",
    name: "invalid-identifier",
    summary: "A duty or role that Create will make has a name that cannot be an AOT element name.",
    default_severity: Severity::Error,
    retired: None,
    docs: Docs {
        what: "With `--action create`, that every duty and role the Create action makes from the \
               task lines has a name that can be the name of an application object: it begins \
               with a letter, holds only letters, digits and underscores (no spaces or \
               punctuation), and has at most 250 characters. Names are checked only where they \
               become application objects: objects created in the user interface get generated \
               (GUID) names, and other actions keep the names as references.",
        why: "Create \"pushes all duties and roles that must be created from the security setup \
              into the publish staging table\" as security objects named after the task line. \
              Microsoft's reference for the `name` property of Finance and Operations application \
              objects says the name \"must meet the following criteria to avoid code conflicts: \
              Begins with a letter. Doesn't exceed 250 characters. Can include numbers and \
              underscore characters. Cannot include punctuation or spaces.\" A name such as \
              `Vendor master (maintain)` cannot be one, and publishing fails after the restore.",
        example: "<Task>\n  <Name>Maintain vendor master</Name>\n  <Duty>Vendor master maintain</Duty>\n</Task>",
        fix: "Use an identifier such as `VendorMasterMaintain`; keep the readable text in the task's \
              `Name` and `Description`.",
    },
    check: Some(check),
};

/// Longest name of an application object ("Doesn't exceed 250 characters").
pub(crate) const MAX_LENGTH: usize = 250;

/// Whether `name` can be the name of an application object: a letter, then letters, digits or
/// underscores, at most [`MAX_LENGTH`] characters.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
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
    if out.starts_with(|c: char| c.is_ascii_digit() || c == '_') {
        out.insert(0, 'X');
    }
    out
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for c in cx.restored_with(RestoreAction::Create) {
        for (kind, name) in super::action_create::created_names(c) {
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
            let message = format!(
                "`{}` cannot be created: a {} name must begin with a letter and hold only letters, digits and underscores",
                name.value,
                kind.word()
            );
            out.push(
                RULE.at(Place::category(c, name.span), message)
                    .with_label("not an application object name")
                    .with_help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        let long = "a".repeat(MAX_LENGTH);
        let too_long = "a".repeat(MAX_LENGTH + 1);
        // "Begins with a letter": not an underscore, not a digit.
        let cases = [
            ("VendTableMaintain", true),
            ("x_1", true),
            (&long, true),
            ("_x1", false),
            ("Vendor master", false),
            ("1Vendor", false),
            (&too_long, false),
        ];
        for (name, expected) in cases {
            assert_eq!(is_identifier(name), expected, "{name}");
        }
        assert_eq!(
            suggestion("vendor master (maintain)"),
            "VendorMasterMaintain"
        );
    }
}
