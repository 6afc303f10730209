//! Renderers: turn diagnostics (and other results) into text for people and tools.

pub mod human;
pub mod inspect;

use crate::diag::Severity;

/// What renderers need to know about a rule (SARIF rule descriptors, JUnit test names, ...).
/// The rule registry (`crate::rules`) provides one per code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleMeta {
    pub code: &'static str,
    /// Kebab-case name, e.g. `duplicate-category-name`.
    pub name: &'static str,
    /// One-line summary.
    pub summary: &'static str,
    pub default_severity: Severity,
}
