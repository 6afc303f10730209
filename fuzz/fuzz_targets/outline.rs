//! Fuzz target: arbitrary bytes read as a `secgov generate` outline (CSV, YAML, TOML or an Excel
//! workbook, chosen by the first byte), then the whole generate pipeline: outline checks, writing
//! the backup, reading it back and validating it, and the dry-run hierarchy view.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secgov::generate::{Request, generate, hierarchy_lines};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let name = [
        "outline.csv",
        "outline.yaml",
        "outline.toml",
        "outline.xlsx",
    ][usize::from(selector % 4)];
    let request = Request {
        outlines: vec![(name.to_owned(), rest.to_vec())],
        output_name: "out.xml".to_owned(),
        ..Request::default()
    };
    let generated = generate(&request);
    let _ = hierarchy_lines(&generated.model.categories);
});
