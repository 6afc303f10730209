//! `secgov lsp`: start the language server on standard input and output.

use secgov::exit;

pub(crate) fn run() -> std::io::Result<i32> {
    match secgov::lsp::run_stdio() {
        Ok(()) => Ok(exit::SUCCESS),
        Err(e) => {
            eprintln!("secgov lsp: {e}");
            Ok(exit::ERROR)
        }
    }
}
