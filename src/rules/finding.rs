//! Where a finding is: its file, its span and the path of the element it is about, made once
//! from what a rule walks (a category, a process, a task, a role), so that a rule states only
//! what it found (message, label, help) and never how to locate it.

use super::context::{ProcessAt, TaskAt, category_path, object_path};
use super::{Context, RestoreAction, Rule};
use crate::diag::Diagnostic;
use crate::model::{Category, Name, Role};
use crate::span::{FileId, Span};

/// The place of a finding. `path` is `None` where the finding names no element: a file's root
/// or Type, a name wherever it stands (SG108).
pub struct Place {
    pub file: FileId,
    pub span: Span,
    pub path: Option<String>,
}

impl Place {
    /// A place in a file with no element path.
    pub fn in_file(file: FileId, span: Span) -> Place {
        Place {
            file,
            span,
            path: None,
        }
    }

    /// `span` inside the category `c`.
    pub fn category(c: &Category, span: Span) -> Place {
        Place {
            file: c.file,
            span,
            path: Some(category_path(c)),
        }
    }

    /// The name of a role, duty or privilege (`element` is `AxSecurityRole` and the like), or of
    /// the object that holds the reference at `span`.
    pub fn object(element: &str, file: FileId, name: &Name, span: Span) -> Place {
        Place {
            file,
            span,
            path: Some(object_path(element, &name.value)),
        }
    }

    /// `span` inside the role `role`.
    pub fn role(role: &Role, span: Span) -> Place {
        Place::object("AxSecurityRole", role.file, &role.name, span)
    }
}

impl ProcessAt<'_> {
    /// `span` inside this process.
    pub fn at(&self, span: Span) -> Place {
        Place {
            file: self.category.file,
            span,
            path: Some(self.path.clone()),
        }
    }
}

impl TaskAt<'_, '_> {
    /// `span` inside this task.
    pub fn at(&self, span: Span) -> Place {
        Place {
            file: self.process.category.file,
            span,
            path: Some(self.path()),
        }
    }
}

impl Rule {
    /// One finding for each input category that `action` works on (see
    /// [`Context::restored_with`]), at the category's name, where `message` has something to say
    /// about it: the plans of SG305 and SG308.
    pub(crate) fn per_category(
        &self,
        cx: &Context<'_>,
        action: RestoreAction,
        message: impl Fn(&Category) -> Option<String>,
        (label, help): (&str, &str),
        out: &mut Vec<Diagnostic>,
    ) {
        for c in cx.restored_with(action) {
            if let Some(message) = message(c) {
                let at = Place::category(c, c.name.span);
                out.push(self.at(at, message).with_label(label).with_help(help));
            }
        }
    }

    /// A finding of this rule at `place`, at the rule's default severity.
    pub(crate) fn at(&self, place: Place, message: impl Into<String>) -> Diagnostic {
        let d = self.diag(message).at(place.file, place.span);
        match place.path {
            Some(path) => d.with_path(path),
            None => d,
        }
    }
}
