//! One role, duty, privilege or extension as an AOT-shaped element, for every writer that embeds
//! them (AOT files, security configuration exports).
//!
//! Two modes, chosen per element:
//! - The element was read from AOT-shaped source text (an AOT file, an export, a backup's
//!   `SecurityConfiguration`): its children come out in their original order; fields the model
//!   interprets are written from the model (so edits show), everything else is copied from the
//!   source with indentation redone for the new depth. A field the model gained is inserted where
//!   Visual Studio would put it.
//! - Otherwise (built in memory, or implied by a USG hierarchy): the order and defaults Visual
//!   Studio writes, as seen in real files (`Name`, `Description`, `Label`, then the collections in
//!   alphabetical order; empty collections as `<X />`).

use super::source_tree::{self, Element, Item};
use crate::model::{
    DataEntityPermission, Duty, EntryPoint, Extension, ExtensionKind, Grant, GrantScope, Header,
    Model, Name, Permission, Privilege, RawValue, Role, Verbatim,
};
use crate::span::{Span, Spanned};
use crate::xml::escape;

/// How an object is laid out in its destination.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    /// One level of indentation.
    pub unit: &'static str,
    /// Depth of the object's own element.
    pub depth: usize,
    /// Attributes the destination puts on the object element, with a leading space.
    pub root_attributes: &'static str,
    pub shape: Shape,
    /// Line break between elements: `"\n"`, or `"\r\n"` to keep a Windows file's line breaks.
    pub newline: &'static str,
}

/// Whose order and defaults an object is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shape {
    /// The order and elements of the text it was read from (lossless round trips); objects not
    /// read from AOT-shaped text are written as Visual Studio writes them.
    #[default]
    AsRead,
    /// Visual Studio's order and defaults, whatever the source looked like (conversions between
    /// dialects). Uninterpreted elements are still kept.
    VisualStudio,
}

/// A security object of any kind.
#[derive(Debug, Clone, Copy)]
pub enum Object<'m> {
    Role(&'m Role),
    Duty(&'m Duty),
    Privilege(&'m Privilege),
    Extension(&'m Extension),
}

impl Object<'_> {
    /// The AOT element name (`AxSecurityRole`, ...).
    pub fn element(&self) -> &'static str {
        use crate::dialect::ax;
        match self {
            Object::Role(_) => ax::ROLE,
            Object::Duty(_) => ax::DUTY,
            Object::Privilege(_) => ax::PRIVILEGE,
            Object::Extension(e) => match e.kind {
                ExtensionKind::Role => ax::ROLE_EXTENSION,
                ExtensionKind::Duty => ax::DUTY_EXTENSION,
            },
        }
    }

    pub fn name(&self) -> &Name {
        match self {
            Object::Role(o) => &o.name,
            Object::Duty(o) => &o.name,
            Object::Privilege(o) => &o.name,
            Object::Extension(o) => &o.name,
        }
    }

    /// The file the object was read from (or is attributed to).
    pub fn file(&self) -> usize {
        self.file_and_span().0
    }

    /// The line break of the file the object was read from: `"\r\n"` when that file uses
    /// Windows line breaks, otherwise (and for objects built in memory) `"\n"`.
    pub(crate) fn newline(&self, model: &Model) -> &'static str {
        let (file, span) = self.file_and_span();
        match model.files.get(file) {
            Some(f) if f.crlf && !span.is_empty() => "\r\n",
            _ => "\n",
        }
    }

    fn file_and_span(&self) -> (usize, Span) {
        match self {
            Object::Role(o) => (o.file, o.span),
            Object::Duty(o) => (o.file, o.span),
            Object::Privilege(o) => (o.file, o.span),
            Object::Extension(o) => (o.file, o.span),
        }
    }
}

