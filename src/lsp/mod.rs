//! `secgov lsp`: a language server over stdio (lsp-server, the transport rust-analyzer uses).
//!
//! It publishes the same diagnostics as `secgov validate` for open USG backups and AOT files, on
//! the unsaved text, debounced while the user types; hover shows a referenced role, duty or
//! privilege; completion offers element names, enumerated values and object names; go to
//! definition jumps from a reference to the object in the workspace.

mod config;
mod context;
mod error;
mod features;
mod position;
pub mod transport;
mod workspace;

use crate::diag::Diagnostic;
use crate::load::Loaded;
use crate::rules::CheckOptions;
pub use error::ServerError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types as lsp;
use std::time::{Duration, Instant};
use workspace::{OpenDocument, Workspace, uri_to_path};

/// How long the text must stay unchanged before diagnostics are recomputed.
pub const DEBOUNCE: Duration = Duration::from_millis(250);

/// Runs the server on standard input and output until the client says `exit`.
///
/// Framing is ours (`transport.rs`), not lsp-server's stdio transport: that one allocates any
/// `Content-Length` and ends the connection on the first malformed body. Both threads take the
/// stdout lock per frame, so replies to bad frames never interleave with the server's messages.
pub fn run_stdio() -> Result<(), ServerError> {
    let (to_server, from_client) = crossbeam_channel::bounded::<Message>(0);
    let (to_client, from_server) = crossbeam_channel::bounded::<Message>(0);
    let writer = std::thread::spawn(move || -> std::io::Result<()> {
        for message in from_server {
            message.write(&mut std::io::stdout().lock())?;
        }
        Ok(())
    });
    let reader = std::thread::spawn(move || {
        transport::read_loop(
            &mut std::io::stdin().lock(),
            &mut |m| to_server.send(m).is_ok(),
            &mut |error| {
                let _ = transport::write_frame(&mut std::io::stdout().lock(), &error);
            },
        )
    });
    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    let served = serve(&connection);
    drop(connection);
    let written = writer
        .join()
        .map_err(|_| ServerError::Panicked("writer thread"));
    // The reader may still wait on input the client never sends; it ends with the process.
    if reader.is_finished() {
        if let Ok(Err(e)) = reader.join() {
            return Err(e.into());
        }
    }
    served?;
    Ok(written??)
}

/// Runs one whole session for the `lsp` fuzz target and its unit test: the initialize handshake,
/// then `data` through the framing (`transport.rs`) into a server on an in-memory connection, then
/// shutdown and exit. Gives what the server sent and the error replies of the framing; the
/// server's result (an `Err` means a malformed message ended it, which must never happen).
#[doc(hidden)]
pub fn fuzz_session(
    data: &[u8],
) -> (
    Vec<Message>,
    Vec<serde_json::Value>,
    Result<(), ServerError>,
) {
    let (server, client) = Connection::memory();
    let handle = std::thread::spawn(move || serve(&server));
    let send = |m: Message| client.sender.send(m).is_ok();
    let request = |id: i32, method: &str, params: serde_json::Value| {
        Message::Request(Request::new(id.into(), method.to_owned(), params))
    };
    send(request(
        1,
        "initialize",
        serde_json::json!({"capabilities": {}}),
    ));
    send(Message::Notification(Notification::new(
        "initialized".to_owned(),
        serde_json::json!({}),
    )));
    let mut replies = Vec::new();
    // The harness ends the session itself: a `shutdown` in the data would make lsp-server wait
    // 30 s for an `exit` that may not come.
    let _ = transport::read_loop(
        &mut &data[..],
        &mut |m| match &m {
            Message::Request(r) if r.method == "shutdown" => true,
            Message::Notification(n) if n.method == "exit" => true,
            _ => send(m),
        },
        &mut |e| replies.push(e),
    );
    send(request(i32::MAX, "shutdown", serde_json::Value::Null));
    send(Message::Notification(Notification::new(
        "exit".to_owned(),
        serde_json::Value::Null,
    )));
    let served = handle
        .join()
        .unwrap_or(Err(ServerError::Panicked("server")));
    drop(client.sender);
    (client.receiver.try_iter().collect(), replies, served)
}

