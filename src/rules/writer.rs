//! Codes the writing commands raise (`secgov unpack`, `pack`, `convert`, `generate --emit aot`):
//! SG95x. Their logic
//! lives in `src/roundtrip/`; here is their documentation, so the registry lists every code.

use super::{Docs, Rule};
use crate::diag::{Severity, codes};

pub(super) static RULES: [Rule; 3] = [
    Rule {
        code: codes::NAME_CLASH,
        name: "name-clash",
        summary: "Two objects would be written to the same file or export entry.",
        default_severity: Severity::Error,
        retired: None,
        docs: Docs {
            what: "That no two roles, duties or privileges of one kind have names that are equal or differ only in case, when `unpack`, `pack` or `convert` writes them.",
            why: "Dynamics 365 compares names case-insensitively, and so do Windows file systems: `VendInvoiceProcess.xml` and `vendinvoiceprocess.xml` are one file, and an export with both imports only one of them. Writing either silently would lose the other.",
            example: "AxSecurityDuty/VendInvoiceProcess.xml   <Name>VendInvoiceProcess</Name>\nAxSecurityDuty/Other.xml                <Name>vendinvoiceprocess</Name>",
            fix: "Rename or remove one of the two objects (both places are shown), then run the command again. Nothing is written while a clash remains.",
        },
        check: None,
    },
    Rule {
        code: codes::LEFT_OUT,
        name: "left-out",
        summary: "An object or file that the output cannot hold is left out.",
        default_severity: Severity::Warning,
        retired: None,
        docs: Docs {
            what: "Inputs that the output format has no place for: duty and role extensions in a security configuration export, files in a folder to pack that are not security objects, an input of the wrong dialect.",
            why: "A security configuration export has lists for roles, duties and privileges only; importing an extension as a customized duty would replace the standard duty's privileges. Dropping such an input without a word would look like a complete round trip when it is not.",
            example: "secgov pack Model/ --output SecurityDatabaseCustomizations.xml\n  warning[SG952]: AxSecurityDutyExtension/SysServerAXBasicMaintain.DEVCommon.xml is an extension; an export cannot hold it",
            fix: "Deploy extensions with the model (Visual Studio), not through Security configuration import. Move files that are not security objects out of the folder, or ignore the warning if they are there on purpose.",
        },
        check: None,
    },
    Rule {
        code: codes::NOT_AN_AOT_NAME,
        name: "not-an-aot-name",
        summary: "A role, duty or privilege to be written as an AOT element has a name that cannot be one.",
        default_severity: Severity::Error,
        retired: None,
        docs: Docs {
            what: "When `convert --to aot` or `generate --emit aot` writes roles, duties and privileges as AOT elements, that each name begins with a letter, holds only letters, digits and underscores, and has at most 250 characters (each part of an extension's `Base.Suffix` name likewise). Only here, and under the Create action (SG306), does a name have to be an element name: objects created in the user interface get generated names and are never checked.",
            why: "Microsoft's reference for the `name` property of Finance and Operations application objects: the name \"must meet the following criteria to avoid code conflicts: Begins with a letter. Doesn't exceed 250 characters. Can include numbers and underscore characters. Cannot include punctuation or spaces.\" A folder holding `AxSecurityDuty/Vendor master (maintain).xml` does not build in Visual Studio.",
            example: "secgov convert p2p.xml --to aot --output MyModel/\n  error[SG953]: the duty `Vendor master (maintain)` cannot be an AOT element name",
            fix: "Rename the object in the backup or outline (an identifier such as `VendorMasterMaintain`; keep readable text in the label or description), then run the command again. Nothing is written while a name is invalid.",
        },
        check: None,
    },
];
