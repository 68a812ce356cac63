//! Reading activities across deals: the windows (overdue, today, the week), the agenda with
//! its "gone quiet" deals, and each deal's next step for the board.
//!
//! Query plans at 100 000 deals / 300 000 activities (checked by `agenda_queries_use_indexes`
//! in tests/store.rs): the windows range over `activity_open_due` (planned rows only) and
//! join deals by primary key; "gone quiet" ranges over `deal_by_stage_quiet` per open stage
//! with a rot limit and probes `activity_open_by_deal` for "nothing planned"; next steps
//! scan `activity_open_by_deal`.

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

/// The rep's day: each section oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Agenda {
    pub overdue: Vec<AgendaItem>,
    pub today: Vec<AgendaItem>,
    pub week: Vec<AgendaItem>,
    pub gone_quiet: Vec<QuietDeal>,
}

const ITEM_FROM: &str =
    "FROM activity a JOIN deal d ON d.id = a.deal_id JOIN stage s ON s.id = d.stage_id";

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
        let mut sql = format!(
            "SELECT {ACTIVITY_COLUMNS}, d.title, d.pipeline_id, d.stage_id, s.name, d.amount_minor, d.currency
             {ITEM_FROM} WHERE {}",
            window_condition(filter.window)
        );
        if filter.window == ActivityWindow::All && filter.deal.is_none() {
            sql.push_str(" AND a.done_at IS NULL");
        }
        if filter.deal.is_some() {
            sql.push_str(" AND a.deal_id = ?5");
        }
        if filter.pipeline.is_some() {
            sql.push_str(" AND d.pipeline_id = ?6");
        }
        sql.push_str(" ORDER BY a.due_at, a.id");
        let mut statement = self.conn.prepare_cached(&sql)?;
        let count = statement.parameter_count();
        let values: [i64; 6] = [
            ts(window.now),
            ts(window.today_start),
            ts(window.tomorrow_start),
            ts(window.week_end),
            filter.deal.map_or(0, |d| d.0),
            filter.pipeline.map_or(0, |p| p.0),
        ];
        let items = statement
            .query_map(rusqlite::params_from_iter(&values[..count]), |row| {
                let activity = activity_from_row(row, 0)?;
                let currency = currency(row, 15)?;
                Ok(AgendaItem {
                    overdue: activity.is_overdue(window.now),
                    activity,
                    deal_title: row.get(10)?,
                    pipeline_id: PipelineId(row.get(11)?),
                    stage_id: StageId(row.get(12)?),
                    stage_name: row.get(13)?,
                    amount: currency.from_minor(row.get(14)?),
                    currency,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(items)
    }

    /// Overdue, today, the next seven days and the open deals that went quiet (rotting in a
    /// stage with `rot_days`, not archived, nothing planned), for one pipeline or all.
    pub fn agenda(&self, pipeline: Option<PipelineId>, window: &AgendaWindow) -> Result<Agenda> {
        let section = |window_kind| {
            self.activities(
                &ActivityFilter {
                    deal: None,
                    pipeline,
                    window: window_kind,
                },
                window,
            )
        };
        Ok(Agenda {
            overdue: section(ActivityWindow::Overdue)?,
            today: section(ActivityWindow::Today)?,
            week: section(ActivityWindow::Week)?,
            gone_quiet: self.gone_quiet(pipeline, window.now)?,
        })
    }

    /// Open deals rotting with nothing planned, the longest quiet first.
    pub fn gone_quiet(
        &self,
        pipeline: Option<PipelineId>,
        now: DateTime<Utc>,
    ) -> Result<Vec<QuietDeal>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT d.id, d.title, d.pipeline_id, s.id, s.name, d.amount_minor, d.currency,
                    d.last_activity_at, s.rot_days
             FROM stage s JOIN deal d ON d.stage_id = s.id
                  AND d.last_activity_at <= ?1 - s.rot_days * 86400
             WHERE s.kind = 'open' AND s.rot_days IS NOT NULL
               AND (?2 IS NULL OR s.pipeline_id = ?2)
               AND d.archived_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM activity a WHERE a.deal_id = d.id AND a.done_at IS NULL)
             ORDER BY d.last_activity_at, d.id",
        )?;
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
