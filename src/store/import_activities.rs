//! The rest of a dealdeck JSON export, written inside the same import transaction after its
//! deals: activities by id, notes by id, checklist items by (deal, stage, task), so reading
//! the same file again updates every row and adds none.

use rusqlite::{OptionalExtension, params};

use crate::domain::text::check_note;
use crate::domain::{Activity, DealId, StageId};

use super::super::activities::write_activity;
use super::super::error::{Result, StoreError};
use super::super::export_activities::{ChecklistRow, NoteRow};
use super::super::rows::ts;
use super::Importer;

/// Whether a row of the file made a new row or rewrote one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    Created,
    Updated,
}

fn checked(text: Option<&str>) -> Result<Option<String>> {
    match text {
        Some(text) if !text.trim().is_empty() => {
            check_note(text).map(Some).map_err(StoreError::invalid)
        }
        _ => Ok(None),
    }
}

impl Importer<'_> {
    /// `(pipeline, current stage)` of a deal of this import.
    fn deal_place(&self, deal: DealId) -> Result<(i64, i64)> {
        self.tx
            .prepare_cached("SELECT pipeline_id, stage_id FROM deal WHERE id = ?1")?
            .query_row([deal.0], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?
            .ok_or_else(|| {
                StoreError::NotFound(format!("deal {deal} is not in the file or the database"))
            })
    }

    /// The stage named `name` in the deal's pipeline; the deal's current stage when the
    /// pipeline no longer has one by that name.
    fn stage_named(&self, deal: DealId, name: &str) -> Result<StageId> {
        let (pipeline, current) = self.deal_place(deal)?;
        let found = self
            .pipelines
            .iter()
            .find(|p| p.id.0 == pipeline)
            .and_then(|p| {
                p.stages
                    .iter()
                    .find(|s| s.name.to_lowercase() == name.trim().to_lowercase())
            })
            .map(|s| s.id);
        Ok(found.unwrap_or(StageId(current)))
    }

    /// Writes the activity under its id exactly as the file has it; the deal's stamps are
    /// the file's too, so nothing here moves its last activity.
    pub fn upsert_activity(&mut self, activity: &Activity) -> Result<Written> {
        self.deal_place(activity.deal_id)?;
        let mut activity = activity.clone();
        activity.note = checked(activity.note.as_deref())?;
        activity.outcome = checked(activity.outcome.as_deref())?;
        let existed = self
            .tx
            .prepare_cached("SELECT 1 FROM activity WHERE id = ?1")?
            .exists([activity.id.0])?;
        write_activity(&self.tx, &activity)?;
        Ok(if existed {
            Written::Updated
        } else {
            Written::Created
        })
    }

    /// Writes the note under its id, in the stage of the deal's pipeline it names.
    pub fn upsert_note(&mut self, note: &NoteRow) -> Result<Written> {
        let body = check_note(&note.body).map_err(StoreError::invalid)?;
        let stage = self.stage_named(note.deal_id, &note.stage)?;
        let existed = self
            .tx
            .prepare_cached("SELECT 1 FROM note WHERE id = ?1")?
            .exists([note.id])?;
        self.tx
            .prepare_cached(
                "INSERT INTO note (id, deal_id, stage_id, body, created_at, by_user)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (id) DO UPDATE SET deal_id = excluded.deal_id,
                   stage_id = excluded.stage_id, body = excluded.body,
                   created_at = excluded.created_at, by_user = excluded.by_user",
            )?
            .execute(params![
                note.id,
                note.deal_id.0,
                stage.0,
                body,
                ts(note.created_at),
                note.by
            ])?;
        Ok(if existed {
            Written::Updated
        } else {
            Written::Created
        })
    }

    /// Writes one checklist task of a deal in a stage, keyed by (deal, stage, task).
    pub fn upsert_checklist_item(&mut self, item: &ChecklistRow) -> Result<Written> {
        let task = item.task.trim();
        if task.is_empty() {
            return Err(StoreError::invalid("a checklist task is empty"));
        }
        let stage = self.stage_named(item.deal_id, &item.stage)?;
        let existed = self
            .tx
            .prepare_cached(
                "SELECT 1 FROM checklist_item WHERE deal_id = ?1 AND stage_id = ?2 AND task = ?3",
            )?
            .exists(params![item.deal_id.0, stage.0, task])?;
        self.tx
            .prepare_cached(
                "INSERT INTO checklist_item (deal_id, stage_id, task, position, done_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (deal_id, stage_id, task) DO UPDATE SET
                   position = excluded.position, done_at = excluded.done_at",
            )?
            .execute(params![
                item.deal_id.0,
                stage.0,
                task,
                item.position,
                item.done_at.map(ts)
            ])?;
        Ok(if existed {
            Written::Updated
        } else {
            Written::Created
        })
    }
}
