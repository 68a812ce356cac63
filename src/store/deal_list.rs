//! Several deals by id in one read (the dashboard's drill-down lists the deals behind a
//! figure): one statement, so one snapshot of them.

use crate::domain::{Deal, DealId};

use super::Store;
use super::error::Result;
use super::rows::{DEAL_COLUMNS, DEAL_FROM, deal_from_row};

impl Store {
    /// The deals with these ids that exist, in id order; archived ones included.
    pub fn deals_by_id(&self, ids: &[DealId]) -> Result<Vec<Deal>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = serde_json::to_string(&ids.iter().map(|id| id.0).collect::<Vec<i64>>())
            .map_err(|e| super::StoreError::invalid(format!("deal ids: {e}")))?;
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {DEAL_COLUMNS} {DEAL_FROM} \
             WHERE d.id IN (SELECT value FROM json_each(?1)) ORDER BY d.id"
        ))?;
        let deals = statement
            .query_map([list], deal_from_row)?
            .collect::<rusqlite::Result<Vec<Deal>>>()?;
        Ok(deals)
    }
}
