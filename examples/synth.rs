//! Writes synthetic security corpora (see `examples/synth/mod.rs` and docs/performance.md).
//!
//! ```text
//! cargo run --release --example synth -- backup  --seed 1 --mb 10 -o big.xml
//! cargo run --release --example synth -- changed --seed 1 --mb 10 --fraction 0.05 -o big-changed.xml
//! cargo run --release --example synth -- aot     --seed 1 --files 20000 -o aot-folder
//! cargo run --release --example synth -- outline --seed 1 --tasks 100000 -o outline.csv
//! cargo run --release --example synth -- backup  --seed 1 --mb 100 --shape overlapping -o heavy.xml
//! ```
//! `--shape overlapping` draws every task's entry points from one small pool, so most duties and
//! privileges grant the same (a findings-heavy backup for SG602).
//! The same arguments always give the same bytes. Existing outputs are replaced (`--force` is
//! implied: these are scratch files).

use clap::{Parser, Subcommand};
#[path = "synth/mod.rs"]
mod synth;

use std::path::PathBuf;
use synth::{Corpus, Shape, Size};

#[derive(Parser)]
struct Args {
    #[command(subcommand)]
    what: What,
    /// Seed of the generator.
    #[arg(long, global = true, default_value_t = 1)]
    seed: u64,
    /// Output file (folder for `aot`).
    #[arg(long, short, global = true)]
    out: Option<PathBuf>,
    /// How access is granted: `clean` (entry points of the task's own area) or `overlapping`
    /// (every task from one small pool).
    #[arg(long, global = true, default_value = "clean")]
    shape: String,
}

#[derive(Subcommand)]
enum What {
    /// A Governance + configuration backup of about this many MiB.
    Backup {
        #[arg(long)]
        mb: f64,
    },
    /// The backup that `backup` writes for the same seed and size, with a fraction of its tasks
    /// added, removed, regranted, moved or renamed.
    Changed {
        #[arg(long)]
        mb: f64,
        #[arg(long, default_value_t = 0.05)]
        fraction: f64,
    },
    /// A folder of this many AOT security files.
    Aot {
        #[arg(long)]
        files: usize,
    },
    /// A CSV outline of this many tasks, for `secgov generate`.
    Outline {
        #[arg(long)]
        tasks: usize,
    },
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let out = args.out.ok_or("give the output path with -o")?;
    let shape = match args.shape.as_str() {
        "clean" => Shape::Clean,
        "overlapping" => Shape::Overlapping,
        other => return Err(format!("--shape {other}: use clean or overlapping").into()),
    };
    match args.what {
        What::Backup { mb } => {
            let corpus =
                Corpus::generate_shaped(args.seed, Size::Bytes((mb * 1048576.0) as usize), shape);
            secgov::write::atomic::write(&out, synth::usg_backup(&corpus).as_bytes(), true)?;
        }
        What::Changed { mb, fraction } => {
            let corpus =
                Corpus::generate_shaped(args.seed, Size::Bytes((mb * 1048576.0) as usize), shape);
            let (changed, counts) = synth::changed_copy(&corpus, args.seed, fraction);
            secgov::write::atomic::write(&out, synth::usg_backup(&changed).as_bytes(), true)?;
            eprintln!("{counts:?}");
        }
        What::Aot { files } => {
            // Two files per task (privilege, duty) plus roles: half as many tasks suffice.
            let corpus = Corpus::generate_shaped(args.seed, Size::Tasks(files / 2 + 1), shape);
            for (path, text) in synth::aot_files(&corpus, files) {
                secgov::write::atomic::write(&out.join(path), text.as_bytes(), true)?;
            }
        }
        What::Outline { tasks } => {
            let corpus = Corpus::generate_shaped(args.seed, Size::Tasks(tasks), shape);
            secgov::write::atomic::write(&out, synth::outline_csv(&corpus).as_bytes(), true)?;
        }
    }
    Ok(())
}
