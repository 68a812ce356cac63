//! `dealdeck export`: every deal with its history as CSV, JSON or an Excel workbook.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{CliError, CliResult, Context};
use crate::store::safe_file::NewFile;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
    Xlsx,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// csv, json or xlsx (xlsx needs --out)
    #[arg(long, value_enum, default_value = "csv")]
    pub format: ExportFormat,
    /// The file to write; standard output when left out (not for xlsx). It must not exist
    /// yet, unless --force
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE when it exists (never the database itself)
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &Context, args: &ExportArgs) -> CliResult {
    let store = &*ctx.store;
    let Some(path) = &args.out else {
        if args.format == ExportFormat::Xlsx {
            return Err(CliError::bad(
                "an Excel workbook cannot go to the terminal; pass --out FILE.xlsx",
            ));
        }
        // On a terminal the rows are shown, not stored: neutralised like every other output.
        if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            let mut shown = Vec::new();
            write(store, args.format, &mut shown).map_err(CliError::failed)?;
            let text = String::from_utf8_lossy(&shown);
            super::json::write_stdout(&match args.format {
                ExportFormat::Json => super::json::terminal_safe(&text),
                // CSV ends records with CRLF; a lone CR would move the cursor over the row.
                _ => crate::domain::text::printable_lines(&text.replace("\r\n", "\n"))
                    .into_owned()
                    .into(),
            })?;
            return Ok(());
        }
        let stdout = std::io::stdout();
        let out = std::io::BufWriter::new(stdout.lock());
        return match write(store, args.format, out) {
            // The reader went away (`| head`): what it wanted was written.
            Err(error) if error.is_broken_pipe() => Ok(()),
            outcome => outcome.map(|_| ()).map_err(CliError::from),
        };
    };
    // Written beside the target and renamed into place: a failed or killed export leaves
    // no partial file under that name, and never touches the database's own files.
    let mut file = NewFile::create(path, args.force, &store.files_in_use())?;
    let count = match args.format {
        ExportFormat::Xlsx => crate::io::xlsx::write_xlsx(store, file.temp_path()),
        format => write(store, format, std::io::BufWriter::new(file.file()?)),
    }
    .map_err(|e| CliError::failed(format!("cannot export to {}: {e}", path.display())))?;
    file.commit()?;
    eprintln!("exported {count} deals to {}", path.display());
    Ok(())
}

fn write<W: Write>(
    store: &dyn crate::store::Repository,
    format: ExportFormat,
    out: W,
) -> Result<u64, crate::io::export::ExportError> {
    match format {
        ExportFormat::Json => crate::io::export::write_json(store, out),
        _ => crate::io::export::write_csv(store, out),
    }
}
