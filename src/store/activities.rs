//! Activities on deals: planning, marking done, editing, deleting, and the shapes that undo
//! each of them. Every change is one immediate transaction.

use chrono::{DateTime, Local, Utc};
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};

use crate::domain::text::check_note;
use crate::domain::{Activity, ActivityId, ActivityKind, DealId, Due};

use super::Store;
use super::error::{Result, StoreError};
use super::rows::{load_deal, moment, optional_moment, ts};

/// An activity to plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewActivity {
    pub deal: DealId,
    pub kind: ActivityKind,
    pub due: Due,
    pub note: Option<String>,
}

/// What an edit changes; `None` leaves a field as it is, `note: Some(None)` clears the note.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActivityPatch {
    pub kind: Option<ActivityKind>,
    pub due: Option<Due>,
    pub note: Option<Option<String>>,
}

impl ActivityPatch {
    pub fn is_empty(&self) -> bool {
        *self == ActivityPatch::default()
    }
}

/// An activity marked done, with what undoing it must put back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoneRecord {
    /// The activity as it is now, done.
    pub activity: Activity,
    /// The deal's `last_activity_at` before, which marking it done may have moved.
    pub previous_last_activity_at: DateTime<Utc>,
}

/// An edit, with the row as it was before (undo writes it back with `restore_activity`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityEdit {
    pub before: Activity,
    pub after: Activity,
}

pub(crate) const ACTIVITY_COLUMNS: &str = "a.id, a.deal_id, a.kind, a.due_at, a.all_day, a.note, a.done_at, a.outcome, a.created_at, a.by_user, a.done_by";

/// Reads [`ACTIVITY_COLUMNS`] starting at column `at`; a due day is read in the local zone.
pub(crate) fn activity_from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Activity> {
    let kind: String = row.get(at + 2)?;
    let kind = ActivityKind::parse(&kind).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            at + 2,
            rusqlite::types::Type::Text,
            format!("activity kind {kind:?}").into(),
        )
    })?;
    let all_day: i64 = row.get(at + 4)?;
    Ok(Activity {
        id: ActivityId(row.get(at)?),
        deal_id: DealId(row.get(at + 1)?),
        kind,
        due: Due::from_stored(moment(row, at + 3)?, all_day == 1, &Local),
        note: row.get(at + 5)?,
        done_at: optional_moment(row, at + 6)?,
        outcome: row.get(at + 7)?,
        created_at: moment(row, at + 8)?,
        by: row.get(at + 9)?,
        done_by: row.get(at + 10)?,
    })
}

pub(crate) fn load_activity(conn: &Connection, id: ActivityId) -> Result<Activity> {
    conn.prepare_cached(&format!(
        "SELECT {ACTIVITY_COLUMNS} FROM activity a WHERE a.id = ?1"
    ))?
    .query_row([id.0], |row| activity_from_row(row, 0))
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("activity {id} does not exist")))
}

/// A note or outcome: empty means none; otherwise checked like a deal's note.
pub(crate) fn optional_note(text: Option<&str>) -> Result<Option<String>> {
    match text {
        Some(text) if !text.trim().is_empty() => {
            check_note(text).map(Some).map_err(StoreError::invalid)
        }
        _ => Ok(None),
    }
}

/// Writes every column of `activity` under its id, inserting it when it is not there.
pub(crate) fn write_activity(conn: &Connection, activity: &Activity) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO activity
           (id, deal_id, kind, due_at, all_day, note, done_at, outcome, created_at, by_user,
            done_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        activity.id.0,
        activity.deal_id.0,
        activity.kind.as_str(),
        ts(activity.due.moment_in(&Local)),
        i64::from(activity.due.is_all_day()),
        activity.note,
        activity.done_at.map(ts),
        activity.outcome,
        ts(activity.created_at),
        activity.by,
        activity.done_by,
    ])?;
    Ok(())
}

