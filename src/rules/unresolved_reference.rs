//! SG401: a reference to a role, duty or privilege that nothing in the run defines.

use super::context::object_path;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity, did_you_mean};
use crate::model::{ExtensionKind, Name};
use crate::span::FileId;

pub(super) static RULE: Rule = Rule {
    code: "SG401",
    name: "unresolved-reference",
    summary: "A reference to a role, duty or privilege that is not defined anywhere in the run.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "That the references between security objects resolve: role to duty, role to \
               privilege, role to sub-role, duty to privilege, and an extension to its base object. \
               Names resolve against the files read, the duties and roles the process hierarchies \
               create, `--target` and every `--reference` (an AOT folder, a security \
               configuration export, or a reference catalog built with `secgov catalog build`, \
               docs/catalog.md). Task and process references are checked by the restore actions \
               (SG309).\n\nStandard objects live in the destination's AOT, not in your files. So \
               without `--target` or `--reference`, only names that look like a misspelling of a \
               defined one are reported (warnings); the others are counted in one note at the \
               first of them. Pass a catalog, model or export that defines the rest to check every \
               reference.",
        why: "A reference that does not resolve grants nothing: the role looks complete in the file, \
              but its users miss the access of the duty that was never found.",
        example: "<AxSecurityRole>\n  <Name>VendorAdministrator</Name>\n  <Duties>\n    <AxSecurityDutyReference><Name>VendTableMaintian</Name></AxSecurityDutyReference>\n  </Duties>\n</AxSecurityRole>",
        fix: "Correct the name (the help suggests the closest defined one), add the object, or pass \
              the model that defines it with `--reference`. For the note that references could \
              not be checked: build a catalog of the standard objects once \
              (`secgov catalog build PackagesLocalDirectory -o catalog.xml`) and pass \
              `--reference catalog.xml`.",
    },
    check: Some(check),
};

#[derive(Clone, Copy)]
enum Kind {
    Role,
    Duty,
    Privilege,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Role => "role",
            Kind::Duty => "duty",
            Kind::Privilege => "privilege",
        }
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let m = &cx.with_implied;
    let names = |k: Kind| -> Vec<&str> {
        match k {
            Kind::Role => m.roles.iter().map(|r| r.name.value.as_str()).collect(),
            Kind::Duty => m.duties.iter().map(|r| r.name.value.as_str()).collect(),
            Kind::Privilege => m.privileges.iter().map(|r| r.name.value.as_str()).collect(),
        }
    };
    let known = [names(Kind::Role), names(Kind::Duty), names(Kind::Privilege)];
    let resolves = |k: Kind, name: &str| match k {
        Kind::Role => cx.role(name).is_some(),
        Kind::Duty => cx.duty(name).is_some(),
        Kind::Privilege => cx.privilege(name).is_some(),
    };
    let everything = cx.has_outside_definitions();
    // Without --target or --reference, names that are not a likely misspelling are counted, and
    // reported once with how to check them (a reference catalog), not one by one.
    let mut unchecked: Vec<(FileId, Name, String)> = Vec::new();
    let mut report = |file: FileId, from: &str, name: &Name, k: Kind, path: String| {
        if name.value.trim().is_empty() || resolves(k, &name.value) {
            return;
        }
        let close = did_you_mean(&name.value, known[k as usize].iter().copied());
        if !everything && close.is_none() {
            unchecked.push((file, name.clone(), path));
            return;
        }
        let d = RULE
            .diag(format!(
                "{from} references the {} `{}`, which is not defined",
                k.word(),
                name.value
            ))
            .at(file, name.span)
            .with_label(format!("unknown {}", k.word()))
            .with_path(path);
        out.push(match close {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!(
                "define the {} or pass the model, export or catalog that defines it with --reference",
                k.word()
            )),
        });
    };
    for r in cx.model.roles.iter().filter(|r| cx.is_input(r.file)) {
        let from = format!("the role `{}`", r.name.value);
        let path = object_path("AxSecurityRole", &r.name.value);
        for d in &r.duties {
            report(r.file, &from, d, Kind::Duty, path.clone());
        }
        for p in &r.privileges {
            report(r.file, &from, p, Kind::Privilege, path.clone());
        }
        for s in &r.sub_roles {
            report(r.file, &from, s, Kind::Role, path.clone());
        }
    }
    for d in cx.model.duties.iter().filter(|d| cx.is_input(d.file)) {
        let from = format!("the duty `{}`", d.name.value);
        for p in &d.privileges {
            report(
                d.file,
                &from,
                p,
                Kind::Privilege,
                object_path("AxSecurityDuty", &d.name.value),
            );
        }
    }
    let extensions = cx
        .model
        .role_extensions
        .iter()
        .chain(&cx.model.duty_extensions);
    for e in extensions.filter(|e| cx.is_input(e.file)) {
        let (element, base_kind) = match e.kind {
            ExtensionKind::Role => ("AxSecurityRoleExtension", Kind::Role),
            ExtensionKind::Duty => ("AxSecurityDutyExtension", Kind::Duty),
        };
        let from = format!("the extension `{}`", e.name.value);
        let path = object_path(element, &e.name.value);
        let base_len = e.name.value.find('.').unwrap_or(e.name.value.len());
        let base = Name::new(
            e.base.clone(),
            crate::span::Span::new(e.name.span.start, e.name.span.start + base_len),
        );
        report(e.file, &from, &base, base_kind, path.clone());
        for d in &e.duties {
            report(e.file, &from, d, Kind::Duty, path.clone());
        }
        for p in &e.privileges {
            report(e.file, &from, p, Kind::Privilege, path.clone());
        }
        for s in &e.sub_roles {
            report(e.file, &from, s, Kind::Role, path.clone());
        }
    }
    if let Some((file, first, path)) = unchecked.first() {
        let count = unchecked.len();
        let mut d = RULE
            .diag(format!(
                "{count} reference{} to roles, duties and privileges not defined in the files read could not be checked: nothing says which objects the destination has",
                if count == 1 { "" } else { "s" }
            ))
            .at(*file, first.span)
            .with_label(if count == 1 {
                "not checked".to_owned()
            } else {
                format!("first of {count} not checked")
            })
            .with_path(path.clone())
            .with_help("build a catalog of the standard objects once (`secgov catalog build PackagesLocalDirectory -o catalog.xml`, docs/catalog.md) and pass --reference catalog.xml");
        // Not a finding about the file: the check could not run.
        d.severity = Severity::Note;
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::lines_of;

    const XML: &str = "<SecurityCategoryBackup Type=\"SecurityConfiguration\"><SecurityCategory><Name>C</Name><SecurityConfiguration>\n<AxSecurityRole><Name>R</Name><Duties>\n<AxSecurityDutyReference><Name>VendTableMaintian</Name></AxSecurityDutyReference>\n<AxSecurityDutyReference><Name>SystemStandardDuty</Name></AxSecurityDutyReference>\n</Duties></AxSecurityRole>\n<AxSecurityDuty><Name>VendTableMaintain</Name></AxSecurityDuty>\n</SecurityConfiguration></SecurityCategory></SecurityCategoryBackup>";

    #[test]
    fn without_references_only_likely_misspellings() {
        // Line 3 is a misspelling; the standard duty on line 4 is only counted, in one note.
        assert_eq!(lines_of("SG401", XML, &Default::default()), [3, 4]);
    }
}
