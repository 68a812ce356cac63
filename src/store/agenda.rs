//! Reading activities across deals: the windows (overdue, today, the week), the agenda with
//! its "gone quiet" deals, and each deal's next step for the board.
//!
//! The agenda is read a page at a time: each section's first [`AGENDA_PAGE`] rows, and its
//! full count from the same index range without building rows. Query plans at 100 000 deals /
//! 300 000 activities (checked by `agenda_queries_use_indexes_and_stay_fast_at_scale` in
//! tests/activity_store.rs): the windows range over `activity_planned` (planned rows only,
//! covering due, all-day and deal) in due order and join deals by primary key — `CROSS JOIN`
//! keeps SQLite from starting at the pipeline's deals, which it otherwise prefers and which
//! costs a probe per deal; "gone quiet" ranges over `deal_live_by_stage_quiet` (unarchived
//! deals only) per open stage with a rot limit and probes `activity_open_by_deal` for
//! "nothing planned"; next steps scan `activity_open_by_deal`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::domain::{Activity, AgendaWindow, Currency, DealId, PipelineId, StageId};

use super::Store;
use super::activities::{ACTIVITY_COLUMNS, activity_from_row};
use super::error::Result;
use super::rows::{currency, moment, ts};

/// Which planned activities to list; `All` lists done ones too when a deal is given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ActivityWindow {
    #[default]
    All,
    /// Planned and past due.
    Overdue,
    /// Planned for today and not yet past due.
    Today,
    /// Planned for the next seven days after today.
    Week,
}

/// Which activities to list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ActivityFilter {
    pub deal: Option<DealId>,
    pub pipeline: Option<PipelineId>,
    pub window: ActivityWindow,
}

/// An activity with what a list shows of its deal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgendaItem {
    pub activity: Activity,
    pub deal_title: String,
    pub pipeline_id: PipelineId,
    pub stage_id: StageId,
    pub stage_name: String,
    pub amount: Decimal,
    pub currency: Currency,
    /// Planned and past due at the window's `now`.
    pub overdue: bool,
}

/// An open deal rotting with nothing planned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuietDeal {
    pub deal_id: DealId,
    pub title: String,
    pub pipeline_id: PipelineId,
    pub stage_id: StageId,
    pub stage_name: String,
    pub amount: Decimal,
    pub currency: Currency,
    pub last_activity_at: DateTime<Utc>,
    pub rot_days: u32,
}

/// How many rows of each section the agenda reads: several screens of the tallest terminal;
/// the rest is counted, and `activity list` lists it all.
pub const AGENDA_PAGE: usize = 200;

/// How many rows each section has in all (the lists hold at most [`AGENDA_PAGE`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AgendaCounts {
    pub overdue: u64,
    pub today: u64,
    pub week: u64,
    pub gone_quiet: u64,
}

/// The rep's day: each section oldest first, its first [`AGENDA_PAGE`] rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Agenda {
    pub overdue: Vec<AgendaItem>,
    pub today: Vec<AgendaItem>,
    pub week: Vec<AgendaItem>,
    pub gone_quiet: Vec<QuietDeal>,
    pub counts: AgendaCounts,
}

/// One section of the agenda, for reading it on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgendaSection {
    Overdue,
    Today,
    Week,
    GoneQuiet,
}

impl AgendaSection {
    pub const ALL: [AgendaSection; 4] = [
        AgendaSection::Overdue,
        AgendaSection::Today,
        AgendaSection::Week,
        AgendaSection::GoneQuiet,
    ];
}

// Planned rows first, in due order from the index; a deal list would have no order to use.
const ITEM_FROM: &str =
    "FROM activity a CROSS JOIN deal d ON d.id = a.deal_id JOIN stage s ON s.id = d.stage_id";

const QUIET_FROM: &str = "FROM stage s CROSS JOIN deal d ON d.stage_id = s.id
          AND d.last_activity_at <= ?1 - s.rot_days * 86400 AND d.archived_at IS NULL
     WHERE s.kind = 'open' AND s.rot_days IS NOT NULL
       AND (?2 IS NULL OR s.pipeline_id = ?2)
       AND NOT EXISTS (SELECT 1 FROM activity a WHERE a.deal_id = d.id AND a.done_at IS NULL)";

