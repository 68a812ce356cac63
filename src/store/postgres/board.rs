//! The board's reads on the server: every card of a pipeline, one card, keyset pages of a
//! column and the column sums (exact: PostgreSQL sums BIGINT into NUMERIC, read as text).

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::domain::{DealId, Pipeline, PipelineId, StageId, StageKind};

use super::super::board::BoardCard;
use super::super::board_pages::{BoardMarks, BoardRead, ColumnSums, PageAsk};
use super::super::board_sums::{BoardRates, CurrencySums, column_sums};
use super::super::error::{Result, StoreError};
use super::PgStore;
use super::rows::{ACTIVITY_COLUMNS, CARD_COLUMNS, CARD_FROM, activity_from_row, card_from_row};

/// The board's filter, as `card_matches`: parameter `$n` (lower case; empty: every card)
/// in the lower case of any of a card's texts, lowered by ICU's root collation when `icu`
/// (Unicode's lower case whatever the database's locale).
fn matches(n: usize, icu: bool) -> String {
    let lower = |column: &str| {
        if icu {
            format!("strpos(lower({column} COLLATE \"und-x-icu\"), ${n}) > 0")
        } else {
            format!("strpos(lower({column}), ${n}) > 0")
        }
    };
    format!(
        "(${n}::TEXT = '' OR {} OR {} OR {} OR {})",
        lower("d.title"),
        lower("d.organization"),
        lower("d.contact_name"),
        lower("d.owner")
    )
}

impl PgStore {
    /// Whether `lower` may be asked for Unicode's lower case (see [`matches`]).
    fn icu_lower(&self) -> Result<bool> {
        if let Some(known) = self.icu_lower.get() {
            return Ok(known);
        }
        let known: bool = self
            .reader()?
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu')",
                &[],
            )?
            .try_get(0)?;
        self.icu_lower.set(Some(known));
        Ok(known)
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

    /// One column's page for `ask` of the cards matching `needle` (lower case; empty:
    /// every card), as SQLite's `board_page_matching`.
    pub fn board_page(
        &self,
        pipeline: &Pipeline,
        closed_since: DateTime<Utc>,
        ask: &PageAsk,
        needle: &str,
    ) -> Result<Vec<BoardCard>> {
        let stage = ask.stage;
        let kind = pipeline.stage(stage).map(|s| s.kind).ok_or_else(|| {
            StoreError::NotFound(format!("stage {} is not in {}", stage.0, pipeline.name))
        })?;
        let limit = i64::try_from(ask.limit).unwrap_or(i64::MAX);
        let after = ask.after.map_or(i64::MIN, |id| id.0);
        let which = match kind {
            StageKind::Open => "$5::BIGINT IS NOT NULL",
            StageKind::Won | StageKind::Lost => "d.closed_at >= $5",
        };
        let matches = matches(6, !needle.is_empty() && self.icu_lower()?);
        let sql = format!(
            "SELECT {CARD_COLUMNS} {CARD_FROM}
             WHERE d.stage_id = $1 AND d.pipeline_id = $2 AND d.id > $3
               AND d.archived_at IS NULL AND {which} AND {matches}
             ORDER BY d.id LIMIT $4"
        );
        let rows = self.reader()?.query(
            &sql,
            &[
                &stage.0,
                &pipeline.id.0,
                &after,
                &limit,
                &closed_since.timestamp(),
                &needle,
            ],
        )?;
        rows.iter().map(card_from_row).collect()
    }

    /// The board's pages for `asks`, their marks and the sums when `with_sums`, at one
    /// snapshot, as SQLite's `board_read`.
    pub fn board_read(
        &self,
        pipeline: &Pipeline,
        closed_since: DateTime<Utc>,
        now: DateTime<Utc>,
        asks: &[PageAsk],
        needle: &str,
        with_sums: bool,
    ) -> Result<BoardRead> {
        let mut read = None;
        self.in_snapshot(&mut |store| {
            let pages = super::super::rules::read_pages(asks, |ask| {
                store.board_page(pipeline, closed_since, ask, needle)
            })?;
            let ids: Vec<i64> = pages
                .iter()
                .flat_map(|p| p.cards.iter().map(|c| c.id.0))
                .collect();
            let marks = store.board_marks(&ids, now)?;
            let rates = BoardRates::new(
                &store.exchange_rates()?,
                pipeline.currency,
                now.with_timezone(&chrono::Local).date_naive(),
            );
            let sums = if with_sums {
                Some(store.board_column_sums(pipeline, closed_since, needle, &rates)?)
            } else {
                None
            };
            read = Some(BoardRead {
                pages,
                marks,
                sums,
                rates,
            });
            Ok(())
        })?;
        read.ok_or_else(|| StoreError::invalid("the board read did not run"))
    }

