//! The rows the figures read: one pipeline's deals with their whole stage history as compact
//! domain rows ([`DealHistory`]), read at one snapshot on one connection; one deal's again
//! after a write; and the exchange rates.

use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Row, params};
use rust_decimal::Decimal;

use crate::domain::{
    Currency, DealHistory, DealId, OwnerNames, PipelineId, StageId, Stay, ThinText, Timestamp,
};
use crate::metrics::{ExchangeRate, ExchangeRates};

use super::Store;
use super::error::Result;
use super::rows::currency;

/// Files up to this size are read through a memory map. The mapped pages count as the
/// process's memory, so a larger file (a million deals is ~600 MB) is read through SQLite's
/// small page cache instead: slightly slower, but memory stays the size of the rows.
const HISTORY_MMAP_BYTES: i64 = 192 << 20;

impl Store {
    /// Every deal of the pipeline, archived ones included (they stay in the statistics), each
    /// with its visits oldest first, by deal id, as of one snapshot.
    ///
    /// One connection and one thread: on two cores, reading in parts on several connections
    /// saved a few milliseconds at 100 000 deals and cost a copy of every part at a million.
    pub fn deal_histories(&self, pipeline: PipelineId) -> Result<Vec<DealHistory>> {
        map_whole_file(&self.conn)?;
        self.at_one_snapshot(|store| read_histories(&store.conn, pipeline))
    }

    /// One deal's row as [`Store::deal_histories`] has it, read again after a write to it;
    /// `None` when it is gone or in another pipeline now.
    pub fn deal_history(&self, pipeline: PipelineId, deal: DealId) -> Result<Option<DealHistory>> {
        self.at_one_snapshot(|store| {
            let mut deal_query = store.conn.prepare_cached(&format!(
                "SELECT {HISTORY_COLUMNS} FROM deal WHERE id = ?1 AND pipeline_id = ?2"
            ))?;
            let mut known = Currencies::of(&store.conn, pipeline)?;
            let mut rows = deal_query.query(params![deal.0, pipeline.0])?;
            let Some(row) = rows.next()? else {
                return Ok(None);
            };
            let mut history = history_from_row(row, &mut known)?;
            let mut stay_query = store.conn.prepare_cached(&format!(
                "SELECT {STAY_COLUMNS} FROM stage_visit WHERE deal_id = ?1 ORDER BY entered_at, id"
            ))?;
            let stays = stay_query.query_map([deal.0], stay_from_row)?;
            for stay in stays {
                history.visits.push(stay?);
            }
            history.visits.shrink_to_fit();
            Ok(Some(history))
        })
    }

    /// Every stored exchange rate.
    pub fn exchange_rates(&self) -> Result<ExchangeRates> {
        let mut query = self.conn.prepare_cached(
            "SELECT base, currency, valid_from, rate FROM fx_rate ORDER BY base, currency, valid_from",
        )?;
        let rates = query
            .query_map([], |row| {
                let valid_from: String = row.get(2)?;
                let rate: String = row.get(3)?;
                let bad = |what: String| {
                    rusqlite::Error::FromSqlConversionFailure(
                        2,
                        rusqlite::types::Type::Text,
                        what.into(),
                    )
                };
                Ok(ExchangeRate {
                    base: currency(row, 0)?,
                    currency: currency(row, 1)?,
                    valid_from: NaiveDate::parse_from_str(&valid_from, "%Y-%m-%d")
                        .map_err(|e| bad(format!("valid_from {valid_from:?}: {e}")))?,
                    rate: Decimal::from_str(&rate)
                        .map_err(|e| bad(format!("rate {rate:?}: {e}")))?,
                })
            })?
            .collect::<rusqlite::Result<Vec<ExchangeRate>>>()?;
        Ok(ExchangeRates::new(rates))
    }

    /// Stores a rate, replacing one for the same pair and day.
    pub fn set_exchange_rate(&mut self, rate: &ExchangeRate) -> Result<()> {
        super::rules::check_rate(rate)?;
        self.conn.execute(
            "INSERT INTO fx_rate (base, currency, valid_from, rate) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (base, currency, valid_from) DO UPDATE SET rate = excluded.rate",
            params![
                rate.base.code(),
                rate.currency.code(),
                rate.valid_from.format("%Y-%m-%d").to_string(),
                rate.rate.normalize().to_string()
            ],
        )?;
        Ok(())
    }
}

