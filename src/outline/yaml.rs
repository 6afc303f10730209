//! YAML outlines, parsed with saphyr (pure Rust, YAML 1.2, keeps every node's position, refuses
//! duplicate keys and bounds alias expansion) into [`Node`]s for [`super::nested`].

use super::codes;
use super::nested::{Node, Value};
use crate::diag::{Diagnostic, codes as read_codes};
use crate::source::SourceFile;
use crate::span::{FileId, Span, Spanned};
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

/// Deepest nesting of YAML lists and maps accepted (an outline needs a few per process level).
const MAX_DEPTH: usize = 512;

/// Parses the outline; `None` (with a finding) when it is not valid YAML.
pub(crate) fn parse(
    file_id: FileId,
    file: &SourceFile,
    diags: &mut Vec<Diagnostic>,
) -> Option<Node> {
    let docs = match MarkedYaml::load_from_str(&file.text) {
        Ok(docs) => docs,
        Err(e) => {
            let m = e.marker();
            let at = file.offset_of(m.line(), m.col() + 1);
            diags.push(
                Diagnostic::error(
                    codes::OUTLINE_SYNTAX,
                    format!("the YAML cannot be read: {}", e.info()),
                )
                .at(file_id, Span::new(at, next_char(&file.text, at)))
                .with_label("here")
                .with_help(
                    "fix the YAML syntax at this place (indentation, a missing `:` or quote)",
                ),
            );
            return None;
        }
    };
    let Some(doc) = docs.first() else {
        return Some(Node {
            span: Span::empty_at(0),
            value: Value::Null,
        });
    };
    let mut c = Convert {
        file,
        file_id,
        diags,
        too_deep: false,
    };
    Some(c.node(doc, 0))
}

fn next_char(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(at, |c| at + c.len_utf8())
}

struct Convert<'a> {
    file: &'a SourceFile,
    file_id: FileId,
    diags: &'a mut Vec<Diagnostic>,
    too_deep: bool,
}

impl Convert<'_> {
    fn span(&self, y: &MarkedYaml<'_>) -> Span {
        let s = y.span;
        let start = self.file.offset_of(s.start.line(), s.start.col() + 1);
        let end = self
            .file
            .offset_of(s.end.line(), s.end.col() + 1)
            .max(start);
        Span::new(start, end)
    }

    fn node(&mut self, y: &MarkedYaml<'_>, depth: usize) -> Node {
        let span = self.span(y);
        if depth > MAX_DEPTH {
            if !self.too_deep {
                self.too_deep = true;
                self.diags.push(
                    Diagnostic::error(
                        read_codes::LIMIT_EXCEEDED,
                        format!("the YAML nests more than {MAX_DEPTH} levels deep"),
                    )
                    .at(self.file_id, span)
                    .with_label("too deep from here")
                    .with_help("flatten the outline"),
                );
            }
            return Node {
                span,
                value: Value::Null,
            };
        }
        let value = match &y.data {
            YamlData::Value(Scalar::Null) => Value::Null,
            YamlData::Value(Scalar::String(s)) => Value::Text(s.to_string()),
            YamlData::Value(other) => {
                // Numbers and booleans keep their spelling (`Version: 1.10` stays "1.10").
                let raw = self.file.slice(span).trim();
                Value::Text(if raw.is_empty() {
                    scalar_text(other)
                } else {
                    raw.to_owned()
                })
            }
            YamlData::Representation(s, _, _) => Value::Text(s.to_string()),
            YamlData::Sequence(items) => {
                Value::List(items.iter().map(|i| self.node(i, depth + 1)).collect())
            }
            YamlData::Mapping(map) => {
                let mut entries = Vec::with_capacity(map.len());
                for (k, v) in map {
                    let key_span = self.span(k);
                    let key = match self.node(k, depth + 1).value {
                        Value::Text(t) => t,
                        _ => {
                            self.syntax(key_span, "a key must be a plain name such as `name`");
                            continue;
                        }
                    };
                    entries.push((Spanned::new(key, key_span), self.node(v, depth + 1)));
                }
                Value::Map(entries)
            }
            YamlData::Tagged(_, inner) => return self.node(inner, depth + 1),
            YamlData::Alias(_) | YamlData::BadValue => {
                self.syntax(span, "this value cannot be read");
                Value::Null
            }
        };
        Node { span, value }
    }

    fn syntax(&mut self, span: Span, message: &str) {
        self.diags.push(
            Diagnostic::error(codes::OUTLINE_SYNTAX, message)
                .at(self.file_id, span)
                .with_label("here")
                .with_help("see docs/generate.md for the shape of a YAML outline"),
        );
    }
}

fn scalar_text(s: &Scalar<'_>) -> String {
    match s {
        Scalar::Null => String::new(),
        Scalar::Boolean(b) => b.to_string(),
        Scalar::Integer(i) => i.to_string(),
        Scalar::FloatingPoint(f) => f.to_string(),
        Scalar::String(s) => s.to_string(),
    }
}
