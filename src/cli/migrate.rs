//! `dealdeck migrate --to TARGET`: the whole workspace of `--db` copied into an empty
//! SQLite file or PostgreSQL database, ids and all, and `backup` on a server (the same copy
//! into a new SQLite file).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;

use crate::store::postgres::{ServerUrl, is_server_url};
use crate::store::safe_file::{FileInUse, NewFile};
use crate::store::{Copied, PgStore, Progress, Repository, Store, transfer};

use super::Context;
use super::error::CliResult;
use super::maintenance::BackupArgs;

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Where to copy the workspace: a SQLite file that does not exist yet (or an empty
    /// workspace), or an empty PostgreSQL database as postgres://USER@HOST[:PORT]/DBNAME
    #[arg(long, value_name = "PATH|URL")]
    to: PathBuf,
}

/// A progress bar on stderr while rows are copied, only when stderr is a terminal.
struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    fn new() -> Bar {
        Bar(std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "copying {bar:40} {pos}/{len} rows ({eta} left)",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        }))
    }

    fn show(&self, at: Progress) {
        if let Some(bar) = &self.0 {
            bar.set_length(at.total);
            bar.set_position(at.rows);
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// Copies `source` into `target` (refused unless empty) with a progress bar.
fn copy_into(source: &dyn Repository, target: &mut dyn Repository) -> CliResult<Copied> {
    let load = target.table_loader()?;
    let bar = Bar::new();
    Ok(transfer::copy_workspace(source, load, &mut |at| {
        bar.show(at)
    })?)
}

/// Copies `source` into a new SQLite file at `path`, written beside it and renamed into
/// place when complete: a failed copy leaves nothing there.
fn copy_into_new_file(
    source: &dyn Repository,
    path: &Path,
    replace: bool,
    in_use: &[FileInUse],
) -> CliResult<Copied> {
    let mut file = NewFile::create(path, replace, in_use)?;
    let copied = (|| -> CliResult<Copied> {
        let mut store = Store::open_staged(file.temp_path(), path)?;
        // Thrown away if the process dies before the rename; the rename syncs it first.
        store.relax_durability_for_new_file()?;
        let copied = copy_into(source, &mut store)?;
        store.checkpoint()?;
        Ok(copied)
    })()?;
    file.commit()?;
    Ok(copied)
}

/// "400 deals, 1 802 stage visits, …": the tables a person thinks of, then the total.
fn summary(copied: &Copied) -> String {
    let named = [
        ("pipeline", "pipelines"),
        ("deal", "deals"),
        ("stage_visit", "stage visits"),
        ("note", "notes"),
        ("activity", "activities"),
        ("checklist_item", "checklist tasks"),
        ("fx_rate", "exchange rates"),
        ("lost_reason", "lost reasons"),
    ];
    let mut parts: Vec<String> = named
        .iter()
        .map(|(table, words)| format!("{} {words}", copied.of(table)))
        .collect();
    parts.push(format!(
        "{} rows in {} tables",
        copied.rows(),
        copied.tables.len()
    ));
    parts.join(", ")
}

pub fn run(ctx: &Context, args: &MigrateArgs) -> CliResult {
    let started = Instant::now();
    let source = &*ctx.store;
    let from = source.location().to_string();
    let (copied, to) = match args.to.to_str().filter(|t| is_server_url(t)) {
        Some(url) => {
            let url = ServerUrl::parse(url)?;
            let mut target = PgStore::open_for_copy(&url)?;
            (copy_into(source, &mut target)?, url.redacted())
        }
        None if args.to.symlink_metadata().is_err() => (
            copy_into_new_file(source, &args.to, false, &source.files_in_use())?,
            args.to.display().to_string(),
        ),
        None => {
            // An existing file must be an empty workspace (or an empty file, which opening
            // makes one); the source's own file is refused as not empty.
            let mut target = Store::open(&args.to)?;
            (
                copy_into(source, &mut target)?,
                args.to.display().to_string(),
            )
        }
    };
    println!(
        "migrated {from} to {to}: {} in {:.1} s",
        summary(&copied),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `backup FILE` on a server: the workspace at one snapshot, as a new SQLite file.
pub fn backup_server(store: &PgStore, args: &BackupArgs) -> CliResult {
    let started = Instant::now();
    let copied = copy_into_new_file(store, &args.file, args.force, &[])?;
    if args.json {
        let seconds = started.elapsed().as_secs_f64();
        let source = store.redacted().to_string();
        let result = super::maintenance_json::BackupJson::new(
            source,
            &args.file,
            seconds,
            Some(copied.rows()),
        );
        return super::json::print(&result);
    }
    println!(
        "backed up {} to {}: {} in {:.1} s",
        store.redacted(),
        args.file.display(),
        summary(&copied),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