/// A child the model interprets, in the order Visual Studio writes them.
enum Field<'m> {
    Text(&'static str, Option<Spanned<String>>),
    Refs {
        container: &'static str,
        reference: &'static str,
        names: &'m [Name],
        /// Visual Studio writes the container even when it is empty.
        always: bool,
    },
    EntryPoints(&'m [EntryPoint]),
    DataEntities(&'m [DataEntityPermission]),
    Grant(&'static str, Option<&'m Grant>),
    /// A collection the model does not interpret (kept verbatim) that Visual Studio always writes.
    Default(&'static str),
}

impl Field<'_> {
    fn tag(&self) -> &'static str {
        match self {
            Field::Text(t, _) | Field::Grant(t, _) | Field::Default(t) => t,
            Field::Refs { container, .. } => container,
            Field::EntryPoints(_) => ENTRY_POINTS.0,
            Field::DataEntities(_) => DATA_ENTITIES.0,
        }
    }

    /// Whether a field missing from the source should be added because the model holds a value.
    fn has_content(&self) -> bool {
        match self {
            Field::Text(_, v) => v.is_some(),
            Field::Refs { names, .. } => !names.is_empty(),
            Field::EntryPoints(e) => !e.is_empty(),
            Field::DataEntities(d) => !d.is_empty(),
            Field::Grant(_, g) => g.is_some(),
            Field::Default(_) => false,
        }
    }
}

/// The collections of a privilege written by [`Writer::listed`]: their element and their items'.
const ENTRY_POINTS: (&str, &str) = ("EntryPoints", "AxSecurityEntryPointReference");
const DATA_ENTITIES: (&str, &str) = ("DataEntityPermissions", "AxSecurityDataEntityPermission");

/// Which children that the model does not interpret are written.
#[derive(Clone, Copy)]
enum Unknown<'m> {
    /// The model's list: copied when still listed (a child removed from it is dropped).
    Listed(&'m [Verbatim]),
    /// Everything in the source that is not a field (elements whose extras the model drops).
    FromSource,
}

/// Writes `object` as an element at `layout.depth`. The first line has no indentation (the
/// caller places it); the following lines are indented absolutely.
pub(crate) fn write(model: &Model, object: Object<'_>, layout: Layout) -> String {
    let (file, span) = object.file_and_span();
    let text = model.files.get(file).map_or("", |f| f.text.as_str());
    let w = Writer {
        text,
        unit: layout.unit,
        newline: layout.newline,
        visual_studio: layout.shape == Shape::VisualStudio,
    };
    let source = source_tree::element(text, span)
        .filter(|e| e.name == object.element() && layout.shape == Shape::AsRead);
    let (fields, unknown) = match object {
        Object::Role(r) => (role_fields(r), Unknown::Listed(&r.unknown)),
        Object::Duty(d) => (duty_fields(d), Unknown::Listed(&d.unknown)),
        Object::Privilege(p) => (privilege_fields(p), Unknown::Listed(&p.unknown)),
        Object::Extension(e) => (extension_fields(e), Unknown::Listed(&e.unknown)),
    };
    let mut attributes = layout.root_attributes.to_owned();
    if let Some(src) = &source {
        // Attributes other than namespace declarations belong to the object, not the dialect.
        for (name, raw) in src.attributes(text) {
            if name != "xmlns" && !name.starts_with("xmlns:") {
                attributes.push(' ');
                attributes.push_str(raw);
            }
        }
    }
    let blocks = w.children(layout.depth + 1, &fields, unknown, source.as_ref());
    w.wrap(object.element(), &attributes, layout.depth, blocks)
}

fn text_field(tag: &'static str, value: &Option<Spanned<String>>) -> Field<'static> {
    Field::Text(tag, value.clone())
}

fn refs<'m>(
    container: &'static str,
    reference: &'static str,
    names: &'m [Name],
    always: bool,
) -> Field<'m> {
    Field::Refs {
        container,
        reference,
        names,
        always,
    }
}

/// Name, description and label, in that order, as Visual Studio starts every role, duty and
/// privilege.
fn header_fields(h: &Header) -> [Field<'static>; 3] {
    [
        Field::Text("Name", Some(h.name.clone())),
        text_field("Description", &h.description),
        text_field("Label", &h.label),
    ]
}

