//! References a run has nothing to check against. Without `--target` or `--reference` nothing
//! says which objects the destination has, and most names in a file are standard ones that exist
//! in every environment: only a likely misspelling of a name read is reported, and the others are
//! counted into one finding at the first of them that says how to check them (SG309, SG401).

use super::Rule;
use super::finding::Place;
use crate::diag::{Diagnostic, Severity};

pub(super) struct Unchecked {
    /// The run has a destination or references to check every name against.
    checkable: bool,
    first: Option<Place>,
    count: usize,
}

impl Unchecked {
    pub(super) fn new(checkable: bool) -> Self {
        Unchecked {
            checkable,
            first: None,
            count: 0,
        }
    }

    /// Where to report a name that was not found (`at`), or `None` when it is only counted: the
    /// run cannot check it and no name read is `close` to it.
    pub(super) fn triage(&mut self, close: Option<&str>, at: Place) -> Option<Place> {
        if self.checkable || close.is_some() {
            return Some(at);
        }
        self.first.get_or_insert(at);
        self.count += 1;
        None
    }

    /// The one finding for every name counted, at the first: "N `names` `which` could not be
    /// checked". `severity` is not the rule's: the check could not run, which is not a fault in
    /// the file.
    pub(super) fn finding(
        self,
        rule: &Rule,
        severity: Severity,
        (names, which): (&str, &str),
        help: &str,
    ) -> Option<Diagnostic> {
        let count = self.count;
        let s = if count == 1 { "" } else { "s" };
        let message = format!(
            "{count} {names}{s} {which} could not be checked: nothing says which objects the destination has"
        );
        let mut d = rule
            .at(self.first?, message)
            .with_label(if count == 1 {
                "not checked".to_owned()
            } else {
                format!("first of {count} not checked")
            })
            .with_help(help);
        d.severity = severity;
        Some(d)
    }
}
