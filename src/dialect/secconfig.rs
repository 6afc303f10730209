//! Reader for the security configuration export, `SecurityDatabaseCustomizations.xml`: a .NET
//! DataContract wrapper whose lists hold AOT-shaped objects. Customized and new objects keep
//! their list as `Origin`; disabled names become `DisabledObject`s.

use super::ax::{self, Ctx};
use super::xmlnode::{elements, tag_name, text_value};
use crate::diag::{Diagnostic, codes};
use crate::model::{DisabledObject, Model, ObjectKind, Origin};
use crate::xml::Node;

pub const ROOT: &str = "SecurityCustomizationData";
pub const NAMESPACE: &str =
    "http://schemas.datacontract.org/2004/07/Microsoft.Dynamics.AX.Security.Management";
pub const ARRAYS_NAMESPACE: &str = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";
pub const TYPE_LIST: &str = "_x003C_CustomizationsForTypeList_x003E_k__BackingField";
pub const CUSTOMIZED: &str = "_x003C_CustomizedObjectList_x003E_k__BackingField";
pub const DISABLED: &str = "_x003C_DisabledObjectSet_x003E_k__BackingField";
pub const NEW: &str = "_x003C_NewObjectList_x003E_k__BackingField";

/// The `i:type` of each list, by kind of object.
pub(crate) fn list_type(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::Role => "RepositoryCustomizationsOfAxSecurityRoleNcCATIYq",
        ObjectKind::Duty => "RepositoryCustomizationsOfAxSecurityDutyNcCATIYq",
        ObjectKind::Privilege => "RepositoryCustomizationsOfAxSecurityPrivilegeNcCATIYq",
    }
}

fn kind_of(i_type: &str) -> Option<ObjectKind> {
    let t = i_type.rsplit(':').next().unwrap_or(i_type);
    [ObjectKind::Role, ObjectKind::Duty, ObjectKind::Privilege]
        .into_iter()
        .find(|k| t == list_type(*k) || t.contains(&format!("Of{}", ax_element(*k))))
}

pub(crate) fn ax_element(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::Role => ax::ROLE,
        ObjectKind::Duty => ax::DUTY,
        ObjectKind::Privilege => ax::PRIVILEGE,
    }
}

pub(crate) fn read(ctx: &mut Ctx<'_>, root: Node<'_>, model: &mut Model) {
    for list in elements(root) {
        if list.name() != TYPE_LIST {
            unknown(ctx, list, "the export's type list");
            continue;
        }
        for repo in elements(list) {
            let i_type = repo
                .attributes()
                .find(|a| a.name() == "type")
                .map(|a| a.value().to_owned())
                .unwrap_or_default();
            let kind = kind_of(&i_type);
            if kind.is_none() {
                ctx.push(
                    Diagnostic::warning(
                        codes::UNKNOWN_ELEMENT,
                        format!("customizations of type `{i_type}` are not roles, duties or privileges"),
                    )
                    .at(ctx.file, tag_name(repo))
                    .with_label("skipped")
                    .with_help("secgov reads the role, duty and privilege lists of the export; this list is kept but not checked"),
                );
            }
            for part in elements(repo) {
                match part.name() {
                    CUSTOMIZED | NEW => {
                        let origin = if part.name() == NEW {
                            Origin::New
                        } else {
                            Origin::Customized
                        };
                        for object in elements(part) {
                            if !ax::lower_object(ctx, object, origin, model) {
                                unknown(ctx, object, "a security object list");
                            }
                        }
                    }
                    DISABLED => {
                        if let Some(kind) = kind {
                            for s in elements(part) {
                                let name = text_value(s);
                                model.disabled.push(DisabledObject {
                                    file: ctx.file,
                                    kind,
                                    name,
                                });
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// An element of the export that is not read: kept by the writers, never checked.
fn unknown(ctx: &mut Ctx<'_>, node: Node<'_>, place: &str) {
    ctx.not_expected(node, place, "the element is kept but not checked; check that the file is an unmodified Security configuration export");
}
