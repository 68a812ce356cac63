//! Streaming reads: deals (with their history) handed to a callback one at a time inside one
//! read transaction, so `deal list`, `export` and reports write each row as it comes and hold
//! one deal in memory at any database size.

use rusqlite::types::Value;

use crate::domain::{Deal, DealHistory, PipelineId, StageVisit, Stay};

use super::Store;
use super::deals::DealFilter;
use super::error::StoreError;
use super::import::ExportStamps;
use super::metrics_rows::{
    Currencies, HISTORY_COLUMNS, STAY_COLUMNS, history_from_row, integer, stay_from_row,
};
use super::rows::{DEAL_COLUMNS, DEAL_FROM, VISIT_COLUMNS, deal_from_row, visit_from_row};

impl DealFilter {
    /// The `WHERE` clause (over `deal d JOIN stage s`) and its parameters.
    pub(crate) fn where_clause(&self) -> (String, Vec<Value>) {
        let mut sql = String::from("WHERE 1 = 1");
        let mut values: Vec<Value> = Vec::new();
        if let Some(pipeline) = self.pipeline {
            values.push(Value::Integer(pipeline.0));
            sql.push_str(&format!(" AND d.pipeline_id = ?{}", values.len()));
        }
        if let Some(stage) = self.stage {
            values.push(Value::Integer(stage.0));
            sql.push_str(&format!(" AND d.stage_id = ?{}", values.len()));
        }
        if let Some(status) = self.status {
            values.push(Value::Text(status.as_str().to_string()));
            sql.push_str(&format!(" AND s.kind = ?{}", values.len()));
        }
        if !self.include_archived {
            sql.push_str(" AND d.archived_at IS NULL");
        }
        if let Some(owner) = &self.owner {
            values.push(Value::Text(owner.clone()));
            sql.push_str(&format!(
                " AND {}(d.owner, ?{})",
                super::people::IS_OWNER,
                values.len()
            ));
        }
        (sql, values)
    }
}

impl Store {
    /// Runs `read` inside one read transaction, so every read it makes sees the same state
    /// even while other processes write. Nested calls share the outer transaction.
    pub fn at_one_snapshot<T, E: From<StoreError>>(
        &self,
        read: impl FnOnce(&Store) -> Result<T, E>,
    ) -> Result<T, E> {
        if !self.conn.is_autocommit() {
            return read(self);
        }
        let tx = self
            .conn
            .unchecked_transaction()
            .map_err(StoreError::from)?;
        let value = read(self)?;
        // Nothing was written; ending the read is all a commit does here.
        tx.commit().map_err(StoreError::from)?;
        Ok(value)
    }

    /// Calls `each` with every deal `filter` selects, in id order, at one snapshot.
    pub fn for_each_deal<E: From<StoreError>>(
        &self,
        filter: &DealFilter,
        mut each: impl FnMut(Deal) -> Result<(), E>,
    ) -> Result<(), E> {
        self.at_one_snapshot(|store| {
            let (clause, values) = filter.where_clause();
            let mut statement = store
                .conn
                .prepare(&format!(
                    "SELECT {DEAL_COLUMNS} {DEAL_FROM} {clause} ORDER BY d.id"
                ))
                .map_err(StoreError::from)?;
            let mut rows = statement
                .query(rusqlite::params_from_iter(values))
                .map_err(StoreError::from)?;
            while let Some(row) = rows.next().map_err(StoreError::from)? {
                each(deal_from_row(row).map_err(StoreError::from)?)?;
            }
            Ok(())
        })
    }