impl Store {
    /// Plans an activity on a deal. Planning is not "something happened": rotting is untouched.
    pub fn add_activity(&mut self, new: &NewActivity, at: DateTime<Utc>) -> Result<Activity> {
        let note = optional_note(new.note.as_deref())?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        load_deal(&tx, new.deal)?;
        tx.execute(
            "INSERT INTO activity (deal_id, kind, due_at, all_day, note, created_at, by_user)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                new.deal.0,
                new.kind.as_str(),
                ts(new.due.moment_in(&Local)),
                i64::from(new.due.is_all_day()),
                note,
                ts(at),
                self.user
            ],
        )?;
        let activity = load_activity(&tx, ActivityId(tx.last_insert_rowid()))?;
        tx.commit()?;
        Ok(activity)
    }

    /// Logs an activity that already happened (a call made now), in one transaction: it is
    /// stored done at `at` and the deal's last activity moves to `at`.
    pub fn log_done_activity(
        &mut self,
        new: &NewActivity,
        outcome: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<DoneRecord> {
        let note = optional_note(new.note.as_deref())?;
        let outcome = optional_note(outcome)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let deal = load_deal(&tx, new.deal)?;
        tx.execute(
            "INSERT INTO activity
               (deal_id, kind, due_at, all_day, note, done_at, outcome, created_at, by_user, done_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?8, ?8)",
            params![
                new.deal.0,
                new.kind.as_str(),
                ts(new.due.moment_in(&Local)),
                i64::from(new.due.is_all_day()),
                note,
                ts(at),
                outcome,
                self.user
            ],
        )?;
        let activity = load_activity(&tx, ActivityId(tx.last_insert_rowid()))?;
        touch(&tx, new.deal, at)?;
        tx.commit()?;
        Ok(DoneRecord {
            activity,
            previous_last_activity_at: deal.last_activity_at,
        })
    }

    pub fn activity(&self, id: ActivityId) -> Result<Activity> {
        load_activity(&self.conn, id)
    }

    /// A deal's activities, planned and done, by due moment.
    pub fn activities_of(&self, deal: DealId) -> Result<Vec<Activity>> {
        load_deal(&self.conn, deal)?;
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {ACTIVITY_COLUMNS} FROM activity a WHERE a.deal_id = ?1 ORDER BY a.due_at, a.id"
        ))?;
        let found = statement
            .query_map([deal.0], |row| activity_from_row(row, 0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(found)
    }

    /// Marks an activity done at `at` with an optional outcome; the deal's last activity moves
    /// to `at` (it is no longer rotting). An activity already done is refused, unchanged.
    pub fn complete_activity(
        &mut self,
        id: ActivityId,
        outcome: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<DoneRecord> {
        let outcome = optional_note(outcome)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let activity = load_activity(&tx, id)?;
        if let Some(done) = activity.done_at {
            return Err(StoreError::invalid(format!(
                "activity {id} was already done on {}; nothing was changed",
                crate::domain::dates::rfc3339(done)
            )));
        }
        let deal = load_deal(&tx, activity.deal_id)?;
        tx.execute(
            "UPDATE activity SET done_at = ?2, outcome = ?3, done_by = ?4 WHERE id = ?1",
            params![id.0, ts(at), outcome, self.user],
        )?;
        touch(&tx, activity.deal_id, at)?;
        let activity = load_activity(&tx, id)?;
        tx.commit()?;
        Ok(DoneRecord {
            activity,
            previous_last_activity_at: deal.last_activity_at,
        })
    }

    /// Takes a "done" back: the activity is planned again without an outcome, and the deal's
    /// last activity is put back unless something else happened on the deal since.
    pub fn undo_done(&mut self, record: &DoneRecord) -> Result<Activity> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = record.activity.id;
        let current = load_activity(&tx, id)?;
        let Some(done_at) = current.done_at else {
            return Err(StoreError::invalid(format!(
                "activity {id} is not done; nothing was changed"
            )));
        };
        tx.execute(
            "UPDATE activity SET done_at = NULL, outcome = NULL, done_by = NULL WHERE id = ?1",
            [id.0],
        )?;
        tx.execute(
            "UPDATE deal SET last_activity_at = ?3 WHERE id = ?1 AND last_activity_at = ?2",
            params![
                current.deal_id.0,
                ts(done_at),
                ts(record.previous_last_activity_at)
            ],
        )?;
        let activity = load_activity(&tx, id)?;
        tx.commit()?;
        Ok(activity)
    }

    /// Changes an activity's kind, due date or note; returns it before and after.
    pub fn edit_activity(&mut self, id: ActivityId, patch: &ActivityPatch) -> Result<ActivityEdit> {
        if patch.is_empty() {
            return Err(StoreError::invalid(
                "nothing to change; give --due, --kind or --note",
            ));
        }
        let note = patch
            .note
            .as_ref()
            .map(|note| optional_note(note.as_deref()))
            .transpose()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = load_activity(&tx, id)?;
        let mut after = before.clone();
        if let Some(kind) = patch.kind {
            after.kind = kind;
        }
        if let Some(due) = patch.due {
            after.due = due;
        }
        if let Some(note) = note {
            after.note = note;
        }
        write_activity(&tx, &after)?;
        let after = load_activity(&tx, id)?;
        tx.commit()?;
        Ok(ActivityEdit { before, after })
    }

    /// Deletes an activity; returns the row so that `restore_activity` can bring it back.
    pub fn delete_activity(&mut self, id: ActivityId) -> Result<Activity> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let activity = load_activity(&tx, id)?;
        tx.execute("DELETE FROM activity WHERE id = ?1", [id.0])?;
        tx.commit()?;
        Ok(activity)
    }

    /// Writes `activity` back exactly as given, under its id (undo of a delete or an edit).
    /// Its deal must still exist.
    pub fn restore_activity(&mut self, activity: &Activity) -> Result<Activity> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        load_deal(&tx, activity.deal_id)?;
        write_activity(&tx, activity)?;
        let restored = load_activity(&tx, activity.id)?;
        tx.commit()?;
        Ok(restored)
    }
}

