//! Exit statuses of the `secgov` binary, shared by every command and documented in
//! `docs/exit-codes.md`.

/// Success: no findings at or above the failure level, or (diff) no differences.
pub const SUCCESS: i32 = 0;
/// Findings at or above `--fail-on` (validate), or differences (diff).
pub const FINDINGS: i32 = 1;
/// A usage error, or an input that could not be read at all.
pub const ERROR: i32 = 2;