fn role_fields(r: &Role) -> Vec<Field<'_>> {
    let mut fields = Vec::from(header_fields(r));
    fields.extend([
        Field::Default("DirectAccessPermissions"),
        refs("Duties", "AxSecurityDutyReference", &r.duties, true),
        refs(
            "Privileges",
            "AxSecurityPrivilegeReference",
            &r.privileges,
            true,
        ),
        refs("SubRoles", "AxSecurityRoleReference", &r.sub_roles, true),
    ]);
    fields
}

fn duty_fields(d: &Duty) -> Vec<Field<'_>> {
    let mut fields = Vec::from(header_fields(d));
    fields.push(refs(
        "Privileges",
        "AxSecurityPrivilegeReference",
        &d.privileges,
        true,
    ));
    fields
}

fn privilege_fields(p: &Privilege) -> Vec<Field<'_>> {
    let mut fields = Vec::from(header_fields(p));
    fields.extend([
        Field::DataEntities(&p.data_entities),
        Field::Default("DirectAccessPermissions"),
        Field::EntryPoints(&p.entry_points),
        Field::Default("FormControlOverrides"),
    ]);
    fields
}

fn extension_fields(e: &Extension) -> Vec<Field<'_>> {
    let role = e.kind == ExtensionKind::Role;
    let mut fields = vec![Field::Text("Name", Some(e.name.clone()))];
    if role {
        fields.push(Field::Default("DirectAccessPermissions"));
    }
    fields.extend([
        refs("Duties", "AxSecurityDutyReference", &e.duties, role),
        refs(
            "Privileges",
            "AxSecurityPrivilegeReference",
            &e.privileges,
            true,
        ),
        Field::Default("PropertyModifications"),
        refs("SubRoles", "AxSecurityRoleReference", &e.sub_roles, false),
    ]);
    fields
}

/// An item of a collection as [`Writer::listed`] writes it: its span (which finds its source
/// element), its fields and its kept elements.
type Listed<'m> = (Span, Vec<Field<'m>>, &'m [Verbatim]);

/// A grant as a field: written when the source had the element or the grant holds a permission.
fn grant_field<'m>(tag: &'static str, grant: &'m Grant) -> Field<'m> {
    let written = grant.span.is_some() || Permission::ALL.iter().any(|p| grant.raw(*p).is_some());
    Field::Grant(tag, written.then_some(grant))
}

fn entry_point(ep: &EntryPoint) -> Listed<'_> {
    // USG entry points have no name of their own; AOT references are named after the object.
    let name = ep.name.clone().unwrap_or_else(|| match &ep.child_name {
        Some(child) => Spanned::new(
            format!("{}.{}", ep.object_name.value, child.value),
            Span::default(),
        ),
        None => Spanned::new(ep.object_name.value.clone(), Span::default()),
    });
    let fields = vec![
        Field::Text("Name", Some(name)),
        grant_field("Grant", &ep.grant),
        Field::Grant("GrantCurrentData", ep.grant_current_data.as_deref()),
        text_field("ObjectChildName", &ep.child_name),
        Field::Text("ObjectName", Some(ep.object_name.clone())),
        Field::Text("ObjectType", Some(ep.object_type.clone())),
        Field::Default("Forms"),
    ];
    (ep.span, fields, &ep.unknown)
}

fn data_entity(de: &DataEntityPermission) -> Listed<'_> {
    let fields = vec![
        grant_field("Grant", &de.grant),
        Field::Text("Name", Some(de.name.clone())),
        Field::Default("Fields"),
        Field::Default("Methods"),
    ];
    (de.span, fields, &de.unknown)
}

/// Permissions in the order Visual Studio writes them (alphabetical).
const GRANT_ORDER: [Permission; 6] = [
    Permission::Correct,
    Permission::Create,
    Permission::Delete,
    Permission::Invoke,
    Permission::Read,
    Permission::Update,
];

