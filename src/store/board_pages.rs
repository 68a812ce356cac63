//! The board read per column as it is shown: keyset pages of cards in id order (what fits
//! plus a margin, the next page when scrolling) and each column header's count, total and
//! weighted value summed in SQL, so a million-deal pipeline is never loaded whole.

use chrono::{DateTime, Utc};
use rusqlite::params;
use rust_decimal::Decimal;

use crate::domain::{DealId, Pipeline, StageId, StageKind};

use super::Store;
use super::board::{BoardCard, CARD_COLUMNS, CARD_FROM, card_from_row};
use super::error::{Result, StoreError};
use super::rows::ts;

/// A column header's figures: the cards the board shows in the stage (unarchived; closed
/// ones only since `closed_since`) and their sums in the pipeline's currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnSums {
    pub stage_id: StageId,
    pub count: u64,
    /// Sum of amounts in the pipeline's currency.
    pub total: Decimal,
    /// Sum of amount × probability (the deal's override while open) in the pipeline's
    /// currency; won counts in full and lost not at all.
    pub weighted: Decimal,
    /// Cards in another currency, left out of the sums rather than added unconverted.
    pub other_currency: u64,
}

impl Store {
    /// Up to `limit` cards of `stage`, in id order, after the card `after` (the last one of
    /// the page before; `None` for the first page). Open stages walk the stage index; closed
    /// ones start from the recent visits into them, as [`Store::board_cards`] does.
    pub fn board_page(
        &self,
        pipeline: &Pipeline,
        stage: StageId,
        closed_since: DateTime<Utc>,
        after: Option<DealId>,
        limit: usize,
    ) -> Result<Vec<BoardCard>> {
        let kind = pipeline.stage(stage).map(|s| s.kind).ok_or_else(|| {
            StoreError::NotFound(format!("stage {} is not in {}", stage.0, pipeline.name))
        })?;
        let sql = page_sql(kind);
        let mut statement = self.conn.prepare_cached(&sql)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let after = after.map_or(i64::MIN, |id| id.0);
        let mut rows = match kind {
            StageKind::Open => statement.query(params![stage.0, pipeline.id.0, after, limit])?,
            StageKind::Won | StageKind::Lost => statement.query(params![
                stage.0,
                pipeline.id.0,
                after,
                limit,
                ts(closed_since)
            ])?,
        };
        let mut cards = Vec::new();
        while let Some(row) = rows.next()? {
            cards.push(card_from_row(row)?);
        }
        Ok(cards)
    }

