//! SG502: a role both allows and denies one permission on an entry point once its sub-roles,
//! duties and privileges are flattened.

use super::finding::Place;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};

pub(super) static RULE: Rule = Rule {
    code: "SG502",
    name: "allowed-and-denied",
    summary: "A role both allows and denies a permission on one entry point.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "For every role in the files read (and every role a process hierarchy creates), \
               flattens its sub-roles, duties, privileges and extensions into effective access, and \
               reports each entry point where one permission is allowed by one path and denied by \
               another.",
        why: "Deny wins in Dynamics 365: the role's users lose the permission that one of its duties \
              was meant to give, which is rarely what whoever added the duty expected.",
        example: "<AxSecurityPrivilege>\n  <Name>VendTableView</Name>\n  <EntryPoints><AxSecurityEntryPointReference>\n    <Name>VendTable</Name><ObjectName>VendTable</ObjectName><ObjectType>MenuItemDisplay</ObjectType>\n    <Grant><Delete>Deny</Delete></Grant>\n  </AxSecurityEntryPointReference></EntryPoints>\n</AxSecurityPrivilege>\n<!-- ...and another privilege of the same role with <Delete>Allow</Delete> on VendTable -->",
        fix: "Decide which is meant: remove the Deny (or the Allow), or split the role so that no one \
              holds both paths.",
    },
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (i, role) in cx.with_implied.roles.iter().enumerate() {
        if !cx.is_input(role.file) {
            continue;
        }
        let access = cx.engine.access(i);
        if !access.has_conflict() {
            continue;
        }
        for entry in access.entries.values() {
            for permission in crate::model::Permission::ALL {
                let (Some(a), Some(d)) = (
                    entry.allowed[permission as usize],
                    entry.denied[permission as usize],
                ) else {
                    continue;
                };
                let (a, d) = (cx.engine.path_string(i, &a), cx.engine.path_string(i, &d));
                let message = format!(
                    "the role `{}` both allows and denies {} on {}; Deny wins",
                    role.name.value,
                    permission.as_str(),
                    entry.describe()
                );
                out.push(
                    RULE.at(Place::role(role, role.name.span), message)
                        .with_label(format!("allowed through {a}, denied through {d}"))
                        .with_help(
                            "remove the Deny or the Allow, or split the role so no one holds both",
                        ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::configuration;

    #[test]
    fn deny_on_one_path_allow_on_another() {
        let p = |n: &str, g: &str| {
            format!(
                "<AxSecurityPrivilege><Name>{n}</Name><EntryPoints><AxSecurityEntryPointReference><Name>X</Name><Grant>{g}</Grant><ObjectName>CustTable</ObjectName><ObjectType>MenuItemDisplay</ObjectType></AxSecurityEntryPointReference></EntryPoints></AxSecurityPrivilege>"
            )
        };
        let role = "<AxSecurityRole><Name>R</Name><Privileges><AxSecurityPrivilegeReference><Name>A</Name></AxSecurityPrivilegeReference><AxSecurityPrivilegeReference><Name>B</Name></AxSecurityPrivilegeReference></Privileges></AxSecurityRole>";
        let allow = p("A", "<Delete>Allow</Delete><Read>Allow</Read>");
        let deny = p("B", "<Delete>Deny</Delete>");
        let run = configuration(&format!("{role}\n{allow}\n{deny}"));
        assert_eq!(run.lines("SG502"), [2]);
    }
}
