//! SG301: a backup's declared Type does not fit its content, so part of the file is ignored.

use super::context::category_path;
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
               `Type=\"SecurityConfiguration\"` holds no process hierarchy.",
        why: "The Type decides what a restore reads: roles, duties and privileges in a governance-only \
              file, or processes and tasks in a configuration-only file, are silently ignored, so \
              the destination lacks what the file seems to carry.",
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
        let Some(declared) = cx
            .model
            .document(c.file)
            .and_then(|d| d.declared_type.as_ref())
            .and_then(|t| BackupType::ALL.into_iter().find(|b| b.as_str() == t.value))
        else {
            continue;
        };
        let objects = cx
            .model
            .roles
            .iter()
            .map(|o| o.origin)
            .chain(cx.model.duties.iter().map(|o| o.origin))
            .chain(cx.model.privileges.iter().map(|o| o.origin))
            .filter(|o| *o == crate::model::Origin::Backup { category: index })
            .count();
        if let Some(span) = c
            .configuration
            .filter(|_| objects > 0 && !declared.has_configuration())
        {
            out.push(
                RULE.diag(format!(
                    "the file's Type is {} but category `{}` carries {objects} security objects; a restore ignores them",
                    declared.as_str(),
                    c.name.value
                ))
                .at(c.file, open_tag(span, "SecurityConfiguration"))
                .with_label("ignored by this Type")
                .with_help("set Type=\"GovernanceAndConfiguration\" to restore both parts, or remove the <SecurityConfiguration>")
                .with_path(category_path(c)),
            );
        }
        let processes = c.hierarchy.as_ref().map_or(0, |h| h.processes.len());
        if let Some(h) = c
            .hierarchy
            .as_ref()
            .filter(|_| processes > 0 && !declared.has_hierarchy())
        {
            out.push(
                RULE.diag(format!(
                    "the file's Type is {} but category `{}` has a process hierarchy; a restore ignores it",
                    declared.as_str(),
                    c.name.value
                ))
                .at(c.file, open_tag(h.span, "ProcessHierarchy"))
                .with_label("ignored by this Type")
                .with_help("set Type=\"GovernanceAndConfiguration\" to restore both parts, or remove the <ProcessHierarchy>")
                .with_path(category_path(c)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::lines_of;

    #[test]
    fn configuration_in_governance_only_file() {
        let xml = "<SecurityCategoryBackup Type=\"UserSecurityGovernance\"><SecurityCategory><Name>C</Name>\n<SecurityConfiguration><AxSecurityDuty><Name>D</Name></AxSecurityDuty></SecurityConfiguration></SecurityCategory></SecurityCategoryBackup>";
        assert_eq!(lines_of("SG301", xml, &Default::default()), [2]);
        let both = xml.replace("UserSecurityGovernance", "GovernanceAndConfiguration");
        assert!(lines_of("SG301", &both, &Default::default()).is_empty());
    }
}
