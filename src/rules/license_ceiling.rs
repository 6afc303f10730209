//! SG503: a role needs a dearer user license than the ceiling `secgov.toml` sets for its name
//! (`[license-ceiling]`), reported at each grant that needs more (docs/license.md).

use super::finding::Place;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::license::{LicenseGrant, MenuItems, ceiling_for, role_license};
use crate::model::{GrantFrom, Via};
use crate::span::name_key;

pub(super) static RULE: Rule = Rule {
    code: "SG503",
    name: "license-above-ceiling",
    summary: "A role needs a higher user license than the ceiling secgov.toml sets for it.",
    default_severity: Severity::Error,
    retired: None,
    docs: Docs {
        what: "For every role in the files read whose name matches a pattern of the \
               `[license-ceiling]` table in `secgov.toml`, works out the user license the role \
               needs as `secgov license` does (Team Members < Activity < Operations, from the \
               `ViewUserLicense` of menu items the role may only read and the \
               `MaintainUserLicense` of those it may change or run), and reports each grant that \
               needs more than the ceiling, at the grant. Menu items are looked up in the files \
               read and in `--reference`; a menu item found in neither, or a license outside the \
               order, is not a finding here (`secgov license` lists them).",
        why: "Dynamics 365 charges each user by the highest license their roles need: one write \
              grant on a menu item that needs Operations moves every user of a Team Members or \
              Activity role to the full license. Catching it before the role reaches production \
              is cheaper than an audit finding.",
        example: "# secgov.toml\n[license-ceiling]\n\"Sales*\" = \"Activity\"\n\n<!-- a privilege of SalesClerk -->\n<AxSecurityEntryPointReference>\n  <Name>SalesTable</Name>\n  <Grant><Read>Allow</Read><Update>Allow</Update></Grant>\n  <ObjectName>SalesTable</ObjectName><ObjectType>MenuItemDisplay</ObjectType>\n</AxSecurityEntryPointReference>\n<!-- AxMenuItemDisplay SalesTable: <MaintainUserLicense>Enterprise</MaintainUserLicense> -->",
        fix: "Grant Read only where the users do not change data (the view license applies), \
              move the grant to a role whose users hold the higher license, or raise the role's \
              ceiling in `secgov.toml` if the license is intended.",
    },
    check: Some(check),
};

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let ceilings = &cx.options.license_ceilings;
    if ceilings.is_empty() {
        return;
    }
    let items = MenuItems::new(cx.model);
    for (i, role) in cx.with_implied.roles.iter().enumerate() {
        if !cx.is_input(role.file) || cx.engine.role_index(&role.name.value) != Some(i) {
            continue;
        }
        let Some(ceiling) = ceiling_for(ceilings, &role.name.value) else {
            continue;
        };
        let license = role_license(&cx.engine, i, &items);
        for g in &license.grants {
            let Some(needed) = g.need.license().filter(|&l| l > ceiling.license) else {
                continue;
            };
            let message = format!(
                "the role `{}` needs {}, above its ceiling {} (`{}` in secgov.toml): {} on {} `{}` needs {}",
                role.name.value.trim(),
                needed.name(),
                ceiling.license.name(),
                ceiling.pattern,
                g.permission.as_str(),
                g.securable_type,
                g.menu_item,
                needed.name(),
            );
            let path = cx.engine.path_string(i, &g.source);
            // At the grant where an input file writes it, else at the role.
            let at = match grant_at(cx, g) {
                Some((file, span, privilege)) => {
                    Place::object("AxSecurityPrivilege", file, privilege, span)
                }
                None => Place::role(role, role.name.span),
            };
            out.push(
                RULE.at(at, message)
                    .with_label(format!("needs {} through {path}", needed.name()))
                    .with_help(format!(
                        "grant Read only if the users do not change data, move the grant to a role \
                         allowed {}, or raise the ceiling",
                        needed.name()
                    )),
            );
        }
    }
}

/// Where the grant is written, when it is in an input file: the file, the entry point's span and
/// the privilege's name.
fn grant_at<'m>(
    cx: &Context<'m>,
    g: &LicenseGrant,
) -> Option<(
    crate::span::FileId,
    crate::span::Span,
    &'m crate::model::Name,
)> {
    let privilege = match g.source.via {
        Via::Duty { privilege, .. } | Via::Privilege { privilege } => privilege,
        Via::Direct => return None,
    };
    let p = cx.engine.privilege_at(privilege)?;
    if !cx.is_input(p.file) {
        return None;
    }
    let object = name_key(&g.menu_item);
    let kind = g.securable_type.trim().to_lowercase();
    p.grants()
        .into_iter()
        .find(|o| {
            o.from == GrantFrom::EntryPoint
                && name_key(o.object) == object
                && o.securable_type.trim().to_lowercase() == kind
        })
        .map(|o| {
            // The permission that needs the license (`<Update>Allow</Update>`), else the entry point.
            let span = o.grant.raw(g.permission).map_or(o.span, |v| v.span);
            (p.file, span, &p.name)
        })
}

#[cfg(test)]
mod tests {
    use crate::license::{Ceiling, License};
    use crate::rules::CheckOptions;
    use crate::rules::testing::configuration;

    const OBJECTS: &str = "<AxSecurityRole><Name>SalesClerk</Name><Privileges><AxSecurityPrivilegeReference><Name>P</Name></AxSecurityPrivilegeReference></Privileges></AxSecurityRole>
<AxSecurityPrivilege><Name>P</Name><EntryPoints>
<AxSecurityEntryPointReference><Name>X</Name><Grant><Read>Allow</Read><Update>Allow</Update></Grant><ObjectName>SalesTable</ObjectName><ObjectType>MenuItemDisplay</ObjectType></AxSecurityEntryPointReference>
<AxSecurityEntryPointReference><Name>Y</Name><Grant><Read>Allow</Read></Grant><ObjectName>Unknown</ObjectName><ObjectType>MenuItemDisplay</ObjectType></AxSecurityEntryPointReference>
</EntryPoints></AxSecurityPrivilege>";

    fn with(pattern: &str, license: License) -> CheckOptions {
        CheckOptions {
            license_ceilings: vec![Ceiling {
                pattern: pattern.to_owned(),
                license,
            }],
            ..Default::default()
        }
    }

    #[test]
    fn without_the_menu_item_or_a_ceiling_nothing_is_reported() {
        let run = configuration(OBJECTS);
        // The menu item is in no file of the run: its license is unknown, never a finding.
        let ceiling = with("Sales*", License::TeamMembers);
        assert!(run.with(ceiling).lines("SG503").is_empty());
        assert!(run.lines("SG503").is_empty());
    }
}
