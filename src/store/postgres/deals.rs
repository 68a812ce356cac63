//! Deals, moves and notes on the server: each user action one write transaction, with the
//! domain's plan (`plan_move`) and the store's rules, as in src/store/deals.rs.

use chrono::{DateTime, Utc};
use postgres::types::ToSql;
use postgres::{GenericClient, Transaction};

use crate::domain::{
    Deal, DealId, DealPatch, NewDeal, Note, StageId, StageVisit, VisitId, plan_move,
};

use super::super::bulk::{HistoricDeal, HistoricVisit, derived_update};
use super::super::deals::MoveRecord;
use super::super::error::{Result, StoreError};
use super::super::rows::{amount_minor, extra_json};
use super::super::rules::CheckedDeal;
use super::super::rules::{check_archive_change, check_version, new_deal_history};
use super::activities::enter_stage;
use super::pipelines::{load_pipelines, lost_reasons};
use super::rows::{VISIT_COLUMNS, load_deal, moment, visit_from_row};
use super::{PgStore, Statements};

/// The deal columns every writer sets, in the order [`insert_deal`] binds them.
const DEAL_ROW_COLUMNS: &str = "pipeline_id, stage_id, title, organization, \
     contact_name, contact_email, contact_phone, owner, amount_minor, currency, \
     probability_override, expected_close_date, source, qualification, lost_reason, won_note, \
     created_at, closed_at, archived_at, updated_at, last_activity_at, extra, source_system, \
     source_id";

/// The checked values of [`DEAL_ROW_COLUMNS`] for `historic`, as SQLite's `deal_row_values`.
pub(super) fn deal_row_values(
    historic: &HistoricDeal,
    updated_at: DateTime<Utc>,
    last_activity_at: DateTime<Utc>,
) -> Result<Vec<Box<dyn ToSql + Sync>>> {
    let CheckedDeal {
        deal,
        stage,
        amount_minor: amount,
        extra,
        source_system: system,
        source_id: record,
    } = super::super::rules::check_deal_row(historic)?;
    Ok(vec![
        Box::new(deal.pipeline_id.0),
        Box::new(stage.0),
        Box::new(deal.title),
        Box::new(deal.organization),
        Box::new(deal.contact.name),
        Box::new(deal.contact.email),
        Box::new(deal.contact.phone),
        Box::new(deal.owner),
        Box::new(amount),
        Box::new(deal.currency.code().to_string()),
        Box::new(deal.probability_override.map(i32::from)),
        Box::new(deal.expected_close_date),
        Box::new(deal.source),
        Box::new(deal.qualification.map(|q| q.as_str().to_string())),
        Box::new(historic.lost_reason.clone()),
        Box::new(historic.won_note.clone()),
        Box::new(historic.created_at.timestamp()),
        Box::new(historic.closed_at.map(|t| t.timestamp())),
        Box::new(historic.archived_at.map(|t| t.timestamp())),
        Box::new(updated_at.timestamp()),
        Box::new(last_activity_at.timestamp()),
        Box::new(extra),
        Box::new(system),
        Box::new(record),
    ])
}

pub(super) fn params(values: &[Box<dyn ToSql + Sync>]) -> Vec<&(dyn ToSql + Sync)> {
    values.iter().map(|v| v.as_ref()).collect()
}

/// Writes the deal's visits in order, each coming from the stage before it, in one
/// statement (one round trip to the server however long the history).
pub(super) fn insert_visits(
    client: &mut impl GenericClient,
    statements: &mut Statements,
    deal: DealId,
    visits: &[HistoricVisit],
) -> Result<()> {
    let stages: Vec<i64> = visits.iter().map(|v| v.stage_id.0).collect();
    let from: Vec<Option<i64>> = std::iter::once(None)
        .chain(stages.iter().copied().map(Some))
        .take(visits.len())
        .collect();
    let entered: Vec<i64> = visits.iter().map(|v| v.entered_at.timestamp()).collect();
    let exited: Vec<Option<i64>> = visits
        .iter()
        .map(|v| v.exited_at.map(|t| t.timestamp()))
        .collect();
    let reasons: Vec<Option<String>> = visits.iter().map(|v| v.reason.clone()).collect();
    let by: Vec<Option<String>> = visits.iter().map(|v| v.by.clone()).collect();
    let statement = statements.get(
        client,
        "INSERT INTO stage_visit
           (deal_id, stage_id, from_stage_id, entered_at, exited_at, reason, by_user)
         SELECT $1, v.stage_id, v.from_stage_id, v.entered_at, v.exited_at, v.reason, v.by_user
         FROM unnest($2::BIGINT[], $3::BIGINT[], $4::BIGINT[], $5::BIGINT[], $6::TEXT[],
                     $7::TEXT[])
              WITH ORDINALITY AS v (stage_id, from_stage_id, entered_at, exited_at, reason,
                                    by_user, n)
         ORDER BY v.n",
    )?;
    client.execute(
        &statement,
        &[&deal.0, &stages, &from, &entered, &exited, &reasons, &by],
    )?;
    Ok(())
}

