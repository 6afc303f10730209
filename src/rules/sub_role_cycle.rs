//! SG402: roles that contain each other through sub-roles.

use super::context::object_path;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::{Name, Role};
use std::collections::{BTreeMap, BTreeSet};

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

fn sub_roles<'m>(cx: &'m Context<'_>, role: &'m Role) -> Vec<&'m Name> {
    role.sub_roles
        .iter()
        .chain(
            cx.role_extensions(&role.name.value)
                .flat_map(|e| &e.sub_roles),
        )
        .collect()
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let roles: BTreeMap<String, &Role> = cx
        .with_implied
        .roles
        .iter()
        .rev()
        .map(|r| (r.name.key(), *r))
        .collect();
    let mut reported: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    for start in cx.model.roles.iter().filter(|r| cx.is_input(r.file)) {
        let Some((first, cycle)) = find_cycle(cx, &roles, start) else {
            continue;
        };
        let members: BTreeSet<String> = cycle.iter().map(|n| crate::span::name_key(n)).collect();
        if !reported.insert(members) {
            continue;
        }
        out.push(
            RULE.diag(format!("sub-roles form a cycle: {}", cycle.join(" > ")))
                .at(start.file, first.span)
                .with_label("leads back to this role")
                .with_help("remove one of the sub-role references in the cycle")
                .with_path(object_path("AxSecurityRole", &start.name.value)),
        );
    }
}

/// A path of sub-roles from `start` back to itself: the first reference taken and the names.
fn find_cycle<'m>(
    cx: &'m Context<'_>,
    roles: &BTreeMap<String, &'m Role>,
    start: &'m Role,
) -> Option<(&'m Name, Vec<String>)> {
    let target = start.name.key();
    let mut visited = BTreeSet::new();
    // Depth-first with an explicit stack of (role, path of names, first reference).
    let mut stack: Vec<(&Role, Vec<String>, Option<&Name>)> =
        vec![(start, vec![start.name.value.clone()], None)];
    while let Some((role, path, first)) = stack.pop() {
        for sub in sub_roles(cx, role) {
            let first = first.or(Some(sub));
            if sub.key() == target {
                let mut cycle = path.clone();
                cycle.push(sub.value.clone());
                return first.map(|f| (f, cycle));
            }
            if let Some(next) = roles.get(&sub.key()) {
                if visited.insert(sub.key()) {
                    let mut p = path.clone();
                    p.push(sub.value.clone());
                    stack.push((next, p, first));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings;

    #[test]
    fn a_cycle_is_reported_once() {
        let role = |n: &str, s: &str| {
            format!(
                "<AxSecurityRole><Name>{n}</Name><SubRoles><AxSecurityRoleReference><Name>{s}</Name></AxSecurityRoleReference></SubRoles></AxSecurityRole>"
            )
        };
        let xml = format!(
            "<SecurityCategoryBackup Type=\"SecurityConfiguration\"><SecurityCategory><Name>C</Name><SecurityConfiguration>\n{}\n{}\n{}\n</SecurityConfiguration></SecurityCategory></SecurityCategoryBackup>",
            role("A", "B"),
            role("B", "C"),
            role("C", "a")
        );
        let found: Vec<_> = findings(&xml, &Default::default())
            .into_iter()
            .filter(|(c, _)| *c == "SG402")
            .collect();
        assert_eq!(found, [("SG402", 2)]);
    }
}
