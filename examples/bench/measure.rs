//! Running one command as a child process and measuring its wall time and peak memory.
//!
//! Peak memory is the child's maximum resident set size as the kernel reports it to `wait4`
//! (the figure `/usr/bin/time -v` prints), so secgov, the raw parse and xmllint are measured the
//! same way, startup included. Linux adds to that figure the memory of the process that forked
//! the child as it was at the fork, and the bench holds the generated corpus; so each command is
//! started by a fresh copy of the bench (`--measure-child`), which is small, and reports back.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One run of a command.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub wall: Duration,
    /// Maximum resident set size in bytes.
    pub peak: u64,
    pub status: i32,
}

/// Runs `program args` through a fresh, small copy of this executable; `None` when it cannot be
/// started.
pub fn run(program: &Path, args: &[String]) -> Option<Run> {
    let out = Command::new(std::env::current_exe().ok()?)
        .arg("--measure-child")
        .arg(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().ok());
    let (wall, peak, status) = (fields.next()??, fields.next()??, fields.next()??);
    Some(Run {
        wall: Duration::from_nanos(wall),
        peak,
        status: status as i32,
    })
}

/// The `--measure-child` side: runs the command and prints nanoseconds, peak bytes and status.
pub fn child_main(args: &[String]) -> i32 {
    match direct(Path::new(&args[0]), &args[1..]) {
        Some(r) => {
            println!("{} {} {}", r.wall.as_nanos(), r.peak, r.status);
            0
        }
        None => 1,
    }
}

fn direct(program: &Path, args: &[String]) -> Option<Run> {
    let start = Instant::now();
    let child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills in; the pid is our own child, which `Child`
    // will not wait for again because we forget it below.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    std::mem::forget(child);
    if r != pid {
        return None;
    }
    let status = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        128 + libc::WTERMSIG(status)
    };
    Some(Run {
        wall,
        peak: usage.ru_maxrss as u64 * 1024,
        status,
    })
}

/// Runs a command `reps` times and keeps the median wall time and the largest peak.
pub fn median(program: &Path, args: &[String], reps: usize) -> Option<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for _ in 0..reps.max(1) {
        runs.push(run(program, args)?);
    }
    runs.sort_by_key(|r| r.wall);
    let mid = runs[runs.len() / 2];
    Some(Run {
        wall: mid.wall,
        peak: runs.iter().map(|r| r.peak).max().unwrap_or(0),
        status: mid.status,
    })
}