    /// Calls `each` with every deal `filter` selects (id order), its visits (oldest first) and
    /// its export stamps, at one snapshot. Deals and visits are two ordered queries merged as
    /// they go, so only the current deal's history is ever in memory.
    pub fn for_each_deal_with_history<E: From<StoreError>>(
        &self,
        filter: &DealFilter,
        mut each: impl FnMut(&Deal, &[StageVisit], &ExportStamps) -> Result<(), E>,
    ) -> Result<(), E> {
        self.at_one_snapshot(|store| {
            let (clause, values) = filter.where_clause();
            let mut deal_statement = store
                .conn
                .prepare(&format!(
                    "SELECT {DEAL_COLUMNS}, d.source_system, d.source_id {DEAL_FROM} {clause} \
                     ORDER BY d.id"
                ))
                .map_err(StoreError::from)?;
            let mut visit_statement = store
                .conn
                .prepare(&format!(
                    "SELECT {VISIT_COLUMNS} FROM stage_visit ORDER BY deal_id, entered_at, id"
                ))
                .map_err(StoreError::from)?;
            let mut deals = deal_statement
                .query(rusqlite::params_from_iter(values))
                .map_err(StoreError::from)?;
            let mut visit_rows = visit_statement.query([]).map_err(StoreError::from)?;
            let mut next_visit = next(&mut visit_rows)?;
            let mut visits: Vec<StageVisit> = Vec::new();
            while let Some(row) = deals.next().map_err(StoreError::from)? {
                let deal = deal_from_row(row).map_err(StoreError::from)?;
                let system: Option<String> = row.get(28).map_err(StoreError::from)?;
                let record: Option<String> = row.get(29).map_err(StoreError::from)?;
                let stamps = ExportStamps {
                    source_ref: system.zip(record),
                    last_activity_at: deal.last_activity_at,
                };
                visits.clear();
                while let Some(visit) = next_visit.take() {
                    if visit.deal_id > deal.id {
                        next_visit = Some(visit);
                        break;
                    }
                    // Visits of deals the filter left out are passed over.
                    if visit.deal_id == deal.id {
                        visits.push(visit);
                    }
                    next_visit = next(&mut visit_rows)?;
                }
                each(&deal, &visits, &stamps)?;
            }
            Ok(())
        })
    }
}

impl Store {
    /// Calls `each` with every deal of the pipeline (archived ones too: they stay in the
    /// statistics) with its stays oldest first, in id order, at one snapshot. The metrics'
    /// rows one at a time: what `dealdeck report` folds into its sums without holding them.
    pub fn for_each_deal_history<E: From<StoreError>>(
        &self,
        pipeline: PipelineId,
        mut each: impl FnMut(&DealHistory) -> Result<(), E>,
    ) -> Result<(), E> {
        self.at_one_snapshot(|store| {
            // A scan in rowid (= id) order: the pipeline index would need a sort of them all.
            let mut deal_statement = store
                .conn
                .prepare(&format!(
                    "SELECT {HISTORY_COLUMNS} FROM deal NOT INDEXED WHERE pipeline_id = ?1 \
                     ORDER BY id"
                ))
                .map_err(StoreError::from)?;
            let mut stay_statement = store
                .conn
                .prepare(&format!(
                    "SELECT {STAY_COLUMNS} FROM stage_visit ORDER BY deal_id, entered_at, id"
                ))
                .map_err(StoreError::from)?;
            let mut deals = deal_statement
                .query([pipeline.0])
                .map_err(StoreError::from)?;
            let mut stays = stay_statement.query([]).map_err(StoreError::from)?;
            let mut known = Currencies::of(&store.conn, pipeline).map_err(StoreError::from)?;
            let mut next_stay = next_stay_of(&mut stays)?;
            while let Some(row) = deals.next().map_err(StoreError::from)? {
                let mut deal = history_from_row(row, &mut known).map_err(StoreError::from)?;
                // Stays of deals before this one (other pipelines') are passed over.
                while let Some((deal_id, stay)) = next_stay.take() {
                    if deal_id > deal.id.0 {
                        next_stay = Some((deal_id, stay));
                        break;
                    }
                    if deal_id == deal.id.0 {
                        deal.visits.push(stay);
                    }
                    next_stay = next_stay_of(&mut stays)?;
                }
                each(&deal)?;
            }
            Ok(())
        })
    }
}

fn next_stay_of(rows: &mut rusqlite::Rows<'_>) -> Result<Option<(i64, Stay)>, StoreError> {
    match rows.next()? {
        Some(row) => Ok(Some((integer(row, 0)?, stay_from_row(row)?))),
        None => Ok(None),
    }
}

