//! SG099: more findings than `--max-findings`. Raised by every command that reports findings
//! (`crate::diag::cap`); here is its documentation, so the registry lists the code.

use super::{Docs, Rule};
use crate::diag::{Severity, codes};

pub(super) static RULE: Rule = Rule {
    code: codes::FINDINGS_CAPPED,
    name: "findings-capped",
    summary: "More findings than --max-findings: the rest were left out of the report.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "That a run has at most `--max-findings` findings (10,000 unless raised; `0` means no limit). Past the limit secgov stops collecting: the report keeps the first findings in its order (by file, then position) and ends with this one, saying how many were left out and of which severities. Machine formats carry the count too: `left_out` in JSON, a run property and a tool notification in SARIF, a test case in JUnit, a workflow command in GitHub format.",
        why: "A damaged or hostile file can produce a finding every few bytes: millions of findings would take gigabytes of memory and a report nobody reads. The first ten thousand say what is wrong; the count says how much more there is.",
        example: "secgov validate export.xml\n  warning[SG099]: 1590000 more findings (1590000 errors, 0 warnings, 0 notes) were left out: the report stops at 10000",
        fix: "Fix the findings shown and run again, or raise the limit with `--max-findings N` (`--max-findings 0` for none). This finding takes the severity of the most severe finding left out, so the exit status is the one the whole report would give.",
    },
    check: None,
};
