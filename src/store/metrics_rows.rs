//! The rows the metrics read: one pipeline's deals with their whole stage history, and the
//! exchange rates. A large pipeline is read in parts on several connections at once, all
//! looking at the same committed state.

use std::ops::Range;
use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, params};
use rust_decimal::Decimal;

use crate::domain::{Currency, DealId, PipelineId, StageId, VisitId};
use crate::metrics::{DealHistory, ExchangeRate, ExchangeRates, Stay, Timestamp};

use super::Store;
use super::error::Result;
use super::open::{BUSY_TIMEOUT, classify};
use super::rows::currency;

/// Files up to this size are read through a memory map. The mapped pages count as the
/// process's memory, so a larger file (a million deals is ~600 MB) is read through SQLite's
/// small page cache instead: slightly slower, but memory stays the size of the rows.
const HISTORY_MMAP_BYTES: i64 = 192 << 20;

/// Below this many deals one connection reads faster than several can be set up.
const PARALLEL_FROM_DEALS: i64 = 20_000;

/// Parts read at once; more connections than cores only queue for them.
const MAX_PARTS: usize = 4;

/// Tries at starting the parts at one shared state before reading on one connection instead.
const SNAPSHOT_TRIES: usize = 3;

impl Store {
    /// Every deal of the pipeline, archived ones included (they stay in the statistics), each
    /// with its visits oldest first, by deal id.
    pub fn deal_histories(&self, pipeline: PipelineId) -> Result<Vec<DealHistory>> {
        self.deal_histories_in_parts(pipeline, cores(), PARALLEL_FROM_DEALS, &|| {})
    }

    /// [`Store::deal_histories`] taken at once, but with all reading save one share's
    /// waiting for `hold` to return: the board starts this before drawing its first frame,
    /// and the held readers wait so as not to take the processor from it.
    pub fn deal_histories_paced(
        &self,
        pipeline: PipelineId,
        hold: &(dyn Fn() + Sync),
    ) -> Result<Vec<DealHistory>> {
        // One share more than cores: it is read while the others wait, and once they may go
        // it is mostly done, so the cores are not left with one long share each.
        self.deal_histories_in_parts(pipeline, cores() + 1, PARALLEL_FROM_DEALS, hold)
    }

    /// [`Store::deal_histories_paced`] read in `parts` shares once the file holds
    /// `parallel_from` deals; tests use small thresholds to read small files in parts.
    fn deal_histories_in_parts(
        &self,
        pipeline: PipelineId,
        parts: usize,
        parallel_from: i64,
        hold: &(dyn Fn() + Sync),
    ) -> Result<Vec<DealHistory>> {
        let last_deal: i64 =
            self.conn
                .query_row("SELECT coalesce(max(id), 0) FROM deal", [], |row| {
                    row.get(0)
                })?;
        // A file too large to map is read on this one connection: parts would each hold a
        // copy of their rows until joined, which at that size costs more memory than the
        // second core saves time.
        if parts > 1 && last_deal >= parallel_from && mapped_size(&self.conn)? {
            for _ in 0..SNAPSHOT_TRIES {
                match self.readers_at_one_state(parts) {
                    Ok(Some(readers)) => return read_in_parts(readers, pipeline, hold),
                    Ok(None) => continue,
                    // More connections may be refused (file handles, a locked-down file
                    // system) where this one works: read on it instead.
                    Err(_) => break,
                }
            }
        }
        map_whole_file(&self.conn)?;
        let whole = Part {
            deals: 0..i64::MAX,
            visits: 0..i64::MAX,
        };
        // One read transaction, so the deals and their visits are of the same moment.
        let snapshot = self.conn.unchecked_transaction()?;
        hold();
        let read = read_part(&snapshot, pipeline, &whole)?;
        snapshot.commit()?;
        Ok(read.deals)
    }

