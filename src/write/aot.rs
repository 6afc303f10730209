//! AOT files: one role, duty, privilege, role extension or duty extension per file, formatted as
//! Visual Studio writes them (UTF-8 without byte order mark, tab indentation, `xmlns:i` on the
//! root, `<X />` for empty collections, no line break after the last line), and where such a
//! file goes in a model folder.
//!
//! Objects read from AOT-shaped text keep their children's order and every element the model
//! does not interpret; see [`super::object`]. A file read from a model folder and written back
//! unchanged is byte for byte the same.

pub use super::object::Shape;
use super::object::{self, Layout};
use crate::model::{Duty, Extension, ExtensionKind, Model, Privilege, Role};
use std::path::PathBuf;

pub use super::object::Object;

/// The namespace declaration Visual Studio puts on every AOT root element.
pub const XSI_DECLARATION: &str = r#" xmlns:i="http://www.w3.org/2001/XMLSchema-instance""#;

const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";

const fn layout(shape: Shape, newline: &'static str) -> Layout {
    Layout {
        unit: "\t",
        depth: 0,
        root_attributes: XSI_DECLARATION,
        shape,
        newline,
    }
}

/// The five kinds of AOT security file, each with its folder in a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AotKind {
    Role,
    Duty,
    Privilege,
    RoleExtension,
    DutyExtension,
}

impl AotKind {
    pub const ALL: [AotKind; 5] = [
        AotKind::Role,
        AotKind::Duty,
        AotKind::Privilege,
        AotKind::RoleExtension,
        AotKind::DutyExtension,
    ];

    /// The folder (and root element) name, e.g. `AxSecurityRole`.
    pub fn folder(self) -> &'static str {
        use crate::dialect::ax;
        match self {
            AotKind::Role => ax::ROLE,
            AotKind::Duty => ax::DUTY,
            AotKind::Privilege => ax::PRIVILEGE,
            AotKind::RoleExtension => ax::ROLE_EXTENSION,
            AotKind::DutyExtension => ax::DUTY_EXTENSION,
        }
    }

    /// Words for messages: "role", "duty extension", ...
    pub fn label(self) -> &'static str {
        match self {
            AotKind::Role => "role",
            AotKind::Duty => "duty",
            AotKind::Privilege => "privilege",
            AotKind::RoleExtension => "role extension",
            AotKind::DutyExtension => "duty extension",
        }
    }
}

impl Object<'_> {
    pub fn kind(&self) -> AotKind {
        match self {
            Object::Role(_) => AotKind::Role,
            Object::Duty(_) => AotKind::Duty,
            Object::Privilege(_) => AotKind::Privilege,
            Object::Extension(e) => match e.kind {
                ExtensionKind::Role => AotKind::RoleExtension,
                ExtensionKind::Duty => AotKind::DutyExtension,
            },
        }
    }
}

/// A complete AOT file for any object, in the shape it was read in ([`Shape::AsRead`]), with the
/// line breaks of the file it was read from (LF for objects built in memory).
pub fn object(model: &Model, object: Object<'_>) -> String {
    object_shaped(model, object, Shape::AsRead)
}

/// A complete AOT file for any object, in the given shape.
pub(crate) fn object_shaped(model: &Model, object: Object<'_>, shape: Shape) -> String {
    // Line breaks follow the file the object was read from (Visual Studio on Windows writes
    // CRLF), so a folder packed and unpacked again comes back byte for byte.
    let newline = object.newline(model);
    let mut out = String::from(DECLARATION);
    out.push_str(newline);
    out.push_str(&object::write(model, object, layout(shape, newline)));
    out
}

/// A complete `AxSecurityRole` file.
pub fn role(model: &Model, role: &Role) -> String {
    object(model, Object::Role(role))
}

/// A complete `AxSecurityDuty` file.
pub fn duty(model: &Model, duty: &Duty) -> String {
    object(model, Object::Duty(duty))
}

/// A complete `AxSecurityPrivilege` file.
pub fn privilege(model: &Model, privilege: &Privilege) -> String {
    object(model, Object::Privilege(privilege))
}

/// A complete `AxSecurityRoleExtension` or `AxSecurityDutyExtension` file.
pub fn extension(model: &Model, extension: &Extension) -> String {
    object(model, Object::Extension(extension))
}

/// Where an object's file goes inside a model folder: `AxSecurityRole/Name.xml`, extensions
/// `AxSecurityDutyExtension/Base.Suffix.xml`. Characters a file name cannot hold on Windows or
/// that would leave the folder (`/ \ : * ? " < > |`, control characters, `%` itself, a trailing
/// dot or space, a name that is only dots) are written as `%XX`, so every name gets its own file
/// inside the folder. The object's name is always read from the file, never from its file name.
pub fn object_path(kind: AotKind, name: &str) -> PathBuf {
    PathBuf::from(kind.folder()).join(format!("{}.xml", file_stem(name)))
}

