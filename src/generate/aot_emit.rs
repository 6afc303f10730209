//! `--emit aot --output DIR`: the roles, duties and privileges of the generated categories as AOT
//! files, ready to add to a Visual Studio project ("convert defined roles to AOT project").
//!
//! The files come from the AOT writer (`write::aot`) in Visual Studio's shape: UTF-8 without BOM,
//! tab indentation, `<X />` for empty containers, `xmlns:i` on the root, one object per file in
//! `AxSecurityRole/`, `AxSecurityDuty/` and `AxSecurityPrivilege/`.

use crate::model::{Implied, Model};
use crate::roundtrip::convert;
use crate::source::SourceFile;
use crate::write::aot::{self, Shape};
use std::path::PathBuf;

/// One file to write: its path below the output folder, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AotFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Every role, duty and privilege of the model (copied from a template, or implied by the
/// hierarchy) as AOT files, sorted by path. `files` is the run's file list, which the objects'
/// spans point into (objects copied from a template keep the elements secgov does not interpret).
pub fn files(model: &Model, implied: &Implied, files: &[SourceFile]) -> Vec<AotFile> {
    let sources = Model {
        files: files.to_vec(),
        ..Model::default()
    };
    let mut out: Vec<AotFile> = convert::objects(model, implied)
        .into_iter()
        .map(|object| AotFile {
            path: aot::object_path(object.kind(), &object.name().value),
            bytes: aot::object_shaped(&sources, object, Shape::VisualStudio).into_bytes(),
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}