/// Inserts a deal row and its visits; `kept` keeps a lossless import's id and version (the
/// import moves the id sequence past them before it commits).
pub(super) fn insert_deal(
    client: &mut impl GenericClient,
    statements: &mut Statements,
    historic: &HistoricDeal,
    kept: Option<(DealId, i64)>,
    updated_at: DateTime<Utc>,
    last_activity_at: DateTime<Utc>,
) -> Result<DealId> {
    let mut values = deal_row_values(historic, updated_at, last_activity_at)?;
    let id = match kept {
        Some((id, version)) => {
            values.push(Box::new(id.0));
            values.push(Box::new(version));
            let statement = statements.get(
                client,
                &format!(
                    "INSERT INTO deal ({DEAL_ROW_COLUMNS}, id, version) VALUES ($1, $2, $3, $4,
                     $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
                     $21, $22, $23, $24, $25, $26)"
                ),
            )?;
            client.execute(&statement, &params(&values))?;
            id
        }
        None => {
            let statement = statements.get(
                client,
                &format!(
                    "INSERT INTO deal ({DEAL_ROW_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7,
                     $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
                     $23, $24) RETURNING id"
                ),
            )?;
            let row = client.query_one(&statement, &params(&values))?;
            DealId(row.try_get(0)?)
        }
    };
    insert_visits(client, statements, id, &historic.visits)?;
    Ok(id)
}

/// Moves the deal id sequence past every id in use (after ids were written as kept).
pub(super) fn bump_deal_sequence(client: &mut impl GenericClient) -> Result<()> {
    client.execute(
        "SELECT setval(pg_get_serial_sequence('deal', 'id'),
                       greatest((SELECT max(id) FROM deal), 1))",
        &[],
    )?;
    Ok(())
}

/// Writes every column a person can change, guarded by the version read.
fn write_fields(
    tx: &mut Transaction<'_>,
    deal: &Deal,
    expected_version: i64,
    at: DateTime<Utc>,
    by: Option<&str>,
) -> Result<()> {
    let changed = tx.execute(
        "UPDATE deal SET title = $2, organization = $3, contact_name = $4, contact_email = $5,
           contact_phone = $6, owner = $7, amount_minor = $8, currency = $9,
           probability_override = $10, expected_close_date = $11, source = $12,
           qualification = $13, lost_reason = $14, won_note = $15, extra = $16, updated_at = $17,
           updated_by = $19, version = version + 1
         WHERE id = $1 AND version = $18",
        &[
            &deal.id.0,
            &deal.title,
            &deal.organization,
            &deal.contact.name,
            &deal.contact.email,
            &deal.contact.phone,
            &deal.owner,
            &amount_minor(deal.amount, deal.currency)?,
            &deal.currency.code(),
            &deal.probability_override.map(i32::from),
            &deal.expected_close_date,
            &deal.source,
            &deal.qualification.map(|q| q.as_str()),
            &deal.lost_reason,
            &deal.won_note,
            &extra_json(&deal.extra)?,
            &at.timestamp(),
            &expected_version,
            &by,
        ],
    )?;
    if changed == 0 {
        let found = load_deal(tx, deal.id)?.version;
        return Err(StoreError::Conflict {
            deal: deal.id,
            expected: expected_version,
            found,
        });
    }
    Ok(())
}

impl PgStore {
    pub fn add_deal(&mut self, new: &NewDeal, at: DateTime<Utc>) -> Result<Deal> {
        let new = new.validated().map_err(StoreError::rule)?;
        let by = self.user.clone();
        self.write(|tx| {
            let id = add_in(tx, new.clone(), at, by.as_deref())?;
            load_deal(tx, id)
        })
    }

    pub fn deal(&self, id: DealId) -> Result<Deal> {
        load_deal(&mut *self.reader()?, id)
    }

    pub fn history(&self, id: DealId) -> Result<Vec<StageVisit>> {
        let mut client = self.reader()?;
        load_deal(&mut *client, id)?;
        client
            .query(
                &format!(
                    "SELECT {VISIT_COLUMNS} FROM stage_visit WHERE deal_id = $1 ORDER BY entered_at, id"
                ),
                &[&id.0],
            )?
            .iter()
            .map(visit_from_row)
            .collect()
    }

