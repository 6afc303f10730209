//! Every `--format` over the fixed fixture: snapshots, plus the properties each consumer relies
//! on (JSON schema fields and positions, GitHub command syntax, JUnit well-formedness and counts).

use crate::render_fixture;

use render_fixture::{RULES, diagnostics, files};
use secgov::render::human::HumanOptions;
use secgov::render::{Format, render_diagnostics};
use serde_json::Value;

fn render(format: Format) -> String {
    render_diagnostics(
        format,
        &files(),
        &diagnostics(),
        RULES,
        HumanOptions::default(),
    )
}

#[test]
fn human_snapshot() {
    insta::assert_snapshot!(render(Format::Human));
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!(render(Format::Json));
}

#[test]
fn sarif_snapshot() {
    // The driver's version is the crate's; keep it out so that a release does not churn this.
    let sarif = render(Format::Sarif).replace(
        &format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"version\": \"[crate version]\"",
    );
    // The embedded rule pages are docs/rules/CODE.md (tests/it/pipelines_sarif.rs checks that);
    // keep them out so that editing a page does not churn this snapshot.
    let mut log: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    for rule in log["runs"][0]["tool"]["driver"]["rules"]
        .as_array_mut()
        .unwrap()
    {
        rule["help"] = serde_json::json!({ "text": "[rule page]", "markdown": "[rule page]" });
        rule["fullDescription"] = serde_json::json!({ "text": "[What it checks]" });
    }
    let mut sarif = serde_json::to_string_pretty(&log).unwrap();
    sarif.push('\n');
    insta::assert_snapshot!(sarif);
}

#[test]
fn github_snapshot() {
    insta::assert_snapshot!(render(Format::Github));
}

#[test]
fn junit_snapshot() {
    insta::assert_snapshot!(render(Format::Junit));
}

#[test]
fn human_output_is_empty_without_findings() {
    let out = render_diagnostics(Format::Human, &files(), &[], RULES, HumanOptions::default());
    assert_eq!(out, "");
}

#[test]
fn json_positions_are_characters_and_offsets_are_bytes() {
    let v: Value = serde_json::from_str(&render(Format::Json)).unwrap();
    assert_eq!(v["secgov_diagnostics"], 1);
    assert_eq!(
        v["summary"],
        serde_json::json!({"errors": 2, "warnings": 1, "notes": 1})
    );
    let dup = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "SG201")
        .unwrap();
    assert_eq!(dup["path"], "usg/Rôles & duties.xml");
    assert_eq!(dup["name"], "duplicate-category-name");
    assert_eq!(dup["start"]["line"], 7);
    assert_eq!(dup["start"]["column"], 11);
    // The related place on line 4 follows "Rôle", so its byte offset is one more than the
    // characters before it would say.
    let related = &dup["related"][0];
    assert_eq!(related["start"]["line"], 4);
    assert_eq!(related["start"]["column"], 11);
    let files = files();
    let text = &files[1].text;
    let offset = related["start"]["offset"].as_u64().unwrap() as usize;
    assert!(text[offset..].starts_with("Rôle précis"));
    // Every key is present in every entry, null when there is no value.
    for d in v["diagnostics"].as_array().unwrap() {
        for key in [
            "code",
            "name",
            "severity",
            "message",
            "path",
            "start",
            "end",
            "label",
            "help",
            "element_path",
            "related",
        ] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
    }
    let run = &v["diagnostics"][0];
    assert_eq!(run["code"], "SG007");
    assert!(run["path"].is_null() && run["start"].is_null());
}

