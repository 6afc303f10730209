//! `secgov diff` as users run it: exit statuses, argument errors, output files, colour, and the
//! git diff driver documented in docs/diff.md driven by a real `git diff`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn case(name: &str, file: &str) -> PathBuf {
    root().join("tests/fixtures/diff").join(name).join(file)
}

fn secgov(args: &[&str]) -> Output {
    crate::support::command().args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh empty folder under the system temp folder.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("secgov-diff-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn exit_status_is_0_when_same_1_when_different_2_when_unreadable() {
    let old = case("grants", "old.xml");
    let new = case("grants", "new.xml");
    let old = old.to_str().unwrap();
    let same = secgov(&["diff", old, old]);
    assert_eq!(same.status.code(), Some(0));
    assert!(text(&same.stdout).contains("no differences"));
    assert_eq!(
        secgov(&["diff", old, new.to_str().unwrap()]).status.code(),
        Some(1)
    );
    let missing = secgov(&["diff", old, "no/such/file.xml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("no/such/file.xml"));
}

#[test]
fn unknown_ignore_fields_and_parts_are_errors_with_a_suggestion() {
    let old = case("grants", "old.xml");
    let old = old.to_str().unwrap();
    let out = secgov(&["diff", old, old, "--ignore", "descripton"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("did you mean `description`?"),
        "{}",
        text(&out.stderr)
    );
    let out = secgov(&["diff", old, old, "--only", "role"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("did you mean `roles`?"));
}

#[test]
fn an_unknown_category_is_an_error_with_a_suggestion() {
    let old = case("grants", "old.xml");
    let old = old.to_str().unwrap();
    let out = secgov(&["diff", old, old, "--category", "Order to csh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("did you mean `Order to cash`?"));
}

#[test]
fn dev_null_stands_for_nothing() {
    let new = case("grants", "new.xml");
    let out = secgov(&["diff", "/dev/null", new.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let s = text(&out.stdout);
    assert!(s.contains("+ category Order to cash") && s.contains("+ role SalesClerk"));
}

#[test]
fn output_files_are_written_once_and_overwritten_only_with_force() {
    let dir = temp_dir("output");
    let report = dir.join("report.html");
    let (old, new) = (case("grants", "old.xml"), case("grants", "new.xml"));
    let args = |force: bool| {
        let mut a = vec![
            "diff".to_owned(),
            old.display().to_string(),
            new.display().to_string(),
            "--format".into(),
            "html".into(),
            "-o".into(),
            report.display().to_string(),
        ];
        if force {
            a.push("--force".into());
        }
        a
    };
    let run = |force| {
        crate::support::command()
            .args(args(force))
            .output()
            .unwrap()
    };
    let first = run(false);
    assert_eq!(first.status.code(), Some(1), "{}", text(&first.stderr));
    assert!(first.stdout.is_empty());
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<details open>"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no network"
    );
    std::fs::write(&report, "keep me").unwrap();
    let second = run(false);
    assert_eq!(second.status.code(), Some(2));
    assert!(text(&second.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "keep me");
    assert_eq!(run(true).status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&report).unwrap(), html);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn colour_only_when_asked_for() {
    let (old, new) = (case("grants", "old.xml"), case("grants", "new.xml"));
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let always = secgov(&["diff", old, new, "--color", "always"]);
    assert!(text(&always.stdout).contains("\x1b[33m~ privilege"));
    let never = secgov(&["diff", old, new, "--color", "never"]);
    assert!(!text(&never.stdout).contains('\x1b'));
    // Not a terminal: auto means no colour.
    let auto = secgov(&["diff", old, new]);
    assert!(!text(&auto.stdout).contains('\x1b'));
}

/// The wrapper script exactly as docs/diff.md shows it.
fn documented_wrapper() -> String {
    let doc = std::fs::read_to_string(root().join("docs/diff.md")).unwrap();
    let start = doc.find("<!-- git-secgov-diff:start -->").unwrap();
    let end = doc.find("<!-- git-secgov-diff:end -->").unwrap();
    let block = &doc[start..end];
    let body_start = block.find("```sh\n").unwrap() + "```sh\n".len();
    let body_end = block.rfind("```").unwrap();
    block[body_start..body_end].to_owned()
}

fn git(dir: &Path, path_env: &str, args: &[&str]) -> Output {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("PATH", path_env)
        .env("COLUMNS", crate::support::WIDTH)
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
    out
}

#[test]
fn the_documented_git_diff_driver_works_with_a_real_git_diff() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("git is not installed; skipping");
        return;
    }
    let dir = temp_dir("git");
    let bin = dir.join("bin");
    let repo = dir.join("repo");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::create_dir_all(&repo).unwrap();
    let wrapper = bin.join("git-secgov-diff");
    std::fs::write(&wrapper, documented_wrapper()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let secgov_dir = Path::new(env!("CARGO_BIN_EXE_secgov")).parent().unwrap();
    let path_env = format!(
        "{}:{}:{}",
        bin.display(),
        secgov_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let git = |args: &[&str]| git(&repo, &path_env, args);
    git(&["init", "-q"]);
    git(&["config", "diff.secgov.command", "git-secgov-diff"]);
    std::fs::write(
        repo.join(".gitattributes"),
        "**/AxSecurityRole/*.xml diff=secgov\n**/AxSecurityPrivilege/*.xml diff=secgov\n",
    )
    .unwrap();
    let template = root().join("templates/aot/ContosoSecurity/ContosoSecurity");
    let roles = repo.join("ContosoSecurity/AxSecurityRole");
    std::fs::create_dir_all(&roles).unwrap();
    let role_file = roles.join("ContosoVendorAdministrator.xml");
    let original =
        std::fs::read_to_string(template.join("AxSecurityRole/ContosoVendorAdministrator.xml"))
            .unwrap();
    std::fs::write(&role_file, &original).unwrap();
    git(&["add", "."]);
    git(&["commit", "-qm", "role"]);

    // A duty added and the privileges reordered: one change, not a text diff.
    let changed = original.replace(
        "\t\t<AxSecurityDutyReference>\n\t\t\t<Name>ContosoVendorMasterMaintain</Name>\n\t\t</AxSecurityDutyReference>",
        "\t\t<AxSecurityDutyReference>\n\t\t\t<Name>ContosoVendorInvoiceApprove</Name>\n\t\t</AxSecurityDutyReference>\n\t\t<AxSecurityDutyReference>\n\t\t\t<Name>ContosoVendorMasterMaintain</Name>\n\t\t</AxSecurityDutyReference>",
    );
    assert_ne!(
        changed, original,
        "the template changed shape; update this test"
    );
    std::fs::write(&role_file, &changed).unwrap();
    // A new privilege file: git passes /dev/null as the old side.
    let privileges = repo.join("ContosoSecurity/AxSecurityPrivilege");
    std::fs::create_dir_all(&privileges).unwrap();
    std::fs::copy(
        template.join("AxSecurityPrivilege/ContosoVendInvoiceView.xml"),
        privileges.join("ContosoVendInvoiceView.xml"),
    )
    .unwrap();
    git(&["add", "-N", "."]);
    let out = git(&["diff"]);
    let shown = text(&out.stdout);
    let expected_role = "--- a/ContosoSecurity/AxSecurityRole/ContosoVendorAdministrator.xml\n\
                         +++ b/ContosoSecurity/AxSecurityRole/ContosoVendorAdministrator.xml\n\
                         ~ role ContosoVendorAdministrator\n  + duty ContosoVendorInvoiceApprove\n\n1 added\n";
    assert!(shown.contains(expected_role), "git diff printed:\n{shown}");
    assert!(
        shown.contains("+ privilege ContosoVendInvoiceView"),
        "git diff printed:\n{shown}"
    );
    assert!(!shown.contains("@@"), "no text diff:\n{shown}");
    // The plain text diff is still there when asked for.
    let plain = text(&git(&["diff", "--no-ext-diff"]).stdout);
    assert!(plain.contains("@@"));

    // Regression: one malformed file made the driver exit 2, and git stopped the whole diff
    // ("external diff died"). Now that file falls back to a text diff with one line saying so,
    // and the other files are still compared by secgov.
    git(&["add", "."]);
    git(&["commit", "-qm", "more"]);
    let broken = changed.replace("</AxSecurityRole>", "<Unclosed></AxSecurityRole>");
    std::fs::write(&role_file, &broken).unwrap();
    let privilege_file = privileges.join("ContosoVendInvoiceView.xml");
    let privilege = std::fs::read_to_string(&privilege_file).unwrap();
    std::fs::write(
        &privilege_file,
        privilege.replace("<Grant>", "<Grant>\n\t\t\t\t<Delete>Allow</Delete>"),
    )
    .unwrap();
    let out = git(&["diff"]);
    let shown = text(&out.stdout);
    assert!(
        out.status.success(),
        "git diff failed:\n{}",
        text(&out.stderr)
    );
    assert!(
        shown.contains(
            "secgov diff could not read ContosoSecurity/AxSecurityRole/ContosoVendorAdministrator.xml"
        ),
        "git diff printed:\n{shown}"
    );
    assert!(
        shown
            .lines()
            .any(|l| l.starts_with('+') && l.contains("<Unclosed>")),
        "the text diff of the broken file:\n{shown}"
    );
    assert!(
        shown.contains("~ privilege ContosoVendInvoiceView"),
        "the other file is still compared by secgov:\n{shown}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_html_reports_filter_script_is_valid_javascript() {
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!("node is not installed; skipping");
        return;
    }
    let (old, new) = (case("renamed", "old.xml"), case("renamed", "new.xml"));
    let out = secgov(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "html",
    ]);
    let html = text(&out.stdout);
    let start = html.find("<script>").unwrap() + "<script>".len();
    let end = html.find("</script>").unwrap();
    let dir = temp_dir("script");
    let script = dir.join("filter.js");
    std::fs::write(&script, &html[start..end]).unwrap();
    let check = Command::new("node")
        .arg("--check")
        .arg(&script)
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", text(&check.stderr));
    std::fs::remove_dir_all(&dir).unwrap();
}
