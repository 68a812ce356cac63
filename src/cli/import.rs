//! `dealdeck import FILE`: HubSpot, Pipedrive and dealdeck files, workbooks and any sheet
//! through a mapping, into the database; the summary says where every column went.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;
use serde_json::{Value, json};

use crate::io::import::{ImportError, ImportOptions, ImportSummary, import_file, summarised};
use crate::io::mapping::Mapping;
use crate::io::{Format, RowError};
use crate::store::StoreError;

use super::{CliError, CliResult, Context};

/// How many warnings are printed one by one before the rest are only counted.
const SHOWN_WARNINGS: usize = 20;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The CSV, workbook (.xlsx, .xls, .ods) or dealdeck JSON export to read; - reads standard input
    pub file: PathBuf,
    /// The file's layout; detected from its header when left at auto
    #[arg(long, value_enum, default_value = "auto")]
    pub format: FormatChoice,
    /// Put every deal in this pipeline (created from the file when missing)
    #[arg(long, value_name = "PIPELINE")]
    pub pipeline: Option<String>,
    /// The workbook sheet to read; else the first that starts with a header row
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// A TOML file naming which column holds which field, for any spreadsheet
    #[arg(long, value_name = "MAPPING.toml")]
    pub map: Option<PathBuf>,
    /// Print a starting mapping guessed from the file's header, and import nothing
    #[arg(long, conflicts_with = "map")]
    pub suggest_map: bool,
    /// Check every row and print what would be created and updated, writing nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Add stages the pipeline lacks (as open stages before won and lost) instead of refusing
    #[arg(long)]
    pub create_stages: bool,
    /// Print the summary (or the errors) as JSON, for scripts
    #[arg(long)]
    pub json: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatChoice {
    Auto,
    Hubspot,
    Pipedrive,
    Dealdeck,
}

fn error_json(error: &RowError) -> Value {
    json!({"line": error.line, "column": error.column, "message": error.reason})
}

fn counts_json((created, updated): (u64, u64)) -> Value {
    json!({"created": created, "updated": updated})
}

