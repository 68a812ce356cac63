//! `dealdeck import FILE`: HubSpot, Pipedrive and dealdeck files into the database.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use crate::io::Format;
use crate::io::import::{ImportError, ImportOptions, import_file};

use crate::io::RowError;
use crate::store::StoreError;

use super::{CliError, CliResult, Context};

/// How many warnings are printed one by one before the rest are only counted.
const SHOWN_WARNINGS: usize = 20;

/// Warnings are part of the summary: what was changed on the way in.
fn print_warnings(warnings: &[RowError], total: u64) {
    for warning in warnings.iter().take(SHOWN_WARNINGS) {
        println!("warning: {warning}");
    }
    let shown = warnings.len().min(SHOWN_WARNINGS) as u64;
    if total > shown {
        println!("warning: … and {} more", total - shown);
    }
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The CSV (or dealdeck JSON) export to read
    pub file: PathBuf,
    /// The file's layout; detected from its header when left at auto
    #[arg(long, value_enum, default_value = "auto")]
    pub format: FormatChoice,
    /// Put every deal in this pipeline instead of the one each row names
    #[arg(long, value_name = "PIPELINE")]
    pub pipeline: Option<String>,
    /// Check every row and print what would be created and updated, writing nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Add stages the pipeline lacks (as open stages before won and lost) instead of refusing
    #[arg(long)]
    pub create_stages: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatChoice {
    Auto,
    Hubspot,
    Pipedrive,
    Dealdeck,
}

pub fn run(ctx: &mut Context, args: &ImportArgs) -> CliResult {
    let options = ImportOptions {
        format: match args.format {
            FormatChoice::Auto => None,
            FormatChoice::Hubspot => Some(Format::Hubspot),
            FormatChoice::Pipedrive => Some(Format::Pipedrive),
            FormatChoice::Dealdeck => Some(Format::Dealdeck),
        },
        pipeline: args.pipeline.clone(),
        dry_run: args.dry_run,
        create_stages: args.create_stages,
        decimal_separator: ctx.config.decimal_separator,
        progress: std::io::stderr().is_terminal(),
        now: ctx.now,
    };
    let database = ctx.store.path().display().to_string();
    let summary = import_file(&mut ctx.store, &args.file, &options).map_err(|e| match e {
        // The database failed, not the file: one sentence naming the database, exit 1.
        ImportError::Store(error) if !error.is_bad_input() => {
            CliError::failed(match &error {
                // Already one sentence naming the file.
                StoreError::Storage { .. } => format!("{error}; nothing was imported"),
                StoreError::Sqlite(inner) => {
                    format!("cannot write the import to {database}: {inner}; nothing was imported")
                }
                other => {
                    format!("cannot write the import to {database}: {other}; nothing was imported")
                }
            })
        }
        ImportError::Store(error) => CliError::from(error),
        other => CliError::bad(other),
    })?;
    print_warnings(&summary.warnings, summary.warning_count);
    let format = summary.format.map_or("dealdeck", Format::source_system);
    for (pipeline, stage) in &summary.added_stages {
        let verb = if args.dry_run { "would add" } else { "added" };
        println!("{verb} stage {stage:?} to pipeline {pipeline:?}");
    }
    if args.dry_run {
        println!(
            "dry run of {} ({format}): {} rows are valid; would create {} and update {} deals; nothing was written",
            args.file.display(),
            summary.rows,
            summary.created,
            summary.updated
        );
    } else {
        println!(
            "imported {} ({format}): {} deals created, {} updated",
            args.file.display(),
            summary.created,
            summary.updated
        );
    }
    Ok(())
}
