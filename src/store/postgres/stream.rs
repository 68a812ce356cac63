//! Streaming reads on the server: one REPEATABLE READ READ ONLY transaction per snapshot,
//! and server-side cursors fetched in batches, so a reader holds one batch of rows at any
//! workspace size and may call the store between rows (the connection is free between
//! fetches).

use std::collections::VecDeque;

use postgres::Row;

use crate::domain::{
    Activity, Currency, Deal, DealHistory, DealId, OwnerNames, PipelineId, StageVisit, Stay,
    ThinText, Timestamp,
};

use super::super::deals::DealFilter;
use super::super::error::Result;
use super::super::import::ExportStamps;
use super::super::repository::{DealWithHistory, Repository};
use super::super::{ChecklistRow, NoteRow};
use super::PgStore;
use super::rows::{
    ACTIVITY_COLUMNS, DEAL_COLUMNS, DEAL_FROM, VISIT_COLUMNS, activity_from_row, currency,
    deal_from_row, moment, optional_moment, percent, visit_from_row,
};

/// Rows fetched from a cursor at a time: each fetch is a round trip, so a 100 000-deal
/// report's ~540 000 rows take ~110 of them (500 at a time took ~1 100 and most of the
/// report's time), for a few MB held.
const BATCH: usize = 5_000;

/// A server-side cursor read a batch at a time.
struct Cursor {
    name: String,
    rows: VecDeque<Row>,
    done: bool,
}

impl Cursor {
    /// `sql` must hold no parameters: callers inline only integers and fixed words.
    fn open(store: &PgStore, sql: &str) -> Result<Cursor> {
        let serial = store.cursors.get() + 1;
        store.cursors.set(serial);
        let name = format!("dealdeck_cursor_{serial}");
        store
            .reader()?
            .batch_execute(&format!("DECLARE {name} NO SCROLL CURSOR FOR {sql}"))?;
        Ok(Cursor {
            name,
            rows: VecDeque::new(),
            done: false,
        })
    }

    fn next(&mut self, store: &PgStore) -> Result<Option<Row>> {
        if self.rows.is_empty() && !self.done {
            let fetched = store
                .reader()?
                .query(&format!("FETCH {BATCH} FROM {}", self.name), &[])?;
            self.done = fetched.len() < BATCH;
            self.rows.extend(fetched);
        }
        Ok(self.rows.pop_front())
    }

    fn close(self, store: &PgStore) -> Result<()> {
        store
            .reader()?
            .batch_execute(&format!("CLOSE {}", self.name))?;
        Ok(())
    }
}

impl DealFilter {
    /// The `WHERE` clause over `deal d JOIN stage s`, its values inlined (ids, a kind, and
    /// the owner as a quoted literal); `icu` as the board's owner filter has it.
    fn inline_clause(&self, icu: bool) -> String {
        let mut sql = String::from("WHERE true");
        if let Some(pipeline) = self.pipeline {
            sql.push_str(&format!(" AND d.pipeline_id = {}", pipeline.0));
        }
        if let Some(stage) = self.stage {
            sql.push_str(&format!(" AND d.stage_id = {}", stage.0));
        }
        if let Some(status) = self.status {
            sql.push_str(&format!(" AND s.kind = '{}'", status.as_str()));
        }
        if !self.include_archived {
            sql.push_str(" AND d.archived_at IS NULL");
        }
        if let Some(owner) = &self.owner {
            // Standard-conforming strings (the default since 9.1): only `'` needs doubling.
            let key = super::board::owner_key(Some(owner)).replace('\'', "''");
            let mine = super::board::owned_by(1, icu).replace("$1", &format!("'{key}'"));
            sql.push_str(&format!(" AND {mine}"));
        }
        sql
    }
}

impl PgStore {
    /// Runs `read` inside one REPEATABLE READ snapshot; nested calls share the outer one.
    pub fn in_snapshot(&self, read: &mut dyn FnMut(&PgStore) -> Result<()>) -> Result<()> {
        if self.in_snapshot.get() {
            return read(self);
        }
        self.reader()?
            .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
        self.in_snapshot.set(true);
        let outcome = read(self);
        self.in_snapshot.set(false);
        // Nothing was written: either ending releases the snapshot.
        let ended = self.reader()?.batch_execute(if outcome.is_ok() {
            "COMMIT"
        } else {
            "ROLLBACK"
        });
        outcome?;
        ended?;
        Ok(())
    }

    pub fn snapshot_for(&self, read: &mut dyn FnMut(&dyn Repository) -> Result<()>) -> Result<()> {
        self.in_snapshot(&mut |store| read(store))
    }

    pub fn each_deal(
        &self,
        filter: &DealFilter,
        each: &mut dyn FnMut(Deal) -> Result<()>,
    ) -> Result<()> {
        self.in_snapshot(&mut |store| {
            let mut deals = Cursor::open(
                store,
                &format!(
                    "SELECT {DEAL_COLUMNS} {DEAL_FROM} {} ORDER BY d.id",
                    filter.inline_clause(filter.owner.is_some() && store.icu_lower()?)
                ),
            )?;
            while let Some(row) = deals.next(store)? {
                each(deal_from_row(&row)?)?;
            }
            deals.close(store)
        })
    }

