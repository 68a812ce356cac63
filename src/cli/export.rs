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
                .map_err(|e| CliError::failed(format!("cannot write {}: {e}", path.display())))?;
            let out = std::io::BufWriter::new(file);
            write(store, format, out)
        }
        // On a terminal the rows are shown, not stored: neutralised like every other output.
        (format, None) if std::io::IsTerminal::is_terminal(&std::io::stdout()) => {
            let mut shown = Vec::new();
            let count = write(store, format, &mut shown).map_err(CliError::failed)?;
            let text = String::from_utf8_lossy(&shown);
            super::json::write_stdout(&match format {
                ExportFormat::Json => super::json::terminal_safe(&text),
                // CSV ends records with CRLF; a lone CR would move the cursor over the row.
                _ => crate::domain::text::printable_lines(&text.replace("\r\n", "\n"))
                    .into_owned()
                    .into(),
            })?;
            Ok(count)
        }
        (format, None) => {
            let stdout = std::io::stdout();
            let out = std::io::BufWriter::new(stdout.lock());
            write(store, format, out)
        }
    }
    .map_err(CliError::failed)?;
    if let Some(path) = &args.out {
        eprintln!("exported {count} deals to {}", path.display());
    }
    Ok(())
}

fn write<W: Write>(
    store: &crate::store::Store,
    format: ExportFormat,
    out: W,
) -> Result<u64, String> {
    match format {
        ExportFormat::Json => crate::io::export::write_json(store, out),
        _ => crate::io::export::write_csv(store, out),
    }
}
