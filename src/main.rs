//! The `secgov` binary: parse arguments, run the command, map the outcome to an exit status.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
