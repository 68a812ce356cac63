//! Activities, checklists and exchange rates on the server, as src/store/activities.rs,
//! checklists.rs and the rates of metrics_rows.rs do them on SQLite.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::{DateTime, Local, NaiveDate, Utc};
use postgres::GenericClient;
use rust_decimal::Decimal;

use crate::domain::{Activity, ActivityId, DealId, PipelineId, Stage};
use crate::metrics::{ExchangeRate, ExchangeRates};

use super::super::activities::{
    ActivityEdit, ActivityPatch, DoneRecord, NewActivity, optional_note,
};
use super::super::checklists::{Checklist, ChecklistItem};
use super::super::error::{Result, StoreError};
use super::super::rules::{check_rate, stage_tasks, task_to_change};
use super::PgStore;
use super::pipelines::load_pipelines;
use super::rows::{
    ACTIVITY_COLUMNS, activity_from_row, currency, load_activity, load_deal, optional_moment,
};

/// Copies `stage`'s tasks to the deal's checklist for it; ticks from an earlier stay are kept.
pub(super) fn enter_stage(
    client: &mut impl GenericClient,
    deal: DealId,
    stage: &Stage,
) -> Result<()> {
    for (position, task) in stage.playbook.tasks.iter().enumerate() {
        if !task.trim().is_empty() {
            client.execute(
                "INSERT INTO checklist_item (deal_id, stage_id, task, position)
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                &[&deal.0, &stage.id.0, &task.trim(), &(position as i64)],
            )?;
        }
    }
    Ok(())
}

