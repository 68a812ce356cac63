//! A dealdeck file's lead conversions (seed 004): each deal's `from_lead` names its lead by
//! the file's id. The links are written once every deal of the file is in, so a lead may
//! come before or after its deal; one whose lead the file lacks is left out with a warning.

use std::collections::HashMap;

use crate::domain::{DealId, PipelineDef};
use crate::store::{ImportSession, StoreError};

use super::RowError;
use super::import::ImportSummary;

/// The file's ids of the deals imported, and the links they name.
#[derive(Debug, Default)]
pub struct Links {
    stored: HashMap<DealId, DealId>,
    /// `(the deal as stored, its lead by the file's id)`.
    wanted: Vec<(DealId, DealId)>,
}

impl Links {
    /// Notes one imported deal: its id in the file (a dealdeck file's), its id as stored,
    /// and the lead it came from.
    pub fn note(&mut self, file_id: Option<DealId>, stored: DealId, from_lead: Option<DealId>) {
        if let Some(file_id) = file_id {
            self.stored.insert(file_id, stored);
        }
        if let Some(lead) = from_lead {
            self.wanted.push((stored, lead));
        }
    }

    /// Writes every link whose lead the file holds, in the import's transaction.
    pub fn store(
        &mut self,
        importer: &mut (dyn ImportSession + '_),
        summary: &mut ImportSummary,
    ) -> Result<(), StoreError> {
        for (deal, lead) in std::mem::take(&mut self.wanted) {
            match self.stored.get(&lead) {
                Some(&lead) if lead != deal => importer.link_conversion(lead, deal)?,
                _ => {
                    summary.warning_count += 1;
                    if summary.warnings.len() < super::import::KEPT_WARNINGS {
                        summary.warnings.push(RowError {
                            line: 0,
                            column: "From Lead".into(),
                            reason: format!(
                                "deal {deal} came from lead {lead}, which is not in the file; the link was left out"
                            ),
                        });
                    }
                }
            }
        }
        Ok(())
    }
}

/// `defs` ordered so that a pipeline another converts to is created before it.
pub fn targets_first(mut defs: Vec<PipelineDef>) -> Vec<PipelineDef> {
    let mut ordered = Vec::with_capacity(defs.len());
    while !defs.is_empty() {
        let waits = |def: &PipelineDef, rest: &[PipelineDef]| {
            def.converts_to.as_deref().is_some_and(|target| {
                rest.iter()
                    .any(|other| crate::domain::text::same_name(&other.name, target))
            })
        };
        // A cycle (which applying refuses anyway) must not stop the loop: take the first.
        let next = (0..defs.len())
            .find(|&i| !waits(&defs[i], &defs))
            .unwrap_or(0);
        ordered.push(defs.remove(next));
    }
    ordered
}
