//! SG401: a reference to a role, duty or privilege that nothing in the run defines.

use super::finding::Place;
use super::objects::{KindNames, references};
use super::unchecked::Unchecked;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity, did_you_mean};
use crate::model::{ExtensionKind, Name, ObjectKind};
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

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let m = &cx.with_implied;
    let names = |k: ObjectKind| -> Vec<&str> {
        match k {
            ObjectKind::Role => m.roles.iter().map(|r| r.name.value.as_str()).collect(),
            ObjectKind::Duty => m.duties.iter().map(|r| r.name.value.as_str()).collect(),
            ObjectKind::Privilege => m.privileges.iter().map(|r| r.name.value.as_str()).collect(),
        }
    };
    // Indexed by `ObjectKind as usize`.
    let known = [
        names(ObjectKind::Role),
        names(ObjectKind::Duty),
        names(ObjectKind::Privilege),
    ];
    let resolves = |k: ObjectKind, name: &str| match k {
        ObjectKind::Role => cx.role(name).is_some(),
        ObjectKind::Duty => cx.duty(name).is_some(),
        ObjectKind::Privilege => cx.privilege(name).is_some(),
    };
    let mut unchecked = Unchecked::new(cx.has_outside_definitions());
    // `holder` is the element and name of the object holding the reference.
    let mut report = |file: FileId,
                      holder: (&str, &Name),
                      from: &str,
                      k: ObjectKind,
                      name: &Name| {
        if name.value.trim().is_empty() || resolves(k, &name.value) {
            return;
        }
        let close = did_you_mean(&name.value, known[k as usize].iter().copied());
        let at = Place::object(holder.0, file, holder.1, name.span);
        let Some(at) = unchecked.triage(close, at) else {
            return;
        };
        let help = match close {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "define the {} or pass the model, export or catalog that defines it with --reference",
                k.word()
            ),
        };
        let message = format!(
            "{from} references the {} `{}`, which is not defined",
            k.word(),
            name.value
        );
        out.push(
            RULE.at(at, message)
                .with_label(format!("unknown {}", k.word()))
                .with_help(help),
        );
    };
    for r in cx.model.roles.iter().filter(|r| cx.is_input(r.file)) {
        let from = format!("the role `{}`", r.name.value);
        for (k, name) in references(&r.duties, &r.privileges, &r.sub_roles) {
            report(r.file, ("AxSecurityRole", &r.name), &from, k, name);
        }
    }
    for d in cx.model.duties.iter().filter(|d| cx.is_input(d.file)) {
        let from = format!("the duty `{}`", d.name.value);
        for p in &d.privileges {
            report(
                d.file,
                ("AxSecurityDuty", &d.name),
                &from,
                ObjectKind::Privilege,
                p,
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
            ExtensionKind::Role => ("AxSecurityRoleExtension", ObjectKind::Role),
            ExtensionKind::Duty => ("AxSecurityDutyExtension", ObjectKind::Duty),
        };
        let from = format!("the extension `{}`", e.name.value);
        let base_len = e.name.value.find('.').unwrap_or(e.name.value.len());
        let base = Name::new(
            e.base.clone(),
            crate::span::Span::new(e.name.span.start, e.name.span.start + base_len),
        );
        let held = references(&e.duties, &e.privileges, &e.sub_roles);
        for (k, name) in std::iter::once((base_kind, &base)).chain(held) {
            report(e.file, (element, &e.name), &from, k, name);
        }
    }
    let names = (
        "reference",
        "to roles, duties and privileges not defined in the files read",
    );
    // Not a finding about the file: the check could not run.
    out.extend(unchecked.finding(&RULE, Severity::Note, names, "build a catalog of the standard objects once (`secgov catalog build PackagesLocalDirectory -o catalog.xml`, docs/catalog.md) and pass --reference catalog.xml"));
}

#[cfg(test)]
crate::rules::testing::cases! {
    /// Line 3 is a misspelling; the standard duty on line 4 is only counted, in one note.
    without_references_only_likely_misspellings: configuration("<AxSecurityRole><Name>R</Name><Duties>\n<AxSecurityDutyReference><Name>VendTableMaintian</Name></AxSecurityDutyReference>\n<AxSecurityDutyReference><Name>SystemStandardDuty</Name></AxSecurityDutyReference>\n</Duties></AxSecurityRole>\n<AxSecurityDuty><Name>VendTableMaintain</Name></AxSecurityDuty>") => "SG401" at [3, 4];
}
