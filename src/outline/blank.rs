//! The empty model objects both outline forms (rows and nested) start from and then fill in: a
//! category with an empty hierarchy, a process, a task, an entry point with only its object. One
//! place, so a field added to the model is filled the same way by every outline reader.

use crate::model::{Category, EntryPoint, Grant, Hierarchy, Name, Process, Task};
use crate::span::{FileId, Span, Spanned};

pub(crate) fn category(file: FileId, span: Span, name: Name) -> Category {
    Category {
        file,
        span,
        name,
        description: None,
        company: None,
        owner: None,
        hierarchy: Some(Hierarchy {
            span: Span::default(),
            processes: Vec::new(),
        }),
        configuration: None,
        assignments: None,
        unknown: Vec::new(),
    }
}

pub(crate) fn process(span: Span, name: Name) -> Process {
    Process {
        span,
        name,
        description: None,
        version: None,
        role: None,
        processes: Vec::new(),
        tasks: Vec::new(),
        unknown: Vec::new(),
    }
}

pub(crate) fn task(span: Span, name: Name) -> Task {
    Task {
        span,
        name,
        description: None,
        duty: None,
        privilege: None,
        entry_points: Vec::new(),
        unknown: Vec::new(),
    }
}

/// An entry point of an outline: its object and grant, none of the AOT-only parts.
pub(crate) fn entry_point(
    span: Span,
    object_type: Spanned<String>,
    object_name: Spanned<String>,
    child_name: Option<Spanned<String>>,
    grant: Grant,
) -> EntryPoint {
    EntryPoint {
        span,
        name: None,
        object_name,
        object_type,
        child_name,
        grant,
        grant_current_data: None,
        extras: None,
        unknown: Vec::new(),
    }
}

/// A name not given yet, at `span`; the reader sets it or reports that it is missing.
pub(crate) fn unnamed(span: Span) -> Name {
    Spanned::new(String::new(), span)
}
