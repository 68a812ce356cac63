//! Streaming reads on the server: one REPEATABLE READ READ ONLY transaction per snapshot,
//! and server-side cursors fetched in batches, so a reader holds one batch of rows at any
//! workspace size and may call the store between rows (the connection is free between
//! fetches).

use std::collections::VecDeque;

use postgres::Row;

use crate::domain::{Deal, PipelineId, StageVisit};
use crate::metrics::{DealHistory, Stay, Timestamp};

use super::super::deals::DealFilter;
use super::super::error::Result;
use super::super::import::ExportStamps;
use super::super::repository::{DealWithHistory, Repository};
use super::PgStore;
use super::rows::{
    DEAL_COLUMNS, DEAL_FROM, VISIT_COLUMNS, currency, deal_from_row, percent, visit_from_row,
};

/// Rows fetched from a cursor at a time.
const BATCH: usize = 500;

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
    /// The `WHERE` clause over `deal d JOIN stage s`, its values inlined (ids and a kind).
    fn inline_clause(&self) -> String {
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
                    filter.inline_clause()
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
                    filter.inline_clause()
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
                let system: Option<String> = row.try_get(25)?;
                let record: Option<String> = row.try_get(26)?;
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
            let mut deals = Cursor::open(
                store,
                &format!(
                    "SELECT id, title, amount_minor, currency, probability_override,
                            expected_close_date, created_at, lost_reason
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
            while let Some(row) = deals.next(store)? {
                let mut deal = history_from_row(&row)?;
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
                each(&deal)?;
            }
            deals.close(store)?;
            stays.close(store)
        })
    }
}

fn next_visit(rows: &mut Cursor, store: &PgStore) -> Result<Option<StageVisit>> {
    rows.next(store)?
        .map(|row| visit_from_row(&row))
        .transpose()
}

fn next_stay(rows: &mut Cursor, store: &PgStore) -> Result<Option<(i64, Stay)>> {
    let Some(row) = rows.next(store)? else {
        return Ok(None);
    };
    let exited: Option<i64> = row.try_get(4)?;
    let reason: Option<String> = row.try_get(5)?;
    Ok(Some((
        row.try_get(0)?,
        Stay {
            id: crate::domain::VisitId(row.try_get(1)?),
            stage_id: crate::domain::StageId(row.try_get(2)?),
            entered_at: timestamp(row.try_get(3)?)?,
            exited_at: exited.map(timestamp).transpose()?,
            reason: reason.map(String::into_boxed_str),
        },
    )))
}

/// A moment of the metrics, refused (as on SQLite) when no calendar can hold it.
fn timestamp(seconds: i64) -> Result<Timestamp> {
    super::rows::moment(seconds)?;
    Ok(Timestamp(seconds))
}

fn history_from_row(row: &Row) -> Result<DealHistory> {
    let currency = currency(row.try_get(3)?)?;
    let lost_reason: Option<String> = row.try_get(7)?;
    let title: String = row.try_get(1)?;
    Ok(DealHistory {
        id: crate::domain::DealId(row.try_get(0)?),
        title: title.into_boxed_str(),
        amount: currency.from_minor(row.try_get(2)?),
        currency,
        probability_override: percent(row.try_get(4)?)?,
        expected_close_date: row.try_get(5)?,
        created_at: timestamp(row.try_get(6)?)?,
        lost_reason: lost_reason.map(String::into_boxed_str),
        visits: Vec::new(),
    })
}
