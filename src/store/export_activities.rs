//! Streaming every activity, note and checklist item of the database in id (or key) order,
//! one row in memory at a time, for the JSON and workbook exports.

use chrono::{DateTime, Utc};

use crate::domain::{Activity, DealId};

use super::Store;
use super::activities::{ACTIVITY_COLUMNS, activity_from_row};
use super::error::StoreError;
use super::rows::{moment, optional_moment};

/// A note with the name of the stage it was written in (stage ids differ between databases).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteRow {
    pub id: i64,
    pub deal_id: DealId,
    pub stage: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// Who wrote it, when known.
    pub by: Option<String>,
}

/// One task of a deal's checklist in one stage (a deal keeps the ticks of earlier stays).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChecklistRow {
    pub deal_id: DealId,
    pub stage: String,
    pub task: String,
    pub position: i64,
    pub done_at: Option<DateTime<Utc>>,
}

impl Store {
    /// Calls `each` with every activity, planned and done, by id, and its deal's title;
    /// returns how many.
    pub fn for_each_activity<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(&Activity, &str) -> Result<(), E>,
    ) -> Result<u64, E> {
        let mut statement = self
            .conn
            .prepare(&format!(
                "SELECT {ACTIVITY_COLUMNS}, d.title FROM activity a JOIN deal d ON d.id = a.deal_id
                 ORDER BY a.id"
            ))
            .map_err(StoreError::from)?;
        let mut rows = statement.query([]).map_err(StoreError::from)?;
        let mut count = 0;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let activity = activity_from_row(row, 0).map_err(StoreError::from)?;
            let title: String = row.get(11).map_err(StoreError::from)?;
            each(&activity, &title)?;
            count += 1;
        }
        Ok(count)
    }

    /// Calls `each` with every note, by id; returns how many.
    pub fn for_each_note<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(&NoteRow) -> Result<(), E>,
    ) -> Result<u64, E> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT n.id, n.deal_id, s.name, n.body, n.created_at, n.by_user
                 FROM note n JOIN stage s ON s.id = n.stage_id ORDER BY n.id",
            )
            .map_err(StoreError::from)?;
        let mut rows = statement.query([]).map_err(StoreError::from)?;
        let mut count = 0;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let note = NoteRow {
                id: row.get(0).map_err(StoreError::from)?,
                deal_id: DealId(row.get(1).map_err(StoreError::from)?),
                stage: row.get(2).map_err(StoreError::from)?,
                body: row.get(3).map_err(StoreError::from)?,
                created_at: moment(row, 4).map_err(StoreError::from)?,
                by: row.get(5).map_err(StoreError::from)?,
            };
            each(&note)?;
            count += 1;
        }
        Ok(count)
    }

    /// Calls `each` with every stored checklist item, by deal, stage and position.
    pub fn for_each_checklist_item<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(&ChecklistRow) -> Result<(), E>,
    ) -> Result<u64, E> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT c.deal_id, s.name, c.task, c.position, c.done_at
                 FROM checklist_item c JOIN stage s ON s.id = c.stage_id
                 ORDER BY c.deal_id, c.stage_id, c.position, c.task",
            )
            .map_err(StoreError::from)?;
        let mut rows = statement.query([]).map_err(StoreError::from)?;
        let mut count = 0;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let item = ChecklistRow {
                deal_id: DealId(row.get(0).map_err(StoreError::from)?),
                stage: row.get(1).map_err(StoreError::from)?,
                task: row.get(2).map_err(StoreError::from)?,
                position: row.get(3).map_err(StoreError::from)?,
                done_at: optional_moment(row, 4).map_err(StoreError::from)?,
            };
            each(&item)?;
            count += 1;
        }
        Ok(count)
    }
}
