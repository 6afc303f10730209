//! The progress line of long runs (issue 16): drawn on standard error when it is a terminal, and
//! never with `--quiet` or into a pipe or file. The terminal is a real pseudo-terminal made by
//! util-linux `script`; `SECGOV_PROGRESS_AFTER_MS=0` draws the first frame before the work starts,
//! so what the tests see does not depend on how long the run takes.

use crate::support::command;
use std::process::Command;

const TEMPLATE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/templates/usg/order-to-cash.xml"
);

/// What `secgov ARGS` printed on a pseudo-terminal (standard output and error together), or
/// `None` when `script` is not installed.
fn on_a_terminal(args: &[&str]) -> Option<String> {
    let script = Command::new("script").arg("--version").output();
    if script.is_err() {
        eprintln!("util-linux `script` is not installed: the terminal test is skipped");
        return None;
    }
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let line: Vec<String> = std::iter::once(env!("CARGO_BIN_EXE_secgov"))
        .chain(args.iter().copied())
        .map(quote)
        .collect();
    let out = Command::new("script")
        .args(["-qec", &line.join(" "), "/dev/null"])
        .env("SECGOV_PROGRESS_AFTER_MS", "0")
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_terminal_shows_the_progress_line_and_then_the_report() {
    let Some(seen) = on_a_terminal(&["validate", TEMPLATE]) else {
        return;
    };
    assert!(seen.contains("secgov: reading"), "{seen:?}");
    assert!(seen.contains("checked 1 file"), "{seen:?}");
}

#[test]
fn quiet_shows_no_progress_line() {
    for args in [
        &["validate", TEMPLATE, "--quiet"][..],
        &["inspect", TEMPLATE, "-q"][..],
        &["--quiet", "diff", TEMPLATE, TEMPLATE][..],
    ] {
        let Some(seen) = on_a_terminal(args) else {
            return;
        };
        assert!(!seen.contains("secgov: "), "{args:?}: {seen:?}");
    }
}

#[test]
fn a_pipe_gets_no_progress_line() {
    let out = command()
        .args(["validate", TEMPLATE])
        .env("SECGOV_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("secgov: reading"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
}
