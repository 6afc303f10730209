//! Issue 18, point 7: `generate --dry-run` and the real run agree on where output goes. Without
//! --out (and no `out` in secgov.toml) both stop with the same message; with one, the dry run
//! names the destination the real run writes.

use super::support::{command, fixture};

const OUTLINE: &str = "Category,Process,Task,Duty,ObjectType,ObjectName,Read\n\
    Sales,Orders,Enter orders,SalesOrderMaintain,MenuItemDisplay,SalesTable,Allow\n";

fn run(dir: &str, args: &[&str]) -> (i32, String, String) {
    let o = command()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("secgov runs");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn without_out_both_stop_with_one_message() {
    let dir = fixture("dry-run-agree/", b"");
    std::fs::write(format!("{dir}outline.csv"), OUTLINE).unwrap();
    // Its own (empty) secgov.toml, so no file above the scratch folder gives an `out`.
    std::fs::write(format!("{dir}secgov.toml"), "").unwrap();
    let real = run(&dir, &["generate", "outline.csv"]);
    let dry = run(&dir, &["generate", "outline.csv", "--dry-run"]);
    assert_eq!(real.0, 2, "{}", real.2);
    assert_eq!(real, dry);
    assert!(real.2.contains("--out"), "{}", real.2);
}

#[test]
fn with_out_the_dry_run_names_the_file_the_real_run_writes() {
    let dir = fixture("dry-run-out/", b"");
    // The scratch folder outlives a run: start without the output.
    let _ = std::fs::remove_file(format!("{dir}x.xml"));
    std::fs::write(format!("{dir}outline.csv"), OUTLINE).unwrap();
    let dry = run(
        &dir,
        &["generate", "outline.csv", "-o", "x.xml", "--dry-run"],
    );
    assert_eq!(dry.0, 0, "{}", dry.2);
    assert!(dry.1.starts_with("would write "), "{}", dry.1);
    assert!(
        dry.1.lines().next().unwrap().contains(" to x.xml "),
        "{}",
        dry.1
    );
    assert!(!std::path::Path::new(&format!("{dir}x.xml")).exists());
    let real = run(&dir, &["generate", "outline.csv", "-o", "x.xml"]);
    assert_eq!(real.0, 0, "{}", real.2);
    assert!(real.2.contains("wrote x.xml"), "{}", real.2);
    let stdout = run(&dir, &["generate", "outline.csv", "-o", "-", "--dry-run"]);
    assert!(stdout.1.contains(" to <stdout> "), "{}", stdout.1);
}