/// The SQL condition of a window; `?1` now, `?2` today's start, `?3` tomorrow's, `?4` week end.
fn window_condition(window: ActivityWindow) -> &'static str {
    match window {
        ActivityWindow::All => "1 = 1",
        ActivityWindow::Overdue => {
            "a.done_at IS NULL AND a.due_at < ?1 AND (a.all_day = 0 OR a.due_at < ?2)"
        }
        ActivityWindow::Today => {
            "a.done_at IS NULL AND a.due_at >= ?2 AND a.due_at < ?3 AND (a.all_day = 1 OR a.due_at >= ?1)"
        }
        ActivityWindow::Week => "a.done_at IS NULL AND a.due_at >= ?3 AND a.due_at < ?4",
    }
}

impl Store {
    /// Activities matching `filter`, by due moment. Without a deal and a window, only planned
    /// ones: every done activity of every deal is history, not a to-do list.
    pub fn activities(
        &self,
        filter: &ActivityFilter,
        window: &AgendaWindow,
    ) -> Result<Vec<AgendaItem>> {
        self.activities_page(filter, window, None)
    }

    /// The SQL after `SELECT …` of `filter`, and its parameters.
    fn activity_query(filter: &ActivityFilter, window: &AgendaWindow) -> (String, Vec<i64>) {
        let mut sql = format!("{ITEM_FROM} WHERE {}", window_condition(filter.window));
        if filter.window == ActivityWindow::All && filter.deal.is_none() {
            sql.push_str(" AND a.done_at IS NULL");
        }
        if filter.deal.is_some() {
            sql.push_str(" AND a.deal_id = ?5");
        }
        if filter.pipeline.is_some() {
            sql.push_str(" AND d.pipeline_id = ?6");
        }
        let values = vec![
            ts(window.now),
            ts(window.today_start),
            ts(window.tomorrow_start),
            ts(window.week_end),
            filter.deal.map_or(0, |d| d.0),
            filter.pipeline.map_or(0, |p| p.0),
        ];
        (sql, values)
    }

