//! SQLite's side of the repository boundary: [`Repository`] on the file-backed [`Store`],
//! each method the store's own (one transaction per call).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::domain::DealHistory;
use crate::domain::{
    Activity, ActivityId, AgendaWindow, Currency, Deal, DealId, DealPatch, Due, NewDeal, Note,
    Pipeline, PipelineDef, PipelineId, StageId, StageVisit,
};
use crate::metrics::{ExchangeRate, ExchangeRates};

use super::error::Result;
use super::repository::{DealWithHistory, ImportSession, Location, Repository};
use super::safe_file::FileInUse;
use super::{
    ActivityEdit, ActivityFilter, ActivityPatch, Agenda, AgendaItem, ApplyReport, BoardCard,
    BoardRead, CardFilter, Checklist, ConversionRecord, Converted, DealFilter, DoneRecord,
    HistoricDeal, Importer, KeptStamps, MoveRecord, NewActivity, PageAsk, QuietDeal, Store,
    Upserted,
};
use super::{CheckReport, TableLoad, TableShape, TableSink, WorkspaceSchema};
use super::{ChecklistRow, NoteRow, Written};

impl From<Store> for Box<dyn Repository> {
    fn from(store: Store) -> Box<dyn Repository> {
        Box::new(store)
    }
}

impl Repository for Store {
    fn location(&self) -> Location<'_> {
        Location::File(self.path())
    }

    fn change_counter(&self) -> Result<i64> {
        self.data_version()
    }

    fn check_reachable(&self) -> Result<()> {
        self.check_still_at_path()
    }

    fn prepare_for_board(&mut self) -> Result<()> {
        self.tune_for_board()?;
        super::checkpoint::checkpoint_in_background(&mut self.conn, &self.path);
        Ok(())
    }

    fn sync_behind(&mut self, on_synced: super::sync_behind::OnSynced) -> bool {
        self.start_syncing_behind(on_synced)
    }

    fn ask_sync(&mut self) -> Option<u64> {
        self.syncer.as_mut().map(super::sync_behind::Syncer::ask)
    }

    fn open_reader(&self) -> Result<Box<dyn Repository>> {
        // Read-only, creating nothing: a file moved away meanwhile is an error for the
        // reader, not a new empty database.
        let reader = Store::open_with(self.path(), super::Access::Read)?;
        // A reader's writes are refused, as the server's read-only transactions refuse them.
        reader
            .conn
            .pragma_update(None, "query_only", true)
            .map_err(super::StoreError::Sqlite)?;
        Ok(Box::new(reader))
    }

    fn change_feed(&self) -> Result<Option<Box<dyn super::ChangeFeed>>> {
        Ok(None)
    }

    fn reconnect(&mut self) -> Result<()> {
        Ok(())
    }

    fn act_as(&mut self, user: &str) {
        Store::act_as(self, user);
    }

    fn user(&self) -> &str {
        Store::user(self)
    }

    fn snapshot(&self, read: &mut dyn FnMut(&dyn Repository) -> Result<()>) -> Result<()> {
        Store::at_one_snapshot(self, |store| read(store))
    }

    fn each_deal(
        &self,
        filter: &DealFilter,
        each: &mut dyn FnMut(Deal) -> Result<()>,
    ) -> Result<()> {
        Store::for_each_deal(self, filter, each)
    }

    fn each_deal_with_history(
        &self,
        filter: &DealFilter,
        each: &mut DealWithHistory<'_>,
    ) -> Result<()> {
        Store::for_each_deal_with_history(self, filter, each)
    }

    fn each_deal_history(
        &self,
        pipeline: PipelineId,
        each: &mut dyn FnMut(&DealHistory) -> Result<()>,
    ) -> Result<()> {
        Store::for_each_deal_history(self, pipeline, each)
    }

    fn importer(&mut self) -> Result<Box<dyn ImportSession + '_>> {
        Ok(Box::new(Store::importer(self)?))
    }

    fn files_in_use(&self) -> Vec<FileInUse> {
        Store::files_in_use(self)
    }

    fn workspace_schema(&self) -> Result<WorkspaceSchema> {
        Store::workspace_schema(self)
    }

    fn copy_tables(&self, plan: &[TableShape], sink: &mut dyn TableSink) -> Result<()> {
        Store::copy_tables(self, plan, sink)
    }

    fn table_loader(&mut self) -> Result<Box<dyn TableLoad + '_>> {
        Ok(Box::new(Store::table_loader(self)?))
    }

    fn check_workspace(&self, full: bool) -> Result<CheckReport> {
        Store::check(self, full)
    }

    fn pipelines(&self) -> Result<Vec<Pipeline>> {
        Store::pipelines(self)
    }

    fn pipeline(&self, id: PipelineId) -> Result<Pipeline> {
        Store::pipeline(self, id)
    }

    fn pipeline_named(&self, name: Option<&str>) -> Result<Pipeline> {
        Store::pipeline_named(self, name)
    }

    fn default_pipeline_id(&self) -> Result<Option<PipelineId>> {
        Store::default_pipeline_id(self)
    }

    fn apply_pipeline(&mut self, def: &PipelineDef) -> Result<ApplyReport> {
        Store::apply_pipeline(self, def)
    }

    fn apply_pipelines(&mut self, defs: &[PipelineDef], dry_run: bool) -> Result<Vec<ApplyReport>> {
        Store::apply_pipelines(self, defs, dry_run)
    }

    fn lost_reasons(&self) -> Result<Vec<String>> {
        Store::lost_reasons(self)
    }

    fn add_deal(&mut self, new: &NewDeal, at: DateTime<Utc>) -> Result<Deal> {
        Store::add_deal(self, new, at)
    }

    fn deal(&self, id: DealId) -> Result<Deal> {
        Store::deal(self, id)
    }

    fn deals(&self, filter: &DealFilter) -> Result<Vec<Deal>> {
        Store::deals(self, filter)
    }

    fn deals_by_id(&self, ids: &[DealId]) -> Result<Vec<Deal>> {
        Store::deals_by_id(self, ids)
    }

    fn history(&self, id: DealId) -> Result<Vec<StageVisit>> {
        Store::history(self, id)
    }

    fn move_deal(
        &mut self,
        id: DealId,
        to: StageId,
        reason: Option<&str>,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<MoveRecord> {
        Store::move_deal(self, id, to, reason, expected_version, at)
    }

    fn undo_move(&mut self, record: &MoveRecord) -> Result<Deal> {
        Store::undo_move(self, record)
    }

    fn convert_lead(
        &mut self,
        lead: DealId,
        target: Option<PipelineId>,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<Converted> {
        Store::convert_lead(self, lead, target, expected_version, at)
    }

    fn undo_conversion(&mut self, record: &ConversionRecord) -> Result<Deal> {
        Store::undo_conversion(self, record)
    }

    fn edit_deal(
        &mut self,
        id: DealId,
        expected_version: Option<i64>,
        patch: &DealPatch,
        at: DateTime<Utc>,
    ) -> Result<Deal> {
        Store::edit_deal(self, id, expected_version, patch, at)
    }

    fn archive_deal(
        &mut self,
        id: DealId,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<Deal> {
        Store::archive_deal(self, id, expected_version, at)
    }

    fn unarchive_deal(
        &mut self,
        id: DealId,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<Deal> {
        Store::unarchive_deal(self, id, expected_version, at)
    }

    fn add_note(&mut self, id: DealId, body: &str, at: DateTime<Utc>) -> Result<Note> {
        Store::add_note(self, id, body, at)
    }

    fn notes(&self, id: DealId) -> Result<Vec<Note>> {
        Store::notes(self, id)
    }

    fn board_read(
        &self,
        pipeline: &Pipeline,
        closed_since: DateTime<Utc>,
        now: DateTime<Utc>,
        asks: &[PageAsk],
        filter: CardFilter<'_>,
        with_sums: bool,
    ) -> Result<BoardRead> {
        Store::board_read(self, pipeline, closed_since, now, asks, filter, with_sums)
    }

    fn board_card(&self, id: DealId, closed_since: DateTime<Utc>) -> Result<Option<BoardCard>> {
        Store::board_card(self, id, closed_since)
    }

    fn deals_with_overdue_activity(
        &self,
        pipeline: PipelineId,
        now: DateTime<Utc>,
    ) -> Result<HashSet<DealId>> {
        Store::deals_with_overdue_activity(self, pipeline, now)
    }

    fn add_activity(&mut self, new: &NewActivity, at: DateTime<Utc>) -> Result<Activity> {
        Store::add_activity(self, new, at)
    }

    fn log_done_activity(
        &mut self,
        new: &NewActivity,
        outcome: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<DoneRecord> {
        Store::log_done_activity(self, new, outcome, at)
    }

    fn activity(&self, id: ActivityId) -> Result<Activity> {
        Store::activity(self, id)
    }

    fn activities_of(&self, deal: DealId) -> Result<Vec<Activity>> {
        Store::activities_of(self, deal)
    }

    fn complete_activity(
        &mut self,
        id: ActivityId,
        outcome: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<DoneRecord> {
        Store::complete_activity(self, id, outcome, at)
    }

    fn undo_done(&mut self, record: &DoneRecord) -> Result<Activity> {
        Store::undo_done(self, record)
    }

    fn unlog_done(&mut self, record: &DoneRecord) -> Result<Activity> {
        Store::unlog_done(self, record)
    }

    fn relog_done(&mut self, record: &DoneRecord) -> Result<DoneRecord> {
        Store::relog_done(self, record)
    }

    fn edit_activity(&mut self, id: ActivityId, patch: &ActivityPatch) -> Result<ActivityEdit> {
        Store::edit_activity(self, id, patch)
    }

    fn delete_activity(&mut self, id: ActivityId) -> Result<Activity> {
        Store::delete_activity(self, id)
    }

    fn restore_activity(&mut self, activity: &Activity) -> Result<Activity> {
        Store::restore_activity(self, activity)
    }

    fn activities(
        &self,
        filter: &ActivityFilter,
        window: &AgendaWindow,
    ) -> Result<Vec<AgendaItem>> {
        Store::activities(self, filter, window)
    }

    fn agenda(&self, pipeline: Option<PipelineId>, window: &AgendaWindow) -> Result<Agenda> {
        Store::agenda(self, pipeline, window)
    }

    fn gone_quiet(
        &self,
        pipeline: Option<PipelineId>,
        now: DateTime<Utc>,
    ) -> Result<Vec<QuietDeal>> {
        Store::gone_quiet(self, pipeline, now)
    }

    fn next_steps(&self, pipeline: PipelineId) -> Result<HashMap<DealId, Activity>> {
        Store::next_steps(self, pipeline)
    }

    fn workspace_id(&self) -> Result<String> {
        Store::workspace_id(self)
    }

    fn checklist(&self, deal: DealId) -> Result<Checklist> {
        Store::checklist(self, deal)
    }

    fn tick_task(&mut self, deal: DealId, task: &str, at: DateTime<Utc>) -> Result<Checklist> {
        Store::tick_task(self, deal, task, at)
    }

    fn untick_task(&mut self, deal: DealId, task: &str) -> Result<Checklist> {
        Store::untick_task(self, deal, task)
    }

    fn checklist_progress(&self, pipeline: PipelineId) -> Result<HashMap<DealId, (usize, usize)>> {
        Store::checklist_progress(self, pipeline)
    }

    fn deal_histories(&self, pipeline: PipelineId) -> Result<Vec<DealHistory>> {
        Store::deal_histories(self, pipeline)
    }

    fn deal_history(&self, pipeline: PipelineId, deal: DealId) -> Result<Option<DealHistory>> {
        Store::deal_history(self, pipeline, deal)
    }

    fn exchange_rates(&self) -> Result<ExchangeRates> {
        Store::exchange_rates(self)
    }

    fn set_exchange_rate(&mut self, rate: &ExchangeRate) -> Result<()> {
        Store::set_exchange_rate(self, rate)
    }

    fn each_activity(&self, each: &mut dyn FnMut(&Activity, &str) -> Result<()>) -> Result<()> {
        Store::for_each_activity(self, |a, title| each(a, title)).map(|_| ())
    }

    fn each_note(&self, each: &mut dyn FnMut(&NoteRow) -> Result<()>) -> Result<()> {
        Store::for_each_note(self, |n| each(n)).map(|_| ())
    }

    fn each_checklist_item(&self, each: &mut dyn FnMut(&ChecklistRow) -> Result<()>) -> Result<()> {
        Store::for_each_checklist_item(self, |c| each(c)).map(|_| ())
    }
}

impl ImportSession for Importer<'_> {
    fn pipelines(&self) -> &[Pipeline] {
        Importer::pipelines(self)
    }

    fn create_pipeline(&mut self, def: &PipelineDef) -> Result<()> {
        Importer::create_pipeline(self, def)
    }

    fn add_open_stages(&mut self, pipeline: &str, names: &[String]) -> Result<()> {
        Importer::add_open_stages(self, pipeline, names)
    }

    fn upsert(
        &mut self,
        historic: &HistoricDeal,
        kept: Option<&KeptStamps>,
        at: DateTime<Utc>,
    ) -> Result<Upserted> {
        Importer::upsert(self, historic, kept, at)
    }

    fn note_once(&mut self, deal: DealId, body: &str, at: DateTime<Utc>) -> Result<()> {
        Importer::note_once(self, deal, body, at)
    }

    fn link_conversion(&mut self, lead: DealId, deal: DealId) -> Result<()> {
        Importer::link_conversion(self, lead, deal)
    }

    fn upsert_activity(&mut self, activity: &Activity) -> Result<Written> {
        Importer::upsert_activity(self, activity)
    }

    fn upsert_note(&mut self, note: &NoteRow) -> Result<Written> {
        Importer::upsert_note(self, note)
    }

    fn upsert_checklist_item(&mut self, item: &ChecklistRow) -> Result<Written> {
        Importer::upsert_checklist_item(self, item)
    }

    fn planned_activity_once(
        &mut self,
        deal: DealId,
        due: Due,
        note: &str,
        at: DateTime<Utc>,
    ) -> Result<bool> {
        Importer::planned_activity_once(self, deal, due, note, at)
    }

    fn exchange_rate_once(
        &mut self,
        base: Currency,
        currency: Currency,
        valid_from: NaiveDate,
        rate: Decimal,
    ) -> Result<bool> {
        Importer::exchange_rate_once(self, base, currency, valid_from, rate)
    }

    fn commit(self: Box<Self>) -> Result<()> {
        Importer::commit(*self)
    }
}
