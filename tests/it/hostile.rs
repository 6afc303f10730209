//! Hostile input through the real binary: each test writes its fixture, runs `secgov inspect` as a
//! child process and checks the diagnostic code, the exit status and that nothing panicked. Time
//! and memory are the benchmark's business (docs/performance.md); here a watchdog only turns a
//! hang into a failure that says so.
//!
//! Fixtures are generated (a million-deep file is 7 MB; committing it would teach nothing), in
//! `CARGO_TARGET_TMPDIR`.

use crate::support;

use support::{Outcome, fixture, secgov, unwrapped};

fn assert_refused(o: &Outcome, code: &str) {
    o.assert_no_panic();
    assert_eq!(o.status, 2, "exit status\n{}", o.stderr);
    assert!(
        o.stderr.contains(&format!("[{code}]")) || o.stderr.contains(code),
        "expected {code} in:\n{}",
        o.stderr
    );
}

#[test]
fn billion_laughs_is_refused_before_any_entity_is_expanded() {
    let mut xml =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..=9 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        xml.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    xml.push_str("]>\n<SecurityCategoryBackup Type=\"UserSecurityGovernance\">&lol9;</SecurityCategoryBackup>\n");
    let path = fixture("billion-laughs.xml", xml.as_bytes());
    let o = secgov(&["inspect", &path]);
    assert_refused(&o, "SG003");
    assert!(!o.stdout.contains("lollol"));
}

#[test]
fn external_entities_are_refused_and_nothing_is_read() {
    // A canary file the entity points at: its content must never reach the output.
    let canary = fixture("canary.txt", b"CANARY-7f3a-SECRET");
    for system in [
        format!("file://{canary}"),
        canary.clone(),
        "http://127.0.0.1:9/secret".to_string(),
    ] {
        let xml = format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"{system}\">]>\n<AxSecurityRole><Name>&x;</Name></AxSecurityRole>\n"
        );
        let path = fixture("external-entity.xml", xml.as_bytes());
        let o = secgov(&["inspect", "--format", "json", &path]);
        assert_refused(&o, "SG003");
        assert!(!o.stdout.contains("CANARY") && !o.stderr.contains("CANARY"));
    }
}

#[test]
fn a_million_levels_of_nesting_is_a_limit_not_a_stack_overflow() {
    let mut xml = String::with_capacity(8 * 1_000_000);
    xml.push_str("<AxSecurityRole>");
    xml.push_str(&"<a>".repeat(1_000_000));
    xml.push_str(&"</a>".repeat(1_000_000));
    xml.push_str("</AxSecurityRole>");
    let path = fixture("deep.xml", xml.as_bytes());
    let o = secgov(&["inspect", &path]);
    assert_refused(&o, "SG004");
    assert!(
        unwrapped(&o.stderr).contains("nested more than 256 levels"),
        "{}",
        o.stderr
    );
}

#[test]
fn a_million_siblings_read_in_bounded_time_and_memory() {
    // Unknown AOT properties are kept verbatim without findings, so this exercises the reader
    // and the model rather than the renderer.
    let mut xml = String::from("<AxSecurityPrivilege><Name>Many</Name>");
    xml.push_str(&"<Forms />".repeat(1_000_000));
    xml.push_str("</AxSecurityPrivilege>");
    let path = fixture("siblings.xml", xml.as_bytes());
    let o = secgov(&["inspect", &path]);
    o.assert_no_panic();
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert!(o.stdout.contains("Many"), "{}", o.stdout);
}

/// Regression: every finding on a one-line file counted the characters of the line for its column
/// and printed the whole line, so the time and output grew with findings × line length.
#[test]
fn many_findings_on_one_long_line_stay_linear() {
    let mut xml = String::from(
        "<SecurityCategoryBackup Type=\"UserSecurityGovernance\"><SecurityCategory><Name>C</Name>",
    );
    xml.push_str(&"<Bogus/>".repeat(20_000));
    xml.push_str("</SecurityCategory></SecurityCategoryBackup>");
    let path = fixture("unknown-siblings.xml", xml.as_bytes());
    // Above the default cap on findings (SG099), which this test is not about.
    let o = secgov(&["inspect", &path, "--max-findings", "0"]);
    o.assert_no_panic();
    // Read, with error findings: exit status 1.
    assert_eq!(o.status, 1, "{}", &o.stderr[..o.stderr.len().min(2000)]);
    assert_eq!(
        o.stderr.lines().filter(|l| l.trim() == "SG101").count(),
        20_000
    );
    assert!(
        o.stderr.len() < 20_000 * 1024,
        "{} bytes of diagnostics",
        o.stderr.len()
    );
}

