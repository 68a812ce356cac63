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
            eprintln!("dealdeck: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}
