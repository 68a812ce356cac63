//! The non-interactive commands (PRODUCT.md §5): argument parsing and dispatch.

mod activity;
mod board;
mod checklist;
mod convert;
mod deal;
mod deal_show;
mod demo;
pub mod error;
mod export;
mod fx;
mod import;
pub mod json;
mod maintenance;
mod maintenance_json;
mod migrate;
mod people;
mod pipeline;
mod pipeline_apply;
mod pipeline_edit;
mod report;
mod report_owners;
mod shell;
pub mod table;

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand};

use crate::config::Config;
use crate::store::postgres::{ServerUrl, is_server_url};
use crate::store::{Access, PgStore, Repository, Store};

pub use error::{CliError, CliResult};

#[derive(Debug, Parser)]
#[command(
    name = "dealdeck",
    version,
    about = "A keyboard-driven terminal kanban for sales pipelines, on one local SQLite file",
    after_help = "The database is --db, else $DEALDECK_DB, else `database` in config.toml, else dealdeck.db in the platform data directory."
)]
pub struct Cli {
    /// The database file (created when missing by commands that add data), or a PostgreSQL
    /// server as postgres://USER@HOST[:PORT]/DBNAME (team mode: docs/team.md)
    #[arg(long, global = true, env = "DEALDECK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Use a fresh temporary database full of demo deals; never touches your file
    #[arg(long, global = true)]
    pub demo: bool,
    /// Who you are, recorded on every move, note, activity and edit; else $DEALDECK_USER,
    /// else `user` in config.toml, else the login name
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the board (also what happens when no command is given)
    Board,
    /// Add, list, show, move, edit and archive deals
    #[command(subcommand)]
    Deal(Box<deal::DealCommand>),
    /// Plan, list, complete and export calls, e-mails, meetings, tasks and follow-ups
    #[command(subcommand)]
    Activity(activity::ActivityCommand),
    /// List, show and apply pipelines and their templates
    #[command(subcommand)]
    Pipeline(pipeline::PipelineCommand),
    /// Closing rates, forecast, velocity and conversion per stage, as text or JSON
    Report(report::ReportArgs),
    /// Set and list exchange rates for deals in other currencies
    #[command(subcommand)]
    Fx(fx::FxCommand),
    /// Import deals with their stage history from HubSpot, Pipedrive or dealdeck files
    Import(import::ImportArgs),
    /// Export every deal with its stage history as CSV, JSON or an Excel workbook
    Export(export::ExportArgs),
    /// Render one screen of the board, dashboard or agenda as plain text
    Print(board::PrintArgs),
    /// Write a new database of N realistic deals with full stage history
    Demo(demo::DemoArgs),
    /// Make a consistent copy of the database while it may be in use
    Backup(maintenance::BackupArgs),
    /// Check the database's integrity and dealdeck's rules
    Check(maintenance::CheckArgs),
    /// Copy the whole workspace into an empty SQLite file or PostgreSQL database
    Migrate(migrate::MigrateArgs),
    /// Print a shell completion script: bash, zsh, fish or powershell
    Completions(shell::CompletionsArgs),
    /// Print the man page, dealdeck(1), as roff
    Man,
    /// Test aid: move deals in a loop, printing each committed move (for crash tests)
    #[command(hide = true)]
    Churn(maintenance::ChurnArgs),
}

/// What every command works with.
pub struct Context {
    pub store: Box<dyn Repository>,
    pub config: Config,
    pub now: DateTime<Utc>,
}

impl Context {
    /// The current moment, to the second (stored timestamps have second precision).
    pub fn now() -> DateTime<Utc> {
        let now = Utc::now();
        DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now)
    }
}

/// Shared by commands that print either a table or JSON.
#[derive(Debug, Args, Clone, Copy)]
pub struct JsonFlag {
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// Where the database lives: `--db`, else `$DEALDECK_DB` (both via clap), else the data dir.
pub fn default_db_path() -> CliResult<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "dealdeck").ok_or_else(|| {
        CliError::failed("cannot find a home directory for the database; pass --db PATH")
    })?;
    Ok(dirs.data_dir().join("dealdeck.db"))
}

/// Only commands that add data create a missing database; the rest refuse a missing one.
fn access(command: &Command) -> Access {
    use deal::DealCommand;
    use fx::FxCommand;
    use pipeline::PipelineCommand;
    match command {
        Command::Board | Command::Import(_) | Command::Demo(_) => Access::Create,
        Command::Deal(deal) => match **deal {
            DealCommand::Add(_) => Access::Create,
            DealCommand::List(_) | DealCommand::Show { .. } => Access::Read,
            DealCommand::Checklist(ref args) if args.reads_only() => Access::Read,
            _ => Access::Write,
        },
        Command::Activity(activity) if activity.reads_only() => Access::Read,
        Command::Activity(_) => Access::Write,
        Command::Pipeline(
            PipelineCommand::List { .. }
            | PipelineCommand::Show { .. }
            | PipelineCommand::Blueprint { .. },
        ) => Access::Read,
        Command::Pipeline(_) => Access::Create,
        Command::Fx(FxCommand::List { .. }) => Access::Read,
        Command::Fx(_) => Access::Create,
        Command::Report(_) | Command::Export(_) | Command::Print(_) => Access::Read,
        Command::Backup(_) | Command::Check(_) => Access::Inspect,
        Command::Migrate(_) => Access::Read,
        Command::Churn(_) => Access::Write,
        Command::Completions(_) | Command::Man => Access::Read,
    }
}