#[test]
fn a_50_mib_attribute_value_is_reported_without_being_echoed() {
    let value = "A".repeat(50 * 1024 * 1024);
    let xml = format!(
        "<SecurityCategoryBackup Type=\"{value}\"><SecurityCategory><Name>C</Name></SecurityCategory></SecurityCategoryBackup>"
    );
    let path = fixture("big-attribute.xml", xml.as_bytes());
    let o = secgov(&["inspect", &path]);
    o.assert_no_panic();
    assert!(
        o.stderr.contains("SG106"),
        "{}",
        &o.stderr[..o.stderr.len().min(2000)]
    );
    // The finding names the value but does not print 50 MiB of it.
    assert!(
        o.stderr.len() < 64 * 1024,
        "{} bytes of diagnostics",
        o.stderr.len()
    );
}

#[test]
fn a_50_mib_unknown_attribute_name_does_not_stall_did_you_mean() {
    let name = "T".repeat(50 * 1024 * 1024);
    let xml = format!(
        "<SecurityCategoryBackup {name}=\"x\"><SecurityCategory><Name>C</Name></SecurityCategory></SecurityCategoryBackup>"
    );
    let path = fixture("big-attribute-name.xml", xml.as_bytes());
    let o = secgov(&["inspect", &path]);
    o.assert_no_panic();
    assert!(
        o.stderr.contains("SG102"),
        "{}",
        &o.stderr[..o.stderr.len().min(2000)]
    );
    assert!(
        o.stderr.len() < 64 * 1024,
        "{} bytes of diagnostics",
        o.stderr.len()
    );
}

#[test]
fn invalid_utf8_is_refused_with_its_position() {
    let path = fixture(
        "bad-utf8.xml",
        b"<AxSecurityRole>\n  <Name>R\xC3\x28</Name>\n</AxSecurityRole>\n",
    );
    let o = secgov(&["inspect", &path]);
    assert_refused(&o, "SG002");
    assert!(o.stderr.contains(":2:"), "{}", o.stderr);
}

#[test]
fn unpaired_utf16_surrogate_is_refused() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in "<AxSecurityRole><Name>R".encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    bytes.extend(0xD800u16.to_le_bytes());
    for u in "</Name></AxSecurityRole>".encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let path = fixture("surrogate.xml", &bytes);
    let o = secgov(&["inspect", &path]);
    assert_refused(&o, "SG002");
    assert!(o.stderr.contains("surrogate"), "{}", o.stderr);
}

#[test]
fn nul_bytes_are_refused() {
    let path = fixture(
        "nul.xml",
        b"<AxSecurityRole><Name>R\0oot</Name></AxSecurityRole>",
    );
    let o = secgov(&["inspect", &path]);
    assert_refused(&o, "SG002");
    assert!(o.stderr.contains("NUL"), "{}", o.stderr);
}

#[test]
fn a_directory_given_as_input_without_security_files_is_unreadable() {
    let dir = fixture("empty-dir/", b"");
    let o = secgov(&["inspect", &dir]);
    assert_refused(&o, "SG007");
}

#[test]
fn a_directory_named_like_an_xml_file_is_walked_not_read() {
    let root = fixture("xml-named-dir/AxSecurityRole/Role.xml/", b"");
    let role = format!("{root}Inner.xml");
    std::fs::write(&role, "<AxSecurityRole><Name>Inner</Name></AxSecurityRole>").unwrap();
    let top = root.trim_end_matches("AxSecurityRole/Role.xml/");
    let o = secgov(&["inspect", top]);
    o.assert_no_panic();
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert!(o.stdout.contains("Inner"));
}

#[test]
fn a_missing_file_is_unreadable() {
    let o = secgov(&["inspect", "/nonexistent/secgov/hostile.xml"]);
    assert_refused(&o, "SG007");
}

