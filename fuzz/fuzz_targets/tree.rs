//! Fuzz target: the fast scanner against roxmltree on arbitrary text. The scanner must never
//! accept what roxmltree rejects, and where it accepts, both must build the same tree
//! (`secgov::xml::fast_path_agrees`). Then the whole reader on the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secgov::load::{LoadOptions, load_bytes};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(e) = secgov::xml::fast_path_agrees(text) {
            panic!("{e}");
        }
    }
    let _ = load_bytes("t.xml", data, &LoadOptions::default());
});
