//! Issue 18, point 6: `secgov outline BACKUP -o FILE` writes the outline that generates the
//! backup's hierarchy. Property: for any outline `generate` accepts, the outline written back
//! from its categories (CSV, Excel, YAML and TOML) generates byte-identical XML. The CLI is
//! checked on the starter template, and refuses what it cannot write.

use super::property::config;
use super::support::{fixture, secgov};
use proptest::prelude::*;
use secgov::diag::Severity;
use secgov::generate::{Generated, Request, generate};
use secgov::outline::write;
use serde_json::{Value, json};

/// A name with XML and CSV special characters (` > ` too, which sends the path into Level
/// columns), no white space at either end.
fn name() -> impl Strategy<Value = String> {
    "[A-Za-z&<>\"'][A-Za-z0-9&<>\"'_.;, -]{0,8}[A-Za-z0-9&<>\"';]"
}

const TYPES: [&str; 3] = ["MenuItemDisplay", "MenuItemAction", "ServiceOperation"];

fn grants() -> impl Strategy<Value = Vec<(usize, bool)>> {
    prop::collection::vec((0..6usize, any::<bool>()), 1..3)
}

fn entry() -> impl Strategy<Value = Value> {
    (0..3usize, name(), grants()).prop_map(|(t, n, g)| {
        let mut e = json!({
            "object_type": TYPES[t],
            "object_name": n,
        });
        for (k, allow) in g {
            let key = ["read", "update", "create", "correct", "delete", "invoke"][k];
            e[key] = json!(if allow { "Allow" } else { "Deny" });
        }
        e
    })
}

fn task() -> impl Strategy<Value = Value> {
    (
        name(),
        proptest::option::of(name()),
        proptest::option::of(name()),
        prop::collection::vec(entry(), 0..3),
    )
        .prop_map(|(n, duty, description, entries)| {
            let mut t = json!({ "name": n, "entry_points": entries });
            if let Some(d) = duty {
                t["duty"] = json!(d);
            }
            if let Some(d) = description {
                t["description"] = json!(d);
            }
            t
        })
}

fn process() -> impl Strategy<Value = Value> {
    let leaf = (
        name(),
        proptest::option::of(name()),
        proptest::option::of(name()),
        prop::collection::vec(task(), 0..3),
        proptest::option::of("[0-9]{1,2}(\\.[0-9]{1,2})?"),
    )
        .prop_map(|(n, role, description, tasks, version)| {
            let mut p = json!({ "name": n, "tasks": tasks, "processes": [] });
            if let Some(v) = version {
                p["version"] = json!(v);
            }
            if let Some(r) = role {
                p["role"] = json!(r);
            }
            if let Some(d) = description {
                p["description"] = json!(d);
            }
            p
        });
    leaf.prop_recursive(3, 12, 3, |inner| {
        (
            name(),
            prop::collection::vec(task(), 0..2),
            prop::collection::vec(inner, 0..3),
        )
            .prop_map(
                |(n, tasks, children)| json!({ "name": n, "tasks": tasks, "processes": children }),
            )
    })
}

/// Numbers names where the product wants them unique: processes per category, tasks per
/// process, entry points per task; and gives each task's duty its own privilege grants.
fn uniquify(p: &mut Value, counter: &mut usize) {
    *counter += 1;
    let n = format!("{}{}", p["name"].as_str().unwrap_or(""), counter);
    p["name"] = json!(n);
    if let Some(tasks) = p["tasks"].as_array_mut() {
        for (i, t) in tasks.iter_mut().enumerate() {
            *counter += 1;
            t["name"] = json!(format!("{}{i}", t["name"].as_str().unwrap_or("")));
            if t.get("duty").is_some() {
                t["duty"] = json!(format!("D{counter}"));
            }
            if let Some(eps) = t["entry_points"].as_array_mut() {
                for (j, e) in eps.iter_mut().enumerate() {
                    e["object_name"] =
                        json!(format!("{}{j}", e["object_name"].as_str().unwrap_or("")));
                }
            }
        }
    }
    if let Some(children) = p["processes"].as_array_mut() {
        for c in children {
            uniquify(c, counter);
        }
    }
}

fn outline() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            name(),
            proptest::option::of(name()),
            prop::collection::vec(process(), 0..3),
        ),
        1..3,
    )
    .prop_map(|cats| {
        let mut counter = 0;
        let categories: Vec<Value> = cats
            .into_iter()
            .enumerate()
            .map(|(i, (n, description, mut processes))| {
                for p in &mut processes {
                    uniquify(p, &mut counter);
                }
                let mut c = json!({ "name": format!("{n}{i}"), "processes": processes });
                if let Some(d) = description {
                    c["description"] = json!(d);
                }
                c
            })
            .collect();
        // JSON is YAML: the outline is written as JSON text and read by the YAML reader.
        json!({ "categories": categories }).to_string()
    })
}

