//! `dealdeck activity …`: plan, list, complete, edit, delete and export calls, e-mails,
//! meetings, tasks and follow-ups.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand};
use serde::Serialize;

use crate::domain::text::{echo, printable};
use crate::domain::{ActivityId, ActivityKind, AgendaWindow, DealId, Due, parse_due};
use crate::store::safe_file::NewFile;
use crate::store::{ActivityFilter, ActivityPatch, ActivityWindow, AgendaItem, NewActivity};

use super::error::{CliError, CliResult};
use super::json;
use super::{Context, JsonFlag};

#[derive(Debug, Subcommand)]
pub enum ActivityCommand {
    /// Plan a call, e-mail, meeting, task or follow-up on a deal; prints its id
    Add(AddArgs),
    /// List planned activities (with --deal, its done ones too)
    List(ListArgs),
    /// Mark an activity done now, with an optional outcome note
    Done {
        /// The activity's id
        id: i64,
        /// What came of it (the outcome)
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Change an activity's due date, kind or note
    Edit(EditArgs),
    /// Delete an activity
    Delete {
        /// The activity's id
        id: i64,
    },
    /// Write the planned activities as an iCalendar file
    Export(ExportArgs),
}

const DUE_HELP: &str = "YYYY-MM-DD[ HH:MM], today, tomorrow, +3d, +2w or a weekday (fri, vrijdag, fredag), with an optional time";

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The deal's id
    deal: i64,
    /// call, email, meeting, task or follow-up
    #[arg(long)]
    kind: String,
    /// When it is due: YYYY-MM-DD[ HH:MM], today, tomorrow, +3d, +2w or a weekday, with an optional time
    #[arg(long, long_help = DUE_HELP, allow_hyphen_values = true)]
    due: String,
    /// A note on what to do
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    #[command(flatten)]
    json: JsonFlag,
}

