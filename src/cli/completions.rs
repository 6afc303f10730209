//! `secgov completions SHELL` and `secgov man`: shell completion scripts and the man page, both
//! generated from the clap definitions so they never drift from the real options.

use super::{Cli, output};
use clap::CommandFactory;
use secgov::exit;

#[derive(Debug, clap::Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

pub(crate) fn completions(args: &CompletionsArgs) -> std::io::Result<i32> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "secgov", &mut script);
    output::stdout(&String::from_utf8_lossy(&script))?;
    Ok(exit::SUCCESS)
}

/// The man page in roff: one page for the whole tool, with a section per command (there are no
/// separate `secgov-validate(1)` pages to point at), then EXIT STATUS and EXAMPLES.
pub(crate) fn man_page() -> std::io::Result<String> {
    let command = Cli::command();
    let top = clap_mangen::Man::new(command.clone());
    let mut roff = Vec::new();
    top.render_title(&mut roff)?;
    top.render_name_section(&mut roff)?;
    top.render_synopsis_section(&mut roff)?;
    top.render_description_section(&mut roff)?;
    top.render_options_section(&mut roff)?;
    let commands: Vec<_> = command
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .collect();
    let mut text = String::from_utf8_lossy(&roff).into_owned();
    text.push_str(".SH COMMANDS\n");
    for sub in &commands {
        text.push_str(&format!(
            ".TP\n\\fBsecgov {}\\fR\n{}\n",
            sub.get_name(),
            roff_text(&sub.get_about().map(|a| a.to_string()).unwrap_or_default())
        ));
    }
    for sub in &commands {
        let name = sub.get_name();
        let sub = (*sub)
            .clone()
            .display_name(format!("secgov-{name}"))
            .bin_name(format!("secgov {name}"));
        let man = clap_mangen::Man::new(sub);
        let mut part = Vec::new();
        text.push_str(&format!(".SH \"SECGOV {}\"\n", name.to_uppercase()));
        man.render_synopsis_section(&mut part)?;
        man.render_description_section(&mut part)?;
        man.render_options_section(&mut part)?;
        // Sub-sections of the command's section, not sections of their own.
        let part = String::from_utf8_lossy(&part)
            .replace(".SH SYNOPSIS", ".SS Synopsis")
            .replace(".SH DESCRIPTION", ".SS Description")
            .replace(".SH OPTIONS", ".SS Options");
        text.push_str(&part);
    }
    text.push_str(EXIT_AND_EXAMPLES);
    let mut version = Vec::new();
    top.render_version_section(&mut version)?;
    text.push_str(&String::from_utf8_lossy(&version));
    Ok(text)
}

/// Escapes text for roff: a backslash, and a dash that must stay a minus.
fn roff_text(s: &str) -> String {
    s.replace('\\', "\\e").replace('-', "\\-")
}

/// The exit statuses (docs/exit-codes.md, `secgov::exit`) and a few everyday invocations.
const EXIT_AND_EXAMPLES: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Success: the inputs were read and nothing was found at or above \fB\-\-fail\-on\fR (validate), or
there are no differences (diff).
.TP
\fB1\fR
Findings at or above \fB\-\-fail\-on\fR (validate, generate), or differences (diff).
.TP
\fB2\fR
The command could not do its work: a usage error, or an input that cannot be read (not well
formed, too large, not a security file, missing). See docs/exit\-codes.md.
.SH EXAMPLES
.TP
Check a backup before Restore from XML, as Governance + configuration with Create:
\fBsecgov validate backup.xml \-\-restore\-type governance\-and\-configuration \-\-action create\fR
.TP
Check it against the destination's own backup:
\fBsecgov validate backup.xml \-\-target destination.xml\fR
.TP
A restore file from a spreadsheet outline:
\fBsecgov generate outline.csv \-\-out category\-backup.xml\fR
.TP
What changed between two exports, and who gained or lost access:
\fBsecgov diff old.xml new.xml \-\-access\fR
.TP
SARIF for GitHub code scanning:
\fBsecgov validate security/ \-\-format sarif > secgov.sarif\fR
.TP
Only the summary line and the exit status, or a count per code:
\fBsecgov validate security/ \-\-quiet\fR
.br
\fBsecgov validate security/ \-\-statistics\fR
"#;

pub(crate) fn man() -> std::io::Result<i32> {
    output::stdout(&man_page()?)?;
    Ok(exit::SUCCESS)
}
