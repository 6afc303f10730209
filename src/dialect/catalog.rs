//! Reader of a reference catalog (`secgov catalog build`, docs/catalog.md): a `<SecgovCatalog
//! Version="1">` holding AOT-shaped roles, duties, privileges and extensions, and `<MenuItem>`
//! elements with the license properties of menu items. Its objects read exactly as AOT objects,
//! so a catalog stands in for the folders and exports it was built from.

use super::ax::{self, Ctx};
use super::menu_item;
use super::xmlnode::{elements, tag_name};
use crate::diag::{Diagnostic, codes};
use crate::model::{Model, Origin};
use crate::span::{Span, Spanned};
use crate::xml::Node;

pub const ROOT: &str = "SecgovCatalog";
/// The one format version this secgov reads and writes. Raise it when a reader of the old
/// version would misread the new one; a reader refuses every other version (SG005).
pub const VERSION: &str = "1";

/// Reads a catalog; returns its `Version` attribute (for the document) when it was read.
pub(crate) fn read(
    ctx: &mut Ctx<'_>,
    root: Node<'_>,
    model: &mut Model,
) -> Option<Spanned<String>> {
    let version = root
        .attributes()
        .find(|a| a.name() == "Version")
        .map(|a| Spanned::new(a.value().to_owned(), Span::from(a.range_value())));
    match &version {
        Some(v) if v.value == VERSION => {}
        Some(v) => {
            ctx.push(
                Diagnostic::error(
                    codes::UNRECOGNIZED_DOCUMENT,
                    format!(
                        "this reference catalog has format version {}; this secgov reads version {VERSION}",
                        v.value
                    ),
                )
                .at(ctx.file, v.span)
                .with_label("unknown catalog version")
                .with_help("build the catalog again with this secgov (`secgov catalog build PATH... -o FILE`), or use the secgov release that built it"),
            );
            return None;
        }
        None => {
            ctx.push(
                Diagnostic::error(
                    codes::UNRECOGNIZED_DOCUMENT,
                    "this reference catalog has no Version attribute",
                )
                .at(ctx.file, tag_name(root))
                .with_label("no format version")
                .with_help("build the catalog again with `secgov catalog build PATH... -o FILE`; a catalog is written by secgov, not by hand"),
            );
            return None;
        }
    }
    for child in elements(root) {
        let read = if child.name() == menu_item::CATALOG_ELEMENT {
            menu_item::lower_catalog(ctx, child, model)
        } else {
            ax::lower_object(ctx, child, Origin::Aot, model)
        };
        if !read {
            let help = "build the catalog again with `secgov catalog build`; a catalog holds AOT security objects and <MenuItem> elements only";
            ctx.not_expected(child, "a reference catalog", help);
        }
    }
    version
}