    /// Every column header's figures of the pipeline, in board order, over the same cards
    /// [`Store::board_cards`] loads, summed by SQLite (exact integers) in one pass.
    pub fn board_column_sums(
        &self,
        pipeline: &Pipeline,
        closed_since: DateTime<Utc>,
    ) -> Result<Vec<ColumnSums>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT d.stage_id, count(*),
                    sum(CASE WHEN d.currency = ?2 THEN d.amount_minor ELSE 0 END),
                    sum(CASE WHEN d.currency = ?2 THEN d.amount_minor *
                        (CASE WHEN s.kind = 'open'
                              THEN coalesce(d.probability_override, s.probability)
                              ELSE s.probability END) ELSE 0 END),
                    sum(d.currency <> ?2)
             FROM deal d JOIN stage s ON s.id = d.stage_id
             WHERE d.pipeline_id = ?1 AND d.archived_at IS NULL
               AND (s.kind = 'open' OR d.closed_at >= ?3)
             GROUP BY d.stage_id",
        )?;
        let currency = pipeline.currency;
        let scale = currency.minor_units();
        let mut found: Vec<ColumnSums> = Vec::new();
        let mut rows =
            statement.query(params![pipeline.id.0, currency.code(), ts(closed_since)])?;
        loop {
            let row = match rows.next() {
                Ok(Some(row)) => row,
                Ok(None) => break,
                // SQLite's integer sum() stops at i64 rather than wrap; such sums (thousands
                // of trillion-sized amounts) are added in Rust instead.
                Err(rusqlite::Error::SqliteFailure(_, Some(message)))
                    if message.contains("integer overflow") =>
                {
                    drop(rows);
                    return self.board_column_sums_in_rust(pipeline, closed_since);
                }
                Err(error) => return Err(error.into()),
            };
            let count: i64 = row.get(1)?;
            let total: i64 = row.get(2)?;
            let weighted: i64 = row.get(3)?;
            let other: i64 = row.get(4)?;
            found.push(ColumnSums {
                stage_id: StageId(row.get(0)?),
                count: u64::try_from(count).unwrap_or(0),
                total: Decimal::new(total, scale),
                weighted: Decimal::new(weighted, scale) / Decimal::ONE_HUNDRED,
                other_currency: u64::try_from(other).unwrap_or(0),
            });
        }
        Ok(every_stage(pipeline, found))
    }

    /// [`Store::board_column_sums`] added up in `i128` over one streamed pass.
    fn board_column_sums_in_rust(
        &self,
        pipeline: &Pipeline,
        closed_since: DateTime<Utc>,
    ) -> Result<Vec<ColumnSums>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT d.stage_id, d.currency = ?2, d.amount_minor,
                    CASE WHEN s.kind = 'open' THEN coalesce(d.probability_override, s.probability)
                         ELSE s.probability END
             FROM deal d JOIN stage s ON s.id = d.stage_id
             WHERE d.pipeline_id = ?1 AND d.archived_at IS NULL
               AND (s.kind = 'open' OR d.closed_at >= ?3)",
        )?;
        let currency = pipeline.currency;
        // (stage, count, total, weighted × 100, other currency)
        let mut sums: Vec<(i64, u64, i128, i128, u64)> = Vec::new();
        let mut rows =
            statement.query(params![pipeline.id.0, currency.code(), ts(closed_since)])?;
        while let Some(row) = rows.next()? {
            let stage: i64 = row.get(0)?;
            let same: bool = row.get(1)?;
            let minor: i64 = row.get(2)?;
            let probability: i64 = row.get(3)?;
            let index = match sums.iter().position(|s| s.0 == stage) {
                Some(index) => index,
                None => {
                    sums.push((stage, 0, 0, 0, 0));
                    sums.len() - 1
                }
            };
            if let Some(entry) = sums.get_mut(index) {
                entry.1 += 1;
                if same {
                    entry.2 += i128::from(minor);
                    entry.3 += i128::from(minor) * i128::from(probability);
                } else {
                    entry.4 += 1;
                }
            }
        }
        let scale = currency.minor_units();
        let found = sums
            .into_iter()
            .map(|(stage, count, total, weighted, other)| ColumnSums {
                stage_id: StageId(stage),
                count,
                total: Decimal::try_from_i128_with_scale(total, scale).unwrap_or(Decimal::MAX),
                weighted: Decimal::try_from_i128_with_scale(weighted, scale)
                    .unwrap_or(Decimal::MAX)
                    / Decimal::ONE_HUNDRED,
                other_currency: other,
            })
            .collect();
        Ok(every_stage(pipeline, found))
    }
}

/// The page query of a column of `kind`: `?1` stage, `?2` pipeline, `?3` the last id of
/// the page before, `?4` the page size, and for closed stages `?5` the earliest close shown.
fn page_sql(kind: StageKind) -> String {
    match kind {
        // The stage index holds (stage, pipeline, id): a page is a range of it, no sort.
        StageKind::Open => format!(
            "SELECT {CARD_COLUMNS} {CARD_FROM}
             WHERE d.stage_id = ?1 AND d.pipeline_id = ?2 AND d.id > ?3
               AND d.archived_at IS NULL
             ORDER BY d.id LIMIT ?4"
        ),
        // Only the recent closes are read (by the visit index), then sorted: a few thousand
        // at most, where the closed stage itself holds most deals ever made.
        StageKind::Won | StageKind::Lost => format!(
            "SELECT {CARD_COLUMNS} {CARD_FROM}
             WHERE v.stage_id = ?1 AND d.pipeline_id = ?2 AND d.id > ?3
               AND v.entered_at >= ?5 AND d.closed_at >= ?5 AND d.archived_at IS NULL
             ORDER BY d.id LIMIT ?4"
        ),
    }
}

