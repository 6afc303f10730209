//! SG108: a name (of a role, duty, privilege, category, process, task, or a reference to one)
//! holding characters that a reader cannot see: tab or line breaks inside it, bidirectional
//! overrides, or zero-width characters.

use super::finding::Place;
use super::objects::references;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::Name;
use crate::span::FileId;

pub(super) static RULE: Rule = Rule {
    code: "SG108",
    name: "hidden-name-character",
    summary: "A name holds a tab, a line break, a bidirectional override or a zero-width character.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "That names of roles, duties, privileges, categories, processes and tasks, and the \
               names that refer to them, hold no tab or line break inside them (typically written \
               as `&#9;` or `&#10;`), no bidirectional control character (U+202A to U+202E, \
               U+2066 to U+2069) and no zero-width character (U+200B to U+200D, U+FEFF). The \
               message names the code point.",
        why: "These characters are invisible or reorder what is shown: a role named \
              `SystemAdministrator` followed by a zero-width space looks like the real one in \
              every list but is another role, and a right-to-left override makes a name display \
              as a different name (the \"Trojan Source\" technique). A reviewer approving a \
              change cannot see them.",
        example: "<Duty>VendTable&#x200B;Maintain</Duty>",
        fix: "Retype the name without the character (the message names the code point and the \
              finding points at the name).",
    },
    check: Some(check),
};

/// The first hidden character of `name` and a description of it, if it has one. Layout around
/// the name (line breaks and indentation of pretty-printed files) is not part of it.
pub(crate) fn hidden_character(name: &str) -> Option<(char, &'static str)> {
    name.trim_matches([' ', '\n', '\r'])
        .chars()
        .find_map(|c| describe(c).map(|d| (c, d)))
}

fn describe(c: char) -> Option<&'static str> {
    Some(match c {
        '\t' => "a tab",
        '\n' | '\r' => "a line break",
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            "a bidirectional control character, which changes the order the name is shown in"
        }
        '\u{200B}'..='\u{200D}' | '\u{FEFF}' => "a zero-width character, which is invisible",
        _ => return None,
    })
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let model = cx.model;
    let mut names: Vec<(FileId, &Name)> = Vec::new();
    for r in &model.roles {
        names.push((r.file, &r.name));
        let held = references(&r.duties, &r.privileges, &r.sub_roles);
        names.extend(held.map(|(_, n)| (r.file, n)));
    }
    for d in &model.duties {
        names.push((d.file, &d.name));
        names.extend(d.privileges.iter().map(|n| (d.file, n)));
    }
    for p in &model.privileges {
        names.push((p.file, &p.name));
    }
    for e in model.role_extensions.iter().chain(&model.duty_extensions) {
        names.push((e.file, &e.name));
        let held = references(&e.duties, &e.privileges, &e.sub_roles);
        names.extend(held.map(|(_, n)| (e.file, n)));
    }
    for (_, c) in cx.input_categories() {
        names.push((c.file, &c.name));
        for top in c.hierarchy.iter().flat_map(|h| &h.processes) {
            for p in top.walk() {
                names.extend(p.role.iter().chain([&p.name]).map(|n| (c.file, n)));
                for t in &p.tasks {
                    names.extend(
                        std::iter::once(&t.name)
                            .chain(&t.duty)
                            .chain(&t.privilege)
                            .map(|n| (c.file, n)),
                    );
                }
            }
        }
    }
    // A task's privilege defaults to its duty, the same text: one finding per place.
    let mut seen = std::collections::HashSet::new();
    for (file, name) in names {
        if !cx.is_input(file) || !seen.insert((file, name.span.start)) {
            continue;
        }
        let Some((c, what)) = hidden_character(&name.value) else {
            continue;
        };
        let message = format!(
            "the name `{}` holds U+{:04X}, {what}",
            name.value.escape_debug(),
            u32::from(c)
        );
        out.push(
            RULE.at(Place::in_file(file, name.span), message)
                .with_label(format!("U+{:04X} in this name", u32::from(c)))
                .with_help("retype the name without the character; Dynamics 365 treats it as part of the name, so this is a different object from the one it looks like"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::governance;

    #[test]
    fn hidden_characters_are_named() {
        assert_eq!(
            hidden_character("A\u{200B}B").map(|h| h.0),
            Some('\u{200B}')
        );
        assert_eq!(
            hidden_character("A\u{202E}B").map(|h| h.0),
            Some('\u{202E}')
        );
        assert_eq!(hidden_character("A\tB").map(|h| h.0), Some('\t'));
        assert_eq!(hidden_character("\n  Plain name\n").map(|h| h.0), None);
        assert_eq!(hidden_character("Café"), None);
    }

    #[test]
    fn references_and_definitions_are_checked() {
        let run = governance(
            "<Process><Name>A&#x2066;B</Name>\n<Task><Name>T</Name>\n<Duty>D&#9;X</Duty></Task></Process>",
        );
        assert_eq!(run.lines("SG108"), [3, 5]);
    }
}
