//! The board read per column as it is shown: keyset pages of cards in id order (what fits
//! plus a margin, the next page when scrolling), each column header's count, total and
//! weighted value summed by SQLite over the `deal_board_column` index, and the overdue and
//! next-step marks of the cards read. A million-deal pipeline is never loaded whole.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::functions::FunctionFlags;
use rusqlite::{OptionalExtension, params};
use rust_decimal::Decimal;

use crate::domain::{Activity, DealId, Pipeline, Stage, StageId, StageKind};

use super::Store;
use super::activities::{ACTIVITY_COLUMNS, activity_from_row};
use super::board::{BoardCard, CARD_COLUMNS, CARD_FROM, card_from_row};
use super::board_sums::{BoardRates, CurrencySums, column_sums};
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
    /// Cards in another currency without an exchange rate, left out of the sums rather than
    /// added unconverted (cards with one are converted, as the report converts them).
    pub other_currency: u64,
}

/// One column's page asked for: up to `limit` cards after `after` (`None`: from the
/// start), and at least every card up to `through` when given (focus following a card).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageAsk {
    pub stage: StageId,
    pub after: Option<DealId>,
    pub through: Option<DealId>,
    pub limit: usize,
}

/// The cards read for one [`PageAsk`]; `more` when the column may hold further cards.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardPage {
    pub ask: PageAsk,
    pub cards: Vec<BoardCard>,
    pub more: bool,
}

/// What the board marks on the cards read: which have an activity past due, and each
/// one's next planned activity.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BoardMarks {
    pub overdue: HashSet<DealId>,
    pub next_steps: HashMap<DealId, Activity>,
    /// `(done, total)` of the cards with a stored checklist in their current stage; a card
    /// missing has its stage's tasks, none done.
    pub checklists: HashMap<DealId, (usize, usize)>,
}

/// One read of the board (one read transaction): the pages asked for, their marks, and the
/// column sums when asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardRead {
    pub pages: Vec<BoardPage>,
    pub marks: BoardMarks,
    pub sums: Option<Vec<ColumnSums>>,
    /// The rates the sums converted other currencies with, for the board's own patches.
    pub rates: BoardRates,
}

/// The SQL function the filter is evaluated with, so SQLite filters exactly as the board's
/// text matching does (Unicode lower case, not SQLite's ASCII-only `lower`).
const MATCHES: &str = "dealdeck_matches";

/// The board's filter on a card's texts: `needle` (already lower case) in any of them.
pub fn card_matches(needle: &str, texts: [Option<&str>; 4]) -> bool {
    needle.is_empty()
        || texts
            .into_iter()
            .flatten()
            .any(|text| text.to_lowercase().contains(needle))
}