/// One header per stage in board order, an empty one too.
pub(super) fn every_stage(pipeline: &Pipeline, found: Vec<ColumnSums>) -> Vec<ColumnSums> {
    pipeline
        .stages
        .iter()
        .map(|stage| {
            found
                .iter()
                .find(|sums| sums.stage_id == stage.id)
                .cloned()
                .unwrap_or(ColumnSums {
                    stage_id: stage.id,
                    count: 0,
                    total: Decimal::ZERO,
                    weighted: Decimal::ZERO,
                    other_currency: 0,
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Currency, NewDeal};

    /// A pipeline with deals spread over its stages, some closed, some in another currency.
    fn board_store(dir: &std::path::Path) -> (Store, Pipeline, DateTime<Utc>) {
        let mut store = Store::open(dir.join("pages.db")).unwrap();
        let pipeline = store.pipelines().unwrap().remove(0);
        let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        for i in 0..40_i64 {
            let currency = if i % 7 == 0 {
                "USD".parse::<Currency>().unwrap()
            } else {
                pipeline.currency
            };
            let mut new = NewDeal::new(pipeline.id, format!("deal {i}"), currency);
            new.amount = rust_decimal::Decimal::new(1_000 + i * 37, 2);
            if i % 5 == 0 {
                new.probability_override = Some(15);
            }
            let stage = &pipeline.stages[i as usize % pipeline.stages.len()];
            new.stage_id = Some(stage.id);
            new.lost_reason = (stage.kind == StageKind::Lost).then(|| "Price".to_string());
            for point in pipeline.stages.iter().flat_map(|s| &s.playbook.data_points) {
                new.extra.insert(point.name.clone(), "yes".into());
            }
            store.add_deal(&new, at).unwrap();
        }
        (store, pipeline, at - chrono::Duration::days(30))
    }

    #[test]
    fn pages_of_every_column_are_the_board_cards_of_that_column() {
        let dir = tempfile::tempdir().unwrap();
        let (store, pipeline, since) = board_store(dir.path());
        let all = store.board_cards(pipeline.id, since).unwrap();
        for stage in &pipeline.stages {
            let mut paged = Vec::new();
            let mut after = None;
            loop {
                let page = store
                    .board_page(&pipeline, stage.id, since, after, 3)
                    .unwrap();
                assert!(page.len() <= 3);
                let Some(last) = page.last() else { break };
                after = Some(last.id);
                paged.extend(page);
            }
            let expected: Vec<_> = all
                .iter()
                .filter(|c| c.stage_id == stage.id)
                .cloned()
                .collect();
            assert!(!expected.is_empty(), "stage {} has cards", stage.name);
            assert_eq!(paged, expected, "stage {}", stage.name);
        }
    }

    #[test]
    fn an_open_column_page_is_a_range_of_the_stage_index_without_a_sort() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _, _) = board_store(dir.path());
        let plan: Vec<String> = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", page_sql(StageKind::Open)))
            .unwrap()
            .query_map(params![1, 1, 0, 50], |row| row.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let plan = plan.join("\n");
        assert!(
            plan.contains("deal_by_stage (stage_id=? AND pipeline_id=? AND rowid>?)"),
            "{plan}"
        );
        assert!(!plan.contains("TEMP B-TREE"), "{plan}");
    }

    #[test]
    fn column_sums_are_what_the_board_adds_up_from_its_cards() {
        let dir = tempfile::tempdir().unwrap();
        let (store, pipeline, since) = board_store(dir.path());
        let cards = store.board_cards(pipeline.id, since).unwrap();
        let sums = store.board_column_sums(&pipeline, since).unwrap();
        assert_eq!(
            sums,
            store.board_column_sums_in_rust(&pipeline, since).unwrap()
        );
        assert_eq!(sums.len(), pipeline.stages.len());
        for (stage, sums) in pipeline.stages.iter().zip(&sums) {
            let mut expected = ColumnSums {
                stage_id: stage.id,
                count: 0,
                total: Decimal::ZERO,
                weighted: Decimal::ZERO,
                other_currency: 0,
            };
            for card in cards.iter().filter(|c| c.stage_id == stage.id) {
                expected.count += 1;
                if card.currency != pipeline.currency {
                    expected.other_currency += 1;
                    continue;
                }
                let probability = match stage.kind {
                    StageKind::Open => card.probability_override.unwrap_or(stage.probability),
                    _ => stage.probability,
                };
                expected.total += card.amount;
                expected.weighted +=
                    card.amount * Decimal::from(probability) / Decimal::ONE_HUNDRED;
            }
            assert_eq!(*sums, expected, "stage {}", stage.name);
        }
        assert!(sums.iter().any(|s| s.other_currency > 0));
    }
}
