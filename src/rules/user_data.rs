//! SG701: a backup names users (a category owner, role assignments) that travel with it.

use super::context::category_path;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::span::Span;

pub(super) static RULE: Rule = Rule {
    code: "SG701",
    name: "user-data-in-backup",
    summary: "The backup names users, who travel with it to the destination.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "That a backup names no users: no category `Owner` and no `RoleAssignments`, unless \
               `--allow-users` (or `allow-users = true` in `secgov.toml`) says that is intended.",
        why: "Copying security between environments should not carry users along unless asked: users \
              in the file are derived in the destination, and role assignments made for one \
              environment grant access in another. An owner that does not exist there is replaced \
              by whoever runs the import.",
        example: "<SecurityCategory>\n  <Name>Procure to pay</Name>\n  <Owner>admin</Owner>\n  <RoleAssignments>\n    <Assignment><Role>VendorAdministrator</Role><User>jdoe</User></Assignment>\n  </RoleAssignments>\n</SecurityCategory>",
        fix: "Remove the `Owner` and `RoleAssignments` before restoring into another environment, or \
              pass `--allow-users` if the users are meant to travel.",
    },
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.options.allow_users {
        return;
    }
    for (index, c) in cx.input_categories() {
        if let Some(owner) = &c.owner {
            out.push(
                RULE.diag(format!(
                    "category `{}` names the user `{}` as its owner; the user travels with the backup",
                    c.name.value, owner.value
                ))
                .at(c.file, owner.span)
                .with_label("user id")
                .with_help("remove <Owner> before restoring into another environment, or pass --allow-users if this is intended")
                .with_path(category_path(c)),
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
            out.push(
                RULE.diag(format!(
                    "category `{}` carries {} role assignments for users ({}); they will be derived in the destination",
                    c.name.value,
                    users.len(),
                    users.join(", ")
                ))
                .at(c.file, Span::new(span.start, span.start + "<RoleAssignments".len()))
                .with_label("user data")
                .with_help("remove <RoleAssignments> before restoring into another environment, or pass --allow-users if this is intended")
                .with_path(category_path(c)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::CheckOptions;
    use crate::rules::testing::lines_of;

    #[test]
    fn owner_and_assignments_unless_allowed() {
        let xml = "<SecurityCategoryBackup Type=\"UserSecurityGovernance\"><SecurityCategory><Name>C</Name>\n<Owner>admin</Owner>\n<RoleAssignments><Assignment><Role>R</Role><User>u</User></Assignment></RoleAssignments>\n</SecurityCategory></SecurityCategoryBackup>";
        assert_eq!(lines_of("SG701", xml, &Default::default()), [2, 3]);
        let allow = CheckOptions {
            allow_users: true,
            ..CheckOptions::default()
        };
        assert!(lines_of("SG701", xml, &allow).is_empty());
    }
}
