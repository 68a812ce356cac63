//! Leads into deals (seed 004): converting a lead marks it won and opens a linked deal in
//! the pipeline its own names in `converts_to`, in one transaction; an undo takes both back.
//! The rules are shared by both backends; the SQLite side is here, PostgreSQL's in
//! `postgres/conversion.rs`.

use chrono::{DateTime, Utc};
use rusqlite::{TransactionBehavior, params};

use crate::domain::text::echo;
use crate::domain::{
    Deal, DealId, NewDeal, Pipeline, PipelineId, Qualification, StageId, StageKind,
};

use super::Store;
use super::deals::{MoveRecord, add_in, move_in, undo_move_in};
use super::error::{Result, StoreError};
use super::pipelines::load_pipelines;
use super::rows::load_deal;
use super::rules::check_version;

/// Everything a conversion wrote, so it can be taken back exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConversionRecord {
    /// The lead's move into its pipeline's won stage.
    pub lead_move: MoveRecord,
    /// The deal the conversion created, and its version then: an undo is refused once
    /// someone changed it.
    pub deal: DealId,
    pub deal_version: i64,
}

/// What a conversion did: the lead as won, the deal it became, and how to undo it.
#[derive(Clone, Debug, PartialEq)]
pub struct Converted {
    pub lead: Deal,
    pub deal: Deal,
    pub record: ConversionRecord,
}

/// What converting `lead` means, decided before anything is written.
pub(crate) struct ConversionPlan {
    /// The lead's won stage ("Converted").
    pub won: StageId,
    /// The deal to open in the target pipeline's first open stage.
    pub deal: NewDeal,
}

/// Checks `lead` may be converted into a deal of `target` (or of its pipeline's
/// `converts_to`), and what the new deal carries: title, organization, contact, owner,
/// amount, currency, expected close, source and data points, at qualification SQL.
pub(crate) fn plan_conversion(
    lead: &Deal,
    pipelines: &[Pipeline],
    target: Option<PipelineId>,
) -> Result<ConversionPlan> {
    if let Some(deal) = lead.converted_to {
        return Err(StoreError::invalid(format!(
            "deal {} was already converted into deal {deal}; a lead converts once",
            lead.id
        )));
    }
    let pipeline = pipelines
        .iter()
        .find(|p| p.id == lead.pipeline_id)
        .ok_or_else(|| {
            StoreError::NotFound(format!("pipeline {} does not exist", lead.pipeline_id.0))
        })?;
    if lead.status != StageKind::Open {
        return Err(StoreError::invalid(format!(
            "deal {} is {}; only an open lead can be converted (move it back to an open stage first)",
            lead.id,
            lead.status.as_str()
        )));
    }
    let target_id = target
        .or(pipeline.converts_to.as_ref().map(|t| t.id))
        .ok_or_else(|| {
            StoreError::invalid(format!(
                "pipeline {} does not convert its deals into another pipeline; give --pipeline NAME or set converts_to in its definition",
                echo(&pipeline.name)
            ))
        })?;
    let into = pipelines
        .iter()
        .find(|p| p.id == target_id)
        .ok_or_else(|| StoreError::NotFound(format!("pipeline {} does not exist", target_id.0)))?;
    if into.id == pipeline.id {
        return Err(StoreError::invalid(format!(
            "deal {} is already in pipeline {}; convert it into another pipeline",
            lead.id,
            echo(&into.name)
        )));
    }
    let won = pipeline.won_stage().ok_or_else(|| {
        StoreError::invalid(format!(
            "pipeline {} has no won stage to mark the lead converted",
            echo(&pipeline.name)
        ))
    })?;
    let deal = NewDeal {
        stage_id: None,
        organization: lead.organization.clone(),
        contact: lead.contact.clone(),
        owner: lead.owner.clone(),
        amount: lead.amount,
        expected_close_date: lead.expected_close_date,
        source: lead.source.clone(),
        qualification: Some(Qualification::Sql),
        extra: lead.extra.clone(),
        ..NewDeal::new(into.id, lead.title.clone(), lead.currency)
    }
    .validated()
    .map_err(StoreError::rule)?;
    Ok(ConversionPlan { won: won.id, deal })
}

/// Refuses to undo a conversion whose created deal is no longer linked to the lead.
pub(crate) fn check_still_linked(deal: &Deal, record: &ConversionRecord) -> Result<()> {
    if deal.from_lead != Some(record.lead_move.deal) {
        return Err(StoreError::invalid(format!(
            "deal {} is no longer the deal lead {} was converted into; nothing was undone",
            deal.id, record.lead_move.deal
        )));
    }
    check_version(deal, Some(record.deal_version))
}

impl Store {
    /// Converts a lead: its move into the won stage, the new deal and the link between them,
    /// in one transaction.
    pub fn convert_lead(
        &mut self,
        lead: DealId,
        target: Option<PipelineId>,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<Converted> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found = load_deal(&tx, lead)?;
        check_version(&found, expected_version)?;
        let plan = plan_conversion(&found, &load_pipelines(&tx)?, target)?;
        let lead_move = move_in(
            &tx,
            lead,
            plan.won,
            None,
            Some(found.version),
            at,
            self.user.as_deref(),
        )?;
        // The deal begins at the lead's conversion, to the second: the sales figures count it
        // from then.
        let deal = add_in(&tx, plan.deal, lead_move.at, self.user.as_deref())?;
        tx.execute(
            "INSERT INTO lead_conversion (lead_id, deal_id) VALUES (?1, ?2)",
            params![lead.0, deal.0],
        )?;
        let lead = load_deal(&tx, lead)?;
        let deal = load_deal(&tx, deal)?;
        tx.commit()?;
        Ok(Converted {
            record: ConversionRecord {
                lead_move,
                deal: deal.id,
                deal_version: deal.version,
            },
            lead,
            deal,
        })
    }

    /// Takes a conversion back: the created deal is deleted (its link with it) and the lead
    /// is where it was before, in one transaction. Refused when either changed since.
    pub fn undo_conversion(&mut self, record: &ConversionRecord) -> Result<Deal> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let deal = load_deal(&tx, record.deal)?;
        check_still_linked(&deal, record)?;
        tx.execute("DELETE FROM deal WHERE id = ?1", [record.deal.0])?;
        undo_move_in(&tx, &record.lead_move, self.user.as_deref())?;
        let lead = load_deal(&tx, record.lead_move.deal)?;
        tx.commit()?;
        Ok(lead)
    }
}
