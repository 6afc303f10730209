//! The benchmark: `cargo run --release --example bench [-- --quick] [-- --dir DIR]`.
//!
//! Generates the synthetic corpus once (backups of 1, 10 and 100 MiB with a changed copy of each,
//! a folder of 20,000 AOT files and an outline of 100,000 tasks; see `examples/synth/`), then times
//! every command on the same files as a child process and prints a Markdown table of medians and
//! peak memory, with ratios to the raw roxmltree parse (`examples/parse.rs`) and to xmllint, and a
//! check of each target of docs/performance.md. Commands the binary does not have yet are listed
//! as not available. `--quick` uses 1 and 10 MiB and 2,000 files, for a check in seconds.

//! It measures each child's peak memory with `wait4`, which only unix systems have, so on other
//! systems the example builds (as `cargo test` builds every example) and says it cannot run.

#[cfg(unix)]
mod measure;
#[cfg(unix)]
mod suite;
#[path = "../synth/mod.rs"]
mod synth;

#[cfg(unix)]
fn main() {
    suite::main()
}

#[cfg(not(unix))]
fn main() {
    eprintln!("the benchmark measures peak memory with wait4 and runs on Linux or macOS only");
    std::process::exit(2);
}
