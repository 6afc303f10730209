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

/// The man page in roff: the top-level page followed by one section per subcommand.
pub(crate) fn man_page() -> std::io::Result<String> {
    let command = Cli::command();
    let mut roff = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut roff)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("secgov-{}", sub.get_name());
        let sub = sub
            .clone()
            .display_name(name)
            .bin_name(format!("secgov {}", sub.get_name()));
        let man = clap_mangen::Man::new(sub);
        man.render_name_section(&mut roff)?;
        man.render_synopsis_section(&mut roff)?;
        man.render_description_section(&mut roff)?;
        man.render_options_section(&mut roff)?;
    }
    Ok(String::from_utf8_lossy(&roff).into_owned())
}

pub(crate) fn man() -> std::io::Result<i32> {
    output::stdout(&man_page()?)?;
    Ok(exit::SUCCESS)
}
