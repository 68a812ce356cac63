//! Deals and their stage history: every user action here is one immediate transaction.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::domain::{
    Deal, DealId, DealPatch, NewDeal, Note, PipelineId, Qualification, StageId, StageKind,
    StageVisit, VisitId, plan_move,
};

use super::Store;
use super::bulk::insert_historic;
use super::error::{Result, StoreError};
use super::pipelines::load_pipelines;
use super::rows::{VISIT_COLUMNS, amount_minor, extra_json, load_deal, ts, visit_from_row};
use super::rules::{check_archive_change, check_version, new_deal_history};

/// Which deals to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DealFilter {
    pub pipeline: Option<PipelineId>,
    pub stage: Option<StageId>,
    pub status: Option<StageKind>,
    pub include_archived: bool,
    /// Only the deals this user owns (`deal list --mine`), matched as
    /// [`crate::domain::people::is_owner`] does.
    pub owner: Option<String>,
}

/// Everything a move changed, so it can be undone exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoveRecord {
    pub deal: DealId,
    pub from_stage: StageId,
    pub to_stage: StageId,
    /// The visit the move closed, and when it had been entered.
    pub closed_visit: VisitId,
    pub opened_visit: VisitId,
    pub previous_closed_at: Option<DateTime<Utc>>,
    pub previous_lost_reason: Option<String>,
    pub previous_last_activity_at: DateTime<Utc>,
    /// The qualification before the move (a move into an MQL, SAL or SQL stage sets it).
    pub previous_qualification: Option<Qualification>,
    /// The deal's version after the move.
    pub version: i64,
    pub at: DateTime<Utc>,
}

pub(crate) fn lost_reasons_in(conn: &Connection) -> Result<Vec<String>> {
    let mut statement =
        conn.prepare_cached("SELECT name FROM lost_reason ORDER BY position, id")?;
    let reasons = statement
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(reasons)
}

/// Writes every column a person can change, guarded by the version read.
fn write_fields(
    conn: &Connection,
    deal: &Deal,
    expected_version: i64,
    at: DateTime<Utc>,
    by: Option<&str>,
) -> Result<i64> {
    let changed = conn.execute(
        "UPDATE deal SET title = ?2, organization = ?3, contact_name = ?4, contact_email = ?5,
           contact_phone = ?6, owner = ?7, amount_minor = ?8, currency = ?9, probability_override = ?10,
           expected_close_date = ?11, source = ?12, qualification = ?13, lost_reason = ?14, won_note = ?15,
           extra = ?16, updated_at = ?17, updated_by = ?19, version = version + 1
         WHERE id = ?1 AND version = ?18",
        params![
            deal.id.0,
            deal.title,
            deal.organization,
            deal.contact.name,
            deal.contact.email,
            deal.contact.phone,
            deal.owner,
            amount_minor(deal.amount, deal.currency)?,
            deal.currency.code(),
            deal.probability_override,
            deal.expected_close_date.map(|d| d.format("%Y-%m-%d").to_string()),
            deal.source,
            deal.qualification.map(|q| q.as_str()),
            deal.lost_reason,
            deal.won_note,
            extra_json(&deal.extra)?,
            ts(at),
            expected_version,
            by,
        ],
    )?;
    if changed == 0 {
        let found = load_deal(conn, deal.id)?.version;
        return Err(StoreError::Conflict {
            deal: deal.id,
            expected: expected_version,
            found,
        });
    }
    Ok(expected_version + 1)
}

impl Store {
    /// Creates a deal and opens its first visit, in one transaction.
    pub fn add_deal(&mut self, new: &NewDeal, at: DateTime<Utc>) -> Result<Deal> {
        let new = new.validated().map_err(StoreError::rule)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = add_in(&tx, new, at, self.user.as_deref())?;
        let deal = load_deal(&tx, id)?;
        tx.commit()?;
        Ok(deal)
    }

    pub fn deal(&self, id: DealId) -> Result<Deal> {
        load_deal(&self.conn, id)
    }

    /// Deals matching `filter`, oldest first.
    pub fn deals(&self, filter: &DealFilter) -> Result<Vec<Deal>> {
        let mut deals = Vec::new();
        self.for_each_deal(filter, |deal| {
            deals.push(deal);
            Ok::<_, StoreError>(())
        })?;
        Ok(deals)
    }

