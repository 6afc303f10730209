//! `secgov rules` (every code with its severity and summary) and `secgov explain CODE` (its page).

use super::output;
use secgov::diag::did_you_mean;
use secgov::exit;
use secgov::rules::{docs_page, find, registry};

#[derive(Debug, clap::Args)]
pub(crate) struct RulesArgs {}

#[derive(Debug, clap::Args)]
pub(crate) struct ExplainArgs {
    /// The code to explain, e.g. SG201.
    #[arg(value_name = "CODE")]
    code: String,
}

pub(crate) fn list(_args: &RulesArgs) -> std::io::Result<i32> {
    let mut text = String::new();
    for r in registry() {
        let retired = if r.retired.is_some() {
            " (retired)"
        } else {
            ""
        };
        text.push_str(&format!(
            "{}  {:<7}  {}{retired}\n        {}\n",
            r.code,
            r.default_severity.as_str(),
            r.name,
            r.summary
        ));
    }
    text.push_str("\n`secgov explain CODE` prints the page of a code.\n");
    output::stdout(&text)?;
    Ok(exit::SUCCESS)
}

pub(crate) fn explain(args: &ExplainArgs) -> std::io::Result<i32> {
    match find(&args.code) {
        Some(rule) => {
            output::stdout(&docs_page(rule))?;
            Ok(exit::SUCCESS)
        }
        None => {
            let codes: Vec<&str> = registry().iter().map(|r| r.code).collect();
            let by_name = registry()
                .into_iter()
                .find(|r| r.name.eq_ignore_ascii_case(args.code.trim()));
            match by_name {
                Some(rule) => {
                    output::stdout(&docs_page(rule))?;
                    return Ok(exit::SUCCESS);
                }
                None => match did_you_mean(&args.code, codes) {
                    Some(c) => {
                        eprintln!("secgov: `{}` is not a code; did you mean {c}?", args.code)
                    }
                    None => eprintln!(
                        "secgov: `{}` is not a code; `secgov rules` lists them all",
                        args.code
                    ),
                },
            }
            Ok(exit::ERROR)
        }
    }
}
