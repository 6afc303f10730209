//! SG601: a role holds both duties of a segregation-of-duties rule from `secgov.toml`.

use super::context::object_path;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::{Model, Role};
use std::collections::{BTreeMap, BTreeSet};

pub(super) static RULE: Rule = Rule {
    code: "SG601",
    name: "segregation-of-duties",
    summary: "A role holds both duties of a segregation-of-duties rule.",
    default_severity: Severity::Error,
    retired: None,
    docs: Docs {
        what: "For every `[[sod]]` rule in `secgov.toml` (a name, a first and a second duty, a \
               severity, the security risk and its mitigation), flags each role in the files read \
               (or created by a process hierarchy) that holds both duties, directly, through \
               sub-roles or through role extensions. The finding takes the rule's severity.",
        why: "Segregation of duties keeps one person from both creating and approving, or paying and \
              reconciling. A role that holds both sides gives every user with it the risk the rule \
              names.",
        example: "# secgov.toml\n[[sod]]\nname = \"Vendor and payment\"\nfirst-duty = \"VendTableMaintain\"\nsecond-duty = \"VendPaymentProcess\"\nseverity = \"error\"\nrisk = \"A user can create a vendor and pay it.\"\nmitigation = \"Split vendor maintenance and payments between roles.\"",
        fix: "Move one of the duties to another role, or remove the sub-role that brings it in. If the \
              combination is accepted, document the mitigation and lower the rule's severity.",
    },
    check: Some(check),
};

/// Every duty `role` holds (name key to the path that brings it in), sub-roles and extensions
/// flattened.
pub(super) fn duties_of(model: &Model, role: &Role) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut visited = BTreeSet::new();
    let mut stack = vec![(role, role.name.value.clone())];
    while let Some((r, path)) = stack.pop() {
        if !visited.insert(r.name.key()) {
            continue;
        }
        let ext: Vec<_> = model.extensions_of_role(&r.name.value).collect();
        for d in r.duties.iter().chain(ext.iter().flat_map(|e| &e.duties)) {
            out.entry(d.key())
                .or_insert_with(|| format!("{path} > {}", d.value));
        }
        for s in r
            .sub_roles
            .iter()
            .chain(ext.iter().flat_map(|e| &e.sub_roles))
        {
            if let Some(sub) = model.find_role(&s.value) {
                stack.push((sub, format!("{path} > {}", s.value)));
            }
        }
    }
    out
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.options.sod_rules.is_empty() {
        return;
    }
    for role in cx.with_implied.roles.iter().filter(|r| cx.is_input(r.file)) {
        let duties = duties_of(&cx.with_implied, role);
        for rule in &cx.options.sod_rules {
            let first = duties.get(&crate::span::name_key(&rule.first_duty));
            let second = duties.get(&crate::span::name_key(&rule.second_duty));
            let (Some(a), Some(b)) = (first, second) else {
                continue;
            };
            let mut message = format!(
                "the role `{}` holds both {} and {}, which the rule `{}` keeps apart",
                role.name.value, rule.first_duty, rule.second_duty, rule.name
            );
            if let Some(risk) = &rule.risk {
                message.push_str(&format!(": {risk}"));
            }
            let mut d = Diagnostic::new(RULE.code, rule.severity, message)
                .at(role.file, role.name.span)
                .with_label(format!("{a}; {b}"))
                .with_path(object_path("AxSecurityRole", &role.name.value));
            d = match &rule.mitigation {
                Some(m) => d.with_help(format!("mitigation: {m}")),
                None => d.with_help("move one of the duties to another role, or remove the sub-role that brings it in"),
            };
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::Severity;
    use crate::rules::testing::lines_of;
    use crate::rules::{CheckOptions, SodRule};

    #[test]
    fn through_a_sub_role() {
        let xml = "<SecurityCategoryBackup Type=\"SecurityConfiguration\"><SecurityCategory><Name>C</Name><SecurityConfiguration>\n<AxSecurityRole><Name>R</Name><Duties><AxSecurityDutyReference><Name>Pay</Name></AxSecurityDutyReference></Duties><SubRoles><AxSecurityRoleReference><Name>S</Name></AxSecurityRoleReference></SubRoles></AxSecurityRole>\n<AxSecurityRole><Name>S</Name><Duties><AxSecurityDutyReference><Name>Vend</Name></AxSecurityDutyReference></Duties></AxSecurityRole>\n</SecurityConfiguration></SecurityCategory></SecurityCategoryBackup>";
        let options = CheckOptions {
            sod_rules: vec![SodRule {
                name: "vendor and payment".into(),
                first_duty: "vend".into(),
                second_duty: "PAY".into(),
                severity: Severity::Warning,
                risk: None,
                mitigation: None,
            }],
            ..CheckOptions::default()
        };
        assert_eq!(lines_of("SG601", xml, &options), [2]);
    }
}
