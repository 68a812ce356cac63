//! Runs the drill-down beside the rows: the deals behind a row are picked from the rows in
//! memory (no history read), then their titles, organizations and amounts are read in one
//! store call.

use crate::app::App;
use crate::app::command::Outcome;

use super::drill::{DrillDown, DrillRequest, DrillRow, LISTED, pick};

impl App {
    /// `Command::DrillDown`: one store call, `Repository::deals_by_id`.
    pub(crate) fn drill_down(&mut self, request: &DrillRequest) -> Option<Outcome> {
        let rows = self
            .rows
            .as_ref()
            .filter(|r| r.pipeline == request.pipeline.id);
        let Some(rows) = rows else {
            self.state.info(crate::t!("dash-msg-still-reading"));
            return None;
        };
        let picked = pick(&rows.deals, request);
        let total = picked.len();
        let listed = &picked[..total.min(LISTED)];
        if !self.files_whole() {
            return None;
        }
        self.store_commands += 1;
        let ids: Vec<crate::domain::DealId> = listed.iter().map(|p| p.deal).collect();
        match self.store.deals_by_id(&ids) {
            Ok(deals) => {
                // A deal deleted since the rows were read is left out.
                let rows = listed
                    .iter()
                    .filter_map(|p| {
                        // `deals_by_id` answers in id order.
                        let at = deals.binary_search_by_key(&p.deal, |d| d.id).ok()?;
                        let deal = &deals[at];
                        Some(DrillRow::of(p, deal))
                    })
                    .collect();
                Some(Outcome::DrillDown(Box::new(DrillDown {
                    title: request.title.clone(),
                    rows,
                    total,
                    selected: 0,
                })))
            }
            Err(error) => Some(Outcome::Failed {
                error: error.into(),
                reload: false,
            }),
        }
    }
}