struct Writer<'t> {
    /// The text of the object's file ("" when it has none).
    text: &'t str,
    unit: &'static str,
    newline: &'static str,
    /// Visual Studio's shape: permissions inside copied grants (tables, fields, methods,
    /// controls) come out in [`GRANT_ORDER`] too, as Visual Studio would save them.
    visual_studio: bool,
}

impl Writer<'_> {
    fn indent(&self, depth: usize) -> String {
        self.unit.repeat(depth)
    }

    /// `<tag attrs>` + blocks on their own lines + `</tag>`, or `<tag attrs />` when empty.
    fn wrap(&self, tag: &str, attributes: &str, depth: usize, blocks: Vec<String>) -> String {
        if blocks.is_empty() {
            return format!("<{tag}{attributes} />");
        }
        let mut out = format!("<{tag}{attributes}>");
        let inner = self.indent(depth + 1);
        for b in blocks {
            out.push_str(self.newline);
            out.push_str(&inner);
            out.push_str(&b);
        }
        out.push_str(self.newline);
        out.push_str(&self.indent(depth));
        out.push_str("</");
        out.push_str(tag);
        out.push('>');
        out
    }

    /// The children of an element at `depth`, each a block for [`Writer::wrap`].
    fn children(
        &self,
        depth: usize,
        fields: &[Field<'_>],
        unknown: Unknown<'_>,
        source: Option<&Element<'_>>,
    ) -> Vec<String> {
        let listed: &[Verbatim] = match unknown {
            Unknown::Listed(l) => l,
            Unknown::FromSource => &[],
        };
        let mut used = vec![false; listed.len()];
        let rank = |name: &str| fields.iter().position(|f| f.tag() == name);
        let mut out: Vec<(Option<usize>, String)> = Vec::new();
        match source {
            Some(src) => {
                let mut emitted = vec![false; fields.len()];
                for item in &src.children {
                    let child = match item {
                        Item::Element(c) => c,
                        Item::Markup(span) => {
                            out.push((None, self.text[span.range()].to_owned()));
                            continue;
                        }
                        Item::Text(_) => continue,
                    };
                    let field = fields
                        .iter()
                        .position(|f| !matches!(f, Field::Default(_)) && f.tag() == child.name);
                    if let Some(i) = field {
                        if !std::mem::replace(&mut emitted[i], true) {
                            if let Some(b) = self.field(&fields[i], depth, Some(child)) {
                                out.push((Some(i), b));
                            }
                        }
                        continue;
                    }
                    let keep = match unknown {
                        Unknown::FromSource => true,
                        Unknown::Listed(l) => match l.iter().position(|v| v.span == child.span) {
                            Some(j) => {
                                used[j] = true;
                                true
                            }
                            None => false,
                        },
                    };
                    if keep {
                        out.push((rank(child.name), self.reformat(child, depth)));
                    }
                }
                for (i, f) in fields.iter().enumerate() {
                    if emitted[i] || !f.has_content() {
                        continue;
                    }
                    if let Some(b) = self.field(f, depth, None) {
                        let at = out
                            .iter()
                            .position(|(r, _)| r.is_some_and(|r| r > i))
                            .unwrap_or(out.len());
                        out.insert(at, (Some(i), b));
                    }
                }
            }
            None => {
                for (i, f) in fields.iter().enumerate() {
                    if let Field::Default(tag) = f {
                        let kept = listed.iter().enumerate().find_map(|(j, v)| {
                            (!used[j] && *v.element == **tag)
                                .then(|| self.verbatim(v, depth).map(|b| (j, b)))
                                .flatten()
                        });
                        match kept {
                            Some((j, b)) => {
                                used[j] = true;
                                out.push((Some(i), b));
                            }
                            None => out.push((Some(i), format!("<{tag} />"))),
                        }
                    } else if let Some(b) = self.field(f, depth, None) {
                        out.push((Some(i), b));
                    }
                }
            }
        }
        // Uninterpreted children that the source walk did not meet (objects moved in memory).
        for (j, v) in listed.iter().enumerate() {
            if !used[j] {
                if let Some(b) = self.verbatim(v, depth) {
                    out.push((None, b));
                }
            }
        }
        out.into_iter().map(|(_, b)| b).collect()
    }

    /// A field as one block; `None` when there is nothing to write.
    fn field(&self, f: &Field<'_>, depth: usize, src: Option<&Element<'_>>) -> Option<String> {
        match f {
            Field::Text(tag, value) => value.as_ref().map(|v| self.text_element(tag, v)),
            Field::Default(tag) => Some(format!("<{tag} />")),
            Field::Refs {
                container,
                reference,
                names,
                always,
            } => {
                if names.is_empty() && !*always && src.is_none() {
                    return None;
                }
                let blocks = names
                    .iter()
                    .map(|n| {
                        let s = src.and_then(|s| {
                            s.elements().find(|e| {
                                !n.span.is_empty()
                                    && e.span.start <= n.span.start
                                    && n.span.end <= e.span.end
                            })
                        });
                        let s = s.filter(|e| e.name == *reference);
                        let fields = [Field::Text("Name", Some(n.clone()))];
                        let children = self.children(depth + 2, &fields, Unknown::FromSource, s);
                        self.wrap(reference, "", depth + 1, children)
                    })
                    .collect();
                Some(self.wrap(container, "", depth, blocks))
            }
            Field::EntryPoints(eps) => {
                Some(self.listed(ENTRY_POINTS, eps, entry_point, depth, src))
            }
            Field::DataEntities(des) => {
                Some(self.listed(DATA_ENTITIES, des, data_entity, depth, src))
            }
            Field::Grant(tag, grant) => {
                let grant = (*grant)?;
                let fields: Vec<Field<'_>> = GRANT_ORDER
                    .iter()
                    .map(|p| Field::Text(p.as_str(), grant.raw(*p).map(RawValue::to_spanned)))
                    .collect();
                let children = self.children(depth + 1, &fields, Unknown::FromSource, src);
                Some(self.wrap(tag, "", depth, children))
            }
        }
    }

    /// A collection with an element per item (`EntryPoints` of `AxSecurityEntryPointReference`),
    /// each item written from its span, fields and kept elements (`parts`) and matched to its
    /// source element, when there is one, by span.
    fn listed<'m, T>(
        &self,
        (container, element): (&str, &str),
        items: &'m [T],
        parts: impl Fn(&'m T) -> Listed<'m>,
        depth: usize,
        src: Option<&Element<'_>>,
    ) -> String {
        let blocks = items
            .iter()
            .map(|item| {
                let (span, fields, unknown) = parts(item);
                let s = matching(src, span, element);
                let children = self.children(depth + 2, &fields, Unknown::Listed(unknown), s);
                let attrs = s.map(|s| self.own_attributes(s)).unwrap_or_default();
                self.wrap(element, &attrs, depth + 1, children)
            })
            .collect();
        self.wrap(container, "", depth, blocks)
    }

    /// Raw non-namespace attributes of a source element, each with a leading space.
    fn own_attributes(&self, el: &Element<'_>) -> String {
        el.attributes(self.text)
            .into_iter()
            .filter(|(n, _)| *n != "xmlns" && !n.starts_with("xmlns:"))
            .map(|(_, raw)| format!(" {raw}"))
            .collect()
    }

    /// `<tag>value</tag>`, keeping the source's spelling of the value when it still says the same.
    fn text_element(&self, tag: &str, value: &Spanned<String>) -> String {
        if value.value.is_empty() {
            return format!("<{tag} />");
        }
        // The raw text is reused only when a parser reads it back as exactly the value: no markup,
        // and no carriage return that end-of-line handling would turn into a line feed.
        let raw = self.text.get(value.span.range()).unwrap_or("");
        let lines = raw.replace("\r\n", "\n");
        let body = if !raw.is_empty()
            && !raw.contains('<')
            && !raw.contains("]]>")
            && !lines.contains('\r')
            && escape::unescape(&lines).as_deref() == Some(value.value.as_str())
        {
            raw.to_owned()
        } else {
            escape::text(&value.value).into_owned()
        };
        format!("<{tag}>{body}</{tag}>")
    }

    /// A kept element, when its span still points at that element in the object's file.
    fn verbatim(&self, v: &Verbatim, depth: usize) -> Option<String> {
        let el = source_tree::element(self.text, v.span).filter(|e| *e.name == *v.element)?;
        Some(self.reformat(&el, depth))
    }

    /// Copies a source element, redoing only the white space between its child elements so it
    /// sits at `depth`. Elements holding text (or text mixed with elements) are copied as written.
    fn reformat(&self, el: &Element<'_>, depth: usize) -> String {
        let mixed = el.children.iter().any(|c| match c {
            Item::Text(s) => !self.text[s.range()].trim().is_empty(),
            _ => false,
        });
        let Some(end) = el.end_tag.filter(|_| !el.is_leaf() && !mixed) else {
            return self.text[el.span.range()].to_owned();
        };
        let mut out = self.text[el.start_tag.range()].to_owned();
        let inner = self.indent(depth + 1);
        let mut children: Vec<&Item<'_>> = el.children.iter().collect();
        if self.visual_studio && GrantScope::parse(el.name).is_some() {
            // A stable sort: names that are not permissions (reported by the reader) stay last
            // in their order; a comment stays before the permission that followed it.
            let rank = |e: &Element<'_>| {
                GRANT_ORDER
                    .iter()
                    .position(|p| p.as_str() == e.name)
                    .unwrap_or(GRANT_ORDER.len())
            };
            let mut keyed: Vec<(usize, &Item<'_>)> = Vec::new();
            let mut pending = Vec::new();
            for c in &el.children {
                match c {
                    Item::Element(e) => {
                        let r = rank(e);
                        keyed.extend(pending.drain(..).map(|m| (r, m)));
                        keyed.push((r, c));
                    }
                    Item::Markup(_) => pending.push(c),
                    Item::Text(_) => {}
                }
            }
            keyed.extend(pending.into_iter().map(|m| (usize::MAX, m)));
            keyed.sort_by_key(|(r, _)| *r);
            children = keyed.into_iter().map(|(_, c)| c).collect();
        }
        for c in children {
            let block = match c {
                Item::Element(e) => self.reformat(e, depth + 1),
                Item::Markup(s) => self.text[s.range()].to_owned(),
                Item::Text(_) => continue,
            };
            out.push_str(self.newline);
            out.push_str(&inner);
            out.push_str(&block);
        }
        out.push_str(self.newline);
        out.push_str(&self.indent(depth));
        out.push_str(&self.text[end.range()]);
        out
    }
}

