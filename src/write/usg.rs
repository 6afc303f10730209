//! The USG security category backup writer: the canonical form of docs/formats (two-space
//! indentation, elements in schema order), written with xmlwriter.
//!
//! USG element names come only from `schema/usg-backup.toml` ([`Schema::tag`]). Security objects
//! inside `SecurityConfiguration` are in AOT shape, in the order Visual Studio writes them (AOT
//! element names are the AOT format's, not the USG schema's). Output is deterministic: the same
//! model gives the same bytes.

use crate::dialect::{GRANT_ELEMENTS, ax};
use crate::model::{
    BackupType, Category, Duty, EntryPoint, Grant, Header, Implied, Model, Name, Origin,
    Permission, Privilege, Process, Role, Task,
};
use crate::schema::{El, Schema};
use std::ops::Deref;
use xmlwriter::{Indent, Options, XmlWriter};

/// How to write a backup.
#[derive(Debug, Clone, Copy)]
pub struct UsgOptions {
    pub backup_type: BackupType,
    /// Start with a UTF-8 byte order mark, as some platform exports do.
    pub bom: bool,
    /// End lines with CRLF instead of LF.
    pub crlf: bool,
}

impl Default for UsgOptions {
    fn default() -> Self {
        UsgOptions {
            backup_type: BackupType::UserSecurityGovernance,
            bom: false,
            crlf: false,
        }
    }
}

/// Writes `<tag>text</tag>` on one line, keeping the text exactly.
pub(crate) fn text_element(w: &mut XmlWriter, tag: &str, text: &str) {
    w.start_element(tag);
    w.set_preserve_whitespaces(true);
    w.write_text(&crate::xml::escape::text(text));
    w.end_element();
    w.set_preserve_whitespaces(false);
}

/// The finished bytes: declaration, optional BOM, line ends as asked.
fn finish(body: String, bom: bool, crlf: bool) -> Vec<u8> {
    let mut text = String::with_capacity(body.len() + 48);
    text.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    text.push_str(&body);
    if crlf {
        text = text.replace('\n', "\r\n");
    }
    let mut bytes = Vec::with_capacity(text.len() + 3);
    if bom {
        bytes.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
    }
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

/// Writes every category of `model` as one backup. With a configuration Type, each category's
/// `SecurityConfiguration` holds the roles, duties and privileges the model gives it
/// (`Origin::Backup`) followed by those its hierarchy implies (`implied`).
pub fn backup(model: &Model, implied: &Implied, options: &UsgOptions) -> Vec<u8> {
    let s = Schema::get();
    let mut w = XmlWriter::new(Options {
        use_single_quote: false,
        indent: Indent::Spaces(2),
        attributes_indent: Indent::None,
    });
    w.start_element(s.tag(El::Backup));
    if let Some(a) = s.attribute(El::Backup, "type") {
        w.write_attribute(a, options.backup_type.as_str());
    }
    if let Some(a) = s.attribute(El::Backup, "schema_version") {
        w.write_attribute(a, "1");
    }
    for (index, c) in model.categories.iter().enumerate() {
        category(&mut w, model, implied, index, c, options.backup_type);
    }
    w.end_element();
    finish(w.end_document(), options.bom, options.crlf)
}

fn optional(w: &mut XmlWriter, el: El, value: Option<&crate::span::Spanned<String>>) {
    if let Some(v) = value {
        text_element(w, Schema::get().tag(el), &v.value);
    }
}

/// Opens `el` and writes its `Name` and then the `texts` it has, in schema order: how a category,
/// a process and a task start.
fn named(w: &mut XmlWriter, el: El, name: &Name, texts: [(El, &Option<Name>); 3]) {
    let s = Schema::get();
    w.start_element(s.tag(el));
    text_element(w, s.tag(El::Name), &name.value);
    for (el, value) in texts {
        optional(w, el, value.as_ref());
    }
}

fn category(
    w: &mut XmlWriter,
    model: &Model,
    implied: &Implied,
    index: usize,
    c: &Category,
    t: BackupType,
) {
    let texts = [
        (El::Description, &c.description),
        (El::Company, &c.company),
        (El::Owner, &c.owner),
    ];
    named(w, El::Category, &c.name, texts);
    let s = Schema::get();
    if t.has_hierarchy() {
        w.start_element(s.tag(El::Hierarchy));
        for p in c.hierarchy.iter().flat_map(|h| &h.processes) {
            process(w, p);
        }
        w.end_element();
    }
    if t.has_configuration() {
        w.start_element(s.tag(El::Configuration));
        for r in of_category(index, &model.roles, &implied.roles) {
            role(w, r);
        }
        for d in of_category(index, &model.duties, &implied.duties) {
            duty(w, d);
        }
        for p in of_category(index, &model.privileges, &implied.privileges) {
            privilege(w, p);
        }
        w.end_element();
    }
    let assignments: Vec<_> = model
        .role_assignments
        .iter()
        .filter(|a| a.category == index)
        .collect();
    if !assignments.is_empty() {
        w.start_element(s.tag(El::Assignments));
        for a in assignments {
            w.start_element(s.tag(El::Assignment));
            text_element(w, s.tag(El::Role), &a.role.value);
            text_element(w, s.tag(El::User), &a.user.value);
            optional(w, El::ValidFrom, a.valid_from.as_ref());
            optional(w, El::ValidTo, a.valid_to.as_ref());
            w.end_element();
        }
        w.end_element();
    }
    w.end_element();
}

/// The objects of `model` and then of `implied` that belong to category `index`.
fn of_category<'m, T: Deref<Target = Header>>(
    index: usize,
    model: &'m [T],
    implied: &'m [T],
) -> impl Iterator<Item = &'m T> {
    let ours = Origin::Backup { category: index };
    model
        .iter()
        .chain(implied)
        .filter(move |o| o.origin == ours)
}

