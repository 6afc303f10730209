//! Inputs as pipelines and other shells give them (issue 17, item 8): `-` for standard input in
//! every command that reads security XML, glob patterns expanded by secgov itself (PowerShell and
//! cmd pass `*.xml` through unexpanded), and one spelling of the output flag, `-o/--output`, with
//! the old `--out` still accepted.

use crate::support::{command, exit_code, within_watchdog};
use std::io::Write;
use std::path::PathBuf;
use std::process::Stdio;

const DUPLICATES: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<SecurityCategoryBackup Type="UserSecurityGovernance" SchemaVersion="1">
  <SecurityCategory>
    <Name>Procure to pay</Name>
  </SecurityCategory>
  <SecurityCategory>
    <Name>Procure to pay</Name>
  </SecurityCategory>
</SecurityCategoryBackup>
"#;

const CLEAN: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<SecurityCategoryBackup Type="UserSecurityGovernance" SchemaVersion="1">
  <SecurityCategory>
    <Name>Procure to pay</Name>
  </SecurityCategory>
</SecurityCategoryBackup>
"#;

/// Runs `secgov ARGS` in `dir` with `stdin` on standard input: exit status, stdout, stderr.
fn run_in(dir: Option<PathBuf>, args: &[&str], stdin: &str) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let stdin = stdin.to_owned();
    within_watchdog(&format!("secgov {args:?}"), move || {
        let mut cmd = command();
        if let Some(dir) = &dir {
            cmd.current_dir(dir);
        }
        let mut child = cmd
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut input = child.stdin.take().unwrap();
        let feeder = std::thread::spawn(move || {
            let _ = input.write_all(stdin.as_bytes());
        });
        let out = child.wait_with_output().unwrap();
        let _ = feeder.join();
        (
            exit_code(out.status),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    })
}

/// A fresh folder holding `files`.
fn folder(tag: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("pipelines-inputs")
        .join(format!("{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

#[test]
fn validate_reads_standard_input() {
    let (status, out, _) = run_in(None, &["validate", "-", "--format", "json"], DUPLICATES);
    assert_eq!(status, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["diagnostics"][0]["code"], "SG201");
    assert_eq!(v["diagnostics"][0]["path"], "<stdin>");
    assert_eq!(v["diagnostics"][0]["start"]["line"], 7);
    let (status, out, _) = run_in(None, &["validate", "-", "-q"], CLEAN);
    assert_eq!((status, out.as_str()), (0, "checked 1 file: no findings\n"));
}

#[test]
fn inspect_and_diff_read_standard_input() {
    let (status, out, _) = run_in(None, &["inspect", "-"], CLEAN);
    assert_eq!(status, 0);
    assert!(
        out.starts_with("<stdin>: USG security category backup"),
        "{out}"
    );
    let dir = folder("diff", &[("old.xml", DUPLICATES)]);
    let old = dir.join("old.xml").display().to_string();
    let (status, out, err) = run_in(None, &["diff", &old, "-"], CLEAN);
    assert_eq!(status, 1, "{err}");
    assert!(out.contains("+++ <stdin>"), "{out}");
    assert!(out.contains("- category Procure to pay"), "{out}");
    // Standard input can be read once.
    let (status, _, err) = run_in(None, &["diff", "-", "-"], CLEAN);
    assert_eq!(status, 2);
    assert!(err.contains("only once"), "{err}");
    let (status, _, _) = run_in(None, &["validate", "-", "-"], CLEAN);
    assert_eq!(status, 2);
}

#[test]
fn fmt_formats_standard_input_to_standard_output() {
    let squashed = CLEAN.replace("\n  ", "").replace("\n", "");
    let (status, out, err) = run_in(None, &["fmt", "-"], &squashed);
    assert_eq!(status, 0, "{err}");
    // Formatting the formatted text changes nothing: it is canonical.
    let (status, again, _) = run_in(None, &["fmt", "-"], &out);
    assert_eq!((status, again.as_str()), (0, out.as_str()));
    let (status, out, _) = run_in(None, &["fmt", "--check", "-"], &squashed);
    assert_eq!(status, 1);
    assert!(out.starts_with("not formatted: <stdin>\n"), "{out}");
    // There is no file to rewrite.
    let (status, _, err) = run_in(None, &["fmt", "--write", "-"], &squashed);
    assert_eq!(status, 2);
    assert!(err.contains("--write"), "{err}");
}

#[test]
fn glob_patterns_are_expanded_by_secgov() {
    let dir = folder(
        "glob",
        &[("a.xml", DUPLICATES), ("b.xml", CLEAN), ("notes.txt", "x")],
    );
    // Quoted, as PowerShell and cmd pass it: the shell does not expand it.
    let (status, out, err) = run_in(
        Some(dir.clone()),
        &["validate", "*.xml", "--statistics"],
        "",
    );
    assert_eq!(status, 1, "{err}");
    // Both files were read: the name is duplicated in a.xml and again across the two.
    assert!(
        out.ends_with("checked 2 files: 2 errors, 0 warnings, 0 notes\n"),
        "{out}"
    );
    let (status, out, _) = run_in(Some(dir.clone()), &["inspect", "b*.xml"], "");
    assert_eq!(status, 0);
    assert!(out.starts_with("b.xml: "), "{out}");
    let (status, out, _) = run_in(Some(dir.clone()), &["fmt", "--check", "?.xml"], "");
    assert!(
        out.ends_with("0 of 2 files need formatting\n"),
        "{status} {out}"
    );
    let (status, _, err) = run_in(Some(dir), &["validate", "*.csv"], "");
    assert_eq!(status, 2);
    assert!(err.contains("no file or folder matches `*.csv`"), "{err}");
}

#[test]
fn every_writing_command_spells_its_output_flag_dash_dash_output() {
    for sub in ["diff", "generate", "outline", "unpack", "pack", "convert"] {
        let (status, out, _) = run_in(None, &[sub, "--help"], "");
        assert_eq!(status, 0, "{sub}");
        assert!(out.contains("-o, --output <"), "{sub}: {out}");
        // The old spelling is a hidden alias: accepted, not advertised.
        assert!(
            !out.contains("--out <") && !out.contains("--out,"),
            "{sub}: {out}"
        );
    }
    let dir = folder("alias", &[("p2p.csv", "")]);
    let out_file = dir.join("unpacked");
    let export = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/secconfig/SecurityDatabaseCustomizations.xml"
    );
    let (status, _, err) = run_in(
        None,
        &["unpack", export, "--out", &out_file.display().to_string()],
        "",
    );
    assert_eq!(status, 0, "{err}");
    assert!(out_file.is_dir());
}
