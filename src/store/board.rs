//! The board's bulk reads: one query per pipeline for every card, so 10 000 deals load at once.
//! A card carries only what the board draws, sums and filters; the detail pane and the edit
//! form read the whole deal when they open.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};
use rust_decimal::Decimal;

use crate::domain::{Currency, DealId, PipelineId, StageId, StageKind};

use super::Store;
use super::error::Result;
use super::rows::{currency, moment, ts};

/// A deal as a card on the board.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardCard {
    pub id: DealId,
    pub stage_id: StageId,
    /// The kind of the current stage.
    pub status: StageKind,
    pub title: String,
    pub organization: Option<String>,
    pub contact_name: Option<String>,
    pub owner: Option<String>,
    pub amount: Decimal,
    pub currency: Currency,
    pub probability_override: Option<u8>,
    pub lost_reason: Option<String>,
    pub last_activity_at: DateTime<Utc>,
    pub version: i64,
    /// When the deal entered its current stage (its open visit).
    pub entered_stage_at: DateTime<Utc>,
}

pub(super) const CARD_COLUMNS: &str = "d.id, d.stage_id, s.kind, d.title, d.organization, d.contact_name, \
     d.owner, d.amount_minor, d.currency, d.probability_override, d.lost_reason, \
     d.last_activity_at, d.version, v.entered_at";

pub(super) const CARD_FROM: &str = "FROM deal d JOIN stage s ON s.id = d.stage_id \
     JOIN stage_visit v ON v.deal_id = d.id AND v.exited_at IS NULL";

pub(super) fn card_from_row(row: &Row<'_>) -> rusqlite::Result<BoardCard> {
    let kind: String = row.get(2)?;
    let currency = currency(row, 8)?;
    let amount_minor: i64 = row.get(7)?;
    Ok(BoardCard {
        id: DealId(row.get(0)?),
        stage_id: StageId(row.get(1)?),
        status: StageKind::parse(&kind).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                2,
                rusqlite::types::Type::Text,
                format!("stage kind {kind:?}").into(),
            )
        })?,
        title: row.get(3)?,
        organization: row.get(4)?,
        contact_name: row.get(5)?,
        owner: row.get(6)?,
        amount: currency.from_minor(amount_minor),
        currency,
        probability_override: row.get(9)?,
        lost_reason: row.get(10)?,
        last_activity_at: moment(row, 11)?,
        version: row.get(12)?,
        entered_stage_at: moment(row, 13)?,
    })
}

const BOARD_MMAP_BYTES: i64 = 256 << 20;

impl Store {
    /// Lets the board read a file of up to 256 MB through memory mapping and a bigger page
    /// cache: loading every card touches most of the deal table once. A larger file is read
    /// through the page cache alone, since every mapped page it touches counts as the
    /// process's memory (a million deals would map the whole 256 MB).
    pub fn tune_for_board(&self) -> Result<()> {
        let bytes: i64 = self.conn.query_row(
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
            [],
            |row| row.get(0),
        )?;
        if bytes <= BOARD_MMAP_BYTES {
            self.conn
                .pragma_update(None, "mmap_size", BOARD_MMAP_BYTES)?;
        }
        self.conn.execute_batch("PRAGMA cache_size = -65536;")?;
        self.register_board_functions()
    }

    /// The pipeline's unarchived cards: every open deal, and closed ones only when they
    /// closed at or after `closed_since` (old closes would bury the columns). By deal id.
    pub fn board_cards(
        &self,
        pipeline: PipelineId,
        closed_since: DateTime<Utc>,
    ) -> Result<Vec<BoardCard>> {
        // Open deals come by the stage index. Closed ones come by the visit index: a deal
        // enters its won or lost stage at the moment it closes (every writer stamps both from
        // the same instant), so recent closes are the recent open visits of closed stages,
        // and the tens of thousands of older closes are never read.
        let sql = format!(
            "SELECT {CARD_COLUMNS} {CARD_FROM}
             WHERE d.stage_id IN (SELECT id FROM stage WHERE pipeline_id = ?1 AND kind = 'open')
               AND d.archived_at IS NULL
             UNION ALL
             SELECT {CARD_COLUMNS} {CARD_FROM}
             WHERE v.stage_id IN (SELECT id FROM stage WHERE pipeline_id = ?1 AND kind <> 'open')
               AND v.entered_at >= ?2 AND d.closed_at >= ?2 AND d.archived_at IS NULL"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let mut cards = statement
            .query_map(params![pipeline.0, ts(closed_since)], card_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        cards.sort_unstable_by_key(|c| c.id);
        Ok(cards)
    }

    /// One deal's card, or `None` when it no longer belongs on the board (archived, or
    /// closed before `closed_since`).
    pub fn board_card(&self, id: DealId, closed_since: DateTime<Utc>) -> Result<Option<BoardCard>> {
        let sql = format!(
            "SELECT {CARD_COLUMNS} {CARD_FROM}
             WHERE d.id = ?1 AND d.archived_at IS NULL
               AND (s.kind = 'open' OR d.closed_at >= ?2)"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        Ok(statement
            .query_row(params![id.0, ts(closed_since)], card_from_row)
            .optional()?)
    }

    /// Deals of the pipeline with a follow-up or other activity past due and not done.
    pub fn deals_with_overdue_activity(
        &self,
        pipeline: PipelineId,
        now: DateTime<Utc>,
    ) -> Result<HashSet<DealId>> {
        // Starting from the open-activity index keeps this cheap when few are due. A task due
        // on a day (no time) is overdue only once that day is over.
        let today = crate::domain::AgendaWindow::local(now).today_start;
        let mut statement = self.conn.prepare_cached(
            "SELECT DISTINCT a.deal_id FROM activity a
             WHERE a.done_at IS NULL AND a.due_at < ?2 AND (a.all_day = 0 OR a.due_at < ?3)
               AND EXISTS (SELECT 1 FROM deal d WHERE d.id = a.deal_id AND d.pipeline_id = ?1)",
        )?;
        let ids = statement
            .query_map(params![pipeline.0, ts(now), ts(today)], |row| {
                Ok(DealId(row.get(0)?))
            })?
            .collect::<rusqlite::Result<HashSet<_>>>()?;
        Ok(ids)
    }
}
