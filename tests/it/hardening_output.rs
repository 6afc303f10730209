//! Issue 14, the output side: reports that stay linear and bounded however many findings there
//! are (classes 6 and 7), and writes that change only the text, all or nothing, never over an
//! input (classes 9, 10 and 12). Each test is a regression test for the class it names, run at a
//! size where the old code failed, judged by counts and file contents, never by seconds.

use crate::support::{fixture, secgov};
use std::path::{Path, PathBuf};

const TEMPLATES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");

/// A backup with one category holding `n` unknown elements, all on one line.
fn unknown_elements(n: usize) -> String {
    format!(
        "<SecurityCategoryBackup Type=\"UserSecurityGovernance\"><SecurityCategory><Name>C</Name>{}</SecurityCategory></SecurityCategoryBackup>",
        "<Bogus/>".repeat(n)
    )
}

fn count(text: &str, code: &str) -> usize {
    text.lines().filter(|l| l.trim() == code).count()
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(fixture(&format!("output-{name}/"), b""));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Regression (class 6): each finding's line ends were searched for in the text, so the human
/// report took time proportional to findings × line length (80,000 findings: 39 s).
#[test]
fn a_hundred_thousand_findings_on_one_line_render() {
    let path = fixture("output-100k.xml", unknown_elements(100_000).as_bytes());
    let o = secgov(&["validate", &path, "--max-findings", "0"]);
    o.assert_no_panic();
    assert_eq!(o.status, 1, "{}", &o.stderr[..o.stderr.len().min(2000)]);
    assert_eq!(count(&o.stdout, "SG101"), 100_000);
    // The header line wraps wherever the checkout's path puts the break, even inside the path.
    let flat = crate::support::flat(&o.stdout);
    assert!(flat.contains("output-100k.xml:1:800080:"), "the last one");
}

/// Regression (class 6): same-name categories on one line, each pointing back at the first.
#[test]
fn twenty_thousand_same_name_categories_on_one_line_render() {
    let xml = format!(
        "<SecurityCategoryBackup Type=\"UserSecurityGovernance\">{}</SecurityCategoryBackup>",
        "<SecurityCategory><Name>C</Name></SecurityCategory>".repeat(20_000)
    );
    let path = fixture("output-same-name.xml", xml.as_bytes());
    let o = secgov(&["validate", &path, "--max-findings", "0"]);
    o.assert_no_panic();
    assert_eq!(count(&o.stdout, "SG201"), 19_999);
}

/// Regression (class 7): findings were not capped, so a file of millions of findings took
/// gigabytes. The default cap keeps the first 10,000 in report order and says how many more.
#[test]
fn findings_past_the_cap_are_counted_not_kept() {
    let path = fixture("output-12k.xml", unknown_elements(12_000).as_bytes());
    let o = secgov(&["validate", &path]);
    o.assert_no_panic();
    assert_eq!(o.status, 1);
    assert_eq!(count(&o.stdout, "SG101"), 10_000);
    assert_eq!(count(&o.stdout, "SG099"), 1);
    let text = crate::support::unwrapped(&o.stdout);
    assert!(
        text.contains("2000 more findings were left out (the most severe: error)"),
        "{}",
        &text[..2000]
    );
    assert!(text.contains("--max-findings"));
    // The first 10,000 in report order: the last one kept is the 10,000th element.
    let flat = crate::support::flat(&o.stdout);
    assert!(flat.contains(&format!("output-12k.xml:1:{}:", 88 + 8 * 9_999)));
    assert!(!flat.contains(&format!("output-12k.xml:1:{}:", 88 + 8 * 10_000)));

    let json = secgov(&["validate", &path, "-f", "json", "--max-findings", "100"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["left_out"], 11_900);
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 101);
    assert_eq!(v["diagnostics"][0]["code"], "SG099");

    let sarif = secgov(&["validate", &path, "-f", "sarif", "--max-findings", "100"]);
    let v: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    assert_eq!(v["runs"][0]["properties"]["left_out"], 11_900);
    assert_eq!(v["runs"][0]["invocations"][0]["executionSuccessful"], true);
    assert_eq!(
        v["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["associatedRule"]["id"],
        "SG099"
    );
    for format in ["github", "junit"] {
        let o = secgov(&["validate", &path, "-f", format, "--max-findings", "100"]);
        assert!(o.stdout.contains("SG099"), "{format}");
        assert!(o.stdout.contains("11900 more findings"), "{format}");
    }

    // No cap: all of them, and no SG099.
    let o = secgov(&["validate", &path, "--max-findings", "0", "-f", "json"]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["left_out"], 0);
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 12_000);
}

/// The cap holds for the other commands that report findings.
/// Readers skip building findings the cap would drop (message, help, did-you-mean): what they
/// report must be exactly the first findings of the uncapped list, with the same SG099 count and
/// severity, for USG backups (unknown elements among good ones, and required ones missing) and
/// AOT files.
#[test]
fn findings_skipped_past_the_cap_give_the_report_capping_the_whole_list_gives() {
    use secgov::diag::{Diagnostic, cap};
    use secgov::load::{LoadOptions, load_bytes};
    // 3,000 elements between `head` and `tail`, the i-th given by `item(i)`.
    let mixed = |head: &str, item: &dyn Fn(usize) -> String, tail: &str| {
        let body: String = (0..3_000).map(item).collect();
        format!("{head}{body}{tail}")
    };
    let backup = mixed(
        "<SecurityCategoryBackup Type=\"UserSecurityGovernance\"><SecurityCategory><Name>C</Name>",
        &|i| {
            let own = if i % 7 == 0 {
                "<Nmae>x</Nmae>"
            } else {
                "<Bogus/>"
            };
            let nested = match i % 11 {
                0 => "<ProcessHierarchy><Process><Bad/></Process></ProcessHierarchy>",
                _ => "",
            };
            format!("{own}{nested}")
        },
        "</SecurityCategory></SecurityCategoryBackup>",
    );
    let aot = mixed(
        "<AxSecurityPrivilege><Name>P</Name><EntryPoints><AxSecurityEntryPointReference><Name>E</Name><Grant>",
        &|i| {
            (if i % 5 == 0 {
                "<Raed>Allow</Raed>"
            } else {
                "<Bogus/>"
            })
            .to_owned()
        },
        "</Grant><ObjectName>X</ObjectName><ObjectType>MenuItemDisplay</ObjectType></AxSecurityEntryPointReference></EntryPoints></AxSecurityPrivilege>",
    );
    let read = |text: &str, max_findings: usize| -> Vec<Diagnostic> {
        let options = LoadOptions {
            max_findings,
            ..LoadOptions::default()
        };
        load_bytes("in.xml", text.as_bytes(), &options).diagnostics
    };
    for text in [&backup, &aot] {
        let whole = read(text, 0);
        assert!(whole.len() > 2_000, "{}", whole.len());
        for max in [1, 10, 333] {
            let mut expected = whole.clone();
            cap(&mut expected, max);
            let mut got = read(text, max);
            cap(&mut got, max);
            assert_eq!(format!("{got:?}"), format!("{expected:?}"), "max {max}");
        }
    }
}

#[test]
fn inspect_caps_its_findings_too() {
    let path = fixture("output-inspect-cap.xml", unknown_elements(3_000).as_bytes());
    let o = secgov(&["inspect", &path, "--max-findings", "50"]);
    o.assert_no_panic();
    assert_eq!(count(&o.stderr, "SG101"), 50);
    assert_eq!(count(&o.stderr, "SG099"), 1);
}

#[cfg(unix)]
mod unix {
    use super::*;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    fn unformatted(dir: &Path, name: &str) -> (PathBuf, Vec<u8>) {
        let original = std::fs::read(Path::new(TEMPLATES).join("usg/order-to-cash.xml")).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, &original).unwrap();
        (path, original)
    }

    /// Regression (class 9): `fmt --write` made a 0600 file 0644 (world-readable).
    #[test]
    fn fmt_write_keeps_the_mode() {
        let dir = scratch("mode");
        let (path, original) = unformatted(&dir, "private.xml");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let o = secgov(&["fmt", "--write", s(&path)]);
        assert_eq!(o.status, 0, "{}", o.stderr);
        assert_ne!(std::fs::read(&path).unwrap(), original, "formatted");
        assert_eq!(path.metadata().unwrap().mode() & 0o777, 0o600);
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file left");
    }

    /// Regression (class 9): a symbolic link was replaced by a regular file and its target left
    /// unformatted.
    #[test]
    fn fmt_write_formats_a_symlinks_target_and_keeps_the_link() {
        let dir = scratch("symlink");
        let (real, original) = unformatted(&dir, "real.xml");
        let link = dir.join("link.xml");
        std::os::unix::fs::symlink("real.xml", &link).unwrap();
        let o = secgov(&["fmt", "--write", s(&link)]);
        assert_eq!(o.status, 0, "{}", o.stderr);
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_ne!(
            std::fs::read(&real).unwrap(),
            original,
            "the target is formatted"
        );
    }

    /// Regression (class 9): hard links were split. Now refused (SG955) unless --force, which
    /// writes in place so every name sees the new text.
    #[test]
    fn fmt_write_refuses_a_hard_linked_file_unless_forced() {
        let dir = scratch("hardlink");
        let (path, original) = unformatted(&dir, "one.xml");
        let other = dir.join("two.xml");
        std::fs::hard_link(&path, &other).unwrap();
        let o = secgov(&["fmt", "--write", s(&path)]);
        assert_eq!(o.status, 2, "{}", o.stderr);
        assert!(o.stderr.contains("SG955"), "{}", o.stderr);
        assert!(o.stderr.contains("--force"), "{}", o.stderr);
        assert_eq!(std::fs::read(&path).unwrap(), original, "untouched");

        let o = secgov(&["fmt", "--write", "--force", s(&path)]);
        assert_eq!(o.status, 0, "{}", o.stderr);
        assert_ne!(std::fs::read(&other).unwrap(), original);
        assert_eq!(
            std::fs::read(&other).unwrap(),
            std::fs::read(&path).unwrap()
        );
        assert_eq!(path.metadata().unwrap().nlink(), 2);
    }

    /// Regression (class 12): `generate x.csv -o x.csv --force` replaced the outline with XML.
    #[test]
    fn an_output_that_is_an_input_is_refused_also_through_a_link() {
        let dir = scratch("same");
        let outline = dir.join("roles.csv");
        std::fs::copy(
            Path::new(TEMPLATES).join("outlines/order-to-cash.csv"),
            &outline,
        )
        .unwrap();
        let before = std::fs::read(&outline).unwrap();
        let link = dir.join("alias.xml");
        std::os::unix::fs::symlink("roles.csv", &link).unwrap();
        let hard = dir.join("hard.xml");
        std::fs::hard_link(&outline, &hard).unwrap();
        for out in [&outline, &link, &hard] {
            let o = secgov(&["generate", s(&outline), "-o", s(out), "--force"]);
            assert_eq!(o.status, 2, "{}", o.stderr);
            assert!(o.stderr.contains("SG954"), "{}", o.stderr);
            assert_eq!(std::fs::read(&outline).unwrap(), before);
        }

        let backup = dir.join("backup.xml");
        std::fs::copy(Path::new(TEMPLATES).join("usg/order-to-cash.xml"), &backup).unwrap();
        let backup_bytes = std::fs::read(&backup).unwrap();
        let other = Path::new(TEMPLATES).join("usg/procure-to-pay.xml");
        for args in [
            vec![
                "diff",
                s(&backup),
                s(&other),
                "--output",
                s(&backup),
                "--force",
            ],
            vec![
                "convert",
                s(&backup),
                "--to",
                "secconfig",
                "--out",
                s(&backup),
                "--force",
            ],
            vec!["access", s(&backup), "-o", s(&backup), "--force"],
            vec![
                "license",
                s(&backup),
                "-f",
                "csv",
                "-o",
                s(&backup),
                "--force",
            ],
            vec![
                "outline",
                s(&backup),
                "-o",
                s(&backup),
                "--format",
                "csv",
                "--force",
            ],
        ] {
            let o = secgov(&args);
            assert_eq!(o.status, 2, "{args:?}: {}", o.stderr);
            assert!(o.stderr.contains("SG954"), "{args:?}: {}", o.stderr);
            assert_eq!(std::fs::read(&backup).unwrap(), backup_bytes);
        }
    }
}

