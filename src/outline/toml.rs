//! TOML outlines, parsed with the `toml` crate's spanned document tree into [`Node`]s for
//! [`super::nested`]. Categories are `[[categories]]`, their processes `[[categories.processes]]`,
//! and so on (see docs/generate.md).

use super::codes;
use super::nested::{Node, Value};
use crate::diag::Diagnostic;
use crate::source::SourceFile;
use crate::span::{FileId, Span, Spanned};
use toml::de::{DeTable, DeValue};

/// Parses the outline; `None` (with a finding) when it is not valid TOML.
pub(crate) fn parse(
    file_id: FileId,
    file: &SourceFile,
    diags: &mut Vec<Diagnostic>,
) -> Option<Node> {
    match DeTable::parse(&file.text) {
        Ok(table) => {
            let span = Span::from(table.span());
            Some(Node {
                span,
                value: map(table.get_ref()),
            })
        }
        Err(e) => {
            let span = e.span().map_or(Span::empty_at(0), Span::from);
            diags.push(
                Diagnostic::error(
                    codes::OUTLINE_SYNTAX,
                    format!("the TOML cannot be read: {}", e.message().trim_end()),
                )
                .at(file_id, span)
                .with_label("here")
                .with_help("fix the TOML syntax at this place (quotes, `=`, table headers)"),
            );
            None
        }
    }
}

fn map(table: &DeTable<'_>) -> Value {
    Value::Map(
        table
            .iter()
            .map(|(k, v)| {
                (
                    Spanned::new(k.get_ref().to_string(), Span::from(k.span())),
                    node(v),
                )
            })
            .collect(),
    )
}

fn node(v: &toml::Spanned<DeValue<'_>>) -> Node {
    let span = Span::from(v.span());
    let value = match v.get_ref() {
        DeValue::String(s) => Value::Text(s.to_string()),
        DeValue::Integer(i) => Value::Text(i.as_str().to_owned()),
        DeValue::Float(f) => Value::Text(f.as_str().to_owned()),
        DeValue::Boolean(b) => Value::Text(b.to_string()),
        DeValue::Datetime(d) => Value::Text(d.to_string()),
        DeValue::Array(items) => Value::List(items.iter().map(node).collect()),
        DeValue::Table(t) => map(t),
    };
    Node { span, value }
}