impl Store {
    /// Registers the SQL function the board's filtered reads use (on opening the board).
    pub(super) fn register_board_functions(&self) -> Result<()> {
        self.conn.create_scalar_function(
            MATCHES,
            5,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
            |ctx| {
                let needle: String = ctx.get(0)?;
                let mut texts: [Option<String>; 4] = Default::default();
                for (i, text) in texts.iter_mut().enumerate() {
                    *text = ctx.get(i + 1)?;
                }
                Ok(card_matches(
                    &needle,
                    texts.each_ref().map(|t| t.as_deref()),
                ))
            },
        )?;
        Ok(())
    }

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
        let ask = PageAsk {
            stage,
            after,
            through: None,
            limit,
        };
        self.board_page_matching(pipeline, closed_since, &ask, "")
    }

    /// [`Store::board_page`] for `ask`, of the cards matching `needle` (lower case; empty:
    /// every card).
    pub fn board_page_matching(
        &self,
        pipeline: &Pipeline,
        closed_since: DateTime<Utc>,
        ask: &PageAsk,
        needle: &str,
    ) -> Result<Vec<BoardCard>> {
        let kind = stage_of(pipeline, ask.stage)?.kind;
        let sql = page_sql(kind, !needle.is_empty());
        let mut statement = self.conn.prepare_cached(&sql)?;
        let limit = i64::try_from(ask.limit).unwrap_or(i64::MAX);
        let after = ask.after.map_or(i64::MIN, |id| id.0);
        let through = ask.through.map_or(i64::MIN, |id| id.0);
        let mut rows = statement.query(params![
            ask.stage.0,
            pipeline.id.0,
            after,
            limit,
            ts(closed_since),
            through,
            needle
        ])?;
        let mut cards = Vec::new();
        while let Some(row) = rows.next()? {
            cards.push(card_from_row(row)?);
        }
        Ok(cards)
    }

    /// Every column header's figures of the pipeline, in board order, over the same cards
    /// [`Store::board_cards`] loads, summed by SQLite (exact integers) per stage and
    /// currency, other currencies converted with `rates`.
    pub fn board_column_sums(
        &self,
        pipeline: &Pipeline,
        closed_since: DateTime<Utc>,
        rates: &BoardRates,
    ) -> Result<Vec<ColumnSums>> {
        self.board_column_sums_matching(pipeline, closed_since, "", rates)
    }

    /// [`Store::board_column_sums`] over the cards matching `needle` (lower case).
    pub fn board_column_sums_matching(
        &self,
        pipeline: &Pipeline,
        closed_since: DateTime<Utc>,
        needle: &str,
        rates: &BoardRates,
    ) -> Result<Vec<ColumnSums>> {
        let mut groups = Vec::new();
        for stage in &pipeline.stages {
            match self.stage_sums(pipeline, stage, closed_since, needle) {
                Ok(sums) => groups.extend(sums),
                // SQLite's integer sum() stops at i64 rather than wrap; such sums (thousands
                // of trillion-sized amounts) are added in Rust instead.
                Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(_, Some(message))))
                    if message.contains("integer overflow") =>
                {
                    return self.board_column_sums_in_rust(pipeline, closed_since, needle, rates);
                }
                Err(error) => return Err(error),
            }
        }
        Ok(column_sums(pipeline, &groups, rates))
    }

    /// One stage's header figures per currency: a range of the `deal_board_column` index,
    /// which covers them (the filter, when one is typed, reads each deal's texts as well).
    /// The pipeline's currency is summed in the one pass the board always paid for; only a
    /// column holding other currencies is read again, grouped by them.
    fn stage_sums(
        &self,
        pipeline: &Pipeline,
        stage: &Stage,
        closed_since: DateTime<Utc>,
        needle: &str,
    ) -> Result<Vec<CurrencySums>> {
        let which = match stage.kind {
            StageKind::Open => "d.archived_at IS NULL",
            StageKind::Won | StageKind::Lost => "d.closed_at >= ?3 AND d.archived_at IS NULL",
        };
        let filter = if needle.is_empty() {
            String::new()
        } else {
            format!(" AND {MATCHES}(?5, d.title, d.organization, d.contact_name, d.owner)")
        };
        // A closed deal is certain: its stage's probability, whatever override it carried.
        let probability = match stage.kind {
            StageKind::Open => "coalesce(d.probability_override, ?6)",
            StageKind::Won | StageKind::Lost => "?6",
        };
        let sql = format!(
            "SELECT count(*), coalesce(sum(CASE WHEN d.currency = ?4 THEN d.amount_minor END), 0),
                    coalesce(sum(CASE WHEN d.currency = ?4
                                 THEN d.amount_minor * {probability} END), 0),
                    coalesce(sum(d.currency <> ?4), 0)
             FROM deal d
             WHERE d.stage_id = ?1 AND d.pipeline_id = ?2 AND {which}{filter}"
        );
        let currency = pipeline.currency;
        let values = params![
            stage.id.0,
            pipeline.id.0,
            ts(closed_since),
            currency.code(),
            needle,
            i64::from(stage.probability)
        ];
        let (all, total, weighted, other): (i64, i64, i64, i64) =
            self.conn.prepare_cached(&sql)?.query_row(values, |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?;
        let count = |n: i64| u64::try_from(n).unwrap_or(0);
        let mut groups = vec![CurrencySums {
            stage: stage.id,
            currency: currency.code().to_string(),
            count: count(all - other),
            total_minor: i128::from(total),
            weighted_minor_percent: i128::from(weighted),
        }];
        if other > 0 {
            let sql = format!(
                "SELECT d.currency, count(*), coalesce(sum(d.amount_minor), 0),
                        coalesce(sum(d.amount_minor * {probability}), 0)
                 FROM deal d
                 WHERE d.stage_id = ?1 AND d.pipeline_id = ?2 AND d.currency <> ?4
                   AND {which}{filter}
                 GROUP BY d.currency"
            );
            let mut statement = self.conn.prepare_cached(&sql)?;
            let mut rows = statement.query(values)?;
            while let Some(row) = rows.next()? {
                groups.push(CurrencySums {
                    stage: stage.id,
                    currency: row.get(0)?,
                    count: count(row.get(1)?),
                    total_minor: i128::from(row.get::<_, i64>(2)?),
                    weighted_minor_percent: i128::from(row.get::<_, i64>(3)?),
                });
            }
        }
        Ok(groups)
    }

    /// [`Store::board_column_sums_matching`] added up in `i128` over one streamed pass.
    fn board_column_sums_in_rust(
        &self,
        pipeline: &Pipeline,
        closed_since: DateTime<Utc>,
        needle: &str,
        rates: &BoardRates,
    ) -> Result<Vec<ColumnSums>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT d.stage_id, d.currency, d.amount_minor,
                    CASE WHEN s.kind = 'open' THEN coalesce(d.probability_override, s.probability)
                         ELSE s.probability END,
                    d.title, d.organization, d.contact_name, d.owner
             FROM deal d JOIN stage s ON s.id = d.stage_id
             WHERE d.pipeline_id = ?1 AND d.archived_at IS NULL
               AND (s.kind = 'open' OR d.closed_at >= ?2)",
        )?;
        let mut groups: Vec<CurrencySums> = Vec::new();
        let mut rows = statement.query(params![pipeline.id.0, ts(closed_since)])?;
        while let Some(row) = rows.next()? {
            if !needle.is_empty() {
                let texts: [Option<String>; 4] =
                    [row.get(4)?, row.get(5)?, row.get(6)?, row.get(7)?];
                if !card_matches(needle, texts.each_ref().map(|t| t.as_deref())) {
                    continue;
                }
            }
            let stage = StageId(row.get(0)?);
            let currency: String = row.get(1)?;
            let minor: i64 = row.get(2)?;
            let probability: i64 = row.get(3)?;
            let index = match groups
                .iter()
                .position(|g| g.stage == stage && g.currency == currency)
            {
                Some(index) => index,
                None => {
                    groups.push(CurrencySums {
                        stage,
                        currency,
                        count: 0,
                        total_minor: 0,
                        weighted_minor_percent: 0,
                    });
                    groups.len() - 1
                }
            };
            if let Some(group) = groups.get_mut(index) {
                group.count += 1;
                group.total_minor += i128::from(minor);
                group.weighted_minor_percent += i128::from(minor) * i128::from(probability);
            }
        }
        Ok(column_sums(pipeline, &groups, rates))
    }

    /// The overdue and next-step marks of `ids`, each a lookup in the open-activity index.
    pub fn board_marks(
        &self,
        ids: impl IntoIterator<Item = DealId>,
        now: DateTime<Utc>,
    ) -> Result<BoardMarks> {
        // A task due on a day (no time) is overdue only once that day is over.
        let today = crate::domain::AgendaWindow::local(now).today_start;
        let mut overdue = self.conn.prepare_cached(
            "SELECT 1 FROM activity a
             WHERE a.deal_id = ?1 AND a.done_at IS NULL AND a.due_at < ?2
               AND (a.all_day = 0 OR a.due_at < ?3) LIMIT 1",
        )?;
        let mut next = self.conn.prepare_cached(&format!(
            "SELECT {ACTIVITY_COLUMNS} FROM activity a
             WHERE a.deal_id = ?1 AND a.done_at IS NULL ORDER BY a.due_at, a.id LIMIT 1"
        ))?;
        let mut progress = self.conn.prepare_cached(
            "SELECT count(c.done_at), count(*) FROM checklist_item c
             JOIN deal d ON d.id = c.deal_id AND d.stage_id = c.stage_id
             WHERE c.deal_id = ?1",
        )?;
        let mut marks = BoardMarks::default();
        for id in ids {
            let (done, total): (i64, i64) =
                progress.query_row([id.0], |row| Ok((row.get(0)?, row.get(1)?)))?;
            if total > 0 {
                let count = |n: i64| usize::try_from(n).unwrap_or(0);
                marks.checklists.insert(id, (count(done), count(total)));
            }
            if let Some(step) = next
                .query_row([id.0], |row| activity_from_row(row, 0))
                .optional()?
            {
                marks.next_steps.insert(id, step);
                // Nothing planned is nothing overdue.
                if overdue.exists(params![id.0, ts(now), ts(today)])? {
                    marks.overdue.insert(id);
                }
            }
        }
        Ok(marks)
    }

    /// The board's pages for `asks`, their marks, and the sums when `with_sums`: one read
    /// transaction, so the figures and the cards are of one moment.
    pub fn board_read(
        &self,
        pipeline: &Pipeline,
        closed_since: DateTime<Utc>,
        now: DateTime<Utc>,
        asks: &[PageAsk],
        needle: &str,
        with_sums: bool,
    ) -> Result<BoardRead> {
        let snapshot = self.conn.unchecked_transaction()?;
        let pages = super::rules::read_pages(asks, |ask| {
            self.board_page_matching(pipeline, closed_since, ask, needle)
        })?;
        let ids = pages.iter().flat_map(|p| p.cards.iter().map(|c| c.id));
        let marks = self.board_marks(ids.collect::<Vec<_>>(), now)?;
        let rates = BoardRates::new(
            &self.exchange_rates()?,
            pipeline.currency,
            now.with_timezone(&chrono::Local).date_naive(),
        );
        let sums = if with_sums {
            Some(self.board_column_sums_matching(pipeline, closed_since, needle, &rates)?)
        } else {
            None
        };
        snapshot.finish()?;
        Ok(BoardRead {
            pages,
            marks,
            sums,
            rates,
        })
    }
}