/// Regression (class 10): a failing unpack left part of the folder written. A role whose name
/// is too long for the file system (300 bytes) comes after the duties and privileges: nothing
/// at all may be written.
#[test]
fn a_name_too_long_for_the_file_system_midway_writes_nothing() {
    let dir = scratch("too-long");
    let export = std::fs::read_to_string(
        Path::new(TEMPLATES).join("secconfig/SecurityDatabaseCustomizations.xml"),
    )
    .unwrap();
    let long = "R".repeat(300);
    let export = export.replacen("VendAccountsPayableClerk", &long, 1);
    let input = dir.join("export.xml");
    std::fs::write(&input, export).unwrap();
    let out = dir.join("Model");
    let o = secgov(&["unpack", s(&input), "--out", s(&out)]);
    o.assert_no_panic();
    assert_ne!(o.status, 0, "{}", o.stderr);
    assert!(!out.exists(), "{}", o.stderr);
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["export.xml"], "no staging folder left");

    // Into an existing folder: nothing is added.
    std::fs::create_dir_all(&out).unwrap();
    let o = secgov(&["unpack", s(&input), "--out", s(&out)]);
    assert_ne!(o.status, 0, "{}", o.stderr);
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0, "{}", o.stderr);
}

/// A staging folder left by a killed run is not read as input.
#[test]
fn a_staging_folder_left_behind_is_not_input() {
    let dir = scratch("leftover");
    let stage = dir.join(".Model.secgov-Ab12Cd.tmp").join("AxSecurityRole");
    std::fs::create_dir_all(&stage).unwrap();
    std::fs::write(stage.join("Broken.xml"), "<AxSecurityRole><Name>").unwrap();
    std::fs::write(dir.join(".x.xml.secgov-123.tmp"), "<AxSecurityRole>").unwrap();
    let o = secgov(&["validate", s(&dir)]);
    o.assert_no_panic();
    assert!(!o.stdout.contains("Broken.xml"), "{}", o.stdout);
}