/// These scans read every page of two tables; reading them through a memory map saves one
/// copy and one system call per page. Writes still go through the file, so durability is
/// unchanged.
fn map_whole_file(conn: &Connection) -> Result<()> {
    let bytes: i64 = conn.query_row(
        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
        [],
        |row| row.get(0),
    )?;
    if bytes <= HISTORY_MMAP_BYTES {
        conn.pragma_update(None, "mmap_size", HISTORY_MMAP_BYTES)?;
    }
    Ok(())
}

/// The pipeline's deals with their visits (oldest first), read on `conn` inside the caller's
/// read transaction.
fn read_histories(conn: &Connection, pipeline: PipelineId) -> Result<Vec<DealHistory>> {
    // A scan in rowid (= id) order; the pipeline index would need a sort.
    let mut deals_query = conn.prepare_cached(&format!(
        "SELECT {HISTORY_COLUMNS} FROM deal NOT INDEXED WHERE pipeline_id = ?1"
    ))?;
    // Counted first, so the rows are allocated once at their size rather than grown by
    // doubling (which at a million deals briefly holds three times their memory).
    let count: i64 = conn
        .prepare_cached("SELECT count(*) FROM deal WHERE pipeline_id = ?1")?
        .query_row([pipeline.0], |row| row.get(0))?;
    let mut deals = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    let mut known = Currencies::of(conn, pipeline)?;
    let rows = deals_query.query_map([pipeline.0], |row| history_from_row(row, &mut known))?;
    for deal in rows {
        deals.push(deal?);
    }
    if !deals.is_sorted_by_key(|d| d.id) {
        deals.sort_by_key(|d| d.id);
    }

    // One sequential pass over the visits in rowid order: pages are read in order, where an
    // index walk per deal would jump around. Other pipelines' visits are skipped by their
    // deal, which is cheaper than a per-row subquery.
    let mut visits_query =
        conn.prepare_cached(&format!("SELECT {STAY_COLUMNS} FROM stage_visit"))?;
    let mut rows = visits_query.query([])?;
    // Visits mostly arrive grouped by deal, so the last deal found is usually the one.
    let mut index = 0;
    // The current deal's stays are gathered here and moved over in one exact allocation
    // when the next deal's begin: pushing onto each deal's own list would leave it with
    // room for up to twice its stays.
    let mut pending: Vec<Stay> = Vec::new();
    while let Some(row) = rows.next()? {
        let deal_id = integer(row, 0)?;
        if deals.get(index).is_none_or(|d| d.id.0 != deal_id) {
            match deals.binary_search_by_key(&deal_id, |d| d.id.0) {
                Ok(found) => {
                    if let Some(deal) = deals.get_mut(index) {
                        move_stays(&mut pending, &mut deal.visits);
                    }
                    index = found;
                }
                Err(_) => continue,
            }
        }
        pending.push(stay_from_row(row)?);
    }
    if let Some(deal) = deals.get_mut(index) {
        move_stays(&mut pending, &mut deal.visits);
    }
    sort_visits(&mut deals);
    Ok(deals)
}

/// Moves `pending` onto `visits`, allocating exactly their number when `visits` is empty.
fn move_stays(pending: &mut Vec<Stay>, visits: &mut Vec<Stay>) {
    if visits.is_empty() {
        visits.reserve_exact(pending.len());
    }
    visits.append(pending);
}

/// Puts each deal's visits oldest first and gives back their spare capacity (a pushed `Vec`
/// of five stays holds room for eight; over a million deals that is a quarter of the rows).
fn sort_visits(deals: &mut [DealHistory]) {
    for deal in deals {
        // Stays carry no id: rowid order is the tie-break the sort keeps (it is stable).
        if !deal.visits.is_sorted_by_key(|v| v.entered_at) {
            deal.visits.sort_by_key(|v| v.entered_at);
        }
        deal.visits.shrink_to_fit();
    }
}

/// The columns [`history_from_row`] reads, in order, from `deal`.
pub(super) const HISTORY_COLUMNS: &str = "id, title, amount_minor, currency, \
     probability_override, expected_close_date, created_at, lost_reason, owner";