fn run(path: &str, bytes: Vec<u8>) -> Generated {
    generate(&Request {
        outlines: vec![(path.to_owned(), bytes)],
        output_name: "generated.xml".into(),
        ..Request::default()
    })
}

fn errors(g: &Generated) -> Vec<String> {
    g.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn the_outline_of_a_generated_backup_generates_it_again(text in outline()) {
        let first = run("outline.yaml", text.into_bytes());
        prop_assert!(errors(&first).is_empty(), "{:?}", errors(&first));
        let cats = &first.model.categories;
        for (path, bytes) in [
            ("back.csv", write::csv(cats)),
            ("back.xlsx", write::xlsx(cats).unwrap()),
            ("back.yaml", write::yaml(cats)),
            ("back.toml", write::toml(cats).unwrap()),
        ] {
            let again = run(path, bytes.clone());
            prop_assert!(errors(&again).is_empty(), "{path}: {:?}\n{}", errors(&again), String::from_utf8_lossy(&bytes));
            prop_assert!(again.xml == first.xml, "{path} does not give the same backup:\n{}", String::from_utf8_lossy(&bytes));
        }
    }
}

#[test]
fn the_cli_writes_each_format_and_generating_it_gives_the_backup_back() {
    let template = std::fs::read("templates/outlines/procure-to-pay.yaml").unwrap();
    let g = run("procure-to-pay.yaml", template);
    let xml = g.xml.expect("the template generates");
    let backup = fixture("outline-cli/p2p.xml", &xml);
    for ext in ["csv", "xlsx", "yaml", "toml"] {
        let out = backup.replace("p2p.xml", &format!("p2p.{ext}"));
        let _ = std::fs::remove_file(&out);
        let o = secgov(&["outline", &backup, "-o", &out]);
        o.assert_no_panic();
        assert_eq!(o.status, 0, "{}", o.stderr);
        let again = run(&out, std::fs::read(&out).unwrap());
        assert_eq!(again.xml.as_deref(), Some(xml.as_slice()), "{ext}");
    }
    let xlsx = |name: &str| {
        let out = backup.replace("p2p.xml", name);
        let _ = std::fs::remove_file(&out);
        secgov(&["outline", &backup, "-o", &out]);
        std::fs::read(&out).unwrap()
    };
    assert_eq!(
        xlsx("a.xlsx"),
        xlsx("b.xlsx"),
        "the same backup, the same workbook bytes"
    );
    let csv = secgov(&["outline", &backup, "-o", "-"]);
    assert!(
        csv.stdout.starts_with("Category,Process,Role,Task,Duty"),
        "{}",
        csv.stdout
    );
    // Spelled as every other command that writes a file spells it; the older `--out` still works.
    for flag in ["--output", "--out"] {
        let o = secgov(&["outline", &backup, flag, "-"]);
        assert_eq!(o.status, 0, "{flag}: {}", o.stderr);
        assert_eq!(o.stdout, csv.stdout, "{flag}");
    }
    let one = secgov(&[
        "outline",
        &backup,
        "--category",
        "procure TO pay",
        "-o",
        "-",
    ]);
    assert_eq!(one.status, 0, "{}", one.stderr);
    assert_eq!(one.stdout, csv.stdout);
    let missing = secgov(&[
        "outline",
        &backup,
        "--category",
        "Procure to pai",
        "-o",
        "-",
    ]);
    assert_eq!(missing.status, 2);
    assert!(
        missing.stderr.contains("did you mean `Procure to pay`?"),
        "{}",
        missing.stderr
    );
    let unknown = secgov(&["outline", &backup, "-o", "p2p.docx"]);
    assert_eq!(unknown.status, 2);
    assert!(unknown.stderr.contains("--format"), "{}", unknown.stderr);
}

#[test]
fn a_name_holding_the_level_separator_sends_the_path_into_level_columns() {
    let text = json!({ "categories": [{ "name": "Sales", "processes": [
        { "name": "Orders > Returns", "processes": [
            { "name": "Setup", "tasks": [{ "name": "T", "duty": "D", "entry_points": [
                { "object_type": "MenuItemDisplay", "object_name": "M", "read": "Allow" }
            ] }] }
        ] }
    ] }] })
    .to_string();
    let first = run("outline.yaml", text.into_bytes());
    assert!(errors(&first).is_empty(), "{:?}", errors(&first));
    let csv = String::from_utf8(write::csv(&first.model.categories)).unwrap();
    assert!(csv.starts_with("Category,Level1,Level2,Role,"), "{csv}");
    assert!(csv.contains("Sales,Orders > Returns,Setup,"), "{csv}");
    let again = run("back.csv", csv.into_bytes());
    assert!(errors(&again).is_empty(), "{:?}", errors(&again));
    assert_eq!(again.xml, first.xml);
}
