//! Input paths as the user typed them: `-` for standard input, and glob patterns that the shell
//! did not expand. PowerShell and cmd pass `*.xml` through as it is, so secgov expands a pattern
//! itself, the same way on every platform.

use secgov::input::STDIN;
use std::path::PathBuf;

/// The paths with every glob pattern replaced by the files it matches, in sorted order. A path
/// that exists is taken as it is, even with `*`, `?` or `[` in its name; `-` is standard input.
/// A pattern that matches nothing, or is malformed, is an error naming it (as for a missing file
/// the user would otherwise learn only "cannot read *.xml").
pub(crate) fn expand_globs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let options = glob::MatchOptions {
        // Windows file names ignore case, as its shells' own matching does.
        case_sensitive: !cfg!(windows),
        require_literal_separator: true,
        // `*` does not match hidden files, as in a Unix shell.
        require_literal_leading_dot: true,
    };
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        let text = path.to_string_lossy();
        let is_pattern = text.contains(['*', '?', '[']);
        if !is_pattern || path.as_os_str() == STDIN || path.exists() {
            out.push(path.clone());
            continue;
        }
        let matches = glob::glob_with(&text, options)
            .map_err(|e| format!("`{text}` is not a valid pattern: {}", e.msg))?;
        let before = out.len();
        out.extend(matches.filter_map(Result::ok));
        if out.len() == before {
            return Err(format!("no file or folder matches `{text}`"));
        }
    }
    Ok(out)
}

/// Whether standard input is named more than once: it can be read only once.
pub(crate) fn stdin_twice(paths: &[PathBuf]) -> bool {
    paths.iter().filter(|p| p.as_os_str() == STDIN).count() > 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_expand_and_literal_paths_stay() {
        let dir = std::env::temp_dir().join(format!("secgov-glob-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        for name in [
            "b.xml",
            "a.xml",
            "c.txt",
            ".hidden.xml",
            "sub/d.xml",
            "odd[1].xml",
        ] {
            std::fs::write(dir.join(name), "x").unwrap();
        }
        let d = dir.display();
        let got = expand_globs(&[PathBuf::from(format!("{d}/*.xml")), PathBuf::from("-")]).unwrap();
        let names: Vec<String> = got
            .iter()
            .map(|p| p.strip_prefix(&dir).unwrap_or(p).display().to_string())
            .collect();
        assert_eq!(names, ["a.xml", "b.xml", "odd[1].xml", "-"]);
        let deep = expand_globs(&[PathBuf::from(format!("{d}/**/d.xml"))]).unwrap();
        assert_eq!(deep, [dir.join("sub/d.xml")]);
        // A file whose name looks like a pattern is that file.
        let literal = dir.join("odd[1].xml");
        assert_eq!(
            expand_globs(std::slice::from_ref(&literal)).unwrap(),
            [literal]
        );
        let none = expand_globs(&[PathBuf::from(format!("{d}/*.csv"))]).unwrap_err();
        assert!(none.contains("no file or folder matches"), "{none}");
        assert!(expand_globs(&[PathBuf::from(format!("{d}/[.xml"))]).is_err());
        // A plain missing path is left for the reader to report (SG007).
        let missing = PathBuf::from(format!("{d}/missing.xml"));
        assert_eq!(
            expand_globs(std::slice::from_ref(&missing)).unwrap(),
            [missing]
        );
        let _ = std::fs::remove_dir_all(&dir);
        assert!(stdin_twice(&[PathBuf::from("-"), PathBuf::from("-")]));
        assert!(!stdin_twice(&[PathBuf::from("-"), PathBuf::from("a.xml")]));
    }
}