/// CI runs as root, and permission bits do not stop root: the test checks the refusal where it can
/// and otherwise only that the file is read normally. The tests after it reach SG007 as root too.
#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let path = fixture(
        "unreadable.xml",
        b"<AxSecurityRole><Name>Locked</Name></AxSecurityRole>",
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root = std::fs::File::open(&path).is_ok();
    let o = secgov(&["inspect", &path]);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    o.assert_no_panic();
    if root {
        assert_eq!(o.status, 0, "{}", o.stderr);
    } else {
        assert_refused(&o, "SG007");
        assert!(o.stderr.contains("ermission denied"), "{}", o.stderr);
    }
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_is_unreadable_even_for_root() {
    let link = fixture("dangling-dir/", b"") + "Gone.xml";
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink("does-not-exist.xml", &link).unwrap();
    let o = secgov(&["inspect", &link]);
    assert_refused(&o, "SG007");
    assert!(unwrapped(&o.stderr).contains("Gone.xml"), "{}", o.stderr);
}

#[test]
fn a_path_through_a_file_is_unreadable_even_for_root() {
    let file = fixture(
        "not-a-folder.xml",
        b"<AxSecurityRole><Name>R</Name></AxSecurityRole>",
    );
    let o = secgov(&["inspect", &format!("{file}/Inner.xml")]);
    assert_refused(&o, "SG007");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_an_aot_folder_is_read_once_with_a_warning() {
    let roles = fixture("loop/Model/Model/AxSecurityRole/", b"");
    std::fs::write(
        format!("{roles}Looped.xml"),
        "<AxSecurityRole><Name>Looped</Name></AxSecurityRole>",
    )
    .unwrap();
    let link = format!("{roles}back");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink("../..", &link).unwrap();
    let top = roles.trim_end_matches("Model/Model/AxSecurityRole/");
    let o = secgov(&["inspect", "--format", "json", top]);
    o.assert_no_panic();
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert!(
        o.stderr.contains("SG007") && o.stderr.contains("loop"),
        "{}",
        o.stderr
    );
    assert_eq!(o.stdout.matches("\"Looped\"").count(), 1, "{}", o.stdout);
}

#[test]
fn a_4_gib_sparse_file_is_refused_from_its_size_without_reading_it() {
    let path = fixture("sparse.xml", b"");
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(4 << 30)
        .unwrap();
    let o = secgov(&["inspect", &path]);
    std::fs::remove_file(&path).unwrap();
    assert_refused(&o, "SG004");
    let unwrapped = unwrapped(&o.stderr);
    assert!(unwrapped.contains("4096 MiB"), "{}", o.stderr);
    assert!(unwrapped.contains("--max-size"), "{}", o.stderr);
}

#[test]
fn max_size_raises_the_limit() {
    let mut xml = String::from("<AxSecurityRole><Name>Big</Name><Label>");
    xml.push_str(&"x".repeat(2 * 1024 * 1024));
    xml.push_str("</Label></AxSecurityRole>");
    let path = fixture("two-mib.xml", xml.as_bytes());
    let refused = secgov(&["inspect", "--max-size", "1", &path]);
    assert_refused(&refused, "SG004");
    let read = secgov(&["inspect", "--max-size", "3", &path]);
    read.assert_no_panic();
    assert_eq!(read.status, 0, "{}", read.stderr);
    assert!(read.stdout.contains("Big"));
}

/// roxmltree copies and searches the namespace declarations in scope for every element, so 256
/// nested elements declaring 64 prefixes each, then 20,000 elements using them, took minutes.
#[test]
fn thousands_of_namespace_declarations_in_scope_are_a_limit() {
    let mut xml = String::new();
    for d in 0..256 {
        xml.push_str(&format!("<e{d}"));
        for k in 0..64 {
            xml.push_str(&format!(" xmlns:p{d}_{k}=\"urn:{d}:{k}\""));
        }
        xml.push('>');
    }
    let attrs: String = (0..64).map(|k| format!(" p0_{k}:a=\"1\"")).collect();
    xml.push_str(&format!("<c{attrs}/>").repeat(20_000));
    for d in (0..256).rev() {
        xml.push_str(&format!("</e{d}>"));
    }
    let path = fixture("namespaces.xml", xml.as_bytes());
    let o = secgov(&["inspect", &path]);
    assert_refused(&o, "SG004");
    assert!(
        unwrapped(&o.stderr).contains("namespace declarations"),
        "{}",
        o.stderr
    );
}
