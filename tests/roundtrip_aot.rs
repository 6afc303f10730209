//! AOT files written back from the model: the real files of ../shared/corpus/aot come out byte
//! for byte as Visual Studio wrote them.

use secgov::load::{LoadOptions, load};
use secgov::write::aot;
use std::path::PathBuf;

fn corpus() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/aot"))
}

#[test]
fn every_real_file_is_written_back_byte_for_byte() {
    let loaded = load(&[corpus()], &LoadOptions::default());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let m = &loaded.model;
    assert_eq!(m.files.len(), 59);
    let mut written = Vec::new();
    written.extend(m.roles.iter().map(|o| (o.file, aot::role(m, o))));
    written.extend(m.duties.iter().map(|o| (o.file, aot::duty(m, o))));
    written.extend(m.privileges.iter().map(|o| (o.file, aot::privilege(m, o))));
    written.extend(
        m.duty_extensions
            .iter()
            .map(|o| (o.file, aot::extension(m, o))),
    );
    written.extend(
        m.role_extensions
            .iter()
            .map(|o| (o.file, aot::extension(m, o))),
    );
    assert_eq!(written.len(), 59);
    for (file, text) in written {
        let original = std::fs::read_to_string(&m.files[file].path).unwrap();
        assert_eq!(text, original, "{}", m.files[file].path);
    }
}
