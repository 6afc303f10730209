//! Fuzz target: arbitrary bytes as the language server's standard input, after the initialize
//! handshake: the framing (`Content-Length` headers, the 64 MiB cap, bodies that are not JSON or
//! not messages) and every message that gets through, handled by a real server on an in-memory
//! connection, then shutdown and exit. A malformed message must never end the server or panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (_, _, served) = secgov::lsp::fuzz_session(data);
    assert!(served.is_ok(), "{served:?}");
});
