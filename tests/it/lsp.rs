//! The language server driven in-process with real LSP messages: initialize, didOpen of a broken
//! file, publishDiagnostics with the right ranges, hover, completion, definition, shutdown.

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

const TEMPLATES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");

struct Client {
    conn: Connection,
    server: Option<std::thread::JoinHandle<Result<(), secgov::lsp::ServerError>>>,
    next_id: i32,
}

impl Client {
    fn start(root: &str) -> Client {
        let (client, server) = Connection::memory();
        let handle = std::thread::spawn(move || secgov::lsp::serve(&server));
        let mut c = Client {
            conn: client,
            server: Some(handle),
            next_id: 1,
        };
        let root_uri = format!("file://{root}");
        let result = c.request("initialize", json!({"capabilities": {}, "rootUri": root_uri, "workspaceFolders": [{"uri": root_uri, "name": "ws"}]}));
        assert_eq!(result["capabilities"]["hoverProvider"], json!(true));
        c.notify("initialized", json!({}));
        c
    }

    fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Message::Notification(Notification {
                method: method.into(),
                params,
            }))
            .unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = RequestId::from(self.next_id);
        self.next_id += 1;
        self.conn
            .sender
            .send(Message::Request(Request {
                id: id.clone(),
                method: method.into(),
                params,
            }))
            .unwrap();
        loop {
            match self
                .conn
                .receiver
                .recv_timeout(crate::support::WATCHDOG)
                .expect("the server answers within the watchdog (a hang otherwise)")
            {
                Message::Response(r) if r.id == id => {
                    return r.response_result.unwrap_or(Value::Null);
                }
                _ => {}
            }
        }
    }

    fn diagnostics(&self, uri: &str) -> Vec<Value> {
        loop {
            if let Message::Notification(n) = self
                .conn
                .receiver
                .recv_timeout(crate::support::WATCHDOG)
                .expect("diagnostics arrive within the watchdog (a hang otherwise)")
            {
                if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri {
                    return n.params["diagnostics"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default();
                }
            }
        }
    }

    fn open(&self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "xml", "version": 1, "text": text}}),
        );
    }

    fn shutdown(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap().unwrap();
    }
}

fn at(line: u32, character: u32, uri: &str) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

#[test]
fn broken_file_gets_diagnostics_with_exact_ranges_then_clears_when_fixed() {
    let mut client = Client::start(&format!("{TEMPLATES}/aot"));
    let uri = "file:///tmp/secgov-lsp-test/Broken.xml";
    let text = "<SecurityCategoryBackup Type=\"UserSecurityGovernance\">\n  <SecurityCategory>\n    <Name>P2P</Name>\n    <ProcessHierarchy>\n      <Process><Name>Buy</Name><Task><Name>T</Name><Dutty>X</Dutty><EntryPoints><EntryPoint><ObjectName>VendTable</ObjectName><ObjectType>MenuItemDisplay</ObjectType><Grant><Read>Allow</Read></Grant></EntryPoint></EntryPoints></Task></Process>\n    </ProcessHierarchy>\n  </SecurityCategory>\n</SecurityCategoryBackup>\n";
    client.open(uri, text);
    let diags = client.diagnostics(uri);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "SG101");
    assert_eq!(
        diags[0]["range"],
        json!({"start": {"line": 4, "character": 52}, "end": {"line": 4, "character": 57}})
    );
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean <Duty>")
    );

    // A change is debounced, then published for the new text.
    let fixed = text.replace("Dutty", "Duty");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    assert_eq!(client.diagnostics(uri), Vec::<Value>::new());
    let _ = client.request("textDocument/hover", at(0, 1, uri));
    client.shutdown();
}

#[test]
fn hover_completion_and_definition_use_the_workspace() {
    let mut client = Client::start(&format!("{TEMPLATES}/aot"));
    let role_path = format!(
        "{TEMPLATES}/aot/ContosoSecurity/ContosoSecurity/AxSecurityRole/ContosoVendorAdministrator.xml"
    );
    let uri = format!("file://{role_path}");
    let text = std::fs::read_to_string(&role_path).unwrap();
    client.open(&uri, &text);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());

    // Line 8 (0-based) is `<Name>ContosoVendorMasterMaintain</Name>` inside a duty reference.
    let line = text
        .lines()
        .position(|l| l.contains("<Name>ContosoVendorMasterMaintain"))
        .unwrap() as u32;
    let hover = client.request("textDocument/hover", at(line, 12, &uri));
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("**Duty** `ContosoVendorMasterMaintain`"),
        "{value}"
    );
    assert!(
        value.contains("ContosoVendTableMaintain")
            && value.contains("Added by extensions: `ContosoVendInvoiceView`"),
        "{value}"
    );

    let definition = client.request("textDocument/definition", at(line, 12, &uri));
    assert!(
        definition["uri"]
            .as_str()
            .unwrap()
            .ends_with("AxSecurityDuty/ContosoVendorMasterMaintain.xml"),
        "{definition}"
    );
    assert_eq!(
        definition["range"]["start"],
        json!({"line": 2, "character": 7})
    );

    let completion = client.request("textDocument/completion", at(line, 12, &uri));
    let labels: Vec<&str> = completion
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"ContosoVendorMasterMaintain"),
        "{labels:?}"
    );

    // Element names allowed inside a USG task, and ObjectType values.
    let usg = "file:///tmp/secgov-lsp-test/new.xml";
    client.open(usg, "<SecurityCategoryBackup><SecurityCategory><ProcessHierarchy><Process><Task><\n<ObjectType>Menu");
    let _ = client.diagnostics(usg);
    let completion = client.request("textDocument/completion", at(0, 78, usg));
    let labels: Vec<&str> = completion
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        ["Name", "Description", "Duty", "Privilege", "EntryPoints"]
    );
    let completion = client.request("textDocument/completion", at(1, 16, usg));
    let labels: Vec<&str> = completion
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"MenuItemDisplay"));
    client.shutdown();
}
