//! Regression tests for issue 14, the input classes: many attributes on one element (3), FIFOs
//! and devices as inputs (4), unbounded reads (5), the language server's framing and messages
//! (8), and characters a name must not hold (11). Each runs at a size where the old behaviour
//! failed (hung, aborted or went quadratic) and is judged by its result, never by seconds; the
//! watchdog in `support.rs` turns a hang into a failure.

use crate::support::{Outcome, command, fixture, secgov, unwrapped, within_watchdog};
use serde_json::{Value, json};
use std::process::Stdio;

/// What a command reported, wherever it went (`validate` reports on standard output).
fn report(o: &Outcome) -> String {
    format!("{}{}", o.stdout, o.stderr)
}

fn assert_refused(o: &Outcome, code: &str, phrase: &str) {
    o.assert_no_panic();
    let text = report(o);
    assert_eq!(o.status, 2, "exit status\n{text}");
    assert!(text.contains(code), "expected {code} in:\n{text}");
    assert!(
        unwrapped(&text).contains(phrase),
        "expected {phrase:?} in:\n{text}"
    );
}

/// `secgov ARGS` with standard input read from the file at `stdin`, under the watchdog.
fn secgov_stdin(args: &[&str], stdin: &str) -> Outcome {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let stdin = stdin.to_owned();
    let out = within_watchdog("secgov with standard input", move || {
        command()
            .args(&args)
            .stdin(Stdio::from(std::fs::File::open(stdin).unwrap()))
            .output()
            .unwrap()
    });
    Outcome {
        status: crate::support::exit_code(out.status),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn backup_with_root_attributes(n: usize) -> String {
    let attrs: String = (0..n).map(|k| format!(" a{k}=\"1\"")).collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<SecurityCategoryBackup Type=\"UserSecurityGovernance\" SchemaVersion=\"1\"{attrs}>\n  <SecurityCategory><Name>C</Name></SecurityCategory>\n</SecurityCategoryBackup>\n"
    )
}

// Class 3. 100,000 attributes on one element were handed to roxmltree, whose duplicate check is
// pairwise (50,000 took 27 s); the limit now applies before roxmltree sees the element.
#[test]
fn a_hundred_thousand_attributes_on_one_element_are_refused_at_the_limit() {
    let path = fixture(
        "attributes-100k.xml",
        backup_with_root_attributes(100_000).as_bytes(),
    );
    for cmd in ["validate", "inspect", "fmt"] {
        let o = secgov(&[cmd, &path]);
        assert_refused(&o, "SG004", "more than 256 attributes");
        // The span is the first attribute past the limit, on line 2.
        assert!(
            crate::support::flat(&report(&o)).contains("attributes-100k.xml:2:"),
            "{}",
            report(&o)
        );
    }
    let ok = fixture(
        "attributes-200.xml",
        backup_with_root_attributes(200).as_bytes(),
    );
    let o = secgov(&["validate", &ok]);
    assert!(!report(&o).contains("SG004"), "{}", report(&o));
}

// Class 11. `&#xD800;` and `&#x110000;` name no character; roxmltree read them as U+FFFD and the
// name changed without a word.
#[test]
fn character_references_to_no_character_are_errors_with_a_span() {
    for (name, reference) in [("surrogate", "&#xD800;"), ("too-big", "&#x110000;")] {
        let xml = format!(
            "<?xml version=\"1.0\"?>\n<SecurityCategoryBackup Type=\"UserSecurityGovernance\" SchemaVersion=\"1\">\n  <SecurityCategory><Name>C{reference}</Name></SecurityCategory>\n</SecurityCategoryBackup>\n"
        );
        let path = fixture(&format!("{name}.xml"), xml.as_bytes());
        for cmd in ["validate", "fmt"] {
            let o = secgov(&[cmd, &path]);
            assert_refused(&o, "SG001", &format!("`{reference}` names no character"));
            assert!(
                crate::support::flat(&report(&o)).contains(&format!("{name}.xml:3:")),
                "{}",
                report(&o)
            );
        }
    }
}

// Class 11. A name that would become a file name of more than 255 bytes stopped `unpack` half way.
#[test]
fn a_name_too_long_for_a_file_name_is_a_finding_and_nothing_is_written() {
    let export = std::fs::read_to_string(crate::roundtrip_support::TEMPLATE_EXPORT).unwrap();
    // `:` is escaped as `%3A` in file names: 100 of them make a 300-byte file name.
    let long = format!("Clerk{}", ":".repeat(100));
    let export = export.replacen(
        "<Name>VendAccountsPayableClerk</Name>",
        &format!("<Name>{long}</Name>"),
        1,
    );
    let path = fixture("long-name/export.xml", export.as_bytes());
    let out = fixture("long-name/out/", b"");
    let out = format!("{out}unpacked");
    let o = secgov(&["unpack", &path, "--out", &out]);
    o.assert_no_panic();
    assert_eq!(o.status, 1, "{}", report(&o));
    assert!(report(&o).contains("SG953"), "{}", report(&o));
    assert!(
        unwrapped(&report(&o)).contains("more than the 255 a file system allows"),
        "{}",
        report(&o)
    );
    assert!(!std::path::Path::new(&out).exists());
}

#[cfg(unix)]
mod special_files {
    use super::*;

    fn mkfifo(path: &str) {
        let _ = std::fs::remove_file(path);
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success());
    }

    // Class 4. Opening a FIFO blocks until a writer comes: every command hung on one, given
    // directly, lying in a security folder, or only sniffed in a folder walk.
    #[test]
    fn a_fifo_is_refused_without_opening_it() {
        let dir = fixture("fifo/", b"");
        let direct = format!("{dir}direct.xml");
        mkfifo(&direct);
        for args in [
            vec!["validate", direct.as_str()],
            vec!["inspect", direct.as_str()],
            vec!["fmt", direct.as_str()],
            vec!["diff", direct.as_str(), direct.as_str()],
        ] {
            let o = secgov(&args);
            assert_refused(&o, "SG007", "is a named pipe (FIFO), not a regular file");
            assert!(
                unwrapped(&report(&o)).contains("pass `-`"),
                "{}",
                report(&o)
            );
        }
        let o = secgov(&["generate", &direct, "--dry-run", "-o", "-"]);
        o.assert_no_panic();
        assert_eq!(o.status, 2, "{}", report(&o));
        assert!(report(&o).contains("named pipe"), "{}", report(&o));

        // In a security folder, and loose in a folder where only sniffing would find it.
        let model = fixture("fifo-model/AxSecurityRole/", b"");
        mkfifo(&format!("{model}Role.xml"));
        let loose = fixture("fifo-loose/", b"");
        mkfifo(&format!("{loose}loose.xml"));
        for folder in [model.trim_end_matches("AxSecurityRole/"), loose.as_str()] {
            let o = secgov(&["validate", folder]);
            assert_refused(&o, "SG007", "named pipe (FIFO)");
        }
    }

    #[test]
    fn a_symbolic_link_to_a_regular_file_is_still_read() {
        let target = std::fs::canonicalize(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/templates/usg/procure-to-pay.xml"
        ))
        .unwrap();
        let link = fixture("links/", b"");
        let link = format!("{link}p2p.xml");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let o = secgov(&["validate", &link]);
        o.assert_no_panic();
        assert!(o.status < 2, "{}", report(&o));
    }

    // Class 5. `/dev/zero` given as a path is a device and refused before it is opened; read as
    // standard input it stops at the size limit (it grew until memory ran out in `fmt` and
    // `generate`).
    #[test]
    fn dev_zero_is_refused_as_a_path_and_bounded_as_standard_input() {
        for args in [
            vec!["fmt", "/dev/zero"],
            vec!["validate", "/dev/zero"],
            vec!["generate", "/dev/zero", "--dry-run", "-o", "-"],
        ] {
            let o = secgov(&args);
            o.assert_no_panic();
            assert_eq!(o.status, 2, "{args:?}\n{}", report(&o));
            assert!(report(&o).contains("a device"), "{args:?}\n{}", report(&o));
        }
        for args in [
            vec!["fmt", "-", "--max-size", "1"],
            vec!["validate", "-", "--max-size", "1"],
            vec!["generate", "-", "--dry-run", "-o", "-", "--max-size", "1"],
        ] {
            let o = secgov_stdin(&args, "/dev/zero");
            o.assert_no_panic();
            assert_eq!(o.status, 2, "{args:?}\n{}", report(&o));
            let text = unwrapped(&report(&o));
            assert!(
                text.contains("larger than the limit of 1 MiB"),
                "{args:?}\n{text}"
            );
            assert!(text.contains("--max-size"), "{args:?}\n{text}");
        }
    }
}

