//! `pipeline apply` of a TOML file, a template or a Blueprint workbook (with `--dry-run`),
//! and `pipeline blueprint`, which writes the workbook that comes back.

use std::path::{Path, PathBuf};

use crate::domain::pipeline_changes::changes;
use crate::domain::text::{echo, printable, same_name};
use crate::domain::{PipelineDef, PipelineDefError};
use crate::io::blueprint::{self, BlueprintWriteError};
use crate::io::blueprint_read::{self, BlueprintError};
use crate::store::ApplyReport;

use super::Context;
use super::error::{CliError, CliResult};

/// The definitions a file or template gives: a TOML file, a shipped template, or every
/// Blueprint sheet of a workbook (or CSV file) of that layout.
pub fn definitions(file: Option<PathBuf>, template: Option<String>) -> CliResult<Vec<PipelineDef>> {
    match (file, template) {
        (_, Some(key)) => Ok(vec![shipped(&key)?]),
        (Some(path), None) if blueprint_read::is_spreadsheet(&path) => {
            let found = blueprint_read::read(&path).map_err(|e| match e {
                BlueprintError::File(reason) => CliError::bad(reason),
                cells @ BlueprintError::Cells(_) => {
                    CliError::bad(format!("{}: {cells}", path.display()))
                }
            })?;
            for sheet in &found.skipped {
                eprintln!("sheet {} is not a Blueprint; skipped", echo(sheet));
            }
            Ok(found.pipelines.into_iter().map(|(_, def)| def).collect())
        }
        (Some(path), None) => {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| CliError::bad(format!("cannot read {}: {e}", path.display())))?;
            let def = PipelineDef::from_toml(&text)
                .map_err(|e| CliError::bad(format!("{}: {e}", path.display())))?;
            Ok(vec![def])
        }
        (None, None) => Err(CliError::bad(
            "give a TOML file, a Blueprint workbook (.xlsx, .ods, .csv) or --template NAME",
        )),
    }
}

/// A shipped template, parsed.
fn shipped(key: &str) -> CliResult<PipelineDef> {
    crate::templates::template(key)
        .ok_or_else(|| {
            CliError::bad(format!(
                "template {} does not exist; see `dealdeck pipeline templates`",
                echo(key)
            ))
        })?
        .map_err(|e: PipelineDefError| CliError::failed(e))
}

/// A Blueprint has no place for `converts_to` (a lead pipeline's target): applying one keeps
/// what the pipeline of the same name already converts to, instead of taking it away.
pub fn keep_conversions(ctx: &Context, defs: &mut [PipelineDef]) -> CliResult {
    let before: Vec<PipelineDef> = ctx.store.pipelines()?.iter().map(PipelineDef::of).collect();
    for def in defs.iter_mut().filter(|d| d.converts_to.is_none()) {
        let key = def.name.trim().to_lowercase();
        if let Some(old) = before.iter().find(|p| p.name.to_lowercase() == key) {
            def.converts_to.clone_from(&old.converts_to);
        }
    }
    Ok(())
}

/// Applies `defs` in one transaction (rolled back with `dry_run`) and prints, per pipeline,
/// what was (or would be) created, added, changed and removed, field by field.
pub fn apply_defs(ctx: &mut Context, defs: &[PipelineDef], dry_run: bool) -> CliResult {
    let before: Vec<PipelineDef> = ctx.store.pipelines()?.iter().map(PipelineDef::of).collect();
    missing_shipped_target(&before, defs)?;
    let reports = ctx.store.apply_pipelines(defs, dry_run)?;
    for (def, report) in defs.iter().zip(&reports) {
        let old = before
            .iter()
            .find(|p| p.name.to_lowercase() == def.name.trim().to_lowercase());
        print_report(report, dry_run);
        for line in changes(old, def) {
            println!("    {}", printable(&line));
        }
    }
    if dry_run {
        println!("dry run: nothing was written");
    }
    Ok(())
}

