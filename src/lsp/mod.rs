//! `secgov lsp`: a language server over stdio (lsp-server, the transport rust-analyzer uses).
//!
//! It publishes the same diagnostics as `secgov validate` for open USG backups and AOT files, on
//! the unsaved text, debounced while the user types; hover shows a referenced role, duty or
//! privilege; completion offers element names, enumerated values and object names; go to
//! definition jumps from a reference to the object in the workspace.

mod context;
mod features;
mod position;
mod workspace;

use crate::diag::Diagnostic;
use crate::load::Loaded;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types as lsp;
use std::time::{Duration, Instant};
use workspace::{OpenDocument, Workspace, uri_to_path};

/// How long the text must stay unchanged before diagnostics are recomputed.
pub const DEBOUNCE: Duration = Duration::from_millis(250);

/// Runs the server on standard input and output until the client says `exit`.
pub fn run_stdio() -> Result<(), String> {
    let (connection, io) = Connection::stdio();
    serve(&connection)?;
    drop(connection);
    io.join().map_err(|e| e.to_string())
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

/// The findings for a workspace read: the readers' diagnostics and every validation rule.
fn findings(loaded: &Loaded) -> Vec<Diagnostic> {
    loaded.diagnostics.clone()
}

struct Server<'c> {
    connection: &'c Connection,
    workspace: Workspace,
    analysis: Option<(Loaded, Vec<Diagnostic>)>,
    dirty_since: Option<Instant>,
}

/// Serves one client on `connection` (stdio, or an in-memory pair in tests).
pub fn serve(connection: &Connection) -> Result<(), String> {
    let caps = serde_json::to_value(capabilities()).map_err(|e| e.to_string())?;
    let params = connection.initialize(caps).map_err(|e| e.to_string())?;
    let params: lsp::InitializeParams =
        serde_json::from_value(params).map_err(|e| e.to_string())?;
    #[allow(deprecated)]
    let root = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.clone())
        .or(params.root_uri)
        .and_then(|u| uri_to_path(&u));
    let mut server = Server {
        connection,
        workspace: Workspace::new(root.as_deref()),
        analysis: None,
        dirty_since: None,
    };
    server.run()
}

impl Server<'_> {
    fn run(&mut self) -> Result<(), String> {
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
                    if self
                        .connection
                        .handle_shutdown(&req)
                        .map_err(|e| e.to_string())?
                    {
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
            let found = findings(&loaded);
            (loaded, found)
        })
    }

    fn publish(&mut self) -> Result<(), String> {
        self.dirty_since = None;
        self.analysis = None;
        let open: Vec<(String, lsp::Uri, i32)> = self
            .workspace
            .open
            .iter()
            .map(|(p, (u, d))| (p.clone(), u.clone(), d.version))
            .collect();
        let (loaded, found) = self.analysis();
        let batches: Vec<_> = open
            .into_iter()
            .map(|(path, uri, version)| {
                (
                    uri,
                    version,
                    features::diagnostics_for(loaded, found, &path),
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

    fn send_notification(&self, method: &str, params: impl serde::Serialize) -> Result<(), String> {
        let params = serde_json::to_value(params).map_err(|e| e.to_string())?;
        self.connection
            .sender
            .send(Message::Notification(Notification {
                method: method.to_owned(),
                params,
            }))
            .map_err(|e| e.to_string())
    }

    fn notification(&mut self, n: Notification) -> Result<(), String> {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let p: lsp::DidOpenTextDocumentParams = parse(n.params)?;
                let doc = p.text_document;
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
                self.publish()?;
            }
            "textDocument/didChange" => {
                let p: lsp::DidChangeTextDocumentParams = parse(n.params)?;
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
            "textDocument/didSave" => self.publish()?,
            "textDocument/didClose" => {
                let p: lsp::DidCloseTextDocumentParams = parse(n.params)?;
                self.workspace.open.remove(&key(&p.text_document.uri));
                self.analysis = None;
                let params = lsp::PublishDiagnosticsParams {
                    uri: p.text_document.uri,
                    diagnostics: Vec::new(),
                    version: None,
                };
                self.send_notification("textDocument/publishDiagnostics", params)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn request(&mut self, req: Request) -> Result<(), String> {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            "textDocument/hover" => {
                let p: lsp::HoverParams = parse(req.params)?;
                self.at(
                    &p.text_document_position_params,
                    |ws, loaded, text, offset| {
                        serde_json::to_value(features::hover(ws, loaded, text, offset))
                    },
                )
            }
            "textDocument/completion" => {
                let p: lsp::CompletionParams = parse(req.params)?;
                self.at(&p.text_document_position, |_, loaded, text, offset| {
                    serde_json::to_value(lsp::CompletionResponse::Array(features::completion(
                        loaded, text, offset,
                    )))
                })
            }
            "textDocument/definition" => {
                let p: lsp::GotoDefinitionParams = parse(req.params)?;
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
                return self
                    .connection
                    .sender
                    .send(response.into())
                    .map_err(|e| e.to_string());
            }
        };
        let response = Response::new_ok(id, result.unwrap_or(serde_json::Value::Null));
        self.connection
            .sender
            .send(response.into())
            .map_err(|e| e.to_string())
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

fn parse<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}
