//! `dealdeck export`: every deal with its history as CSV, JSON or an Excel workbook.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{CliError, CliResult, Context};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
    Xlsx,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "csv")]
    pub format: ExportFormat,
    /// The file to write; standard output when left out (not for xlsx)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: &ExportArgs) -> CliResult {
    let store = &ctx.store;
    let count = match (args.format, &args.out) {
        (ExportFormat::Xlsx, None) => {
            return Err(CliError::bad(
                "an Excel workbook cannot go to the terminal; pass --out FILE.xlsx",
            ));
        }
        (ExportFormat::Xlsx, Some(path)) => crate::io::xlsx::write_xlsx(store, path),
        (format, Some(path)) => {
            let file = std::fs::File::create(path)
                .map_err(|e| CliError::caused(format!("cannot write {}", path.display()), e))?;
            let out = std::io::BufWriter::new(file);
            write(store, format, out)
        }
        (format, None) => {
            let stdout = std::io::stdout();
            let out = std::io::BufWriter::new(stdout.lock());
            match write(store, format, out) {
                // The reader went away (`| head`): what it wanted was written.
                Err(error) if error.is_broken_pipe() => return Ok(()),
                outcome => outcome,
            }
        }
    }?;
    if let Some(path) = &args.out {
        eprintln!("exported {count} deals to {}", path.display());
    }
    Ok(())
}

fn write<W: Write>(
    store: &crate::store::Store,
    format: ExportFormat,
    out: W,
) -> Result<u64, crate::io::export::ExportError> {
    match format {
        ExportFormat::Json => crate::io::export::write_json(store, out),
        _ => crate::io::export::write_csv(store, out),
    }
}
