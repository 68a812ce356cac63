//! `dealdeck completions SHELL` and `dealdeck man`: the shell-integration scripts and the man
//! page, generated from the same clap definition `--help` reads, so they never drift from it.

use std::io::Write;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, CliError, CliResult};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write a completion script for: bash, zsh, fish or powershell
    #[arg(value_enum)]
    pub shell: CompletionShell,
}

/// The shells the README documents; clap_complete's `elvish` is left out on purpose.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

impl From<CompletionShell> for Shell {
    fn from(shell: CompletionShell) -> Self {
        match shell {
            CompletionShell::Bash => Shell::Bash,
            CompletionShell::Zsh => Shell::Zsh,
            CompletionShell::Fish => Shell::Fish,
            CompletionShell::Powershell => Shell::PowerShell,
        }
    }
}

/// Writes the completion script for `shell` to stdout.
pub fn completions(args: &CompletionsArgs) -> CliResult {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(Shell::from(args.shell), &mut command, "dealdeck", &mut out);
    write_stdout(&out)
}

/// Writes the roff man page, dealdeck(1), to stdout.
pub fn man() -> CliResult {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|error| CliError::failed(format!("cannot render the man page: {error}")))?;
    write_stdout(&out)
}

fn write_stdout(bytes: &[u8]) -> CliResult {
    std::io::stdout()
        .lock()
        .write_all(bytes)
        .map_err(|error| CliError::failed(format!("cannot write to standard output: {error}")))
}
