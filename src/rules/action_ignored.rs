//! SG304: `--action` given for a file restored as Security configuration, a Type that brings in
//! no process hierarchy for the action to work on.

use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::{BackupType, Dialect};

pub(super) static RULE: Rule = Rule {
    code: "SG304",
    name: "action-ignored",
    summary: "The Security related action has nothing to work on: the file is restored as Security configuration.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "With `--action`, that the file is restored with a Type that brings in the process \
               hierarchy: User security governance or Governance + configuration (by \
               `--restore-type` or by the file's own Type). Restored as Security configuration, \
               it reports that the action has no task lines to work on.",
        why: "Create, Clear and None act on the task lines of the restored hierarchy: Create makes \
              their duties and roles, Clear blanks their references, None keeps them as written. \
              Security configuration \"won't restore the security category and its related \
              configuration from the **Process hierarchy** page\", so the action changes nothing: \
              a plan that relies on Create to make the duties will find none created.",
        example: "<!-- secgov validate --action create -->\n<SecurityCategoryBackup Type=\"SecurityConfiguration\">\n  ...\n</SecurityCategoryBackup>",
        fix: "Drop the action, or restore the file as Governance + configuration (the hierarchy and \
              the security objects) or User security governance (the hierarchy only) if the task \
              lines should be restored too.",
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
        let Some(t) = cx.restore_type(doc.file).filter(|t| !t.has_hierarchy()) else {
            continue;
        };
        let span = doc.declared_type.as_ref().map_or(doc.root.span, |t| t.span);
        out.push(
            RULE.diag(format!(
                "the action {} changes nothing: the file is restored as {}, which brings in no process hierarchy for the action to work on",
                action.as_str(),
                t.ui_label()
            ))
            .at(doc.file, span)
            .with_label(format!("restored as {}", t.ui_label()))
            .with_help(format!(
                "drop --action, or restore the file with --restore-type {} to bring in its hierarchy as well",
                BackupType::GovernanceAndConfiguration.as_str()
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{CheckOptions, RestoreAction, testing::lines_of};

    #[test]
    fn only_for_security_configuration() {
        let xml = "<SecurityCategoryBackup Type=\"SecurityConfiguration\"><SecurityCategory><Name>C</Name></SecurityCategory></SecurityCategoryBackup>";
        let options = CheckOptions {
            action: Some(RestoreAction::Create),
            ..CheckOptions::default()
        };
        assert_eq!(lines_of("SG304", xml, &options), [1]);
        for t in [
            "UserSecurityGovernance",
            "GovernanceAndConfiguration",
            "EASS",
        ] {
            let other = xml.replace("\"SecurityConfiguration", &format!("\"{t}"));
            assert!(lines_of("SG304", &other, &options).is_empty(), "{t}");
        }
    }
}
