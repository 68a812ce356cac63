//! PostgreSQL's side of the repository boundary: [`Repository`] on [`PgStore`], each
//! method one use-case (writes one transaction each, in the files named for what they do).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::domain::{
    Activity, ActivityId, AgendaWindow, Currency, Deal, DealHistory, DealId, DealPatch, Due,
    NewDeal, Note, Pipeline, PipelineDef, PipelineId, StageId, StageVisit,
};
use crate::metrics::{ExchangeRate, ExchangeRates};

use super::super::error::{Result, StoreError};
use super::super::repository::{DealWithHistory, ImportSession, Location, Repository};
use super::super::safe_file::FileInUse;
use super::super::{
    ActivityEdit, ActivityFilter, ActivityPatch, Agenda, AgendaItem, ApplyReport, BoardCard,
    BoardRead, CardFilter, Checklist, ChecklistRow, ConversionRecord, Converted, DealFilter,
    DoneRecord, HistoricDeal, KeptStamps, MoveRecord, NewActivity, NoteRow, PageAsk, QuietDeal,
    Upserted, Written,
};
use super::super::{CheckReport, TableLoad, TableShape, TableSink, WorkspaceSchema};
use super::{PgImport, PgStore, pipelines};

impl From<PgStore> for Box<dyn Repository> {
    fn from(store: PgStore) -> Box<dyn Repository> {
        Box::new(store)
    }
}