// Class 5. Standard input larger than the limit is refused with the limit named, for every
// command that reads it; within the limit it is read.
#[test]
fn a_big_standard_input_is_refused_at_the_limit() {
    let big = fixture("big-stdin.xml", &vec![b' '; (1 << 20) + 10]);
    for args in [
        vec!["fmt", "-", "--max-size", "1"],
        vec!["validate", "-", "--max-size", "1"],
        vec!["inspect", "-", "--max-size", "1"],
        vec!["generate", "-", "--dry-run", "-o", "-", "--max-size", "1"],
    ] {
        let o = secgov_stdin(&args, &big);
        o.assert_no_panic();
        assert_eq!(o.status, 2, "{args:?}\n{}", report(&o));
        let text = unwrapped(&report(&o));
        assert!(
            text.contains("larger than the limit of 1 MiB"),
            "{args:?}\n{text}"
        );
    }
    let p2p = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/usg/procure-to-pay.xml"
    );
    let o = secgov_stdin(&["validate", "-"], p2p);
    assert!(o.status < 2, "{}", report(&o));
    assert!(o.stdout.contains("checked 1 file"), "{}", o.stdout);
    let o = secgov_stdin(&["fmt", "-"], p2p);
    assert_eq!(o.status, 0, "{}", report(&o));
    assert!(o.stdout.starts_with("<?xml"), "{}", o.stdout);
    let o = secgov(&["fmt", "-", "--write"]);
    assert_eq!(o.status, 2, "{}", report(&o));
}