/// The columns [`stay_from_row`] reads, in order, from `stage_visit`.
pub(super) const STAY_COLUMNS: &str = "deal_id, stage_id, entered_at, exited_at, reason";

/// What history rows are read with: the pipeline's own currency (titles are kept only for
/// deals in another), the currency codes parsed so far (deals share a few) and the owners'
/// shared names.
pub(super) struct Currencies {
    base: Option<Currency>,
    known: Vec<(String, Currency)>,
    owners: OwnerNames,
}

impl Currencies {
    pub(super) fn of(conn: &Connection, pipeline: PipelineId) -> rusqlite::Result<Currencies> {
        let base = conn
            .prepare_cached("SELECT currency FROM pipeline WHERE id = ?1")?
            .query_row([pipeline.0], |row| currency(row, 0))
            .optional()?;
        Ok(Currencies {
            base,
            known: Vec::new(),
            owners: OwnerNames::default(),
        })
    }
}

/// A deal of [`HISTORY_COLUMNS`] without its visits.
pub(super) fn history_from_row(
    row: &Row<'_>,
    currencies: &mut Currencies,
) -> rusqlite::Result<DealHistory> {
    let known = &mut currencies.known;
    let code = row.get_ref(3)?.as_str()?;
    let currency = match known.iter().find(|(k, _)| k == code) {
        Some((_, c)) => *c,
        None => {
            let parsed = currency(row, 3)?;
            known.push((code.to_string(), parsed));
            parsed
        }
    };
    let close = row.get_ref(5)?.as_str_or_null()?;
    Ok(DealHistory {
        id: DealId(integer(row, 0)?),
        title: match currencies.base {
            Some(base) if base == currency => None,
            _ => Some(ThinText::new(row.get_ref(1)?.as_str()?)),
        },
        amount: currency.from_minor(integer(row, 2)?),
        currency,
        probability_override: row.get(4)?,
        expected_close_date: close.and_then(iso_date),
        created_at: timestamp(row, 6)?,
        lost_reason: row.get_ref(7)?.as_str_or_null()?.map(ThinText::new),
        owner: currencies.owners.name(row.get_ref(8)?.as_str_or_null()?),
        visits: Vec::new(),
    })
}

/// Columns `stage_id, entered_at, exited_at, reason` from 1 on ([`STAY_COLUMNS`]).
pub(super) fn stay_from_row(row: &Row<'_>) -> rusqlite::Result<Stay> {
    let exited_at = match row.get_ref(3)? {
        ValueRef::Null => None,
        _ => Some(timestamp(row, 3)?),
    };
    let reason = match row.get_ref(4)? {
        ValueRef::Null => None,
        value => Some(value.as_str()?),
    };
    Ok(Stay::new(
        StageId(integer(row, 1)?),
        timestamp(row, 2)?,
        exited_at,
        reason,
    ))
}

/// An INTEGER column, read without the generic conversion machinery (the schema is STRICT).
pub(super) fn integer(row: &Row<'_>, column: usize) -> rusqlite::Result<i64> {
    Ok(row.get_ref(column)?.as_i64()?)
}

/// The first and last second chrono can hold (`DateTime::<Utc>::MIN_UTC` and `MAX_UTC`); the
/// sums of the metrics stay far inside `i64` for moments between them.
const EARLIEST_SECOND: i64 = -8_334_601_228_800;
const LATEST_SECOND: i64 = 8_210_266_876_799;

/// A timestamp column: whole seconds since the epoch, refused (like everywhere else in the
/// store) when no calendar can hold it, so a damaged file gives an error, not a wrong sum.
fn timestamp(row: &Row<'_>, column: usize) -> rusqlite::Result<Timestamp> {
    let value = integer(row, column)?;
    if (EARLIEST_SECOND..=LATEST_SECOND).contains(&value) {
        Ok(Timestamp(value))
    } else {
        Err(rusqlite::Error::FromSqlConversionFailure(
            column,
            rusqlite::types::Type::Integer,
            format!("timestamp {value} is out of range").into(),
        ))
    }
}

/// `YYYY-MM-DD` as the schema stores it (checked by `date(x) = x`), without a format parser.
fn iso_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> { text.get(range)?.parse().ok() };
    NaiveDate::from_ymd_opt(number(0..4)? as i32, number(5..7)?, number(8..10)?)
}

#[cfg(test)]
mod tests;
