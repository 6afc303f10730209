//! The rules of `secgov validate`: one static registry of every diagnostic code (those the readers
//! raise and those the rules below find), and [`check`], which runs them over a loaded model.
//!
//! The registry drives running, `secgov rules`, `secgov explain CODE` and the generated pages in
//! `docs/rules/`. Codes are assigned once, in blocks (SG0xx input, SG1xx structure, SG2xx
//! duplicates, SG3xx Type and restore action, SG4xx references, SG5xx effective access, SG6xx
//! segregation of duties, SG7xx user data, SG8xx hygiene, SG90x-SG91x `secgov generate` outlines, SG95x writing commands), and never reused.

mod context;
mod docs;
mod finding;
mod findings_cap;
mod lookup;
mod objects;
mod options;
mod outline;
mod reader;
mod sources;
mod suppress;
mod unchecked;
mod writer;

mod action_clear;
mod action_create;
mod action_ignored;
mod action_none;
mod allowed_and_denied;
mod assignment_dates;
mod create_collision;
mod duplicate_category;
mod duplicate_entry_point;
mod duplicate_object;
mod duplicate_process;
mod duplicate_task;
mod empty_process;
mod entry_point_overlap;
mod grants_nothing;
mod invalid_identifier;
mod license_ceiling;
mod name_characters;
mod restore_into;
mod restore_type;
mod segregation;
mod sub_role_cycle;
mod task_without_duty;
mod task_without_entry_points;
mod type_content;
mod type_inferred;
mod unresolved_reference;
mod user_data;

pub(crate) use assignment_dates::parse_moment;
pub use context::Context;
pub use docs::{index as docs_index, page as docs_page};
pub use invalid_identifier::is_identifier;
pub use options::{
    CheckOptions, DEFAULT_OVERLAP_THRESHOLD, Day, Level, RestoreAction, RestoreInto, RiskLevel,
    SodRule,
};

use crate::diag::{self, Diagnostic, RuleMeta, Severity};
use crate::model::Model;
use std::collections::BTreeMap;

/// Documentation of one code, rendered as `docs/rules/CODE.md` and by `secgov explain`.
#[derive(Debug, Clone, Copy)]
pub struct Docs {
    pub what: &'static str,
    pub why: &'static str,
    /// An XML example that raises the finding.
    pub example: &'static str,
    pub fix: &'static str,
}

/// One diagnostic code with everything known about it.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub code: &'static str,
    /// Kebab-case name, e.g. `duplicate-category-name`.
    pub name: &'static str,
    pub summary: &'static str,
    pub default_severity: Severity,
    /// Why the code was retired; retired codes stay listed and are never reused.
    pub retired: Option<&'static str>,
    pub docs: Docs,
    /// The check; `None` for codes that readers raise (and for retired codes).
    pub check: Option<fn(&Context<'_>, &mut Vec<Diagnostic>)>,
}

impl Rule {
    pub fn meta(&self) -> RuleMeta {
        RuleMeta {
            code: self.code,
            name: self.name,
            summary: self.summary,
            default_severity: self.default_severity,
        }
    }

    /// A finding of this rule at its default severity.
    pub(crate) fn diag(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.code, self.default_severity, message)
    }
}

/// Every code, sorted by code.
pub fn registry() -> Vec<&'static Rule> {
    let mut rules: Vec<&'static Rule> = reader::RULES.iter().collect();
    // SG099 sits between the reading codes SG0xx and SG1xx.
    let at = rules.partition_point(|r| r.code < findings_cap::RULE.code);
    rules.insert(at, &findings_cap::RULE);
    // SG108 sits among the reader's SG1xx codes.
    let at = rules.partition_point(|r| r.code < name_characters::RULE.code);
    rules.insert(at, &name_characters::RULE);
    rules.extend([
        &duplicate_category::RULE,
        &duplicate_process::RULE,
        &duplicate_task::RULE,
        &duplicate_entry_point::RULE,
        &duplicate_object::RULE,
        &type_content::RULE,
        &restore_type::RULE,
        &type_inferred::RULE,
        &action_ignored::RULE,
        &action_create::RULE,
        &invalid_identifier::RULE,
        &create_collision::RULE,
        &action_clear::RULE,
        &action_none::RULE,
        &restore_into::PLAN,
        &restore_into::COLLISION,
        &restore_into::NODE_MISSING,
        &unresolved_reference::RULE,
        &sub_role_cycle::RULE,
        &grants_nothing::RULE,
        &allowed_and_denied::RULE,
        &license_ceiling::RULE,
        &segregation::RULE,
        &entry_point_overlap::RULE,
        &user_data::RULE,
        &assignment_dates::ENDS_BEFORE_START,
        &assignment_dates::INVALID_DATE,
        &empty_process::RULE,
        &task_without_entry_points::RULE,
        &task_without_duty::RULE,
        &suppress::UNUSED,
        &suppress::INVALID,
    ]);
    rules.extend(outline::RULES.iter());
    rules.extend(writer::RULES.iter());
    rules
}