fn load_checklist(client: &mut impl GenericClient, deal: DealId) -> Result<(Checklist, Stage)> {
    let found = load_deal(client, deal)?;
    let stage = load_pipelines(client)?
        .into_iter()
        .find(|p| p.id == found.pipeline_id)
        .and_then(|p| p.stage(found.stage_id).cloned())
        .ok_or_else(|| StoreError::NotFound(format!("deal {deal}'s stage does not exist")))?;
    let rows = client.query(
        "SELECT task, done_at FROM checklist_item WHERE deal_id = $1 AND stage_id = $2
         ORDER BY position, task",
        &[&deal.0, &stage.id.0],
    )?;
    let mut items = rows
        .iter()
        .map(|row| {
            Ok(ChecklistItem {
                task: row.try_get(0)?,
                done_at: optional_moment(row.try_get(1)?)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    if items.is_empty() {
        items = stage_tasks(&stage);
    }
    let checklist = Checklist {
        deal,
        stage_id: stage.id,
        stage_name: stage.name.clone(),
        items,
    };
    Ok((checklist, stage))
}

/// Writes every column of `activity` under its id, inserting it when it is not there.
pub(super) fn write_activity(client: &mut impl GenericClient, activity: &Activity) -> Result<()> {
    client.execute(
        "INSERT INTO activity
           (id, deal_id, kind, due_at, all_day, note, done_at, outcome, created_at, by_user,
            done_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (id) DO UPDATE SET deal_id = excluded.deal_id, kind = excluded.kind,
           due_at = excluded.due_at, all_day = excluded.all_day, note = excluded.note,
           done_at = excluded.done_at, outcome = excluded.outcome,
           created_at = excluded.created_at, by_user = excluded.by_user,
           done_by = excluded.done_by",
        &[
            &activity.id.0,
            &activity.deal_id.0,
            &activity.kind.as_str(),
            &activity.due.moment_in(&Local).timestamp(),
            &activity.due.is_all_day(),
            &activity.note,
            &activity.done_at.map(|t| t.timestamp()),
            &activity.outcome,
            &activity.created_at.timestamp(),
            &activity.by,
            &activity.done_by,
        ],
    )?;
    Ok(())
}

/// Something happened on the deal at `at`: it is not rotting from then on.
fn touch(client: &mut impl GenericClient, deal: DealId, at: DateTime<Utc>) -> Result<()> {
    client.execute(
        "UPDATE deal SET last_activity_at = greatest(last_activity_at, $2) WHERE id = $1",
        &[&deal.0, &at.timestamp()],
    )?;
    Ok(())
}

fn insert_activity(
    client: &mut impl GenericClient,
    new: &NewActivity,
    note: &Option<String>,
    done: Option<(DateTime<Utc>, &Option<String>)>,
    at: DateTime<Utc>,
    by: &Option<String>,
) -> Result<Activity> {
    // A logged activity is done by whoever logged it.
    let done_by = done.and(by.clone());
    let id: i64 = client
        .query_one(
            "INSERT INTO activity
               (deal_id, kind, due_at, all_day, note, done_at, outcome, created_at, by_user,
                done_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            &[
                &new.deal.0,
                &new.kind.as_str(),
                &new.due.moment_in(&Local).timestamp(),
                &new.due.is_all_day(),
                note,
                &done.map(|(t, _)| t.timestamp()),
                &done.and_then(|(_, outcome)| outcome.clone()),
                &at.timestamp(),
                by,
                &done_by,
            ],
        )?
        .try_get(0)?;
    load_activity(client, ActivityId(id))
}

impl PgStore {
    pub fn add_activity(&mut self, new: &NewActivity, at: DateTime<Utc>) -> Result<Activity> {
        let note = optional_note(new.note.as_deref())?;
        let by = self.user.clone();
        self.write(|tx| {
            load_deal(tx, new.deal)?;
            insert_activity(tx, new, &note, None, at, &by)
        })
    }

    pub fn log_done_activity(
        &mut self,
        new: &NewActivity,
        outcome: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<DoneRecord> {
        let note = optional_note(new.note.as_deref())?;
        let outcome = optional_note(outcome)?;
        let by = self.user.clone();
        self.write(|tx| {
            let deal = load_deal(tx, new.deal)?;
            let activity = insert_activity(tx, new, &note, Some((at, &outcome)), at, &by)?;
            touch(tx, new.deal, at)?;
            Ok(DoneRecord {
                activity,
                previous_last_activity_at: deal.last_activity_at,
            })
        })
    }

    pub fn activity(&self, id: ActivityId) -> Result<Activity> {
        load_activity(&mut *self.reader()?, id)
    }

    pub fn activities_of(&self, deal: DealId) -> Result<Vec<Activity>> {
        let mut client = self.reader()?;
        load_deal(&mut *client, deal)?;
        client
            .query(
                &format!(
                    "SELECT {ACTIVITY_COLUMNS} FROM activity a WHERE a.deal_id = $1 ORDER BY a.due_at, a.id"
                ),
                &[&deal.0],
            )?
            .iter()
            .map(activity_from_row)
            .collect()
    }

    pub fn complete_activity(
        &mut self,
        id: ActivityId,
        outcome: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<DoneRecord> {
        let outcome = optional_note(outcome)?;
        let by = self.user.clone();
        self.write(|tx| {
            let activity = load_activity(tx, id)?;
            if let Some(done) = activity.done_at {
                return Err(StoreError::invalid(format!(
                    "activity {id} was already done on {}; nothing was changed",
                    crate::domain::dates::rfc3339(done)
                )));
            }
            let deal = load_deal(tx, activity.deal_id)?;
            tx.execute(
                "UPDATE activity SET done_at = $2, outcome = $3, done_by = $4 WHERE id = $1",
                &[&id.0, &at.timestamp(), &outcome, &by],
            )?;
            touch(tx, activity.deal_id, at)?;
            Ok(DoneRecord {
                activity: load_activity(tx, id)?,
                previous_last_activity_at: deal.last_activity_at,
            })
        })
    }

    pub fn undo_done(&mut self, record: &DoneRecord) -> Result<Activity> {
        let id = record.activity.id;
        self.write(|tx| {
            let current = load_activity(tx, id)?;
            let Some(done_at) = current.done_at else {
                return Err(StoreError::invalid(format!(
                    "activity {id} is not done; nothing was changed"
                )));
            };
            tx.execute(
                "UPDATE activity SET done_at = NULL, outcome = NULL, done_by = NULL WHERE id = $1",
                &[&id.0],
            )?;
            tx.execute(
                "UPDATE deal SET last_activity_at = $3 WHERE id = $1 AND last_activity_at = $2",
                &[
                    &current.deal_id.0,
                    &done_at.timestamp(),
                    &record.previous_last_activity_at.timestamp(),
                ],
            )?;
            load_activity(tx, id)
        })
    }

    /// As SQLite's: the logged activity deleted, the deal's last activity put back unless
    /// something else happened on the deal since.
    pub fn unlog_done(&mut self, record: &DoneRecord) -> Result<Activity> {
        self.write(|tx| {
            let current = load_activity(tx, record.activity.id)?;
            tx.execute("DELETE FROM activity WHERE id = $1", &[&current.id.0])?;
            if let Some(done_at) = current.done_at {
                tx.execute(
                    "UPDATE deal SET last_activity_at = $3 WHERE id = $1 AND last_activity_at = $2",
                    &[
                        &current.deal_id.0,
                        &done_at.timestamp(),
                        &record.previous_last_activity_at.timestamp(),
                    ],
                )?;
            }
            Ok(current)
        })
    }

    /// As SQLite's: `record`'s activity logged again exactly as it was.
    pub fn relog_done(&mut self, record: &DoneRecord) -> Result<DoneRecord> {
        self.write(|tx| {
            let activity = &record.activity;
            let deal = load_deal(tx, activity.deal_id)?;
            write_activity(tx, activity)?;
            if let Some(done_at) = activity.done_at {
                touch(tx, activity.deal_id, done_at)?;
            }
            Ok(DoneRecord {
                activity: load_activity(tx, activity.id)?,
                previous_last_activity_at: deal.last_activity_at,
            })
        })
    }

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
        self.write(|tx| {
            let before = load_activity(tx, id)?;
            let mut after = before.clone();
            if let Some(kind) = patch.kind {
                after.kind = kind;
            }
            if let Some(due) = patch.due {
                after.due = due;
            }
            if let Some(note) = &note {
                after.note = note.clone();
            }
            write_activity(tx, &after)?;
            Ok(ActivityEdit {
                before,
                after: load_activity(tx, id)?,
            })
        })
    }

    pub fn delete_activity(&mut self, id: ActivityId) -> Result<Activity> {
        self.write(|tx| {
            let activity = load_activity(tx, id)?;
            tx.execute("DELETE FROM activity WHERE id = $1", &[&id.0])?;
            Ok(activity)
        })
    }

    pub fn restore_activity(&mut self, activity: &Activity) -> Result<Activity> {
        self.write(|tx| {
            load_deal(tx, activity.deal_id)?;
            write_activity(tx, activity)?;
            // A restored id was handed out before: the sequence is already past it.
            load_activity(tx, activity.id)
        })
    }

    pub fn checklist(&self, deal: DealId) -> Result<Checklist> {
        Ok(load_checklist(&mut *self.reader()?, deal)?.0)
    }

    pub fn set_task(
        &mut self,
        deal: DealId,
        task: &str,
        done_at: Option<DateTime<Utc>>,
    ) -> Result<Checklist> {
        self.write(|tx| {
            let (checklist, stage) = load_checklist(tx, deal)?;
            let task = task_to_change(&checklist, task, done_at)?;
            // A checklist read from the stage's tasks is stored before its first tick.
            enter_stage(tx, deal, &stage)?;
            tx.execute(
                "UPDATE checklist_item SET done_at = $4 WHERE deal_id = $1 AND stage_id = $2 AND task = $3",
                &[&deal.0, &stage.id.0, &task, &done_at.map(|t| t.timestamp())],
            )?;
            Ok(load_checklist(tx, deal)?.0)
        })
    }

    pub fn checklist_progress(
        &self,
        pipeline: PipelineId,
    ) -> Result<HashMap<DealId, (usize, usize)>> {
        let rows = self.reader()?.query(
            "SELECT c.deal_id, count(c.done_at), count(*) FROM checklist_item c
             JOIN deal d ON d.id = c.deal_id AND d.stage_id = c.stage_id
             WHERE d.pipeline_id = $1 GROUP BY c.deal_id",
            &[&pipeline.0],
        )?;
        rows.iter()
            .map(|row| {
                let done: i64 = row.try_get(1)?;
                let total: i64 = row.try_get(2)?;
                Ok((DealId(row.try_get(0)?), (done as usize, total as usize)))
            })
            .collect()
    }

    pub fn exchange_rates(&self) -> Result<ExchangeRates> {
        let rows = self.reader()?.query(
            "SELECT base, currency, valid_from, rate FROM fx_rate ORDER BY base, currency, valid_from",
            &[],
        )?;
        let rates = rows
            .iter()
            .map(|row| {
                let rate: &str = row.try_get(3)?;
                Ok(ExchangeRate {
                    base: currency(row.try_get(0)?)?,
                    currency: currency(row.try_get(1)?)?,
                    valid_from: row.try_get::<_, NaiveDate>(2)?,
                    rate: Decimal::from_str(rate).map_err(|e| StoreError::Corrupt {
                        path: "the database server".into(),
                        detail: format!("rate {rate:?}: {e}"),
                    })?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ExchangeRates::new(rates))
    }

    pub fn set_exchange_rate(&mut self, rate: &ExchangeRate) -> Result<()> {
        check_rate(rate)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO fx_rate (base, currency, valid_from, rate) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (base, currency, valid_from) DO UPDATE SET rate = excluded.rate",
                &[
                    &rate.base.code(),
                    &rate.currency.code(),
                    &rate.valid_from,
                    &rate.rate.normalize().to_string(),
                ],
            )?;
            Ok(())
        })
    }
}
