//! One import on the server: a single transaction holding the workspace's write turn, as
//! SQLite's `Importer` (src/store/import.rs); dropping it rolls everything back.

use chrono::{DateTime, Utc};
use postgres::Transaction;

use crate::domain::{DealId, Pipeline, PipelineDef};

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
}

impl PgStore {
    pub fn importer(&mut self) -> Result<PgImport<'_>> {
        let mut tx = self.client.get_mut().transaction()?;
        super::take_write_turn(&mut tx)?;
        let pipelines = load_pipelines(&mut tx)?;
        Ok(PgImport {
            tx,
            pipelines,
            statements: Statements::default(),
            kept_ids: false,
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

    pub fn commit(mut self) -> Result<()> {
        if self.kept_ids {
            bump_deal_sequence(&mut self.tx)?;
        }
        self.tx.commit()?;
        Ok(())
    }
}
