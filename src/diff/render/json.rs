//! The change report as JSON, documented in docs/diff.md. The shape is stable: fields are only
//! ever added, and `version` goes up if one is removed or changes meaning.

use super::Labels;
use crate::diff::report::Report;
use serde_json::json;

/// Version of the JSON report's shape.
pub const JSON_VERSION: u32 = 1;

pub fn json(report: &Report, labels: &Labels) -> String {
    let mut value = json!({
        "version": JSON_VERSION,
        "old": labels.old,
        "new": labels.new,
        "same": report.is_same(),
        "summary": report.summary(),
        "changes": report.changes,
        "access": report.access,
        "respelled": report.respelled,
    });
    // Added in place of a version bump: present only when a role's license changed.
    if let Some(licenses) = report.licenses.as_ref().filter(|l| !l.is_empty()) {
        value["licenses"] = json!(licenses);
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