impl Store {
    /// Takes back a logged activity (`log_done_activity`): it is deleted, and the deal's last
    /// activity put back unless something else happened on the deal since.
    pub fn unlog_done(&mut self, record: &DoneRecord) -> Result<Activity> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current = load_activity(&tx, record.activity.id)?;
        tx.execute("DELETE FROM activity WHERE id = ?1", [current.id.0])?;
        if let Some(done_at) = current.done_at {
            tx.execute(
                "UPDATE deal SET last_activity_at = ?3 WHERE id = ?1 AND last_activity_at = ?2",
                params![
                    current.deal_id.0,
                    ts(done_at),
                    ts(record.previous_last_activity_at)
                ],
            )?;
        }
        tx.commit()?;
        Ok(current)
    }

    /// Logs `record`'s activity again exactly as it was (redo of an unlog); the deal's last
    /// activity moves to its done time again.
    pub fn relog_done(&mut self, record: &DoneRecord) -> Result<DoneRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let activity = &record.activity;
        let deal = load_deal(&tx, activity.deal_id)?;
        write_activity(&tx, activity)?;
        if let Some(done_at) = activity.done_at {
            touch(&tx, activity.deal_id, done_at)?;
        }
        let activity = load_activity(&tx, activity.id)?;
        tx.commit()?;
        Ok(DoneRecord {
            activity,
            previous_last_activity_at: deal.last_activity_at,
        })
    }
}

/// Something happened on the deal at `at`: it is not rotting from then on.
pub(crate) fn touch(conn: &Connection, deal: DealId, at: DateTime<Utc>) -> Result<()> {
    conn.prepare_cached(
        "UPDATE deal SET last_activity_at = max(last_activity_at, ?2) WHERE id = ?1",
    )?
    .execute(params![deal.0, ts(at)])?;
    Ok(())
}