fn capabilities() -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Kind(
            lsp::TextDocumentSyncKind::FULL,
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec!["<".into(), ">".into(), "\"".into()]),
            ..Default::default()
        }),
        definition_provider: Some(lsp::OneOf::Left(true)),
        ..Default::default()
    }
}

/// The findings for a workspace read: the readers' diagnostics and every validation rule, with
/// the settings of the workspace's `secgov.toml` (severities, segregation of duties rules, restore
/// type and action) when there is one.
fn findings(loaded: &Loaded, options: &CheckOptions) -> Vec<Diagnostic> {
    crate::rules::check(&loaded.model, &loaded.diagnostics, options)
}

struct Server<'c> {
    connection: &'c Connection,
    workspace: Workspace,
    /// The workspace folder, where the search for `secgov.toml` starts.
    root: Option<std::path::PathBuf>,
    /// The settings of `secgov.toml`, re-read each time diagnostics are published.
    config: config::Settings,
    /// Whether the client lets us register a file watcher for `secgov.toml`.
    watch_config: bool,
    analysis: Option<(Loaded, Vec<Diagnostic>)>,
    dirty_since: Option<Instant>,
}

/// Serves one client on `connection` (stdio, or an in-memory pair in tests).
pub fn serve(connection: &Connection) -> Result<(), ServerError> {
    let caps = serde_json::to_value(capabilities())?;
    let params = initialize(connection, caps)?;
    #[allow(deprecated)]
    let root = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.clone())
        .or(params.root_uri)
        .and_then(|u| uri_to_path(&u));
    let watch_config = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files)
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    let mut server = Server {
        connection,
        workspace: Workspace::new(root.as_deref()),
        root,
        config: config::Settings::default(),
        watch_config,
        analysis: None,
        dirty_since: None,
    };
    // An invalid `secgov.toml` is shown at once, before any document is opened.
    server.reload_config()?;
    server.run()
}

/// The `initialize` handshake; an `initialize` whose params do not parse is answered with
/// -32602 and the server waits for another.
fn initialize(
    connection: &Connection,
    caps: serde_json::Value,
) -> Result<lsp::InitializeParams, ServerError> {
    loop {
        let (id, params) = connection.initialize_start()?;
        match serde_json::from_value::<lsp::InitializeParams>(params) {
            Ok(params) => {
                // The `initialized` notification that follows goes to the main loop, which
                // ignores it: lsp-server's `initialize_finish` ends the server on anything else.
                let response = Response::new_ok(id, serde_json::json!({ "capabilities": caps }));
                connection.sender.send(response.into())?;
                return Ok(params);
            }
            Err(e) => {
                let response = Response::new_err(
                    id,
                    ErrorCode::InvalidParams as i32,
                    format!("invalid initialize params: {e}"),
                );
                connection.sender.send(response.into())?;
            }
        }
    }
}