    /// `count` read-only connections, each inside a read transaction, all seeing the same
    /// committed state; `None` when another process committed while they were being started.
    fn readers_at_one_state(&self, count: usize) -> Result<Option<Vec<Connection>>> {
        // `data_version` changes when any other connection commits, so equal values before
        // and after mean every reader's snapshot was taken with no commit in between.
        let before = self.data_version()?;
        let mut readers = Vec::with_capacity(count);
        for _ in 0..count {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn = Connection::open_with_flags(&self.path, flags)
                .map_err(|e| classify(&self.path, e))?;
            conn.busy_timeout(BUSY_TIMEOUT)?;
            map_whole_file(&conn)?;
            // A read transaction's snapshot starts at its first read and lasts until it ends.
            conn.execute_batch("BEGIN")?;
            conn.query_row("SELECT count(*) FROM pipeline", [], |_| Ok(()))?;
            readers.push(conn);
        }
        Ok((self.data_version()? == before).then_some(readers))
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

/// How many shares keep every core busy.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_PARTS))
}

/// These scans read every page of two tables; reading them through a memory map saves one
/// copy and one system call per page. Writes still go through the file, so durability is
/// unchanged.
fn map_whole_file(conn: &Connection) -> Result<()> {
    if mapped_size(conn)? {
        conn.pragma_update(None, "mmap_size", HISTORY_MMAP_BYTES)?;
    }
    Ok(())
}

/// Whether the file is small enough to be read through a memory map.
fn mapped_size(conn: &Connection) -> Result<bool> {
    let bytes: i64 = conn.query_row(
        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
        [],
        |row| row.get(0),
    )?;
    Ok(bytes <= HISTORY_MMAP_BYTES)
}

/// One reader's share: the deals with ids in `deals` and the visits with ids in `visits`.
struct Part {
    deals: Range<i64>,
    visits: Range<i64>,
}

/// What one reader read: its share's deals with their stays, and the stays it found of deals
/// outside its share.
struct ReadPart {
    deals: Vec<DealHistory>,
    strays: Vec<(DealId, Stay)>,
}

/// Reads each share of [`shares`] on its own reader and thread, and joins the parts in id
/// order. Stays are mostly written in deal order, so nearly all of a share's stays belong to
/// its own deals; the others are attached after the join.
fn read_in_parts(
    readers: Vec<Connection>,
    pipeline: PipelineId,
    hold: &(dyn Fn() + Sync),
) -> Result<Vec<DealHistory>> {
    let Some(first) = readers.first() else {
        return Ok(Vec::new());
    };
    let shares = shares(first, readers.len())?;
    let parts: Vec<Result<ReadPart>> = std::thread::scope(|scope| {
        let last = shares.len().saturating_sub(1);
        let handles: Vec<_> = readers
            .into_iter()
            .zip(&shares)
            .enumerate()
            .map(|(index, (conn, share))| {
                scope.spawn(move || {
                    if index != last {
                        hold();
                    }
                    read_part(&conn, pipeline, share)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| match handle.join() {
                Ok(part) => part,
                // A reader can only fail this way by a bug; carry its panic on.
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    let mut received = Vec::with_capacity(parts.len());
    for part in parts {
        received.push(part?);
    }
    let mut deals = Vec::with_capacity(received.iter().map(|part| part.deals.len()).sum());
    let mut strays = Vec::new();
    for part in received {
        deals.extend(part.deals);
        strays.push(part.strays);
    }
    let mut touched = Vec::new();
    for (deal, stay) in strays.into_iter().flatten() {
        // Not found: a stay of another pipeline's deal.
        if let Ok(index) = deals.binary_search_by_key(&deal, |d| d.id) {
            deals[index].visits.push(stay);
            touched.push(index);
        }
    }
    touched.dedup();
    for index in touched {
        sort_visits(std::slice::from_mut(&mut deals[index]));
    }
    Ok(deals)
}

/// `count` shares of about equal numbers of stays, since reading those is most of the work:
/// share `i` starts at the deal of the stay `i / count` of the way through the table, and at
/// that deal's first stay. Both bounds only ever ascend, so shares never overlap.
fn shares(conn: &Connection, count: usize) -> Result<Vec<Part>> {
    let last_visit: i64 =
        conn.query_row("SELECT coalesce(max(id), 0) FROM stage_visit", [], |row| {
            row.get(0)
        })?;
    let parts = i64::try_from(count).unwrap_or(1).max(1);
    let step = last_visit / parts + 1;
    let mut deal_at =
        conn.prepare("SELECT deal_id FROM stage_visit WHERE id >= ?1 ORDER BY id LIMIT 1")?;
    let mut first_stay = conn.prepare("SELECT min(id) FROM stage_visit WHERE deal_id = ?1")?;
    // (first deal id, first stay id) of each share.
    let mut starts = vec![(0_i64, 0_i64)];
    for part in 1..parts {
        let (previous_deal, previous_stay) = starts.last().copied().unwrap_or((0, 0));
        let deal: Option<i64> = deal_at
            .query_row([part * step], |row| row.get(0))
            .optional()?;
        let start = match deal {
            Some(deal) => {
                let deal = deal.max(previous_deal);
                let stay: Option<i64> = first_stay.query_row([deal], |row| row.get(0))?;
                (deal, stay.unwrap_or(i64::MAX).max(previous_stay))
            }
            None => (i64::MAX, i64::MAX),
        };
        starts.push(start);
    }
    // The last share is open-ended: deals and stays added since the bounds were read are in
    // the readers' snapshot too.
    starts.push((i64::MAX, i64::MAX));
    Ok(starts
        .windows(2)
        .map(|pair| Part {
            deals: pair[0].0..pair[1].0,
            visits: pair[0].1..pair[1].1,
        })
        .collect())
}

/// Puts each deal's visits oldest first and gives back their spare capacity (a pushed `Vec`
/// of five stays holds room for eight; over a million deals that is a quarter of the rows).
fn sort_visits(deals: &mut [DealHistory]) {
    for deal in deals {
        if !deal.visits.is_sorted_by_key(|v| (v.entered_at, v.id)) {
            deal.visits.sort_by_key(|v| (v.entered_at, v.id));
        }
        deal.visits.shrink_to_fit();
    }
}

/// The pipeline's deals of `share` with those of the share's visits that belong to them
/// (oldest first), and the share's visits of deals outside it (of this pipeline or not), read on `conn`.
fn read_part(conn: &Connection, pipeline: PipelineId, share: &Part) -> Result<ReadPart> {
    // A scan in rowid (= id) order over the id range; the pipeline index would need a sort.
    let mut deals_query = conn.prepare_cached(
        "SELECT id, title, amount_minor, currency, probability_override, expected_close_date,
                created_at, lost_reason
         FROM deal NOT INDEXED WHERE id >= ?2 AND id < ?3 AND pipeline_id = ?1",
    )?;
    // Counted first, so the rows are allocated once at their size rather than grown by
    // doubling (which at a million deals briefly holds three times their memory).
    let count: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM deal WHERE pipeline_id = ?1 AND id >= ?2 AND id < ?3",
        )?
        .query_row(
            params![pipeline.0, share.deals.start, share.deals.end],
            |row| row.get(0),
        )?;
    let mut deals = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    // Deals share a few currencies: parse each code once.
    let mut known: Vec<(String, Currency)> = Vec::new();
    let rows = deals_query.query_map(
        params![pipeline.0, share.deals.start, share.deals.end],
        |row| history_from_row(row, &mut known),
    )?;
    for deal in rows {
        deals.push(deal?);
    }
    if !deals.is_sorted_by_key(|d| d.id) {
        deals.sort_by_key(|d| d.id);
    }

    // One sequential pass over the share's visits, in rowid order: pages are read in order,
    // where an index walk per deal would jump around. Other pipelines' visits are skipped by
    // their deal, which is cheaper than a per-row subquery.
    let mut visits_query = conn.prepare_cached(
        "SELECT deal_id, id, stage_id, entered_at, exited_at, reason
         FROM stage_visit WHERE id >= ?1 AND id < ?2",
    )?;
    let mut rows = visits_query.query(params![share.visits.start, share.visits.end])?;
    let mut strays = Vec::new();
    // Visits mostly arrive grouped by deal, so the last deal found is usually the one.
    let mut index = 0;
    // The current deal's stays are gathered here and moved over in one exact allocation
    // when the next deal's begin: pushing onto each deal's own list would leave it with
    // room for up to twice its stays.
    let mut pending: Vec<Stay> = Vec::new();
    while let Some(row) = rows.next()? {
        let deal_id = integer(row, 0)?;
        if !share.deals.contains(&deal_id) {
            strays.push((DealId(deal_id), stay_from_row(row)?));
            continue;
        }
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
    Ok(ReadPart { deals, strays })
}

/// Moves `pending` onto `visits`, allocating exactly their number when `visits` is empty.
fn move_stays(pending: &mut Vec<Stay>, visits: &mut Vec<Stay>) {
    if visits.is_empty() {
        visits.reserve_exact(pending.len());
    }
    visits.append(pending);
}

/// The columns [`history_from_row`] reads, in order, from `deal`.
pub(super) const HISTORY_COLUMNS: &str = "id, title, amount_minor, currency, \
     probability_override, expected_close_date, created_at, lost_reason";

/// The columns [`stay_from_row`] reads, in order, from `stage_visit`.
pub(super) const STAY_COLUMNS: &str = "deal_id, id, stage_id, entered_at, exited_at, reason";

/// A deal of [`HISTORY_COLUMNS`] without its visits; `known` caches parsed currency codes.
pub(super) fn history_from_row(
    row: &Row<'_>,
    known: &mut Vec<(String, Currency)>,
) -> rusqlite::Result<DealHistory> {
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
        title: row.get::<_, String>(1)?.into_boxed_str(),
        amount: currency.from_minor(integer(row, 2)?),
        currency,
        probability_override: row.get(4)?,
        expected_close_date: close.and_then(iso_date),
        created_at: timestamp(row, 6)?,
        lost_reason: row.get::<_, Option<String>>(7)?.map(String::into_boxed_str),
        visits: Vec::new(),
    })
}

/// Columns `id, stage_id, entered_at, exited_at, reason` from 1 on ([`STAY_COLUMNS`]).
pub(super) fn stay_from_row(row: &Row<'_>) -> rusqlite::Result<Stay> {
    Ok(Stay {
        id: VisitId(integer(row, 1)?),
        stage_id: StageId(integer(row, 2)?),
        entered_at: timestamp(row, 3)?,
        exited_at: match row.get_ref(4)? {
            ValueRef::Null => None,
            _ => Some(timestamp(row, 4)?),
        },
        reason: match row.get_ref(5)? {
            ValueRef::Null => None,
            value => Some(value.as_str()?.into()),
        },
    })
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
