//! Codes the writing commands raise (`secgov unpack`, `pack`, `convert`): SG95x. Their logic
//! lives in `src/roundtrip/`; here is their documentation, so the registry lists every code.

use super::{Docs, Rule};
use crate::diag::{Severity, codes};

pub(super) static RULES: [Rule; 2] = [
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
            example: "secgov pack Model/ --out SecurityDatabaseCustomizations.xml\n  warning[SG952]: AxSecurityDutyExtension/SysServerAXBasicMaintain.DEVCommon.xml is an extension; an export cannot hold it",
            fix: "Deploy extensions with the model (Visual Studio), not through Security configuration import. Move files that are not security objects out of the folder, or ignore the warning if they are there on purpose.",
        },
        check: None,
    },
];
