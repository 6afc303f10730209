//! The one configuration of every property test: how many cases run, from which seed, and where
//! the cases that failed are kept, so that a failure anywhere (CI included) can be replayed here.
//! `docs/testing.md` says how to replay one.

use proptest::test_runner::{Config, FileFailurePersistence, RngSeed};
use std::hash::BuildHasher;

/// The seed when none is given. Fixed, so that `cargo test` runs the same cases on every machine
/// and a change cannot fail CI for cases it has nothing to do with.
pub const DEFAULT_SEED: u64 = 21;

/// Settings for one property: `cases` unless `PROPTEST_CASES` says otherwise, the seed from
/// `SECGOV_PROPTEST_SEED` (a number, or `random` for a fresh one) or [`DEFAULT_SEED`]. The count
/// and seed are printed, which the test harness shows when the property fails.
pub fn config(cases: u32) -> Config {
    let cases = number("PROPTEST_CASES").unwrap_or(cases);
    // proptest applies its own PROPTEST_RNG_SEED after this, so report that one when it is set.
    let seed = number("PROPTEST_RNG_SEED").unwrap_or_else(|| {
        match std::env::var("SECGOV_PROPTEST_SEED").as_deref() {
            Ok("random") => std::collections::hash_map::RandomState::new().hash_one(cases),
            Ok(s) => s.trim().parse().unwrap_or_else(|_| {
                panic!("SECGOV_PROPTEST_SEED={s:?}: expected a number or `random`")
            }),
            Err(_) => DEFAULT_SEED,
        }
    });
    eprintln!(
        "proptest: {cases} cases from seed {seed} \
         (replay: SECGOV_PROPTEST_SEED={seed} PROPTEST_CASES={cases})"
    );
    Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        // Beside the test file (`tests/it/diff_mirror.proptest-regressions`). proptest's default
        // looks for them in `tests/proptest-regressions/` once the folder has a `main.rs`, and would
        // silently skip the committed ones.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..Config::default()
    }
}

fn number<T: std::str::FromStr>(var: &str) -> Option<T> {
    std::env::var(var).ok()?.trim().parse().ok()
}

/// Regression: once the tests moved under `tests/it/` (which has a `main.rs`), proptest's default
/// looked for failure cases in `tests/proptest-regressions/` and skipped the committed ones.
#[test]
fn committed_failure_cases_are_found() {
    let persistence = config(1).failure_persistence.expect("failure persistence");
    for source in [
        "tests/it/diff_mirror.rs",
        "tests/it/encodings.rs",
        "tests/it/render_properties.rs",
    ] {
        let cases = persistence.load_persisted_failures2(Some(source));
        assert!(!cases.is_empty(), "no failure cases found for {source}");
    }
}
