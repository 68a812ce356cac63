//! `dealdeck pipeline …`: list, show and apply pipelines; list and print templates; the
//! Blueprint workbook out (`blueprint`) and in (`apply`), and `edit` in the editor.

use std::path::PathBuf;

use clap::Subcommand;
use serde::Serialize;

use crate::domain::text::{echo, printable};
use crate::domain::{Pipeline, PipelineDef};
use crate::templates::TEMPLATES;

use super::error::{CliError, CliResult};
pub use super::pipeline_apply::BlueprintSource;
use super::{Context, JsonFlag, json};

#[derive(Debug, Subcommand)]
pub enum PipelineCommand {
    /// List pipelines with their deal counts
    List {
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Show a pipeline's stages and playbooks (the default pipeline without NAME)
    Show {
        /// The pipeline's name (case-insensitive); the default pipeline without it
        name: Option<String>,
        /// Print it as a TOML file that `pipeline apply` accepts
        #[arg(long, conflicts_with = "json")]
        toml: bool,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Create or update pipelines from a TOML file or a Blueprint workbook (stages matched by name)
    Apply {
        /// The TOML file, or a Blueprint workbook (.xlsx, .ods) or CSV file
        #[arg(required_unless_present = "template")]
        file: Option<PathBuf>,
        /// Apply a shipped template instead of a file
        #[arg(long, conflicts_with = "file")]
        template: Option<String>,
        /// Show what would change and write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Write the Blueprint workbook: a sheet per pipeline, a row per stage (all pipelines without NAME)
    Blueprint {
        /// The pipeline (every pipeline without it)
        name: Option<String>,
        /// The workbook to write (.xlsx)
        #[arg(long)]
        out: PathBuf,
        /// A blank Blueprint to fill in (no database needed), or that shipped template's (see `pipeline templates`)
        #[arg(long, num_args = 0..=1, default_missing_value = "", conflicts_with = "name", value_name = "TEMPLATE")]
        template: Option<String>,
    },
    /// Edit a pipeline's TOML in $VISUAL or $EDITOR and apply it once it is valid
    Edit {
        /// The pipeline's name (case-insensitive); the default pipeline without it
        name: Option<String>,
    },
    /// List the shipped templates, or print one as TOML
    Templates {
        /// The template to print as TOML; the list of templates without it
        name: Option<String>,
    },
}

pub fn run(ctx: &mut Context, command: PipelineCommand) -> CliResult {
    match command {
        PipelineCommand::List { json } => list(ctx, json.json),
        PipelineCommand::Show { name, toml, json } => show(ctx, name.as_deref(), toml, json.json),
        PipelineCommand::Apply {
            file,
            template,
            dry_run,
        } => {
            let workbook = file
                .as_deref()
                .is_some_and(crate::io::blueprint_read::is_spreadsheet);
            let mut defs = super::pipeline_apply::definitions(file, template)?;
            if workbook {
                super::pipeline_apply::keep_conversions(ctx, &mut defs)?;
            }
            super::pipeline_apply::apply_defs(ctx, &defs, dry_run)
        }
        PipelineCommand::Blueprint {
            name,
            out,
            template,
        } => {
            let source = BlueprintSource::from_args(name.as_deref(), template.as_deref());
            super::pipeline_apply::write_blueprint(Some(ctx), &source, &out)
        }
        PipelineCommand::Edit { name } => super::pipeline_edit::edit(ctx, name.as_deref()),
        PipelineCommand::Templates { name } => templates(name.as_deref()),
    }
}

#[derive(Serialize)]
struct PipelineSummary {
    name: String,
    currency: &'static str,
    default: bool,
    stages: usize,
    deals: usize,
}

fn list(ctx: &Context, as_json: bool) -> CliResult {
    let default = ctx.store.default_pipeline_id()?;
    let deals = ctx.store.deals(&crate::store::DealFilter {
        include_archived: true,
        ..Default::default()
    })?;
    let summaries: Vec<PipelineSummary> = ctx
        .store
        .pipelines()?
        .iter()
        .map(|p| PipelineSummary {
            name: p.name.clone(),
            currency: p.currency.code(),
            default: Some(p.id) == default,
            stages: p.stages.len(),
            deals: deals.iter().filter(|d| d.pipeline_id == p.id).count(),
        })
        .collect();
    if as_json {
        return json::print(&summaries);
    }
    let rows: Vec<Vec<String>> = summaries
        .iter()
        .map(|s| {
            vec![
                format!("{}{}", s.name, if s.default { " (default)" } else { "" }),
                s.currency.to_string(),
                s.stages.to_string(),
                s.deals.to_string(),
            ]
        })
        .collect();
    print!(
        "{}",
        super::table::render(&["PIPELINE", "CURRENCY", "STAGES", "DEALS"], &rows, &[2, 3])
    );
    Ok(())
}

fn show(ctx: &Context, name: Option<&str>, as_toml: bool, as_json: bool) -> CliResult {
    let pipeline = ctx.store.pipeline_named(name)?;
    let def = PipelineDef::of(&pipeline);
    if as_json {
        return json::print(&def);
    }
    if as_toml {
        let text = toml::to_string_pretty(&def).map_err(CliError::failed)?;
        return json::write_stdout(&terminal_safe_toml(&text, &pipeline.name)?);
    }
    print_pipeline(&pipeline);
    Ok(())
}

/// The toml crate escapes C0 controls but writes C1 controls, bidi and zero-width characters
/// raw. Written as `\uXXXX` they mean the same in a basic string; the file is read back to
/// prove it (a literal string would not), else refused rather than shown raw.
fn terminal_safe_toml(text: &str, name: &str) -> CliResult<String> {
    let safe = json::terminal_safe(text);
    if let std::borrow::Cow::Owned(safe) = &safe {
        let same = matches!(
            (safe.parse::<toml::Table>(), text.parse::<toml::Table>()),
            (Ok(a), Ok(b)) if a == b
        );
        if !same {
            return Err(CliError::failed(format!(
                "pipeline {} has text that cannot be shown safely as TOML; use --json",
                echo(name)
            )));
        }
    }
    Ok(safe.into_owned())
}

fn print_pipeline(pipeline: &Pipeline) {
    println!(
        "{} ({}, expected days factor {})",
        printable(&pipeline.name),
        pipeline.currency,
        pipeline.expected_days_factor
    );
    if let Some(target) = &pipeline.converts_to {
        println!(
            "converts to {}: a won deal here becomes a deal there (`dealdeck deal convert ID`)",
            printable(&target.name)
        );
    }
    for stage in &pipeline.stages {
        let mut facts = vec![
            stage.kind.as_str().to_string(),
            format!("{}%", stage.probability),
        ];
        if let Some(days) = stage.rot_days {
            facts.push(format!("rots after {days} days"));
        }
        if let Some(days) = stage.expected_days {
            facts.push(format!("expected {days} days"));
        }
        if let Some(target) = stage.target_conversion {
            facts.push(format!("target conversion {target} %"));
        }
        println!("\n  {}  [{}]", printable(&stage.name), facts.join(", "));
        let book = &stage.playbook;
        let section = |label: &str, items: &[String]| {
            if !items.is_empty() {
                println!("    {label}:");
                for item in items {
                    println!("      - {}", printable(item));
                }
            }
        };
        section("trigger", &book.trigger);
        section("responsibilities", &book.responsibilities);
        section("documents", &book.documents);
        let points: Vec<String> = book
            .data_points
            .iter()
            .map(|p| {
                if p.required {
                    format!("{} (required)", p.name)
                } else {
                    p.name.clone()
                }
            })
            .collect();
        section("data points", &points);
        section("tasks", &book.tasks);
        section("communication", &book.communication);
    }
}

fn templates(name: Option<&str>) -> CliResult {
    match name {
        Some(key) => {
            let (_, text) = TEMPLATES
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key.trim()))
                .ok_or_else(|| {
                    CliError::bad(format!(
                        "template {} does not exist; see `dealdeck pipeline templates`",
                        echo(key)
                    ))
                })?;
            print!("{text}");
        }
        None => {
            let mut rows = Vec::new();
            for (key, text) in TEMPLATES {
                let def = PipelineDef::from_toml(text).map_err(CliError::failed)?;
                let stages: Vec<String> = def.stages.iter().map(|s| s.name.clone()).collect();
                rows.push(vec![key.to_string(), def.name.clone(), stages.join(" → ")]);
            }
            print!(
                "{}",
                super::table::render(&["TEMPLATE", "PIPELINE", "STAGES"], &rows, &[])
            );
        }
    }
    Ok(())
}
