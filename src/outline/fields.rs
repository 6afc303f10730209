//! The words an outline uses, shared by the CSV, YAML and TOML readers: column and key names
//! (matched case-insensitively, ignoring spaces, `_` and `-`), object types and permission values.

use super::codes;
use crate::diag::{Diagnostic, did_you_mean};
use crate::model::{Access, OBJECT_TYPES, Permission};
use crate::span::{FileId, Spanned};

/// A CSV column or a YAML/TOML key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Field {
    Category,
    Process,
    /// `Level1` .. `LevelN` (1-based).
    Level(usize),
    Task,
    Duty,
    Privilege,
    Role,
    ObjectType,
    ObjectName,
    ChildName,
    Permission(Permission),
    Description,
    Company,
    Version,
    Name,
    Grant,
    EntryPoint,
}

/// Column names of a CSV outline, as documented (Level columns are `Level1`, `Level2`, ...).
pub(crate) const CSV_COLUMNS: &[&str] = &crate::table::with_permission_columns!(
    [
        "Category",
        "Process",
        "Level1",
        "Task",
        "Duty",
        "Privilege",
        "Role",
        "ObjectType",
        "ObjectName",
        "ChildName",
    ],
    ["Description", "Company", "Version"]
);

/// A name reduced for matching: lower case, without spaces, `_` and `-`.
pub(crate) fn squash(name: &str) -> String {
    squashed(name).collect()
}

/// [`squash`] as it goes, to compare without building strings (once per outline row).
fn squashed(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '\u{feff}'))
        .flat_map(char::to_lowercase)
}

impl Field {
    /// The field a column header or key names; plural keys (`processes`, `tasks`) count as
    /// their singular.
    pub(crate) fn parse(name: &str) -> Option<Field> {
        let s = squash(name);
        if let Some(n) = s.strip_prefix("level") {
            return n.parse().ok().filter(|n| *n >= 1).map(Field::Level);
        }
        if let Some(p) = Permission::parse(&s) {
            return Some(Field::Permission(p));
        }
        Some(match s.as_str() {
            "category" | "categories" | "securitycategory" => Field::Category,
            "process" | "processes" | "processpath" => Field::Process,
            "task" | "tasks" | "securitytask" => Field::Task,
            "duty" => Field::Duty,
            "privilege" => Field::Privilege,
            "role" => Field::Role,
            "objecttype" | "type" => Field::ObjectType,
            "objectname" => Field::ObjectName,
            "childname" | "objectchildname" => Field::ChildName,
            "description" => Field::Description,
            "company" => Field::Company,
            "version" => Field::Version,
            "name" => Field::Name,
            "grant" => Field::Grant,
            "entrypoint" | "entrypoints" => Field::EntryPoint,
            _ => return None,
        })
    }
}

/// The unknown-column finding, with the closest known name as help.
pub(crate) fn unknown(
    file: FileId,
    name: &Spanned<String>,
    what: &str,
    known: &[&str],
) -> Diagnostic {
    let d = Diagnostic::error(
        codes::UNKNOWN_COLUMN,
        format!("`{}` is not a {what} outlines know", name.value),
    )
    .at(file, name.span)
    .with_label(format!("unknown {what}"));
    match did_you_mean(&name.value, known.iter().copied()) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help(format!(
            "rename or remove it; known: {} (see docs/generate.md)",
            known.join(", ")
        )),
    }
}

/// The canonical spelling of an object type, matched case-insensitively; reports unknown ones.
pub(crate) fn object_type(
    file: FileId,
    value: &Spanned<String>,
    diags: &mut Vec<Diagnostic>,
) -> Spanned<String> {
    let v = value.value.trim();
    // Most cells spell the type as documented: found without folding case.
    let exact = || OBJECT_TYPES.iter().find(|t| **t == v);
    if let Some(t) = exact().or_else(|| OBJECT_TYPES.iter().find(|t| squashed(t).eq(squashed(v)))) {
        return Spanned::new((*t).to_owned(), value.span);
    }
    let (message, label) = if v.is_empty() {
        (
            "the entry point has no object type".to_owned(),
            "object type missing",
        )
    } else {
        (
            format!("`{v}` is not an entry point object type"),
            "unknown object type",
        )
    };
    let help = match did_you_mean(v, OBJECT_TYPES.iter().copied()) {
        Some(t) if !v.is_empty() => format!("did you mean `{t}`?"),
        _ => format!("use one of: {}", OBJECT_TYPES[..6].join(", ")),
    };
    diags.push(
        Diagnostic::error(codes::UNKNOWN_OBJECT_TYPE, message)
            .at(file, value.span)
            .with_label(label)
            .with_help(help),
    );
    Spanned::new(v.to_owned(), value.span)
}

/// A permission cell or value: `Allow`, `Deny` or empty (unset). `Grant` is the UI's word for
/// Allow. Anything else is reported.
pub(crate) fn access(
    file: FileId,
    permission: Permission,
    value: &Spanned<String>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Spanned<String>> {
    let v = value.value.trim();
    if v.is_empty() {
        return None;
    }
    match Access::parse(v) {
        Some(a) => Some(Spanned::new(a.as_str().to_owned(), value.span)),
        None => {
            diags.push(
                Diagnostic::error(
                    codes::INVALID_PERMISSION,
                    format!("`{v}` is not a value for {}", permission.as_str()),
                )
                .at(file, value.span)
                .with_label("expected Allow, Deny or empty")
                .with_help(match did_you_mean(v, ["Allow", "Deny"]) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "write Allow or Deny, or leave the cell empty for unset".to_owned(),
                }),
            );
            // Kept as written (the run stops on the error anyway), so the entry point does not
            // also look like one that grants nothing.
            Some(Spanned::new(v.to_owned(), value.span))
        }
    }
}

/// A name value with the white space around it removed (a spreadsheet cell's stray spaces are
/// never meant); control characters are reported.
pub(crate) fn name(file: FileId, value: &Spanned<String>, diags: &mut Vec<Diagnostic>) -> String {
    let v = value.value.trim();
    if v.chars().any(char::is_control) {
        diags.push(
            Diagnostic::error(
                codes::BAD_CHARACTER,
                format!(
                    "the name `{}` holds a line break, tab or other control character",
                    v.escape_debug()
                ),
            )
            .at(file, value.span)
            .with_label("control character in this name")
            .with_help(
                "remove it; in a spreadsheet, a line break inside a cell comes from Alt+Enter",
            ),
        );
    }
    v.to_owned()
}
