//! The language server as an editor runs it: the real `secgov lsp` binary driven over standard
//! input and output with framed LSP messages (issue 17 item 7). Related information with the
//! other file's URI and range, hover on element names from any position in start and end tags,
//! and `secgov.toml`: its error shown on the file, reloaded on change without a restart.

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{Receiver, channel};

const TEMPLATES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");

/// A client speaking to `secgov lsp` through its pipes.
struct Editor {
    child: Child,
    stdin: ChildStdin,
    from_server: Receiver<Value>,
    /// Messages read while waiting for another one.
    backlog: VecDeque<Value>,
    next_id: i64,
    /// Requests the server sent us (`client/registerCapability`).
    server_requests: Vec<Value>,
}

/// Reads one `Content-Length` frame; `None` at the end of the output.
fn read_frame(out: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if out.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    out.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Editor {
    /// Starts the server on `root` with the client capabilities `capabilities`.
    fn start(root: &Path, capabilities: Value) -> Editor {
        let mut child = crate::support::command()
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (to_client, from_server) = channel();
        std::thread::spawn(move || {
            while let Some(m) = read_frame(&mut stdout) {
                if to_client.send(m).is_err() {
                    break;
                }
            }
        });
        let mut c = Editor {
            child,
            stdin,
            from_server,
            backlog: VecDeque::new(),
            next_id: 1,
            server_requests: Vec::new(),
        };
        let root_uri = uri(root);
        let result = c.request(
            "initialize",
            json!({"capabilities": capabilities, "rootUri": root_uri,
                   "workspaceFolders": [{"uri": root_uri, "name": "ws"}]}),
        );
        assert_eq!(result["capabilities"]["hoverProvider"], json!(true));
        c.notify("initialized", json!({}));
        c
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next message from the server; requests it makes are answered (`null`) and kept.
    fn next(&mut self) -> Value {
        let m = self
            .from_server
            .recv_timeout(crate::support::WATCHDOG)
            .expect("the server answers within the watchdog (a hang otherwise)");
        if m.get("method").is_some() && m.get("id").is_some() {
            let id = m["id"].clone();
            self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}));
            self.server_requests.push(m.clone());
        }
        m
    }

    /// The first message (kept back ones first) for which `wanted` holds; others stay kept.
    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&wanted) {
            return self.backlog.remove(i).unwrap();
        }
        loop {
            let m = self.next();
            if wanted(&m) {
                return m;
            }
            self.backlog.push_back(m);
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let m = self.wait_for(|m| m["id"] == json!(id) && m.get("method").is_none());
        m["result"].clone()
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let m = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        m["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "xml", "version": 1, "text": text}}),
        );
    }

    fn hover(&mut self, uri: &str, line: u32, character: u32) -> Value {
        self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
    }

    fn shutdown(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status:?}");
    }
}

/// The `file://` URI of an absolute path as the tests spell it (temporary folders hold no
/// character that needs escaping).
fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn range(l1: u32, c1: u32, l2: u32, c2: u32) -> Value {
    json!({"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}})
}

const CATEGORY: &str = "<SecurityCategoryBackup Type=\"UserSecurityGovernance\">\n  <SecurityCategory>\n    <Name>P2P</Name>\n  </SecurityCategory>\n</SecurityCategoryBackup>\n";

// Regression (issue 17 item 7): "first defined here" and every related span were dropped.
#[test]
fn related_spans_are_published_as_related_information_with_the_other_files_uri() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("a.xml");
    std::fs::write(&first, CATEGORY).unwrap();
    let mut client = Editor::start(dir.path(), json!({}));
    let second = uri(&dir.path().join("b.xml"));
    client.open(&second, &format!("\n{CATEGORY}"));
    let diags = client.diagnostics(&second);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "SG201");
    assert_eq!(diags[0]["range"], range(3, 10, 3, 13));
    assert_eq!(
        diags[0]["relatedInformation"],
        json!([{
            "location": {"uri": uri(&first), "range": range(2, 10, 2, 13)},
            "message": "first defined here",
        }])
    );
    client.shutdown();
}