    /// Deals and visits as two ordered cursors merged as they go, as SQLite's stream does.
    pub fn each_deal_with_history(
        &self,
        filter: &DealFilter,
        each: &mut DealWithHistory<'_>,
    ) -> Result<()> {
        self.in_snapshot(&mut |store| {
            let mut deals = Cursor::open(
                store,
                &format!(
                    "SELECT {DEAL_COLUMNS}, d.source_system, d.source_id {DEAL_FROM} {} ORDER BY d.id",
                    filter.inline_clause(filter.owner.is_some() && store.icu_lower()?)
                ),
            )?;
            let mut visit_rows = Cursor::open(
                store,
                &format!("SELECT {VISIT_COLUMNS} FROM stage_visit ORDER BY deal_id, entered_at, id"),
            )?;
            let mut next_visit = next_visit(&mut visit_rows, store)?;
            let mut visits: Vec<StageVisit> = Vec::new();
            while let Some(row) = deals.next(store)? {
                let deal = deal_from_row(&row)?;
                let system: Option<String> = row.try_get(28)?;
                let record: Option<String> = row.try_get(29)?;
                let stamps = ExportStamps {
                    source_ref: system.zip(record),
                    last_activity_at: deal.last_activity_at,
                };
                visits.clear();
                while let Some(visit) = next_visit.take() {
                    if visit.deal_id > deal.id {
                        next_visit = Some(visit);
                        break;
                    }
                    if visit.deal_id == deal.id {
                        visits.push(visit);
                    }
                    next_visit = self::next_visit(&mut visit_rows, store)?;
                }
                each(&deal, &visits, &stamps)?;
            }
            deals.close(store)?;
            visit_rows.close(store)
        })
    }

    /// Every deal of the pipeline (archived ones too) with its stays, as the metrics read it.
    pub fn each_deal_history(
        &self,
        pipeline: PipelineId,
        each: &mut dyn FnMut(&DealHistory) -> Result<()>,
    ) -> Result<()> {
        self.in_snapshot(&mut |store| {
            let base = pipeline_currency(store, pipeline)?;
            let mut deals = Cursor::open(
                store,
                &format!(
                    "SELECT id, title, amount_minor, currency, probability_override,
                            expected_close_date, created_at, lost_reason, owner
                     FROM deal WHERE pipeline_id = {} ORDER BY id",
                    pipeline.0
                ),
            )?;
            let mut stays = Cursor::open(
                store,
                "SELECT v.deal_id, v.id, v.stage_id, v.entered_at, v.exited_at, v.reason
                 FROM stage_visit v ORDER BY v.deal_id, v.entered_at, v.id",
            )?;
            let mut next_stay = next_stay(&mut stays, store)?;
            let mut owners = OwnerNames::default();
            while let Some(row) = deals.next(store)? {
                let mut deal = history_from_row(&row, base, &mut owners)?;
                while let Some((deal_id, stay)) = next_stay.take() {
                    if deal_id > deal.id.0 {
                        next_stay = Some((deal_id, stay));
                        break;
                    }
                    if deal_id == deal.id.0 {
                        deal.visits.push(stay);
                    }
                    next_stay = self::next_stay(&mut stays, store)?;
                }
                deal.visits.shrink_to_fit();
                each(&deal)?;
            }
            deals.close(store)?;
            stays.close(store)
        })
    }

    /// As SQLite's: the whole pipeline's rows, collected at one snapshot.
    pub fn deal_histories(&self, pipeline: PipelineId) -> Result<Vec<DealHistory>> {
        let mut all = Vec::new();
        self.each_deal_history(pipeline, &mut |deal| {
            all.push(deal.clone());
            Ok(())
        })?;
        Ok(all)
    }

    /// As SQLite's: one deal's row read again; `None` when gone or in another pipeline.
    pub fn deal_history(&self, pipeline: PipelineId, deal: DealId) -> Result<Option<DealHistory>> {
        let mut found = None;
        self.in_snapshot(&mut |store| {
            let base = pipeline_currency(store, pipeline)?;
            let mut client = store.reader()?;
            let Some(row) = client.query_opt(
                "SELECT id, title, amount_minor, currency, probability_override,
                        expected_close_date, created_at, lost_reason, owner
                 FROM deal WHERE id = $1 AND pipeline_id = $2",
                &[&deal.0, &pipeline.0],
            )?
            else {
                return Ok(());
            };
            let mut history = history_from_row(&row, base, &mut OwnerNames::default())?;
            for row in client.query(
                "SELECT v.deal_id, v.id, v.stage_id, v.entered_at, v.exited_at, v.reason
                 FROM stage_visit v WHERE v.deal_id = $1 ORDER BY v.entered_at, v.id",
                &[&deal.0],
            )? {
                history.visits.push(stay_from_row(&row)?.1);
            }
            history.visits.shrink_to_fit();
            found = Some(history);
            Ok(())
        })?;
        Ok(found)
    }
}