/// The language server as a process: `frames` are written to its standard input, followed by
/// shutdown and exit; gives its replies (responses and notifications) and exit status.
fn lsp_session(frames: &[Vec<u8>]) -> (Vec<Value>, i32, String) {
    let mut frames = frames.to_vec();
    frames.push(frame(
        &json!({"jsonrpc": "2.0", "id": 999, "method": "shutdown"}),
    ));
    frames.push(frame(&json!({"jsonrpc": "2.0", "method": "exit"})));
    lsp_until_end(&frames)
}

/// The language server reading `frames` (after the initialize handshake) to the end of its input.
fn lsp_until_end(frames: &[Vec<u8>]) -> (Vec<Value>, i32, String) {
    let mut input = frame(
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
    );
    input.extend(frame(
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    ));
    for f in frames {
        input.extend(f);
    }
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = fixture(&format!("lsp-{n}.in"), &input);
    let o = secgov_stdin(&["lsp"], &path);
    o.assert_no_panic();
    (parse_frames(o.stdout.as_bytes()), o.status, o.stderr)
}

fn frame(value: &Value) -> Vec<u8> {
    raw_frame(value.to_string().as_bytes())
}

fn raw_frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn parse_frames(mut out: &[u8]) -> Vec<Value> {
    let mut values = Vec::new();
    while let Some(end) = out.windows(4).position(|w| w == b"\r\n\r\n") {
        let header = std::str::from_utf8(&out[..end]).unwrap();
        let len: usize = header
            .trim()
            .strip_prefix("Content-Length: ")
            .unwrap()
            .parse()
            .unwrap();
        let body = &out[end + 4..end + 4 + len];
        values.push(serde_json::from_slice(body).unwrap());
        out = &out[end + 4 + len..];
    }
    values
}

fn reply(replies: &[Value], id: i64) -> &Value {
    replies
        .iter()
        .find(|r| r["id"] == json!(id) && r.get("method").is_none())
        .unwrap_or_else(|| panic!("no reply to {id} in {replies:#?}"))
}

const DOC: &str = "file:///work/doc.xml";

fn open(text: &str) -> Vec<u8> {
    frame(
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": DOC, "languageId": "xml", "version": 1, "text": text}}}),
    )
}

fn hover(id: i64, line: usize, character: usize) -> Vec<u8> {
    frame(
        &json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {"textDocument": {"uri": DOC}, "position": {"line": line, "character": character}}}),
    )
}

