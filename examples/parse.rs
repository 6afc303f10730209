//! Reads and parses one XML file with roxmltree and nothing else: the baseline that
//! `examples/bench.rs` measures every secgov command against, run as a child process the same way.
//!
//! `cargo run --release --example parse -- FILE` prints the number of nodes.

fn main() {
    let path = std::env::args_os().nth(1).expect("usage: parse FILE");
    let bytes = std::fs::read(&path).expect("cannot read the file");
    let text = std::str::from_utf8(&bytes).expect("the file is not UTF-8");
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: u32::MAX,
        entity_resolver: None,
    };
    let doc = roxmltree::Document::parse_with_options(text, options).expect("not well-formed");
    println!("{}", doc.descendants().count());
}
