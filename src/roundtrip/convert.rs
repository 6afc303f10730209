//! Converting a USG security category backup: its `SecurityConfiguration` objects, plus the
//! duties, privileges and roles its process hierarchy implies (as User security governance
//! creates them), as AOT files or as one security configuration export.

use super::folder::OutputFile;
use super::select::NotRead;
use crate::diag::{Diagnostic, Severity, codes};
use crate::model::{Dialect, Implied, Model, Origin};
use crate::write::aot::{self, Object};

/// The backup's explicit objects first (roles, duties, privileges, in file order), then the
/// implied ones (by name). Objects the backup defines are never implied again.
pub fn objects<'m>(model: &'m Model, implied: &'m Implied) -> Vec<Object<'m>> {
    super::select::objects(model, Some(implied), |origin, _| {
        matches!(origin, Origin::Backup { .. })
    })
}

/// SG953: objects whose names cannot be AOT element names, by the rule Microsoft documents for
/// the `name` property (see `crate::rules::is_identifier`). An extension's `Base.Suffix` name is
/// checked part by part.
pub fn check_aot_names(objects: &[Object<'_>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for o in objects {
        let name = o.name();
        let valid = match o {
            Object::Extension(_) => name.value.split('.').all(crate::rules::is_identifier),
            _ => crate::rules::is_identifier(&name.value),
        };
        if valid {
            out.extend(long_file_name(o.file(), name, o.kind().label()));
            continue;
        }
        out.push(
            Diagnostic::error(
                codes::NOT_AN_AOT_NAME,
                format!(
                    "the {} `{}` cannot be an AOT element name",
                    o.kind().label(),
                    name.value
                ),
            )
            .at(o.file(), name.span)
            .with_label("not an element name")
            .with_help("use a letter, then letters, digits and underscores only (at most 250 characters); keep readable text in the label or description"),
        );
    }
    out
}

/// SG953 for an object whose file name would pass [`aot::MAX_FILE_NAME`] bytes (names are
/// escaped for file names, so a name can grow up to three times).
pub(crate) fn long_file_name(
    file: crate::span::FileId,
    name: &crate::model::Name,
    kind: &str,
) -> Option<Diagnostic> {
    let len = aot::file_name_too_long(&name.value)?;
    Some(
        Diagnostic::error(
            codes::NOT_AN_AOT_NAME,
            format!(
                "the {kind} `{}` would be written to a file name of {len} bytes, more than the {} a file system allows",
                name.value,
                aot::MAX_FILE_NAME
            ),
        )
        .at(file, name.span)
        .with_label("name too long for a file")
        .with_help("shorten the name; keep readable text in the label or description"),
    )
}

/// Findings about the input: files that are not backups, and backups with nothing to convert.
pub fn check_input(model: &Model, objects: &[Object<'_>]) -> Vec<Diagnostic> {
    let mut out = super::select::other_dialects(
        model,
        Dialect::UsgBackup,
        &NotRead {
            severity: Severity::Error,
            reads: "a USG security category backup",
            label: "not a backup",
            help: "convert reads backups (Security category > Backup as XML); use `secgov unpack` for a security configuration export",
        },
    );
    if objects.is_empty() && out.is_empty() && !model.documents.is_empty() {
        out.push(
            Diagnostic::warning(codes::LEFT_OUT, "the backup holds no roles, duties or privileges")
                .with_help("back up with Type Security configuration or Governance + configuration, or give tasks a duty in the process hierarchy"),
        );
    }
    out
}

/// One AOT file per object, in the plain model folder layout (`AxSecurityRole/Name.xml`, ...).
pub fn aot_files(model: &Model, objects: &[Object<'_>]) -> Vec<OutputFile> {
    objects
        .iter()
        .map(|o| {
            let name = o.name();
            let file = o.file();
            OutputFile {
                path: aot::object_path(o.kind(), &name.value),
                text: aot::object_shaped(model, *o, aot::Shape::VisualStudio),
                object: Some((file, name.clone(), o.kind().label())),
            }
        })
        .collect()
}
