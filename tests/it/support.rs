//! Running the `secgov` binary as a child process, the same way for every test: a fixed
//! environment (width, colour, locale) so no terminal or machine setting leaks into a result, and
//! a watchdog so a hang fails with a message instead of stalling the suite.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Human reports in tests are rendered at this width whatever the terminal says.
pub const WIDTH: &str = "100";

/// How long a child may run before the test calls it a hang. Generous on purpose: it is a guard
/// against a hang on a slow shared machine, not a measure of speed (that is the benchmark's job).
pub const WATCHDOG: Duration = Duration::from_secs(600);

/// `secgov` with the environment pinned: `COLUMNS` fixed, no colour, C locale, no timings.
pub fn command() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_secgov"));
    c.env("COLUMNS", WIDTH)
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .env_remove("SECGOV_TIMINGS")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR");
    c
}

pub struct Outcome {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    pub fn assert_no_panic(&self) {
        assert!(
            !self.stderr.contains("panicked") && self.status != 101 && self.status < 128,
            "secgov crashed (status {}):\n{}",
            self.status,
            self.stderr.chars().take(4000).collect::<String>()
        );
    }
}

/// Runs `work` on its own thread and fails the test, saying so, if it has not finished within the
/// watchdog: for in-process work that would hang rather than fail when it goes super-linear.
pub fn within_watchdog<T: Send + 'static>(
    what: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (send, receive) = std::sync::mpsc::channel();
    let worker = std::thread::spawn(move || {
        let _ = send.send(work());
    });
    match receive.recv_timeout(WATCHDOG) {
        Ok(value) => value,
        // The worker panicked: let its panic be the failure.
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the worker sends before it returns"),
        },
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => panic!(
            "{what} was still running after {} s: it hangs (or has gone super-linear)",
            WATCHDOG.as_secs()
        ),
    }
}

/// A human report with its wrapping undone: line breaks, gutters and indentation collapsed to
/// single spaces, so a phrase is found wherever the width and the length of a path put its breaks.
pub fn unwrapped(text: &str) -> String {
    text.replace(['│', '·', '×', '╭', '╰', '─', '┬', '┴', '├', '┤'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A human report with every space and gutter removed, to find a `path:line:column:` that the
/// renderer may have broken anywhere, even inside the path, depending on the checkout's length.
pub fn flat(text: &str) -> String {
    unwrapped(text).replace(' ', "")
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

/// Runs `secgov ARGS` with output captured in files (so a flood of output cannot block it), under
/// the watchdog.
pub fn secgov(args: &[&str]) -> Outcome {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile-out");
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join(format!("{}-{n}.out", std::process::id()));
    let err = dir.join(format!("{}-{n}.err", std::process::id()));
    let mut child = command()
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > WATCHDOG {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "secgov {args:?} was still running after {} s: it hangs on this input",
                WATCHDOG.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |p: &PathBuf| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
    let o = Outcome {
        status: exit_code(status),
        stdout: read(&out),
        stderr: read(&err),
    };
    let _ = std::fs::remove_file(out);
    let _ = std::fs::remove_file(err);
    o
}

/// The exit code, or 128 + the signal number for a child killed by a signal (as a shell says it).
pub fn exit_code(status: std::process::ExitStatus) -> i32 {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return 128 + signal;
        }
    }
    status.code().unwrap_or(-1)
}

/// `secgov validate --format FORMAT ok.xml missing.xml` in a scratch folder: one clean backup
/// and one path that does not exist, for how each format reports an unreadable input.
pub fn validate_with_a_missing_path(format: &str) -> std::process::Output {
    let dir = std::env::temp_dir().join(format!("secgov-unread-{format}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("ok.xml"),
        "<SecurityCategoryBackup Type=\"UserSecurityGovernance\" SchemaVersion=\"1\"/>\n",
    )
    .unwrap();
    let out = command()
        .current_dir(&dir)
        .args(["validate", "--format", format, "ok.xml", "missing.xml"])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    out
}
