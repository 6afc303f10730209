//! Codes the writing commands raise (`secgov unpack`, `pack`, `convert`, `generate --emit aot`):
//! SG95x. Their logic
//! lives in `src/roundtrip/`; here is their documentation, so the registry lists every code.

use super::{Docs, Rule};
use crate::diag::{Severity, codes};

pub(super) static RULES: [Rule; 5] = [
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
            what: "When `convert --to aot` or `generate --emit aot` writes roles, duties and privileges as AOT elements, that each name begins with a letter, holds only letters, digits and underscores, and has at most 250 characters (each part of an extension's `Base.Suffix` name likewise); and, with `unpack` too, that the file name the object gets (characters a file name cannot hold written as `%XX`, then `.xml`) has at most 255 bytes, the most a file system allows. Only here, and under the Create action (SG306), does a name have to be an element name: objects created in the user interface get generated names and are never checked.",
            why: "Microsoft's reference for the `name` property of Finance and Operations application objects: the name \"must meet the following criteria to avoid code conflicts: Begins with a letter. Doesn't exceed 250 characters. Can include numbers and underscore characters. Cannot include punctuation or spaces.\" A folder holding `AxSecurityDuty/Vendor master (maintain).xml` does not build in Visual Studio.",
            example: "secgov convert p2p.xml --to aot --output MyModel/\n  error[SG953]: the duty `Vendor master (maintain)` cannot be an AOT element name",
            fix: "Rename the object in the backup or outline (an identifier such as `VendorMasterMaintain`; keep readable text in the label or description), then run the command again. Nothing is written while a name is invalid.",
        },
        check: None,
    },
    Rule {
        code: codes::OUTPUT_IS_INPUT,
        name: "output-is-input",
        summary: "An output path names one of the command's inputs.",
        default_severity: Severity::Error,
        retired: None,
        docs: Docs {
            what: "Before anything is written, that no output (`--out`, `-o`, `--output`) is the same file as an input of the command: the same path, or another path to the same file through a symbolic link or a hard link (compared by device and inode).",
            why: "Writing the output would replace the input it is made from: `generate roles.csv -o roles.csv --force` would turn the outline into XML, and the outline would be gone. `--force` allows overwriting an old output, never an input.",
            example: "secgov generate roles.csv -o roles.csv --force\n  secgov generate: error[SG954]: the output roles.csv is the input roles.csv; writing it would destroy the input. Write to another path",
            fix: "Give the output another path. `secgov fmt --write` is the command that rewrites its inputs on purpose.",
        },
        check: None,
    },
    Rule {
        code: codes::HARD_LINKED_OUTPUT,
        name: "hard-linked-output",
        summary: "A file to replace has more than one hard link.",
        default_severity: Severity::Error,
        retired: None,
        docs: Docs {
            what: "That a file secgov replaces (`fmt --write`, or an output overwritten under `--force`) has only one name. secgov replaces files atomically: it writes a new file beside the old one and renames it over it.",
            why: "A rename gives the name a new file; every other hard link to the old file would keep the old text, silently: the two names would no longer be one file.",
            example: "secgov fmt --write roles.xml\n  error[SG955]: roles.xml has 2 hard links; replacing it would leave the other names with the old text. Pass --force to write it in place (all names see the new text)",
            fix: "Pass `--force` to write the file in place: every name sees the new text, but the write is not atomic (an interrupted write leaves the file partly written). Or break the link first (`cp f f.new && mv f.new f`).",
        },
        check: None,
    },
];
