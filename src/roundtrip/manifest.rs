//! `secgov-manifest.toml`: what an unpacked folder cannot say with files alone. The names of
//! disabled objects (an export lists them without bodies) and the order of each list, so that
//! packing the folder gives back the export it came from. Folders decide which list an object
//! goes in; the manifest only orders them.

use crate::model::ObjectKind;
use serde::{Deserialize, Serialize};

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

    pub fn lists_mut(&mut self, kind: ObjectKind) -> &mut Lists {
        match kind {
            ObjectKind::Role => &mut self.roles,
            ObjectKind::Duty => &mut self.duties,
            ObjectKind::Privilege => &mut self.privileges,
        }
    }

    /// The manifest as written into an unpacked folder, with a header saying what it is for.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!(
            "# Written by `secgov unpack`, read by `secgov pack`.\n\
             # Objects go back into the list named by their folder ({CUSTOMIZED_FOLDER}/ or {NEW_FOLDER}/);\n\
             # the names below keep the export's order and list the disabled objects.\n\n{body}"
        )
    }

    pub fn parse(text: &str) -> Result<Manifest, String> {
        toml::from_str(text).map_err(|e| e.to_string())
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
