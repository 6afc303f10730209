//! Codes of the findings about outlines (`secgov generate`): the SG9xx block.
//!
//! Codes are assigned once and never reused. docs/generate.md lists them with examples; the
//! validate registry lists them too.

/// The outline cannot be read: CSV, YAML or TOML syntax, or a shape that is not an outline.
pub const OUTLINE_SYNTAX: &str = "SG901";
/// A CSV column or a YAML/TOML key that outlines do not define.
pub const UNKNOWN_COLUMN: &str = "SG902";
/// A column or key that the outline needs is missing.
pub const MISSING_COLUMN: &str = "SG903";
/// An empty name where one is required (category, process, task, object name).
pub const EMPTY_NAME: &str = "SG904";
/// An entry point object type that is not an AOT securable type.
pub const UNKNOWN_OBJECT_TYPE: &str = "SG905";
/// A permission value other than Allow, Deny or empty.
pub const INVALID_PERMISSION: &str = "SG906";
/// Two rows give a process or task different values (role, duty, description, ...).
pub const CONFLICTING_VALUES: &str = "SG907";
/// The same entry point is allowed in one place and denied in another for the same privilege.
pub const CONFLICTING_GRANTS: &str = "SG908";
/// Two categories with the same name.
pub const DUPLICATE_CATEGORY: &str = "SG909";
/// A category that already exists in the `--target` backup.
pub const CATEGORY_EXISTS: &str = "SG910";
/// Two processes with the same name in one category.
pub const DUPLICATE_PROCESS: &str = "SG911";
/// Two tasks with the same name in one process.
pub const DUPLICATE_TASK: &str = "SG912";
/// A name with control characters (a line break from Alt+Enter, a tab) that no restore keeps.
pub const BAD_CHARACTER: &str = "SG913";
/// A row that cannot be placed: an entry point without a task, a task without a process.
pub const INCOMPLETE_ROW: &str = "SG914";
/// An entry point with no permission set: it grants nothing.
pub const GRANTS_NOTHING: &str = "SG915";
/// The `--category` to copy is not in the `--from` backup.
pub const TEMPLATE_CATEGORY_MISSING: &str = "SG916";
/// The generated file does not pass the checks of `secgov validate` (reported at the outline).
pub const GENERATED_INVALID: &str = "SG917";

/// A CSV outline that is not UTF-8, read as Windows-1252 (Excel's plain "CSV (Comma delimited)").
pub const READ_AS_WINDOWS_1252: &str = "SG918";

/// Not of this block: `secgov validate`'s code for a task without a duty where the restore
/// needs one, raised about outlines too so that one thing has one code.
pub const TASK_WITHOUT_DUTY: &str = "SG803";

/// Every code of this block with a one-line summary, for registries and docs.
pub const ALL: &[(&str, &str)] = &[
    (OUTLINE_SYNTAX, "the outline cannot be read"),
    (UNKNOWN_COLUMN, "unknown column or key in an outline"),
    (MISSING_COLUMN, "a required column or key is missing"),
    (EMPTY_NAME, "an empty name in an outline"),
    (
        UNKNOWN_OBJECT_TYPE,
        "an object type that is not a securable type",
    ),
    (
        INVALID_PERMISSION,
        "a permission value other than Allow, Deny or empty",
    ),
    (
        CONFLICTING_VALUES,
        "rows give one process or task different values",
    ),
    (
        CONFLICTING_GRANTS,
        "an entry point both allowed and denied for one privilege",
    ),
    (DUPLICATE_CATEGORY, "two categories with the same name"),
    (
        CATEGORY_EXISTS,
        "the category already exists in the target backup",
    ),
    (
        DUPLICATE_PROCESS,
        "two processes with the same name in one category",
    ),
    (
        DUPLICATE_TASK,
        "two tasks with the same name in one process",
    ),
    (BAD_CHARACTER, "a name with control characters"),
    (
        INCOMPLETE_ROW,
        "a row that cannot be placed in the hierarchy",
    ),
    (GRANTS_NOTHING, "an entry point with no permission set"),
    (
        TEMPLATE_CATEGORY_MISSING,
        "the category to copy is not in the --from backup",
    ),
    (
        GENERATED_INVALID,
        "the generated file does not pass secgov validate",
    ),
    (
        READ_AS_WINDOWS_1252,
        "a CSV outline read as Windows-1252, not UTF-8",
    ),
];
