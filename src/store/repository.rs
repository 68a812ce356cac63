//! The repository boundary: every domain-level operation the app, the CLI and io ask of a
//! store, as one trait a second backend (PostgreSQL for teams) implements in its own module.
//!
//! Each method is a whole use-case, so each backend keeps "one user action, one
//! transaction". Streams take `&mut dyn FnMut` so the trait stays object-safe (one store per
//! process: `Box<dyn Repository>`); the generic helpers on `dyn Repository` below let callers
//! stop a stream with their own error type.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::domain::DealHistory;
use crate::domain::{
    Activity, ActivityId, AgendaWindow, Currency, Deal, DealId, DealPatch, Due, NewDeal, Note,
    Pipeline, PipelineDef, PipelineId, StageId, StageVisit,
};
use crate::metrics::{ExchangeRate, ExchangeRates};

use super::error::{Result, StoreError};
use super::safe_file::FileInUse;
use super::{
    ActivityEdit, ActivityFilter, ActivityPatch, Agenda, AgendaItem, ApplyReport, BoardCard,
    BoardRead, CardFilter, Checklist, ConversionRecord, Converted, DealFilter, DoneRecord,
    ExportStamps, HistoricDeal, KeptStamps, MoveRecord, NewActivity, PageAsk, QuietDeal, Upserted,
};
use super::{CheckReport, TableLoad, TableShape, TableSink, WorkspaceSchema};
use super::{ChecklistRow, NoteRow, Written};

/// A reader of one deal with its stage history and export stamps, in a stream.
pub type DealWithHistory<'a> = dyn FnMut(&Deal, &[StageVisit], &ExportStamps) -> Result<()> + 'a;

/// What a store is and where it lives, as the user named it.
#[derive(Clone, Copy, Debug)]
pub enum Location<'a> {
    /// A local SQLite file: the app guards and watches it.
    File(&'a Path),
    /// A PostgreSQL server, as its URL without the password: nothing to guard or watch.
    Server(&'a str),
}

impl std::fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Server(url) => write!(f, "{url}"),
        }
    }
}

/// The operations of a dealdeck store, backend-neutral.
pub trait Repository: Send {
    /// Where the data lives, for messages and for the board's file guard.
    fn location(&self) -> Location<'_>;
    /// A number that changes whenever someone else committed (SQLite: `data_version`);
    /// fails once the store is gone (the file deleted or replaced).
    fn change_counter(&self) -> Result<i64>;
    /// Fails when the store opened is no longer the one its location leads to.
    fn check_reachable(&self) -> Result<()>;
    /// Tunes the connection for a long interactive session (on a file: a larger cache, and
    /// the log checkpointed beside the writes instead of inside one of them).
    fn prepare_for_board(&mut self) -> Result<()>;
    /// Lets the board's commits return before they are synced to disk, where that is how a
    /// store works (a file: its log synced on a thread of its own, `on_synced` told when
    /// each write asked for is on disk). False where a commit is durable when it returns (a
    /// server) or no syncer could be had; then nothing changes.
    fn sync_behind(&mut self, on_synced: super::sync_behind::OnSynced) -> bool {
        let _ = on_synced;
        false
    }
    /// After a write on a store syncing behind: asks for it to be synced, and returns the
    /// number `on_synced` reports once it is; `None` when the write was durable on return.
    fn ask_sync(&mut self) -> Option<u64> {
        None
    }
    /// A second, read-only handle on the same store (its own connection), for reads on
    /// another thread; it never creates or migrates anything.
    fn open_reader(&self) -> Result<Box<dyn Repository>>;
    /// The notices of others' commits, on a connection of its own; `None` where the store
    /// has no such feed (a file: the board watches the file instead).
    fn change_feed(&self) -> Result<Option<Box<dyn super::ChangeFeed>>>;
    /// Connects again after the connection to the store was lost (a file: nothing to do).
    fn reconnect(&mut self) -> Result<()>;
    /// Records `user` as who makes every write from now on: stage visits, notes, activities
    /// planned or done, and the deal's last edit (`by`). Empty: nobody named.
    fn act_as(&mut self, user: &str);
    /// Who this store acts as ([`Repository::act_as`]); empty when nobody was named.
    fn user(&self) -> &str;

    // Pipelines.
    fn pipelines(&self) -> Result<Vec<Pipeline>>;
    fn pipeline(&self, id: PipelineId) -> Result<Pipeline>;
    fn pipeline_named(&self, name: Option<&str>) -> Result<Pipeline>;
    fn default_pipeline_id(&self) -> Result<Option<PipelineId>>;
    fn apply_pipeline(&mut self, def: &PipelineDef) -> Result<ApplyReport>;
    /// Applies every definition in one transaction (a workbook of several pipelines): all or
    /// nothing. With `dry_run` the transaction is rolled back, so the reports (and any
    /// refusal) are exactly what applying would give, and nothing is written.
    fn apply_pipelines(&mut self, defs: &[PipelineDef], dry_run: bool) -> Result<Vec<ApplyReport>>;
    fn lost_reasons(&self) -> Result<Vec<String>>;

