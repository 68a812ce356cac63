//! `dealdeck backup`, `check`, and the hidden `churn` crash-test aid.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::domain::StageKind;
use crate::store::{DealFilter, Repository, Store};

use super::Context;
use super::error::{CliError, CliResult};
use super::maintenance_json::{BackupJson, CheckJson};

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy (must not exist yet, unless --force)
    pub(super) file: PathBuf,
    /// Replace the file when it exists (never the database itself)
    #[arg(long)]
    pub(super) force: bool,
    /// Print the result as a JSON object (keys in README, Maintenance)
    #[arg(long)]
    pub(super) json: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Run SQLite's full integrity_check instead of quick_check (a server checks the same
    /// either way)
    #[arg(long)]
    full: bool,
    /// Print the result as a JSON object (keys in README, Maintenance)
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ChurnArgs {
    /// Stop after this many moves (default: run until killed)
    #[arg(long)]
    count: Option<u64>,
    /// Team test: alternate moves and amount edits (+1) on the first N open deals, each
    /// checked against the version just read; a "changed elsewhere" refusal is printed as
    /// `refused DEAL` and the churn goes on
    #[arg(long, value_name = "N")]
    shared: Option<usize>,
    /// With --shared: where this writer starts in the deals and stages, so writers differ
    #[arg(long, default_value_t = 0)]
    offset: usize,
}

pub fn backup(store: &Store, args: &BackupArgs) -> CliResult {
    let started = std::time::Instant::now();
    store.backup_replacing(&args.file, args.force)?;
    if args.json {
        let source = store.path().display().to_string();
        let seconds = started.elapsed().as_secs_f64();
        return super::json::print(&BackupJson::new(source, &args.file, seconds, None));
    }
    println!(
        "backed up {} to {}",
        store.path().display(),
        args.file.display()
    );
    Ok(())
}

pub fn check(store: &dyn Repository, args: &CheckArgs) -> CliResult {
    let report = store.check_workspace(args.full)?;
    if args.json {
        super::json::print(&CheckJson::new(store.location().to_string(), &report))?;
    } else if report.problems.is_empty() {
        println!(
            "ok: {} (schema {}, {} pipelines, {} deals, {} stage visits)",
            store.location(),
            report.schema_version,
            report.pipelines,
            report.deals,
            report.visits
        );
    } else {
        for problem in &report.problems {
            println!("problem: {}", crate::domain::text::printable(problem));
        }
    }
    if report.problems.is_empty() {
        return Ok(());
    }
    Err(CliError::failed(format!(
        "{} has {} problem(s)",
        store.location(),
        report.problems.len()
    )))
}

/// Walks the open deals of the default pipeline one stage forward (back to the first open
/// stage at the end), printing `moved DEAL VISIT` only after each move has committed.
pub fn churn(ctx: &mut Context, args: &ChurnArgs) -> CliResult {
    let pipeline = ctx.store.pipeline_named(None)?;
    let open: Vec<_> = pipeline
        .stages
        .iter()
        .filter(|s| s.kind == StageKind::Open)
        .map(|s| s.id)
        .collect();
    let deals = ctx.store.deals(&DealFilter {
        pipeline: Some(pipeline.id),
        status: Some(StageKind::Open),
        ..Default::default()
    })?;
    if deals.is_empty() || open.len() < 2 {
        return Err(CliError::bad(
            "churn needs open deals and at least two open stages",
        ));
    }
    if let Some(shared) = args.shared {
        let open: Vec<_> = pipeline
            .stages
            .iter()
            .filter(|s| {
                s.kind == StageKind::Open && !s.playbook.data_points.iter().any(|p| p.required)
            })
            .map(|s| s.id)
            .collect();
        let deals: Vec<_> = deals.iter().take(shared.max(1)).map(|d| d.id).collect();
        return churn_shared(ctx, args, &deals, &open);
    }
    let mut stdout = std::io::stdout().lock();
    let mut moves = 0_u64;
    while args.count.is_none_or(|count| moves < count) {
        for deal in &deals {
            let current = ctx.store.deal(deal.id)?;
            let index = open
                .iter()
                .position(|s| *s == current.stage_id)
                .unwrap_or(0);
            let next = open[(index + 1) % open.len()];
            let record = ctx
                .store
                .move_deal(deal.id, next, None, None, Context::now())?;
            writeln!(stdout, "moved {} {}", deal.id, record.opened_visit.0)?;
            stdout.flush()?;
            moves += 1;
            if args.count.is_some_and(|count| moves >= count) {
                break;
            }
        }
    }
    Ok(())
}

/// `churn --shared`: many writers on the same few deals, each change checked against the
/// version read just before. Prints `moved DEAL VISIT`, `edited DEAL VERSION` after each
/// commit and `refused DEAL` for each "changed elsewhere"; any other error ends it.
fn churn_shared(
    ctx: &mut Context,
    args: &ChurnArgs,
    deals: &[crate::domain::DealId],
    open: &[crate::domain::StageId],
) -> CliResult {
    if open.len() < 2 {
        return Err(CliError::bad(
            "churn --shared needs two open stages without required data points",
        ));
    }
    let mut stdout = std::io::stdout().lock();
    let count = args.count.unwrap_or(u64::MAX);
    for round in 0..count {
        let turn = round as usize + args.offset;
        let id = deals[turn % deals.len()];
        let deal = ctx.store.deal(id)?;
        let outcome = if round % 2 == 0 {
            let at = open.iter().position(|s| *s == deal.stage_id).unwrap_or(0);
            let step = 1 + turn % (open.len() - 1);
            let to = open[(at + step) % open.len()];
            ctx.store
                .move_deal(id, to, None, Some(deal.version), Context::now())
                .map(|record| format!("moved {} {}", id, record.opened_visit.0))
        } else {
            let patch = crate::domain::DealPatch {
                amount: Some(deal.amount + rust_decimal::Decimal::ONE),
                ..Default::default()
            };
            ctx.store
                .edit_deal(id, Some(deal.version), &patch, Context::now())
                .map(|edited| format!("edited {} {}", id, edited.version))
        };
        match outcome {
            Ok(line) => writeln!(stdout, "{line}")?,
            Err(crate::store::StoreError::Conflict { .. }) => writeln!(stdout, "refused {id}")?,
            Err(other) => return Err(other.into()),
        }
    }
    stdout.flush()?;
    Ok(())
}