/// The rule with this code (case-insensitive).
pub fn find(code: &str) -> Option<&'static Rule> {
    registry()
        .into_iter()
        .find(|r| r.code.eq_ignore_ascii_case(code.trim()))
}

/// What renderers need to know about every code.
pub fn metas() -> Vec<RuleMeta> {
    registry().iter().map(|r| r.meta()).collect()
}

/// The readers' diagnostics (`read`, as `load` returns them beside `model`) and every rule's
/// findings, with suppressions and severity overrides applied, in report order.
pub fn check(model: &Model, read: &[Diagnostic], options: &CheckOptions) -> Vec<Diagnostic> {
    crate::progress::phase(crate::progress::Phase::Checking);
    let implied = crate::timing::phase("rules: implied", || crate::model::implied_security(model));
    let cx = crate::timing::phase("rules: context", || Context::new(model, &implied, options));
    let mut found: Vec<Diagnostic> = read
        .iter()
        .filter(|d| keep_reader_finding(d, options))
        .cloned()
        .collect();
    crate::progress::findings(found.len());
    let outs = run_rules(&cx, options);
    found.reserve_exact(outs.iter().map(Vec::len).sum());
    for out in outs {
        found.extend(
            out.into_iter()
                .filter(|d| d.file.is_none_or(|f| options.is_input(f))),
        );
    }
    let mut found = crate::timing::phase("suppressions", || {
        suppress::apply(&model.files, found, options)
    });
    found = apply_levels(found, &options.levels);
    // Capping sorts: the findings kept are the first in report order.
    crate::timing::phase("sort", || diag::cap(&mut found, options.max_findings));
    found
}

/// Every rule's findings, one list per rule in registry order. The rules run as tasks of the
/// rayon pool (`options.threads` 1: on this thread), each kept at its rule's place, so the report
/// does not depend on which thread ran what.
fn run_rules(cx: &Context<'_>, options: &CheckOptions) -> Vec<Vec<Diagnostic>> {
    use rayon::prelude::*;
    let rules: Vec<&'static Rule> = registry()
        .into_iter()
        .filter(|r| r.check.is_some())
        .collect();
    // The rules that take longest on large models start first, so that no thread is left
    // running one of them alone at the end.
    let mut order: Vec<usize> = (0..rules.len()).collect();
    order.sort_by_key(|&i| {
        SLOW.iter()
            .position(|c| *c == rules[i].code)
            .unwrap_or(SLOW.len())
    });
    let threads = match options.threads {
        0 => rayon::current_num_threads(),
        n => n,
    }
    .clamp(1, rules.len().max(1));
    let run = |i: usize| {
        let mut out = Vec::new();
        if let Some(check) = rules[i].check {
            crate::timing::phase(rules[i].code, || check(cx, &mut out));
        }
        crate::progress::findings(out.len());
        out
    };
    if threads == 1 {
        return (0..rules.len()).map(run).collect();
    }
    // One rule per task, slowest first, so that no thread is left running one of them alone at
    // the end; a rule that splits its own work would share the same threads.
    let done: Vec<(usize, Vec<Diagnostic>)> = order
        .into_par_iter()
        .with_max_len(1)
        .map(|i| (i, run(i)))
        .collect();
    let mut results = vec![Vec::new(); rules.len()];
    for (i, out) in done {
        results[i] = out;
    }
    results
}

/// Codes of the rules that take longest on large backups, slowest first (measured with
/// `SECGOV_TIMINGS=1`); only the order in which they start depends on this.
const SLOW: [&str; 5] = ["SG602", "SG502", "SG205", "SG204", "SG501"];

