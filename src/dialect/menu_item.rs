//! Reader of menu items: an AOT `AxMenuItemDisplay`/`Action`/`Output` file, and the compact
//! `<MenuItem>` element of a reference catalog. Only the license properties are read; a menu
//! item's other properties (labels, help, resources) are not security and are not kept.

use super::ax::Ctx;
use super::xmlnode::{elements, tag_name, text_value};
use crate::model::{MenuItem, MenuItemKind, Model};
use crate::span::{Span, Spanned};
use crate::xml::Node;

/// The element of a menu item inside a catalog.
pub const CATALOG_ELEMENT: &str = "MenuItem";

/// Whether a root element is a menu item's.
pub fn is_menu_item(root: &str) -> bool {
    MenuItemKind::from_element(root).is_some()
}

/// Reads an AOT menu item file's root element into `model`. False when `node` is not one.
pub(crate) fn lower_aot(ctx: &mut Ctx<'_>, node: Node<'_>, model: &mut Model) -> bool {
    let Some(kind) = MenuItemKind::from_element(node.name()) else {
        return false;
    };
    let child = |tag: &str| elements(node).find(|c| c.name() == tag).map(text_value);
    let name = match child("Name") {
        Some(n) => n,
        None => Spanned::new(
            String::new(),
            ctx.missing(node, "Name", "the menu item's name"),
        ),
    };
    let item = MenuItem {
        file: ctx.file,
        kind,
        name,
        object: child("Object"),
        object_type: child("ObjectType"),
        view_user_license: child("ViewUserLicense"),
        maintain_user_license: child("MaintainUserLicense"),
    };
    model.menu_items.push(item);
    true
}

/// Reads a catalog's `<MenuItem Kind=".." Name=".." .../>` into `model`; returns false (the
/// caller reports it) when the element is not a menu item of a known kind.
pub(crate) fn lower_catalog(ctx: &mut Ctx<'_>, node: Node<'_>, model: &mut Model) -> bool {
    let attribute = |name: &str| {
        node.attributes()
            .find(|a| a.name() == name)
            .map(|a| Spanned::new(a.value().to_owned(), Span::from(a.range_value())))
    };
    let Some(kind) = attribute("Kind").and_then(|k| MenuItemKind::from_word(&k.value)) else {
        return false;
    };
    let name = attribute("Name").unwrap_or_else(|| Spanned::new(String::new(), tag_name(node)));
    model.menu_items.push(MenuItem {
        file: ctx.file,
        kind,
        name,
        object: attribute("Object"),
        object_type: attribute("ObjectType"),
        view_user_license: attribute("ViewUserLicense"),
        maintain_user_license: attribute("MaintainUserLicense"),
    });
    true
}

/// The attribute names of a catalog's `<MenuItem>`, in the order they are written.
pub const CATALOG_ATTRIBUTES: [&str; 6] = [
    "Kind",
    "Name",
    "Object",
    "ObjectType",
    "ViewUserLicense",
    "MaintainUserLicense",
];
