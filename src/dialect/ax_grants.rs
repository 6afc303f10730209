//! Lowering of the AOT grants below and beside entry points: `DirectAccessPermissions`, data entity
//! `Fields` and `Methods`, an entry point's `Forms` (controls, data sources) and
//! `GrantPastData`/`GrantFutureData`, and `FormControlOverrides`; with the findings that only make
//! sense across them (a field granted on an entity that is not, a method without Invoke, a child
//! repeated with different grants, a permission element no grant has).
//!
//! The elements stay in their owner's `unknown` list as well (see `ax.rs`), so writers copy them.

use super::ax::{Ctx, grant};
use super::xmlnode::{self, elements};
use crate::diag::{Diagnostic, Severity, codes, did_you_mean};
use crate::model::{
    Access, ChildGrant, DatedGrants, EntryPointExtras, FormGrant, Grant, GrantScope, Name,
    Permission, TableGrant,
};
use crate::span::Span;
use crate::xml::Node;
use std::collections::HashMap;

fn name_of(ctx: &mut Ctx<'_>, node: Node<'_>) -> Name {
    ctx.required_name(node, "the name of the object granted")
}

fn grant_of(ctx: &mut Ctx<'_>, node: Node<'_>) -> Grant {
    elements(node)
        .find(|c| c.name() == "Grant")
        .map(|g| grant(ctx, g))
        .unwrap_or_default()
}

/// The items of `<container>` inside `node`, each a name with a grant (and, for a form data
/// source, its own `Fields`); a name repeated with a different grant is reported.
pub(super) fn children(ctx: &mut Ctx<'_>, node: Node<'_>, container: &str) -> Vec<ChildGrant> {
    let mut out = Vec::new();
    for c in elements(node).filter(|c| c.name() == container) {
        for item in elements(c) {
            let name = name_of(ctx, item);
            let grant = grant_of(ctx, item);
            let fields = if container == "DataSources" {
                children(ctx, item, "Fields")
            } else {
                Vec::new()
            };
            out.push(ChildGrant {
                span: Span::from(item.range()),
                name,
                grant,
                fields,
            });
        }
    }
    check_repeats(ctx, &out, container);
    out
}

/// A child named twice with different grants: which one the platform keeps is not documented.
fn check_repeats(ctx: &mut Ctx<'_>, items: &[ChildGrant], container: &str) {
    let mut first: HashMap<String, &ChildGrant> = HashMap::new();
    for item in items {
        let key = item.name.key();
        match first.get(&key) {
            None => {
                first.insert(key, item);
            }
            Some(earlier) if earlier.grant.iter().ne(item.grant.iter()) => {
                let line = ctx.text[..earlier.span.start].matches('\n').count() + 1;
                ctx.push(
                    Diagnostic::error(
                        codes::REPEATED_ELEMENT,
                        format!(
                            "`{}` is listed twice in <{container}> with different permissions",
                            item.name.value.trim()
                        ),
                    )
                    .at(ctx.file, item.name.span)
                    .with_label("listed again here")
                    .with_help(format!(
                        "keep one entry with the permissions you mean (the first is on line {line}); which one Dynamics 365 applies is not documented"
                    )),
                );
            }
            Some(_) => {}
        }
    }
}

/// Field grants that allow something on an entity or table whose own grant allows nothing.
pub(super) fn check_fields(
    ctx: &mut Ctx<'_>,
    owner: &Name,
    owner_grant: &Grant,
    fields: &[ChildGrant],
    what: &str,
) {
    if owner_grant.iter().any(|(_, a)| a == Access::Allow) {
        return;
    }
    for f in fields
        .iter()
        .filter(|f| f.grant.iter().any(|(_, a)| a == Access::Allow))
    {
        ctx.push(
            Diagnostic::warning(
                codes::GRANT_WITHOUT_EFFECT,
                format!(
                    "field `{}` is granted but its {what} `{}` is not",
                    f.name.value.trim(),
                    owner.value.trim()
                ),
            )
            .at(ctx.file, f.name.span)
            .with_label("field grant without its object")
            .with_help(format!(
                "allow at least Read on the {what} `{}` in its <Grant>, or remove the field grant: a field is only reached through its {what}",
                owner.value.trim()
            )),
        );
    }
}

