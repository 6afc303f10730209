//! `--emit aot --out DIR`: the roles, duties and privileges of the generated categories as AOT
//! files, ready to add to a Visual Studio project ("convert defined roles to AOT project").
//!
//! Written the way Visual Studio writes them: UTF-8 without BOM, tab indentation, `<X />` for
//! empty containers, `xmlns:i` on the root, one object per file in `AxSecurityRole/`,
//! `AxSecurityDuty/` and `AxSecurityPrivilege/`.

use crate::model::{Implied, Model};
use crate::write::usg::{AotObject, aot_object, finish};
use std::path::PathBuf;
use xmlwriter::{Indent, Options, XmlWriter};

/// One file to write: its path below the output folder, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AotFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Every role, duty and privilege of the model (explicit and implied) as AOT files, in folder
/// then name order.
pub fn files(model: &Model, implied: &Implied) -> Vec<AotFile> {
    let mut out = Vec::new();
    for r in model.roles.iter().chain(&implied.roles) {
        out.push(file("AxSecurityRole", &r.name.value, AotObject::Role(r)));
    }
    for d in model.duties.iter().chain(&implied.duties) {
        out.push(file("AxSecurityDuty", &d.name.value, AotObject::Duty(d)));
    }
    for p in model.privileges.iter().chain(&implied.privileges) {
        out.push(file("AxSecurityPrivilege", &p.name.value, AotObject::Privilege(p)));
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out.dedup_by(|a, b| a.path == b.path);
    out
}

fn file(folder: &str, name: &str, object: AotObject<'_>) -> AotFile {
    let mut w = XmlWriter::new(Options {
        use_single_quote: false,
        indent: Indent::Tabs,
        attributes_indent: Indent::None,
    });
    aot_object(&mut w, object, true);
    // Text and attribute values never hold a raw `>` (the writer escapes it), so every `/>`
    // closes an empty element.
    let body = w.end_document().replace("/>", " />");
    AotFile {
        path: PathBuf::from(folder).join(format!("{}.xml", file_name(name))),
        bytes: finish(body, false, false),
    }
}

/// A file name for an object name: AOT names are identifiers, but an outline may hold anything,
/// so characters that file systems refuse become `_`.
fn file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() { '_' } else { c })
        .collect();
    match cleaned.trim_matches('.') {
        "" => "_".to_owned(),
        s => s.to_owned(),
    }
}
