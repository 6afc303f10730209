//! Regression tests for `secgov diff`, each named after what broke (or nearly did) and saying so.

use secgov::diff::{DiffOptions, diff};
use secgov::load::{LoadOptions, load_bytes};

fn chain(prefix: &str, depth: usize) -> String {
    let mut s = String::from(
        "<SecurityCategoryBackup Type=\"UserSecurityGovernance\"><SecurityCategory><Name>C</Name><ProcessHierarchy>",
    );
    for i in 0..depth {
        s.push_str(&format!("<Process><Name>{prefix}{i}</Name>"));
    }
    s.push_str("<Task><Name>T</Name><Duty>D</Duty></Task>");
    for _ in 0..depth {
        s.push_str("</Process>");
    }
    s.push_str("</ProcessHierarchy></SecurityCategory></SecurityCategoryBackup>");
    s
}

/// Rename fingerprints of nested processes were first built as text with each level quoting the
/// one below, which doubles the escapes per level: a deep renamed chain never finished. They are
/// now hashes computed once per process, children first.
#[test]
fn a_deep_chain_of_renamed_processes_is_compared_in_linear_time() {
    let depth = 200;
    let old = load_bytes(
        "old.xml",
        chain("P", depth).as_bytes(),
        &LoadOptions::default(),
    );
    let new = load_bytes(
        "new.xml",
        chain("Q", depth).as_bytes(),
        &LoadOptions::default(),
    );
    assert!(old.diagnostics.is_empty(), "{:?}", old.diagnostics);
    // Exponential work would never finish at this depth: the watchdog turns that into a failure.
    let report = crate::support::within_watchdog("diff of a 200-deep renamed chain", move || {
        diff(&old.model, &new.model, &DiffOptions::default())
    });
    let s = report.summary();
    // Only the innermost process has the same content under a new name; the others differ by
    // the name of the process inside them.
    assert_eq!((s.renamed, s.added, s.removed), (1, 1, 1), "{report:#?}");
}
