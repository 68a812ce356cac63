//! Imports: upserting deals with their whole history, notes, follow-ups and rates in one
//! transaction.

use chrono::{DateTime, Local, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use rust_decimal::Decimal;

use crate::domain::{ActivityKind, Currency, DealId, Due, Pipeline, PipelineDef};

use super::Store;
use super::bulk::{HistoricDeal, deal_row_values, derived_update, insert_deal, insert_visits};
use super::error::{Result, StoreError};
use super::pipelines::{apply_in, load_pipelines};
use super::rows::ts;

// A child module, so its `impl Importer` reaches the transaction (branch actio).
#[path = "import_activities.rs"]
pub(crate) mod activities;

/// Stamps a lossless (dealdeck's own) import keeps instead of deriving them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptStamps {
    pub id: DealId,
    pub updated_at: DateTime<Utc>,
    pub last_activity_at: DateTime<Utc>,
    pub version: i64,
}

/// Whether an upsert made a new deal or replaced one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Upserted {
    Created(DealId),
    Updated(DealId),
}

/// One import: a single immediate transaction, so nothing is visible (or kept) until
/// [`Importer::commit`]; dropping it rolls everything back, which is how a dry run ends.
pub struct Importer<'a> {
    tx: Transaction<'a>,
    pipelines: Vec<Pipeline>,
}

impl Store {
    pub fn importer(&mut self) -> Result<Importer<'_>> {
        self.conn.set_prepared_statement_cache_capacity(64);
        // A big import touches many index pages; a larger page cache keeps SQLite from
        // spilling them to the log mid-transaction. Still a fixed bound (32 MB).
        self.conn.execute_batch("PRAGMA cache_size = -32768;")?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let pipelines = load_pipelines(&tx)?;
        Ok(Importer { tx, pipelines })
    }
}

/// What an export needs beyond [`crate::domain::Deal`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportStamps {
    pub source_ref: Option<(String, String)>,
    pub last_activity_at: DateTime<Utc>,
}