impl Server<'_> {
    fn run(&mut self) -> Result<(), ServerError> {
        loop {
            let message = match self.dirty_since {
                Some(since) => match self
                    .connection
                    .receiver
                    .recv_timeout(DEBOUNCE.saturating_sub(since.elapsed()))
                {
                    Ok(m) => m,
                    Err(e) if e.is_timeout() => {
                        self.publish()?;
                        continue;
                    }
                    Err(_) => return Ok(()),
                },
                None => match self.connection.receiver.recv() {
                    Ok(m) => m,
                    Err(_) => return Ok(()),
                },
            };
            match message {
                Message::Request(req) => {
                    if self.connection.handle_shutdown(&req)? {
                        return Ok(());
                    }
                    self.request(req)?;
                }
                Message::Notification(n) => self.notification(n)?,
                Message::Response(_) => {}
            }
        }
    }

    fn analysis(&mut self) -> &(Loaded, Vec<Diagnostic>) {
        self.analysis.get_or_insert_with(|| {
            let loaded = self.workspace.analyze();
            let found = findings(&loaded, &self.config.options);
            (loaded, found)
        })
    }

    /// Reads `secgov.toml` again (the editor's text when it is open) and publishes its error,
    /// or clears it, when that changed.
    fn reload_config(&mut self) -> Result<(), ServerError> {
        let previous = self.config.published.take();
        self.config = config::Settings::read(self.root.as_deref(), &self.workspace);
        let now = self.config.published.clone();
        if previous == now {
            return Ok(());
        }
        if let Some((uri, _)) =
            previous.filter(|(uri, _)| now.as_ref().is_none_or(|(u, _)| u != uri))
        {
            self.send_diagnostics(uri, Vec::new(), None)?;
        }
        if let Some((uri, diagnostics)) = now {
            self.send_diagnostics(uri, diagnostics, None)?;
        }
        Ok(())
    }

    /// Asks the client to tell us when a `secgov.toml` changes on disk (when it can register
    /// watchers; otherwise saves and edits in the editor still reload it).
    fn register_config_watcher(&self) -> Result<(), ServerError> {
        let options = lsp::DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![lsp::FileSystemWatcher {
                glob_pattern: lsp::GlobPattern::String(format!("**/{}", crate::config::FILE_NAME)),
                kind: None,
            }],
        };
        let params = lsp::RegistrationParams {
            registrations: vec![lsp::Registration {
                id: "secgov-config-watcher".to_owned(),
                method: "workspace/didChangeWatchedFiles".to_owned(),
                register_options: Some(serde_json::to_value(options)?),
            }],
        };
        let request = Request::new(
            "secgov/register-config-watcher".to_owned().into(),
            "client/registerCapability".to_owned(),
            params,
        );
        self.connection
            .sender
            .send(request.into())
            .map_err(ServerError::from)
    }

    fn send_diagnostics(
        &self,
        uri: lsp::Uri,
        diagnostics: Vec<lsp::Diagnostic>,
        version: Option<i32>,
    ) -> Result<(), ServerError> {
        let params = lsp::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send_notification("textDocument/publishDiagnostics", params)
    }

    fn publish(&mut self) -> Result<(), ServerError> {
        self.dirty_since = None;
        self.analysis = None;
        self.reload_config()?;
        let open: Vec<(String, lsp::Uri, i32)> = self
            .workspace
            .open
            .iter()
            .map(|(p, (u, d))| (p.clone(), u.clone(), d.version))
            .collect();
        self.analysis();
        let (loaded, found) = self.analysis.as_ref().expect("computed above");
        let batches: Vec<_> = open
            .into_iter()
            .map(|(path, uri, version)| {
                (
                    uri,
                    version,
                    features::diagnostics_for(&self.workspace, loaded, found, &path),
                )
            })
            .collect();
        for (uri, version, diagnostics) in batches {
            let params = lsp::PublishDiagnosticsParams {
                uri,
                diagnostics,
                version: Some(version),
            };
            self.send_notification("textDocument/publishDiagnostics", params)?;
        }
        Ok(())
    }

    fn send_notification(
        &self,
        method: &str,
        params: impl serde::Serialize,
    ) -> Result<(), ServerError> {
        let params = serde_json::to_value(params)?;
        self.connection
            .sender
            .send(Message::Notification(Notification {
                method: method.to_owned(),
                params,
            }))
            .map_err(ServerError::from)
    }

    /// A notification; one whose params do not parse is logged to the client and ignored (a
    /// notification has no reply to carry an error).
    fn notification(&mut self, n: Notification) -> Result<(), ServerError> {
        let method = n.method.clone();
        match self.apply_notification(n) {
            Ok(()) => Ok(()),
            Err(Invalid::Params(e)) => self.send_notification(
                "window/logMessage",
                lsp::LogMessageParams {
                    typ: lsp::MessageType::WARNING,
                    message: format!("secgov: ignored {method}: invalid params: {e}"),
                },
            ),
            Err(Invalid::Fatal(e)) => Err(e),
        }
    }

    fn apply_notification(&mut self, n: Notification) -> Result<(), Invalid> {
        match n.method.as_str() {
            "initialized" if self.watch_config => {
                self.register_config_watcher().map_err(Invalid::Fatal)?;
            }
            "textDocument/didOpen" => {
                let p: lsp::DidOpenTextDocumentParams = parse(n.params)?;
                key_of_valid(&p.text_document.uri)?;
                let doc = p.text_document;
                // secgov.toml is settings, not a security file: it is read by the config, never
                // as XML.
                if config::is_config(&doc.uri) {
                    self.workspace
                        .configs
                        .insert(key(&doc.uri), (doc.uri, doc.text));
                    return self.publish().map_err(Invalid::Fatal);
                }
                self.workspace.open.insert(
                    key(&doc.uri),
                    (
                        doc.uri,
                        OpenDocument {
                            text: doc.text,
                            version: doc.version,
                        },
                    ),
                );
                self.publish().map_err(Invalid::Fatal)?;
            }
            "textDocument/didChange" => {
                let p: lsp::DidChangeTextDocumentParams = parse(n.params)?;
                if let (Some(change), Some((_, text))) = (
                    p.content_changes.last(),
                    self.workspace.configs.get_mut(&key(&p.text_document.uri)),
                ) {
                    text.clone_from(&change.text);
                }
                if let (Some(change), Some((_, doc))) = (
                    p.content_changes.into_iter().last(),
                    self.workspace.open.get_mut(&key(&p.text_document.uri)),
                ) {
                    doc.text = change.text;
                    doc.version = p.text_document.version;
                }
                self.analysis = None;
                self.dirty_since = Some(Instant::now());
            }
            "textDocument/didSave" => self.publish().map_err(Invalid::Fatal)?,
            "workspace/didChangeWatchedFiles" => {
                let p: lsp::DidChangeWatchedFilesParams = parse(n.params)?;
                if p.changes.iter().any(|c| config::is_config(&c.uri)) {
                    self.publish().map_err(Invalid::Fatal)?;
                }
            }
            "textDocument/didClose" => {
                let p: lsp::DidCloseTextDocumentParams = parse(n.params)?;
                if self
                    .workspace
                    .configs
                    .remove(&key(&p.text_document.uri))
                    .is_some()
                {
                    // Its saved version applies again, and its error stays shown.
                    return self.publish().map_err(Invalid::Fatal);
                }
                self.workspace.open.remove(&key(&p.text_document.uri));
                self.analysis = None;
                let params = lsp::PublishDiagnosticsParams {
                    uri: p.text_document.uri,
                    diagnostics: Vec::new(),
                    version: None,
                };
                self.send_notification("textDocument/publishDiagnostics", params)
                    .map_err(Invalid::Fatal)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// A request; one whose params do not parse is answered with -32602 (invalid params).
    fn request(&mut self, req: Request) -> Result<(), ServerError> {
        let id = req.id.clone();
        let response = match self.answer(req) {
            Ok(Some(value)) => Response::new_ok(id, value),
            Ok(None) => return Ok(()),
            Err(Invalid::Params(e)) => Response::new_err(
                id,
                ErrorCode::InvalidParams as i32,
                format!("invalid params: {e}"),
            ),
            Err(Invalid::Fatal(e)) => return Err(e),
        };
        self.connection
            .sender
            .send(response.into())
            .map_err(ServerError::from)
    }

    /// The result of a request, `None` when the answer was already sent.
    fn answer(&mut self, req: Request) -> Result<Option<serde_json::Value>, Invalid> {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            "textDocument/hover" => {
                let p: lsp::HoverParams = parse(req.params)?;
                key_of_valid(&p.text_document_position_params.text_document.uri)?;
                self.at(
                    &p.text_document_position_params,
                    |ws, loaded, text, offset| {
                        serde_json::to_value(features::hover(ws, loaded, text, offset))
                    },
                )
            }
            "textDocument/completion" => {
                let p: lsp::CompletionParams = parse(req.params)?;
                key_of_valid(&p.text_document_position.text_document.uri)?;
                self.at(&p.text_document_position, |_, loaded, text, offset| {
                    serde_json::to_value(lsp::CompletionResponse::Array(features::completion(
                        loaded, text, offset,
                    )))
                })
            }
            "textDocument/definition" => {
                let p: lsp::GotoDefinitionParams = parse(req.params)?;
                key_of_valid(&p.text_document_position_params.text_document.uri)?;
                self.at(
                    &p.text_document_position_params,
                    |ws, loaded, text, offset| {
                        serde_json::to_value(
                            features::definition(ws, loaded, text, offset)
                                .map(lsp::GotoDefinitionResponse::Scalar),
                        )
                    },
                )
            }
            _ => {
                let response = Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("unsupported: {}", req.method),
                );
                self.connection
                    .sender
                    .send(response.into())
                    .map_err(|e| Invalid::Fatal(e.into()))?;
                return Ok(None);
            }
        };
        Ok(Some(result.unwrap_or(serde_json::Value::Null)))
    }

    /// Runs `f` on the open document at a position; `null` when the document is not open.
    fn at<F>(
        &mut self,
        pos: &lsp::TextDocumentPositionParams,
        f: F,
    ) -> Result<serde_json::Value, serde_json::Error>
    where
        F: FnOnce(&Workspace, &Loaded, &str, usize) -> Result<serde_json::Value, serde_json::Error>,
    {
        let path = key(&pos.text_document.uri);
        let Some((_, doc)) = self.workspace.open.get(&path) else {
            return Ok(serde_json::Value::Null);
        };
        let text = doc.text.clone();
        let offset = position::offset(&text, pos.position);
        self.analysis();
        let (loaded, _) = self.analysis.as_ref().expect("computed above");
        f(&self.workspace, loaded, &text, offset)
    }
}

