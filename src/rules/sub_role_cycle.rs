//! SG402: roles that contain each other through sub-roles.

use super::finding::Place;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::{Name, Role};

pub(super) static RULE: Rule = Rule {
    code: "SG402",
    name: "sub-role-cycle",
    summary: "Roles contain each other through sub-roles.",
    default_severity: Severity::Error,
    retired: None,
    docs: Docs {
        what: "That following sub-roles (including those added by role extensions) never leads back \
               to the role you started from. The cycle is spelled out in the message.",
        why: "The AOT refuses a role hierarchy with a cycle when the model is built, and a restore or \
              import of such roles fails or leaves them half-published.",
        example: "<AxSecurityRole>\n  <Name>Clerk</Name>\n  <SubRoles><AxSecurityRoleReference><Name>Supervisor</Name></AxSecurityRoleReference></SubRoles>\n</AxSecurityRole>\n<AxSecurityRole>\n  <Name>Supervisor</Name>\n  <SubRoles><AxSecurityRoleReference><Name>Clerk</Name></AxSecurityRoleReference></SubRoles>\n</AxSecurityRole>",
        fix: "Remove one of the sub-role references in the cycle; usually the broader role should \
              contain the narrower one, not the other way round.",
    },
    check: Some(check),
};

fn sub_roles<'m>(cx: &'m Context<'_>, role: &'m Role) -> impl Iterator<Item = &'m Name> {
    role.sub_roles.iter().chain(
        cx.role_extensions(&role.name.value)
            .flat_map(|e| &e.sub_roles),
    )
}

/// One finding per group of roles that contain each other (the engine's components), at the
/// first input role of the group: the walk is iterative and linear in the number of roles and
/// sub-role references, however long the cycle.
fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let roles = cx.engine.roles();
    for group in cx.engine.cycles() {
        let Some(&start) = group.iter().find(|&&r| cx.is_input(roles[r].file)) else {
            continue;
        };
        let Some(cycle) = cx.engine.cycle_from(start) else {
            continue;
        };
        let role = roles[start];
        let next = roles[cycle[1]].name.key();
        let Some(first) = sub_roles(cx, role).find(|s| s.key() == next) else {
            continue;
        };
        let names: Vec<&str> = cycle
            .iter()
            .enumerate()
            .map(|(i, &r)| {
                if i == 0 {
                    roles[r].name.value.as_str()
                } else {
                    // As the reference spells it, like the walk it replaces.
                    let prev = roles[cycle[i - 1]];
                    let key = roles[r].name.key();
                    sub_roles(cx, prev)
                        .find(|s| s.key() == key)
                        .map_or(roles[r].name.value.as_str(), |s| s.value.as_str())
                }
            })
            .collect();
        let message = format!("sub-roles form a cycle: {}", names.join(" > "));
        out.push(
            RULE.at(Place::role(role, first.span), message)
                .with_label("leads back to this role")
                .with_help("remove one of the sub-role references in the cycle"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::configuration;

    #[test]
    fn a_cycle_is_reported_once() {
        let role = |n: &str, s: &str| {
            format!(
                "<AxSecurityRole><Name>{n}</Name><SubRoles><AxSecurityRoleReference><Name>{s}</Name></AxSecurityRoleReference></SubRoles></AxSecurityRole>"
            )
        };
        let roles = [role("A", "B"), role("B", "C"), role("C", "a")];
        // One finding, at the first role's sub-role.
        assert_eq!(configuration(&roles.join("\n")).lines("SG402"), [2]);
    }
}