// Class 8. A Content-Length of 10^12 aborted the server (allocation failure); any malformed message
// ended it with exit 2. Each is now answered as JSON-RPC says, and the server goes on answering.
#[test]
fn the_language_server_answers_malformed_messages_and_keeps_serving() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/usg/procure-to-pay.xml"
    ))
    .unwrap();
    let mut frames = vec![open(&text)];
    let bad: Vec<(Vec<u8>, i64)> = vec![
        (raw_frame(b"{not json"), -32700),
        (raw_frame(b"[1, 2]"), -32600),
        (raw_frame(b"42"), -32600),
        (raw_frame(br#"{"jsonrpc": "2.0", "id": 7}"#), -32600),
        (
            frame(&json!({"jsonrpc": "2.0", "id": 8, "method": "textDocument/hover"})),
            -32602,
        ),
        (
            frame(
                &json!({"jsonrpc": "2.0", "id": 9, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///a%zz.xml"}, "position": {"line": 0, "character": 0}}}),
            ),
            -32602,
        ),
        (
            frame(
                &json!({"jsonrpc": "2.0", "id": 10, "method": "textDocument/definition", "params": {"textDocument": {"uri": "file:///a%C3.xml"}, "position": {"line": 0, "character": 0}}}),
            ),
            -32602,
        ),
    ];
    let expected: Vec<i64> = bad.iter().map(|b| b.1).collect();
    for (k, (f, _)) in bad.into_iter().enumerate() {
        frames.push(f);
        // After each bad message, a good request must still be answered.
        frames.push(hover(100 + k as i64, 3, 5));
    }
    // Notifications with missing params are logged and ignored: no reply, no exit.
    frames.push(frame(
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen"}),
    ));
    frames.push(frame(&json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///a%.xml", "version": 2}, "contentChanges": []}})));
    frames.push(hover(200, 3, 5));
    let (replies, status, stderr) = lsp_session(&frames);
    assert_eq!(status, 0, "{stderr}");
    let mut errors: Vec<i64> = replies
        .iter()
        .filter_map(|r| r["error"]["code"].as_i64())
        .collect();
    let mut want = expected.clone();
    // The order of replies from the framing and from the server may interleave.
    errors.sort();
    want.sort();
    assert_eq!(errors, want, "{replies:#?}");
    for id in [8, 9, 10] {
        assert_eq!(reply(&replies, id)["error"]["code"], json!(-32602));
    }
    for k in 0..expected.len() as i64 {
        assert!(reply(&replies, 100 + k).get("result").is_some());
    }
    assert!(reply(&replies, 200).get("result").is_some());
    assert!(reply(&replies, 999).get("result").is_some());
    let logged = replies
        .iter()
        .filter(|r| r["method"] == json!("window/logMessage"))
        .count();
    assert_eq!(logged, 2, "{replies:#?}");
}

// Class 8. A Content-Length of 10^12 made the server allocate it and abort. Its body is skipped
// unread (here the input ends inside it) and answered with an error; the server ends normally.
#[test]
fn an_oversized_frame_is_answered_not_allocated() {
    let frames = vec![
        hover(3, 0, 0),
        b"Content-Length: 1000000000000\r\n\r\n{\"jsonrpc\"".to_vec(),
    ];
    let (replies, status, stderr) = lsp_until_end(&frames);
    assert_eq!(status, 0, "{stderr}");
    assert!(reply(&replies, 3).get("result").is_some());
    let error = replies
        .iter()
        .find(|r| r["error"]["code"] == json!(-32600))
        .unwrap_or_else(|| panic!("{replies:#?}"));
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("larger than the limit of 64 MiB"),
        "{error}"
    );
}

// Class 8. publishDiagnostics counted each position from the start of the text (quadratic in the
// findings); hover after a long run of `<` searched forward from every `<`. Both at sizes that
// took many seconds before; judged by the replies.
#[test]
fn many_diagnostics_and_a_long_run_of_lt_are_answered() {
    let n = 20_000;
    let body: String = (0..n).map(|i| format!("<Foo{i}/>\n")).collect();
    let text = format!(
        "<SecurityCategoryBackup Type=\"UserSecurityGovernance\" SchemaVersion=\"1\">\n<SecurityCategory><Name>C</Name>\n{body}</SecurityCategory></SecurityCategoryBackup>\n"
    );
    let run = 600_000;
    let lts = format!("<a>{}b>x", "<".repeat(run));
    let second = "file:///work/lt.xml";
    let frames = vec![
        open(&text),
        frame(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": second, "languageId": "xml", "version": 1, "text": lts}}}),
        ),
        frame(
            &json!({"jsonrpc": "2.0", "id": 5, "method": "textDocument/hover", "params": {"textDocument": {"uri": second}, "position": {"line": 0, "character": run + 6}}}),
        ),
    ];
    let (replies, status, stderr) = lsp_session(&frames);
    assert_eq!(status, 0, "{stderr}");
    let published = replies
        .iter()
        .filter(|r| r["method"] == json!("textDocument/publishDiagnostics"))
        .filter(|r| r["params"]["uri"] == json!(DOC))
        .map(|r| r["params"]["diagnostics"].as_array().unwrap())
        .next_back()
        .unwrap();
    let unknown: Vec<&Value> = published
        .iter()
        .filter(|d| d["code"] == json!("SG101"))
        .collect();
    // The editor gets the first 10,000 (the default --max-findings) and one SG099 for the rest.
    let kept = 10_000;
    assert_eq!(unknown.len(), kept);
    assert!(
        published.iter().any(|d| d["code"] == json!("SG099")),
        "the findings left out are counted"
    );
    // The last one kept is on its own line, counted from the start (0-based: 2 + kept - 1).
    let lines: Vec<u64> = unknown
        .iter()
        .map(|d| d["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines.iter().max(), Some(&(kept as u64 + 1)));
    assert!(reply(&replies, 5).get("result").is_some());
}

// Class 3 through the language server: the same limit, the same finding.
#[test]
fn the_language_server_reports_the_attribute_limit() {
    let (replies, status, stderr) = lsp_session(&[open(&backup_with_root_attributes(100_000))]);
    assert_eq!(status, 0, "{stderr}");
    let codes: Vec<&Value> = replies
        .iter()
        .filter(|r| r["method"] == json!("textDocument/publishDiagnostics"))
        .flat_map(|r| r["params"]["diagnostics"].as_array().unwrap())
        .map(|d| &d["code"])
        .collect();
    assert!(codes.contains(&&json!("SG004")), "{codes:?}");
}