/// The path an open document is known by (its file path, or the URI for unsaved buffers).
fn key(uri: &lsp::Uri) -> String {
    uri_to_path(uri).map_or_else(|| uri.as_str().to_owned(), |p| p.display().to_string())
}

/// Why a message could not be handled.
enum Invalid {
    /// Its params are missing or malformed: answered (requests) or logged (notifications).
    Params(String),
    /// The connection is gone: the server stops.
    Fatal(ServerError),
}

fn parse<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, Invalid> {
    serde_json::from_value(value).map_err(|e| Invalid::Params(e.to_string()))
}

/// Refuses a `file:` URI whose percent escapes do not decode to a path.
fn key_of_valid(uri: &lsp::Uri) -> Result<(), Invalid> {
    let s = uri.as_str();
    if s.starts_with("file:") && !workspace::escapes_are_valid(uri) {
        return Err(Invalid::Params(format!(
            "the URI {s} has a malformed percent escape"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// The corpus the `lsp` fuzz target starts from, run as its unit test (cargo-fuzz is not
    /// part of the normal build): malformed frames and messages between good ones.
    #[test]
    fn malformed_frames_and_messages_never_end_the_server() {
        let open = r#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/a.xml","languageId":"xml","version":1,"text":"<SecurityCategoryBackup Type=\"UserSecurityGovernance\"><SecurityCategory><Name>C&#x200B;</Name><<<<"}}}"#;
        let hover = |id: i32| {
            frame(&format!(
                r#"{{"jsonrpc":"2.0","id":{id},"method":"textDocument/hover","params":{{"textDocument":{{"uri":"file:///w/a.xml"}},"position":{{"line":0,"character":80}}}}}}"#
            ))
        };
        let bad = [
            frame("{not json"),
            frame("[1,2]"),
            frame("null"),
            frame(r#"{"jsonrpc":"2.0","id":7}"#),
            frame(r#"{"jsonrpc":"2.0","id":8,"method":"textDocument/hover"}"#),
            frame(
                r#"{"jsonrpc":"2.0","id":9,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///a%é"},"position":{"line":0,"character":0}}}"#,
            ),
            frame(r#"{"jsonrpc":"2.0","method":"textDocument/didChange"}"#),
            frame(r#"{"jsonrpc":"2.0","method":"textDocument/didClose","params":{}}"#),
            frame(
                r#"{"jsonrpc":"2.0","id":10,"method":"textDocument/definition","params":{"textDocument":{"uri":"file:///w/a.xml"},"position":{"line":4294967295,"character":4294967295}}}"#,
            ),
            "Content-Length: x\r\n\r\n".to_owned(),
            "Content-Length: 99999999999\r\n\r\n".to_owned(),
        ];
        for (k, b) in bad.iter().enumerate() {
            let data = format!("{}{b}{}", frame(open), hover(100 + k as i32));
            let (sent, _, served) = fuzz_session(data.as_bytes());
            assert!(served.is_ok(), "{b:?}: {served:?}");
            let answered = sent
                .iter()
                .any(|m| matches!(m, Message::Response(r) if r.id == (100 + k as i32).into()));
            // The oversized frame swallows the rest of the input, the hover included.
            assert!(answered || b.contains("99999999999"), "{b:?}: {sent:?}");
        }
    }
}
