//! The hooks of `.pre-commit-hooks.yaml`, run by the real `pre-commit` in a throwaway git
//! repository: other XML goes through, security XML with errors stops the commit, and the
//! repository hook finds a category duplicated against a file committed earlier.
//!
//! The hooks are taken from the manifest as they are, as a `repo: local` with `language: system`
//! instead of `rust`, so that the secgov under test (first on PATH) runs rather than a
//! `cargo install` of the repository, which would take minutes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Whether `pre-commit` runs; without it the test is skipped, except on CI (`.ci/run` installs it).
fn pre_commit_available() -> bool {
    let found = Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none_or(|v| v.is_empty() || v == "false"),
            "pre-commit is missing on CI: `pip install pre-commit` (.ci/run does)"
        );
        eprintln!("SKIPPED: pre-commit not found (pip install pre-commit); CI fails instead");
    }
    found
}

struct Repo {
    dir: PathBuf,
    path_env: String,
}

impl Repo {
    fn new(name: &str) -> Repo {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("precommit")
            .join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("repo")).unwrap();
        let secgov_dir = Path::new(env!("CARGO_BIN_EXE_secgov")).parent().unwrap();
        let path_env = std::env::join_paths(std::iter::once(secgov_dir.to_path_buf()).chain(
            std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
        ))
        .unwrap()
        .to_string_lossy()
        .into_owned();
        let repo = Repo { dir, path_env };
        repo.run("git", &["init", "-q"]);
        repo
    }

    fn root(&self) -> PathBuf {
        self.dir.join("repo")
    }

    fn run(&self, program: &str, args: &[&str]) -> Output {
        Command::new(program)
            .args(args)
            .current_dir(self.root())
            .env("PATH", &self.path_env)
            .env("HOME", &self.dir)
            .env("PRE_COMMIT_HOME", self.dir.join("pre-commit-cache"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .env("COLUMNS", crate::support::WIDTH)
            .env("NO_COLOR", "1")
            .env("LC_ALL", "C")
            .output()
            .unwrap_or_else(|e| panic!("{program}: {e}"))
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// `git add -A && git commit`: the commit's output and whether the hooks let it through.
    fn commit(&self, message: &str) -> (bool, String) {
        self.run("git", &["add", "-A"]);
        let out = self.run("git", &["commit", "-qm", message]);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    }
}

/// The manifest's hooks as a local repository of system hooks.
fn local_config() -> String {
    let manifest = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/.pre-commit-hooks.yaml"
    ))
    .unwrap();
    assert_eq!(
        manifest.matches("\n  language: rust\n").count(),
        manifest.matches("- id:").count(),
        "every hook builds with cargo; this test swaps that for the binary under test"
    );
    let hooks: String = manifest
        .replace("\n  language: rust\n", "\n  language: system\n")
        .lines()
        .map(|l| format!("      {l}\n"))
        .collect();
    format!("repos:\n  - repo: local\n    hooks:\n{hooks}")
}

const TEMPLATE: &str = include_str!("../../templates/usg/order-to-cash.xml");

#[test]
fn the_hooks_pass_other_xml_and_stop_a_category_duplicated_against_a_committed_file() {
    if !pre_commit_available() {
        return;
    }
    let repo = Repo::new("hooks");
    repo.write(".pre-commit-config.yaml", &local_config());
    let install = repo.run("pre-commit", &["install"]);
    assert!(
        install.status.success(),
        "{}",
        String::from_utf8_lossy(&install.stderr)
    );

    // Regression: every .xml reached secgov, and a model's AxTable got SG005 and exit 2.
    repo.write(
        "Model/Model/AxTable/CustTable.xml",
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<AxTable xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">\n\t<Name>CustTable</Name>\n</AxTable>\n",
    );
    repo.write("security/order-to-cash.xml", TEMPLATE);
    let (ok, out) = repo.commit("a table and a clean backup");
    assert!(ok, "the commit was refused:\n{out}");
    assert!(out.contains("secgov validate"), "the hooks ran:\n{out}");

    // Security XML with an error still stops the commit, at the staged-files hook.
    repo.write(
        "security/broken.xml",
        &TEMPLATE.replace(
            "<Name>Order to cash</Name>",
            "<Name>Broken</Name><Nmae>x</Nmae>",
        ),
    );
    let (ok, out) = repo.commit("a broken backup");
    assert!(!ok, "a broken backup was committed:\n{out}");
    std::fs::remove_file(repo.root().join("security/broken.xml")).unwrap();

    // A second backup whose category has the name of the committed one: each file is clean on
    // its own, so only the repository hook can see it.
    repo.write("security/copy.xml", TEMPLATE);
    let (ok, out) = repo.commit("a copy of the category");
    assert!(!ok, "a duplicate category was committed:\n{out}");
    assert!(out.contains("SG201"), "{out}");
    let line = |id: &str| {
        out.lines()
            .find(|l| l.starts_with(id) && l.contains('.'))
            .unwrap_or_else(|| panic!("no line for {id}:\n{out}"))
            .to_owned()
    };
    assert!(line("secgov validate.").ends_with("Passed"), "{out}");
    assert!(
        line("secgov validate (whole repository)").ends_with("Failed"),
        "{out}"
    );
    std::fs::remove_dir_all(&repo.dir).unwrap();
}
