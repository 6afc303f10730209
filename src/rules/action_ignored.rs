//! SG304: `--action` given for a file restored with a Type other than User security governance.

use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::{BackupType, Dialect};

pub(super) static RULE: Rule = Rule {
    code: "SG304",
    name: "action-ignored",
    summary: "The Security related action only applies to the Type User security governance.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "With `--action`, that the file is restored as User security governance (by \
               `--restore-type` or by its own Type), the only Type the action applies to.",
        why: "For the other Types the dialog ignores the action: a plan that relies on Create to \
              make the duties will find none created.",
        example: "<!-- secgov validate --action create -->\n<SecurityCategoryBackup Type=\"GovernanceAndConfiguration\">\n  ...\n</SecurityCategoryBackup>",
        fix: "Drop the action, or restore the file as User security governance if that is what you \
              meant.",
    },
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(action) = cx.options.action else {
        return;
    };
    for doc in cx
        .model
        .documents
        .iter()
        .filter(|d| d.dialect == Dialect::UsgBackup && cx.is_input(d.file))
    {
        let Some(t) = cx
            .restore_type(doc.file)
            .filter(|t| *t != BackupType::UserSecurityGovernance)
        else {
            continue;
        };
        let span = doc.declared_type.as_ref().map_or(doc.root.span, |t| t.span);
        out.push(
            RULE.diag(format!(
                "the action {} is ignored: the file is restored as {} and the action only applies to User security governance",
                action.as_str(),
                t.ui_label()
            ))
            .at(doc.file, span)
            .with_label(format!("restored as {}", t.ui_label()))
            .with_help("drop --action, or restore the file with --restore-type UserSecurityGovernance"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{CheckOptions, RestoreAction, testing::lines_of};

    #[test]
    fn only_for_other_types() {
        let xml = "<SecurityCategoryBackup Type=\"SecurityConfiguration\"><SecurityCategory><Name>C</Name></SecurityCategory></SecurityCategoryBackup>";
        let options = CheckOptions {
            action: Some(RestoreAction::Create),
            ..CheckOptions::default()
        };
        assert_eq!(lines_of("SG304", xml, &options), [1]);
        let usg = xml.replace("\"SecurityConfiguration", "\"UserSecurityGovernance");
        assert!(lines_of("SG304", &usg, &options).is_empty());
    }
}
