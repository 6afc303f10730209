//! Fuzz target: arbitrary bytes through decode, parse and lower (every dialect, sniffed and
//! forced), then everything `secgov inspect` does with the result (implied security, the human
//! diagnostics renderer and the text, JSON and Mermaid views) and everything `secgov validate`
//! does: every rule, and the report in every output format.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secgov::load::{LoadOptions, load_bytes};
use secgov::model::Dialect;
use secgov::render::{Format, human, inspect, render_diagnostics};
use secgov::rules::{CheckOptions, check, metas};

fuzz_target!(|data: &[u8]| {
    for dialect in [
        None,
        Some(Dialect::UsgBackup),
        Some(Dialect::Aot),
        Some(Dialect::SecurityConfiguration),
    ] {
        let options = LoadOptions {
            dialect,
            ..LoadOptions::default()
        };
        let loaded = load_bytes("fuzz.xml", data, &options);
        let _ = loaded.has_input_errors();
        let _ = secgov::model::implied_security(&loaded.model);
        let _ = human::render(
            &loaded.model.files,
            &loaded.diagnostics,
            human::HumanOptions {
                color: false,
                width: 80,
            },
        );
        let _ = inspect::text(&loaded.model);
        let _ = inspect::json(&loaded.model);
        let _ = inspect::mermaid(&loaded.model);
        let found = check(&loaded.model, &loaded.diagnostics, &CheckOptions::default());
        for format in [Format::Human, Format::Json, Format::Sarif, Format::Github, Format::Junit] {
            let _ = render_diagnostics(format, &loaded.model.files, &found, &metas(), human::HumanOptions::default());
        }
    }
});
