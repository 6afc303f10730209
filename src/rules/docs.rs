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
        if rule.code < "SG2" {
            "Raised while reading the file, by every command."
        } else {
            "Found by `secgov validate`."
        }
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
        "## Example\n\n```xml\n{}\n```\n\n",
        rule.docs.example.trim_matches('\n')
    ));
    out.push_str(&format!("## How to fix\n\n{}\n\n", rule.docs.fix.trim()));
    out.push_str(&format!(
        "Change its severity or turn it off in `secgov.toml`:\n\n```toml\n[severity]\n{} = \"warning\"  # or \"error\", \"note\", \"off\"\n```\n\nor suppress one finding with `<!-- secgov-ignore {}: reason -->` on the line before the element.\n",
        rule.code, rule.code
    ));
    out
}

/// `docs/rules/README.md`: the index of every code.
pub fn index(rules: &[&Rule]) -> String {
    let mut out = String::from(
        "# Rules\n\nEvery diagnostic code secgov reports. Generated from the rule registry \
         (`src/rules/`); regenerate with `SECGOV_BLESS=1 cargo test --test rules_docs`.\n\n\
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
