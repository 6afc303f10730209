//! Lowering of AOT-shaped security objects (`AxSecurityRole`, `...Duty`, `...Privilege` and the
//! role and duty extensions). Used for AOT files, for a backup's `SecurityConfiguration` and for
//! the objects inside a security configuration export.
//!
//! AOT objects carry many properties the model does not interpret; they are kept verbatim and
//! never reported, so real files written by Visual Studio read without findings.

use super::xmlnode::{elements, start_tag, tag_name, text_value};
use crate::diag::{Diagnostic, Severity, codes, did_you_mean};
use crate::model::{
    DataEntityPermission, Duty, EntryPoint, Extension, ExtensionKind, Grant, Header, Model, Name,
    OBJECT_TYPES, Origin, Permission, Privilege, Role, Verbatim,
};

use super::ax_grants as grants;
use crate::span::{FileId, Span, Spanned};
use crate::xml::Node;
use grants::{direct_access, form_control_overrides};

pub const ROLE: &str = "AxSecurityRole";
pub const DUTY: &str = "AxSecurityDuty";
pub const PRIVILEGE: &str = "AxSecurityPrivilege";
pub const ROLE_EXTENSION: &str = "AxSecurityRoleExtension";
pub const DUTY_EXTENSION: &str = "AxSecurityDutyExtension";

/// Root elements of AOT security files.
pub const OBJECT_ELEMENTS: [&str; 5] = [ROLE, DUTY, PRIVILEGE, ROLE_EXTENSION, DUTY_EXTENSION];

/// Lowering context for one file.
pub(crate) struct Ctx<'a> {
    pub file: FileId,
    pub text: &'a str,
    pub diags: &'a mut Vec<Diagnostic>,
    /// `--max-findings` (0: none): findings past it are counted, not kept (SG099).
    pub max_findings: usize,
    /// Once the list has been cut back: the place (file, offset) of the last finding kept. A
    /// finding placed after it can never be among the first `max_findings`.
    cut: Option<(Option<FileId>, Option<usize>)>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(
        file: FileId,
        text: &'a str,
        diags: &'a mut Vec<Diagnostic>,
        max_findings: usize,
    ) -> Ctx<'a> {
        Ctx {
            file,
            text,
            diags,
            max_findings,
            cut: None,
        }
    }

    /// Adds a finding. At twice the cap the list is cut back to the first `max_findings` in
    /// report order, so a file with millions of findings is read in bounded memory.
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
        if self.max_findings > 0 && self.diags.len() >= self.max_findings.saturating_mul(2) {
            crate::diag::cap(self.diags, self.max_findings);
            self.cut = self
                .diags
                .iter()
                .filter(|d| !crate::diag::is_counted_apart(d))
                .map(|d| (d.file, d.span.map(|s| s.start)))
                .max();
        }
    }

    /// Counts an unknown-element finding (SG101) of this file at `span` that is already past the
    /// cap (placed after the last one kept, so it can never be reported) and says so; the caller
    /// then skips building its message and help. A file of a million unknown elements spent most
    /// of its time formatting findings nobody would see. Only code, severity and place are kept:
    /// all SG099 reads of a finding it counts.
    pub(crate) fn counted_past_cap(&mut self, severity: Severity, span: Span) -> bool {
        let past = self
            .cut
            .is_some_and(|cut| (Some(self.file), Some(span.start)) > cut);
        if past {
            let d = Diagnostic::new(codes::UNKNOWN_ELEMENT, severity, String::new());
            self.push(d.at(self.file, span));
        }
        past
    }

    pub(crate) fn missing(&mut self, node: Node<'_>, child: &str, what: &str) -> Span {
        let span = start_tag(node);
        self.push(
            Diagnostic::error(
                codes::MISSING_ELEMENT,
                format!("<{}> has no <{child}>", node.name()),
            )
            .at(self.file, span)
            .with_label(format!("<{child}> missing here"))
            .with_help(format!("add <{child}>...</{child}> with {what}")),
        );
        span
    }

    /// A name value, with empty and padded names reported.
    pub(crate) fn name(&mut self, node: Node<'_>) -> Name {
        let value = text_value(node);
        check_name(self, &value);
        value
    }

    /// A warning (SG101) at the tag of `node`, an element not expected in `place`: it is not read.
    pub(crate) fn not_expected(&mut self, node: Node<'_>, place: &str, help: &str) {
        if self.counted_past_cap(Severity::Warning, tag_name(node)) {
            return;
        }
        let message = format!("<{}> is not expected in {place}", node.name());
        self.unknown_element(Severity::Warning, node, message, "not read", help);
    }

    /// SG101 at the tag of `node`, an element that does not belong where it stands.
    pub(crate) fn unknown_element(
        &mut self,
        severity: Severity,
        node: Node<'_>,
        message: String,
        label: &str,
        help: &str,
    ) {
        self.push(
            Diagnostic::new(codes::UNKNOWN_ELEMENT, severity, message)
                .at(self.file, tag_name(node))
                .with_label(label)
                .with_help(help),
        );
    }

    /// The `<Name>` child of `node`, or an empty name (and a finding that it should hold `what`)
    /// when it has none.
    pub(crate) fn required_name(&mut self, node: Node<'_>, what: &str) -> Name {
        match elements(node).find(|c| c.name() == "Name") {
            Some(n) => self.name(n),
            None => {
                let span = self.missing(node, "Name", what);
                Spanned::new(String::new(), span)
            }
        }
    }
}