/// A lead pipeline converting into a pipeline the database lacks, where a shipped template
/// makes that pipeline (`leads-nl` into `services-nl`'s "Diensten"): says which template to
/// apply first, instead of only that the target does not exist.
fn missing_shipped_target(before: &[PipelineDef], defs: &[PipelineDef]) -> CliResult {
    let known = |name: &str| before.iter().chain(defs).any(|p| same_name(&p.name, name));
    for def in defs {
        let Some(target) = def.converts_to.as_deref().filter(|t| !known(t)) else {
            continue;
        };
        let shipped = crate::templates::TEMPLATES.iter().find(|(_, text)| {
            PipelineDef::from_toml(text).is_ok_and(|t| same_name(&t.name, target))
        });
        if let Some((key, _)) = shipped {
            return Err(CliError::bad(format!(
                "pipeline {} converts to {}, which does not exist yet; create it first with `dealdeck pipeline apply --template {key}`",
                echo(def.name.trim()),
                echo(target)
            )));
        }
    }
    Ok(())
}

fn print_report(report: &ApplyReport, dry_run: bool) {
    let verb = match (report.created, dry_run) {
        (true, false) => "created",
        (false, false) => "updated",
        (true, true) => "would create",
        (false, true) => "would update",
    };
    println!("{verb} pipeline {}", echo(&report.pipeline));
    for (label, names) in [
        ("added", &report.added),
        ("changed", &report.updated),
        ("removed", &report.removed),
    ] {
        if !(names.is_empty() || report.created && label == "added") {
            println!("  {label}: {}", printable(&names.join(", ")));
        }
    }
    if !report.created
        && report.added.is_empty()
        && report.updated.is_empty()
        && report.removed.is_empty()
    {
        println!("  nothing changed");
    }
}

/// What `pipeline blueprint` writes: the stored pipelines, a shipped template, or a blank
/// sheet to fill in.
pub enum BlueprintSource<'a> {
    Stored(Option<&'a str>),
    Template(&'a str),
    Blank,
}

impl BlueprintSource<'_> {
    /// `--template` without a value is the blank workbook; with one, that shipped template.
    pub fn from_args<'a>(name: Option<&'a str>, template: Option<&'a str>) -> BlueprintSource<'a> {
        match template {
            None => BlueprintSource::Stored(name),
            Some(key) if key.trim().is_empty() => BlueprintSource::Blank,
            Some(key) => BlueprintSource::Template(key),
        }
    }
}

/// Writes the Blueprint workbook to `out`.
pub fn write_blueprint(
    ctx: Option<&Context>,
    source: &BlueprintSource<'_>,
    out: &Path,
) -> CliResult {
    let is_xlsx = out
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !is_xlsx {
        return Err(CliError::bad(format!(
            "{}: the Blueprint is an Excel workbook; name the file with .xlsx",
            out.display()
        )));
    }
    let defs = match (source, ctx) {
        (BlueprintSource::Blank, _) => Vec::new(),
        (BlueprintSource::Template(key), _) => vec![shipped(key)?],
        (BlueprintSource::Stored(Some(name)), Some(ctx)) => {
            vec![PipelineDef::of(&ctx.store.pipeline_named(Some(name))?)]
        }
        (BlueprintSource::Stored(None), Some(ctx)) => {
            ctx.store.pipelines()?.iter().map(PipelineDef::of).collect()
        }
        (BlueprintSource::Stored(_), None) => {
            return Err(CliError::failed(
                "the Blueprint of stored pipelines needs the database",
            ));
        }
    };
    blueprint::write_workbook(&defs, out).map_err(|e| match e {
        BlueprintWriteError::Xlsx(error) => {
            CliError::caused(format!("cannot write {}", out.display()), error)
        }
        too_long => CliError::bad(too_long),
    })?;
    let names: Vec<String> = defs.iter().map(|d| echo(&d.name)).collect();
    if names.is_empty() {
        println!("wrote a blank Blueprint to {}", out.display());
    } else {
        println!(
            "wrote the Blueprint of {} to {}",
            names.join(", "),
            out.display()
        );
    }
    Ok(())
}