/// Regression (class 7, memory): each unknown element was kept as an entry of its own, 32 bytes
/// each, so a file of nothing but unknown elements took twice its size again. A run of unknown
/// siblings of one name is now one entry counting them (any layout between them), a known
/// element or another name starts a new one, and entry points (whose kept elements the AOT
/// writer copies one by one) keep one entry per element. JSON still lists every element.
#[test]
fn a_run_of_unknown_siblings_is_kept_as_one_entry() {
    use secgov::load::{LoadOptions, load_bytes};
    let text = format!(
        "<SecurityCategoryBackup Type=\"UserSecurityGovernance\"><SecurityCategory><Name>C</Name>{}\n  <Bogus>x</Bogus><!-- c -->\n<Other/><Other/><Description>D</Description><Bogus/><ProcessHierarchy><Process><Name>P</Name>{}<Task><Name>T</Name><EntryPoints><EntryPoint><ObjectName>O</ObjectName><ObjectType>MenuItemDisplay</ObjectType>{}</EntryPoint></EntryPoints></Task></Process></ProcessHierarchy></SecurityCategory></SecurityCategoryBackup>",
        "<Bogus/>".repeat(100_000),
        "<Bad/>\n".repeat(1_000),
        "<Odd/>".repeat(3),
    );
    let loaded = load_bytes("in.xml", text.as_bytes(), &LoadOptions::default());
    let entries = |list: &[secgov::model::Verbatim]| -> Vec<(String, u32)> {
        list.iter()
            .map(|v| (v.element.to_string(), v.count))
            .collect()
    };
    let category = &loaded.model.categories[0];
    let own = |s: &str, n| (s.to_owned(), n);
    assert_eq!(
        entries(&category.unknown),
        [own("Bogus", 100_001), own("Other", 2), own("Bogus", 1)]
    );
    // The run's span covers its first element to its last.
    let first = &category.unknown[0];
    assert!(text[first.span.start..].starts_with("<Bogus/><Bogus/>"));
    assert!(text[..first.span.end].ends_with("<Bogus>x</Bogus>"));
    let process = &category.hierarchy.as_ref().unwrap().processes[0];
    assert_eq!(entries(&process.unknown), [own("Bad", 1_000)]);
    let ep = &process.tasks[0].entry_points[0];
    assert_eq!(entries(&ep.unknown), vec![own("Odd", 1); 3]);

    let json = secgov::render::inspect::json(&loaded.model);
    assert_eq!(json.matches("\"element\": \"Bogus\"").count(), 100_002);
    assert_eq!(json.matches("\"element\": \"Bad\"").count(), 1_000);
    assert_eq!(json.matches("\"element\": \"Odd\"").count(), 3);
}

