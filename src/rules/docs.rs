//! The documentation page of a code, as committed in `docs/rules/CODE.md` and printed by
//! `secgov explain CODE`. Generated from the registry; a test keeps the committed pages current.

use super::Rule;

/// The Markdown page of `rule`.
pub fn page(rule: &Rule) -> String {
    let mut out = format!("# {}: {}\n\n", rule.code, rule.name);
    if let Some(why) = rule.retired {
        out.push_str(&format!("**Retired.** {why} The code is not reused.\n\n"));
    }
    out.push_str(&format!(
        "{}\n\nDefault severity: **{}**. {}\n\n",
        rule.summary,
        rule.default_severity,
        raised_by(rule.code)
    ));
    out.push_str(&format!(
        "## What it checks\n\n{}\n\n",
        rule.docs.what.trim()
    ));
    out.push_str(&format!(
        "## Why it matters\n\n{}\n\n",
        rule.docs.why.trim()
    ));
    out.push_str(&format!(
        "## Example\n\n```{}\n{}\n```\n\n",
        fence_language(rule.docs.example),
        rule.docs.example.trim_matches('\n')
    ));
    out.push_str(&format!("## How to fix\n\n{}\n\n", rule.docs.fix.trim()));
    if let Some(source) = super::sources::source(rule.code) {
        out.push_str(&format!("## Source\n\n{source}\n\n"));
    }
    if rule.code >= "SG9" {
        out.push_str(
            "The command always reports it at this severity: `[severity]` in `secgov.toml` and \
             `secgov-ignore` comments apply to `secgov validate` only.\n",
        );
        return out;
    }
    out.push_str(&format!(
        "Change its severity or turn it off in `secgov.toml`:\n\n```toml\n[severity]\n{} = \"warning\"  # or \"error\", \"note\", \"off\"\n```\n\nor suppress one finding with `<!-- secgov-ignore {}: reason -->` on the line before the element.\n",
        rule.code, rule.code
    ));
    out
}

/// Which command raises `code`, from its block.
fn raised_by(code: &str) -> &'static str {
    if code == crate::diag::codes::FINDINGS_CAPPED {
        "Raised by every command that reports findings, when there are more than `--max-findings`."
    } else if code == crate::diag::codes::OUTPUT_IS_INPUT
        || code == crate::diag::codes::HARD_LINKED_OUTPUT
    {
        "Raised by every command that writes a file, before anything is written."
    } else if code < "SG2" {
        "Raised while reading the file, by every command."
    } else if code < "SG9" {
        "Found by `secgov validate`."
    } else if code < "SG95" {
        "Raised by `secgov generate`, about the outline it reads."
    } else {
        "Raised by `secgov unpack`, `pack` and `convert`, about what they write."
    }
}

/// Examples are XML for the validate rules, and outline rows or command lines for the commands
/// that write: those are shown as plain text rather than mis-highlighted as XML.
fn fence_language(example: &str) -> &'static str {
    if example.trim_start().starts_with('<') {
        "xml"
    } else {
        "text"
    }
}

/// `docs/rules/README.md`: the index of every code.
pub fn index(rules: &[&Rule]) -> String {
    let mut out = String::from(
        "# Rules\n\nEvery diagnostic code secgov reports. Generated from the rule registry \
         (`src/rules/`); regenerate with `SECGOV_BLESS=1 cargo test --test it rules_docs`.\n\n\
         | code | name | default | summary |\n|---|---|---|---|\n",
    );
    for r in rules {
        let name = match r.retired {
            Some(_) => format!("{} (retired)", r.name),
            None => r.name.to_owned(),
        };
        out.push_str(&format!(
            "| [{code}]({code}.md) | {name} | {} | {} |\n",
            r.default_severity,
            r.summary,
            code = r.code
        ));
    }
    out
}