/// Runs the command; `demo_dir` keeps a `--demo` database alive for the process's lifetime.
pub fn run(cli: Cli) -> CliResult {
    // Generated from the parser alone: no config, no database.
    match &cli.command {
        Some(Command::Completions(args)) => return shell::completions(args),
        Some(Command::Man) => return shell::man(),
        _ => {}
    }
    let config = Config::load(Config::default_path().as_deref()).map_err(CliError::bad)?;
    crate::i18n::choose(config.locale());
    let user = people::current_user(cli.user.as_deref(), &config)?.unwrap_or_default();
    let command = match cli.command {
        Some(Command::Demo(args)) => {
            // An existing database the other commands would open is never a demo's output.
            let db = cli
                .db
                .clone()
                .or_else(|| config.database_path())
                .or_else(|| default_db_path().ok());
            let db = db.filter(|db| db.exists());
            let in_use = db.map(|db| Store::files_of(&db)).unwrap_or_default();
            return demo::run(&args, &in_use);
        }
        Some(command) => command,
        None => Command::Board,
    };
    // A blank or template Blueprint needs no database.
    if let Command::Pipeline(pipeline::PipelineCommand::Blueprint {
        name,
        out,
        template: Some(template),
    }) = &command
    {
        let source = pipeline::BlueprintSource::from_args(name.as_deref(), Some(template));
        return pipeline_apply::write_blueprint(None, &source, out);
    }
    let (_demo_dir, path) = if cli.demo {
        let (dir, path) = demo::temporary_demo_database()?;
        (Some(dir), path)
    } else {
        (
            None,
            // --db, else $DEALDECK_DB (both through clap), else the config file's `database`.
            match cli.db.or_else(|| config.database_path()) {
                Some(path) => path,
                None => default_db_path()?,
            },
        )
    };
    if let Some(url) = path.to_str().filter(|p| is_server_url(p)) {
        return run_on_server(url, command, config, &user);
    }
    let store = Store::open_with(&path, access(&command))?;
    if let Some(backup) = store.migration_backup() {
        eprintln!(
            "dealdeck: upgraded {} to the current schema; the old file was saved as {}",
            path.display(),
            backup.display()
        );
    }
    // Backup and check read the SQLite file itself, below the repository boundary.
    match &command {
        Command::Backup(args) => return maintenance::backup(&store, args),
        Command::Check(args) => return maintenance::check(&store, args),
        _ => {}
    }
    let mut ctx = Context {
        store: Box::new(store),
        config,
        now: Context::now(),
    };
    ctx.store.act_as(&user);
    run_command(ctx, command)
}

/// Team mode: the same commands on a PostgreSQL server (docs/team.md), the board and every
/// `print` included (others' changes reach an open board as notices, `app/live.rs`);
/// `backup` writes the workspace into a new SQLite file and `check` asks the server.
fn run_on_server(url: &str, command: Command, config: Config, user: &str) -> CliResult {
    let url = ServerUrl::parse(url)?;
    let store = PgStore::open_with(&url, access(&command) == Access::Create)?;
    match &command {
        Command::Backup(args) => return migrate::backup_server(&store, args),
        Command::Check(args) => return maintenance::check(&store, args),
        _ => {}
    }
    let mut ctx = Context {
        store: Box::new(store),
        config,
        now: Context::now(),
    };
    ctx.store.act_as(user);
    run_command(ctx, command)
}

fn run_command(mut ctx: Context, command: Command) -> CliResult {
    match command {
        Command::Deal(command) => deal::run(&mut ctx, *command),
        Command::Activity(command) => activity::run(&mut ctx, command),
        Command::Pipeline(command) => pipeline::run(&mut ctx, command),
        Command::Import(args) => import::run(&mut ctx, &args),
        Command::Export(args) => export::run(&ctx, &args),
        Command::Backup(_) | Command::Check(_) => Ok(()),
        Command::Churn(args) => maintenance::churn(&mut ctx, &args),
        Command::Migrate(args) => migrate::run(&ctx, &args),
        Command::Demo(_) | Command::Completions(_) | Command::Man => Ok(()),
        Command::Board => board::open(ctx),
        Command::Print(args) => board::print(ctx, &args),
        Command::Report(args) => report::run(&ctx, &args),
        Command::Fx(command) => fx::run(&mut ctx, command),
    }
}