fn process(w: &mut XmlWriter, p: &Process) {
    let texts = [
        (El::Description, &p.description),
        (El::Version, &p.version),
        (El::Role, &p.role),
    ];
    named(w, El::Process, &p.name, texts);
    for child in &p.processes {
        process(w, child);
    }
    for t in &p.tasks {
        task(w, t);
    }
    w.end_element();
}

fn task(w: &mut XmlWriter, t: &Task) {
    let texts = [
        (El::Description, &t.description),
        (El::Duty, &t.duty),
        (El::Privilege, &t.privilege),
    ];
    named(w, El::Task, &t.name, texts);
    if !t.entry_points.is_empty() {
        w.start_element(Schema::get().tag(El::EntryPoints));
        for ep in &t.entry_points {
            entry_point(w, ep);
        }
        w.end_element();
    }
    w.end_element();
}

fn entry_point(w: &mut XmlWriter, ep: &EntryPoint) {
    let s = Schema::get();
    w.start_element(s.tag(El::EntryPoint));
    text_element(w, s.tag(El::ObjectName), &ep.object_name.value);
    text_element(w, s.tag(El::ObjectType), &ep.object_type.value);
    optional(w, El::ChildName, ep.child_name.as_ref());
    if !ep.grant.is_empty() {
        w.start_element(s.tag(El::Grant));
        for (el, p) in GRANT_ELEMENTS {
            if let Some(a) = ep.grant.get(p) {
                text_element(w, s.tag(el), a.as_str());
            }
        }
        w.end_element();
    }
    w.end_element();
}

/// Opens the object's element and writes its name, description and label.
fn header(w: &mut XmlWriter, tag: &str, h: &Header) {
    w.start_element(tag);
    text_element(w, "Name", &h.name.value);
    if let Some(d) = &h.description {
        text_element(w, "Description", &d.value);
    }
    if let Some(l) = &h.label {
        text_element(w, "Label", &l.value);
    }
}

fn references(w: &mut XmlWriter, container: &str, reference: &str, names: &[Name]) {
    if names.is_empty() {
        return;
    }
    w.start_element(container);
    for n in names {
        w.start_element(reference);
        text_element(w, "Name", &n.value);
        w.end_element();
    }
    w.end_element();
}

fn role(w: &mut XmlWriter, r: &Role) {
    header(w, ax::ROLE, r);
    references(w, "Duties", "AxSecurityDutyReference", &r.duties);
    references(
        w,
        "Privileges",
        "AxSecurityPrivilegeReference",
        &r.privileges,
    );
    references(w, "SubRoles", "AxSecurityRoleReference", &r.sub_roles);
    w.end_element();
}

fn duty(w: &mut XmlWriter, d: &Duty) {
    header(w, ax::DUTY, d);
    references(
        w,
        "Privileges",
        "AxSecurityPrivilegeReference",
        &d.privileges,
    );
    w.end_element();
}

fn privilege(w: &mut XmlWriter, p: &Privilege) {
    header(w, ax::PRIVILEGE, p);
    if !p.data_entities.is_empty() {
        w.start_element("DataEntityPermissions");
        for de in &p.data_entities {
            w.start_element("AxSecurityDataEntityPermission");
            aot_grant(w, "Grant", &de.grant);
            text_element(w, "Name", &de.name.value);
            w.end_element();
        }
        w.end_element();
    }
    if !p.entry_points.is_empty() {
        w.start_element("EntryPoints");
        for ep in &p.entry_points {
            w.start_element("AxSecurityEntryPointReference");
            let name = match (&ep.name, &ep.child_name) {
                (Some(n), _) => n.value.clone(),
                (None, Some(child)) => format!("{}.{}", ep.object_name.value, child.value),
                (None, None) => ep.object_name.value.clone(),
            };
            text_element(w, "Name", &name);
            aot_grant(w, "Grant", &ep.grant);
            if let Some(g) = &ep.grant_current_data {
                aot_grant(w, "GrantCurrentData", g);
            }
            if let Some(child) = &ep.child_name {
                text_element(w, "ObjectChildName", &child.value);
            }
            text_element(w, "ObjectName", &ep.object_name.value);
            text_element(w, "ObjectType", &ep.object_type.value);
            w.end_element();
        }
        w.end_element();
    }
    w.end_element();
}

/// An AOT `<Grant>`: permissions in alphabetical order, as Visual Studio writes them.
fn aot_grant(w: &mut XmlWriter, tag: &str, grant: &Grant) {
    if grant.is_empty() {
        return;
    }
    let mut set: Vec<(Permission, &str)> = grant.iter().map(|(p, a)| (p, a.as_str())).collect();
    set.sort_by_key(|(p, _)| p.as_str());
    w.start_element(tag);
    for (p, a) in set {
        text_element(w, p.as_str(), a);
    }
    w.end_element();
}