/// Reader findings about target and reference files are dropped, except that they could not be
/// read at all: the run would silently check against less than the user meant.
fn keep_reader_finding(d: &Diagnostic, options: &CheckOptions) -> bool {
    match d.file {
        Some(f) if !options.is_input(f) => {
            d.severity == Severity::Error && diag::codes::INPUT_ERRORS.contains(&d.code)
        }
        _ => true,
    }
}

fn apply_levels(found: Vec<Diagnostic>, levels: &BTreeMap<String, Level>) -> Vec<Diagnostic> {
    found
        .into_iter()
        .filter_map(|mut d| match levels.get(d.code) {
            Some(Level::Off) => None,
            Some(Level::On(s)) => {
                d.severity = *s;
                Some(d)
            }
            None => Some(d),
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod testing {
    //! Running the rules over inline XML in unit tests.

    use super::*;
    use crate::load::{LoadOptions, load_bytes};

    /// Every finding of `check` on `xml`, as `(code, line)` pairs.
    pub(crate) fn findings(xml: &str, options: &CheckOptions) -> Vec<(&'static str, usize)> {
        let loaded = load_bytes("t.xml", xml.as_bytes(), &LoadOptions::default());
        let file = &loaded.model.files[0];
        check(&loaded.model, &loaded.diagnostics, options)
            .iter()
            .map(|d| (d.code, d.span.map_or(0, |s| file.line_col(s.start).line)))
            .collect()
    }

    /// A process with a role and a task with a duty: what every restore action works on.
    pub(crate) const ROLE_AND_DUTY: &str =
        "<Process><Name>A</Name><Role>R</Role><Task><Name>T</Name><Duty>D</Duty></Task></Process>";

    /// Inline XML and the options it is checked with: what every rule's unit test sets up.
    pub(crate) struct Run {
        xml: String,
        options: CheckOptions,
    }

    /// Any file, checked with the default options.
    pub(crate) fn file(xml: impl Into<String>) -> Run {
        Run {
            xml: xml.into(),
            options: CheckOptions::default(),
        }
    }

    /// A governance-only backup around `processes` (one category named `C`; the processes begin
    /// on line 3).
    pub(crate) fn governance(processes: &str) -> Run {
        file(format!(
            "<SecurityCategoryBackup Type=\"UserSecurityGovernance\"><SecurityCategory><Name>C</Name>\n<ProcessHierarchy>\n{processes}\n</ProcessHierarchy></SecurityCategory></SecurityCategoryBackup>"
        ))
    }

    /// A configuration-only backup around `objects` (one category named `C`; the objects begin on
    /// line 2).
    pub(crate) fn configuration(objects: &str) -> Run {
        file(format!(
            "<SecurityCategoryBackup Type=\"SecurityConfiguration\"><SecurityCategory><Name>C</Name><SecurityConfiguration>\n{objects}\n</SecurityConfiguration></SecurityCategory></SecurityCategoryBackup>"
        ))
    }

    impl Run {
        /// The same file checked with `options`.
        pub(crate) fn with(&self, options: CheckOptions) -> Run {
            Run {
                xml: self.xml.clone(),
                options,
            }
        }

        /// The same file restored with `action`.
        pub(crate) fn action(&self, action: RestoreAction) -> Run {
            self.with(CheckOptions {
                action: Some(action),
                ..CheckOptions::default()
            })
        }

        /// The same file with `from` replaced by `to`.
        pub(crate) fn replace(&self, from: &str, to: &str) -> Run {
            Run {
                xml: self.xml.replace(from, to),
                options: self.options.clone(),
            }
        }

        /// The findings of `code`.
        pub(crate) fn found(&self, code: &str) -> Vec<Diagnostic> {
            let loaded = load_bytes("t.xml", self.xml.as_bytes(), &LoadOptions::default());
            let mut found = check(&loaded.model, &loaded.diagnostics, &self.options);
            found.retain(|d| d.code == code);
            found
        }

        /// The lines `code` is reported at.
        pub(crate) fn lines(&self, code: &str) -> Vec<usize> {
            findings(&self.xml, &self.options)
                .into_iter()
                .filter(|(c, _)| *c == code)
                .map(|(_, l)| l)
                .collect()
        }
    }

    /// The unit tests of a rule, one `#[test]` a case: `name: run => "CODE" at [lines];`, where
    /// `run` is a [`Run`] (the rule file's items and this module's are in scope) and `lines` the
    /// lines the code is reported at, none for a case that must raise nothing.
    macro_rules! cases {
        ($($(#[$doc:meta])* $name:ident: $run:expr => $code:literal at [$($line:literal),*];)*) => {
            mod tests {
                #[allow(unused_imports)]
                use super::*;
                #[allow(unused_imports)]
                use crate::rules::testing::*;
                #[allow(unused_imports)]
                use crate::rules::{CheckOptions, RestoreAction};
                $(
                    $(#[$doc])*
                    #[test]
                    fn $name() {
                        let expected: &[usize] = &[$($line),*];
                        assert_eq!(($run).lines($code), expected);
                    }
                )*
            }
        };
    }
    pub(crate) use cases;

    /// Every finding on the fixture `tests/fixtures/rules/{code}`: its `input.xml` read with its
    /// `destination` folder, which counts as `--target` only when `as_target` (else it is one
    /// more input).
    pub(crate) fn with_destination(
        code: &str,
        mut options: CheckOptions,
        as_target: bool,
    ) -> Vec<Diagnostic> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
        let (input, target) = (
            dir.join(code).join("input.xml"),
            dir.join(code).join("destination"),
        );
        let loaded = crate::load::load(&[input.clone(), target.clone()], &LoadOptions::default());
        if as_target {
            options.assign_files(&loaded.model.files, &[input], Some(&target), &[]);
        }
        check(&loaded.model, &loaded.diagnostics, &options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_sorted() {
        let codes: Vec<&str> = registry().iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn names_are_unique_kebab_case() {
        let mut names = std::collections::BTreeSet::new();
        for r in registry() {
            assert!(
                r.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                r.name
            );
            assert!(names.insert(r.name), "{} used twice", r.name);
        }
    }

    #[test]
    fn every_reader_code_is_documented() {
        use crate::diag::codes::*;
        for code in [
            XML_NOT_WELL_FORMED,
            UNDECODABLE,
            DTD_NOT_ALLOWED,
            LIMIT_EXCEEDED,
            UNRECOGNIZED_DOCUMENT,
            ENCODING_MISMATCH,
            UNREADABLE,
            UNKNOWN_ELEMENT,
            UNKNOWN_ATTRIBUTE,
            MISSING_ELEMENT,
            UNEXPECTED_TEXT,
            BAD_NAME,
            INVALID_VALUE,
            REPEATED_ELEMENT,
        ] {
            let rule = find(code).unwrap_or_else(|| panic!("{code} not in the registry"));
            assert!(rule.check.is_none(), "{code} is raised by a reader");
        }
    }

    #[test]
    fn live_rules_have_checks_and_retired_ones_do_not() {
        for r in registry() {
            if r.retired.is_some() {
                assert!(r.check.is_none(), "{} is retired but still runs", r.code);
            }
            for text in [r.docs.what, r.docs.why, r.docs.example, r.docs.fix] {
                assert!(!text.trim().is_empty(), "{} lacks docs", r.code);
            }
        }
    }

    #[test]
    fn findings_do_not_depend_on_the_number_of_threads() {
        use crate::load::{LoadOptions, load};
        let paths = [std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/rules"
        ))];
        let loaded = load(&paths, &LoadOptions::default());
        let run = |threads| {
            let options = CheckOptions {
                threads,
                overlap_threshold: 0.3,
                ..CheckOptions::default()
            };
            format!("{:?}", check(&loaded.model, &loaded.diagnostics, &options))
        };
        let one = run(1);
        assert!(one.matches("SG602").count() > 1 && one.contains("SG204"));
        for threads in [2, 3, 64] {
            assert_eq!(run(threads), one, "{threads} threads");
        }
    }

    #[test]
    fn severity_overrides_and_off() {
        let xml = "<SecurityCategoryBackup><SecurityCategory><Name>C</Name></SecurityCategory></SecurityCategoryBackup>";
        let run = testing::file(xml);
        assert_eq!(run.lines("SG303"), [1]);
        let mut options = CheckOptions::default();
        options.levels.insert("SG303".into(), Level::Off);
        assert!(run.with(options).lines("SG303").is_empty());
    }
}
