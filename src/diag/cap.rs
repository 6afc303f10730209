//! The cap on findings (`--max-findings`, SG099): past it, a run keeps the first findings in
//! report order and one finding saying how many more there were and how severe the worst was.
//!
//! [`Capped`] collects with bounded memory: it holds at most twice the cap, and when full sorts
//! and drops the tail, so what it keeps is exactly the first `max` in [`super::sort`] order
//! whatever order the findings come in. [`cap`] does the same to a finished list; both merge an
//! SG099 already present, so capping per file, per rule and per run adds up.

use super::{Diagnostic, Severity, codes, sort};

/// Findings a run reports unless `--max-findings` says otherwise.
pub const DEFAULT_MAX_FINDINGS: usize = 10_000;

/// Findings collected under a cap. `max == 0` means no cap.
#[derive(Debug, Default)]
pub struct Capped {
    max: usize,
    kept: Vec<Diagnostic>,
    /// Errors that mean an input could not be read (exit status 2): never left out, and at
    /// most a few per file.
    unreadable: Vec<Diagnostic>,
    left_out: usize,
    worst: Option<Severity>,
}

impl Capped {
    pub fn new(max: usize) -> Self {
        Capped {
            max,
            ..Capped::default()
        }
    }

    pub fn push(&mut self, d: Diagnostic) {
        if d.code == codes::FINDINGS_CAPPED {
            self.absorb(&d);
            return;
        }
        if is_input_error(&d) {
            self.unreadable.push(d);
            return;
        }
        self.kept.push(d);
        if self.max > 0 && self.kept.len() >= self.max.saturating_mul(2) {
            self.trim();
        }
    }

    pub fn extend(&mut self, found: impl IntoIterator<Item = Diagnostic>) {
        for d in found {
            self.push(d);
        }
    }

    /// The first `max` findings in report order, then the SG099 finding if any were left out.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        self.trim();
        self.kept.append(&mut self.unreadable);
        if self.left_out > 0 {
            self.kept.push(capped_finding(
                self.left_out,
                self.worst.unwrap_or(Severity::Note),
                self.max,
            ));
        }
        sort(&mut self.kept);
        self.kept
    }

    fn trim(&mut self) {
        if self.max == 0 || self.kept.len() <= self.max {
            return;
        }
        sort(&mut self.kept);
        for d in self.kept.drain(self.max..) {
            self.left_out += 1;
            self.worst = self.worst.max(Some(d.severity));
        }
    }

    fn absorb(&mut self, d: &Diagnostic) {
        self.left_out += left_out(std::slice::from_ref(d));
        self.worst = self.worst.max(Some(d.severity));
    }
}

/// Caps a finished list in place (see [`Capped`]); the list comes back in report order.
pub fn cap(diagnostics: &mut Vec<Diagnostic>, max: usize) {
    let mut capped = Capped::new(max);
    capped.extend(std::mem::take(diagnostics));
    *diagnostics = capped.finish();
}

/// An error that means an input could not be read: never left out by the cap.
fn is_input_error(d: &Diagnostic) -> bool {
    d.severity == Severity::Error && codes::INPUT_ERRORS.contains(&d.code)
}

/// Whether the cap keeps `d` apart from the findings it cuts: SG099 itself and unreadable inputs.
pub fn is_counted_apart(d: &Diagnostic) -> bool {
    d.code == codes::FINDINGS_CAPPED || is_input_error(d)
}

/// How many findings the SG099 finding in `diagnostics` says were left out (0 when none).
pub fn left_out(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.code == codes::FINDINGS_CAPPED)
        .filter_map(|d| d.message.split(' ').next()?.parse::<usize>().ok())
        .sum()
}

/// SG099. It takes the severity of the worst finding left out, so the exit status is the one
/// the whole report would give; the count leads its message, where [`left_out`] reads it.
fn capped_finding(left_out: usize, worst: Severity, max: usize) -> Diagnostic {
    let (s, were) = if left_out == 1 {
        ("", "was")
    } else {
        ("s", "were")
    };
    Diagnostic::new(
        codes::FINDINGS_CAPPED,
        worst,
        format!(
            "{left_out} more finding{s} {were} left out (the most severe: {worst}): the report \
             stops at {max} findings"
        ),
    )
    .with_help(format!(
        "fix the findings shown and run again, or raise the limit with --max-findings N \
         (--max-findings 0 for no limit); {max} is the limit now"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn finding(i: usize, severity: Severity) -> Diagnostic {
        Diagnostic::new(codes::UNKNOWN_ELEMENT, severity, format!("finding {i}"))
            .at(0, Span::new(i, i + 1))
    }

    #[test]
    fn keeps_the_first_in_report_order_whatever_the_order_they_come_in() {
        let mut capped = Capped::new(10);
        for i in (0..1000).rev() {
            let severity = if i == 500 {
                Severity::Error
            } else {
                Severity::Note
            };
            capped.push(finding(i, severity));
        }
        let out = capped.finish();
        assert_eq!(out.len(), 11);
        // SG099 is about the run, not a file: it sorts first.
        assert_eq!(out[0].code, codes::FINDINGS_CAPPED);
        assert_eq!(out[0].severity, Severity::Error);
        let starts: Vec<usize> = out[1..].iter().map(|d| d.span.unwrap().start).collect();
        assert_eq!(starts, (0..10).collect::<Vec<_>>());
        assert_eq!(left_out(&out), 990);
    }

    #[test]
    fn capping_twice_adds_up_and_zero_means_no_cap() {
        let mut list: Vec<Diagnostic> = (0..50).map(|i| finding(i, Severity::Warning)).collect();
        cap(&mut list, 20);
        list.extend((50..60).map(|i| finding(i, Severity::Note)));
        cap(&mut list, 20);
        assert_eq!(list.len(), 21);
        assert_eq!(left_out(&list), 40);
        assert_eq!(list[0].severity, Severity::Warning);
        let mut all: Vec<Diagnostic> = (0..50).map(|i| finding(i, Severity::Note)).collect();
        cap(&mut all, 0);
        assert_eq!((all.len(), left_out(&all)), (50, 0));
    }

    /// The bound on memory, counted: however many findings a reader pushes, its list never
    /// holds twice the cap, and the first ones in report order are the ones kept.
    #[test]
    fn a_reader_never_holds_more_than_twice_the_cap() {
        let mut diags = Vec::new();
        let mut ctx = crate::dialect::ax::Ctx::new(0, "", &mut diags, 100);
        let mut most = 0;
        for i in (0..50_000).rev() {
            ctx.push(finding(i, Severity::Warning));
            most = most.max(ctx.diags.len());
        }
        assert!(most < 200, "held {most}");
        cap(&mut diags, 100);
        assert_eq!(left_out(&diags), 49_900);
        assert_eq!(diags[1].span.unwrap().start, 0);
    }

    #[test]
    fn an_unreadable_input_is_never_left_out() {
        let mut list: Vec<Diagnostic> = (0..50).map(|i| finding(i, Severity::Note)).collect();
        list.push(
            Diagnostic::error(codes::XML_NOT_WELL_FORMED, "broken").at(0, Span::new(99, 100)),
        );
        cap(&mut list, 5);
        assert_eq!(list.len(), 7);
        assert!(list.iter().any(|d| d.code == codes::XML_NOT_WELL_FORMED));
        assert_eq!(left_out(&list), 45);
    }
}
