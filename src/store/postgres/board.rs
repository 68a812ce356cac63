//! The board's reads on the server: every card of a pipeline, one card, keyset pages of a
//! column and the column sums (exact: PostgreSQL sums BIGINT into NUMERIC, read as text).

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::domain::{DealId, Pipeline, PipelineId, StageId, StageKind};

use super::super::board::BoardCard;
use super::super::board_pages::ColumnSums;
use super::super::error::{Result, StoreError};
use super::PgStore;
use super::rows::{CARD_COLUMNS, CARD_FROM, card_from_row};

impl PgStore {
    /// As SQLite's `board_cards`: open deals, and closed ones since `closed_since`, by id.
    pub fn board_cards(
        &self,
        pipeline: PipelineId,
        closed_since: DateTime<Utc>,
    ) -> Result<Vec<BoardCard>> {
        let sql = format!(
            "SELECT {CARD_COLUMNS} {CARD_FROM}
             WHERE d.stage_id IN (SELECT id FROM stage WHERE pipeline_id = $1 AND kind = 'open')
               AND d.archived_at IS NULL
             UNION ALL
             SELECT {CARD_COLUMNS} {CARD_FROM}
             WHERE v.stage_id IN (SELECT id FROM stage WHERE pipeline_id = $1 AND kind <> 'open')
               AND v.entered_at >= $2 AND d.closed_at >= $2 AND d.archived_at IS NULL
             ORDER BY 1"
        );
        let rows = self
            .reader()?
            .query(&sql, &[&pipeline.0, &closed_since.timestamp()])?;
        rows.iter().map(card_from_row).collect()
    }

    pub fn board_card(&self, id: DealId, closed_since: DateTime<Utc>) -> Result<Option<BoardCard>> {
        let sql = format!(
            "SELECT {CARD_COLUMNS} {CARD_FROM}
             WHERE d.id = $1 AND d.archived_at IS NULL
               AND (s.kind = 'open' OR d.closed_at >= $2)"
        );
        self.reader()?
            .query_opt(&sql, &[&id.0, &closed_since.timestamp()])?
            .map(|row| card_from_row(&row))
            .transpose()
    }

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
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let after = after.map_or(i64::MIN, |id| id.0);
        let mut client = self.reader()?;
        let rows = match kind {
            StageKind::Open => client.query(
                &format!(
                    "SELECT {CARD_COLUMNS} {CARD_FROM}
                     WHERE d.stage_id = $1 AND d.pipeline_id = $2 AND d.id > $3
                       AND d.archived_at IS NULL
                     ORDER BY d.id LIMIT $4"
                ),
                &[&stage.0, &pipeline.id.0, &after, &limit],
            )?,
            StageKind::Won | StageKind::Lost => client.query(
                &format!(
                    "SELECT {CARD_COLUMNS} {CARD_FROM}
                     WHERE v.stage_id = $1 AND d.pipeline_id = $2 AND d.id > $3
                       AND v.entered_at >= $5 AND d.closed_at >= $5 AND d.archived_at IS NULL
                     ORDER BY d.id LIMIT $4"
                ),
                &[
                    &stage.0,
                    &pipeline.id.0,
                    &after,
                    &limit,
                    &closed_since.timestamp(),
                ],
            )?,
        };
        rows.iter().map(card_from_row).collect()
    }

    /// As SQLite's `board_column_sums`, summed exactly by the server.
    pub fn board_column_sums(
        &self,
        pipeline: &Pipeline,
        closed_since: DateTime<Utc>,
    ) -> Result<Vec<ColumnSums>> {
        let currency = pipeline.currency;
        let rows = self.reader()?.query(
            "SELECT d.stage_id, count(*),
                    coalesce(sum(d.amount_minor) FILTER (WHERE d.currency = $2), 0)::TEXT,
                    coalesce(sum(d.amount_minor::NUMERIC *
                        (CASE WHEN s.kind = 'open'
                              THEN coalesce(d.probability_override, s.probability)
                              ELSE s.probability END)) FILTER (WHERE d.currency = $2), 0)::TEXT,
                    count(*) FILTER (WHERE d.currency <> $2)
             FROM deal d JOIN stage s ON s.id = d.stage_id
             WHERE d.pipeline_id = $1 AND d.archived_at IS NULL
               AND (s.kind = 'open' OR d.closed_at >= $3)
             GROUP BY d.stage_id",
            &[&pipeline.id.0, &currency.code(), &closed_since.timestamp()],
        )?;
        let scale = currency.minor_units();
        let exact = |text: &str| -> Result<Decimal> {
            let minor: i128 = text.parse().map_err(|e| StoreError::Corrupt {
                path: "the database server".into(),
                detail: format!("sum {text:?}: {e}"),
            })?;
            Ok(Decimal::try_from_i128_with_scale(minor, scale).unwrap_or(Decimal::MAX))
        };
        let mut found = Vec::new();
        for row in &rows {
            let count: i64 = row.try_get(1)?;
            let other: i64 = row.try_get(4)?;
            found.push(ColumnSums {
                stage_id: StageId(row.try_get(0)?),
                count: u64::try_from(count).unwrap_or(0),
                total: exact(row.try_get(2)?)?,
                weighted: exact(row.try_get(3)?)? / Decimal::ONE_HUNDRED,
                other_currency: u64::try_from(other).unwrap_or(0),
            });
        }
        Ok(super::super::board_pages::every_stage(pipeline, found))
    }

    pub fn deals_with_overdue_activity(
        &self,
        pipeline: PipelineId,
        now: DateTime<Utc>,
    ) -> Result<HashSet<DealId>> {
        // A task due on a day (no time) is overdue only once that day is over.
        let today = crate::domain::AgendaWindow::local(now).today_start;
        let rows = self.reader()?.query(
            "SELECT DISTINCT a.deal_id FROM activity a
             WHERE a.done_at IS NULL AND a.due_at < $2 AND (NOT a.all_day OR a.due_at < $3)
               AND EXISTS (SELECT 1 FROM deal d WHERE d.id = a.deal_id AND d.pipeline_id = $1)",
            &[&pipeline.0, &now.timestamp(), &today.timestamp()],
        )?;
        rows.iter().map(|row| Ok(DealId(row.try_get(0)?))).collect()
    }
}
