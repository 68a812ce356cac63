//! The board's bulk reads: one query per pipeline for every card, so 10 000 deals load at once.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::params;

use crate::domain::{Deal, DealId, PipelineId};

use super::Store;
use super::error::Result;
use super::rows::{DEAL_COLUMNS, DEAL_FROM, deal_from_row, moment, ts};

/// A deal as the board shows it: with the moment it entered its current stage.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardDeal {
    pub deal: Deal,
    pub entered_stage_at: DateTime<Utc>,
}

impl Store {
    /// The pipeline's unarchived deals that belong on the board: every open deal, and closed
    /// ones only when they closed at or after `closed_since` (old closes would bury the columns).
    pub fn board_deals(
        &self,
        pipeline: PipelineId,
        closed_since: DateTime<Utc>,
    ) -> Result<Vec<BoardDeal>> {
        let sql = format!(
            "SELECT {DEAL_COLUMNS}, v.entered_at {DEAL_FROM}
               JOIN stage_visit v ON v.deal_id = d.id AND v.exited_at IS NULL
             WHERE d.pipeline_id = ?1 AND d.archived_at IS NULL
               AND (s.kind = 'open' OR d.closed_at >= ?2)
             ORDER BY d.id"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let deals = statement
            .query_map(params![pipeline.0, ts(closed_since)], |row| {
                Ok(BoardDeal {
                    deal: deal_from_row(row)?,
                    entered_stage_at: moment(row, 25)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(deals)
    }

    /// Deals of the pipeline with a follow-up or other activity past due and not done.
    pub fn deals_with_overdue_activity(
        &self,
        pipeline: PipelineId,
        now: DateTime<Utc>,
    ) -> Result<HashSet<DealId>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT DISTINCT a.deal_id FROM activity a JOIN deal d ON d.id = a.deal_id
             WHERE a.done_at IS NULL AND a.due_at < ?2 AND d.pipeline_id = ?1",
        )?;
        let ids = statement
            .query_map(params![pipeline.0, ts(now)], |row| Ok(DealId(row.get(0)?)))?
            .collect::<rusqlite::Result<HashSet<_>>>()?;
        Ok(ids)
    }
}
