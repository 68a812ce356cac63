//! Playbook checklists: when a deal enters a stage, the stage's `tasks` are copied to it and
//! ticked one by one. A deal that entered its stage before checklists existed (or by an
//! import) has the stage's current tasks, all open, until one is ticked.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior, params};

use crate::domain::{DealId, PipelineId, Stage, StageId};

use super::Store;
use super::error::{Result, StoreError};
use super::pipelines::load_pipelines;
use super::rows::{load_deal, optional_moment, ts};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChecklistItem {
    pub task: String,
    pub done_at: Option<DateTime<Utc>>,
}

/// A deal's checklist in the stage it is in now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checklist {
    pub deal: DealId,
    pub stage_id: StageId,
    pub stage_name: String,
    pub items: Vec<ChecklistItem>,
}

impl Checklist {
    pub fn done(&self) -> usize {
        self.items.iter().filter(|i| i.done_at.is_some()).count()
    }
}

/// Copies `stage`'s tasks to the deal's checklist for it; ticks from an earlier stay are kept.
pub(crate) fn enter_stage(conn: &Connection, deal: DealId, stage: &Stage) -> Result<()> {
    let mut statement = conn.prepare_cached(
        "INSERT OR IGNORE INTO checklist_item (deal_id, stage_id, task, position) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (position, task) in stage.playbook.tasks.iter().enumerate() {
        if !task.trim().is_empty() {
            statement.execute(params![deal.0, stage.id.0, task.trim(), position as i64])?;
        }
    }
    Ok(())
}

/// Stored items of the deal in `stage`, in order.
fn stored_items(conn: &Connection, deal: DealId, stage: StageId) -> Result<Vec<ChecklistItem>> {
    let mut statement = conn.prepare_cached(
        "SELECT task, done_at FROM checklist_item WHERE deal_id = ?1 AND stage_id = ?2 ORDER BY position, task",
    )?;
    let items = statement
        .query_map(params![deal.0, stage.0], |row| {
            Ok(ChecklistItem {
                task: row.get(0)?,
                done_at: optional_moment(row, 1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(items)
}

fn load_checklist(conn: &Connection, deal: DealId) -> Result<(Checklist, Stage)> {
    let found = load_deal(conn, deal)?;
    let stage = load_pipelines(conn)?
        .into_iter()
        .find(|p| p.id == found.pipeline_id)
        .and_then(|p| p.stage(found.stage_id).cloned())
        .ok_or_else(|| StoreError::NotFound(format!("deal {deal}'s stage does not exist")))?;
    let mut items = stored_items(conn, deal, stage.id)?;
    if items.is_empty() {
        items = super::rules::stage_tasks(&stage);
    }
    let checklist = Checklist {
        deal,
        stage_id: stage.id,
        stage_name: stage.name.clone(),
        items,
    };
    Ok((checklist, stage))
}

impl Store {
    /// The deal's checklist in its current stage.
    pub fn checklist(&self, deal: DealId) -> Result<Checklist> {
        Ok(load_checklist(&self.conn, deal)?.0)
    }

    /// Ticks a task (named case-insensitively) at `at`; ticking a done task is refused.
    pub fn tick_task(&mut self, deal: DealId, task: &str, at: DateTime<Utc>) -> Result<Checklist> {
        self.set_task(deal, task, Some(at))
    }

    /// Unticks a done task; unticking an open one is refused.
    pub fn untick_task(&mut self, deal: DealId, task: &str) -> Result<Checklist> {
        self.set_task(deal, task, None)
    }

    fn set_task(
        &mut self,
        deal: DealId,
        task: &str,
        done_at: Option<DateTime<Utc>>,
    ) -> Result<Checklist> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (checklist, stage) = load_checklist(&tx, deal)?;
        let task = super::rules::task_to_change(&checklist, task, done_at)?;
        // A checklist read from the stage's tasks is stored before its first tick.
        enter_stage(&tx, deal, &stage)?;
        tx.execute(
            "UPDATE checklist_item SET done_at = ?4 WHERE deal_id = ?1 AND stage_id = ?2 AND task = ?3",
            params![deal.0, stage.id.0, task, done_at.map(ts)],
        )?;
        let (checklist, _) = load_checklist(&tx, deal)?;
        tx.commit()?;
        Ok(checklist)
    }

    /// `(done, total)` of every deal in the pipeline with a stored checklist in its current
    /// stage; a deal missing from the map has its stage's tasks, none done.
    pub fn checklist_progress(
        &self,
        pipeline: PipelineId,
    ) -> Result<HashMap<DealId, (usize, usize)>> {
        // From the items to their deals (CROSS JOIN keeps that order): a pipeline has far
        // fewer stored checklists than deals, and the board reads this with its first frame
        // (at 100 000 demo deals, ~9 ms of CPU against ~30 ms the other way round).
        let mut statement = self.conn.prepare_cached(
            "SELECT c.deal_id, count(c.done_at), count(*) FROM checklist_item c
             CROSS JOIN deal d ON d.id = c.deal_id AND d.stage_id = c.stage_id
             WHERE d.pipeline_id = ?1 GROUP BY c.deal_id",
        )?;
        let rows = statement.query_map([pipeline.0], |row| {
            Ok((
                DealId(row.get(0)?),
                (
                    row.get::<_, i64>(1)? as usize,
                    row.get::<_, i64>(2)? as usize,
                ),
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<HashMap<_, _>>>()?)
    }
}