#[test]
fn github_lines_are_single_workflow_commands() {
    let out = render(Format::Github);
    let lines: Vec<_> = out.lines().collect();
    assert_eq!(lines.len(), diagnostics().len());
    for line in &lines {
        let (command, rest) = line.strip_prefix("::").unwrap().split_once(' ').unwrap();
        assert!(["error", "warning", "notice"].contains(&command), "{line}");
        let (properties, _message) = rest.split_once("::").unwrap();
        for p in properties.split(',') {
            let (key, value) = p.split_once('=').unwrap();
            assert!(
                ["file", "line", "col", "endLine", "endColumn", "title"].contains(&key),
                "{key}"
            );
            assert!(!value.contains(':') && !value.contains(','), "{p}");
        }
    }
    // A finding spanning lines has no columns (GitHub would ignore them).
    let unknown = lines.iter().find(|l| l.contains("SG101")).unwrap();
    assert!(unknown.contains("line=6,endLine=8,title="), "{unknown}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::notice file=usg/Rôles & duties.xml,title=SG501::"))
    );
}

#[test]
fn junit_is_well_formed_and_counts_add_up() {
    let out = render(Format::Junit);
    let doc = roxmltree::Document::parse(&out).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    let names: Vec<_> = suites
        .iter()
        .map(|s| s.attribute("name").unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "usg/procure-to-pay.xml",
            "usg/Rôles & duties.xml",
            "./usg/clean.xml",
            "secgov"
        ]
    );
    let count =
        |n: roxmltree::Node, tag: &str| n.descendants().filter(|d| d.has_tag_name(tag)).count();
    for s in &suites {
        assert_eq!(
            s.attribute("tests").unwrap().parse::<usize>().unwrap(),
            count(*s, "testcase")
        );
        assert_eq!(
            s.attribute("failures").unwrap().parse::<usize>().unwrap(),
            count(*s, "failure")
        );
    }
    assert_eq!(root.attribute("tests"), Some("5"));
    assert_eq!(root.attribute("failures"), Some("3"));
    let clean = &suites[2];
    let case = clean.children().find(|n| n.is_element()).unwrap();
    assert_eq!(case.attribute("name"), Some("no findings"));
    assert_eq!(count(*clean, "failure"), 0);
    // The duplicate's failure message keeps its quotes and its body says where and how to fix.
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure") && n.attribute("type") == Some("SG201"))
        .unwrap();
    assert_eq!(
        failure.attribute("message"),
        Some(
            "the category name \"Procure to pay\" is used twice: a restore stops at the second one"
        )
    );
    let body = failure.text().unwrap();
    assert!(
        body.starts_with("usg/Rôles & duties.xml:7:11: error[SG201]"),
        "{body}"
    );
    assert!(
        body.contains("\nusg/procure-to-pay.xml:4:11: first defined here"),
        "{body}"
    );
}

#[test]
fn every_format_handles_no_files_and_no_findings() {
    for format in Format::ALL {
        let out = render_diagnostics(format, &[], &[], RULES, HumanOptions::default());
        match format {
            Format::Human | Format::Github => assert_eq!(out, ""),
            Format::Json | Format::Sarif => {
                serde_json::from_str::<Value>(&out).unwrap();
            }
            Format::Junit => {
                let doc = roxmltree::Document::parse(&out).unwrap();
                assert_eq!(doc.root_element().attribute("tests"), Some("0"));
            }
        }
    }
}

/// docs/output-formats.md quotes the GitHub output of this fixture line by line; it must stay the
/// output secgov writes.
#[test]
fn documented_github_example_is_current() {
    let page = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/output-formats.md"
    ))
    .unwrap();
    let block = page
        .split("```text\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    assert_eq!(block, render(Format::Github));
}

/// How the CLI takes `--format`: `Format` implements `FromStr` and `Display`, so clap needs no
/// extra code, and a wrong name gets an error that lists the right ones.
#[test]
fn format_flag_parses_with_clap() {
    use clap::Parser;
    #[derive(Parser)]
    struct Args {
        #[arg(long, default_value_t = Format::Human)]
        format: Format,
    }
    assert_eq!(Args::try_parse_from(["x"]).unwrap().format, Format::Human);
    let args = Args::try_parse_from(["x", "--format", "junit"]).unwrap();
    assert_eq!(args.format, Format::Junit);
    let err = Args::try_parse_from(["x", "--format", "xml"])
        .err()
        .unwrap();
    assert!(
        err.to_string()
            .contains("expected one of: human, json, sarif, github, junit"),
        "{err}"
    );
}
