//! Unpacking a security configuration export: one AOT file per role, duty and privilege,
//! customized objects below `Customized/`, new ones below `New/`, and a manifest with the
//! disabled names and the export's order.

use super::folder::OutputFile;
use super::manifest::{self, Manifest};
use crate::diag::{Diagnostic, Severity};
use crate::model::{Dialect, Model, ObjectKind, Origin};
use crate::write::aot::{self, Object};
use std::path::PathBuf;

/// The files of an unpacked export and what was found while planning them.
#[derive(Debug, Default)]
pub struct Unpacked {
    pub files: Vec<OutputFile>,
    pub diagnostics: Vec<Diagnostic>,
    pub customized: usize,
    pub new: usize,
    pub disabled: usize,
}

/// Findings about the input: files that are not security configuration exports.
pub fn check_input(model: &Model) -> Vec<Diagnostic> {
    super::select::other_dialects(
        model,
        Dialect::SecurityConfiguration,
        &super::select::NotRead {
            severity: Severity::Error,
            reads: "a security configuration export",
            label: "not an export",
            help: "unpack reads SecurityDatabaseCustomizations.xml; use `secgov convert` for a USG backup",
        },
    )
}

/// Plans the folder for the export objects in `model` (objects with origin `Customized` or
/// `New`, and the disabled names).
pub fn unpack(model: &Model) -> Unpacked {
    let mut out = Unpacked::default();
    let mut manifest = Manifest::default();
    let mut objects: Vec<(ObjectKind, Origin, Object<'_>)> = Vec::new();
    objects.extend(
        model
            .roles
            .iter()
            .map(|o| (ObjectKind::Role, o.origin, Object::Role(o))),
    );
    objects.extend(
        model
            .duties
            .iter()
            .map(|o| (ObjectKind::Duty, o.origin, Object::Duty(o))),
    );
    objects.extend(
        model
            .privileges
            .iter()
            .map(|o| (ObjectKind::Privilege, o.origin, Object::Privilege(o))),
    );
    for (kind, origin, object) in objects {
        let (folder, list) = match origin {
            Origin::Customized => {
                out.customized += 1;
                (
                    manifest::CUSTOMIZED_FOLDER,
                    &mut manifest.lists_mut(kind).customized,
                )
            }
            Origin::New => {
                out.new += 1;
                (manifest::NEW_FOLDER, &mut manifest.lists_mut(kind).new)
            }
            Origin::Aot | Origin::Backup { .. } => continue,
        };
        let name = object.name();
        list.push(name.value.clone());
        let file = object.file();
        out.diagnostics.extend(super::convert::long_file_name(
            file,
            name,
            object.kind().label(),
        ));
        out.files.push(OutputFile {
            path: PathBuf::from(folder).join(aot::object_path(object.kind(), &name.value)),
            text: aot::object(model, object),
            object: Some((file, name.clone(), object.kind().label())),
        });
    }
    out.diagnostics.extend(super::select::extensions_left_out(
        model,
        "is not part of any export list",
        "left out",
        "an export lists roles, duties and privileges only; keep extensions in the AOT model",
    ));
    for d in &model.disabled {
        manifest
            .lists_mut(d.kind)
            .disabled
            .push(d.name.value.clone());
        out.disabled += 1;
    }
    out.files.push(OutputFile {
        path: PathBuf::from(manifest::FILE_NAME),
        text: manifest.to_toml(),
        object: None,
    });
    out
}
