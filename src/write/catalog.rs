//! Writer of a reference catalog (docs/catalog.md): the chosen objects as AOT elements in Visual
//! Studio's shape, then one `<MenuItem>` per menu item, in the order the caller sorted them.
//! Nothing in it depends on where or when it was built (no paths, dates or versions of secgov),
//! so building twice from the same sources gives the same bytes.

use super::object::{self, Layout, Object, Shape};
use crate::dialect::catalog::{ROOT, VERSION};
use crate::model::{MenuItem, Model};
use crate::xml::escape;

/// Objects inside the root, one tab in, LF line breaks. In the shape they were read in: only the
/// elements the source has (Visual Studio's shape would add every empty collection, a quarter of
/// the size of a standard privilege), so an object reads back exactly as it was read.
const LAYOUT: Layout = Layout {
    unit: "\t",
    depth: 1,
    root_attributes: "",
    shape: Shape::AsRead,
    newline: "\n",
};

/// The catalog's text. `objects` and `menu_items` are written in the order given.
pub fn catalog(model: &Model, objects: &[Object<'_>], menu_items: &[&MenuItem]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(
        "<!-- secgov reference catalog: written by `secgov catalog build`; build it again rather than edit it (docs/catalog.md) -->\n",
    );
    out.push_str(&format!("<{ROOT} Version=\"{VERSION}\">\n"));
    for o in objects {
        out.push_str(&object_text(model, *o));
        out.push('\n');
    }
    for item in menu_items {
        out.push_str(&menu_item(item));
    }
    out.push_str(&format!("</{ROOT}>\n"));
    out
}

/// One object as the catalog writes it (also the key that orders equal names).
pub fn object_text(model: &Model, object: Object<'_>) -> String {
    let mut text = String::from("\t");
    text.push_str(object::write(model, object, LAYOUT).trim_end());
    text
}

/// `\t<MenuItem Kind=".." Name=".." .../>`: attributes keep a one-line element per item.
pub fn menu_item(item: &MenuItem) -> String {
    let mut line = format!(
        "\t<MenuItem Kind=\"{}\" Name=\"{}\"",
        item.kind.word(),
        escape::quoted_attribute(&item.name.value)
    );
    let optional = [
        ("Object", &item.object),
        ("ObjectType", &item.object_type),
        ("ViewUserLicense", &item.view_user_license),
        ("MaintainUserLicense", &item.maintain_user_license),
    ];
    for (name, value) in optional {
        if let Some(v) = value {
            line.push_str(&format!(
                " {name}=\"{}\"",
                escape::quoted_attribute(&v.value)
            ));
        }
    }
    line.push_str(" />\n");
    line
}
