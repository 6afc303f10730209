//! SG301: a backup's declared Type does not fit its content, so part of the file is ignored.

use super::finding::Place;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::BackupType;
use crate::span::Span;

pub(super) static RULE: Rule = Rule {
    code: "SG301",
    name: "type-content-mismatch",
    summary: "The backup's Type does not fit its content; part of it will be ignored.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "That a backup declared `Type=\"UserSecurityGovernance\"` holds no \
               `<SecurityConfiguration>` objects, and that one declared \
               `Type=\"SecurityConfiguration\"` holds no process hierarchy. The legacy Types of \
               the tool User security governance replaced count as their equivalents: `EASS` as \
               User security governance, `EASS + Security configuration` as Governance + \
               configuration.",
        why: "The Type decides what a restore reads. User security governance \"restores only \
              objects limited to security governance module and excludes all objects that were \
              created under **Core security configuration**\"; Security configuration \"won't \
              restore the security category and its related configuration from the **Process \
              hierarchy** page\". Roles, duties and privileges in a governance-only file, or \
              processes and tasks in a configuration-only file, are silently ignored, so the \
              destination lacks what the file seems to carry.",
        example: "<SecurityCategoryBackup Type=\"UserSecurityGovernance\">\n  <SecurityCategory>\n    <Name>Procure to pay</Name>\n    <SecurityConfiguration>\n      <AxSecurityDuty><Name>VendTableMaintain</Name></AxSecurityDuty>\n    </SecurityConfiguration>\n  </SecurityCategory>\n</SecurityCategoryBackup>",
        fix: "Set `Type=\"GovernanceAndConfiguration\"` if both parts should be restored, or remove the \
              part the Type leaves out.",
    },
    check: Some(check),
};

/// Span of `<Tag` at the start of an element.
fn open_tag(span: Span, tag: &str) -> Span {
    Span::new(span.start, (span.start + 1 + tag.len()).min(span.end))
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (index, c) in cx.input_categories() {
        let Some((declared, label)) = cx
            .model
            .document(c.file)
            .and_then(|d| d.declared_type.as_ref())
            .and_then(|t| {
                Some((
                    BackupType::from_declared(&t.value)?,
                    BackupType::declared_label(&t.value)?,
                ))
            })
        else {
            continue;
        };
        let objects = cx
            .objects()
            .filter(|o| o.origin == crate::model::Origin::Backup { category: index })
            .count();
        if let Some(span) = c
            .configuration
            .filter(|_| objects > 0 && !declared.has_configuration())
        {
            let message = format!(
                "the file's Type is {label} but category `{}` carries {objects} security objects; a restore ignores them",
                c.name.value
            );
            let at = Place::category(c, open_tag(span, "SecurityConfiguration"));
            out.push(ignored(at, message, "<SecurityConfiguration>"));
        }
        let processes = c.hierarchy.as_ref().map_or(0, |h| h.processes.len());
        if let Some(h) = c
            .hierarchy
            .as_ref()
            .filter(|_| processes > 0 && !declared.has_hierarchy())
        {
            let message = format!(
                "the file's Type is {label} but category `{}` has a process hierarchy; a restore ignores it",
                c.name.value
            );
            let at = Place::category(c, open_tag(h.span, "ProcessHierarchy"));
            out.push(ignored(at, message, "<ProcessHierarchy>"));
        }
    }
}

/// The finding for a part of the category (`element`) that the Type leaves out.
fn ignored(at: Place, message: String, element: &str) -> Diagnostic {
    RULE.at(at, message)
        .with_label("ignored by this Type")
        .with_help(format!(
            "set Type=\"GovernanceAndConfiguration\" to restore both parts, or remove the {element}"
        ))
}

#[cfg(test)]
crate::rules::testing::cases! {
    configuration_in_governance_only_file: file(GOVERNANCE) => "SG301" at [2];
    not_when_the_type_has_both: file(GOVERNANCE).replace("UserSecurityGovernance", "GovernanceAndConfiguration") => "SG301" at [];
    /// The legacy EASS Type restores as User security governance.
    eass_is_governance_only: file(GOVERNANCE).replace("UserSecurityGovernance", "EASS") => "SG301" at [2];
    /// Its + Security configuration sibling restores as Governance + configuration.
    eass_with_security_configuration_has_both: file(GOVERNANCE).replace("UserSecurityGovernance", "EASS + Security configuration") => "SG301" at [];
}

#[cfg(test)]
const GOVERNANCE: &str = "<SecurityCategoryBackup Type=\"UserSecurityGovernance\"><SecurityCategory><Name>C</Name>\n<SecurityConfiguration><AxSecurityDuty><Name>D</Name></AxSecurityDuty></SecurityConfiguration></SecurityCategory></SecurityCategoryBackup>";