fn summary_json(args: &ImportArgs, summary: &ImportSummary) -> Value {
    json!({
        "file": args.file.display().to_string(),
        "format": summary.format.map(Format::source_system),
        "encoding": summary.opened.encoding,
        "sheet": summary.opened.sheet,
        "dry_run": args.dry_run,
        "rows": summary.rows,
        "created": summary.created,
        "updated": summary.updated,
        "pipelines_created": summary.created_pipelines.iter().map(|def| json!({
            "name": def.name,
            "currency": def.currency,
            "stages": def.stages.iter().map(|s| json!({
                "name": s.name, "kind": s.kind.as_str(), "probability": s.probability,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "stages_added": summary.added_stages.iter()
            .map(|(p, s)| json!({"pipeline": p, "stage": s})).collect::<Vec<_>>(),
        "columns": summary.columns.iter()
            .map(|(c, to)| json!({"column": c, "to": to})).collect::<Vec<_>>(),
        "activities": counts_json(summary.sections.activities),
        "notes": counts_json(summary.sections.notes),
        "checklist_items": counts_json(summary.sections.checklist_items),
        "activities_planned": summary.planned_activities,
        "exchange_rates_created": summary.exchange_rates.iter().map(|r| json!({
            "base": r.base.code(),
            "currency": r.currency.code(),
            "valid_from": r.valid_from.format("%Y-%m-%d").to_string(),
            "rate": r.rate.normalize().to_string(),
        })).collect::<Vec<_>>(),
        "company_currency": summary.company_currency.map(|(c, shown)| json!({
            "code": c.code(),
            "from": if shown { "the file (deals at rate 1)" } else { "assumed: the deals' pipeline currency" },
        })),
        "warning_count": summary.warning_count,
        "warnings": summary.warnings.iter().map(error_json).collect::<Vec<_>>(),
        "errors": [],
    })
}

fn print_text(args: &ImportArgs, summary: &ImportSummary) {
    let format = summary.format.map_or("dealdeck", Format::source_system);
    let what = match (&summary.opened.sheet, &summary.opened.encoding) {
        (Some(sheet), _) => format!("{format}, sheet {sheet:?}"),
        (None, Some(encoding)) if encoding != "UTF-8" => format!("{format}, {encoding}"),
        _ => format.to_string(),
    };
    if summary.format != Some(Format::Dealdeck) {
        println!("columns:");
        for (column, to) in &summary.columns {
            println!("  {column} → {to}");
        }
    }
    let verb = if args.dry_run {
        "would create"
    } else {
        "created"
    };
    for def in &summary.created_pipelines {
        let stages: Vec<String> = def
            .stages
            .iter()
            .map(|s| format!("{} ({} %)", s.name, s.probability.unwrap_or(0)))
            .collect();
        println!(
            "{verb} pipeline {:?} ({}) from the file: {}",
            def.name,
            def.currency,
            stages.join(", ")
        );
    }
    if !summary.created_pipelines.is_empty() {
        println!(
            "to reorder or rename its stages: `dealdeck pipeline show NAME --toml > p.toml`, edit, `dealdeck pipeline apply p.toml`"
        );
    }
    for (pipeline, stage) in &summary.added_stages {
        let verb = if args.dry_run { "would add" } else { "added" };
        println!("{verb} stage {stage:?} to pipeline {pipeline:?}");
    }
    if summary.planned_activities > 0 {
        let verb = if args.dry_run {
            "would plan"
        } else {
            "planned"
        };
        println!(
            "{verb} {} follow-up activit{} from the next-activity column (past dates are overdue)",
            summary.planned_activities,
            if summary.planned_activities == 1 {
                "y"
            } else {
                "ies"
            }
        );
    }
    if let Some((company, shown)) = summary.company_currency {
        let how = if shown {
            "the file's company currency (its deals at rate 1)"
        } else {
            "assumed to be the company currency: the file shows none (no deal at rate 1)"
        };
        println!("exchange rates: into {company}, {how}");
    }
    for rate in &summary.exchange_rates {
        let verb = if args.dry_run {
            "would store"
        } else {
            "stored"
        };
        println!(
            "{verb} exchange rate 1 {} = {} {} from {} (`dealdeck fx list`)",
            rate.currency,
            rate.rate.normalize(),
            rate.base,
            rate.valid_from
        );
    }
    for warning in summary.warnings.iter().take(SHOWN_WARNINGS) {
        println!("warning: {warning}");
    }
    let shown = summary.warnings.len().min(SHOWN_WARNINGS) as u64;
    if summary.warning_count > shown {
        println!("warning: … and {} more", summary.warning_count - shown);
    }
    let sections = [
        ("activities", summary.sections.activities),
        ("notes", summary.sections.notes),
        ("checklist items", summary.sections.checklist_items),
    ];
    for (what, (created, updated)) in sections {
        if created + updated > 0 {
            let (created_verb, updated_verb) = if args.dry_run {
                ("would create", "would update")
            } else {
                ("created", "updated")
            };
            println!("{what}: {created_verb} {created}, {updated_verb} {updated}");
        }
    }
    let file = args.file.display();
    if args.dry_run {
        println!(
            "dry run of {file} ({what}): {} rows are valid; would create {} and update {} deals; nothing was written",
            summary.rows, summary.created, summary.updated
        );
    } else {
        println!(
            "imported {file} ({what}): {} deals created, {} updated",
            summary.created, summary.updated
        );
    }
}

pub fn run(ctx: &mut Context, args: &ImportArgs) -> CliResult {
    if args.suggest_map {
        let text = crate::io::import::suggest_mapping(&args.file, args.sheet.as_deref())
            .map_err(CliError::bad)?;
        print!("{text}");
        return Ok(());
    }
    let mapping = match &args.map {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                CliError::bad(format!("cannot read the mapping {}: {e}", path.display()))
            })?;
            Some(
                Mapping::parse(&text)
                    .map_err(|e| CliError::bad(format!("{}: {e}", path.display())))?,
            )
        }
    };
    let options = ImportOptions {
        format: match args.format {
            FormatChoice::Auto => None,
            FormatChoice::Hubspot => Some(Format::Hubspot),
            FormatChoice::Pipedrive => Some(Format::Pipedrive),
            FormatChoice::Dealdeck => Some(Format::Dealdeck),
        },
        mapping,
        pipeline: args.pipeline.clone(),
        sheet: args.sheet.clone(),
        dry_run: args.dry_run,
        create_stages: args.create_stages,
        decimal_separator: ctx.config.decimal_separator,
        progress: !args.json && std::io::stderr().is_terminal(),
        now: ctx.now,
    };
    let database = ctx.store.location().to_string();
    let result = import_file(&mut *ctx.store, &args.file, &options);
    let summary = match result {
        Ok(summary) => summary,
        Err(error) => {
            let failure = match &error {
                // The database failed, not the file: one sentence naming it, exit 1.
                ImportError::Store(error) if !error.is_bad_input() => {
                    CliError::failed(match error {
                        // Already one sentence naming the file.
                        StoreError::Storage { .. } => format!("{error}; nothing was imported"),
                        StoreError::Sqlite(inner) => format!(
                            "cannot write the import to {database}: {inner}; nothing was imported"
                        ),
                        other => format!(
                            "cannot write the import to {database}: {other}; nothing was imported"
                        ),
                    })
                }
                ImportError::Store(store) => CliError::bad(store),
                other => CliError::bad(other),
            };
            if args.json {
                let errors: Vec<Value> = match &error {
                    ImportError::Rows { errors, .. } => errors.iter().map(error_json).collect(),
                    _ => Vec::new(),
                };
                let report = json!({
                    "file": args.file.display().to_string(),
                    "ok": false,
                    "message": failure.to_string(),
                    "errors": errors,
                    "summary": match &error {
                        ImportError::Rows { errors, .. } => summarised(errors),
                        _ => Vec::new(),
                    },
                });
                println!("{report:#}");
            }
            return Err(failure);
        }
    };
    if args.json {
        let mut report = summary_json(args, &summary);
        report["ok"] = json!(true);
        println!("{report:#}");
    } else {
        print_text(args, &summary);
    }
    Ok(())
}
