//! SG303: a backup without a Type attribute; the Type is inferred from its content.

use super::finding::Place;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};

pub(super) static RULE: Rule = Rule {
    code: "SG303",
    name: "missing-type",
    summary: "The backup has no Type; it is inferred from the content.",
    default_severity: Severity::Note,
    retired: None,
    docs: Docs {
        what: "That the root `<SecurityCategoryBackup>` has a `Type` attribute. Without one, secgov \
               infers the Type from the content (a hierarchy, security objects, or both) and says \
               which.",
        why: "Hand-written bulk-create files often leave the Type out. The restore dialog asks for a \
              Type anyway; knowing which one fits the content avoids restoring with the wrong one.",
        example: "<SecurityCategoryBackup>\n  <SecurityCategory>\n    <Name>Procure to pay</Name>\n    <ProcessHierarchy>...</ProcessHierarchy>\n  </SecurityCategory>\n</SecurityCategoryBackup>",
        fix: "Add the inferred Type to the root element, for example \
              `<SecurityCategoryBackup Type=\"UserSecurityGovernance\">`, and choose the same Type \
              when restoring.",
    },
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for doc in cx.input_backups().filter(|d| d.declared_type.is_none()) {
        let Some(inferred) = doc.inferred_type else {
            continue;
        };
        let message = format!(
            "the backup has no Type; its content fits {} ({})",
            inferred.as_str(),
            inferred.ui_label()
        );
        out.push(
            RULE.at(Place::in_file(doc.file, doc.root.span), message)
                .with_label("no Type attribute")
                .with_help(format!(
                    "add Type=\"{}\" to <{}> and choose \"{}\" when restoring",
                    inferred.as_str(),
                    doc.root.value,
                    inferred.ui_label()
                )),
        );
    }
}

#[cfg(test)]
crate::rules::testing::cases! {
    reported_without_a_type: file(UNTYPED) => "SG303" at [1];
    not_with_one: file(UNTYPED).replace("Backup>\n", "Backup Type=\"UserSecurityGovernance\">\n") => "SG303" at [];
}

#[cfg(test)]
const UNTYPED: &str = "<SecurityCategoryBackup>\n<SecurityCategory><Name>C</Name></SecurityCategory></SecurityCategoryBackup>";