#[derive(Debug, Args)]
#[command(group = ArgGroup::new("window").multiple(false))]
pub struct ListArgs {
    /// Only this deal's activities, done ones included
    #[arg(long, value_name = "ID")]
    deal: Option<i64>,
    /// Only planned activities past due
    #[arg(long, group = "window")]
    overdue: bool,
    /// Only planned activities due today and not yet past due
    #[arg(long, group = "window")]
    today: bool,
    /// Only planned activities due in the seven days after today
    #[arg(long, group = "window")]
    week: bool,
    #[command(flatten)]
    json: JsonFlag,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The activity's id
    id: i64,
    /// The new due date: YYYY-MM-DD[ HH:MM], today, tomorrow, +3d, +2w or a weekday
    #[arg(long, long_help = DUE_HELP, allow_hyphen_values = true)]
    due: Option<String>,
    /// The new kind: call, email, meeting, task or follow-up
    #[arg(long)]
    kind: Option<String>,
    /// The new note; an empty one removes it
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CalendarFormat {
    Ics,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file format: ics (iCalendar)
    #[arg(long, value_enum)]
    format: CalendarFormat,
    /// The file to write; standard output when left out. It must not exist yet, unless --force
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace FILE when it exists (never the database itself)
    #[arg(long)]
    force: bool,
}

impl ActivityCommand {
    /// Listing and exporting only read: they never create a database.
    pub fn reads_only(&self) -> bool {
        matches!(self, ActivityCommand::List(_) | ActivityCommand::Export(_))
    }
}

/// The JSON shape of one activity.
#[derive(Debug, Serialize)]
pub struct ActivityJson {
    pub id: i64,
    pub deal: i64,
    pub deal_title: String,
    pub kind: &'static str,
    pub due_at: String,
    pub done_at: Option<String>,
    pub note: Option<String>,
    pub overdue: bool,
    /// Who planned (or logged) it, and who marked it done; `null` when unknown.
    pub by: Option<String>,
    pub done_by: Option<String>,
}

impl ActivityJson {
    pub fn new(item: &AgendaItem) -> ActivityJson {
        let activity = &item.activity;
        ActivityJson {
            id: activity.id.0,
            deal: activity.deal_id.0,
            deal_title: item.deal_title.clone(),
            kind: activity.kind.label(),
            due_at: activity.due.to_text(),
            done_at: activity.done_at.map(json::rfc3339),
            note: activity.note.clone(),
            overdue: item.overdue,
            by: activity.by.clone(),
            done_by: activity.done_by.clone(),
        }
    }
}

fn parse_kind(text: &str) -> CliResult<ActivityKind> {
    ActivityKind::parse(text).ok_or_else(|| {
        CliError::bad(format!(
            "kind {} is not call, email, meeting, task or follow-up",
            echo(text)
        ))
    })
}

fn parse_due_now(ctx: &Context, text: &str) -> CliResult<Due> {
    parse_due(text, ctx.now).map_err(CliError::bad)
}

pub fn run(ctx: &mut Context, command: ActivityCommand) -> CliResult {
    match command {
        ActivityCommand::Add(args) => add(ctx, args),
        ActivityCommand::List(args) => list(ctx, &args),
        ActivityCommand::Done { id, note } => {
            let record = ctx
                .store
                .complete_activity(ActivityId(id), note.as_deref(), ctx.now)?;
            println!(
                "{}",
                crate::t!(
                    "list-activity-is-done",
                    id = id.to_string(),
                    kind = kind_word(record.activity.kind),
                    deal = record.activity.deal_id.to_string()
                )
            );
            Ok(())
        }
        ActivityCommand::Edit(args) => edit(ctx, args),
        ActivityCommand::Delete { id } => {
            let gone = ctx.store.delete_activity(ActivityId(id))?;
            println!(
                "{}",
                crate::t!(
                    "list-activity-deleted",
                    id = id.to_string(),
                    kind = kind_word(gone.kind),
                    deal = gone.deal_id.to_string(),
                    due = due_text(gone.due)
                )
            );
            Ok(())
        }
        ActivityCommand::Export(args) => export(ctx, &args),
    }
}

/// One activity with its deal, as a list shows it.
fn item_of(ctx: &Context, id: ActivityId) -> CliResult<AgendaItem> {
    let activity = ctx.store.activity(id)?;
    let filter = ActivityFilter {
        deal: Some(activity.deal_id),
        ..ActivityFilter::default()
    };
    ctx.store
        .activities(&filter, &AgendaWindow::local(ctx.now))?
        .into_iter()
        .find(|item| item.activity.id == id)
        .ok_or_else(|| CliError::failed(format!("activity {id} vanished while it was read")))
}

fn add(ctx: &mut Context, args: AddArgs) -> CliResult {
    let new = NewActivity {
        deal: DealId(args.deal),
        kind: parse_kind(&args.kind)?,
        due: parse_due_now(ctx, &args.due)?,
        note: args.note,
    };
    let activity = ctx.store.add_activity(&new, ctx.now)?;
    if args.json.json {
        return json::print(&ActivityJson::new(&item_of(ctx, activity.id)?));
    }
    println!("{}", activity.id);
    Ok(())
}

fn list(ctx: &Context, args: &ListArgs) -> CliResult {
    let window = match (args.overdue, args.today, args.week) {
        (true, _, _) => ActivityWindow::Overdue,
        (_, true, _) => ActivityWindow::Today,
        (_, _, true) => ActivityWindow::Week,
        _ => ActivityWindow::All,
    };
    let filter = ActivityFilter {
        deal: args.deal.map(DealId),
        pipeline: None,
        window,
    };
    if let Some(deal) = filter.deal {
        // A missing deal is named, not shown as an empty list.
        ctx.store.deal(deal)?;
    }
    let items = ctx
        .store
        .activities(&filter, &AgendaWindow::local(ctx.now))?;
    if args.json.json {
        let out: Vec<ActivityJson> = items.iter().map(ActivityJson::new).collect();
        return json::print(&out);
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| {
            let activity = &item.activity;
            let state = match (activity.done_at, item.overdue) {
                (Some(done), _) => {
                    crate::t!("list-activity-done", at = super::deal_show::stamp(done))
                }
                (None, true) => crate::t!("list-activity-overdue"),
                (None, false) => crate::t!("list-activity-planned"),
            };
            let note = match (&activity.note, &activity.outcome) {
                (Some(note), Some(outcome)) => format!("{note} → {outcome}"),
                (note, outcome) => note.clone().or(outcome.clone()).unwrap_or_default(),
            };
            vec![
                activity.id.to_string(),
                due_text(activity.due),
                kind_word(activity.kind),
                state,
                activity.deal_id.to_string(),
                item.deal_title.clone(),
                note.replace(['\n', '\t'], " "),
            ]
        })
        .collect();
    print!(
        "{}",
        super::table::render(
            &[
                crate::t!("list-activity-col-id"),
                crate::t!("list-activity-col-due"),
                crate::t!("list-activity-col-kind"),
                crate::t!("list-activity-col-state"),
                crate::t!("list-activity-col-deal"),
                crate::t!("list-activity-col-title"),
                crate::t!("list-activity-col-note"),
            ],
            &rows,
            &[0, 4]
        )
    );
    Ok(())
}

fn edit(ctx: &mut Context, args: EditArgs) -> CliResult {
    let patch = ActivityPatch {
        kind: args.kind.as_deref().map(parse_kind).transpose()?,
        due: args
            .due
            .as_deref()
            .map(|due| parse_due_now(ctx, due))
            .transpose()?,
        note: args
            .note
            .map(|note| (!note.trim().is_empty()).then_some(note)),
    };
    let edit = ctx.store.edit_activity(ActivityId(args.id), &patch)?;
    println!(
        "{}",
        crate::t!(
            "list-activity-updated",
            id = args.id.to_string(),
            kind = kind_word(edit.after.kind),
            deal = edit.after.deal_id.to_string(),
            due = due_text(edit.after.due)
        )
    );
    Ok(())
}

fn export(ctx: &Context, args: &ExportArgs) -> CliResult {
    let CalendarFormat::Ics = args.format;
    let items = ctx
        .store
        .activities(&ActivityFilter::default(), &AgendaWindow::local(ctx.now))?;
    let text = crate::io::ics::calendar(&items, &ctx.store.workspace_id()?);
    let Some(path) = &args.out else {
        if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            // On a terminal the file is shown, not stored: neutralised like every other output.
            let lines = text.replace("\r\n", "\n");
            return json::write_stdout(&crate::domain::text::printable_lines(&lines));
        }
        return json::write_stdout(&text);
    };
    // Written beside the target and renamed into place, like `export`: never a partial file,
    // never over the database's own files.
    let mut file = NewFile::create(path, args.force, &ctx.store.files_in_use())?;
    std::io::Write::write_all(file.file()?, text.as_bytes())
        .map_err(|e| CliError::failed(format!("cannot write {}: {e}", path.display())))?;
    file.commit()?;
    eprintln!(
        "{}",
        crate::t!(
            "list-activity-exported",
            count = items.len(),
            path = printable(&path.display().to_string()).into_owned()
        )
    );
    Ok(())
}

/// An activity's kind in the reader's language (`--kind` and JSON keep `call`, `email`…).
fn kind_word(kind: ActivityKind) -> String {
    match kind {
        ActivityKind::Call => crate::t!("list-activity-call"),
        ActivityKind::Email => crate::t!("list-activity-email"),
        ActivityKind::Meeting => crate::t!("list-activity-meeting"),
        ActivityKind::Task => crate::t!("list-activity-task"),
        ActivityKind::FollowUp => crate::t!("list-activity-follow-up"),
    }
}

/// When an activity is due, the locale's way: a day, or a day and a time (local).
fn due_text(due: Due) -> String {
    match due {
        Due::Day(day) => crate::i18n::numbers().date(day),
        Due::At(at) => super::deal_show::stamp(at),
    }
}