/// Method grants that set permissions but not Invoke, the only one a method has.
pub(super) fn check_methods(ctx: &mut Ctx<'_>, methods: &[ChildGrant]) {
    for m in methods {
        if m.grant.raw(Permission::Invoke).is_some() || m.grant.is_empty() {
            continue;
        }
        let set: Vec<&str> = m.grant.iter().map(|(p, _)| p.as_str()).collect();
        ctx.push(
            Diagnostic::warning(
                codes::GRANT_WITHOUT_EFFECT,
                format!(
                    "method `{}` is granted {} but not Invoke",
                    m.name.value.trim(),
                    set.join(", ")
                ),
            )
            .at(ctx.file, m.grant.span.unwrap_or(m.name.span))
            .with_label("no <Invoke> in this grant")
            .with_help(
                "a method is only called, so only <Invoke> counts: write <Invoke>Allow</Invoke> (or Deny) in its <Grant>",
            ),
        );
    }
}

/// The date-effective grants of `node` (`GrantCurrentData` only when `with_current`).
fn dated(ctx: &mut Ctx<'_>, node: Node<'_>, with_current: bool) -> DatedGrants {
    let mut out = DatedGrants::default();
    for c in elements(node) {
        let Some(scope) = GrantScope::parse(c.name()) else {
            continue;
        };
        if scope == GrantScope::GrantCurrentData && !with_current {
            continue;
        }
        if let Some(slot) = out.slot(scope) {
            *slot = Some(grant(ctx, c));
        }
    }
    out
}

/// `DirectAccessPermissions` of a privilege, role or role extension.
pub(super) fn direct_access(ctx: &mut Ctx<'_>, node: Node<'_>) -> Vec<TableGrant> {
    let mut out = Vec::new();
    for c in elements(node).filter(|c| c.name() == "DirectAccessPermissions") {
        for item in elements(c) {
            let name = name_of(ctx, item);
            let grant = grant_of(ctx, item);
            let fields = children(ctx, item, "Fields");
            check_fields(ctx, &name, &grant, &fields, "table");
            out.push(TableGrant {
                span: Span::from(item.range()),
                dated: dated(ctx, item, true),
                name,
                grant,
                fields,
            });
        }
    }
    out
}

fn forms(ctx: &mut Ctx<'_>, node: Node<'_>, container: &str) -> Vec<FormGrant> {
    let mut out = Vec::new();
    for c in elements(node).filter(|c| c.name() == container) {
        for item in elements(c) {
            out.push(FormGrant {
                span: Span::from(item.range()),
                name: name_of(ctx, item),
                controls: children(ctx, item, "Controls"),
                data_sources: children(ctx, item, "DataSources"),
            });
        }
    }
    out
}

/// A privilege's `FormControlOverrides`.
pub(super) fn form_control_overrides(ctx: &mut Ctx<'_>, node: Node<'_>) -> Vec<FormGrant> {
    forms(ctx, node, "FormControlOverrides")
}

/// An entry point's `GrantPastData`, `GrantFutureData` and `Forms`, when it has any.
pub(super) fn entry_point_extras(
    ctx: &mut Ctx<'_>,
    node: Node<'_>,
) -> Option<Box<EntryPointExtras>> {
    let d = dated(ctx, node, false);
    let forms = forms(ctx, node, "Forms");
    if d.past.is_none() && d.future.is_none() && forms.is_empty() {
        return None;
    }
    Some(Box::new(EntryPointExtras {
        grant_past_data: d.past,
        grant_future_data: d.future,
        forms,
    }))
}

/// A child of a `<Grant>` that is not one of the six permissions: it would grant nothing.
pub(super) fn unknown_permission(ctx: &mut Ctx<'_>, grant_node: Node<'_>, child: Node<'_>) {
    let at = xmlnode::tag_name(child);
    if ctx.counted_past_cap(Severity::Error, at) {
        return;
    }
    let name = child.name();
    let names = Permission::ALL.map(Permission::as_str);
    let help = match did_you_mean(name, names) {
        Some(p) => format!("did you mean <{p}>? A grant holds {}", names.join(", ")),
        None => format!("a grant holds only {}", names.join(", ")),
    };
    let message = format!("<{name}> is not a permission of <{}>", grant_node.name());
    ctx.unknown_element(Severity::Error, child, message, "unknown permission", &help);
}