    pub fn move_deal(
        &mut self,
        id: DealId,
        to: StageId,
        reason: Option<&str>,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<MoveRecord> {
        let by = self.user.clone();
        self.write(|tx| move_in(tx, id, to, reason, expected_version, at, by.as_deref()))
    }

    pub fn undo_move(&mut self, record: &MoveRecord) -> Result<Deal> {
        let by = self.user.clone();
        self.write(|tx| {
            undo_move_in(tx, record, by.as_deref())?;
            load_deal(tx, record.deal)
        })
    }

    pub fn edit_deal(
        &mut self,
        id: DealId,
        expected_version: Option<i64>,
        patch: &DealPatch,
        at: DateTime<Utc>,
    ) -> Result<Deal> {
        let by = self.user.clone();
        self.write(|tx| {
            let deal = load_deal(tx, id)?;
            check_version(&deal, expected_version)?;
            let mut changed = deal.patched(patch).map_err(StoreError::rule)?;
            if let Some(reason) = &patch.lost_reason {
                let canonical =
                    crate::domain::lost_reason::canonical_reason(reason, &lost_reasons(tx)?);
                changed.lost_reason = Some(canonical.clone());
                tx.execute(
                    "UPDATE stage_visit SET reason = $2 WHERE deal_id = $1 AND exited_at IS NULL",
                    &[&id.0, &canonical],
                )?;
            }
            write_fields(tx, &changed, deal.version, at, by.as_deref())?;
            load_deal(tx, id)
        })
    }

    pub fn set_archived(
        &mut self,
        id: DealId,
        expected_version: Option<i64>,
        archived_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> Result<Deal> {
        let by = self.user.clone();
        self.write(|tx| {
            let deal = load_deal(tx, id)?;
            check_version(&deal, expected_version)?;
            check_archive_change(&deal, archived_at)?;
            tx.execute(
                "UPDATE deal SET archived_at = $2, updated_at = $3, updated_by = $5,
                   version = version + 1
                 WHERE id = $1 AND version = $4",
                &[
                    &id.0,
                    &archived_at.map(|t| t.timestamp()),
                    &at.timestamp(),
                    &deal.version,
                    &by,
                ],
            )?;
            load_deal(tx, id)
        })
    }

    pub fn add_note(&mut self, id: DealId, body: &str, at: DateTime<Utc>) -> Result<Note> {
        let body = crate::domain::text::check_note(body).map_err(StoreError::rule)?;
        let by = self.user.clone();
        self.write(|tx| {
            let deal = load_deal(tx, id)?;
            let note_id: i64 = tx
                .query_one(
                    "INSERT INTO note (deal_id, stage_id, body, created_at, by_user)
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    &[&id.0, &deal.stage_id.0, &body, &at.timestamp(), &by],
                )?
                .try_get(0)?;
            tx.execute(
                "UPDATE deal SET last_activity_at = greatest(last_activity_at, $2) WHERE id = $1",
                &[&id.0, &at.timestamp()],
            )?;
            Ok(Note {
                id: note_id,
                deal_id: id,
                stage_id: deal.stage_id,
                body: body.clone(),
                created_at: at,
                by: by.clone(),
            })
        })
    }

    pub fn notes(&self, id: DealId) -> Result<Vec<Note>> {
        let rows = self.reader()?.query(
            "SELECT id, deal_id, stage_id, body, created_at, by_user FROM note WHERE deal_id = $1
             ORDER BY created_at, id",
            &[&id.0],
        )?;
        rows.iter()
            .map(|row| {
                Ok(Note {
                    id: row.try_get(0)?,
                    deal_id: DealId(row.try_get(1)?),
                    stage_id: StageId(row.try_get(2)?),
                    body: row.try_get(3)?,
                    created_at: moment(row.try_get(4)?)?,
                    by: row.try_get(5)?,
                })
            })
            .collect()
    }
}

/// Creates a deal and opens its first visit inside the caller's transaction.
pub(super) fn add_in(
    tx: &mut Transaction<'_>,
    new: NewDeal,
    at: DateTime<Utc>,
    by: Option<&str>,
) -> Result<DealId> {
    let pipeline = load_pipelines(tx)?
        .into_iter()
        .find(|p| p.id == new.pipeline_id)
        .ok_or_else(|| {
            StoreError::NotFound(format!("pipeline {} does not exist", new.pipeline_id.0))
        })?;
    let reasons = lost_reasons(tx)?;
    let (mut historic, stage) = new_deal_history(new, &pipeline, &reasons, at)?;
    for visit in &mut historic.visits {
        visit.by = by.map(str::to_string);
    }
    let touched = derived_update(&historic);
    let id = insert_deal(
        tx,
        &mut Statements::default(),
        &historic,
        None,
        touched,
        touched,
    )?;
    tx.execute(
        "UPDATE deal SET updated_by = $2 WHERE id = $1",
        &[&id.0, &by],
    )?;
    enter_stage(tx, id, &stage)?;
    Ok(id)
}

/// A move inside the caller's transaction (as SQLite's `move_in`).
pub(super) fn move_in(
    tx: &mut Transaction<'_>,
    id: DealId,
    to: StageId,
    reason: Option<&str>,
    expected_version: Option<i64>,
    at: DateTime<Utc>,
    by: Option<&str>,
) -> Result<MoveRecord> {
    let deal = load_deal(tx, id)?;
    check_version(&deal, expected_version)?;
    let stage = super::super::rules::move_target(load_pipelines(tx)?, &deal, to)?;
    let reasons = lost_reasons(tx)?;
    let plan = plan_move(&deal, &stage, reason, &reasons, at).map_err(StoreError::rule)?;
    let qualification = super::super::rules::stage_qualification(&stage)
        .or(deal.qualification)
        .map(|q| q.as_str());
    let open = tx
        .query_opt(
            "SELECT id, entered_at FROM stage_visit WHERE deal_id = $1 AND exited_at IS NULL",
            &[&id.0],
        )?
        .ok_or_else(|| StoreError::Corrupt {
            path: "the database server".into(),
            detail: format!("deal {id} has no open stage visit"),
        })?;
    let open_visit: i64 = open.try_get(0)?;
    let entered_at: i64 = open.try_get(1)?;
    // A clock that went backwards must not make a visit end before it began.
    let at_seconds = at.timestamp().max(entered_at);
    let at = moment(at_seconds)?;
    tx.execute(
        "UPDATE stage_visit SET exited_at = $2 WHERE id = $1",
        &[&open_visit, &at_seconds],
    )?;
    let opened: i64 = tx
        .query_one(
            "INSERT INTO stage_visit (deal_id, stage_id, from_stage_id, entered_at, reason, by_user)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            &[
                &id.0,
                &plan.to.0,
                &deal.stage_id.0,
                &at_seconds,
                &plan.visit_reason,
                &by,
            ],
        )?
        .try_get(0)?;
    let changed = tx.execute(
        "UPDATE deal SET stage_id = $2, closed_at = $3, lost_reason = $4, updated_at = $5,
           last_activity_at = $5, qualification = $7, updated_by = $8, version = version + 1
         WHERE id = $1 AND version = $6",
        &[
            &id.0,
            &plan.to.0,
            &plan.closed_at.map(|_| at_seconds),
            &plan.lost_reason,
            &at_seconds,
            &deal.version,
            &qualification,
            &by,
        ],
    )?;
    if changed != 1 {
        return Err(StoreError::Conflict {
            deal: id,
            expected: deal.version,
            found: deal.version + 1,
        });
    }
    enter_stage(tx, id, &stage)?;
    Ok(MoveRecord {
        deal: id,
        from_stage: deal.stage_id,
        to_stage: plan.to,
        closed_visit: VisitId(open_visit),
        opened_visit: VisitId(opened),
        previous_closed_at: deal.closed_at,
        previous_lost_reason: deal.lost_reason.clone(),
        previous_last_activity_at: deal.last_activity_at,
        previous_qualification: deal.qualification,
        version: deal.version + 1,
        at,
    })
}

/// Takes a move back inside the caller's transaction (as SQLite's `undo_move_in`).
pub(super) fn undo_move_in(
    tx: &mut Transaction<'_>,
    record: &MoveRecord,
    by: Option<&str>,
) -> Result<()> {
    let deal = load_deal(tx, record.deal)?;
    check_version(&deal, Some(record.version))?;
    tx.execute(
        "DELETE FROM stage_visit WHERE id = $1 AND deal_id = $2",
        &[&record.opened_visit.0, &record.deal.0],
    )?;
    tx.execute(
        "UPDATE stage_visit SET exited_at = NULL WHERE id = $1",
        &[&record.closed_visit.0],
    )?;
    tx.execute(
        "UPDATE deal SET stage_id = $2, closed_at = $3, lost_reason = $4,
           last_activity_at = $5, updated_at = $6, qualification = $7, updated_by = $8,
           version = version + 1
         WHERE id = $1",
        &[
            &record.deal.0,
            &record.from_stage.0,
            &record.previous_closed_at.map(|t| t.timestamp()),
            &record.previous_lost_reason,
            &record.previous_last_activity_at.timestamp(),
            &Utc::now().timestamp(),
            &record.previous_qualification.map(|q| q.as_str()),
            &by,
        ],
    )?;
    Ok(())
}
