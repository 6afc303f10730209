//! Why the language server stopped. Only the connection ends it: the client went away, a message
//! could not be framed or sent, the handshake broke, or one of its threads panicked. A malformed
//! message is never an error here: it gets a JSON-RPC error reply and the server goes on.

use lsp_server::{Message, ProtocolError};
use std::fmt;

#[derive(Debug)]
pub enum ServerError {
    /// The handshake or the shutdown exchange broke (lsp-server's own check).
    Protocol(ProtocolError),
    /// A message could not be handed to the client: the connection is closed.
    Disconnected,
    /// A value of ours could not be written as JSON.
    Json(serde_json::Error),
    /// Standard input or output failed.
    Io(std::io::Error),
    /// A thread of the server panicked; which one.
    Panicked(&'static str),
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerError::Protocol(e) => write!(f, "{e}"),
            ServerError::Disconnected => f.write_str("the client closed the connection"),
            ServerError::Json(e) => write!(f, "cannot write a message as JSON: {e}"),
            ServerError::Io(e) => write!(f, "{e}"),
            ServerError::Panicked(which) => write!(f, "the {which} panicked"),
        }
    }
}

impl std::error::Error for ServerError {}

impl From<ProtocolError> for ServerError {
    fn from(e: ProtocolError) -> Self {
        ServerError::Protocol(e)
    }
}

impl From<crossbeam_channel::SendError<Message>> for ServerError {
    fn from(_: crossbeam_channel::SendError<Message>) -> Self {
        ServerError::Disconnected
    }
}

impl From<serde_json::Error> for ServerError {
    fn from(e: serde_json::Error) -> Self {
        ServerError::Json(e)
    }
}

impl From<std::io::Error> for ServerError {
    fn from(e: std::io::Error) -> Self {
        ServerError::Io(e)
    }
}
