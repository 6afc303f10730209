//! The benchmark itself (unix only: it measures children with wait4); `main.rs` holds why.

use crate::measure::{self, Run, median};
use crate::synth::{self, Corpus, Shape, Size};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Row {
    command: String,
    input: String,
    bytes: u64,
    run: Option<Run>,
    /// Time of the raw parse of the same input(s), for the ratio.
    parse: Option<f64>,
    /// Time of `xmllint --schema` on the same input, for the ratio.
    xmllint: Option<f64>,
}

struct Bench {
    secgov: PathBuf,
    parse: PathBuf,
    xmllint: Option<PathBuf>,
    xsd: PathBuf,
    available: Vec<&'static str>,
    rows: Vec<Row>,
}

pub(crate) fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "--measure-child") {
        std::process::exit(measure::child_main(&args[1..]));
    }
    let quick = std::env::args().any(|a| a == "--quick");
    let dir = std::env::args()
        .skip_while(|a| a != "--dir")
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("bench-corpus"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let built = Command::new(cargo)
        .args([
            "build",
            "--release",
            "--bin",
            "secgov",
            "--example",
            "parse",
            "--example",
            "synth_packages",
        ])
        .status()
        .is_ok_and(|s| s.success());
    assert!(built, "cargo build --release failed");
    let release = target_dir().join("release");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut b = Bench {
        secgov: release.join("secgov"),
        parse: release.join("examples/parse"),
        xmllint: Command::new("xmllint")
            .arg("--version")
            .output()
            .is_ok()
            .then(|| PathBuf::from("xmllint")),
        xsd: root.join("schema/usg-backup.xsd"),
        available: Vec::new(),
        rows: Vec::new(),
    };
    for command in ["inspect", "validate", "diff", "generate", "catalog"] {
        let help = Command::new(&b.secgov).args([command, "--help"]).output();
        if help.is_ok_and(|o| o.status.success()) {
            b.available.push(command);
        }
    }
    let sizes: &[usize] = if quick { &[1, 10] } else { &[1, 10, 100] };
    let aot_count = if quick { 2_000 } else { 20_000 };
    let outline_tasks = if quick { 10_000 } else { 100_000 };
    let package_files = if quick { 20_000 } else { 200_000 };
    std::fs::create_dir_all(&dir).expect("cannot create the corpus folder");
    eprintln!("generating the corpus in {}", dir.display());
    for &mb in sizes {
        let corpus = Corpus::generate(1, Size::Bytes(mb << 20));
        std::fs::write(backup(&dir, mb, false), synth::usg_backup(&corpus)).unwrap();
        let (changed, _) = synth::changed_copy(&corpus, 1, 0.05);
        std::fs::write(backup(&dir, mb, true), synth::usg_backup(&changed)).unwrap();
    }
    let heavy_mb = *sizes.last().unwrap();
    let heavy = dir.join(format!("backup-{heavy_mb}mb-overlapping.xml"));
    let corpus = Corpus::generate_shaped(1, Size::Bytes(heavy_mb << 20), Shape::Overlapping);
    std::fs::write(&heavy, synth::usg_backup(&corpus)).unwrap();
    drop(corpus);
    let aot = dir.join(format!("aot-{aot_count}"));
    if !aot.exists() {
        let corpus = Corpus::generate(1, Size::Tasks(aot_count / 2 + 1));
        for (path, text) in synth::aot_files(&corpus, aot_count) {
            let p = aot.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
    }
    let outline = dir.join(format!("outline-{outline_tasks}.csv"));
    let corpus = Corpus::generate(1, Size::Tasks(outline_tasks));
    std::fs::write(&outline, synth::outline_csv(&corpus)).unwrap();

    for &mb in sizes {
        let reps = match mb {
            100 => 3,
            10 => 5,
            _ => 9,
        };
        b.backup_rows(&dir, mb, reps);
    }
    b.heavy_rows(&heavy, heavy_mb, if heavy_mb >= 100 { 3 } else { 5 });
    b.folder_rows(&aot, aot_count);
    b.generate_row(&dir, &outline, outline_tasks);
    let packages = dir.join(format!("packages-{package_files}"));
    if !packages.exists() {
        let made = Command::new(release.join("examples/synth_packages"))
            .args(["--files", &package_files.to_string(), "--out"])
            .arg(&packages)
            .status()
            .is_ok_and(|s| s.success());
        assert!(made, "synth_packages failed");
    }
    b.catalog_rows(&dir, &packages, package_files, &root);
    println!("{}", b.report(sizes));
}

impl Bench {
    fn secgov(&self, args: &[&str]) -> (PathBuf, Vec<String>) {
        (
            self.secgov.clone(),
            args.iter().map(|a| a.to_string()).collect(),
        )
    }

    fn measure(
        &mut self,
        command: &str,
        input: &str,
        bytes: u64,
        program: (PathBuf, Vec<String>),
        reps: usize,
    ) -> Option<f64> {
        eprintln!("  {command} on {input}");
        let run = median(&program.0, &program.1, reps);
        self.rows.push(Row {
            command: command.into(),
            input: input.into(),
            bytes,
            run,
            parse: None,
            xmllint: None,
        });
        run.map(|r| r.wall.as_secs_f64())
    }

    fn not_available(&mut self, command: &str, input: &str, bytes: u64) {
        self.rows.push(Row {
            command: if command.contains('(') {
                command.to_string()
            } else {
                format!("{command} (not available)")
            },
            input: input.into(),
            bytes,
            run: None,
            parse: None,
            xmllint: None,
        });
    }

    fn backup_rows(&mut self, dir: &Path, mb: usize, reps: usize) {
        let file = backup(dir, mb, false);
        let changed = backup(dir, mb, true);
        let f = file.display().to_string();
        let c = changed.display().to_string();
        let bytes = std::fs::metadata(&file).map_or(0, |m| m.len());
        let input = format!("{mb} MiB backup");
        let first = self.rows.len();
        let parse = self.raw_parse(&f, &input, bytes, reps);
        let mut xmllint = None;
        match (&self.xmllint, self.xsd.exists()) {
            (Some(x), true) => {
                let xsd = self.xsd.display().to_string();
                let x = x.clone();
                xmllint = self.measure(
                    "xmllint --noout --schema",
                    &input,
                    bytes,
                    (
                        x.clone(),
                        vec!["--noout".into(), "--schema".into(), xsd.clone(), f.clone()],
                    ),
                    reps.min(3),
                );
                self.measure(
                    "xmllint --stream --noout --schema",
                    &input,
                    bytes,
                    (
                        x,
                        vec![
                            "--stream".into(),
                            "--noout".into(),
                            "--schema".into(),
                            xsd,
                            f.clone(),
                        ],
                    ),
                    reps.min(3),
                );
            }
            (None, _) => self.not_available("xmllint (not installed)", &input, bytes),
            (_, false) => {
                self.not_available("xmllint (schema/usg-backup.xsd absent)", &input, bytes)
            }
        }
        for (command, args) in [
            ("secgov inspect", vec!["inspect", &f]),
            ("secgov validate", vec!["validate", &f]),
            ("secgov diff", vec!["diff", &f, &c]),
        ] {
            if self.available.contains(&args[0]) {
                let program = self.secgov(&args);
                self.measure(command, &input, bytes, program, reps);
            } else {
                self.not_available(command, &input, bytes);
            }
        }
        for row in &mut self.rows[first..] {
            // diff reads two files: compare it with parsing both.
            let twice = row.command == "secgov diff";
            row.parse = parse.map(|p| if twice { 2.0 * p } else { p });
            row.xmllint = xmllint;
        }
    }

    /// The raw roxmltree parse of `f`, the floor every ratio is taken against.
    fn raw_parse(&mut self, f: &str, input: &str, bytes: u64, reps: usize) -> Option<f64> {
        let program = (self.parse.clone(), vec![f.to_string()]);
        self.measure("raw roxmltree parse", input, bytes, program, reps)
    }

    /// The findings-heavy backup (`Shape::Overlapping`): validate in the human and JSON formats
    /// beside the raw parse and xmllint of the same file.
    fn heavy_rows(&mut self, file: &Path, mb: usize, reps: usize) {
        let f = file.display().to_string();
        let bytes = std::fs::metadata(file).map_or(0, |m| m.len());
        let input = format!("{mb} MiB findings-heavy backup");
        let first = self.rows.len();
        let parse = self.raw_parse(&f, &input, bytes, reps);
        let mut xmllint = None;
        if let (Some(x), true) = (&self.xmllint, self.xsd.exists()) {
            let xsd = self.xsd.display().to_string();
            let program = (
                x.clone(),
                vec!["--noout".into(), "--schema".into(), xsd, f.clone()],
            );
            xmllint = self.measure("xmllint --noout --schema", &input, bytes, program, reps);
        }
        if self.available.contains(&"validate") {
            let human = self.secgov(&["validate", &f]);
            self.measure("secgov validate", &input, bytes, human, reps);
            let json = self.secgov(&["validate", "--format", "json", &f]);
            self.measure("secgov validate --format json", &input, bytes, json, reps);
        }
        for row in &mut self.rows[first..] {
            row.parse = parse;
            row.xmllint = xmllint;
        }
    }

    fn folder_rows(&mut self, aot: &Path, count: usize) {
        let a = aot.display().to_string();
        let input = format!("{count} AOT files");
        for command in ["inspect", "validate"] {
            if !self.available.contains(&command) {
                self.not_available(&format!("secgov {command}"), &input, 0);
                continue;
            }
            let one = self.secgov(&[command, "--threads", "1", &a]);
            self.measure(&format!("secgov {command} --threads 1"), &input, 0, one, 3);
            let all = self.secgov(&[command, &a]);
            self.measure(&format!("secgov {command} (all cores)"), &input, 0, all, 3);
        }
    }

    fn generate_row(&mut self, dir: &Path, outline: &Path, tasks: usize) {
        let input = format!("{tasks}-task outline");
        if !self.available.contains(&"generate") {
            self.not_available("secgov generate", &input, 0);
            return;
        }
        let out = dir.join("generated.xml").display().to_string();
        let o = outline.display().to_string();
        let program = self.secgov(&["generate", &o, "--out", &out, "--force"]);
        self.measure("secgov generate", &input, 0, program, 3);
        // Writing a restore file should cost about what reading it back costs.
        let bytes = std::fs::metadata(&out).map_or(0, |m| m.len());
        let program = self.secgov(&["inspect", &out]);
        self.measure(
            "secgov inspect (the generated file)",
            &input,
            bytes,
            program,
            3,
        );
    }

    /// Building the reference catalog from a synthetic PackagesLocalDirectory, and a validate
    /// that loads it against one that reads the folder it came from (docs/catalog.md).
    fn catalog_rows(&mut self, dir: &Path, packages: &Path, files: usize, root: &Path) {
        let input = format!("{files}-file PackagesLocalDirectory");
        if !self.available.contains(&"catalog") {
            self.not_available("secgov catalog build", &input, 0);
            return;
        }
        let p = packages.display().to_string();
        let catalog = dir.join("catalog.xml").display().to_string();
        let build = self.secgov(&["catalog", "build", &p, "-o", &catalog, "--force"]);
        self.measure("secgov catalog build", &input, 0, build, 3);
        let backup = root
            .join("templates/usg/order-to-cash.xml")
            .display()
            .to_string();
        for (command, reference) in [
            ("secgov validate --reference (the catalog)", &catalog),
            ("secgov validate --reference (the folder)", &p),
        ] {
            let args = [
                "validate",
                &backup,
                "--action",
                "none",
                "--reference",
                reference,
            ];
            let program = self.secgov(&args);
            self.measure(command, &input, 0, program, 3);
        }
    }

    fn report(&self, sizes: &[usize]) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{}\n", machine());
        s.push_str("| command | input | median | peak memory | × raw parse | × xmllint --schema | exit |\n");
        s.push_str("|---|---|---:|---:|---:|---:|---:|\n");
        for r in &self.rows {
            let Some(run) = r.run else {
                let _ = writeln!(s, "| {} | {} | – | – | – | – | – |", r.command, r.input);
                continue;
            };
            let t = run.wall.as_secs_f64();
            let ratio = |base: Option<f64>| base.map_or("–".into(), |b| format!("{:.2}", t / b));
            let mem = if r.bytes > 0 {
                format!(
                    "{} ({:.1}× file)",
                    mib(run.peak),
                    run.peak as f64 / r.bytes as f64
                )
            } else {
                mib(run.peak)
            };
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} |",
                r.command,
                r.input,
                seconds(t),
                mem,
                ratio(r.parse),
                ratio(r.xmllint),
                run.status
            );
        }
        s.push_str("\n### Targets\n\n");
        for line in self.targets(sizes) {
            let _ = writeln!(s, "- {line}");
        }
        s
    }

    fn time(&self, command: &str, input: &str) -> Option<(f64, &Row)> {
        let r = self
            .rows
            .iter()
            .find(|r| r.command == command && r.input == input)?;
        Some((r.run?.wall.as_secs_f64(), r))
    }

    fn targets(&self, sizes: &[usize]) -> Vec<String> {
        let big = format!("{} MiB backup", sizes.last().unwrap());
        let mid = format!("{} MiB backup", sizes[sizes.len().saturating_sub(2)]);
        let mut out = Vec::new();
        let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
        match self.time("secgov validate", &big) {
            Some((t, r)) => {
                if let Some(p) = r.parse {
                    out.push(format!(
                        "validate {big}: {:.2}× raw parse (target ≤ 1.5×): {}",
                        t / p,
                        verdict(t / p <= 1.5)
                    ));
                }
                if let Some(x) = r.xmllint {
                    out.push(format!(
                        "validate {big}: {:.1}× faster than xmllint --schema (target ≥ 3×): {}",
                        x / t,
                        verdict(x / t >= 3.0)
                    ));
                }
                // Issue 16 set tighter targets for the same clean shape.
                if let (Some(p), Some(x)) = (r.parse, r.xmllint) {
                    out.push(format!(
                        "validate {big}: {:.2}× raw parse and {:.1}× faster than xmllint --schema (issue 16: ≤ 1.3× and ≥ 2×): {}",
                        t / p,
                        x / t,
                        verdict(t / p <= 1.3 && x / t >= 2.0)
                    ));
                }
                let peak = r.run.map_or(0, |r| r.peak) as f64 / r.bytes as f64;
                out.push(format!(
                    "validate {big}: peak memory {peak:.1}× the file (target ≤ 5×): {}",
                    verdict(peak <= 5.0)
                ));
                if let Some((t10, _)) = self.time("secgov validate", &mid) {
                    out.push(format!(
                        "validate {big} / {mid}: {:.1}× (target ≤ 11× for 10× the size): {}",
                        t / t10,
                        verdict(t / t10 <= 11.0)
                    ));
                }
            }
            None => out.push("validate targets: secgov validate not available".into()),
        }
        match self.time("secgov diff", &big) {
            Some((t, r)) => {
                if let Some(p) = r.parse {
                    out.push(format!(
                        "diff {big}: {:.2}× parsing both files (target ≤ 2×): {}",
                        t / p,
                        verdict(t / p <= 2.0)
                    ));
                }
                if let Some((t1, _)) = self.time("secgov diff", "1 MiB backup") {
                    out.push(format!(
                        "diff of two 1 MiB backups: {} (target < 40 ms): {}",
                        seconds(t1),
                        verdict(t1 < 0.040)
                    ));
                }
            }
            None => out.push("diff targets: secgov diff not available".into()),
        }
        for command in ["inspect", "validate"] {
            let input = self
                .rows
                .iter()
                .find(|r| r.input.ends_with("AOT files"))
                .map(|r| r.input.clone());
            let Some(input) = input else { continue };
            let one = self.time(&format!("secgov {command} --threads 1"), &input);
            let all = self.time(&format!("secgov {command} (all cores)"), &input);
            if let (Some((t1, _)), Some((tn, _))) = (one, all) {
                out.push(format!("{command} {input}: {:.2}× the single-thread rate on {} cores (target ≥ 1.7×): {}", t1 / tn, cores(), verdict(t1 / tn >= 1.7)));
            }
        }
        let heavy = format!("{} MiB findings-heavy backup", sizes.last().unwrap());
        for command in ["secgov validate", "secgov validate --format json"] {
            if let Some((t, r)) = self.time(command, &heavy) {
                if let Some(p) = r.parse {
                    out.push(format!(
                        "{command} {heavy}: {:.2}× raw parse (target ≤ 2×): {}",
                        t / p,
                        verdict(t / p <= 2.0)
                    ));
                }
                let peak = r.run.map_or(0, |r| r.peak) as f64 / r.bytes as f64;
                out.push(format!(
                    "{command} {heavy}: peak memory {peak:.1}× the file (target ≤ 5×): {}",
                    verdict(peak <= 5.0)
                ));
            }
        }
        let outline = self
            .rows
            .iter()
            .find(|r| r.input.ends_with("-task outline"))
            .map(|r| r.input.clone());
        if let Some(outline) = outline {
            let generate = self.time("secgov generate", &outline);
            let inspect = self.time("secgov inspect (the generated file)", &outline);
            if let (Some((g, gr)), Some((i, ir))) = (generate, inspect) {
                out.push(format!(
                    "generate {outline}: {:.2}× inspect of the file it writes (target ≤ 2×): {}",
                    g / i,
                    verdict(g / i <= 2.0)
                ));
                let peak = gr.run.map_or(0, |r| r.peak) as f64 / ir.bytes.max(1) as f64;
                out.push(format!(
                    "generate {outline}: peak memory {peak:.1}× the file it writes (target ≤ 5×): {}",
                    verdict(peak <= 5.0)
                ));
            }
        }
        if let (Some((t, _)), Some((t10, _))) = (
            self.time("secgov inspect", &big),
            self.time("secgov inspect", &mid),
        ) {
            out.push(format!(
                "inspect {big} / {mid}: {:.1}× (linear would be 10×)",
                t / t10
            ));
        }
        out
    }
}

fn backup(dir: &Path, mb: usize, changed: bool) -> PathBuf {
    dir.join(format!(
        "backup-{mb}mb{}.xml",
        if changed { "-changed" } else { "" }
    ))
}

fn target_dir() -> PathBuf {
    // target/release/examples/bench -> target
    let exe = std::env::current_exe().expect("no current exe");
    exe.ancestors()
        .nth(3)
        .expect("unexpected layout")
        .to_path_buf()
}

fn seconds(t: f64) -> String {
    if t < 1.0 {
        format!("{:.0} ms", t * 1000.0)
    } else {
        format!("{t:.2} s")
    }
}

fn mib(bytes: u64) -> String {
    format!("{:.0} MiB", bytes as f64 / 1048576.0)
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let xmllint = Command::new("xmllint")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .next()
                .map(str::to_string)
        })
        .unwrap_or_else(|| "xmllint not installed".into());
    format!("{} cores, {cpu}; {xmllint}", cores())
}
