//! What the round trips share about their input: which objects they take (roles, then duties,
//! then privileges, each kind in file order) and the findings for what they cannot take, files
//! of another dialect and extensions.

use crate::diag::{Diagnostic, Severity, codes};
use crate::model::{Dialect, Implied, Model, Origin};
use crate::span::FileId;
use crate::write::aot::Object;

/// The roles, duties and privileges `keep` selects by origin and file, each kind followed by the
/// implied objects of that kind (when given).
pub(crate) fn objects<'m>(
    model: &'m Model,
    implied: Option<&'m Implied>,
    keep: impl Fn(Origin, FileId) -> bool,
) -> Vec<Object<'m>> {
    let mut out: Vec<Object<'m>> = Vec::new();
    // One statement per kind: the lists are of different types with the same fields.
    macro_rules! kind {
        ($list:ident, $variant:ident) => {
            out.extend(
                model
                    .$list
                    .iter()
                    .filter(|o| keep(o.origin, o.file))
                    .map(Object::$variant),
            );
            out.extend(implied.iter().flat_map(|i| &i.$list).map(Object::$variant));
        };
    }
    kind!(roles, Role);
    kind!(duties, Duty);
    kind!(privileges, Privilege);
    out
}

/// How a round trip words the finding on a file it does not read.
pub(crate) struct NotRead {
    pub(crate) severity: Severity,
    /// What it reads, after "this file is X, not ".
    pub(crate) reads: &'static str,
    pub(crate) label: &'static str,
    pub(crate) help: &'static str,
}

/// A finding for every file of the model whose dialect is not `dialect`.
pub(crate) fn other_dialects(model: &Model, dialect: Dialect, how: &NotRead) -> Vec<Diagnostic> {
    model
        .documents
        .iter()
        .filter(|doc| doc.dialect != dialect)
        .map(|doc| {
            let message = format!("this file is {}, not {}", doc.dialect.a_label(), how.reads);
            Diagnostic::new(codes::LEFT_OUT, how.severity, message)
                .at(doc.file, doc.root.span)
                .with_label(how.label)
                .with_help(how.help)
        })
        .collect()
}

/// A warning for every role and duty extension, which no export list holds; `why` follows the
/// extension's name, `label` and `help` say what happens to it.
pub(crate) fn extensions_left_out(
    model: &Model,
    why: &str,
    label: &'static str,
    help: &'static str,
) -> Vec<Diagnostic> {
    model
        .role_extensions
        .iter()
        .chain(&model.duty_extensions)
        .map(|e| {
            Diagnostic::warning(
                codes::LEFT_OUT,
                format!("the extension `{}` {why}", e.name.value),
            )
            .at(e.file, e.name.span)
            .with_label(label)
            .with_help(help)
        })
        .collect()
}
