//! No data loss: every command that reads security XML leaves its inputs byte-identical, with
//! the same modification time, whatever it finds. Commands are discovered from the binary, so a
//! command that lands later is covered without editing this file.

use crate::support;

use std::path::{Path, PathBuf};
use std::time::SystemTime;
use support::secgov;

fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>, SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                stack.push(p);
            } else {
                let meta = std::fs::metadata(&p).unwrap();
                out.push((
                    p.clone(),
                    std::fs::read(&p).unwrap(),
                    meta.modified().unwrap(),
                ));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_tree(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

fn available(command: &str) -> bool {
    secgov(&[command, "--help"]).status == 0
}

#[test]
fn every_command_leaves_its_inputs_byte_identical() {
    let inputs = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-data-loss");
    let _ = std::fs::remove_dir_all(&inputs);
    copy_tree(
        &PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/templates")),
        &inputs,
    );
    // A damaged input too: findings must not lead to a "repair" in place.
    std::fs::write(inputs.join("damaged.xml"), "<AxSecurityRole><Name>R</Nam").unwrap();
    let usg = inputs.join("usg/procure-to-pay.xml");
    let other = inputs.join("usg/order-to-cash.xml");
    let aot = inputs.join("aot");
    let damaged = inputs.join("damaged.xml");
    let s = |p: &Path| p.display().to_string();
    let before = snapshot(&inputs);
    let mut runs: Vec<Vec<String>> = Vec::new();
    for format in ["text", "json", "mermaid"] {
        for input in [&usg, &aot, &damaged] {
            runs.push(vec![
                "inspect".into(),
                "--format".into(),
                format.into(),
                s(input),
            ]);
        }
    }
    if available("validate") {
        for input in [&usg, &aot, &damaged, &inputs] {
            runs.push(vec!["validate".into(), s(input)]);
        }
    }
    if available("diff") {
        runs.push(vec!["diff".into(), s(&usg), s(&other)]);
        runs.push(vec!["diff".into(), s(&aot), s(&damaged)]);
    }
    assert!(!runs.is_empty());
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = secgov(&args);
        o.assert_no_panic();
        assert!(o.status <= 2, "{args:?}: {}", o.stderr);
    }
    let after = snapshot(&inputs);
    assert_eq!(before.len(), after.len(), "files were added or removed");
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.0, a.0);
        assert!(b.1 == a.1, "{} changed", b.0.display());
        assert_eq!(b.2, a.2, "{} was written to", b.0.display());
    }
}
