//! SG303: a backup without a Type attribute; the Type is inferred from its content.

use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::Dialect;

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
    for doc in &cx.model.documents {
        if doc.dialect != Dialect::UsgBackup
            || doc.declared_type.is_some()
            || !cx.is_input(doc.file)
        {
            continue;
        }
        let Some(inferred) = doc.inferred_type else {
            continue;
        };
        out.push(
            RULE.diag(format!(
                "the backup has no Type; its content fits {} ({})",
                inferred.as_str(),
                inferred.ui_label()
            ))
            .at(doc.file, doc.root.span)
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
mod tests {
    use crate::rules::testing::lines_of;

    #[test]
    fn only_without_a_type() {
        let xml = "<SecurityCategoryBackup>\n<SecurityCategory><Name>C</Name></SecurityCategory></SecurityCategoryBackup>";
        assert_eq!(lines_of("SG303", xml, &Default::default()), [1]);
        let typed = xml.replace("Backup>\n", "Backup Type=\"UserSecurityGovernance\">\n");
        assert!(lines_of("SG303", &typed, &Default::default()).is_empty());
    }
}
