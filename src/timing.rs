//! Phase timings for profiling: `SECGOV_TIMINGS=1 secgov validate big.xml` prints how long each
//! phase (read, decode, parse, lower, each rule, render) took to standard error, with the peak
//! resident memory at the end of each.
//!
//! Kept in the product, not in a scratch branch, because "measure before changing the design"
//! needs the breakdown on the user's own files too, and it costs one relaxed load when off.

use std::sync::OnceLock;
use std::time::Instant;

/// Set while many files are read at once (see [`quiet_per_file`]).
static PER_FILE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn enabled() -> bool {
    if PER_FILE.load(std::sync::atomic::Ordering::Relaxed) {
        return false;
    }
    on()
}

/// Runs `f`, the reading of `files` files, without printing their own phases when there are
/// several: a line per phase and file, each with a read of /proc for the peak, made the timings
/// of a folder of 20,000 files mostly the cost of printing them. The caller times `f` as a whole.
pub fn quiet_per_file<T>(files: usize, f: impl FnOnce() -> T) -> T {
    if files < 2 || !on() {
        return f();
    }
    PER_FILE.store(true, std::sync::atomic::Ordering::Relaxed);
    let out = f();
    PER_FILE.store(false, std::sync::atomic::Ordering::Relaxed);
    out
}

fn on() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| {
        std::env::var_os("SECGOV_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0")
    })
}

/// Runs `f`, printing its wall time under `name` when timings are on.
pub fn phase<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let start = Instant::now();
    let out = f();
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "secgov timing: {name:<32} {:>9.1} ms   peak {:>6} MiB",
            start.elapsed().as_secs_f64() * 1e3,
            peak_rss_kib() / 1024
        );
    }
    out
}

/// The process's peak resident memory so far (`VmHWM`), 0 where /proc is not there.
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Prints a count (nodes built, findings) next to the timings when they are on.
pub fn note(name: &str, value: usize) {
    if enabled() {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("secgov timing: {name:<32} {value:>9}");
        }
    }
}
