//! The `secgov` binary: parse arguments, run the command, map the outcome to an exit status.
//!
//! The binary allocates with mimalloc (the library and its tests keep the system allocator): with
//! glibc's, a folder of 20,000 files spent its time in 16,000 `mprotect` calls growing the worker
//! threads' heaps, which stalled the other thread, and large backups were a quarter slower.
//! Built without transparent huge pages (the `no_thp` feature), as glibc's heap uses them: with
//! them a run on a 1 MiB file held 29 MB instead of 13 MB. Measured in docs/performance.md.

mod cli;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_arena_eager_commit` and `mi_option_purge_delay`: the same positions in
/// the v2 and v3 option lists of libmimalloc-sys 0.1.49 (`mimalloc.h`), which Cargo.lock pins.
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // Peak memory is a product promise (at most 5x the input): return freed pages to the system
    // at once, and commit arena memory as it is used rather than ahead. Unset, a 100 MiB backup
    // peaked about a fifth higher.
    // SAFETY: sets two integers in mimalloc's option table, before any other thread exists.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
    std::process::exit(cli::run());
}
