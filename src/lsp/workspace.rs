//! The files the language server knows: the workspace folder read at start-up and the documents
//! open in the editor (whose unsaved text wins over the file on disk).

use crate::load::{LoadOptions, Loaded, expand_paths, load_sources};
use lsp_types::Uri;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// An open document.
#[derive(Debug, Clone)]
pub struct OpenDocument {
    pub text: String,
    pub version: i32,
}

#[derive(Debug, Default)]
pub struct Workspace {
    /// Security files found below the workspace root at start-up, by path.
    disk: BTreeMap<String, Vec<u8>>,
    /// Open documents by path.
    pub open: BTreeMap<String, (Uri, OpenDocument)>,
    /// Open `secgov.toml` files by path, with their unsaved text: settings, never read as XML.
    pub configs: BTreeMap<String, (Uri, String)>,
}

impl Workspace {
    /// Reads the security XML below `root` (if any).
    pub fn new(root: Option<&Path>) -> Self {
        let mut disk = BTreeMap::new();
        if let Some(root) = root {
            let (files, _) = expand_paths(&[root.to_path_buf()]);
            for f in files {
                if let Ok(bytes) = crate::input::read(&f, crate::input::DEFAULT_MAX_SIZE) {
                    disk.insert(f.display().to_string(), bytes);
                }
            }
        }
        Workspace {
            disk,
            open: BTreeMap::new(),
            configs: BTreeMap::new(),
        }
    }

    /// Reads everything as one run: open documents as typed, other files as on disk.
    pub fn analyze(&self) -> Loaded {
        let mut sources: Vec<(String, Vec<u8>)> = self
            .disk
            .iter()
            .filter(|(path, _)| !self.open.contains_key(*path))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect();
        sources.extend(
            self.open
                .iter()
                .map(|(p, (_, d))| (p.clone(), d.text.clone().into_bytes())),
        );
        load_sources(&sources, &LoadOptions::default())
    }

    /// The editor's URI for a path in the model, for locations that point elsewhere.
    pub fn uri_of(&self, path: &str) -> Option<Uri> {
        if let Some((uri, _)) = self.open.get(path) {
            return Some(uri.clone());
        }
        path_to_uri(Path::new(path))
    }
}

/// `file:///...` URI to a path; `None` for other schemes and for malformed percent escapes.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    percent_decode(rest).map(PathBuf::from)
}

pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let mut s = String::from("file://");
    for b in absolute.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&s).ok()
}

/// `s` with `%XX` escapes decoded; `None` when an escape is not two hex digits or the bytes
/// are not UTF-8 (a path would silently name another file).
pub(crate) fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |k: usize| bytes.get(k).and_then(|&c| (c as char).to_digit(16));
            let (hi, lo) = (hex(i + 1)?, hex(i + 2)?);
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_uris_round_trip_with_spaces() {
        let uri = path_to_uri(Path::new("/tmp/My Model/AxSecurityRole/A.xml")).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/My%20Model/AxSecurityRole/A.xml");
        assert_eq!(
            uri_to_path(&uri).unwrap(),
            PathBuf::from("/tmp/My Model/AxSecurityRole/A.xml")
        );
    }

    // Regression: `%` followed by a multi-byte character sliced a string mid-character (a
    // panic that ended the server).
    #[test]
    fn malformed_percent_escapes_are_refused() {
        for s in ["/a%", "/a%4", "/a%zz", "/a%\u{e9}x", "/a%é", "/a%FF"] {
            assert_eq!(percent_decode(s), None, "{s}");
        }
        assert_eq!(percent_decode("/a%20b").as_deref(), Some("/a b"));
    }
}