impl Repository for PgStore {
    fn location(&self) -> Location<'_> {
        Location::Server(self.redacted())
    }

    fn change_counter(&self) -> Result<i64> {
        self.others_changes()
    }

    fn check_reachable(&self) -> Result<()> {
        self.changes().map(|_| ())
    }

    fn prepare_for_board(&mut self) -> Result<()> {
        Ok(())
    }

    fn open_reader(&self) -> Result<Box<dyn Repository>> {
        Ok(Box::new(self.open_reader_store()?))
    }

    fn change_feed(&self) -> Result<Option<Box<dyn crate::store::ChangeFeed>>> {
        Ok(Some(Box::new(self.feed())))
    }

    fn reconnect(&mut self) -> Result<()> {
        self.reconnect_client()
    }

    fn act_as(&mut self, user: &str) {
        PgStore::act_as(self, user);
    }

    fn user(&self) -> &str {
        PgStore::user(self)
    }

    fn snapshot(&self, read: &mut dyn FnMut(&dyn Repository) -> Result<()>) -> Result<()> {
        PgStore::snapshot_for(self, read)
    }

    fn each_deal(
        &self,
        filter: &DealFilter,
        each: &mut dyn FnMut(Deal) -> Result<()>,
    ) -> Result<()> {
        PgStore::each_deal(self, filter, each)
    }

    fn each_deal_with_history(
        &self,
        filter: &DealFilter,
        each: &mut DealWithHistory<'_>,
    ) -> Result<()> {
        PgStore::each_deal_with_history(self, filter, each)
    }

    fn each_deal_history(
        &self,
        pipeline: PipelineId,
        each: &mut dyn FnMut(&DealHistory) -> Result<()>,
    ) -> Result<()> {
        PgStore::each_deal_history(self, pipeline, each)
    }

    fn each_activity(&self, each: &mut dyn FnMut(&Activity, &str) -> Result<()>) -> Result<()> {
        PgStore::each_activity(self, each)
    }

    fn each_note(&self, each: &mut dyn FnMut(&NoteRow) -> Result<()>) -> Result<()> {
        PgStore::each_note(self, each)
    }

    fn each_checklist_item(&self, each: &mut dyn FnMut(&ChecklistRow) -> Result<()>) -> Result<()> {
        PgStore::each_checklist_item(self, each)
    }

    fn importer(&mut self) -> Result<Box<dyn ImportSession + '_>> {
        Ok(Box::new(PgStore::importer(self)?))
    }

    fn files_in_use(&self) -> Vec<FileInUse> {
        Vec::new()
    }

    fn workspace_schema(&self) -> Result<WorkspaceSchema> {
        PgStore::workspace_schema(self)
    }

    fn copy_tables(&self, plan: &[TableShape], sink: &mut dyn TableSink) -> Result<()> {
        PgStore::copy_tables(self, plan, sink)
    }

    fn table_loader(&mut self) -> Result<Box<dyn TableLoad + '_>> {
        Ok(Box::new(PgStore::table_loader(self)?))
    }

    fn check_workspace(&self, _full: bool) -> Result<CheckReport> {
        PgStore::check(self)
    }

    fn pipelines(&self) -> Result<Vec<Pipeline>> {
        pipelines::load_pipelines(&mut *self.reader()?)
    }

    fn pipeline(&self, id: PipelineId) -> Result<Pipeline> {
        pipelines::load_pipeline(&mut *self.reader()?, id)
    }

    fn pipeline_named(&self, name: Option<&str>) -> Result<Pipeline> {
        let mut client = self.reader()?;
        let all = pipelines::load_pipelines(&mut *client)?;
        let default = pipelines::default_pipeline_id(&mut *client)?;
        super::super::rules::pipeline_named(all, name, default)
    }

    fn default_pipeline_id(&self) -> Result<Option<PipelineId>> {
        pipelines::default_pipeline_id(&mut *self.reader()?)
    }

    fn apply_pipeline(&mut self, def: &PipelineDef) -> Result<ApplyReport> {
        def.validate().map_err(StoreError::rule)?;
        self.write(|tx| pipelines::apply_in(tx, def, Utc::now()))
    }

    fn apply_pipelines(&mut self, defs: &[PipelineDef], dry_run: bool) -> Result<Vec<ApplyReport>> {
        for def in defs {
            def.validate().map_err(StoreError::rule)?;
        }
        let apply_all = |tx: &mut postgres::Transaction<'_>| {
            defs.iter()
                .map(|def| pipelines::apply_in(tx, def, Utc::now()))
                .collect::<Result<Vec<_>>>()
        };
        if dry_run {
            // Not the write turn: a rehearsal that is rolled back changes nothing to signal.
            let mut tx = self.client.get_mut().transaction()?;
            let reports = apply_all(&mut tx)?;
            tx.rollback()?;
            return Ok(reports);
        }
        self.write(apply_all)
    }

    fn lost_reasons(&self) -> Result<Vec<String>> {
        pipelines::lost_reasons(&mut *self.reader()?)
    }

    fn add_deal(&mut self, new: &NewDeal, at: DateTime<Utc>) -> Result<Deal> {
        PgStore::add_deal(self, new, at)
    }

    fn deal(&self, id: DealId) -> Result<Deal> {
        PgStore::deal(self, id)
    }

    fn deals(&self, filter: &DealFilter) -> Result<Vec<Deal>> {
        let mut deals = Vec::new();
        PgStore::each_deal(self, filter, &mut |deal| {
            deals.push(deal);
            Ok(())
        })?;
        Ok(deals)
    }

    fn deals_by_id(&self, ids: &[DealId]) -> Result<Vec<Deal>> {
        PgStore::deals_by_id(self, ids)
    }

    fn history(&self, id: DealId) -> Result<Vec<StageVisit>> {
        PgStore::history(self, id)
    }

    fn move_deal(
        &mut self,
        id: DealId,
        to: StageId,
        reason: Option<&str>,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<MoveRecord> {
        PgStore::move_deal(self, id, to, reason, expected_version, at)
    }

    fn undo_move(&mut self, record: &MoveRecord) -> Result<Deal> {
        PgStore::undo_move(self, record)
    }

    fn convert_lead(
        &mut self,
        lead: DealId,
        target: Option<PipelineId>,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<Converted> {
        PgStore::convert_lead(self, lead, target, expected_version, at)
    }

    fn undo_conversion(&mut self, record: &ConversionRecord) -> Result<Deal> {
        PgStore::undo_conversion(self, record)
    }

    fn edit_deal(
        &mut self,
        id: DealId,
        expected_version: Option<i64>,
        patch: &DealPatch,
        at: DateTime<Utc>,
    ) -> Result<Deal> {
        PgStore::edit_deal(self, id, expected_version, patch, at)
    }

    fn archive_deal(
        &mut self,
        id: DealId,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<Deal> {
        PgStore::set_archived(self, id, expected_version, Some(at), at)
    }

    fn unarchive_deal(
        &mut self,
        id: DealId,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<Deal> {
        PgStore::set_archived(self, id, expected_version, None, at)
    }

    fn add_note(&mut self, id: DealId, body: &str, at: DateTime<Utc>) -> Result<Note> {
        PgStore::add_note(self, id, body, at)
    }

    fn notes(&self, id: DealId) -> Result<Vec<Note>> {
        PgStore::notes(self, id)
    }

    fn board_card(&self, id: DealId, closed_since: DateTime<Utc>) -> Result<Option<BoardCard>> {
        PgStore::board_card(self, id, closed_since)
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
        PgStore::board_read(self, pipeline, closed_since, now, asks, filter, with_sums)
    }

    fn deals_with_overdue_activity(
        &self,
        pipeline: PipelineId,
        now: DateTime<Utc>,
    ) -> Result<HashSet<DealId>> {
        PgStore::deals_with_overdue_activity(self, pipeline, now)
    }

    fn add_activity(&mut self, new: &NewActivity, at: DateTime<Utc>) -> Result<Activity> {
        PgStore::add_activity(self, new, at)
    }

    fn log_done_activity(
        &mut self,
        new: &NewActivity,
        outcome: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<DoneRecord> {
        PgStore::log_done_activity(self, new, outcome, at)
    }

    fn activity(&self, id: ActivityId) -> Result<Activity> {
        PgStore::activity(self, id)
    }

    fn activities_of(&self, deal: DealId) -> Result<Vec<Activity>> {
        PgStore::activities_of(self, deal)
    }

    fn complete_activity(
        &mut self,
        id: ActivityId,
        outcome: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<DoneRecord> {
        PgStore::complete_activity(self, id, outcome, at)
    }

    fn undo_done(&mut self, record: &DoneRecord) -> Result<Activity> {
        PgStore::undo_done(self, record)
    }

    fn unlog_done(&mut self, record: &DoneRecord) -> Result<Activity> {
        PgStore::unlog_done(self, record)
    }

    fn relog_done(&mut self, record: &DoneRecord) -> Result<DoneRecord> {
        PgStore::relog_done(self, record)
    }

    fn edit_activity(&mut self, id: ActivityId, patch: &ActivityPatch) -> Result<ActivityEdit> {
        PgStore::edit_activity(self, id, patch)
    }

    fn delete_activity(&mut self, id: ActivityId) -> Result<Activity> {
        PgStore::delete_activity(self, id)
    }

    fn restore_activity(&mut self, activity: &Activity) -> Result<Activity> {
        PgStore::restore_activity(self, activity)
    }

    fn activities(
        &self,
        filter: &ActivityFilter,
        window: &AgendaWindow,
    ) -> Result<Vec<AgendaItem>> {
        PgStore::activities(self, filter, window)
    }

    fn agenda(&self, pipeline: Option<PipelineId>, window: &AgendaWindow) -> Result<Agenda> {
        PgStore::agenda(self, pipeline, window)
    }

    fn gone_quiet(
        &self,
        pipeline: Option<PipelineId>,
        now: DateTime<Utc>,
    ) -> Result<Vec<QuietDeal>> {
        PgStore::gone_quiet(self, pipeline, now)
    }

    fn next_steps(&self, pipeline: PipelineId) -> Result<HashMap<DealId, Activity>> {
        PgStore::next_steps(self, pipeline)
    }

    fn workspace_id(&self) -> Result<String> {
        PgStore::workspace_id(self)
    }

    fn checklist(&self, deal: DealId) -> Result<Checklist> {
        PgStore::checklist(self, deal)
    }

    fn tick_task(&mut self, deal: DealId, task: &str, at: DateTime<Utc>) -> Result<Checklist> {
        PgStore::set_task(self, deal, task, Some(at))
    }

    fn untick_task(&mut self, deal: DealId, task: &str) -> Result<Checklist> {
        PgStore::set_task(self, deal, task, None)
    }

    fn checklist_progress(&self, pipeline: PipelineId) -> Result<HashMap<DealId, (usize, usize)>> {
        PgStore::checklist_progress(self, pipeline)
    }

    fn deal_histories(&self, pipeline: PipelineId) -> Result<Vec<DealHistory>> {
        PgStore::deal_histories(self, pipeline)
    }

    fn deal_history(&self, pipeline: PipelineId, deal: DealId) -> Result<Option<DealHistory>> {
        PgStore::deal_history(self, pipeline, deal)
    }

    fn exchange_rates(&self) -> Result<ExchangeRates> {
        PgStore::exchange_rates(self)
    }

    fn set_exchange_rate(&mut self, rate: &ExchangeRate) -> Result<()> {
        PgStore::set_exchange_rate(self, rate)
    }
}

impl ImportSession for PgImport<'_> {
    fn pipelines(&self) -> &[Pipeline] {
        PgImport::pipelines(self)
    }

    fn create_pipeline(&mut self, def: &PipelineDef) -> Result<()> {
        PgImport::create_pipeline(self, def)
    }

    fn add_open_stages(&mut self, pipeline: &str, names: &[String]) -> Result<()> {
        PgImport::add_open_stages(self, pipeline, names)
    }

    fn upsert(
        &mut self,
        historic: &HistoricDeal,
        kept: Option<&KeptStamps>,
        at: DateTime<Utc>,
    ) -> Result<Upserted> {
        PgImport::upsert(self, historic, kept, at)
    }

    fn note_once(&mut self, deal: DealId, body: &str, at: DateTime<Utc>) -> Result<()> {
        PgImport::note_once(self, deal, body, at)
    }

    fn link_conversion(&mut self, lead: DealId, deal: DealId) -> Result<()> {
        PgImport::link_conversion(self, lead, deal)
    }

    fn upsert_activity(&mut self, activity: &Activity) -> Result<Written> {
        PgImport::upsert_activity(self, activity)
    }

    fn upsert_note(&mut self, note: &NoteRow) -> Result<Written> {
        PgImport::upsert_note(self, note)
    }

    fn upsert_checklist_item(&mut self, item: &ChecklistRow) -> Result<Written> {
        PgImport::upsert_checklist_item(self, item)
    }

    fn planned_activity_once(
        &mut self,
        deal: DealId,
        due: Due,
        note: &str,
        at: DateTime<Utc>,
    ) -> Result<bool> {
        PgImport::planned_activity_once(self, deal, due, note, at)
    }

    fn exchange_rate_once(
        &mut self,
        base: Currency,
        currency: Currency,
        valid_from: NaiveDate,
        rate: Decimal,
    ) -> Result<bool> {
        PgImport::exchange_rate_once(self, base, currency, valid_from, rate)
    }

    fn commit(self: Box<Self>) -> Result<()> {
        PgImport::commit(*self)
    }
}
