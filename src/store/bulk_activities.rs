//! Writing a deal with its activities and checklist in a bulk transaction (demo data).

use chrono::{DateTime, Local, Utc};
use rusqlite::params;

use crate::domain::{ActivityKind, DealId, Due};

use super::bulk::{BulkWriter, HistoricDeal, derived_update, insert_deal};
use super::error::Result;
use super::rows::ts;

/// An activity as it stands after a known history: done at `done_at`, or still planned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoricActivity {
    pub kind: ActivityKind,
    pub due: Due,
    pub note: Option<String>,
    pub done_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl BulkWriter<'_> {
    /// Inserts the deal, its visits, its activities and the checklist of its current stage
    /// (`(task, ticked at)`, in order). Its last activity is the latest of entering its stage
    /// and the activities done, so rotting reads the history as written.
    pub fn insert_with_activities(
        &mut self,
        historic: &HistoricDeal,
        activities: &[HistoricActivity],
        checklist: &[(String, Option<DateTime<Utc>>)],
    ) -> Result<DealId> {
        let touched = derived_update(historic);
        let last_done = activities.iter().filter_map(|a| a.done_at).max();
        let last_activity = last_done.map_or(touched, |done| done.max(touched));
        let id = insert_deal(&self.tx, historic, None, touched, last_activity)?;
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO activity (deal_id, kind, due_at, all_day, note, done_at, outcome, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for a in activities {
            insert.execute(params![
                id.0,
                a.kind.as_str(),
                ts(a.due.moment_in(&Local)),
                i64::from(a.due.is_all_day()),
                a.note,
                a.done_at.map(ts),
                a.outcome,
                ts(a.created_at),
            ])?;
        }
        if let Some(stage) = historic.visits.last().map(|v| v.stage_id) {
            let mut tick = self.tx.prepare_cached(
                "INSERT OR IGNORE INTO checklist_item (deal_id, stage_id, task, position, done_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for (position, (task, done_at)) in checklist.iter().enumerate() {
                tick.execute(params![
                    id.0,
                    stage.0,
                    task,
                    position as i64,
                    done_at.map(ts)
                ])?;
            }
        }
        self.written += 1;
        Ok(id)
    }
}
