//! SG701: a backup names users (a category owner, role assignments), which no Microsoft page
//! says Backup as XML writes or Restore from XML reads.

use super::finding::Place;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::span::Span;

pub(super) static RULE: Rule = Rule {
    code: "SG701",
    name: "user-data-in-backup",
    summary: "The file names users (a category Owner, RoleAssignments), which no Microsoft page says a backup carries.",
    default_severity: Severity::Note,
    retired: None,
    docs: Docs {
        what: "That a backup names no users: no category `Owner` and no `RoleAssignments`, unless \
               `--allow-users` (or `allow-users = true` in `secgov.toml`) says that is intended. \
               secgov reads these elements where a file has them (hand-written files and other \
               tools carry them), so that the other rules can check them.",
        why: "No Microsoft page on User security governance says that Backup as XML writes users \
              or that Restore from XML reads them: the Types are described by the hierarchy, \
              tasks, entry points, duties, privileges and roles they carry \
              (`security-category-import.md`). Users in such a file were put there by someone \
              else, and nothing documents what the restore does with them; do not count on them \
              arriving, nor on them staying behind. Temporary role assignments are a separate \
              feature, Temporary role management (`temp-role-mgmt.md`), with sessions of their \
              own that no backup carries. This page is secgov's own judgement.",
        example: "<SecurityCategory>\n  <Name>Procure to pay</Name>\n  <Owner>admin</Owner>\n  <RoleAssignments>\n    <Assignment><Role>VendorAdministrator</Role><User>jdoe</User></Assignment>\n  </RoleAssignments>\n</SecurityCategory>",
        fix: "Remove the `Owner` and `RoleAssignments` and assign users in the destination (System \
              administration > Users, or Temporary role management for a limited time), or pass \
              `--allow-users` if the file is meant for a tool that reads them.",
    },
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.options.allow_users {
        return;
    }
    for (index, c) in cx.input_categories() {
        if let Some(owner) = &c.owner {
            let message = format!(
                "category `{}` names the user `{}` as its owner; no Microsoft page says Restore from XML reads it",
                c.name.value, owner.value
            );
            out.push(
                RULE.at(Place::category(c, owner.span), message)
                    .with_label("user id")
                    .with_help("remove <Owner> and set the owner in the destination, or pass --allow-users if a tool of yours reads it"),
            );
        }
        if let Some(span) = c.assignments {
            let users: Vec<&str> = cx
                .model
                .role_assignments
                .iter()
                .filter(|a| a.category == index)
                .map(|a| a.user.value.as_str())
                .collect();
            if users.is_empty() {
                continue;
            }
            let message = format!(
                "category `{}` carries {} role assignments for users ({}); no Microsoft page says Restore from XML reads them",
                c.name.value,
                users.len(),
                users.join(", ")
            );
            let tag = Span::new(span.start, span.start + "<RoleAssignments".len());
            out.push(
                RULE.at(Place::category(c, tag), message)
                    .with_label("user data")
                    .with_help("remove <RoleAssignments> and assign the roles in the destination, or pass --allow-users if a tool of yours reads them"),
            );
        }
    }
}

#[cfg(test)]
crate::rules::testing::cases! {
    owner_and_assignments: file(USERS) => "SG701" at [2, 3];
    not_when_allowed: file(USERS).with(CheckOptions { allow_users: true, ..Default::default() }) => "SG701" at [];
}

#[cfg(test)]
const USERS: &str = "<SecurityCategoryBackup Type=\"UserSecurityGovernance\"><SecurityCategory><Name>C</Name>\n<Owner>admin</Owner>\n<RoleAssignments><Assignment><Role>R</Role><User>u</User></Assignment></RoleAssignments>\n</SecurityCategory></SecurityCategoryBackup>";
