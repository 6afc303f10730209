//! Diagnostics as JUnit XML, for Azure DevOps' Publish Test Results task, GitLab's test reports
//! and Jenkins (any CI that reads JUnit), where D365 teams run their builds.
//!
//! One `<testsuite>` per input file, named by its path. Each finding is a `<testcase>`: errors
//! and warnings carry a `<failure>` whose `type` is the code; notes pass, with their text in
//! `<system-out>`, because a note is information rather than a defect. A file without findings
//! gets one passing test case, so the test view shows every file that was checked. Findings
//! about the run itself (no file, or a path that could not be read) go into a last suite named
//! `secgov`, so no suite is named after a file that may not exist.
//!
//! A test case's name is its identity in the CI's history, so it holds no line or column (those
//! change whenever lines move): it is the code, the rule name and the element path, with `#2`,
//! `#3` for repeats in one file. The position is the first line of the failure text. Only
//! attributes that the common JUnit schema (Jenkins' `junit-10.xsd`) allows are written: no
//! `file` or `line` on test cases (`tests/it/pipelines_junit.rs` checks with `xmllint`).

use super::{Place, RuleMeta, is_unread_input, place, rule_for, site};
use crate::diag::{Diagnostic, Severity};
use crate::source::SourceFile;
use crate::xml::escape::{attribute, text};
use std::collections::HashMap;
use xmlwriter::{Indent, Options, XmlWriter};

/// The name of the passing test case of a file without findings.
pub const CLEAN_CASE: &str = "no findings";
/// The name of the suite that holds findings about the run rather than a file.
pub const RUN_SUITE: &str = "secgov";

/// Renders the JUnit XML document, followed by a newline.
pub fn render(files: &[SourceFile], diagnostics: &[Diagnostic], rules: &[RuleMeta]) -> String {
    // A path that could not be read gets no suite of its own: its finding is about the run.
    let unread: Vec<bool> = (0..files.len())
        .map(|i| {
            diagnostics
                .iter()
                .any(|d| d.file == Some(i) && is_unread_input(files, d))
        })
        .collect();
    let mut suites: Vec<(&str, bool, Vec<&Diagnostic>)> = files
        .iter()
        .map(|f| (f.path.as_str(), true, Vec::new()))
        .collect();
    let mut run = Vec::new();
    for d in diagnostics {
        match d.file.filter(|&f| f < files.len() && !unread[f]) {
            Some(f) => suites[f].2.push(d),
            None => run.push(d),
        }
    }
    let mut suites: Vec<(&str, bool, Vec<&Diagnostic>)> = suites
        .into_iter()
        .zip(&unread)
        .filter(|(_, u)| !**u)
        .map(|(s, _)| s)
        .collect();
    if !run.is_empty() {
        suites.push((RUN_SUITE, false, run));
    }

    let cases = |ds: &[&Diagnostic]| ds.len().max(1);
    let total: usize = suites.iter().map(|(_, _, ds)| cases(ds)).sum();
    let failures = diagnostics.iter().filter(|d| is_failure(d)).count();

    let mut w = XmlWriter::new(Options {
        indent: Indent::Spaces(2),
        ..Options::default()
    });
    w.write_declaration();
    w.start_element("testsuites");
    w.write_attribute("name", "secgov validate");
    w.write_attribute("tests", &total);
    w.write_attribute("failures", &failures);
    w.write_attribute("errors", &0);
    for (name, is_file, ds) in &suites {
        w.start_element("testsuite");
        w.write_attribute("name", &attribute(name));
        w.write_attribute("tests", &cases(ds));
        w.write_attribute("failures", &ds.iter().filter(|d| is_failure(d)).count());
        w.write_attribute("errors", &0);
        w.write_attribute("skipped", &0);
        if *is_file {
            w.write_attribute("file", &attribute(name));
        }
        if ds.is_empty() {
            w.start_element("testcase");
            w.write_attribute("classname", &attribute(name));
            w.write_attribute("name", CLEAN_CASE);
            w.end_element();
        }
        let mut repeats: HashMap<String, usize> = HashMap::new();
        for d in ds {
            let mut case = case_name(files, d, rules);
            let n = repeats.entry(case.clone()).or_default();
            *n += 1;
            if *n > 1 {
                case.push_str(&format!(" #{n}"));
            }
            test_case(&mut w, name, &case, files, d);
        }
        w.end_element();
    }
    w.end_element();
    w.end_document()
}

/// The test's name: code, rule name and the element (or, for an unread input, the path), never
/// a line or column.
fn case_name(files: &[SourceFile], d: &Diagnostic, rules: &[RuleMeta]) -> String {
    let mut name = match rule_for(rules, d.code) {
        Some(rule) => format!("{} {}", d.code, rule.name),
        None => d.code.to_owned(),
    };
    let what = match &d.element_path {
        Some(path) => Some(path.as_str()),
        None if is_unread_input(files, d) => {
            d.file.and_then(|f| files.get(f)).map(|f| f.path.as_str())
        }
        None => None,
    };
    if let Some(what) = what {
        name.push_str(": ");
        name.push_str(what);
    }
    name
}

fn test_case(w: &mut XmlWriter, suite: &str, name: &str, files: &[SourceFile], d: &Diagnostic) {
    let at = site(files, d);
    w.start_element("testcase");
    w.write_attribute("classname", &attribute(suite));
    w.write_attribute("name", &attribute(name));
    let body = body(files, d, at);
    if is_failure(d) {
        w.start_element("failure");
        w.write_attribute("type", d.code);
        w.write_attribute("message", &attribute(&d.message));
    } else {
        w.start_element("system-out");
    }
    w.set_preserve_whitespaces(true);
    w.write_text(&text(&body));
    w.end_element();
    w.set_preserve_whitespaces(false);
    w.end_element();
}

/// Errors and warnings fail their test case; notes are information and pass.
fn is_failure(d: &Diagnostic) -> bool {
    d.severity >= Severity::Warning
}

/// The failure text Azure DevOps shows under the test: where, what, how to fix, related places.
fn body(files: &[SourceFile], d: &Diagnostic, at: Option<Place>) -> String {
    let mut out = String::new();
    if let Some(at) = at {
        out.push_str(&at.display());
        out.push_str(": ");
    }
    out.push_str(&format!("{}[{}]: {}", d.severity, d.code, d.message));
    if let Some(label) = &d.label {
        out.push_str(&format!("\n  {label}"));
    }
    if let Some(help) = &d.help {
        out.push_str(&format!("\nhelp: {help}"));
    }
    if let Some(path) = &d.element_path {
        out.push_str(&format!("\nat {path}"));
    }
    for r in &d.related {
        if let Some(at) = place(files, Some(r.file), Some(r.span)) {
            out.push_str(&format!("\n{}: {}", at.display(), r.message));
        }
    }
    out
}
