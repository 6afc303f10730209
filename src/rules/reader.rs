//! Codes the readers raise while decoding, parsing and lowering (SG0xx input, SG1xx structure).
//! Their logic lives in `source.rs`, `xml.rs` and `dialect/`; here is their documentation, so the
//! registry lists every code a user can see.

use super::{Docs, Rule};
use crate::diag::{Severity, codes};

const fn reader(
    code: &'static str,
    name: &'static str,
    summary: &'static str,
    default_severity: Severity,
    docs: Docs,
) -> Rule {
    Rule {
        code,
        name,
        summary,
        default_severity,
        retired: None,
        docs,
        check: None,
    }
}

pub(super) static RULES: [Rule; 15] = [
    reader(
        codes::XML_NOT_WELL_FORMED,
        "xml-not-well-formed",
        "The file is not well-formed XML.",
        Severity::Error,
        Docs {
            what: "That the file parses as XML: every element closed in order, attribute values quoted, no stray `<` or `&`. An empty file is reported here too.",
            why: "Restore from XML rejects a file that does not parse, and nothing in it can be checked. The finding points at the first place the parser could not read past.",
            example: "<SecurityCategoryBackup Type=\"UserSecurityGovernance\">\n  <SecurityCategory>\n    <Name>Procure to pay</Description>\n  </SecurityCategory>\n</SecurityCategoryBackup>",
            fix: "Correct the XML at the reported line (close the element, quote the attribute, write `&amp;` for `&`). Hand edits are the usual cause; export the category again if the file came from Backup as XML.",
        },
    ),
    reader(
        codes::UNDECODABLE,
        "undecodable-text",
        "The bytes cannot be decoded as text.",
        Severity::Error,
        Docs {
            what: "That the file's bytes are valid UTF-8 or UTF-16 (with or without a byte order mark), with no unpaired surrogates and no NUL characters.",
            why: "A file damaged in transfer (a binary upload, a truncated copy, a wrong code page) restores garbled names or not at all.",
            example: "<Name>Vendor \\xff\\xfe master</Name>   (bytes that are not UTF-8)",
            fix: "Save the file as UTF-8 (or export it again). If it came through e-mail or a file share, copy it as binary.",
        },
    ),
    reader(
        codes::DTD_NOT_ALLOWED,
        "dtd-not-allowed",
        "A DOCTYPE (DTD) was found; entities are never expanded.",
        Severity::Error,
        Docs {
            what: "That the file has no `<!DOCTYPE ...>` declaration.",
            why: "Security XML never uses a DTD. Entity declarations can expand to huge text or read local files (XXE); secgov refuses them rather than guess.",
            example: "<?xml version=\"1.0\"?>\n<!DOCTYPE SecurityCategoryBackup [ <!ENTITY x \"...\"> ]>\n<SecurityCategoryBackup Type=\"UserSecurityGovernance\"/>",
            fix: "Remove the DOCTYPE declaration and write any entity's text out in full.",
        },
    ),
    reader(
        codes::LIMIT_EXCEEDED,
        "limit-exceeded",
        "The input exceeds a limit on size, nesting depth, namespace declarations or number of nodes.",
        Severity::Error,
        Docs {
            what: "That a file is no larger than `--max-size` (512 MiB by default, 2 GiB at most), nests elements at most 256 levels deep, has at most 256 attributes on one element and at most 64 namespace declarations in scope at once; standard input (`-`) is held to `--max-size` too. The limits are listed in docs/limits.md.",
            why: "Real security files are far smaller and shallower and declare two or three namespaces; a file past the limits is damaged or hostile, and reading it could exhaust memory or take minutes.",
            example: "<Process><Process><Process> ... 300 levels ... </Process></Process></Process>",
            fix: "Check that the file is the export you meant. For a genuinely large export raise the limit with `--max-size MIB`.",
        },
    ),
    reader(
        codes::UNRECOGNIZED_DOCUMENT,
        "unrecognized-document",
        "The root element is not one of the three security dialects.",
        Severity::Error,
        Docs {
            what: "That the root element is `SecurityCategoryBackup` (a USG backup), one of the AOT security elements (`AxSecurityRole`, `AxSecurityDuty`, `AxSecurityPrivilege`, `AxSecurityRoleExtension`, `AxSecurityDutyExtension`) or `SecurityCustomizationData` (a security configuration export).",
            why: "A file of another kind (a data entity package, a form) cannot be restored as security and says nothing about it.",
            example: "<SecurityCategoryBakup Type=\"UserSecurityGovernance\">\n</SecurityCategoryBakup>",
            fix: "Correct the root element's name (the help suggests the closest known one), or leave the file out of the run.",
        },
    ),
    reader(
        codes::ENCODING_MISMATCH,
        "encoding-mismatch",
        "The `encoding=` declaration disagrees with the bytes of the file.",
        Severity::Warning,
        Docs {
            what: "That the XML declaration's `encoding=\"...\"` matches the encoding the bytes are really in.",
            why: "Tools that trust the declaration read a different text than the file holds; names with accents come out garbled in Dynamics 365.",
            example: "<?xml version=\"1.0\" encoding=\"utf-16\"?>   (in a file saved as UTF-8)",
            fix: "Change the declaration to the encoding the file is saved in (`utf-8` in almost every case), or save the file in the declared encoding.",
        },
    ),
    reader(
        codes::UNREADABLE,
        "unreadable-path",
        "The path cannot be read.",
        Severity::Error,
        Docs {
            what: "That every path given exists and can be read, that it is a regular file (or a symbolic link to one), not a named pipe (FIFO), socket or device, and that a folder holds security XML.",
            why: "A run that silently skips an input says a file is clean that was never checked.",
            example: "secgov validate backups/procure-to-pay.xml   (no such file)",
            fix: "Check the path and its permissions; point folders at a model folder with AxSecurityRole/, AxSecurityDuty/ or AxSecurityPrivilege/ inside. For data that comes from a pipe, save it to a file, or pipe it to standard input and pass `-` as the path.",
        },
    ),
    reader(
        codes::UNKNOWN_ELEMENT,
        "unknown-element",
        "An element that the dialect does not define.",
        Severity::Error,
        Docs {
            what: "That every element in a backup is one the format defines at that place (see `schema/usg-backup.toml`), with a \"did you mean\" for misspellings. In a security configuration export, lists of other object types are noted and skipped.",
            why: "Restore ignores or rejects elements it does not know: a misspelled `<Tsk>` means the task silently never arrives.",
            example: "<Process>\n  <Name>Maintain vendors</Name>\n  <Tsk>\n    <Name>Maintain vendor master</Name>\n  </Tsk>\n</Process>",
            fix: "Correct the element's name (the help suggests the closest allowed one) or move it to where it belongs.",
        },
    ),
    reader(
        codes::UNKNOWN_ATTRIBUTE,
        "unknown-attribute",
        "An attribute that the dialect does not define.",
        Severity::Error,
        Docs {
            what: "That every attribute in a backup is one the format defines (`Type` and `SchemaVersion` on the root; no others).",
            why: "An attribute such as `Typ=\"...\"` leaves the real one unset: the restore then guesses the Type.",
            example: "<SecurityCategoryBackup Typ=\"UserSecurityGovernance\">",
            fix: "Correct the attribute's name or remove it.",
        },
    ),
    reader(
        codes::MISSING_ELEMENT,
        "missing-element",
        "A required element is missing.",
        Severity::Error,
        Docs {
            what: "That required elements are present: a `Name` on every category, process, task, role, duty and privilege; `ObjectName` and `ObjectType` on every entry point; `Role` and `User` on every role assignment.",
            why: "Dynamics 365 identifies every object by its name; an object without one cannot be created or referenced.",
            example: "<Task>\n  <Description>Maintain vendor master</Description>\n</Task>",
            fix: "Add the missing element with a value.",
        },
    ),
    reader(
        codes::UNEXPECTED_TEXT,
        "unexpected-text",
        "Text inside an element that only holds other elements.",
        Severity::Error,
        Docs {
            what: "That text appears only in elements that hold text (`Name`, `Description`, `Duty`, ...).",
            why: "Stray text is usually a value that lost its element, such as a name typed outside `<Name>`; it is ignored by the restore.",
            example: "<Process>Maintain vendors\n  <Name>Maintain vendors</Name>\n</Process>",
            fix: "Remove the text or move it into the element it belongs to.",
        },
    ),
    reader(
        codes::BAD_NAME,
        "bad-name",
        "A name that is empty or has white space around it.",
        Severity::Error,
        Docs {
            what: "That names are not empty (an error) and have no leading or trailing white space (a warning).",
            why: "Dynamics 365 keeps the spaces as part of the name, so `' VendTableMaintain'` is a different duty from `VendTableMaintain` and references to it do not resolve.",
            example: "<Duty> VendTableMaintain</Duty>",
            fix: "Write the name without surrounding white space; give empty names a value.",
        },
    ),
    reader(
        codes::INVALID_VALUE,
        "invalid-value",
        "A value outside its enumeration (Type, ObjectType, Allow/Deny).",
        Severity::Error,
        Docs {
            what: "That the backup's `Type` is `UserSecurityGovernance`, `SecurityConfiguration` or `GovernanceAndConfiguration`; that an entry point's `ObjectType` is an AOT securable type; and that each permission is `Allow` or `Deny`.",
            why: "A value the restore does not know is dropped: a permission written `Allowed` grants nothing.",
            example: "<Grant><Read>Allowed</Read></Grant>",
            fix: "Use the exact spelling the help suggests; leave a permission's element out to leave it unset.",
        },
    ),
    reader(
        codes::REPEATED_ELEMENT,
        "repeated-element",
        "An element that may appear once appears again.",
        Severity::Error,
        Docs {
            what: "That single-valued elements (`Name`, `Description`, `Duty`, `Grant`, ...) appear at most once in their parent.",
            why: "Only one value can be kept; which one the restore keeps is not documented.",
            example: "<Task>\n  <Name>Maintain vendor master</Name>\n  <Name>Maintain vendors</Name>\n</Task>",
            fix: "Keep one of the elements. If both were meant, the second one probably belongs to another object.",
        },
    ),
    reader(
        codes::GRANT_WITHOUT_EFFECT,
        "grant-without-effect",
        "A field or method grant that cannot take effect.",
        Severity::Warning,
        Docs {
            what: "That a field granted in `Fields` (of `DataEntityPermissions` or `DirectAccessPermissions`) belongs to an entity or table whose own `Grant` allows something, and that a method granted in `Methods` sets `Invoke`.",
            why: "A field is only reached through its entity or table, and a method is only called: a field grant on an object the privilege does not grant, or a method grant without `Invoke`, looks like access in the file but gives none.",
            example: "<AxSecurityDataEntityPermission>\n  <Grant />\n  <Name>CustCustomerV3Entity</Name>\n  <Fields>\n    <AxSecurityDataEntityFieldPermission>\n      <Grant><Read>Allow</Read></Grant>\n      <Name>CreditLimit</Name>\n    </AxSecurityDataEntityFieldPermission>\n  </Fields>\n</AxSecurityDataEntityPermission>",
            fix: "Allow at least Read on the entity or table itself, or remove the field grant; give a method `<Invoke>Allow</Invoke>` (or `Deny`).",
        },
    ),
];