// Regression (issue 17 item 7): hover on an element name answered only with the cursor after its
// last character, and never on an end tag. The reference hover was only tested in-process.
#[test]
fn hover_explains_an_element_from_anywhere_in_its_start_or_end_tag() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Editor::start(dir.path(), json!({}));
    let doc = uri(&dir.path().join("a.xml"));
    client.open(&doc, CATEGORY);
    let _ = client.diagnostics(&doc);
    // `  <SecurityCategory>` on line 1, `  </SecurityCategory>` on line 3.
    for (line, first) in [(1, 3), (3, 4)] {
        for character in [first, first + 8, first + 16] {
            let hover = client.hover(&doc, line, character);
            let value = hover["contents"]["value"].as_str().unwrap_or_default();
            assert!(
                value.starts_with("A security category"),
                "{line}:{character}: {hover}"
            );
            assert_eq!(hover["range"], range(line, first, line, first + 16));
        }
    }
    // Text and attribute values are not element names.
    assert_eq!(client.hover(&doc, 0, 35), Value::Null);

    // A duty reference in the example AOT model: its privileges and what extensions add.
    let root = Path::new(TEMPLATES).join("aot");
    let mut client2 = Editor::start(&root, json!({}));
    let role =
        root.join("ContosoSecurity/ContosoSecurity/AxSecurityRole/ContosoVendorAdministrator.xml");
    let text = std::fs::read_to_string(&role).unwrap();
    client2.open(&uri(&role), &text);
    let line = text
        .lines()
        .position(|l| l.contains("<Name>ContosoVendorMasterMaintain"))
        .unwrap() as u32;
    let hover = client2.hover(&uri(&role), line, 12);
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("**Duty** `ContosoVendorMasterMaintain`")
            && value.contains("Added by extensions: `ContosoVendInvoiceView`"),
        "{value}"
    );
    client2.shutdown();
    client.shutdown();
}

// Regression (issue 17 item 7): an invalid secgov.toml was ignored silently (the CLI exits 2 on
// it) and an edit to it needed a restart of the server.
#[test]
fn an_invalid_config_is_shown_on_secgov_toml_and_reloaded_when_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("secgov.toml");
    let config_uri = uri(&config);
    std::fs::write(&config, "# settings\nrestore-type = \"Bogus\"\n").unwrap();
    std::fs::write(dir.path().join("a.xml"), CATEGORY).unwrap();
    let capabilities =
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    let mut client = Editor::start(dir.path(), capabilities);

    // At start-up, on the value at fault.
    let diags = client.diagnostics(&config_uri);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["range"], range(1, 15, 1, 22));
    assert_eq!(diags[0]["severity"], 1);
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("restore-type: `Bogus` is not a Type"),
        "{diags:?}"
    );

    // The server asks to watch secgov.toml, since the client can register watchers.
    let registration = client.wait_for(|m| m["method"] == "client/registerCapability");
    assert_eq!(
        registration["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    assert_eq!(
        registration["params"]["registrations"][0]["registerOptions"]["watchers"][0]["globPattern"],
        "**/secgov.toml"
    );

    // The duplicate category is reported with the defaults while the config is invalid.
    let doc = uri(&dir.path().join("b.xml"));
    client.open(&doc, CATEGORY);
    let codes = |d: &[Value]| d.iter().map(|d| d["code"].clone()).collect::<Vec<_>>();
    assert_eq!(codes(&client.diagnostics(&doc)), [json!("SG201")]);

    // Fixed on disk: the watcher's notification reloads it, clears its error and re-publishes
    // the open documents with the new severities.
    std::fs::write(&config, "[severity]\nSG201 = \"off\"\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config_uri, "type": 2}]}),
    );
    assert_eq!(client.diagnostics(&config_uri), Vec::<Value>::new());
    assert_eq!(client.diagnostics(&doc), Vec::<Value>::new());

    // Edited in the editor: its unsaved text applies, a syntax error at its place.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": config_uri, "languageId": "toml", "version": 1,
                                "text": "[severity]\nSG201 = \"off\"\n"}}),
    );
    // Opening it changes nothing yet: the open document is published again as it was.
    assert_eq!(client.diagnostics(&doc), Vec::<Value>::new());
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": config_uri, "version": 2},
               "contentChanges": [{"text": "[severity]\nSG201 = \"off\n"}]}),
    );
    let diags = client.diagnostics(&config_uri);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["range"]["start"]["line"], 1, "{diags:?}");
    assert_eq!(codes(&client.diagnostics(&doc)), [json!("SG201")]);

    // A bad severity name is shown at its key.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": config_uri, "version": 3},
               "contentChanges": [{"text": "[severity]\nSG2O1 = \"off\"\n"}]}),
    );
    let diags = client.diagnostics(&config_uri);
    assert_eq!(diags[0]["range"], range(1, 0, 1, 5), "{diags:?}");
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean SG201")
    );
    client.shutdown();
}
