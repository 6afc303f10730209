//! Security configuration exports (`SecurityDatabaseCustomizations.xml`): the .NET DataContract
//! wrapper that System administration > Security configuration > Data > Import reads, with the
//! role, duty and privilege lists in that order, each with its customized objects, disabled names
//! and new objects. Shape, namespaces and `i:type` values as in the format notes; indentation of
//! two spaces as .NET's indenting XmlWriter writes it.
//!
//! Extensions cannot be imported this way (the export has no list for them); callers report them.

use super::object::{self, Layout, Object, Shape};
use crate::dialect::secconfig::{
    ARRAYS_NAMESPACE, CUSTOMIZED, DISABLED, NAMESPACE, NEW, ROOT, TYPE_LIST, list_type,
};
use crate::model::{Model, ObjectKind};

/// What goes into an export, in order.
#[derive(Debug, Default, Clone)]
pub struct Contents<'m> {
    /// Standard objects changed in the UI (`CustomizedObjectList`).
    pub customized: Vec<Object<'m>>,
    /// Objects created in the UI (`NewObjectList`).
    pub new: Vec<Object<'m>>,
    /// Names in the `DisabledObjectSet`s.
    pub disabled: Vec<(ObjectKind, String)>,
    /// The objects' shape: as read (packing) or as Visual Studio writes them (converting).
    pub shape: Shape,
}

const KINDS: [ObjectKind; 3] = [ObjectKind::Role, ObjectKind::Duty, ObjectKind::Privilege];

const UNIT: &str = "  ";

const fn layout(shape: Shape, newline: &'static str) -> Layout {
    Layout {
        unit: UNIT,
        depth: 4,
        root_attributes: " xmlns=\"\"",
        shape,
        newline,
    }
}

/// The kind of export list an object belongs in; `None` for extensions.
pub(crate) fn list_kind(object: &Object<'_>) -> Option<ObjectKind> {
    match object {
        Object::Role(_) => Some(ObjectKind::Role),
        Object::Duty(_) => Some(ObjectKind::Duty),
        Object::Privilege(_) => Some(ObjectKind::Privilege),
        Object::Extension(_) => None,
    }
}

/// The complete export file. Its line breaks are those of most of the objects' source files
/// (LF when they are built in memory), so that Windows files survive packing and unpacking.
pub fn export(model: &Model, contents: &Contents<'_>) -> String {
    let all = contents.customized.iter().chain(&contents.new);
    let crlf = all.clone().filter(|o| o.newline(model) == "\r\n").count();
    let newline = if crlf * 2 > all.count() { "\r\n" } else { "\n" };
    let mut out = Out {
        text: String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>"),
        newline,
    };
    out.text.push_str(newline);
    out.line(
        0,
        &format!(
            "<{ROOT} xmlns=\"{NAMESPACE}\" xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">"
        ),
    );
    out.line(1, &format!("<{TYPE_LIST}>"));
    for kind in KINDS {
        out.line(
            2,
            &format!(
                "<BaseRepositoryCustomizations i:type=\"{}\">",
                list_type(kind)
            ),
        );
        out.objects(model, CUSTOMIZED, kind, contents);
        let disabled: Vec<&str> = contents
            .disabled
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, n)| n.as_str())
            .collect();
        let open = format!("{DISABLED} xmlns:a=\"{ARRAYS_NAMESPACE}\"");
        if disabled.is_empty() {
            out.line(3, &format!("<{open} />"));
        } else {
            out.line(3, &format!("<{open}>"));
            for name in disabled {
                let escaped = crate::xml::escape::text(name);
                out.line(4, &format!("<a:string>{escaped}</a:string>"));
            }
            out.line(3, &format!("</{DISABLED}>"));
        }
        out.objects(model, NEW, kind, contents);
        out.line(2, "</BaseRepositoryCustomizations>");
    }
    out.line(1, &format!("</{TYPE_LIST}>"));
    out.line(0, &format!("</{ROOT}>"));
    out.text
}

struct Out {
    text: String,
    newline: &'static str,
}

impl Out {
    fn line(&mut self, depth: usize, text: &str) {
        self.text.push_str(&UNIT.repeat(depth));
        self.text.push_str(text);
        self.text.push_str(self.newline);
    }

    fn objects(&mut self, model: &Model, list: &str, kind: ObjectKind, contents: &Contents<'_>) {
        let all = if list == NEW {
            &contents.new
        } else {
            &contents.customized
        };
        let mut of_kind = all.iter().filter(|o| list_kind(o) == Some(kind)).peekable();
        if of_kind.peek().is_none() {
            self.line(3, &format!("<{list} />"));
            return;
        }
        self.line(3, &format!("<{list}>"));
        for o in of_kind {
            let text = object::write(model, *o, layout(contents.shape, self.newline));
            self.line(4, &text);
        }
        self.line(3, &format!("</{list}>"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load_bytes};

    #[test]
    fn the_template_export_is_written_back_unchanged() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/templates/secconfig/SecurityDatabaseCustomizations.xml"
        );
        let bytes = std::fs::read(path).unwrap();
        let loaded = load_bytes(path, &bytes, &LoadOptions::default());
        let m = &loaded.model;
        let pick = |origin| {
            let mut v: Vec<Object<'_>> = Vec::new();
            v.extend(
                m.roles
                    .iter()
                    .filter(|o| o.origin == origin)
                    .map(Object::Role),
            );
            v.extend(
                m.duties
                    .iter()
                    .filter(|o| o.origin == origin)
                    .map(Object::Duty),
            );
            v.extend(
                m.privileges
                    .iter()
                    .filter(|o| o.origin == origin)
                    .map(Object::Privilege),
            );
            v
        };
        let contents = Contents {
            customized: pick(crate::model::Origin::Customized),
            new: pick(crate::model::Origin::New),
            disabled: m
                .disabled
                .iter()
                .map(|d| (d.kind, d.name.value.clone()))
                .collect(),
            shape: Shape::AsRead,
        };
        assert_eq!(export(m, &contents), String::from_utf8(bytes).unwrap());
    }
}
