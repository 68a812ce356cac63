//! Several deals by id in one read on the server, as src/store/deal_list.rs does on SQLite.

use crate::domain::{Deal, DealId};

use super::super::error::Result;
use super::PgStore;
use super::rows::{DEAL_COLUMNS, DEAL_FROM, deal_from_row};

impl PgStore {
    /// The deals with these ids that exist, in id order; archived ones included.
    pub fn deals_by_id(&self, ids: &[DealId]) -> Result<Vec<Deal>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
        let mut client = self.reader()?;
        client
            .query(
                &format!("SELECT {DEAL_COLUMNS} {DEAL_FROM} WHERE d.id = ANY($1) ORDER BY d.id"),
                &[&ids],
            )?
            .iter()
            .map(deal_from_row)
            .collect()
    }
}
