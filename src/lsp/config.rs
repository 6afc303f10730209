//! `secgov.toml` in the language server: the settings the diagnostics use, read again whenever
//! diagnostics are published (so an edit, a save or a change on disk applies without a restart),
//! and its error shown as a diagnostic on the file itself, where `secgov validate` would exit 2.

use super::position::LineIndex;
use super::workspace::{Workspace, path_to_uri, uri_to_path};
use crate::config::{ConfigError, FILE_NAME};
use crate::rules::CheckOptions;
use lsp_types as lsp;
use std::path::Path;

/// The settings in force and what to publish for `secgov.toml`.
#[derive(Debug, Default)]
pub struct Settings {
    /// From the config when it is valid; the defaults otherwise (as before it existed).
    pub options: CheckOptions,
    /// The config's URI and its diagnostics (none when it is valid); `None` when there is no
    /// config.
    pub published: Option<(lsp::Uri, Vec<lsp::Diagnostic>)>,
}

/// Whether `uri` names a `secgov.toml`.
pub(crate) fn is_config(uri: &lsp::Uri) -> bool {
    uri_to_path(uri).is_some_and(|p| p.file_name().is_some_and(|n| n == FILE_NAME))
}

impl Settings {
    /// The nearest `secgov.toml` at or above `root`, as the editor holds it when it is open
    /// (unsaved text included), else as saved.
    pub fn read(root: Option<&Path>, ws: &Workspace) -> Settings {
        let mut options = CheckOptions::default();
        let open = |p: &Path| ws.configs.get(&p.display().to_string());
        let Some(path) = root.and_then(|root| {
            root.ancestors()
                .map(|dir| dir.join(FILE_NAME))
                .find(|p| open(p).is_some() || p.is_file())
        }) else {
            return Settings {
                options,
                published: None,
            };
        };
        let (uri, text, result) = match open(&path) {
            Some((uri, text)) => (
                Some(uri.clone()),
                text.clone(),
                crate::config::parse(text, &path),
            ),
            None => (
                path_to_uri(&path),
                std::fs::read_to_string(&path).unwrap_or_default(),
                crate::config::load(&path),
            ),
        };
        let diagnostics = match result {
            Ok(config) => {
                config.apply(&mut options);
                Vec::new()
            }
            Err(e) => vec![diagnostic(&e, &path, &text)],
        };
        Settings {
            options,
            published: uri.map(|uri| (uri, diagnostics)),
        }
    }
}

/// The error at the value it is about (the start of the file when it has no place, such as an
/// unreadable file).
fn diagnostic(e: &ConfigError, path: &Path, text: &str) -> lsp::Diagnostic {
    let span = e.span.clone().unwrap_or(0..0);
    // An error in the file `sod-file` names is shown here, with that file's name.
    let message = if e.path == path {
        e.message.clone()
    } else {
        format!("{}: {}", e.path.display(), e.message)
    };
    lsp::Diagnostic {
        range: LineIndex::new(text).range(span.start, span.end),
        severity: Some(lsp::DiagnosticSeverity::ERROR),
        source: Some("secgov".to_owned()),
        message: format!(
            "{message}\nhelp: the format is described in docs/validate.md; until it is fixed the defaults apply"
        ),
        ..lsp::Diagnostic::default()
    }
}
