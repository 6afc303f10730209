//! Shell integration: completion scripts for every supported shell, and the committed man page
//! kept equal to what `secgov man` generates from the clap definitions.

use std::process::Command;

fn secgov(args: &[&str]) -> std::process::Output {
    crate::support::command()
        .args(args)
        .output()
        .expect("secgov runs")
}

#[test]
fn completion_scripts_name_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = secgov(&["completions", shell]);
        assert!(
            out.status.success(),
            "{shell}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let script = String::from_utf8(out.stdout).unwrap();
        for sub in ["inspect", "completions", "man"] {
            assert!(script.contains(sub), "{shell} script lacks {sub}");
        }
    }
}

#[test]
fn bash_accepts_the_completion_script() {
    let script = secgov(&["completions", "bash"]).stdout;
    let path = std::env::temp_dir().join(format!("secgov-completion-{}.bash", std::process::id()));
    std::fs::write(&path, script).unwrap();
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!("source '{}' && complete -p secgov", path.display()))
        .output()
        .expect("bash runs");
    std::fs::remove_file(&path).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("secgov"));
}

/// What bash's completion offers after `words` (the last one is the word being completed), through
/// the generated script run by a real bash.
fn bash_completes(words: &[&str]) -> Vec<String> {
    let script = secgov(&["completions", "bash"]).stdout;
    let path = std::env::temp_dir().join(format!(
        "secgov-completion-{}-{}.bash",
        std::process::id(),
        words.len()
    ));
    std::fs::write(&path, script).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let run = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; _secgov secgov '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        path.display(),
        quoted.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(run)
        .current_dir(std::env::temp_dir())
        .output()
        .expect("bash runs");
    std::fs::remove_file(&path).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut offered: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    offered.sort();
    offered
}

/// Regression: `validate --format` and `--restore-type` completed file names, because their
/// values were parsed by hand rather than listed to clap.
#[test]
fn bash_completes_the_values_of_validate_options() {
    assert_eq!(
        bash_completes(&["secgov", "validate", "--format", ""]),
        ["github", "human", "json", "junit", "sarif"]
    );
    assert_eq!(
        bash_completes(&["secgov", "validate", "--restore-type", ""]),
        [
            "GovernanceAndConfiguration",
            "SecurityConfiguration",
            "UserSecurityGovernance"
        ]
    );
    assert_eq!(
        bash_completes(&["secgov", "generate", "--type", "User"]),
        ["UserSecurityGovernance"]
    );
    assert_eq!(
        bash_completes(&["secgov", "completions", "p"]),
        ["powershell"]
    );
}

#[test]
fn unknown_shell_is_a_usage_error() {
    let out = secgov(&["completions", "cmd.exe"]);
    assert_eq!(out.status.code(), Some(secgov::exit::ERROR));
}

/// The committed man page must equal the generated one; run with SECGOV_BLESS=1 to update it.
#[test]
fn committed_man_page_is_current() {
    let generated = String::from_utf8(secgov(&["man"]).stdout).unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/man/secgov.1");
    if std::env::var_os("SECGOV_BLESS").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/man/secgov.1 is stale: run `SECGOV_BLESS=1 cargo test --test it cli_shell` and commit it"
    );
}

/// Regression: the page pointed at `secgov-validate(1)` and the like, pages that do not exist, and
/// had no EXIT STATUS or EXAMPLES.
#[test]
fn the_man_page_is_one_page_with_exit_status_and_examples() {
    let page = String::from_utf8(secgov(&["man"]).stdout).unwrap();
    let references: Vec<&str> = page
        .lines()
        .filter(|l| l.contains("(1)") && !l.starts_with(".TH"))
        .collect();
    assert!(references.is_empty(), "{references:?}");
    for section in [
        ".SH COMMANDS",
        ".SH \"SECGOV VALIDATE\"",
        ".SH \"EXIT STATUS\"",
        ".SH EXAMPLES",
    ] {
        assert!(page.contains(section), "{section} missing");
    }
    assert_eq!(page.matches(".SH NAME").count(), 1);
}
