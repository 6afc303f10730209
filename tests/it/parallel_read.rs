//! A large backup's categories are read on several threads (`--threads`); the model and the
//! findings must be exactly those of reading on one thread, in the same order.

use crate::synth::{Corpus, Size};
use secgov::load::{LoadOptions, load_bytes};

#[test]
fn categories_read_on_threads_give_the_one_thread_model() {
    // Large enough (about 6 MiB, two or more categories) to take the threaded path.
    let corpus = Corpus::generate(7, Size::Bytes(6 << 20));
    let mut xml = crate::synth::usg_backup(&corpus);
    assert!(xml.len() > 4 << 20 && corpus.categories.len() > 1);
    // Findings from several categories, so that their order is checked too.
    xml = xml
        .replacen("<Name>", "<Name> ", 3)
        .replacen("<Grant>", "<Grant><Bogus/>", 5);
    let read = |threads| {
        load_bytes(
            "big.xml",
            xml.as_bytes(),
            &LoadOptions {
                threads,
                ..LoadOptions::default()
            },
        )
    };
    let one = read(1);
    let many = read(4);
    assert!(!one.diagnostics.is_empty());
    assert_eq!(format!("{:?}", one.model), format!("{:?}", many.model));
    assert_eq!(
        format!("{:?}", one.diagnostics),
        format!("{:?}", many.diagnostics)
    );
}
