//! The progress line on standard error for runs longer than about a second (issue 16): files
//! read, then findings so far, drawn with indicatif from the library's counters
//! (`secgov::progress`). Nothing is drawn when standard error is not a terminal, under
//! `TERM=dumb`, or with `--quiet`; the line is cleared before the command prints its report.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// `--quiet`, set once from the command line.
static QUIET: AtomicBool = AtomicBool::new(false);

pub(crate) fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// How long a run goes before the line appears. `SECGOV_PROGRESS_AFTER_MS` changes it, so that
/// a test on a pseudo-terminal need not take a second.
fn after() -> Duration {
    let ms = std::env::var("SECGOV_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    Duration::from_millis(ms)
}

/// The progress line while it lives: start it before the work, drop it before printing. The
/// drawing runs on a thread of its own, which sleeps between redraws; it is not work, so it stays
/// out of the rayon pool that does the work.
pub(crate) struct Progress {
    stop: Arc<AtomicBool>,
    drawer: Option<JoinHandle<()>>,
}

impl Progress {
    pub(crate) fn start() -> Progress {
        let shown = !QUIET.load(Ordering::Relaxed)
            && std::io::stderr().is_terminal()
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb");
        let stop = Arc::new(AtomicBool::new(false));
        let drawer = shown.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            if let Ok(style) = ProgressStyle::with_template("{spinner} secgov: {msg} ({elapsed})") {
                bar.set_style(style);
            }
            let wait = after();
            if wait.is_zero() {
                // Shown at once (tests on a pseudo-terminal): the first frame is drawn before
                // the work starts, so what a test sees does not depend on thread timing.
                show(&bar);
            }
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || draw(&bar, wait, &stop))
        });
        Progress { stop, drawer }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(d) = self.drawer.take() {
            let _ = d.join();
        }
    }
}

fn show(bar: &ProgressBar) {
    bar.set_draw_target(ProgressDrawTarget::stderr());
    bar.set_message(secgov::progress::snapshot().line());
    bar.tick();
}

fn draw(bar: &ProgressBar, wait: Duration, stop: &AtomicBool) {
    let start = Instant::now();
    while start.elapsed() < wait {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    if !wait.is_zero() {
        show(bar);
    }
    while !stop.load(Ordering::Relaxed) {
        bar.set_message(secgov::progress::snapshot().line());
        bar.tick();
        std::thread::sleep(Duration::from_millis(100));
    }
    bar.finish_and_clear();
}
