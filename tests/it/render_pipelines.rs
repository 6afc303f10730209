//! The pipeline integration files parse and say what the docs promise: the pre-commit hook
//! definition at the repository root, and the YAML snippets in `docs/pipelines.md`.

use saphyr::{LoadableYamlNode, Yaml};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{ROOT}/{path}")).unwrap()
}

fn string<'a>(node: &'a Yaml, key: &str) -> &'a str {
    node.as_mapping_get(key)
        .and_then(|v| v.as_str())
        .unwrap_or_else(|| panic!("{key} is missing or not a string"))
}

#[test]
fn pre_commit_hook_runs_secgov_validate_on_xml_files() {
    let docs = Yaml::load_from_str(&read(".pre-commit-hooks.yaml")).unwrap();
    assert_eq!(docs.len(), 1);
    let hooks = docs[0].as_vec().expect("a list of hooks");
    let hook = hooks
        .iter()
        .find(|h| h.as_mapping_get("id").and_then(|v| v.as_str()) == Some("secgov-validate"))
        .expect("hook secgov-validate");
    // pre-commit refuses hooks without these.
    for key in ["id", "name", "entry", "language"] {
        assert!(!string(hook, key).is_empty(), "{key}");
    }
    // Every staged .xml, with other XML skipped quietly (tests/it/precommit.rs runs it for real).
    assert_eq!(string(hook, "entry"), "secgov validate --skip-other-xml");
    assert!(["rust", "system"].contains(&string(hook, "language")));
    let types = hook.as_mapping_get("types").and_then(|t| t.as_vec());
    assert_eq!(
        types.map(|t| t.iter().filter_map(|v| v.as_str()).collect::<Vec<_>>()),
        Some(vec!["xml"])
    );
    // The entry names the binary this crate builds.
    let manifest: toml::Table = read("Cargo.toml").parse().unwrap();
    let bins = manifest["bin"].as_array().unwrap();
    assert!(bins.iter().any(|b| b["name"].as_str() == Some("secgov")));
}

/// The fenced YAML blocks of a Markdown page, in order.
fn yaml_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match &mut current {
            None if line.trim_start() == "```yaml" => current = Some(String::new()),
            Some(_) if line.trim_start() == "```" => blocks.extend(current.take()),
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

#[test]
fn pipeline_snippets_are_valid_yaml_that_publish_the_results() {
    let page = read("docs/pipelines.md");
    let blocks = yaml_blocks(&page);
    assert!(
        blocks.len() >= 3,
        "expected Azure, GitHub and pre-commit snippets"
    );
    for block in &blocks {
        let docs = Yaml::load_from_str(block).unwrap_or_else(|e| panic!("{e}\n{block}"));
        assert_eq!(docs.len(), 1, "{block}");
    }
    let azure = blocks
        .iter()
        .find(|b| b.contains("PublishTestResults@2"))
        .expect("Azure DevOps snippet");
    assert!(azure.contains("secgov validate") && azure.contains("--format junit"));
    let azure = &Yaml::load_from_str(azure).unwrap()[0];
    let steps = azure
        .as_mapping_get("steps")
        .and_then(|s| s.as_vec())
        .unwrap();
    let publish = steps
        .iter()
        .find(|s| s.as_mapping_get("task").and_then(|t| t.as_str()) == Some("PublishTestResults@2"))
        .unwrap();
    let inputs = publish.as_mapping_get("inputs").unwrap();
    assert_eq!(string(inputs, "testResultsFormat"), "JUnit");
    // The publish step must run even when validate failed, or failures would never be shown.
    assert_eq!(string(publish, "condition"), "succeededOrFailed()");

    let github = blocks
        .iter()
        .find(|b| b.contains("upload-sarif"))
        .expect("GitHub Actions snippet");
    assert!(github.contains("--format sarif") && github.contains("--format github"));
    let github = &Yaml::load_from_str(github).unwrap()[0];
    let jobs = github.as_mapping_get("jobs").unwrap();
    let steps: Vec<&Yaml> = jobs
        .as_mapping()
        .unwrap()
        .values()
        .flat_map(|job| {
            job.as_mapping_get("steps")
                .and_then(|s| s.as_vec())
                .unwrap()
        })
        .collect();
    let upload = steps
        .iter()
        .find(|s| {
            s.as_mapping_get("uses")
                .and_then(|u| u.as_str())
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
        })
        .expect("upload-sarif step");
    assert_eq!(string(upload, "if"), "always()");
}