    /// The overdue, next-step and checklist marks of the cards `ids`, as SQLite's.
    fn board_marks(&self, ids: &[i64], now: DateTime<Utc>) -> Result<BoardMarks> {
        let mut marks = BoardMarks::default();
        if ids.is_empty() {
            return Ok(marks);
        }
        // A task due on a day (no time) is overdue only once that day is over.
        let today = crate::domain::AgendaWindow::local(now).today_start;
        let mut client = self.reader()?;
        for row in client.query(
            "SELECT DISTINCT a.deal_id FROM activity a
             WHERE a.deal_id = ANY($1) AND a.done_at IS NULL AND a.due_at < $2
               AND (NOT a.all_day OR a.due_at < $3)",
            &[&ids, &now.timestamp(), &today.timestamp()],
        )? {
            marks.overdue.insert(DealId(row.try_get(0)?));
        }
        for row in client.query(
            &format!(
                "SELECT DISTINCT ON (a.deal_id) {ACTIVITY_COLUMNS} FROM activity a
                 WHERE a.deal_id = ANY($1) AND a.done_at IS NULL
                 ORDER BY a.deal_id, a.due_at, a.id"
            ),
            &[&ids],
        )? {
            let step = activity_from_row(&row)?;
            marks.next_steps.insert(step.deal_id, step);
        }
        for row in client.query(
            "SELECT c.deal_id, count(c.done_at), count(*) FROM checklist_item c
             JOIN deal d ON d.id = c.deal_id AND d.stage_id = c.stage_id
             WHERE c.deal_id = ANY($1) GROUP BY c.deal_id",
            &[&ids],
        )? {
            let count = |n: i64| usize::try_from(n).unwrap_or(0);
            let done: i64 = row.try_get(1)?;
            let total: i64 = row.try_get(2)?;
            marks
                .checklists
                .insert(DealId(row.try_get(0)?), (count(done), count(total)));
        }
        Ok(marks)
    }

    /// As SQLite's `board_column_sums_matching`: summed exactly by the server per stage and
    /// currency, other currencies converted with `rates`.
    pub fn board_column_sums(
        &self,
        pipeline: &Pipeline,
        closed_since: DateTime<Utc>,
        needle: &str,
        rates: &BoardRates,
    ) -> Result<Vec<ColumnSums>> {
        let icu = !needle.is_empty() && self.icu_lower()?;
        let rows = self.reader()?.query(
            &format!(
                "SELECT d.stage_id, d.currency, count(*),
                    coalesce(sum(d.amount_minor), 0)::TEXT,
                    coalesce(sum(d.amount_minor::NUMERIC *
                        (CASE WHEN s.kind = 'open'
                              THEN coalesce(d.probability_override, s.probability)
                              ELSE s.probability END)), 0)::TEXT
             FROM deal d JOIN stage s ON s.id = d.stage_id
             WHERE d.pipeline_id = $1 AND d.archived_at IS NULL
               AND (s.kind = 'open' OR d.closed_at >= $2) AND {}
             GROUP BY d.stage_id, d.currency",
                matches(3, icu)
            ),
            &[&pipeline.id.0, &closed_since.timestamp(), &needle],
        )?;
        let exact = |text: &str| -> Result<i128> {
            text.parse().map_err(|e| StoreError::Corrupt {
                path: "the database server".into(),
                detail: format!("sum {text:?}: {e}"),
            })
        };
        let mut groups = Vec::with_capacity(rows.len());
        for row in &rows {
            let count: i64 = row.try_get(2)?;
            groups.push(CurrencySums {
                stage: StageId(row.try_get(0)?),
                currency: row.try_get(1)?,
                count: u64::try_from(count).unwrap_or(0),
                total_minor: exact(row.try_get(3)?)?,
                weighted_minor_percent: exact(row.try_get(4)?)?,
            });
        }
        Ok(column_sums(pipeline, &groups, rates))
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
