//! Input paths as the user typed them: `-` for standard input, and glob patterns that the shell
//! did not expand. PowerShell and cmd pass `*.xml` through as it is, so secgov expands a pattern
//! itself, the same way on every platform.

use secgov::input::STDIN;
use std::path::PathBuf;

/// The paths with every glob pattern replaced by the files it matches, in sorted order. A path
/// that exists is taken as it is, even with `*`, `?` or `[` in its name; `-` is standard input.
/// A pattern that matches nothing, or is malformed, is an error naming it (as for a missing file
/// the user would otherwise learn only "cannot read *.xml").
pub(crate) fn expand_globs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, PathError> {
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
            .map_err(|e| PathError::BadPattern(text.to_string(), e.msg))?;
        let before = out.len();
        out.extend(matches.filter_map(Result::ok));
        if out.len() == before {
            return Err(PathError::NoMatch(text.to_string()));
        }
    }
    Ok(out)
}

/// Whether standard input is named more than once: it can be read only once.
pub(crate) fn stdin_twice(paths: &[PathBuf]) -> bool {
    paths.iter().filter(|p| p.as_os_str() == STDIN).count() > 1
}

/// The inputs of a command that reads many: patterns expanded, standard input at most once.
pub(crate) fn inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, PathError> {
    let paths = expand_globs(paths)?;
    match stdin_twice(&paths) {
        true => Err(PathError::StdinTwice),
        false => Ok(paths),
    }
}

/// Why the paths given cannot be read as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathError {
    /// A glob pattern glob cannot parse, and why.
    BadPattern(String, &'static str),
    /// A pattern that matches nothing.
    NoMatch(String),
    /// `-` given more than once.
    StdinTwice,
}

impl std::fmt::Display for PathError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PathError::BadPattern(text, why) => write!(f, "`{text}` is not a valid pattern: {why}"),
            PathError::NoMatch(text) => write!(f, "no file or folder matches `{text}`"),
            PathError::StdinTwice => f.write_str("standard input (-) can be read only once"),
        }
    }
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
        assert!(
            none.to_string().contains("no file or folder matches"),
            "{none}"
        );
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
