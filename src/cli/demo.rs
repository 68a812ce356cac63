//! `dealdeck demo` and the temporary database behind `--demo`.

use std::path::PathBuf;

use chrono::{DateTime, NaiveTime, Utc};
use clap::Args;

use crate::demo::{DemoOptions, generate};
use crate::domain::{DayEdge, parse_datetime};
use crate::store::Store;
use crate::store::safe_file::{FileInUse, NewFile};

use super::error::{CliError, CliResult};

/// Deals in the database that `--demo` opens.
const DEMO_FLAG_DEALS: u64 = 400;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many deals to generate
    #[arg(long, default_value_t = 1_000)]
    deals: u64,
    /// The new database file (must not exist yet, unless --force)
    #[arg(long)]
    out: PathBuf,
    /// Replace the file when it exists (never the database dealdeck would open)
    #[arg(long)]
    force: bool,
    /// Random seed: the same seed and --as-of give the same database
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The moment the history ends (default: today, 00:00 UTC)
    #[arg(long, value_name = "DATETIME")]
    as_of: Option<String>,
}

fn start_of_today() -> DateTime<Utc> {
    Utc::now().date_naive().and_time(NaiveTime::MIN).and_utc()
}

/// Writes a demo database to `out` via a temporary file beside it, so `out` appears only
/// when complete; never over one of `in_use`, and over an existing file only with `force`.
fn write_demo(
    out: &std::path::Path,
    options: &DemoOptions,
    show_progress: bool,
    force: bool,
    in_use: &[FileInUse],
) -> CliResult<u64> {
    let mut file = NewFile::create(out, force, in_use)?;
    let bar = (show_progress && std::io::IsTerminal::is_terminal(&std::io::stderr())).then(|| {
        let bar = indicatif::ProgressBar::new(options.deals);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{msg} {bar:40} {pos}/{len} deals ({eta} left)",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.set_message("generating");
        bar
    });
    let written = (|| -> CliResult<u64> {
        let mut store = Store::open_staged(file.temp_path(), out)?;
        store.relax_durability_for_new_file()?;
        let written = generate(&mut store, options, |n| {
            if let Some(bar) = &bar {
                bar.set_position(n);
            }
        })?;
        store.checkpoint()?;
        Ok(written)
    })();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    // On failure, dropping `file` removes the temporary database and its logs.
    let written = written?;
    file.commit()?;
    Ok(written)
}

/// `in_use`: the files of the database the other commands would open, never written over.
pub fn run(args: &DemoArgs, in_use: &[FileInUse]) -> CliResult {
    let as_of = match &args.as_of {
        Some(text) => parse_datetime(text, DayEdge::Start).map_err(CliError::bad)?,
        None => start_of_today(),
    };
    let options = DemoOptions {
        deals: args.deals,
        seed: args.seed,
        as_of,
    };
    let written = write_demo(&args.out, &options, true, args.force, in_use)?;
    println!("wrote {written} demo deals to {}", args.out.display());
    Ok(())
}

/// A fresh demo database in a temporary directory that lives as long as the returned guard.
pub fn temporary_demo_database() -> CliResult<(tempfile::TempDir, PathBuf)> {
    let dir = tempfile::Builder::new()
        .prefix("dealdeck-demo-")
        .tempdir()?;
    let path = dir.path().join("demo.db");
    let options = DemoOptions {
        deals: DEMO_FLAG_DEALS,
        seed: 7,
        as_of: super::Context::now(),
    };
    write_demo(&path, &options, false, false, &[])?;
    Ok((dir, path))
}
