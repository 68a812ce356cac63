//! One import on the server: a single transaction holding the workspace's write turn, as
//! SQLite's `Importer` (src/store/import.rs); dropping it rolls everything back.

use chrono::{DateTime, Local, NaiveDate, Utc};
use postgres::Transaction;
use postgres::types::ToSql;
use rust_decimal::Decimal;

use crate::domain::text::check_note;
use crate::domain::{
    Activity, ActivityKind, Currency, DealId, Due, Pipeline, PipelineDef, StageId,
};

use super::super::{ChecklistRow, NoteRow, Written};
use super::activities::write_activity;

use super::super::bulk::{HistoricDeal, derived_update};
use super::super::error::{Result, StoreError};
use super::super::import::{KeptStamps, Upserted};
use super::super::rules::with_open_stages;
use super::deals::{bump_deal_sequence, deal_row_values, insert_deal, insert_visits, params};
use super::pipelines::{apply_in, load_pipelines};
use super::{PgStore, Statements};

pub struct PgImport<'a> {
    tx: Transaction<'a>,
    pipelines: Vec<Pipeline>,
    statements: Statements,
    /// Deals were written under kept ids: the id sequence must move past them.
    kept_ids: bool,
    /// Activities or notes were written under the file's ids: their sequences too.
    kept_rows: bool,
    /// The importing store's session, named in the change notice sent on commit.
    session: String,
}

impl PgStore {
    pub fn importer(&mut self) -> Result<PgImport<'_>> {
        let session = self.session.clone();
        let mut tx = self.client.get_mut().transaction()?;
        super::take_write_turn(&mut tx)?;
        let pipelines = load_pipelines(&mut tx)?;
        Ok(PgImport {
            tx,
            pipelines,
            statements: Statements::default(),
            kept_ids: false,
            kept_rows: false,
            session,
        })
    }
}

