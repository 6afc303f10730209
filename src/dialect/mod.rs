//! One reader per dialect, chosen by sniffing the root element (or forced with `--dialect`).

pub mod ax;
mod ax_grants;
pub mod catalog;
pub mod menu_item;
pub mod secconfig;
mod usg;
pub(crate) mod xmlnode;

pub(crate) use usg::GRANT_ELEMENTS;

use crate::diag::{Diagnostic, codes, did_you_mean};
use crate::model::{Dialect, Document, Model};
use crate::schema::Schema;
use crate::span::{FileId, Spanned};
use crate::xml::Node;

/// The dialect a root element name belongs to.
pub fn detect(root: &str) -> Option<Dialect> {
    if root == Schema::get().tag(Schema::get().root) {
        Some(Dialect::UsgBackup)
    } else if ax::OBJECT_ELEMENTS.contains(&root) {
        Some(Dialect::Aot)
    } else if root == secconfig::ROOT {
        Some(Dialect::SecurityConfiguration)
    } else if root == catalog::ROOT {
        Some(Dialect::Catalog)
    } else {
        None
    }
}

fn known_roots() -> Vec<&'static str> {
    let mut roots = vec![
        Schema::get().tag(Schema::get().root),
        secconfig::ROOT,
        catalog::ROOT,
    ];
    roots.extend(ax::OBJECT_ELEMENTS);
    roots
}

/// How `load` asks a document to be lowered: `--dialect`, the threads a large backup's
/// categories may be read on (1: on the calling thread), and `--max-findings`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lowering {
    pub dialect: Option<Dialect>,
    pub threads: usize,
    pub max_findings: usize,
}

/// Lowers a parsed document into `model`. `--dialect` overrides the sniffed dialect; a large
/// backup's categories are read on up to `--threads` threads; findings past `--max-findings` are
/// counted, not kept.
pub(crate) fn lower(
    file: FileId,
    text: &str,
    doc: &crate::xml::Tree<'_>,
    options: &Lowering,
    model: &mut Model,
    diags: &mut Vec<Diagnostic>,
) {
    let (forced, threads) = (options.dialect, options.threads);
    let root = doc.root_element();
    let name = root.name();
    let root_name = Spanned::new(name.to_owned(), xmlnode::tag_name(root));
    // Menu items are not security objects, so no dialect claims them (a folder walk for security
    // XML never picks them up); read by name (`catalog build`), their license properties are kept.
    if forced.is_none() && menu_item::is_menu_item(name) {
        let mut ctx = ax::Ctx::new(file, text, diags, options.max_findings);
        menu_item::lower_aot(&mut ctx, root, model);
        return;
    }
    let dialect = match (forced, detect(name)) {
        // `--dialect` is for roots secgov does not recognize; reading a recognized file as
        // another dialect could only report nonsense.
        (Some(f), Some(d)) if f != d => {
            diags.push(contradicted(file, root, f, d));
            return;
        }
        (Some(d), _) | (None, Some(d)) => d,
        (None, None) => {
            diags.push(unrecognized(file, root));
            return;
        }
    };
    let mut ctx = ax::Ctx::new(file, text, diags, options.max_findings);
    match dialect {
        Dialect::UsgBackup => usg::read(ctx, root, model, threads),
        Dialect::Aot => {
            if !ax::lower_object(&mut ctx, root, crate::model::Origin::Aot, model) {
                ctx.push(unrecognized(file, root));
                return;
            }
            model
                .documents
                .push(plain_document(file, dialect, root_name));
        }
        Dialect::SecurityConfiguration => {
            secconfig::read(&mut ctx, root, model);
            model
                .documents
                .push(plain_document(file, dialect, root_name));
        }
        Dialect::Catalog => {
            let version = catalog::read(&mut ctx, root, model);
            let mut document = plain_document(file, dialect, root_name);
            document.schema_version = version;
            model.documents.push(document);
        }
    }
}

fn plain_document(file: FileId, dialect: Dialect, root: Spanned<String>) -> Document {
    Document {
        file,
        dialect,
        root,
        declared_type: None,
        inferred_type: None,
        schema_version: None,
    }
}

fn contradicted(file: FileId, root: Node<'_>, forced: Dialect, actual: Dialect) -> Diagnostic {
    Diagnostic::error(
        codes::UNRECOGNIZED_DOCUMENT,
        format!(
            "--dialect asks for {}, but <{}> is the root of {}",
            forced.label(),
            root.name(),
            actual.a_label()
        ),
    )
    .at(file, xmlnode::tag_name(root))
    .with_label(format!("{} root", actual.label()))
    .with_help("leave out --dialect for files secgov recognizes; it is meant for files whose root element has another name")
}

fn unrecognized(file: FileId, root: Node<'_>) -> Diagnostic {
    let name = root.name();
    let d = Diagnostic::error(
        codes::UNRECOGNIZED_DOCUMENT,
        format!("<{name}> is not the root of a security file secgov knows"),
    )
    .at(file, xmlnode::tag_name(root))
    .with_label("unrecognized root element");
    match did_you_mean(name, known_roots()) {
        Some(s) => d.with_help(format!("did you mean <{s}>?")),
        None => d.with_help(
            "secgov reads security category backups (<SecurityCategoryBackup>), AOT security files (<AxSecurityRole>, <AxSecurityDuty>, <AxSecurityPrivilege> and extensions) and security configuration exports (<SecurityCustomizationData>)",
        ),
    }
}
