//! Codes of the findings that readers raise while decoding, parsing and lowering input.
//!
//! Codes are assigned once and never reused. The rule registry (`crate::rules`) documents each of
//! them; the constants live here so that readers do not depend on the rules.

/// The file is not well-formed XML.
pub const XML_NOT_WELL_FORMED: &str = "SG001";
/// The bytes cannot be decoded as text (invalid UTF-8, unpaired UTF-16 surrogate, NUL byte).
pub const UNDECODABLE: &str = "SG002";
/// A DOCTYPE (DTD) was found; entities are never expanded.
pub const DTD_NOT_ALLOWED: &str = "SG003";
/// The input exceeds a limit on size, nesting depth or number of nodes.
pub const LIMIT_EXCEEDED: &str = "SG004";
/// The root element is not one of the three security dialects.
pub const UNRECOGNIZED_DOCUMENT: &str = "SG005";
/// The `encoding=` declaration disagrees with the bytes of the file.
pub const ENCODING_MISMATCH: &str = "SG006";
/// The path cannot be read (missing, a directory where a file was expected, permissions, a loop).
pub const UNREADABLE: &str = "SG007";

/// An element that the dialect does not define.
pub const UNKNOWN_ELEMENT: &str = "SG101";
/// An attribute that the dialect does not define.
pub const UNKNOWN_ATTRIBUTE: &str = "SG102";
/// A required element is missing.
pub const MISSING_ELEMENT: &str = "SG103";
/// Text inside an element that only holds other elements.
pub const UNEXPECTED_TEXT: &str = "SG104";
/// A name that is empty or has leading or trailing white space.
pub const BAD_NAME: &str = "SG105";
/// A value outside its enumeration (Type, ObjectType, Allow/Deny).
pub const INVALID_VALUE: &str = "SG106";
/// An element that may appear once appears again.
pub const REPEATED_ELEMENT: &str = "SG107";
/// A field or method grant that cannot take effect: its entity or table is not granted, or a
/// method's grant has no Invoke.
pub const GRANT_WITHOUT_EFFECT: &str = "SG109";

/// Two objects of one kind whose names differ only in case (or are equal) would be written to
/// the same file or the same export list (`secgov unpack`, `pack`, `convert`).
pub const NAME_CLASH: &str = "SG951";
/// An object or file that the output cannot hold is left out (extensions in an export, files in
/// a folder to pack that are not security objects, inputs of the wrong dialect).
pub const LEFT_OUT: &str = "SG952";
/// A role, duty or privilege to be written as an AOT element has a name that cannot be one
/// (`convert --to aot`, `generate --emit aot`).
pub const NOT_AN_AOT_NAME: &str = "SG953";

/// An output path names the same file as one of the command's inputs (also through a symbolic
/// or hard link): writing it would destroy the input.
pub const OUTPUT_IS_INPUT: &str = "SG954";
/// A file to replace has more than one hard link and `--force` was not given.
pub const HARD_LINKED_OUTPUT: &str = "SG955";

/// More findings than `--max-findings`: the rest were left out of the report.
pub const FINDINGS_CAPPED: &str = "SG099";

/// Codes whose errors mean an input could not be read at all (exit status 2).
pub const INPUT_ERRORS: &[&str] = &[
    XML_NOT_WELL_FORMED,
    UNDECODABLE,
    DTD_NOT_ALLOWED,
    LIMIT_EXCEEDED,
    UNRECOGNIZED_DOCUMENT,
    UNREADABLE,
];
