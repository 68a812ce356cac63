//! Reading activities across deals on the server: the windows (overdue, today, the week),
//! the agenda with its "gone quiet" deals, each deal's next step, and the workspace id.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::domain::{Activity, AgendaWindow, DealId, PipelineId, StageId};

use super::super::agenda::{
    AGENDA_PAGE, ActivityFilter, ActivityWindow, Agenda, AgendaCounts, AgendaItem, QuietDeal,
};
use super::super::error::Result;
use super::PgStore;
use super::rows::{ACTIVITY_COLUMNS, activity_from_row, currency, moment};

const ITEM_FROM: &str =
    "FROM activity a JOIN deal d ON d.id = a.deal_id JOIN stage s ON s.id = d.stage_id";

impl PgStore {
    /// As SQLite's `activities`: by due moment; without a deal or a window, planned only.
    pub fn activities(
        &self,
        filter: &ActivityFilter,
        window: &AgendaWindow,
    ) -> Result<Vec<AgendaItem>> {
        let mut values: Vec<i64> = Vec::new();
        let mut param = |value: i64| {
            values.push(value);
            format!("${}", values.len())
        };
        let condition = match filter.window {
            ActivityWindow::All => "true".to_string(),
            ActivityWindow::Overdue => format!(
                "a.done_at IS NULL AND a.due_at < {now} AND (NOT a.all_day OR a.due_at < {today})",
                now = param(window.now.timestamp()),
                today = param(window.today_start.timestamp()),
            ),
            ActivityWindow::Today => {
                let now = param(window.now.timestamp());
                let today = param(window.today_start.timestamp());
                let tomorrow = param(window.tomorrow_start.timestamp());
                format!(
                    "a.done_at IS NULL AND a.due_at >= {today} AND a.due_at < {tomorrow}
                     AND (a.all_day OR a.due_at >= {now})"
                )
            }
            ActivityWindow::Week => format!(
                "a.done_at IS NULL AND a.due_at >= {} AND a.due_at < {}",
                param(window.tomorrow_start.timestamp()),
                param(window.week_end.timestamp()),
            ),
        };
        let mut sql = format!(
            "SELECT {ACTIVITY_COLUMNS}, d.title, d.pipeline_id, d.stage_id, s.name, d.amount_minor,
                    d.currency
             {ITEM_FROM} WHERE {condition}"
        );
        if filter.window == ActivityWindow::All && filter.deal.is_none() {
            sql.push_str(" AND a.done_at IS NULL");
        }
        if let Some(deal) = filter.deal {
            sql.push_str(&format!(" AND a.deal_id = {}", param(deal.0)));
        }
        if let Some(pipeline) = filter.pipeline {
            sql.push_str(&format!(" AND d.pipeline_id = {}", param(pipeline.0)));
        }
        sql.push_str(" ORDER BY a.due_at, a.id");
        let params: Vec<&(dyn postgres::types::ToSql + Sync)> = values
            .iter()
            .map(|v| v as &(dyn postgres::types::ToSql + Sync))
            .collect();
        let rows = self.reader()?.query(&sql, &params)?;
        rows.iter()
            .map(|row| {
                let activity = activity_from_row(row)?;
                let currency = currency(row.try_get(16)?)?;
                Ok(AgendaItem {
                    overdue: activity.is_overdue(window.now),
                    activity,
                    deal_title: row.try_get(11)?,
                    pipeline_id: PipelineId(row.try_get(12)?),
                    stage_id: StageId(row.try_get(13)?),
                    stage_name: row.try_get(14)?,
                    amount: currency.from_minor(row.try_get(15)?),
                    currency,
                })
            })
            .collect()
    }

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
        // As SQLite's: each section's first AGENDA_PAGE rows and its count (read whole
        // here, then cut: the server sends every row of a section).
        fn first_page<T>(mut rows: Vec<T>) -> (Vec<T>, u64) {
            let count = rows.len() as u64;
            rows.truncate(AGENDA_PAGE);
            (rows, count)
        }
        let (overdue, overdue_count) = first_page(section(ActivityWindow::Overdue)?);
        let (today, today_count) = first_page(section(ActivityWindow::Today)?);
        let (week, week_count) = first_page(section(ActivityWindow::Week)?);
        let (gone_quiet, quiet_count) = first_page(self.gone_quiet(pipeline, window.now)?);
        Ok(Agenda {
            overdue,
            today,
            week,
            gone_quiet,
            counts: AgendaCounts {
                overdue: overdue_count,
                today: today_count,
                week: week_count,
                gone_quiet: quiet_count,
            },
        })
    }

    /// Open deals rotting with nothing planned, the longest quiet first.
    pub fn gone_quiet(
        &self,
        pipeline: Option<PipelineId>,
        now: DateTime<Utc>,
    ) -> Result<Vec<QuietDeal>> {
        let rows = self.reader()?.query(
            "SELECT d.id, d.title, d.pipeline_id, s.id, s.name, d.amount_minor, d.currency,
                    d.last_activity_at, s.rot_days
             FROM stage s JOIN deal d ON d.stage_id = s.id
                  AND d.last_activity_at <= $1 - s.rot_days::BIGINT * 86400
             WHERE s.kind = 'open' AND s.rot_days IS NOT NULL
               AND ($2::BIGINT IS NULL OR s.pipeline_id = $2)
               AND d.archived_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM activity a WHERE a.deal_id = d.id AND a.done_at IS NULL)
             ORDER BY d.last_activity_at, d.id",
            &[&now.timestamp(), &pipeline.map(|p| p.0)],
        )?;
        rows.iter()
            .map(|row| {
                let currency = currency(row.try_get(6)?)?;
                let rot_days: i32 = row.try_get(8)?;
                Ok(QuietDeal {
                    deal_id: DealId(row.try_get(0)?),
                    title: row.try_get(1)?,
                    pipeline_id: PipelineId(row.try_get(2)?),
                    stage_id: StageId(row.try_get(3)?),
                    stage_name: row.try_get(4)?,
                    amount: currency.from_minor(row.try_get(5)?),
                    currency,
                    last_activity_at: moment(row.try_get(7)?)?,
                    rot_days: u32::try_from(rot_days).unwrap_or(0),
                })
            })
            .collect()
    }

    /// Each deal's earliest planned activity in a pipeline.
    pub fn next_steps(&self, pipeline: PipelineId) -> Result<HashMap<DealId, Activity>> {
        let rows = self.reader()?.query(
            &format!(
                "SELECT DISTINCT ON (a.deal_id) {ACTIVITY_COLUMNS}
                 FROM activity a JOIN deal d ON d.id = a.deal_id
                 WHERE a.done_at IS NULL AND d.pipeline_id = $1
                 ORDER BY a.deal_id, a.due_at, a.id"
            ),
            &[&pipeline.0],
        )?;
        rows.iter()
            .map(|row| {
                let activity = activity_from_row(row)?;
                Ok((activity.deal_id, activity))
            })
            .collect()
    }

    /// As SQLite's: built from when the workspace's first pipeline was made.
    pub fn workspace_id(&self) -> Result<String> {
        let first: Option<i64> = self
            .reader()?
            .query_one("SELECT min(created_at) FROM pipeline", &[])?
            .try_get(0)?;
        Ok(crate::io::ics::workspace_id(first.unwrap_or(0)))
    }
}