    // Deals, moves and notes.
    fn add_deal(&mut self, new: &NewDeal, at: DateTime<Utc>) -> Result<Deal>;
    fn deal(&self, id: DealId) -> Result<Deal>;
    fn deals(&self, filter: &DealFilter) -> Result<Vec<Deal>>;
    /// The deals with these ids that exist, in id order, in one read (the drill-down).
    fn deals_by_id(&self, ids: &[DealId]) -> Result<Vec<Deal>>;
    fn history(&self, id: DealId) -> Result<Vec<StageVisit>>;
    fn move_deal(
        &mut self,
        id: DealId,
        to: StageId,
        reason: Option<&str>,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<MoveRecord>;
    fn undo_move(&mut self, record: &MoveRecord) -> Result<Deal>;
    fn edit_deal(
        &mut self,
        id: DealId,
        expected_version: Option<i64>,
        patch: &DealPatch,
        at: DateTime<Utc>,
    ) -> Result<Deal>;
    fn archive_deal(
        &mut self,
        id: DealId,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<Deal>;
    fn unarchive_deal(
        &mut self,
        id: DealId,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<Deal>;
    fn add_note(&mut self, id: DealId, body: &str, at: DateTime<Utc>) -> Result<Note>;
    fn notes(&self, id: DealId) -> Result<Vec<Note>>;

    // Leads into deals (seed 004).
    /// Marks the open lead won and opens a linked deal at qualification SQL in `target`, or
    /// in the pipeline its own names in `converts_to`; refused once it was converted.
    fn convert_lead(
        &mut self,
        lead: DealId,
        target: Option<PipelineId>,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<Converted>;
    /// Deletes the deal a conversion created and puts the lead back; returns the lead.
    fn undo_conversion(&mut self, record: &ConversionRecord) -> Result<Deal>;

    // The board.
    fn board_card(&self, id: DealId, closed_since: DateTime<Utc>) -> Result<Option<BoardCard>>;
    /// The board's pages for `asks` (keyset pages per column, filtered by `filter`: the typed
    /// text and, for "my deals", the owner), their marks, and the column sums when
    /// `with_sums`, all at one snapshot.
    fn board_read(
        &self,
        pipeline: &Pipeline,
        closed_since: DateTime<Utc>,
        now: DateTime<Utc>,
        asks: &[PageAsk],
        filter: CardFilter<'_>,
        with_sums: bool,
    ) -> Result<BoardRead>;
    fn deals_with_overdue_activity(
        &self,
        pipeline: PipelineId,
        now: DateTime<Utc>,
    ) -> Result<HashSet<DealId>>;

    // Activities, the agenda and checklists.
    fn add_activity(&mut self, new: &NewActivity, at: DateTime<Utc>) -> Result<Activity>;
    fn log_done_activity(
        &mut self,
        new: &NewActivity,
        outcome: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<DoneRecord>;
    fn activity(&self, id: ActivityId) -> Result<Activity>;
    fn activities_of(&self, deal: DealId) -> Result<Vec<Activity>>;
    fn complete_activity(
        &mut self,
        id: ActivityId,
        outcome: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<DoneRecord>;
    fn undo_done(&mut self, record: &DoneRecord) -> Result<Activity>;
    /// Takes back a logged activity: deleted, the deal's last activity as it was.
    fn unlog_done(&mut self, record: &DoneRecord) -> Result<Activity>;
    /// Logs a taken-back activity again exactly as it was.
    fn relog_done(&mut self, record: &DoneRecord) -> Result<DoneRecord>;
    fn edit_activity(&mut self, id: ActivityId, patch: &ActivityPatch) -> Result<ActivityEdit>;
    fn delete_activity(&mut self, id: ActivityId) -> Result<Activity>;
    fn restore_activity(&mut self, activity: &Activity) -> Result<Activity>;
    fn activities(&self, filter: &ActivityFilter, window: &AgendaWindow)
    -> Result<Vec<AgendaItem>>;
    fn agenda(&self, pipeline: Option<PipelineId>, window: &AgendaWindow) -> Result<Agenda>;
    fn gone_quiet(
        &self,
        pipeline: Option<PipelineId>,
        now: DateTime<Utc>,
    ) -> Result<Vec<QuietDeal>>;
    fn next_steps(&self, pipeline: PipelineId) -> Result<HashMap<DealId, Activity>>;
    /// A stable id of this workspace (calendar UIDs are built from it).
    fn workspace_id(&self) -> Result<String>;
    fn checklist(&self, deal: DealId) -> Result<Checklist>;
    fn tick_task(&mut self, deal: DealId, task: &str, at: DateTime<Utc>) -> Result<Checklist>;
    fn untick_task(&mut self, deal: DealId, task: &str) -> Result<Checklist>;
    fn checklist_progress(&self, pipeline: PipelineId) -> Result<HashMap<DealId, (usize, usize)>>;

    // The figures' rows: every deal of a pipeline with its stage history, compact.
    /// Every deal of `pipeline` (archived ones too) with its stays oldest first, by id, at
    /// one snapshot: what the dashboard holds in memory.
    fn deal_histories(&self, pipeline: PipelineId) -> Result<Vec<DealHistory>>;
    /// One deal's row as [`Repository::deal_histories`] has it, read again after a write;
    /// `None` when it is gone or in another pipeline.
    fn deal_history(&self, pipeline: PipelineId, deal: DealId) -> Result<Option<DealHistory>>;

    // Money in other currencies.
    fn exchange_rates(&self) -> Result<ExchangeRates>;
    fn set_exchange_rate(&mut self, rate: &ExchangeRate) -> Result<()>;

    // Reads of everything, streamed: one row in memory at a time, all at one snapshot.
    /// Runs `read` inside one read snapshot; nested calls share it.
    fn snapshot(&self, read: &mut dyn FnMut(&dyn Repository) -> Result<()>) -> Result<()>;
    fn each_deal(
        &self,
        filter: &DealFilter,
        each: &mut dyn FnMut(Deal) -> Result<()>,
    ) -> Result<()>;
    fn each_deal_with_history(
        &self,
        filter: &DealFilter,
        each: &mut DealWithHistory<'_>,
    ) -> Result<()>;
    fn each_deal_history(
        &self,
        pipeline: PipelineId,
        each: &mut dyn FnMut(&DealHistory) -> Result<()>,
    ) -> Result<()>;

    /// Every activity by id with its deal's title; every note; every checklist item.
    fn each_activity(&self, each: &mut dyn FnMut(&Activity, &str) -> Result<()>) -> Result<()>;
    fn each_note(&self, each: &mut dyn FnMut(&NoteRow) -> Result<()>) -> Result<()>;
    fn each_checklist_item(&self, each: &mut dyn FnMut(&ChecklistRow) -> Result<()>) -> Result<()>;

    // Imports and the files they must not write over.
    /// One import as one transaction: nothing is visible until [`ImportSession::commit`].
    fn importer(&mut self) -> Result<Box<dyn ImportSession + '_>>;
    /// The files this store holds open, which no export or backup may be written over.
    fn files_in_use(&self) -> Vec<FileInUse>;

    // Moving the whole workspace (`migrate`, `backup` on a server) and checking it.
    /// The workspace's tables, parents first, with their columns, and the schema version.
    fn workspace_schema(&self) -> Result<WorkspaceSchema>;
    /// Every row of `plan`'s tables (the columns named, in order) into `sink`, at one
    /// snapshot.
    fn copy_tables(&self, plan: &[TableShape], sink: &mut dyn TableSink) -> Result<()>;
    /// A copy loaded into this store, which must be an empty workspace: one transaction.
    fn table_loader(&mut self) -> Result<Box<dyn TableLoad + '_>>;
    /// The store's integrity and dealdeck's rules, as `check` reports them.
    fn check_workspace(&self, full: bool) -> Result<CheckReport>;
}

/// One import in progress: every write in one transaction; dropping it undoes them all,
/// which is how a dry run ends.
pub trait ImportSession {
    /// The pipelines as they are inside the import (with any it created).
    fn pipelines(&self) -> &[Pipeline];
    fn create_pipeline(&mut self, def: &PipelineDef) -> Result<()>;
    /// Adds open stages named in the file to an existing pipeline, before its won stage.
    fn add_open_stages(&mut self, pipeline: &str, names: &[String]) -> Result<()>;
    /// Inserts the deal, or replaces the fields and whole history of the deal it matches.
    fn upsert(
        &mut self,
        historic: &HistoricDeal,
        kept: Option<&KeptStamps>,
        at: DateTime<Utc>,
    ) -> Result<Upserted>;
    /// Adds a note unless the deal already has one with the same text.
    fn note_once(&mut self, deal: DealId, body: &str, at: DateTime<Utc>) -> Result<()>;
    /// Links a lead to the deal it was converted into (a dealdeck export's `from_lead`),
    /// replacing any link either had.
    fn link_conversion(&mut self, lead: DealId, deal: DealId) -> Result<()>;
    /// Writes an activity, a note, a checklist task of a dealdeck export under its id (or
    /// key), so a re-import updates rather than duplicates.
    fn upsert_activity(&mut self, activity: &Activity) -> Result<Written>;
    fn upsert_note(&mut self, note: &NoteRow) -> Result<Written>;
    fn upsert_checklist_item(&mut self, item: &ChecklistRow) -> Result<Written>;
    /// Plans a follow-up unless the deal already has one due then; true when one was added.
    fn planned_activity_once(
        &mut self,
        deal: DealId,
        due: Due,
        note: &str,
        at: DateTime<Utc>,
    ) -> Result<bool>;
    /// Stores a rate unless one exists for the pair and day; true when one was added.
    fn exchange_rate_once(
        &mut self,
        base: Currency,
        currency: Currency,
        valid_from: NaiveDate,
        rate: Decimal,
    ) -> Result<bool>;
    /// Makes the whole import visible at once.
    fn commit(self: Box<Self>) -> Result<()>;
}

/// Carries a caller's own error out through a stream that only knows [`StoreError`].
struct Stop<E> {
    caught: Option<E>,
}

impl<E: From<StoreError>> Stop<E> {
    fn new() -> Stop<E> {
        Stop { caught: None }
    }

    /// The caller's result, turned into the stream's: its error is kept aside.
    fn pass(&mut self, outcome: std::result::Result<(), E>) -> Result<()> {
        outcome.map_err(|error| {
            self.caught = Some(error);
            StoreError::Stopped
        })
    }

    /// The caller's error when it stopped the stream, else the stream's own.
    fn finish(self, streamed: Result<()>) -> std::result::Result<(), E> {
        match (self.caught, streamed) {
            (Some(error), _) => Err(error),
            (None, outcome) => outcome.map_err(E::from),
        }
    }
}

impl dyn Repository + '_ {
    /// Runs `read` inside one read snapshot, so every read it makes sees the same state even
    /// while others write. Nested calls share the outer snapshot.
    pub fn at_one_snapshot<T, E: From<StoreError>>(
        &self,
        read: impl FnOnce(&dyn Repository) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let mut read = Some(read);
        let mut value = None;
        let mut stop = Stop::new();
        let streamed = self.snapshot(&mut |store| match read.take() {
            Some(read) => {
                let outcome = read(store).map(|v| value = Some(v));
                stop.pass(outcome)
            }
            None => Ok(()),
        });
        stop.finish(streamed)?;
        value.ok_or_else(|| E::from(StoreError::invalid("a snapshot read did not run")))
    }

    /// Calls `each` with every deal `filter` selects, in id order, at one snapshot.
    pub fn for_each_deal<E: From<StoreError>>(
        &self,
        filter: &DealFilter,
        mut each: impl FnMut(Deal) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stop = Stop::new();
        let streamed = self.each_deal(filter, &mut |deal| stop.pass(each(deal)));
        stop.finish(streamed)
    }

    /// As [`Self::for_each_deal`], with each deal's stage history and export stamps.
    pub fn for_each_deal_with_history<E: From<StoreError>>(
        &self,
        filter: &DealFilter,
        mut each: impl FnMut(&Deal, &[StageVisit], &ExportStamps) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stop = Stop::new();
        let streamed = self.each_deal_with_history(filter, &mut |deal, visits, stamps| {
            stop.pass(each(deal, visits, stamps))
        });
        stop.finish(streamed)
    }

    /// Every activity with its deal's title, by id.
    pub fn for_each_activity<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(&Activity, &str) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stop = Stop::new();
        let streamed = self.each_activity(&mut |a, title| stop.pass(each(a, title)));
        stop.finish(streamed)
    }

    /// Every note, by id.
    pub fn for_each_note<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(&NoteRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stop = Stop::new();
        let streamed = self.each_note(&mut |n| stop.pass(each(n)));
        stop.finish(streamed)
    }

    /// Every stored checklist item, by deal, stage and position.
    pub fn for_each_checklist_item<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(&ChecklistRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stop = Stop::new();
        let streamed = self.each_checklist_item(&mut |c| stop.pass(each(c)));
        stop.finish(streamed)
    }

    /// Every deal of `pipeline` as the metrics read it, one at a time.
    pub fn for_each_deal_history<E: From<StoreError>>(
        &self,
        pipeline: PipelineId,
        mut each: impl FnMut(&DealHistory) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stop = Stop::new();
        let streamed = self.each_deal_history(pipeline, &mut |deal| stop.pass(each(deal)));
        stop.finish(streamed)
    }
}
