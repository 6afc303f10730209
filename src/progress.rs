//! Counters behind the progress line of long runs (issue 16). The library never prints: it only
//! counts files and findings here, with relaxed atomics that cost nothing next to reading a file;
//! the command line draws the line from them (`src/cli/progress.rs`).
//!
//! The counters are process-wide, not per run, because a run is one process; a library user
//! running several loads at once sees their sums, which only a display would read.

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering::Relaxed};

/// What a run is doing, for the progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Reading,
    Checking,
    Comparing,
}

static PHASE: AtomicU8 = AtomicU8::new(0);
static FILES_FOUND: AtomicUsize = AtomicUsize::new(0);
static FILES_READ: AtomicUsize = AtomicUsize::new(0);
static FINDINGS: AtomicUsize = AtomicUsize::new(0);

/// The counters at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    pub phase: Phase,
    pub files_found: usize,
    pub files_read: usize,
    pub findings: usize,
}

pub(crate) fn phase(p: Phase) {
    PHASE.store(p as u8, Relaxed);
}

pub(crate) fn files_found(n: usize) {
    FILES_FOUND.fetch_add(n, Relaxed);
}

pub(crate) fn file_read() {
    FILES_READ.fetch_add(1, Relaxed);
}

pub(crate) fn findings(n: usize) {
    FINDINGS.fetch_add(n, Relaxed);
}

/// What the counters say now.
pub fn snapshot() -> Snapshot {
    Snapshot {
        phase: match PHASE.load(Relaxed) {
            0 => Phase::Reading,
            1 => Phase::Checking,
            _ => Phase::Comparing,
        },
        files_found: FILES_FOUND.load(Relaxed),
        files_read: FILES_READ.load(Relaxed),
        findings: FINDINGS.load(Relaxed),
    }
}

impl Snapshot {
    /// The progress line: "reading 1,234 of 20,000 files" or "checking 20,000 files: 5,678
    /// findings so far".
    pub fn line(&self) -> String {
        let files = |n: usize| {
            if n == 1 {
                "1 file".to_owned()
            } else {
                format!("{} files", thousands(n))
            }
        };
        match self.phase {
            Phase::Reading if self.files_found > 1 => format!(
                "reading {} of {}",
                thousands(self.files_read),
                files(self.files_found)
            ),
            Phase::Reading => "reading".to_owned(),
            Phase::Comparing => format!("comparing {}", files(self.files_read)),
            Phase::Checking => format!(
                "checking {}: {} finding{} so far",
                files(self.files_read),
                thousands(self.findings),
                if self.findings == 1 { "" } else { "s" }
            ),
        }
    }
}

/// `1234567` as `1,234,567`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_says_what_the_run_is_doing() {
        let mut s = Snapshot {
            phase: Phase::Reading,
            files_found: 20_000,
            files_read: 1_234,
            findings: 0,
        };
        assert_eq!(s.line(), "reading 1,234 of 20,000 files");
        s.files_found = 1;
        assert_eq!(s.line(), "reading");
        s.phase = Phase::Checking;
        s.files_read = 1;
        s.findings = 1_234_567;
        assert_eq!(s.line(), "checking 1 file: 1,234,567 findings so far");
        s.findings = 1;
        assert_eq!(s.line(), "checking 1 file: 1 finding so far");
        s.phase = Phase::Comparing;
        s.files_read = 2;
        assert_eq!(s.line(), "comparing 2 files");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
    }
}
