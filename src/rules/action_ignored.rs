//! SG304: `--action` given for a file restored as Security configuration, a Type that brings in
//! no process hierarchy for the action to work on.

use super::finding::Place;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::BackupType;

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
    for doc in cx.input_backups() {
        let Some(t) = cx.restore_type(doc.file).filter(|t| !t.has_hierarchy()) else {
            continue;
        };
        let span = doc.declared_type.as_ref().map_or(doc.root.span, |t| t.span);
        let message = format!(
            "the action {} changes nothing: the file is restored as {}, which brings in no process hierarchy for the action to work on",
            action.as_str(),
            t.ui_label()
        );
        out.push(
            RULE.at(Place::in_file(doc.file, span), message)
                .with_label(format!("restored as {}", t.ui_label()))
                .with_help(format!(
                    "drop --action, or restore the file with --restore-type {} to bring in its hierarchy as well",
                    BackupType::GovernanceAndConfiguration.as_str()
                )),
        );
    }
}

#[cfg(test)]
crate::rules::testing::cases! {
    reported_for_security_configuration: configuration_only().action(RestoreAction::Create) => "SG304" at [1];
    not_for_user_security_governance: configuration_only().replace("\"SecurityConfiguration", "\"UserSecurityGovernance").action(RestoreAction::Create) => "SG304" at [];
    not_for_governance_and_configuration: configuration_only().replace("\"SecurityConfiguration", "\"GovernanceAndConfiguration").action(RestoreAction::Create) => "SG304" at [];
    not_for_eass: configuration_only().replace("\"SecurityConfiguration", "\"EASS").action(RestoreAction::Create) => "SG304" at [];
}

/// A backup of Type Security configuration.
#[cfg(test)]
fn configuration_only() -> super::testing::Run {
    super::testing::file(
        "<SecurityCategoryBackup Type=\"SecurityConfiguration\"><SecurityCategory><Name>C</Name></SecurityCategory></SecurityCategoryBackup>",
    )
}
