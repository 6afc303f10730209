//! SG205: a role, duty or privilege defined twice: in one file, or in two files of an AOT model.

use super::finding::Place;
use super::objects::KindNames;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::Dialect;
use crate::model::names::{FxBuild, Key};
use crate::span::{FileId, Span};
use std::collections::HashMap;

pub(super) static RULE: Rule = Rule {
    code: "SG205",
    name: "duplicate-security-object",
    summary: "A role, duty or privilege is defined twice.",
    default_severity: Severity::Error,
    retired: None,
    docs: Docs {
        what: "That each role, duty and privilege is defined once (names compared \
               case-insensitively): within one backup's or export's security configuration, and \
               across the files of an AOT model folder.",
        why: "The AOT holds one object per name, and a restore or import keeps only one of the \
              definitions: duties, privileges or entry points of the other are silently lost.",
        example: "<SecurityConfiguration>\n  <AxSecurityDuty><Name>VendTableMaintain</Name></AxSecurityDuty>\n  <AxSecurityDuty><Name>VendTableMaintain</Name></AxSecurityDuty>\n</SecurityConfiguration>",
        fix: "Merge the two definitions into one, or rename one of them and its references.",
    },
    check: Some(check),
};

/// Where an object was first seen, by kind and name key (AOT files share one scope per kind).
type Seen<'m> = HashMap<(&'static str, Option<FileId>, Key<'m>), (FileId, Span), FxBuild>;

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    let mut seen = Seen::with_capacity_and_hasher(
        m.roles.len() + m.duties.len() + m.privileges.len(),
        FxBuild::default(),
    );
    // Whether each file was read as AOT (its first document, as `Model::document` finds it);
    // looked up once per file instead of scanning the documents per object.
    let mut aot: Vec<Option<bool>> = vec![None; m.files.len()];
    for d in &m.documents {
        if let Some(slot @ None) = aot.get_mut(d.file) {
            *slot = Some(d.dialect == Dialect::Aot);
        }
    }
    for o in cx.objects() {
        let (element, kind, file, name) = (o.kind.element(), o.kind.word(), o.file, o.name);
        if !cx.is_input(file) || name.value.trim().is_empty() {
            continue;
        }
        let aot = match aot.get(file) {
            Some(known) => known.unwrap_or(false),
            None => m.document(file).is_some_and(|d| d.dialect == Dialect::Aot),
        };
        let scope = if aot { None } else { Some(file) };
        let key = (element, scope, Key(&name.value));
        match seen.get(&key) {
            Some(&(first_file, span)) => {
                let at = Place::object(element, file, name, name.span);
                out.push(
                    RULE.at(at, format!("the {kind} `{}` is defined twice", name.value))
                        .with_label("second definition")
                        .with_related(first_file, span, "first defined here")
                        .with_help(format!("merge the two definitions into one {kind}, or rename one of them and the references to it")),
                )
            }
            None => {
                seen.insert(key, (file, name.span));
            }
        }
    }
}

#[cfg(test)]
crate::rules::testing::cases! {
    a_duty_and_a_privilege_may_share_a_name: configuration("<AxSecurityDuty><Name>D</Name></AxSecurityDuty>\n<AxSecurityPrivilege><Name>D</Name></AxSecurityPrivilege>\n<AxSecurityDuty><Name>d</Name></AxSecurityDuty>") => "SG205" at [4];
}