/// Reports a name that is empty or has white space around it.
pub(crate) fn check_name(ctx: &mut Ctx<'_>, name: &Name) {
    let trimmed = name.value.trim();
    if trimmed.is_empty() {
        ctx.push(
            Diagnostic::error(codes::BAD_NAME, "the name is empty")
                .at(ctx.file, name.span)
                .with_label("empty name")
                .with_help(
                    "give the object a name; Dynamics 365 identifies every object by its name",
                ),
        );
    } else if trimmed.len() != name.value.len() {
        ctx.push(
            Diagnostic::warning(
                codes::BAD_NAME,
                format!("the name `{}` has white space around it", name.value),
            )
            .at(ctx.file, name.span)
            .with_label("leading or trailing white space")
            .with_help(format!(
                "write it as `{trimmed}`; Dynamics 365 would keep the spaces as part of the name"
            )),
        );
    }
}

/// The `<Name>` child of an object or a reference to one.
fn object_name(ctx: &mut Ctx<'_>, node: Node<'_>) -> Name {
    ctx.required_name(node, "the object's name")
}

fn optional_text(node: Node<'_>, tag: &str) -> Option<Spanned<String>> {
    elements(node).find(|c| c.name() == tag).map(text_value)
}

/// Names inside `<Container><Reference><Name>..</Name></Reference>...</Container>`.
fn references(ctx: &mut Ctx<'_>, node: Node<'_>, container: &str) -> Vec<Name> {
    let mut out = Vec::new();
    for c in elements(node).filter(|c| c.name() == container) {
        for r in elements(c) {
            out.push(object_name(ctx, r));
        }
    }
    out
}

fn verbatim(node: Node<'_>, known: &[&str]) -> Vec<Verbatim> {
    elements(node)
        .filter(|c| !known.contains(&c.name()))
        .map(|c| Verbatim::one(c.name().into(), Span::from(c.range())))
        .collect()
}

/// Lowers one AOT object element into `model`. Returns false when `node` is not one.
pub(crate) fn lower_object(
    ctx: &mut Ctx<'_>,
    node: Node<'_>,
    origin: Origin,
    model: &mut Model,
) -> bool {
    match node.name() {
        ROLE => {
            let role = role(ctx, node, origin);
            model.roles.push(role);
        }
        DUTY => {
            let duty = duty(ctx, node, origin);
            model.duties.push(duty);
        }
        PRIVILEGE => {
            let privilege = privilege(ctx, node, origin);
            model.privileges.push(privilege);
        }
        tag @ (ROLE_EXTENSION | DUTY_EXTENSION) => {
            let extension = extension(ctx, node, tag == ROLE_EXTENSION);
            match extension.kind {
                ExtensionKind::Role => model.role_extensions.push(extension),
                ExtensionKind::Duty => model.duty_extensions.push(extension),
            }
        }
        _ => return false,
    }
    true
}

/// The name, label and description every role, duty and privilege starts with.
fn header(ctx: &mut Ctx<'_>, node: Node<'_>, origin: Origin) -> Header {
    Header {
        file: ctx.file,
        span: Span::from(node.range()),
        origin,
        name: object_name(ctx, node),
        label: optional_text(node, "Label"),
        description: optional_text(node, "Description"),
    }
}