/// Most bytes in one file name on the file systems models live on (ext4, APFS; NTFS counts 255
/// UTF-16 units, which the same bound on UTF-8 bytes keeps within).
pub const MAX_FILE_NAME: usize = 255;

/// The length in bytes of the file name [`object_path`] gives `name`, when it passes
/// [`MAX_FILE_NAME`]: such a file cannot be created, and a folder half written is the result.
pub(crate) fn file_name_too_long(name: &str) -> Option<usize> {
    let len = file_stem(name).len() + ".xml".len();
    (len > MAX_FILE_NAME).then_some(len)
}

/// A file name stem for an object name; see [`object_path`].
pub(crate) fn file_stem(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let count = name.chars().count();
    let only_dots = name.chars().all(|c| c == '.');
    for (i, c) in name.chars().enumerate() {
        let last = i + 1 == count;
        let bad = matches!(
            c,
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '%'
        ) || c.is_control()
            || (last && (c == '.' || c == ' '))
            || only_dots;
        if bad {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    if out.is_empty() {
        out.push_str("%00");
    }
    const DEVICES: [&str; 4] = ["CON", "PRN", "AUX", "NUL"];
    let upper = out.split('.').next().unwrap_or("").to_ascii_uppercase();
    let device = DEVICES.contains(&upper.as_str())
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper.as_bytes()[3].is_ascii_digit());
    if device {
        let first = out.remove(0);
        out.insert_str(0, &format!("%{:02X}", first as u32));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;
    use crate::span::{Span, Spanned};

    #[test]
    fn file_names_are_measured_after_escaping() {
        // 251 + ".xml" is 255 bytes: the most allowed.
        assert_eq!(file_name_too_long(&"a".repeat(251)), None);
        assert_eq!(file_name_too_long(&"a".repeat(252)), Some(256));
        // 84 colons become 252 bytes of `%3A`.
        assert_eq!(file_name_too_long(&":".repeat(84)), Some(256));
        // An extension's two 250-character parts.
        let extension = format!("{}.{}", "B".repeat(250), "S".repeat(250));
        assert_eq!(file_name_too_long(&extension), Some(505));
    }

    fn name(s: &str) -> Spanned<String> {
        Spanned::new(s.to_owned(), Span::default())
    }

    #[test]
    fn a_role_built_in_memory_is_written_as_visual_studio_writes_it() {
        let model = Model::default();
        let role = Role {
            header: crate::model::Header {
                file: 0,
                span: Span::default(),
                origin: Origin::Aot,
                name: name("ContosoClerk"),
                label: Some(name("Clerk & assistant")),
                description: None,
            },
            duties: vec![name("VendInvoiceProcess")],
            privileges: Vec::new(),
            sub_roles: Vec::new(),
            direct_access: Vec::new(),
            unknown: Vec::new(),
        };
        assert_eq!(
            super::role(&model, &role),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
             <AxSecurityRole xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">\n\
             \t<Name>ContosoClerk</Name>\n\
             \t<Label>Clerk &amp; assistant</Label>\n\
             \t<DirectAccessPermissions />\n\
             \t<Duties>\n\
             \t\t<AxSecurityDutyReference>\n\
             \t\t\t<Name>VendInvoiceProcess</Name>\n\
             \t\t</AxSecurityDutyReference>\n\
             \t</Duties>\n\
             \t<Privileges />\n\
             \t<SubRoles />\n\
             </AxSecurityRole>"
        );
    }

    #[test]
    fn file_names_stay_inside_their_folder() {
        assert_eq!(
            object_path(AotKind::Role, "ContosoClerk"),
            PathBuf::from("AxSecurityRole/ContosoClerk.xml")
        );
        assert_eq!(
            object_path(AotKind::DutyExtension, "SysServerAXBasicMaintain.DEVCommon"),
            PathBuf::from("AxSecurityDutyExtension/SysServerAXBasicMaintain.DEVCommon.xml")
        );
        assert_eq!(file_stem("../a/b"), "..%2Fa%2Fb");
        assert_eq!(file_stem(".."), "%2E%2E");
        assert_eq!(file_stem("a<b>:100%"), "a%3Cb%3E%3A100%25");
        assert_eq!(file_stem("trailing. "), "trailing.%20");
        assert_eq!(file_stem("con"), "%63on");
        assert_eq!(file_stem(""), "%00");
    }
}
