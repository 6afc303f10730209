//! The language server's framing over stdio: `Content-Length` headers, then a JSON-RPC body.
//!
//! lsp-server's own stdio transport allocates whatever `Content-Length` says (10^12 aborted the
//! process) and ends the connection on the first body that is not a message it knows, so the
//! editor loses its server to one bad frame. Here every frame is bounded by
//! [`MAX_CONTENT_LENGTH`], and a bad frame is answered with the JSON-RPC error the spec names
//! (-32700 parse error, -32600 invalid request) and skipped; the next frame is read as usual.

use lsp_server::Message;
use serde_json::{Value, json};
use std::io::{self, BufRead, Read, Write};

/// Largest message body read: far above any security file an editor holds open, far below what
/// would exhaust memory. Larger bodies are skipped unread and answered with an error.
pub const MAX_CONTENT_LENGTH: u64 = 64 << 20;

/// Longest header line read; real headers are a few dozen bytes.
const MAX_HEADER_LINE: u64 = 8 << 10;

/// JSON-RPC: the body is not JSON.
pub const PARSE_ERROR: i32 = -32700;
/// JSON-RPC: the body is JSON but not a request, notification or response.
pub const INVALID_REQUEST: i32 = -32600;

/// Reads frames from `input` until its end or an `exit` notification: messages go to `forward`
/// (which returns `false` when the server is gone), bad frames to `reply` as JSON-RPC error
/// responses. Returns at the end of input; an error only when reading itself fails.
pub(crate) fn read_loop(
    input: &mut impl BufRead,
    forward: &mut impl FnMut(Message) -> bool,
    reply: &mut impl FnMut(Value),
) -> io::Result<()> {
    loop {
        let body = match read_frame(input)? {
            None => return Ok(()),
            Some(Ok(body)) => body,
            Some(Err((code, message))) => {
                reply(error_response(Value::Null, code, &message));
                continue;
            }
        };
        match classify(&body) {
            Ok(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if !forward(message) || exit {
                    return Ok(());
                }
            }
            Err(error) => reply(error),
        }
    }
}

/// A JSON-RPC error response for the request `id` (`null` when it could not be read).
pub(crate) fn error_response(id: Value, code: i32, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// Writes `value` as one frame.
pub(crate) fn write_frame(out: &mut impl Write, value: &Value) -> io::Result<()> {
    let body = value.to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

type FrameError = (i32, String);

/// One frame's body; `Ok(None)` at the end of input, `Ok(Some(Err(..)))` for a frame that is
/// answered with an error and skipped.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Result<Vec<u8>, FrameError>>> {
    let mut length: Option<Result<u64, String>> = None;
    let mut line = Vec::new();
    let mut first = true;
    loop {
        line.clear();
        let n = input
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(if first {
                None
            } else {
                Some(Err((
                    PARSE_ERROR,
                    "the input ended inside a message header".into(),
                )))
            });
        }
        first = false;
        if !line.ends_with(b"\n") {
            // A header line longer than any real one: drop the rest of it.
            skip_line(input)?;
            return Ok(Some(Err((
                PARSE_ERROR,
                format!("a header line is longer than {MAX_HEADER_LINE} bytes"),
            ))));
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("Content-Length") {
                let value = value.trim();
                length = Some(
                    value
                        .parse::<u64>()
                        .map_err(|_| format!("the Content-Length {value:?} is not a number")),
                );
            }
        }
    }
    let length = match length {
        None => {
            return Ok(Some(Err((
                PARSE_ERROR,
                "a message has no Content-Length header".into(),
            ))));
        }
        Some(Err(message)) => return Ok(Some(Err((PARSE_ERROR, message)))),
        Some(Ok(n)) => n,
    };
    if length > MAX_CONTENT_LENGTH {
        io::copy(&mut input.by_ref().take(length), &mut io::sink())?;
        return Ok(Some(Err((
            INVALID_REQUEST,
            format!(
                "a message of {length} bytes is larger than the limit of {} MiB",
                MAX_CONTENT_LENGTH >> 20
            ),
        ))));
    }
    let mut body = Vec::with_capacity(length as usize);
    input.by_ref().take(length).read_to_end(&mut body)?;
    if (body.len() as u64) < length {
        return Ok(Some(Err((
            PARSE_ERROR,
            "the input ended inside a message body".into(),
        ))));
    }
    Ok(Some(Ok(body)))
}

fn skip_line(input: &mut impl BufRead) -> io::Result<()> {
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        match memchr::memchr(b'\n', buf) {
            Some(i) => {
                input.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = buf.len();
                input.consume(n);
            }
        }
    }
}

/// The message in a frame's body, or the error response that answers it.
fn classify(body: &[u8]) -> Result<Message, Value> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        error_response(
            Value::Null,
            PARSE_ERROR,
            &format!("the message is not JSON: {e}"),
        )
    })?;
    let Value::Object(object) = &value else {
        return Err(error_response(
            Value::Null,
            INVALID_REQUEST,
            "a message must be a JSON object (batches are not supported)",
        ));
    };
    // An id the reply can carry: a number or a string, else null as the spec says.
    let id = match object.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    serde_json::from_value::<Message>(value).map_err(|_| {
        error_response(
            id,
            INVALID_REQUEST,
            "not a JSON-RPC request, notification or response",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the loop over `input`; gives the methods forwarded and the error codes replied.
    fn run(input: &[u8]) -> (Vec<String>, Vec<i64>) {
        let mut methods = Vec::new();
        let mut codes = Vec::new();
        read_loop(
            &mut &input[..],
            &mut |m| {
                methods.push(match m {
                    Message::Request(r) => r.method,
                    Message::Notification(n) => n.method,
                    Message::Response(_) => "response".into(),
                });
                true
            },
            &mut |e| codes.push(e["error"]["code"].as_i64().unwrap()),
        )
        .unwrap();
        (methods, codes)
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn bad_frames_are_answered_and_the_next_is_read() {
        let ok = frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
        let input = [
            frame("{not json"),
            frame("[1,2]"),
            frame("42"),
            frame(r#"{"jsonrpc":"2.0","id":7}"#),
            "Content-Length: 1000000000000\r\n\r\n".into(),
        ]
        .concat();
        let (methods, codes) = run(format!("{ok}{input}").as_bytes());
        assert_eq!(methods, ["initialized"]);
        assert_eq!(codes, [-32700, -32600, -32600, -32600, -32600]);
        let (methods, codes) = run(format!("{}{ok}", frame("{")).as_bytes());
        assert_eq!((methods.len(), codes), (1, vec![-32700]));
    }

    #[test]
    fn bad_headers_are_answered() {
        let long = format!("X: {}\r\n\r\n", "a".repeat(20_000));
        for input in [
            "Content-Length: x\r\n\r\n",
            "Foo: 1\r\n\r\n",
            &long,
            "Content-Length: 5\r\n",
        ] {
            let (methods, codes) = run(input.as_bytes());
            assert!(methods.is_empty(), "{input:?}");
            assert_eq!(codes[0], -32700, "{input:?}");
        }
    }

    #[test]
    fn exit_ends_the_loop() {
        let input = [
            frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
            frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
        ]
        .concat();
        assert_eq!(run(input.as_bytes()).0, ["exit"]);
    }
}
