//! Fuzz target: two arbitrary inputs (the bytes split at the first 0xFF 0x00 pair, or in half)
//! read as models and compared with `secgov diff`, with renames and effective access on, then
//! every diff renderer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secgov::diff::render::{self, Labels};
use secgov::diff::{DiffOptions, diff};
use secgov::load::{LoadOptions, load_bytes};

fuzz_target!(|data: &[u8]| {
    let cut = data
        .windows(2)
        .position(|w| w == [0xFF, 0x00])
        .map_or((data.len() / 2, data.len() / 2), |i| (i, i + 2));
    let options = LoadOptions::default();
    let old = load_bytes("old.xml", &data[..cut.0], &options);
    let new = load_bytes("new.xml", &data[cut.1..], &options);
    let diff_options = DiffOptions {
        access: true,
        ..DiffOptions::default()
    };
    let report = diff(&old.model, &new.model, &diff_options);
    let labels = Labels {
        old: "old.xml".into(),
        new: "new.xml".into(),
    };
    let _ = render::human(&report, &labels, false);
    let _ = render::json(&report, &labels);
    let _ = render::markdown(&report, &labels);
    let _ = render::html(&report, &labels);
});