fn role(ctx: &mut Ctx<'_>, node: Node<'_>, origin: Origin) -> Role {
    Role {
        header: header(ctx, node, origin),
        duties: references(ctx, node, "Duties"),
        privileges: references(ctx, node, "Privileges"),
        sub_roles: references(ctx, node, "SubRoles"),
        direct_access: direct_access(ctx, node),
        unknown: verbatim(
            node,
            &[
                "Name",
                "Label",
                "Description",
                "Duties",
                "Privileges",
                "SubRoles",
            ],
        ),
    }
}

fn duty(ctx: &mut Ctx<'_>, node: Node<'_>, origin: Origin) -> Duty {
    Duty {
        header: header(ctx, node, origin),
        privileges: references(ctx, node, "Privileges"),
        unknown: verbatim(node, &["Name", "Label", "Description", "Privileges"]),
    }
}

fn privilege(ctx: &mut Ctx<'_>, node: Node<'_>, origin: Origin) -> Privilege {
    Privilege {
        header: header(ctx, node, origin),
        entry_points: entry_points(ctx, node),
        data_entities: data_entities(ctx, node),
        direct_access: direct_access(ctx, node),
        form_control_overrides: form_control_overrides(ctx, node),
        unknown: verbatim(
            node,
            &[
                "Name",
                "Label",
                "Description",
                "EntryPoints",
                "DataEntityPermissions",
            ],
        ),
    }
}

/// A role extension (`role`) or a duty extension; its base is the name before the first dot.
fn extension(ctx: &mut Ctx<'_>, node: Node<'_>, role: bool) -> Extension {
    let (file, span) = (ctx.file, Span::from(node.range()));
    let name = object_name(ctx, node);
    let base = name.value.split('.').next().unwrap_or("").trim().to_owned();
    let kind = if role {
        ExtensionKind::Role
    } else {
        ExtensionKind::Duty
    };
    Extension {
        file,
        span,
        kind,
        base,
        duties: references(ctx, node, "Duties"),
        privileges: references(ctx, node, "Privileges"),
        sub_roles: references(ctx, node, "SubRoles"),
        direct_access: direct_access(ctx, node),
        unknown: verbatim(node, &["Name", "Duties", "Privileges", "SubRoles"]),
        name,
    }
}

fn entry_points(ctx: &mut Ctx<'_>, node: Node<'_>) -> Vec<EntryPoint> {
    let containers = || elements(node).filter(|c| c.name() == "EntryPoints");
    // An entry point is large (about 350 bytes) and the model keeps them all: exact capacity
    // rather than doubling's spare quarter on average.
    let mut out = Vec::with_capacity(containers().map(|c| elements(c).count()).sum());
    for c in containers() {
        for ep in elements(c) {
            out.push(entry_point(ctx, ep));
        }
    }
    out
}

fn entry_point(ctx: &mut Ctx<'_>, node: Node<'_>) -> EntryPoint {
    let name = elements(node)
        .find(|c| c.name() == "Name")
        .map(|n| ctx.name(n));
    let object_name = match elements(node).find(|c| c.name() == "ObjectName") {
        Some(n) => ctx.name(n),
        None => {
            let span = ctx.missing(
                node,
                "ObjectName",
                "the name of the menu item, service or other securable object",
            );
            name.clone()
                .unwrap_or_else(|| Spanned::new(String::new(), span))
        }
    };
    let object_type = match elements(node).find(|c| c.name() == "ObjectType") {
        Some(n) => object_type(ctx, n),
        None => {
            let span = ctx.missing(
                node,
                "ObjectType",
                "the securable type, for example MenuItemDisplay",
            );
            Spanned::new(String::new(), span)
        }
    };
    let grant_node = elements(node).find(|c| c.name() == "Grant");
    let current = elements(node).find(|c| c.name() == "GrantCurrentData");
    EntryPoint {
        span: Span::from(node.range()),
        name,
        object_name,
        object_type,
        child_name: optional_text(node, "ObjectChildName"),
        grant: grant_node.map(|g| grant(ctx, g)).unwrap_or_default(),
        grant_current_data: current.map(|g| Box::new(grant(ctx, g))),
        extras: grants::entry_point_extras(ctx, node),
        unknown: verbatim(
            node,
            &[
                "Name",
                "ObjectName",
                "ObjectType",
                "ObjectChildName",
                "Grant",
                "GrantCurrentData",
            ],
        ),
    }
}