impl Importer<'_> {
    /// The pipelines as they stand inside this import (including stages it added).
    pub fn pipelines(&self) -> &[Pipeline] {
        &self.pipelines
    }

    /// Creates a pipeline the file named, inside this import (a dry run rolls it back).
    pub fn create_pipeline(&mut self, def: &PipelineDef) -> Result<()> {
        def.validate().map_err(StoreError::invalid)?;
        apply_in(&self.tx, def, Utc::now())?;
        self.pipelines = load_pipelines(&self.tx)?;
        Ok(())
    }

    /// Appends open stages named `names` to `pipeline`, before its won and lost stages.
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
        let def = super::rules::with_open_stages(existing, names)?;
        apply_in(&self.tx, &def, Utc::now())?;
        self.pipelines = load_pipelines(&self.tx)?;
        Ok(())
    }

    /// Inserts the deal, or replaces the fields and whole history of the deal it matches:
    /// by id when `kept` is given (a dealdeck file), else by `source_ref`.
    pub fn upsert(
        &mut self,
        historic: &HistoricDeal,
        kept: Option<&KeptStamps>,
        at: DateTime<Utc>,
    ) -> Result<Upserted> {
        let derived_update = derived_update(historic);
        let matched: Option<i64> = match (kept, &historic.source_ref) {
            (Some(kept), _) => self
                .tx
                .prepare_cached("SELECT id FROM deal WHERE id = ?1")?
                .query_row([kept.id.0], |r| r.get(0))
                .optional()?,
            (None, Some((system, record))) => self
                .tx
                .prepare_cached("SELECT id FROM deal WHERE source_system = ?1 AND source_id = ?2")?
                .query_row(params![system, record], |r| r.get(0))
                .optional()?,
            (None, None) => None,
        };
        let (updated_at, last_activity_at) = match kept {
            Some(kept) => (kept.updated_at, kept.last_activity_at),
            None if matched.is_some() => (at, at),
            None => (derived_update, derived_update),
        };
        let outcome = match matched {
            Some(id) => {
                // The new history may not mention the stage the deal is in now, so the deal
                // is pointed at its new stage only after the old visits are gone.
                self.tx
                    .prepare_cached("DELETE FROM stage_visit WHERE deal_id = ?1")?
                    .execute([id])?;
                let mut values = deal_row_values(historic, updated_at, last_activity_at)?;
                values.push(Box::new(id));
                self.tx
                    .prepare_cached(
                        "UPDATE deal SET pipeline_id = ?1, stage_id = ?2, title = ?3, organization = ?4,
                           contact_name = ?5, contact_email = ?6, contact_phone = ?7, owner = ?8,
                           amount_minor = ?9, currency = ?10, probability_override = ?11,
                           expected_close_date = ?12, source = ?13, qualification = ?14,
                           lost_reason = ?15, won_note = ?16, created_at = ?17, closed_at = ?18,
                           archived_at = ?19, updated_at = ?20, last_activity_at = ?21, extra = ?22,
                           source_system = ?23, source_id = ?24, version = version + 1
                         WHERE id = ?25",
                    )?
                    .execute(rusqlite::params_from_iter(values.iter()))?;
                insert_visits(&self.tx, DealId(id), &historic.visits)?;
                Upserted::Updated(DealId(id))
            }
            None => {
                let kept_id = kept.map(|k| (k.id, k.version));
                let id = insert_deal(&self.tx, historic, kept_id, updated_at, last_activity_at)?;
                Upserted::Created(id)
            }
        };
        Ok(outcome)
    }

    /// Adds a note from the file to the deal (in its current stage, dated `at`) unless the
    /// deal already has one with the same text, so a re-import adds nothing twice.
    pub fn note_once(&mut self, deal: DealId, body: &str, at: DateTime<Utc>) -> Result<()> {
        // Checked first: an INSERT whose SELECT reads `note` would copy it to a temporary
        // table on every call (see `planned_activity_once`).
        let exists = self
            .tx
            .prepare_cached("SELECT 1 FROM note WHERE deal_id = ?1 AND body = ?2")?
            .exists(params![deal.0, body])?;
        if exists {
            return Ok(());
        }
        self.tx
            .prepare_cached(
                "INSERT INTO note (deal_id, stage_id, body, created_at)
                 SELECT id, stage_id, ?2, ?3 FROM deal WHERE id = ?1",
            )?
            .execute(params![deal.0, body, at.timestamp()])?;
        Ok(())
    }

    /// Links a lead to the deal it became, replacing any link either had (a re-import of
    /// the same file writes the same link).
    pub fn link_conversion(&mut self, lead: DealId, deal: DealId) -> Result<()> {
        self.tx.execute(
            "DELETE FROM lead_conversion WHERE lead_id IN (?1, ?2) OR deal_id IN (?1, ?2)",
            params![lead.0, deal.0],
        )?;
        self.tx.execute(
            "INSERT INTO lead_conversion (lead_id, deal_id) VALUES (?1, ?2)",
            params![lead.0, deal.0],
        )?;
        Ok(())
    }

    /// Plans a follow-up on the deal due `due` (created `at`) unless the deal already has an
    /// activity due then, planned or done, so a re-import adds nothing twice and an activity
    /// the user has since marked done is not planned again. Returns whether it was added.
    pub fn planned_activity_once(
        &mut self,
        deal: DealId,
        due: Due,
        note: &str,
        at: DateTime<Utc>,
    ) -> Result<bool> {
        let due_at = ts(due.moment_in(&Local));
        let all_day = i64::from(due.is_all_day());
        // Two statements, not `INSERT … SELECT … WHERE NOT EXISTS`: a SELECT that reads the
        // table being written makes SQLite copy its result to a temporary table first, which
        // doubled the time of a 100 000-row import.
        let exists = self
            .tx
            .prepare_cached(
                "SELECT 1 FROM activity WHERE deal_id = ?1 AND due_at = ?2 AND all_day = ?3",
            )?
            .exists(params![deal.0, due_at, all_day])?;
        if exists {
            return Ok(false);
        }
        let added = self
            .tx
            .prepare_cached(
                "INSERT INTO activity (deal_id, kind, due_at, all_day, note, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                deal.0,
                ActivityKind::FollowUp.as_str(),
                due_at,
                all_day,
                note,
                ts(at)
            ])?;
        Ok(added > 0)
    }

    /// Stores `1 currency = rate base` from `valid_from` unless a rate for that pair and day
    /// exists (one set by hand wins). Returns whether it was added.
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
        let added = self
            .tx
            .prepare_cached(
                "INSERT INTO fx_rate (base, currency, valid_from, rate) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (base, currency, valid_from) DO NOTHING",
            )?
            .execute(params![
                base.code(),
                currency.code(),
                valid_from.format("%Y-%m-%d").to_string(),
                rate.normalize().to_string()
            ])?;
        Ok(added > 0)
    }

    /// Makes the whole import visible at once.
    pub fn commit(self) -> Result<()> {
        self.tx.commit()?;
        Ok(())
    }
}
