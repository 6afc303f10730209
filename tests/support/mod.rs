//! Running the `secgov` binary as a child process for the hostile-input and no-data-loss tests:
//! exit status, captured output, wall time and peak memory.
//!
//! Peak memory is the child's `VmHWM`, polled from /proc while it runs. `wait4`'s maxrss would be
//! simpler but Linux counts in it the memory of the (large, multi-threaded) test process at the
//! moment of the fork, which is not the child's. Polling can miss a peak in the last
//! milliseconds before exit; the bounds are coarse enough for that not to matter.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub struct Outcome {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
    pub wall: Duration,
    /// Peak resident memory of the child, in bytes.
    pub peak: u64,
}

impl Outcome {
    pub fn assert_no_panic(&self) {
        assert!(
            !self.stderr.contains("panicked") && self.status != 101 && self.status < 128,
            "secgov crashed (status {}):\n{}",
            self.status,
            &self.stderr[..self.stderr.len().min(4000)]
        );
    }

    pub fn assert_bounded(&self, time: Duration, memory: u64) {
        assert!(self.wall <= time, "took {:?}, bound {time:?}", self.wall);
        assert!(
            self.peak <= memory,
            "peak memory {} MiB, bound {} MiB",
            self.peak >> 20,
            memory >> 20
        );
    }
}

/// A scratch path for this test binary; a name ending in `/` is created as a folder.
pub fn fixture(name: &str, bytes: &[u8]) -> String {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile")
        .join(name);
    if name.ends_with('/') {
        std::fs::create_dir_all(&path).unwrap();
        return format!("{}/", path.display());
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

/// Runs `secgov ARGS` with output captured in files (so a flood of output cannot block it).
pub fn secgov(args: &[&str]) -> Outcome {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile-out");
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join(format!("{}-{n}.out", std::process::id()));
    let err = dir.join(format!("{}-{n}.err", std::process::id()));
    let start = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_secgov"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let mut child = child;
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    let status = loop {
        if let Some(kib) = std::fs::read_to_string(&status_file).ok().and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        }) {
            peak = peak.max(kib * 1024);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let wall = start.elapsed();
    use std::os::unix::process::ExitStatusExt;
    let status = status
        .code()
        .unwrap_or_else(|| 128 + status.signal().unwrap_or(0));
    let read = |p: &PathBuf| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
    let o = Outcome {
        status,
        stdout: read(&out),
        stderr: read(&err),
        wall,
        peak,
    };
    let _ = std::fs::remove_file(out);
    let _ = std::fs::remove_file(err);
    o
}