fn stage_of(pipeline: &Pipeline, stage: StageId) -> Result<&Stage> {
    pipeline.stage(stage).ok_or_else(|| {
        StoreError::NotFound(format!("stage {} is not in {}", stage.0, pipeline.name))
    })
}

/// The page query of a column of `kind`: `?1` stage, `?2` pipeline, `?3` the last id of
/// the page before, `?4` the page size, `?5` the earliest close shown (closed stages),
/// `?7` the filter (lower case) when `filtered`; every query binds all seven.
fn page_sql(kind: StageKind, filtered: bool) -> String {
    let filter = if filtered {
        format!(" AND {MATCHES}(?7, d.title, d.organization, d.contact_name, d.owner)")
    } else {
        " AND ?7 = ?7".to_string()
    };
    match kind {
        // The stage index holds (stage, pipeline, id): a page is a range of it, no sort.
        StageKind::Open => format!(
            "SELECT {CARD_COLUMNS} {CARD_FROM}
             WHERE d.stage_id = ?1 AND d.pipeline_id = ?2 AND d.id > ?3
               AND d.archived_at IS NULL{filter}
             ORDER BY d.id LIMIT ?4"
        ),
        // Only the recent closes are read, as ids from the `deal_board_column` index (stage,
        // close), then sorted: a month's closes, where the closed stage itself holds most
        // deals ever made. The same cards the header figures count. Named, as the planner
        // would otherwise walk `deal_by_stage` in id order over every close ever made.
        StageKind::Won | StageKind::Lost => format!(
            "SELECT {CARD_COLUMNS} {CARD_FROM}
             WHERE d.id IN (SELECT d.id FROM deal d INDEXED BY deal_board_column
                            WHERE d.stage_id = ?1 AND d.closed_at >= ?5 AND d.pipeline_id = ?2
                              AND d.archived_at IS NULL AND d.id > ?3{filter}
                            ORDER BY d.id LIMIT ?4)
             ORDER BY d.id"
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
mod tests;
