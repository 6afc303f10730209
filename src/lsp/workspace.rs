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
    pub(crate) fn analyze(&self) -> Loaded {
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
    pub(crate) fn uri_of(&self, path: &str) -> Option<Uri> {
        if let Some((uri, _)) = self.open.get(path) {
            return Some(uri.clone());
        }
        path_to_uri(Path::new(path))
    }
}

/// `file:` URI to a path, by the `url` crate (drive letters and `%3A` on Windows, percent
/// escapes); `None` for other schemes, for malformed percent escapes and for paths that are not
/// UTF-8 (the server keys documents by their path as text).
pub(crate) fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    if !escapes_are_well_formed(uri.as_str()) {
        return None;
    }
    let url = url::Url::parse(uri.as_str()).ok()?;
    if url.scheme() != "file" {
        return None;
    }
    let path = url.to_file_path().ok()?;
    path.to_str()?;
    Some(path)
}

/// The `file:` URI of a path (made absolute from the working folder), by the `url` crate.
pub(crate) fn path_to_uri(path: &Path) -> Option<Uri> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let url = url::Url::from_file_path(absolute).ok()?;
    Uri::from_str(url.as_str()).ok()
}

/// Whether the percent escapes of a `file:` URI are well-formed and decode to UTF-8 (the server
/// keys documents by their path as text; bytes that are not UTF-8 would name another file).
pub(crate) fn escapes_are_valid(uri: &Uri) -> bool {
    let s = uri.as_str();
    if !escapes_are_well_formed(s) {
        return false;
    }
    match url::Url::parse(s)
        .ok()
        .filter(|u| u.scheme() == "file")
        .and_then(|u| u.to_file_path().ok())
    {
        Some(path) => path.to_str().is_some(),
        None => true,
    }
}

/// Whether every `%` in `s` starts an escape of two hex digits. The `url` crate keeps a
/// malformed escape as written, and the path would silently name another file.
pub(crate) fn escapes_are_well_formed(s: &str) -> bool {
    let bytes = s.as_bytes();
    memchr::memchr_iter(b'%', bytes).all(|i| {
        bytes
            .get(i + 1..i + 3)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    })
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
            let uri = Uri::from_str(&format!("file://{s}"));
            assert_eq!(uri.ok().and_then(|u| uri_to_path(&u)), None, "{s}");
        }
        let uri = Uri::from_str("file:///a%20b").unwrap();
        assert_eq!(uri_to_path(&uri), Some(PathBuf::from("/a b")));
    }

    // Regression (issue 20): the hand-written encoder escaped the drive letter's colon, so a
    // location in another file came back as `file:///C%3A/...`, a URI the editor did not send.
    #[test]
    fn uris_from_the_editor_come_back_unchanged() {
        for s in [
            "file:///C:/x/y.xml",
            "file:///tmp/My%20Model/%C3%A9t%C3%A9.xml",
            "file:///tmp/a%23b/c.xml",
        ] {
            let uri = Uri::from_str(s).unwrap();
            let path = uri_to_path(&uri).unwrap();
            assert_eq!(path_to_uri(&path).unwrap().as_str(), s);
        }
        let uri = Uri::from_str("file:///tmp/My%20Model/%C3%A9t%C3%A9.xml").unwrap();
        assert_eq!(
            uri_to_path(&uri).unwrap(),
            PathBuf::from("/tmp/My Model/été.xml")
        );
        let uri = Uri::from_str("file:///tmp/a%23b/c.xml").unwrap();
        assert_eq!(uri_to_path(&uri).unwrap(), PathBuf::from("/tmp/a#b/c.xml"));
    }

    #[cfg(windows)]
    #[test]
    fn windows_drive_letters_are_paths() {
        for s in ["file:///C:/x/y.xml", "file:///c%3A/x/y.xml"] {
            let uri = Uri::from_str(s).unwrap();
            let path = uri_to_path(&uri).unwrap();
            assert!(
                path.to_str().unwrap().eq_ignore_ascii_case("C:\\x\\y.xml"),
                "{path:?}"
            );
        }
        let uri = path_to_uri(Path::new("C:\\x\\y z.xml")).unwrap();
        assert_eq!(uri.as_str(), "file:///C:/x/y%20z.xml");
    }
}
