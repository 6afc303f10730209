//! Diagnostics as GitHub Actions workflow commands, which GitHub shows as annotations on the
//! changed lines of a pull request and in the run summary.
//!
//! One line per finding: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`
//! (`::warning` for warnings, `::notice` for notes). Values are escaped as the Actions toolkit
//! does: `%`, CR and LF in the message; additionally `:` and `,` in properties.

use super::{RuleMeta, forward_path, message_text, place, rule_for, site};
use crate::diag::{Diagnostic, Severity};
use crate::source::SourceFile;

/// Renders one workflow command per diagnostic.
pub fn render(files: &[SourceFile], diagnostics: &[Diagnostic], rules: &[RuleMeta]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut properties = Vec::new();
        // An input that could not be read gets no `file`: GitHub would look for it in the
        // repository. Its message names the path.
        if let Some(at) = site(files, d) {
            // GitHub matches annotation paths against the repository.
            properties.push(("file", forward_path(at.path)));
            if let Some((start, end)) = at.range {
                properties.push(("line", start.line.to_string()));
                // GitHub ignores columns on annotations that span lines, so give them only when
                // the finding sits on one line.
                if start.line == end.line {
                    properties.push(("col", start.column.to_string()));
                }
                properties.push(("endLine", end.line.to_string()));
                if start.line == end.line {
                    properties.push(("endColumn", end.column.to_string()));
                }
            }
        }
        let title = match rule_for(rules, d.code) {
            Some(rule) => format!("{} {}", d.code, rule.name),
            None => d.code.to_owned(),
        };
        properties.push(("title", title));
        let properties: Vec<String> = properties
            .iter()
            .map(|(k, v)| format!("{k}={}", escape_property(v)))
            .collect();
        out.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            escape_data(&message(files, d))
        ));
    }
    out
}

/// The annotation text: the message, the fix, the element path and the related places, each on
/// its own line (GitHub shows line breaks in annotations).
fn message(files: &[SourceFile], d: &Diagnostic) -> String {
    let mut text = message_text(d);
    for r in &d.related {
        if let Some(at) = place(files, Some(r.file), Some(r.span)) {
            text.push_str(&format!("\n{}: {}", at.display(), r.message));
        }
    }
    text
}

/// Escapes the message part of a workflow command.
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
pub(crate) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_actions_toolkit_does() {
        assert_eq!(escape_data("50%\r\nnext"), "50%25%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(forward_path(".\\Security\\a.xml"), "Security/a.xml");
    }
}
