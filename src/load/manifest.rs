//! `secgov-manifest.toml`: what an unpacked folder cannot say with files alone. The names of
//! disabled objects (an export lists them without bodies) and the order of each list, so that
//! packing the folder gives back the export it came from. Folders decide which list an object
//! goes in; the manifest only orders them.

use super::Loaded;
use crate::diag::{Diagnostic, codes};
use crate::model::{DisabledObject, ObjectKind};
use crate::source::{Encoding, SourceFile};
use crate::span::{Span, Spanned};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The manifest's file name inside an unpacked folder.
pub const FILE_NAME: &str = "secgov-manifest.toml";

/// Folder of objects from the export's `CustomizedObjectList`.
pub const CUSTOMIZED_FOLDER: &str = "Customized";
/// Folder of objects from the export's `NewObjectList`.
pub const NEW_FOLDER: &str = "New";

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    #[serde(default)]
    pub roles: Lists,
    #[serde(default)]
    pub duties: Lists,
    #[serde(default)]
    pub privileges: Lists,
}

/// One kind's lists, names in export order.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lists {
    #[serde(default)]
    pub customized: Vec<String>,
    #[serde(default)]
    pub disabled: Vec<String>,
    #[serde(default)]
    pub new: Vec<String>,
}

impl Manifest {
    pub fn lists(&self, kind: ObjectKind) -> &Lists {
        match kind {
            ObjectKind::Role => &self.roles,
            ObjectKind::Duty => &self.duties,
            ObjectKind::Privilege => &self.privileges,
        }
    }

    pub(crate) fn lists_mut(&mut self, kind: ObjectKind) -> &mut Lists {
        match kind {
            ObjectKind::Role => &mut self.roles,
            ObjectKind::Duty => &mut self.duties,
            ObjectKind::Privilege => &mut self.privileges,
        }
    }

    /// The manifest as written into an unpacked folder, with a header saying what it is for.
    pub(crate) fn to_toml(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!(
            "# Written by `secgov unpack`, read by `secgov pack`.\n\
             # Objects go back into the list named by their folder ({CUSTOMIZED_FOLDER}/ or {NEW_FOLDER}/);\n\
             # the names below keep the export's order and list the disabled objects.\n\n{body}"
        )
    }

    pub fn parse(text: &str) -> Result<Manifest, toml::de::Error> {
        toml::from_str(text)
    }
}

/// Reads `dir/secgov-manifest.toml`, if there is one, into `loaded`: the manifest becomes a file
/// of the model and its disabled names the model's disabled objects, so that every command sees
/// an unpacked folder as the export it came from. A manifest that cannot be read is an error.
pub(crate) fn read_into(dir: &Path, loaded: &mut Loaded) {
    let path = dir.join(FILE_NAME);
    let bytes = match crate::input::read(&path, crate::input::DEFAULT_MAX_SIZE) {
        Ok(bytes) => bytes,
        Err(crate::input::ReadFailure::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return,
        Err(failure) => {
            loaded.diagnostics.push(
                crate::diag::Diagnostic::error(
                    failure.code(),
                    format!("cannot read {}: {failure}", path.display()),
                )
                .with_help(failure.help()),
            );
            return;
        }
    };
    let id = loaded.model.files.len();
    let shown = path.display().to_string();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let parsed = toml::from_str::<Manifest>(&text);
    loaded
        .model
        .files
        .push(SourceFile::new(shown.clone(), text, Encoding::Utf8));
    let text = loaded.model.files[id].text.as_str();
    match parsed {
        Ok(manifest) => {
            for kind in [ObjectKind::Role, ObjectKind::Duty, ObjectKind::Privilege] {
                for name in &manifest.lists(kind).disabled {
                    let quoted = toml::Value::String(name.clone()).to_string();
                    let span = text.find(&quoted).map_or(Span::empty_at(0), |at| {
                        Span::new(at + 1, at + quoted.len() - 1)
                    });
                    loaded.model.disabled.push(DisabledObject {
                        file: id,
                        kind,
                        name: Spanned::new(name.clone(), span),
                    });
                }
            }
        }
        Err(e) => {
            let span = e.span().map_or(Span::empty_at(0), |r| {
                Span::new(r.start, r.end.max(r.start))
            });
            loaded.diagnostics.push(
                Diagnostic::error(
                    codes::UNREADABLE,
                    format!("{shown} is not a valid secgov manifest: {}", e.message()),
                )
                .at(id, span)
                .with_label("cannot be read")
                .with_help(format!(
                    "fix it, or delete it to treat the folder as a plain AOT model (no disabled objects, path order); {FILE_NAME} holds [roles], [duties] and [privileges] tables with customized, disabled and new name lists"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_what_it_wrote() {
        let mut m = Manifest::default();
        m.privileges.disabled.push("Vend\"Payment\" = x".into());
        m.roles
            .new
            .push("b2a4c6e8-0d1f-4a3b-9c5d-7e8f9a0b1c2d".into());
        assert_eq!(Manifest::parse(&m.to_toml()).unwrap(), m);
        assert!(Manifest::parse("[roles]\nnew = 3").is_err());
        assert!(
            Manifest::parse("[role]\n").is_err(),
            "misspelt tables are refused"
        );
    }
}
