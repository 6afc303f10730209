//! SG302: `--restore-type` differs from the Type the file was backed up with.

use super::finding::Place;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::BackupType;

pub(super) static RULE: Rule = Rule {
    code: "SG302",
    name: "restore-type-mismatch",
    summary: "The restore Type differs from the Type the file was backed up with.",
    default_severity: Severity::Error,
    retired: None,
    docs: Docs {
        what: "With `--restore-type`, that the Type you will choose on Restore from XML equals the \
               file's Type (as declared, or as its content implies when it has none). A legacy \
               Type from the tool User security governance replaced counts as its equivalent: \
               `EASS` as User security governance, `EASS + Security configuration` as \
               Governance + configuration.",
        why: "Microsoft's restore steps say to \"select the **same** **Type** value during \
              import\"; with another one \"the tool will later generate an info message, giving \
              you more information on why the import process might not work\": the restore \
              runs and leaves out part of the file, or brings in nothing. For legacy files the \
              migration page is explicit: `EASS` and User security governance \"are equivalent \
              to each other\", while `EASS` and Security configuration \"are exclusive of each \
              other\".",
        example: "<!-- secgov validate --restore-type SecurityConfiguration -->\n<SecurityCategoryBackup Type=\"UserSecurityGovernance\">\n  ...\n</SecurityCategoryBackup>",
        fix: "Choose the file's Type in the Restore from XML dialog (the help names it), or back up \
              the category again with the Type you need.",
    },
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(wanted) = cx.options.restore_type else {
        return;
    };
    for doc in cx.input_backups() {
        let Some(actual) = cx.file_type(doc.file) else {
            continue;
        };
        if actual == wanted {
            continue;
        }
        let (span, was) = match &doc.declared_type {
            Some(t) => (
                t.span,
                match BackupType::declared_label(&t.value) {
                    Some(label) => format!("was backed up as {label}"),
                    None => format!("was backed up as {}", actual.ui_label()),
                },
            ),
            None => (
                doc.root.span,
                format!("has no Type; its content fits {}", actual.ui_label()),
            ),
        };
        let message = format!(
            "the file {was} but will be restored as {}; the restore might not work",
            wanted.ui_label()
        );
        out.push(
            RULE.at(Place::in_file(doc.file, span), message)
                .with_label(format!("restoring as {}", wanted.ui_label()))
                .with_help(format!(
                    "choose Type \"{}\" in the Restore from XML dialog, or back up the category again as \"{}\"",
                    actual.ui_label(),
                    wanted.ui_label()
                )),
        );
    }
}

#[cfg(test)]
crate::rules::testing::cases! {
    reported_at_the_type_attribute: file(GOVERNANCE).with(restored_as(BackupType::SecurityConfiguration)) => "SG302" at [2];
    not_for_the_same_type: file(GOVERNANCE).with(restored_as(BackupType::UserSecurityGovernance)) => "SG302" at [];
    /// EASS is User security governance under its old name.
    eass_is_user_security_governance: file(GOVERNANCE).replace("UserSecurityGovernance", "EASS").with(restored_as(BackupType::UserSecurityGovernance)) => "SG302" at [];
    /// EASS excludes Security configuration.
    eass_is_not_security_configuration: file(GOVERNANCE).replace("UserSecurityGovernance", "EASS").with(restored_as(BackupType::SecurityConfiguration)) => "SG302" at [2];
}

#[cfg(test)]
const GOVERNANCE: &str = "<?xml version=\"1.0\"?>\n<SecurityCategoryBackup Type=\"UserSecurityGovernance\"><SecurityCategory><Name>C</Name></SecurityCategory></SecurityCategoryBackup>";

#[cfg(test)]
fn restored_as(t: BackupType) -> super::CheckOptions {
    super::CheckOptions {
        restore_type: Some(t),
        ..Default::default()
    }
}
