//! The `dealdeck` binary: parse the command line, install error reporting, dispatch.

use std::process::ExitCode;

use clap::Parser;

// The dashboard reads a pipeline's history on several threads at once; the system allocator
// spends much of that in the kernel growing per-thread heaps, mimalloc does not.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Like every Unix filter: `dealdeck export | head` ends quietly instead of panicking.
    sigpipe::reset();
    if let Err(report) = color_eyre::install() {
        eprintln!("dealdeck: cannot install error reporting: {report}");
    }
    let cli = dealdeck::cli::Cli::parse();
    match dealdeck::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let code = ExitCode::from(error.exit_code());
            report(error);
            code
        }
    }
}

/// One sentence for the person, then each cause it does not already spell out; with
/// `DEALDECK_DEBUG` set, color-eyre's full report (the chain, and a backtrace when
/// `RUST_BACKTRACE` asks for one).
fn report(error: dealdeck::cli::CliError) {
    if std::env::var_os("DEALDECK_DEBUG").is_some() {
        eprintln!("dealdeck: {:?}", color_eyre::Report::new(error));
        return;
    }
    // Causes come from SQLite, the OS and stored text: shown as inert as the message is.
    let message = error.to_string();
    eprintln!("dealdeck: {message}");
    let mut cause = std::error::Error::source(&error);
    while let Some(inner) = cause {
        let text = dealdeck::domain::text::printable_lines(&inner.to_string()).into_owned();
        if !message.contains(&text) {
            eprintln!("  caused by: {text}");
        }
        cause = inner.source();
    }
}