impl PgStore {
    /// As SQLite's: every activity by id with its deal's title.
    pub fn each_activity(&self, each: &mut dyn FnMut(&Activity, &str) -> Result<()>) -> Result<()> {
        self.in_snapshot(&mut |store| {
            let mut rows = Cursor::open(
                store,
                &format!(
                    "SELECT {ACTIVITY_COLUMNS}, d.title FROM activity a
                     JOIN deal d ON d.id = a.deal_id ORDER BY a.id"
                ),
            )?;
            while let Some(row) = rows.next(store)? {
                let title: String = row.try_get(11)?;
                each(&activity_from_row(&row)?, &title)?;
            }
            rows.close(store)
        })
    }

    /// As SQLite's: every note by id, with its stage's name.
    pub fn each_note(&self, each: &mut dyn FnMut(&NoteRow) -> Result<()>) -> Result<()> {
        self.in_snapshot(&mut |store| {
            let mut rows = Cursor::open(
                store,
                "SELECT n.id, n.deal_id, s.name, n.body, n.created_at, n.by_user
                 FROM note n JOIN stage s ON s.id = n.stage_id ORDER BY n.id",
            )?;
            while let Some(row) = rows.next(store)? {
                each(&NoteRow {
                    id: row.try_get(0)?,
                    deal_id: DealId(row.try_get(1)?),
                    stage: row.try_get(2)?,
                    body: row.try_get(3)?,
                    created_at: moment(row.try_get(4)?)?,
                    by: row.try_get(5)?,
                })?;
            }
            rows.close(store)
        })
    }

    /// As SQLite's: every stored checklist item, by deal, stage and position.
    pub fn each_checklist_item(
        &self,
        each: &mut dyn FnMut(&ChecklistRow) -> Result<()>,
    ) -> Result<()> {
        self.in_snapshot(&mut |store| {
            let mut rows = Cursor::open(
                store,
                "SELECT c.deal_id, s.name, c.task, c.position, c.done_at
                 FROM checklist_item c JOIN stage s ON s.id = c.stage_id
                 ORDER BY c.deal_id, c.stage_id, c.position, c.task",
            )?;
            while let Some(row) = rows.next(store)? {
                each(&ChecklistRow {
                    deal_id: DealId(row.try_get(0)?),
                    stage: row.try_get(1)?,
                    task: row.try_get(2)?,
                    position: row.try_get(3)?,
                    done_at: optional_moment(row.try_get(4)?)?,
                })?;
            }
            rows.close(store)
        })
    }
}

/// The pipeline's currency, which the rows' titles are left out for.
fn pipeline_currency(store: &PgStore, pipeline: PipelineId) -> Result<Option<Currency>> {
    let row = store.reader()?.query_opt(
        "SELECT currency FROM pipeline WHERE id = $1",
        &[&pipeline.0],
    )?;
    row.map(|row| currency(row.try_get(0)?)).transpose()
}

fn next_visit(rows: &mut Cursor, store: &PgStore) -> Result<Option<StageVisit>> {
    rows.next(store)?
        .map(|row| visit_from_row(&row))
        .transpose()
}

fn next_stay(rows: &mut Cursor, store: &PgStore) -> Result<Option<(i64, Stay)>> {
    rows.next(store)?.map(|row| stay_from_row(&row)).transpose()
}

fn stay_from_row(row: &Row) -> Result<(i64, Stay)> {
    let exited: Option<i64> = row.try_get(4)?;
    let reason: Option<String> = row.try_get(5)?;
    Ok((
        row.try_get(0)?,
        Stay::new(
            crate::domain::StageId(row.try_get(2)?),
            timestamp(row.try_get(3)?)?,
            exited.map(timestamp).transpose()?,
            reason.as_deref(),
        ),
    ))
}

/// A moment of the metrics, refused (as on SQLite) when no calendar can hold it.
fn timestamp(seconds: i64) -> Result<Timestamp> {
    super::rows::moment(seconds)?;
    Ok(Timestamp(seconds))
}

fn history_from_row(
    row: &Row,
    base: Option<Currency>,
    owners: &mut OwnerNames,
) -> Result<DealHistory> {
    let currency = currency(row.try_get(3)?)?;
    let lost_reason: Option<String> = row.try_get(7)?;
    let owner: Option<String> = row.try_get(8)?;
    let title: String = row.try_get(1)?;
    Ok(DealHistory {
        id: DealId(row.try_get(0)?),
        // As SQLite's: only a deal in another currency than its pipeline's keeps its title.
        title: match base {
            Some(base) if base == currency => None,
            _ => Some(ThinText::new(&title)),
        },
        amount: currency.from_minor(row.try_get(2)?),
        currency,
        probability_override: percent(row.try_get(4)?)?,
        expected_close_date: row.try_get(5)?,
        created_at: timestamp(row.try_get(6)?)?,
        lost_reason: lost_reason.as_deref().map(ThinText::new),
        owner: owners.name(owner.as_deref()),
        visits: Vec::new(),
    })
}