/// The source child at exactly `span`, when it is a `tag` element.
fn matching<'a, 't>(
    src: Option<&'a Element<'t>>,
    span: Span,
    tag: &str,
) -> Option<&'a Element<'t>> {
    src?.elements().find(|e| e.span == span && e.name == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_text_is_reused_only_when_it_reads_back_as_the_value() {
        let w = Writer {
            text: "R&#x26;D|a\rb|a\r\nb|x]]>y",
            unit: "\t",
            newline: "\n",
            visual_studio: false,
        };
        let at = |s: usize, e: usize, v: &str| Spanned::new(v.to_owned(), Span::new(s, e));
        assert_eq!(w.text_element("L", &at(0, 8, "R&D")), "<L>R&#x26;D</L>");
        assert_eq!(w.text_element("L", &at(0, 8, "R&E")), "<L>R&amp;E</L>");
        assert_eq!(w.text_element("L", &at(9, 12, "a\rb")), "<L>a&#xD;b</L>");
        assert_eq!(w.text_element("L", &at(13, 17, "a\nb")), "<L>a\r\nb</L>");
        assert_eq!(w.text_element("L", &at(18, 23, "x]]>y")), "<L>x]]&gt;y</L>");
        assert_eq!(w.text_element("L", &at(0, 0, "")), "<L />");
    }
}