fn next(rows: &mut rusqlite::Rows<'_>) -> Result<Option<StageVisit>, StoreError> {
    match rows.next()? {
        Some(row) => Ok(Some(visit_from_row(row)?)),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Currency, DealId, NewDeal};

    fn store_with_deals(dir: &std::path::Path, count: usize) -> Store {
        let mut store = Store::open(dir.join("stream.db")).unwrap();
        let pipeline = store.pipelines().unwrap().remove(0);
        let at = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        for i in 0..count {
            let deal = store
                .add_deal(
                    &NewDeal::new(pipeline.id, format!("deal {i}"), Currency::EUR),
                    at,
                )
                .unwrap();
            if i % 2 == 0 {
                let to = pipeline.stages[1].id;
                store
                    .move_deal(deal.id, to, None, Some(deal.version), at)
                    .unwrap();
            }
        }
        store
    }

    #[test]
    fn streamed_deals_and_histories_match_the_bulk_reads() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with_deals(dir.path(), 7);
        let filter = DealFilter {
            include_archived: true,
            ..DealFilter::default()
        };
        let all = store.deals(&filter).unwrap();
        let mut streamed = Vec::new();
        store
            .for_each_deal(&filter, |deal| {
                streamed.push(deal);
                Ok::<_, StoreError>(())
            })
            .unwrap();
        assert_eq!(streamed, all);

        let mut histories = Vec::new();
        store
            .for_each_deal_with_history(&filter, |deal, visits, stamps| {
                assert_eq!(stamps.last_activity_at, deal.last_activity_at);
                histories.push((deal.id, visits.to_vec()));
                Ok::<_, StoreError>(())
            })
            .unwrap();
        assert_eq!(histories.len(), 7);
        for (id, visits) in histories {
            assert_eq!(visits, store.history(id).unwrap(), "deal {id}");
        }
    }

    #[test]
    fn a_filter_that_skips_deals_keeps_each_history_with_its_deal() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with_deals(dir.path(), 6);
        let pipeline = store.pipelines().unwrap().remove(0);
        // Only the deals that moved: the ones between them are skipped in the visit stream.
        let filter = DealFilter {
            stage: Some(pipeline.stages[1].id),
            pipeline: Some(pipeline.id),
            ..DealFilter::default()
        };
        let mut seen = Vec::new();
        store
            .for_each_deal_with_history(&filter, |deal, visits, _| {
                assert!(visits.iter().all(|v| v.deal_id == deal.id));
                assert_eq!(visits.len(), 2, "deal {}", deal.id);
                seen.push(deal.id);
                Ok::<_, StoreError>(())
            })
            .unwrap();
        assert_eq!(seen, vec![DealId(1), DealId(3), DealId(5)]);
    }

    #[test]
    fn the_streamed_report_is_the_report_of_the_read_rows() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store_with_deals(dir.path(), 9);
        let pipeline = store.pipelines().unwrap().remove(0);
        let lost = pipeline
            .stages
            .iter()
            .find(|s| s.kind == crate::domain::StageKind::Lost)
            .unwrap()
            .id;
        let at = chrono::DateTime::from_timestamp(1_700_100_000, 0).unwrap();
        let deal = store.deal(DealId(4)).unwrap();
        store
            .move_deal(deal.id, lost, Some("Price"), Some(deal.version), at)
            .unwrap();
        let rows = store.deal_histories(pipeline.id).unwrap();
        let mut streamed = Vec::new();
        store
            .for_each_deal_history(pipeline.id, |deal| {
                streamed.push(deal.clone());
                Ok::<_, StoreError>(())
            })
            .unwrap();
        assert_eq!(streamed, rows);

        let rates = store.exchange_rates().unwrap();
        let request = crate::metrics::ReportRequest {
            period: crate::metrics::Period::quarter_of(at.date_naive()),
            as_of: at + chrono::Duration::days(1),
            target: None,
            owner: None,
        };
        let zone = chrono::Utc;
        let mut builder = crate::metrics::ReportBuilder::new(&pipeline, &rates, &request, &zone);
        for deal in &streamed {
            builder.add(deal);
        }
        let report = builder.finish();
        assert_eq!(report.lost_deals, 1);
        assert_eq!(
            report,
            crate::metrics::compute(&pipeline, &rows, &rates, &request, &zone)
        );
    }

    #[test]
    fn a_callback_error_stops_the_read_and_is_returned() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with_deals(dir.path(), 3);
        let mut calls = 0;
        let outcome = store.for_each_deal(&DealFilter::default(), |_| {
            calls += 1;
            Err(StoreError::invalid("stop"))
        });
        assert!(matches!(outcome, Err(StoreError::Invalid(_))));
        assert_eq!(calls, 1);
        // The read transaction ended with the error: the connection takes writes again.
        assert!(store.conn.is_autocommit());
    }
}
