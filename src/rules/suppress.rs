//! Inline suppressions: `<!-- secgov-ignore SG201: reason -->` before an element silences the
//! named codes for findings inside that element. A suppression that silences nothing is itself
//! reported (SG804), and so is one that cannot be understood (SG805).

use super::{CheckOptions, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::source::SourceFile;
use crate::span::{FileId, Span};

pub(crate) static UNUSED: Rule = Rule {
    code: "SG804",
    name: "unused-suppression",
    summary: "A secgov-ignore comment suppresses nothing.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "That every code named in a `<!-- secgov-ignore CODE: reason -->` comment matches a \
               finding inside the element that follows the comment.",
        why: "A stale suppression hides nothing today but will hide a real finding that appears \
              there later, without anyone deciding it should.",
        example: "<!-- secgov-ignore SG802: placeholder until the recording is done -->\n<Task>\n  <Name>Maintain vendor master</Name>\n  <EntryPoints>...</EntryPoints>\n</Task>",
        fix: "Remove the comment (or the code from it) once the finding it was written for is gone.",
    },
    check: None,
};

pub(crate) static INVALID: Rule = Rule {
    code: "SG805",
    name: "invalid-suppression",
    summary: "A secgov-ignore comment cannot be understood.",
    default_severity: Severity::Error,
    retired: None,
    docs: Docs {
        what: "That a `secgov-ignore` comment has the form `<!-- secgov-ignore CODE[, CODE...]: \
               reason -->`, names known codes, gives a reason, and is followed by an element.",
        why: "A suppression that does not parse suppresses nothing, while its author believes the \
              finding is handled; the reason is what reviewers read to accept it.",
        example: "<!-- secgov-ignore SG2O1 -->\n<SecurityCategory>...</SecurityCategory>",
        fix: "Write the comment as `<!-- secgov-ignore SG201: why this is acceptable -->` directly \
              before the element the finding is in.",
    },
    check: None,
};

const MARKER: &str = "secgov-ignore";

/// One parsed `secgov-ignore` comment.
struct Suppression {
    file: FileId,
    /// Range of the element it applies to.
    element: Span,
    /// Each code with the span of its text in the comment, and whether it silenced something.
    codes: Vec<(String, Span, bool)>,
}

/// Removes suppressed findings from `found` and adds findings about the suppressions themselves.
pub fn apply(
    files: &[SourceFile],
    found: Vec<Diagnostic>,
    options: &CheckOptions,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut suppressions = Vec::new();
    for (id, file) in files.iter().enumerate() {
        if options.is_input(id) && file.text.contains(MARKER) {
            read(id, file, &mut suppressions, &mut problems);
        }
    }
    if suppressions.is_empty() {
        // Extended in place: collecting a chain built a second list of every finding, 100 MB
        // at the peak of generating a 100,000-task outline.
        let mut found = found;
        found.extend(problems);
        return found;
    }
    let mut kept = Vec::with_capacity(found.len());
    for d in found {
        let hit = suppressions.iter_mut().find_map(|s| {
            let (Some(file), Some(span)) = (d.file, d.span) else {
                return None;
            };
            if file != s.file || span.start < s.element.start || span.start >= s.element.end {
                return None;
            }
            s.codes.iter_mut().find(|(c, _, _)| c.as_str() == d.code)
        });
        match hit {
            Some(code) => code.2 = true,
            None => kept.push(d),
        }
    }
    for s in &suppressions {
        for (code, span, used) in &s.codes {
            if !used {
                kept.push(
                    UNUSED
                        .diag(format!("the suppression of {code} suppresses nothing"))
                        .at(s.file, *span)
                        .with_label("no such finding in the next element")
                        .with_help(
                            "remove the suppression; the finding it was written for is gone",
                        ),
                );
            }
        }
    }
    kept.extend(problems);
    kept
}

fn read(id: FileId, file: &SourceFile, out: &mut Vec<Suppression>, problems: &mut Vec<Diagnostic>) {
    let Some(tree) = crate::xml::read(id, file, &mut Vec::new()) else {
        return; // Not readable XML: the reader already reported it and nothing else is checked.
    };
    for comment in tree.comments() {
        let text = comment.body;
        let Some(at) = text.find(MARKER) else {
            continue;
        };
        // Offset of the comment's text: the node's range starts at `<!--`.
        let body_start = comment.range.start + 4 + at + MARKER.len();
        let body = &text[at + MARKER.len()..];
        let comment_span = Span::from(comment.range.clone());
        let invalid = |message: &str| {
            INVALID
                .diag(message.to_owned())
                .at(id, comment_span)
                .with_label("not understood")
                .with_help(
                    "write it as <!-- secgov-ignore SG201: reason --> directly before the element",
                )
        };
        let Some((codes_text, reason)) = body.split_once(':') else {
            problems.push(invalid(
                "the suppression gives no reason; write `CODE: reason`",
            ));
            continue;
        };
        if reason.trim().is_empty() {
            problems.push(invalid("the suppression gives no reason after the colon"));
            continue;
        }
        let Some(element) = comment.next else {
            problems.push(invalid("the suppression is not followed by an element"));
            continue;
        };
        let mut codes = Vec::new();
        let mut offset = 0;
        for part in codes_text.split(',') {
            let code = part.trim();
            let start = body_start + offset + part.find(code).unwrap_or(0);
            offset += part.len() + 1;
            let span = Span::new(start, start + code.len());
            match super::find(code) {
                Some(rule) => codes.push((rule.code.to_owned(), span, false)),
                None => problems.push(
                    INVALID
                        .diag(format!("`{code}` is not a secgov code"))
                        .at(id, span)
                        .with_label("unknown code")
                        .with_help("`secgov rules` lists every code"),
                ),
            }
        }
        if !codes.is_empty() {
            out.push(Suppression {
                file: id,
                element: Span::from(element.range()),
                codes,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings;

    #[test]
    fn silences_the_next_element_and_reports_unused_ones() {
        let xml = "<SecurityCategoryBackup Type=\"UserSecurityGovernance\"><SecurityCategory><Name>C</Name><ProcessHierarchy>\n<!-- secgov-ignore SG801: planned -->\n<Process><Name>A</Name></Process>\n<!-- secgov-ignore SG801, SG802: planned -->\n<Process><Name>B</Name></Process>\n<!-- secgov-ignore SG9: x -->\n<Process><Name>C</Name><Task><Name>T</Name><EntryPoints><EntryPoint><ObjectName>X</ObjectName><ObjectType>MenuItemDisplay</ObjectType><Grant><Read>Allow</Read></Grant></EntryPoint></EntryPoints></Task></Process>\n</ProcessHierarchy></SecurityCategory></SecurityCategoryBackup>";
        let found = findings(xml, &Default::default());
        assert_eq!(found, [("SG804", 4), ("SG805", 6)]);
    }
}