/// Regression (memory): an entry point is about 480 bytes and the model keeps every one, so the
/// readers size their lists exactly instead of doubling (the 10 MB findings-heavy backup: 7 MB
/// less at its peak).
#[test]
fn entry_point_lists_are_read_at_their_exact_size() {
    use secgov::load::{LoadOptions, load_bytes};
    let ep = "<EntryPoint><ObjectName>O</ObjectName><ObjectType>MenuItemDisplay</ObjectType><Grant><Read>Allow</Read></Grant></EntryPoint>";
    let usg = format!(
        "<SecurityCategoryBackup Type=\"UserSecurityGovernance\"><SecurityCategory><Name>C</Name><ProcessHierarchy><Process><Name>P</Name><Task><Name>T</Name><EntryPoints>{}</EntryPoints></Task></Process></ProcessHierarchy></SecurityCategory></SecurityCategoryBackup>",
        ep.repeat(5)
    );
    let loaded = load_bytes("in.xml", usg.as_bytes(), &LoadOptions::default());
    let task = &loaded.model.categories[0]
        .hierarchy
        .as_ref()
        .unwrap()
        .processes[0]
        .tasks[0];
    assert_eq!(task.entry_points.len(), 5);
    assert_eq!(task.entry_points.capacity(), 5);

    let reference = "<AxSecurityEntryPointReference><Name>E</Name><Grant><Read>Allow</Read></Grant><ObjectName>X</ObjectName><ObjectType>MenuItemDisplay</ObjectType></AxSecurityEntryPointReference>";
    let aot = format!(
        "<AxSecurityPrivilege><Name>P</Name><EntryPoints>{}</EntryPoints><EntryPoints>{}</EntryPoints></AxSecurityPrivilege>",
        reference.repeat(3),
        reference.repeat(2)
    );
    let loaded = load_bytes("P.xml", aot.as_bytes(), &LoadOptions::default());
    let privilege = &loaded.model.privileges[0];
    assert_eq!(privilege.entry_points.len(), 5);
    assert_eq!(privilege.entry_points.capacity(), 5);
}