impl PgImport<'_> {
    pub fn pipelines(&self) -> &[Pipeline] {
        &self.pipelines
    }

    pub fn create_pipeline(&mut self, def: &PipelineDef) -> Result<()> {
        def.validate().map_err(StoreError::invalid)?;
        apply_in(&mut self.tx, def, Utc::now())?;
        self.pipelines = load_pipelines(&mut self.tx)?;
        Ok(())
    }

    pub fn add_open_stages(&mut self, pipeline: &str, names: &[String]) -> Result<()> {
        let existing = self
            .pipelines
            .iter()
            .find(|p| p.name.to_lowercase() == pipeline.trim().to_lowercase())
            .ok_or_else(|| {
                StoreError::NotFound(format!(
                    "pipeline {} does not exist",
                    crate::domain::text::echo(pipeline)
                ))
            })?;
        let def = with_open_stages(existing, names)?;
        apply_in(&mut self.tx, &def, Utc::now())?;
        self.pipelines = load_pipelines(&mut self.tx)?;
        Ok(())
    }

    /// As SQLite's `upsert`: by id when `kept` is given, else by `source_ref`.
    pub fn upsert(
        &mut self,
        historic: &HistoricDeal,
        kept: Option<&KeptStamps>,
        at: DateTime<Utc>,
    ) -> Result<Upserted> {
        let derived = derived_update(historic);
        let matched: Option<i64> = match (kept, &historic.source_ref) {
            (Some(kept), _) => {
                let by_id = self
                    .statements
                    .get(&mut self.tx, "SELECT id FROM deal WHERE id = $1")?;
                self.tx
                    .query_opt(&by_id, &[&kept.id.0])?
                    .map(|r| r.try_get(0))
                    .transpose()?
            }
            (None, Some((system, record))) => {
                let by_source = self.statements.get(
                    &mut self.tx,
                    "SELECT id FROM deal WHERE source_system = $1 AND source_id = $2",
                )?;
                self.tx
                    .query_opt(&by_source, &[system, record])?
                    .map(|r| r.try_get(0))
                    .transpose()?
            }
            (None, None) => None,
        };
        let (updated_at, last_activity_at) = match kept {
            Some(kept) => (kept.updated_at, kept.last_activity_at),
            None if matched.is_some() => (at, at),
            None => (derived, derived),
        };
        match matched {
            Some(id) => {
                // The new history may not mention the stage the deal is in now, so the deal
                // is pointed at its new stage only after the old visits are gone.
                let forget = self
                    .statements
                    .get(&mut self.tx, "DELETE FROM stage_visit WHERE deal_id = $1")?;
                self.tx.execute(&forget, &[&id])?;
                let mut values = deal_row_values(historic, updated_at, last_activity_at)?;
                values.push(Box::new(id));
                let replace = self.statements.get(
                    &mut self.tx,
                    "UPDATE deal SET pipeline_id = $1, stage_id = $2, title = $3, organization = $4,
                       contact_name = $5, contact_email = $6, contact_phone = $7, owner = $8,
                       amount_minor = $9, currency = $10, probability_override = $11,
                       expected_close_date = $12, source = $13, qualification = $14,
                       lost_reason = $15, won_note = $16, created_at = $17, closed_at = $18,
                       archived_at = $19, updated_at = $20, last_activity_at = $21, extra = $22,
                       source_system = $23, source_id = $24, version = version + 1
                     WHERE id = $25",
                )?;
                self.tx.execute(&replace, &params(&values))?;
                insert_visits(
                    &mut self.tx,
                    &mut self.statements,
                    DealId(id),
                    &historic.visits,
                )?;
                Ok(Upserted::Updated(DealId(id)))
            }
            None => {
                let kept_id = kept.map(|k| (k.id, k.version));
                self.kept_ids |= kept_id.is_some();
                let id = insert_deal(
                    &mut self.tx,
                    &mut self.statements,
                    historic,
                    kept_id,
                    updated_at,
                    last_activity_at,
                )?;
                Ok(Upserted::Created(id))
            }
        }
    }

    pub fn note_once(&mut self, deal: DealId, body: &str, at: DateTime<Utc>) -> Result<()> {
        let statement = self.statements.get(
            &mut self.tx,
            "INSERT INTO note (deal_id, stage_id, body, created_at)
             SELECT id, stage_id, $2::TEXT, $3::BIGINT FROM deal
             WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM note WHERE deal_id = $1 AND body = $2)",
        )?;
        self.tx
            .execute(&statement, &[&deal.0, &body, &at.timestamp()])?;
        Ok(())
    }

    /// As SQLite's `link_conversion`: the lead's link to its deal, replacing any either had.
    pub fn link_conversion(&mut self, lead: DealId, deal: DealId) -> Result<()> {
        self.tx.execute(
            "DELETE FROM lead_conversion WHERE lead_id IN ($1, $2) OR deal_id IN ($1, $2)",
            &[&lead.0, &deal.0],
        )?;
        self.tx.execute(
            "INSERT INTO lead_conversion (lead_id, deal_id) VALUES ($1, $2)",
            &[&lead.0, &deal.0],
        )?;
        Ok(())
    }

    /// As SQLite's `planned_activity_once`: a follow-up unless one is due then.
    pub fn planned_activity_once(
        &mut self,
        deal: DealId,
        due: Due,
        note: &str,
        at: DateTime<Utc>,
    ) -> Result<bool> {
        let statement = self.statements.get(
            &mut self.tx,
            "INSERT INTO activity (deal_id, kind, due_at, all_day, note, created_at)
             SELECT $1::BIGINT, $2::TEXT, $3::BIGINT, $4::BOOLEAN, $5::TEXT, $6::BIGINT
             WHERE NOT EXISTS (SELECT 1 FROM activity
                               WHERE deal_id = $1 AND due_at = $3 AND all_day = $4)",
        )?;
        let added = self.tx.execute(
            &statement,
            &[
                &deal.0,
                &ActivityKind::FollowUp.as_str(),
                &due.moment_in(&Local).timestamp(),
                &due.is_all_day(),
                &note,
                &at.timestamp(),
            ],
        )?;
        Ok(added > 0)
    }

    /// As SQLite's `exchange_rate_once`: a rate unless the pair has one that day.
    pub fn exchange_rate_once(
        &mut self,
        base: Currency,
        currency: Currency,
        valid_from: NaiveDate,
        rate: Decimal,
    ) -> Result<bool> {
        if rate <= Decimal::ZERO || base == currency {
            return Err(StoreError::invalid(format!(
                "exchange rate {rate} from {currency} to {base} cannot be stored"
            )));
        }
        let statement = self.statements.get(
            &mut self.tx,
            "INSERT INTO fx_rate (base, currency, valid_from, rate) VALUES ($1, $2, $3, $4)
             ON CONFLICT (base, currency, valid_from) DO NOTHING",
        )?;
        let added = self.tx.execute(
            &statement,
            &[
                &base.code(),
                &currency.code(),
                &valid_from,
                &rate.normalize().to_string(),
            ],
        )?;
        Ok(added > 0)
    }

    /// `(pipeline, current stage)` of a deal of this import.
    fn deal_place(&mut self, deal: DealId) -> Result<(i64, i64)> {
        let statement = self.statements.get(
            &mut self.tx,
            "SELECT pipeline_id, stage_id FROM deal WHERE id = $1",
        )?;
        let row = self.tx.query_opt(&statement, &[&deal.0])?.ok_or_else(|| {
            StoreError::NotFound(format!("deal {deal} is not in the file or the database"))
        })?;
        Ok((row.try_get(0)?, row.try_get(1)?))
    }

    /// As SQLite's: the stage named `name` in the deal's pipeline, else its current one.
    fn stage_named(&mut self, deal: DealId, name: &str) -> Result<StageId> {
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

    fn exists(&mut self, sql: &str, values: &[&(dyn ToSql + Sync)]) -> Result<bool> {
        let statement = self.statements.get(&mut self.tx, sql)?;
        Ok(self.tx.query_opt(&statement, values)?.is_some())
    }

    /// As SQLite's `upsert_activity`: under its id exactly as the file has it.
    pub fn upsert_activity(&mut self, activity: &Activity) -> Result<Written> {
        self.deal_place(activity.deal_id)?;
        let mut activity = activity.clone();
        activity.note = checked(activity.note.as_deref())?;
        activity.outcome = checked(activity.outcome.as_deref())?;
        let existed = self.exists("SELECT 1 FROM activity WHERE id = $1", &[&activity.id.0])?;
        write_activity(&mut self.tx, &activity)?;
        self.kept_rows = true;
        Ok(written(existed))
    }

    /// As SQLite's `upsert_note`: under its id, in the stage of the deal's pipeline it names.
    pub fn upsert_note(&mut self, note: &NoteRow) -> Result<Written> {
        let body = check_note(&note.body).map_err(StoreError::invalid)?;
        let stage = self.stage_named(note.deal_id, &note.stage)?;
        let existed = self.exists("SELECT 1 FROM note WHERE id = $1", &[&note.id])?;
        let statement = self.statements.get(
            &mut self.tx,
            "INSERT INTO note (id, deal_id, stage_id, body, created_at, by_user)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (id) DO UPDATE SET deal_id = excluded.deal_id,
               stage_id = excluded.stage_id, body = excluded.body,
               created_at = excluded.created_at, by_user = excluded.by_user",
        )?;
        self.tx.execute(
            &statement,
            &[
                &note.id,
                &note.deal_id.0,
                &stage.0,
                &body,
                &note.created_at.timestamp(),
                &note.by,
            ],
        )?;
        self.kept_rows = true;
        Ok(written(existed))
    }

    /// As SQLite's `upsert_checklist_item`: keyed by (deal, stage, task).
    pub fn upsert_checklist_item(&mut self, item: &ChecklistRow) -> Result<Written> {
        let task = item.task.trim();
        if task.is_empty() {
            return Err(StoreError::invalid("a checklist task is empty"));
        }
        let stage = self.stage_named(item.deal_id, &item.stage)?;
        let existed = self.exists(
            "SELECT 1 FROM checklist_item WHERE deal_id = $1 AND stage_id = $2 AND task = $3",
            &[&item.deal_id.0, &stage.0, &task],
        )?;
        let statement = self.statements.get(
            &mut self.tx,
            "INSERT INTO checklist_item (deal_id, stage_id, task, position, done_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (deal_id, stage_id, task) DO UPDATE SET
               position = excluded.position, done_at = excluded.done_at",
        )?;
        self.tx.execute(
            &statement,
            &[
                &item.deal_id.0,
                &stage.0,
                &task,
                &item.position,
                &item.done_at.map(|t| t.timestamp()),
            ],
        )?;
        Ok(written(existed))
    }

    pub fn commit(mut self) -> Result<()> {
        if self.kept_ids {
            bump_deal_sequence(&mut self.tx)?;
        }
        if self.kept_rows {
            // Rows written under the file's ids: new ones must be handed out past them.
            self.tx.batch_execute(
                "SELECT setval(pg_get_serial_sequence('activity', 'id'),
                               greatest((SELECT max(id) FROM activity), 1));
                 SELECT setval(pg_get_serial_sequence('note', 'id'),
                               greatest((SELECT max(id) FROM note), 1));",
            )?;
        }
        super::live::notify(&mut self.tx, &self.session, None, None)?;
        self.tx.commit()?;
        Ok(())
    }
}

fn written(existed: bool) -> Written {
    if existed {
        Written::Updated
    } else {
        Written::Created
    }
}

/// A note or outcome of the file: checked as SQLite's import checks it; blank is none.
fn checked(text: Option<&str>) -> Result<Option<String>> {
    match text {
        Some(text) if !text.trim().is_empty() => {
            check_note(text).map(Some).map_err(StoreError::invalid)
        }
        _ => Ok(None),
    }
}
