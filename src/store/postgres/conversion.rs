//! Leads into deals on the server, with the rules of `store::conversion` (as SQLite's).

use chrono::{DateTime, Utc};

use crate::domain::{Deal, DealId, PipelineId};

use super::super::conversion::{ConversionRecord, Converted, check_still_linked, plan_conversion};
use super::super::error::Result;
use super::super::rules::check_version;
use super::PgStore;
use super::deals::{add_in, move_in, undo_move_in};
use super::pipelines::load_pipelines;
use super::rows::load_deal;

impl PgStore {
    /// As SQLite's `convert_lead`: the lead won, the deal opened and linked, one transaction.
    pub fn convert_lead(
        &mut self,
        lead: DealId,
        target: Option<PipelineId>,
        expected_version: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<Converted> {
        let by = self.user.clone();
        self.write(|tx| {
            let found = load_deal(tx, lead)?;
            check_version(&found, expected_version)?;
            let plan = plan_conversion(&found, &load_pipelines(tx)?, target)?;
            let lead_move = move_in(
                tx,
                lead,
                plan.won,
                None,
                Some(found.version),
                at,
                by.as_deref(),
            )?;
            let deal = add_in(tx, plan.deal, lead_move.at, by.as_deref())?;
            tx.execute(
                "INSERT INTO lead_conversion (lead_id, deal_id) VALUES ($1, $2)",
                &[&lead.0, &deal.0],
            )?;
            let lead = load_deal(tx, lead)?;
            let deal = load_deal(tx, deal)?;
            Ok(Converted {
                record: ConversionRecord {
                    lead_move,
                    deal: deal.id,
                    deal_version: deal.version,
                },
                lead,
                deal,
            })
        })
    }

    /// As SQLite's `undo_conversion`: the created deal deleted, the lead put back.
    pub fn undo_conversion(&mut self, record: &ConversionRecord) -> Result<Deal> {
        let by = self.user.clone();
        self.write(|tx| {
            let deal = load_deal(tx, record.deal)?;
            check_still_linked(&deal, record)?;
            tx.execute("DELETE FROM deal WHERE id = $1", &[&record.deal.0])?;
            undo_move_in(tx, &record.lead_move, by.as_deref())?;
            load_deal(tx, record.lead_move.deal)
        })
    }
}