/// Reads an entry point's `ObjectType` value and reports one outside the entry point types, naming
/// the element that grants a type found elsewhere.
pub(crate) fn object_type(ctx: &mut Ctx<'_>, node: Node<'_>) -> Spanned<String> {
    use crate::model::{is_entry_point_type, securable_type, securable_type_ignoring_case};
    let value = text_value(node);
    let exact = securable_type(&value.value);
    if exact.is_some_and(is_entry_point_type) {
        return value;
    }
    let known = exact.or_else(|| securable_type_ignoring_case(&value.value));
    let d = match known {
        Some(t) if !is_entry_point_type(t) => Diagnostic::error(
            codes::INVALID_VALUE,
            format!(
                "`{}` is not granted through an entry point",
                value.value.trim()
            ),
        )
        .at(ctx.file, value.span)
        .with_label("not an entry point type")
        .with_help(format!(
            "grant a {} in <{}> instead; entry points are menu items, service operations and web items",
            t.name,
            t.element.as_deref().unwrap_or("EntryPoints"),
        )),
        Some(t) => Diagnostic::error(
            codes::INVALID_VALUE,
            format!("`{}` is not an entry point object type", value.value),
        )
        .at(ctx.file, value.span)
        .with_label("unknown object type")
        .with_help(format!(
            "write it as `{}`: object types are case-sensitive",
            t.name
        )),
        None => {
            let d = Diagnostic::error(
                codes::INVALID_VALUE,
                format!("`{}` is not an entry point object type", value.value),
            )
            .at(ctx.file, value.span)
            .with_label("unknown object type");
            match did_you_mean(&value.value, OBJECT_TYPES.iter().copied()) {
                Some(t) => d.with_help(format!("did you mean `{t}`?")),
                None => d.with_help(format!("use one of: {}", OBJECT_TYPES[..6].join(", "))),
            }
        }
    };
    ctx.push(d);
    value
}

/// Reads a `<Grant>` (or `<GrantCurrentData>`); values outside Allow / Deny are reported.
pub(crate) fn grant(ctx: &mut Ctx<'_>, node: Node<'_>) -> Grant {
    let mut grant = Grant::at(Span::from(node.range()));
    for c in elements(node) {
        if let Some(p) = Permission::parse(c.name()) {
            let value = text_value(c);
            check_access(ctx, &value);
            grant.set_raw(p, value);
        } else {
            grants::unknown_permission(ctx, node, c);
        }
    }
    grant
}

pub(crate) fn check_access(ctx: &mut Ctx<'_>, value: &Spanned<String>) {
    let v = value.value.as_str();
    if v == "Allow" || v == "Deny" {
        return;
    }
    let help = match crate::model::Access::parse(v) {
        Some(a) => format!("write it as `{}`", a.as_str()),
        None => match did_you_mean(v, ["Allow", "Deny"]) {
            Some(s) => format!(
                "did you mean `{s}`? A permission is `Allow` or `Deny`; leave the element out for unset"
            ),
            None => "a permission is `Allow` or `Deny`; leave the element out for unset".to_owned(),
        },
    };
    ctx.push(
        Diagnostic::error(
            codes::INVALID_VALUE,
            format!("`{v}` is not a permission value"),
        )
        .at(ctx.file, value.span)
        .with_label("expected Allow or Deny")
        .with_help(help),
    );
}

fn data_entities(ctx: &mut Ctx<'_>, node: Node<'_>) -> Vec<DataEntityPermission> {
    let mut out = Vec::new();
    for c in elements(node).filter(|c| c.name() == "DataEntityPermissions") {
        for p in elements(c) {
            let grant_node = elements(p).find(|g| g.name() == "Grant");
            let name = object_name(ctx, p);
            let grant = grant_node.map(|g| grant(ctx, g)).unwrap_or_default();
            let fields = grants::children(ctx, p, "Fields");
            let methods = grants::children(ctx, p, "Methods");
            grants::check_fields(ctx, &name, &grant, &fields, "data entity");
            grants::check_methods(ctx, &methods);
            out.push(DataEntityPermission {
                span: Span::from(p.range()),
                name,
                grant,
                fields,
                methods,
                unknown: verbatim(p, &["Name", "Grant"]),
            });
        }
    }
    out
}
