//! SG601: a role holds both duties of a segregation-of-duties rule (from `secgov.toml` or from
//! Dynamics 365's export of the rules, read by `crate::config::sod`).

use super::finding::Place;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};

pub(super) static RULE: Rule = Rule {
    code: "SG601",
    name: "segregation-of-duties",
    summary: "A role holds both duties of a segregation-of-duties rule.",
    default_severity: Severity::Error,
    retired: None,
    docs: Docs {
        what: "For every segregation-of-duties rule (from `[[sod]]` in `secgov.toml`, or from \
               `--sod FILE`, Dynamics 365's own export of the rules), flags each role in the files \
               read (or created by a process hierarchy) that holds both duties, directly, through \
               sub-roles or through role extensions. A rule has the fields Dynamics 365 gives it: \
               a name, a first and a second duty, a severity (the risk level Low, Medium or High), \
               the security risk, its mitigation, and validity dates; rules not valid today are \
               skipped. The finding's severity follows the risk level: High is an error, Medium a \
               warning, Low a note.",
        why: "Segregation of duties keeps one person from both creating and approving, or paying and \
              reconciling. Dynamics 365 enforces the rules when a role is saved (\"You cannot \
              assign conflicting duties to a role\"), so a restored or imported role that holds \
              both duties is a conflict waiting to be found by **Validate duties and roles**; \
              every user with the role carries the risk the rule names.",
        example: "# secgov.toml\n[[sod]]\nname = \"Vendor and payment\"\nfirst-duty = \"VendTableMaintain\"\nsecond-duty = \"VendPaymentProcess\"\nseverity = \"High\"\nrisk = \"A user can create a vendor and pay it.\"\nmitigation = \"Split vendor maintenance and payments between roles.\"\nvalid-from = \"2025-01-01\"",
        fix: "Move one of the duties to another role, or remove the sub-role that brings it in. If the \
              combination is accepted, document the mitigation and lower the rule's severity.",
    },
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.options.sod_rules.is_empty() {
        return;
    }
    for (i, role) in cx.with_implied.roles.iter().enumerate() {
        if !cx.is_input(role.file) {
            continue;
        }
        let access = cx.engine.access(i);
        let duty_path = |name: &str| {
            access
                .duties
                .get(&crate::span::name_key(name))
                .map(|d| cx.engine.duty_path(i, d))
        };
        for rule in cx
            .options
            .sod_rules
            .iter()
            .filter(|r| cx.options.today.is_none_or(|d| r.in_effect_on(d)))
        {
            let first = duty_path(&rule.first_duty);
            let second = duty_path(&rule.second_duty);
            let (Some(a), Some(b)) = (first, second) else {
                continue;
            };
            let mut message = format!(
                "the role `{}` holds both {} and {}, which the rule `{}` (severity {}) keeps apart",
                role.name.value,
                rule.first_duty,
                rule.second_duty,
                rule.name,
                rule.severity.label()
            );
            if let Some(risk) = &rule.risk {
                message.push_str(&format!(": {risk}"));
            }
            let help = match &rule.mitigation {
                Some(m) => format!("mitigation: {m}"),
                None => "move one of the duties to another role, or remove the sub-role that brings it in".to_owned(),
            };
            let mut d = RULE
                .at(Place::role(role, role.name.span), message)
                .with_label(format!("{a}; {b}"))
                .with_help(help);
            // The rule's risk level decides, not the code's default.
            d.severity = rule.severity.finding_severity();
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::configuration;
    use crate::rules::{CheckOptions, RiskLevel, SodRule};

    #[test]
    fn through_a_sub_role() {
        let run = configuration(
            "<AxSecurityRole><Name>R</Name><Duties><AxSecurityDutyReference><Name>Pay</Name></AxSecurityDutyReference></Duties><SubRoles><AxSecurityRoleReference><Name>S</Name></AxSecurityRoleReference></SubRoles></AxSecurityRole>\n<AxSecurityRole><Name>S</Name><Duties><AxSecurityDutyReference><Name>Vend</Name></AxSecurityDutyReference></Duties></AxSecurityRole>",
        );
        let rule = SodRule::new("vendor and payment", "vend", "PAY", RiskLevel::Medium);
        let mut options = CheckOptions {
            sod_rules: vec![rule],
            ..CheckOptions::default()
        };
        assert_eq!(run.with(options.clone()).lines("SG601"), [2]);
        // A rule not valid on the day checked is skipped.
        options.sod_rules[0].valid_to = Some((2020, 12, 31));
        options.today = Some((2021, 1, 1));
        assert!(run.with(options.clone()).lines("SG601").is_empty());
        options.today = Some((2020, 12, 31));
        assert_eq!(run.with(options).lines("SG601"), [2]);
    }
}