    /// Like [`Store::activities`], at most `limit` of them.
    pub fn activities_page(
        &self,
        filter: &ActivityFilter,
        window: &AgendaWindow,
        limit: Option<usize>,
    ) -> Result<Vec<AgendaItem>> {
        let (from, values) = Self::activity_query(filter, window);
        let mut sql = format!(
            "SELECT {ACTIVITY_COLUMNS}, d.title, d.pipeline_id, d.stage_id, s.name, d.amount_minor, d.currency
             {from} ORDER BY a.due_at, a.id"
        );
        if let Some(limit) = limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        let mut statement = self.conn.prepare_cached(&sql)?;
        let count = statement.parameter_count();
        let items = statement
            .query_map(rusqlite::params_from_iter(&values[..count]), |row| {
                let activity = activity_from_row(row, 0)?;
                let currency = currency(row, 16)?;
                Ok(AgendaItem {
                    overdue: activity.is_overdue(window.now),
                    activity,
                    deal_title: row.get(11)?,
                    pipeline_id: PipelineId(row.get(12)?),
                    stage_id: StageId(row.get(13)?),
                    stage_name: row.get(14)?,
                    amount: currency.from_minor(row.get(15)?),
                    currency,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(items)
    }

    /// How many activities match `filter`, counted on the index without building rows.
    pub fn activity_count_in(&self, filter: &ActivityFilter, window: &AgendaWindow) -> Result<u64> {
        let (from, values) = Self::activity_query(filter, window);
        // Without a pipeline the joins add nothing but two probes per row.
        let from = if filter.pipeline.is_none() {
            from.replace(
                " CROSS JOIN deal d ON d.id = a.deal_id JOIN stage s ON s.id = d.stage_id",
                "",
            )
        } else {
            from
        };
        let mut statement = self
            .conn
            .prepare_cached(&format!("SELECT count(*) {from}"))?;
        let count = statement.parameter_count();
        let found: i64 = statement
            .query_row(rusqlite::params_from_iter(&values[..count]), |row| {
                row.get(0)
            })?;
        Ok(found as u64)
    }

    /// One section read as the agenda reads it: `(rows in its first page, rows in all)`, so
    /// the benchmark can time the sections one by one.
    pub fn agenda_section(
        &self,
        section: AgendaSection,
        pipeline: Option<PipelineId>,
        window: &AgendaWindow,
    ) -> Result<(usize, u64)> {
        let filter = |window_kind| ActivityFilter {
            deal: None,
            pipeline,
            window: window_kind,
        };
        let items = |kind| -> Result<(usize, u64)> {
            let page = self.activities_page(&filter(kind), window, Some(AGENDA_PAGE))?;
            Ok((page.len(), self.activity_count_in(&filter(kind), window)?))
        };
        match section {
            AgendaSection::Overdue => items(ActivityWindow::Overdue),
            AgendaSection::Today => items(ActivityWindow::Today),
            AgendaSection::Week => items(ActivityWindow::Week),
            AgendaSection::GoneQuiet => Ok((
                self.gone_quiet_page(pipeline, window.now, Some(AGENDA_PAGE))?
                    .len(),
                self.gone_quiet_count(pipeline, window.now)?,
            )),
        }
    }

    /// Overdue, today, the next seven days and the open deals that went quiet (rotting in a
    /// stage with `rot_days`, not archived, nothing planned), for one pipeline or all: each
    /// section's first [`AGENDA_PAGE`] rows and its count.
    pub fn agenda(&self, pipeline: Option<PipelineId>, window: &AgendaWindow) -> Result<Agenda> {
        let filter = |window_kind| ActivityFilter {
            deal: None,
            pipeline,
            window: window_kind,
        };
        let section = |kind| self.activities_page(&filter(kind), window, Some(AGENDA_PAGE));
        let count = |kind| self.activity_count_in(&filter(kind), window);
        Ok(Agenda {
            overdue: section(ActivityWindow::Overdue)?,
            today: section(ActivityWindow::Today)?,
            week: section(ActivityWindow::Week)?,
            gone_quiet: self.gone_quiet_page(pipeline, window.now, Some(AGENDA_PAGE))?,
            counts: AgendaCounts {
                overdue: count(ActivityWindow::Overdue)?,
                today: count(ActivityWindow::Today)?,
                week: count(ActivityWindow::Week)?,
                gone_quiet: self.gone_quiet_count(pipeline, window.now)?,
            },
        })
    }

    /// Open deals rotting with nothing planned, the longest quiet first.
    pub fn gone_quiet(
        &self,
        pipeline: Option<PipelineId>,
        now: DateTime<Utc>,
    ) -> Result<Vec<QuietDeal>> {
        self.gone_quiet_page(pipeline, now, None)
    }

    /// How many open deals went quiet.
    pub fn gone_quiet_count(
        &self,
        pipeline: Option<PipelineId>,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        let found: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) {QUIET_FROM}"))?
            .query_row(rusqlite::params![ts(now), pipeline.map(|p| p.0)], |row| {
                row.get(0)
            })?;
        Ok(found as u64)
    }

    /// Like [`Store::gone_quiet`], at most `limit` of them.
    pub fn gone_quiet_page(
        &self,
        pipeline: Option<PipelineId>,
        now: DateTime<Utc>,
        limit: Option<usize>,
    ) -> Result<Vec<QuietDeal>> {
        let limit = limit.map_or(String::new(), |l| format!(" LIMIT {l}"));
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT d.id, d.title, d.pipeline_id, s.id, s.name, d.amount_minor, d.currency,
                    d.last_activity_at, s.rot_days
             {QUIET_FROM}
             ORDER BY d.last_activity_at, d.id{limit}"
        ))?;
        let quiet = statement
            .query_map(rusqlite::params![ts(now), pipeline.map(|p| p.0)], |row| {
                let currency = currency(row, 6)?;
                Ok(QuietDeal {
                    deal_id: DealId(row.get(0)?),
                    title: row.get(1)?,
                    pipeline_id: PipelineId(row.get(2)?),
                    stage_id: StageId(row.get(3)?),
                    stage_name: row.get(4)?,
                    amount: currency.from_minor(row.get(5)?),
                    currency,
                    last_activity_at: moment(row, 7)?,
                    rot_days: row.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(quiet)
    }

    /// Each deal's next step (its earliest planned activity) in a pipeline; a deal missing
    /// from the map has nothing planned.
    pub fn next_steps(&self, pipeline: PipelineId) -> Result<HashMap<DealId, Activity>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {ACTIVITY_COLUMNS} FROM activity a JOIN deal d ON d.id = a.deal_id
             WHERE a.done_at IS NULL AND d.pipeline_id = ?1 ORDER BY a.deal_id, a.due_at, a.id"
        ))?;
        let mut steps = HashMap::new();
        let rows = statement.query_map([pipeline.0], |row| activity_from_row(row, 0))?;
        for row in rows {
            let activity = row?;
            steps.entry(activity.deal_id).or_insert(activity);
        }
        Ok(steps)
    }

    /// A stable id for this database's workspace (iCalendar UIDs are built from it).
    pub fn workspace_id(&self) -> Result<String> {
        let first: Option<i64> =
            self.conn
                .query_row("SELECT min(created_at) FROM pipeline", [], |row| row.get(0))?;
        Ok(crate::io::ics::workspace_id(first.unwrap_or(0)))
    }
}