    /// The deal's visits, oldest first.
    pub fn history(&self, id: DealId) -> Result<Vec<StageVisit>> {
        load_deal(&self.conn, id)?;
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {VISIT_COLUMNS} FROM stage_visit WHERE deal_id = ?1 ORDER BY entered_at, id"
        ))?;
        let visits = statement
            .query_map([id.0], visit_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(visits)
    }

    /// Moves a deal to another stage of its pipeline: closes the open visit, opens the next
    /// and updates the deal, all in one transaction. `expected_version` guards against a
    /// change made elsewhere since the deal was read.
    pub fn move_deal(
        &mut self,
        id: DealId,
        to: StageId,
        reason: Option<&str>,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<MoveRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let record = move_in(
            &tx,
            id,
            to,
            reason,
            expected_version,
            at,
            self.user.as_deref(),
        )?;
        tx.commit()?;
        Ok(record)
    }

    /// Takes a move back exactly: the visit it opened is deleted, the one it closed is open
    /// again, and the deal's stage, close and reason are as before. Refused when the deal
    /// changed since the move.
    pub fn undo_move(&mut self, record: &MoveRecord) -> Result<Deal> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        undo_move_in(&tx, record, self.user.as_deref())?;
        let deal = load_deal(&tx, record.deal)?;
        tx.commit()?;
        Ok(deal)
    }

    /// Changes a deal's fields. A new lost reason is written to the deal and to its lost visit.
    pub fn edit_deal(
        &mut self,
        id: DealId,
        expected_version: Option<i64>,
        patch: &DealPatch,
        at: DateTime<Utc>,
    ) -> Result<Deal> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let deal = load_deal(&tx, id)?;
        check_version(&deal, expected_version)?;
        let mut changed = deal.patched(patch).map_err(StoreError::rule)?;
        if let Some(reason) = &patch.lost_reason {
            let canonical =
                crate::domain::lost_reason::canonical_reason(reason, &lost_reasons_in(&tx)?);
            changed.lost_reason = Some(canonical.clone());
            tx.execute(
                "UPDATE stage_visit SET reason = ?2 WHERE deal_id = ?1 AND exited_at IS NULL",
                params![id.0, canonical],
            )?;
        }
        write_fields(&tx, &changed, deal.version, at, self.user.as_deref())?;
        let deal = load_deal(&tx, id)?;
        tx.commit()?;
        Ok(deal)
    }

    /// Hides a deal from the board; it stays in history and statistics.
    pub fn archive_deal(
        &mut self,
        id: DealId,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<Deal> {
        self.set_archived(id, expected_version, Some(at), at)
    }

    pub fn unarchive_deal(
        &mut self,
        id: DealId,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<Deal> {
        self.set_archived(id, expected_version, None, at)
    }

    fn set_archived(
        &mut self,
        id: DealId,
        expected_version: Option<i64>,
        archived_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> Result<Deal> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let deal = load_deal(&tx, id)?;
        check_version(&deal, expected_version)?;
        check_archive_change(&deal, archived_at)?;
        tx.execute(
            "UPDATE deal SET archived_at = ?2, updated_at = ?3, updated_by = ?5, version = version + 1 WHERE id = ?1 AND version = ?4",
            params![id.0, archived_at.map(ts), ts(at), deal.version, self.user],
        )?;
        let deal = load_deal(&tx, id)?;
        tx.commit()?;
        Ok(deal)
    }

    /// Adds a note to a deal, stamped with the stage it is in now.
    pub fn add_note(&mut self, id: DealId, body: &str, at: DateTime<Utc>) -> Result<Note> {
        let body = crate::domain::text::check_note(body).map_err(StoreError::rule)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let deal = load_deal(&tx, id)?;
        tx.execute(
            "INSERT INTO note (deal_id, stage_id, body, created_at, by_user) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id.0, deal.stage_id.0, body, ts(at), self.user],
        )?;
        let note_id = tx.last_insert_rowid();
        tx.execute(
            "UPDATE deal SET last_activity_at = max(last_activity_at, ?2) WHERE id = ?1",
            params![id.0, ts(at)],
        )?;
        tx.commit()?;
        Ok(Note {
            id: note_id,
            deal_id: id,
            stage_id: deal.stage_id,
            body,
            created_at: at,
            by: self.user.clone(),
        })
    }

    /// The deal's notes, oldest first.
    pub fn notes(&self, id: DealId) -> Result<Vec<Note>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, deal_id, stage_id, body, created_at, by_user FROM note WHERE deal_id = ?1 ORDER BY created_at, id")?;
        let notes = statement
            .query_map([id.0], |row| {
                Ok(Note {
                    id: row.get(0)?,
                    deal_id: DealId(row.get(1)?),
                    stage_id: StageId(row.get(2)?),
                    body: row.get(3)?,
                    created_at: super::rows::moment(row, 4)?,
                    by: row.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(notes)
    }

    /// The managed list of lost reasons, in order.
    pub fn lost_reasons(&self) -> Result<Vec<String>> {
        lost_reasons_in(&self.conn)
    }
}

/// Creates a deal and opens its first visit inside the caller's transaction, made by `user`.
pub(crate) fn add_in(
    conn: &Connection,
    new: NewDeal,
    at: DateTime<Utc>,
    user: Option<&str>,
) -> Result<DealId> {
    let pipeline = load_pipelines(conn)?
        .into_iter()
        .find(|p| p.id == new.pipeline_id)
        .ok_or_else(|| {
            StoreError::NotFound(format!("pipeline {} does not exist", new.pipeline_id.0))
        })?;
    let reasons = lost_reasons_in(conn)?;
    let (mut historic, stage) = new_deal_history(new, &pipeline, &reasons, at)?;
    for visit in &mut historic.visits {
        visit.by = user.map(str::to_string);
    }
    let id = insert_historic(conn, &historic)?;
    conn.execute(
        "UPDATE deal SET updated_by = ?2 WHERE id = ?1",
        params![id.0, user],
    )?;
    super::checklists::enter_stage(conn, id, &stage)?;
    Ok(id)
}

/// A move by `user` inside the caller's transaction (see [`Store::move_deal`]).
pub(crate) fn move_in(
    tx: &Connection,
    id: DealId,
    to: StageId,
    reason: Option<&str>,
    expected_version: Option<i64>,
    at: DateTime<Utc>,
    user: Option<&str>,
) -> Result<MoveRecord> {
    let deal = load_deal(tx, id)?;
    check_version(&deal, expected_version)?;
    let stage = super::rules::move_target(load_pipelines(tx)?, &deal, to)?;
    let reasons = lost_reasons_in(tx)?;
    let plan = plan_move(&deal, &stage, reason, &reasons, at).map_err(StoreError::rule)?;
    let qualification = super::rules::stage_qualification(&stage).or(deal.qualification);
    let (open_visit, entered_at): (i64, i64) = tx
        .query_row(
            "SELECT id, entered_at FROM stage_visit WHERE deal_id = ?1 AND exited_at IS NULL",
            [id.0],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| StoreError::Corrupt {
            path: "the database".into(),
            detail: format!("deal {id} has no open stage visit"),
        })?;
    // A clock that went backwards must not make a visit end before it began.
    let at_seconds = ts(at).max(entered_at);
    let at = DateTime::from_timestamp(at_seconds, 0).unwrap_or(at);
    tx.execute(
        "UPDATE stage_visit SET exited_at = ?2 WHERE id = ?1",
        params![open_visit, at_seconds],
    )?;
    tx.execute(
        "INSERT INTO stage_visit (deal_id, stage_id, from_stage_id, entered_at, reason, by_user) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id.0, plan.to.0, deal.stage_id.0, at_seconds, plan.visit_reason, user],
    )?;
    let opened_visit = VisitId(tx.last_insert_rowid());
    let changed = tx.execute(
        "UPDATE deal SET stage_id = ?2, closed_at = ?3, lost_reason = ?4, updated_at = ?5, last_activity_at = ?5,
           qualification = ?7, updated_by = ?8, version = version + 1
         WHERE id = ?1 AND version = ?6",
        params![
            id.0,
            plan.to.0,
            plan.closed_at.map(|_| at_seconds),
            plan.lost_reason,
            at_seconds,
            deal.version,
            qualification.map(|q| q.as_str()),
            user
        ],
    )?;
    if changed != 1 {
        return Err(StoreError::Conflict {
            deal: id,
            expected: deal.version,
            found: deal.version + 1,
        });
    }
    super::checklists::enter_stage(tx, id, &stage)?;
    Ok(MoveRecord {
        deal: id,
        from_stage: deal.stage_id,
        to_stage: plan.to,
        closed_visit: VisitId(open_visit),
        opened_visit,
        previous_closed_at: deal.closed_at,
        previous_lost_reason: deal.lost_reason,
        previous_last_activity_at: deal.last_activity_at,
        previous_qualification: deal.qualification,
        version: deal.version + 1,
        at,
    })
}

/// Takes a move back, by `user`, inside the caller's transaction (see [`Store::undo_move`]).
pub(crate) fn undo_move_in(tx: &Connection, record: &MoveRecord, user: Option<&str>) -> Result<()> {
    let deal = load_deal(tx, record.deal)?;
    check_version(&deal, Some(record.version))?;
    tx.execute(
        "DELETE FROM stage_visit WHERE id = ?1 AND deal_id = ?2",
        params![record.opened_visit.0, record.deal.0],
    )?;
    tx.execute(
        "UPDATE stage_visit SET exited_at = NULL WHERE id = ?1",
        [record.closed_visit.0],
    )?;
    tx.execute(
        "UPDATE deal SET stage_id = ?2, closed_at = ?3, lost_reason = ?4, last_activity_at = ?5,
           updated_at = ?6, qualification = ?7, updated_by = ?8, version = version + 1 WHERE id = ?1",
        params![
            record.deal.0,
            record.from_stage.0,
            record.previous_closed_at.map(ts),
            record.previous_lost_reason,
            ts(record.previous_last_activity_at),
            ts(Utc::now()),
            record.previous_qualification.map(|q| q.as_str()),
            user,
        ],
    )?;
    Ok(())
}
