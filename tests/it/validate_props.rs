//! Property tests: `check` never panics on damaged input, reports in a stable order, and every
//! finding's place lies inside its file.

use proptest::prelude::*;
use secgov::load::{LoadOptions, load_bytes};
use secgov::model::BackupType;
use secgov::rules::{CheckOptions, RestoreAction, check};

const TEMPLATE: &str = include_str!("../../templates/usg/procure-to-pay.xml");

/// The template with a range cut out and another range pasted somewhere else: truncated,
/// duplicated and misplaced elements, the damage hand edits do.
fn damaged() -> impl Strategy<Value = String> {
    let n = TEMPLATE.len();
    (0..n, 0..200usize, 0..n, 0..n, 0..400usize).prop_map(
        move |(cut, cut_len, paste_at, from, len)| {
            let mut text = TEMPLATE.to_owned();
            let snippet: String = TEMPLATE.chars().skip(from).take(len).collect();
            let at = text
                .char_indices()
                .map(|(i, _)| i)
                .find(|i| *i >= paste_at)
                .unwrap_or(text.len());
            text.insert_str(at, &snippet);
            let start = text
                .char_indices()
                .map(|(i, _)| i)
                .find(|i| *i >= cut)
                .unwrap_or(text.len());
            let end = text
                .char_indices()
                .map(|(i, _)| i)
                .find(|i| *i >= start + cut_len)
                .unwrap_or(text.len());
            text.replace_range(start..end, "");
            text
        },
    )
}

fn options() -> impl Strategy<Value = CheckOptions> {
    (0..4usize, 0..4usize, any::<bool>()).prop_map(|(t, a, allow_users)| CheckOptions {
        restore_type: BackupType::ALL.get(t).copied(),
        action: [
            RestoreAction::Create,
            RestoreAction::Clear,
            RestoreAction::None,
        ]
        .get(a)
        .copied(),
        allow_users,
        ..CheckOptions::default()
    })
}

proptest! {
    #![proptest_config(crate::property::config(48))]

    #[test]
    fn check_survives_damaged_backups(text in damaged(), options in options()) {
        let loaded = load_bytes("p2p.xml", text.as_bytes(), &LoadOptions::default());
        let found = check(&loaded.model, &loaded.diagnostics, &options);
        let mut sorted = found.clone();
        secgov::diag::sort(&mut sorted);
        prop_assert_eq!(&sorted, &found);
        for d in &found {
            if let (Some(f), Some(span)) = (d.file, d.span) {
                let len = loaded.model.files[f].text.len();
                prop_assert!(span.start <= span.end && span.end <= len, "{:?}", d);
            }
        }
    }
}
