//! The rows the metrics read: one pipeline's deals with their whole stage history in two
//! queries, and the exchange rates.

use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::params;
use rust_decimal::Decimal;

use crate::domain::{Currency, DealId, PipelineId, StageId, StageVisit, VisitId};
use crate::metrics::{DealHistory, ExchangeRate, ExchangeRates};

use super::Store;
use super::error::{Result, StoreError};
use super::rows::{currency, moment, optional_moment};

/// Big enough to map a million-deal database; SQLite maps only what the file holds.
const HISTORY_MMAP_BYTES: i64 = 1 << 30;

impl Store {
    /// Every deal of the pipeline, archived ones included (they stay in the statistics), each
    /// with its visits oldest first.
    pub fn deal_histories(&self, pipeline: PipelineId) -> Result<Vec<DealHistory>> {
        // These scans read every page of two tables; reading them through a memory map saves
        // one copy and one system call per page. Writes are unaffected (SQLite still writes
        // through the file), so durability is unchanged.
        self.conn
            .pragma_update(None, "mmap_size", HISTORY_MMAP_BYTES)?;
        // A full scan in rowid (= id) order; the pipeline index would need a sort by id after.
        let mut deals_query = self.conn.prepare_cached(
            "SELECT id, title, amount_minor, currency, probability_override, expected_close_date,
                    created_at, lost_reason
             FROM deal NOT INDEXED WHERE pipeline_id = ?1",
        )?;
        // Deals share a few currencies: parse each code once.
        let mut known: Vec<(String, Currency)> = Vec::new();
        let mut deals = deals_query
            .query_map([pipeline.0], |row| {
                let code = row.get_ref(3)?.as_str()?;
                let currency = match known.iter().find(|(k, _)| k == code) {
                    Some((_, c)) => *c,
                    None => {
                        let parsed = currency(row, 3)?;
                        known.push((code.to_string(), parsed));
                        parsed
                    }
                };
                let minor: i64 = row.get(2)?;
                let close: Option<String> = row.get(5)?;
                Ok(DealHistory {
                    id: DealId(row.get(0)?),
                    title: row.get(1)?,
                    amount: currency.from_minor(minor),
                    currency,
                    probability_override: row.get(4)?,
                    expected_close_date: close.as_deref().and_then(iso_date),
                    created_at: moment(row, 6)?,
                    lost_reason: row.get(7)?,
                    visits: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<Vec<DealHistory>>>()?;
        if !deals.is_sorted_by_key(|d| d.id) {
            deals.sort_by_key(|d| d.id);
        }

        // One sequential pass over the history table: visits are written in deal order, so a
        // full scan reads pages in order, where an index walk per deal would jump around.
        // Other pipelines' visits are skipped below by their deal, which is cheaper than a
        // per-row subquery.
        let mut visits_query = self.conn.prepare_cached(
            "SELECT deal_id, id, stage_id, from_stage_id, entered_at, exited_at, reason
             FROM stage_visit NOT INDEXED",
        )?;
        let mut rows = visits_query.query([])?;
        // Visits mostly arrive grouped by deal, so the last deal found is usually the one.
        let mut index = 0;
        while let Some(row) = rows.next()? {
            let deal_id: i64 = row.get(0)?;
            if deals.get(index).is_none_or(|d| d.id.0 != deal_id) {
                match deals.binary_search_by_key(&deal_id, |d| d.id.0) {
                    Ok(found) => index = found,
                    Err(_) => continue,
                }
            }
            deals[index].visits.push(StageVisit {
                id: VisitId(row.get(1)?),
                deal_id: DealId(deal_id),
                stage_id: StageId(row.get(2)?),
                from_stage_id: row.get::<_, Option<i64>>(3)?.map(StageId),
                entered_at: moment(row, 4)?,
                exited_at: optional_moment(row, 5)?,
                reason: row.get(6)?,
            });
        }
        for deal in &mut deals {
            if !deal.visits.is_sorted_by_key(|v| (v.entered_at, v.id)) {
                deal.visits.sort_by_key(|v| (v.entered_at, v.id));
            }
        }
        Ok(deals)
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
        if rate.rate <= Decimal::ZERO {
            return Err(StoreError::invalid(format!(
                "exchange rate {} must be more than zero",
                rate.rate
            )));
        }
        if rate.base == rate.currency {
            return Err(StoreError::invalid(format!(
                "an exchange rate from {} to itself is always 1",
                rate.base
            )));
        }
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
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;
    use crate::domain::NewDeal;
    use crate::metrics::{Period, ReportRequest, compute};

    #[test]
    fn archived_deals_and_their_history_still_count() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("m.db")).unwrap();
        let pipeline = store.pipeline_named(None).unwrap();
        let start = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
        let mut new = NewDeal::new(pipeline.id, "Fleet rollout", Currency::EUR);
        new.amount = Decimal::from(12_000);
        let deal = store.add_deal(&new, start).unwrap();
        let second = pipeline.neighbour(deal.stage_id, 1).unwrap().id;
        store
            .move_deal(deal.id, second, None, None, start + Duration::days(3))
            .unwrap();
        let won = pipeline.won_stage().unwrap().id;
        let moved = store
            .move_deal(deal.id, won, None, None, start + Duration::days(10))
            .unwrap();
        store
            .archive_deal(deal.id, Some(moved.version), start + Duration::days(11))
            .unwrap();
        store
            .add_deal(
                &NewDeal::new(pipeline.id, "Other", Currency::EUR),
                start + Duration::days(1),
            )
            .unwrap();

        let histories = store.deal_histories(pipeline.id).unwrap();
        assert_eq!(histories.len(), 2);
        let stages: Vec<StageId> = histories[0].visits.iter().map(|v| v.stage_id).collect();
        assert_eq!(stages, vec![deal.stage_id, second, won]);

        let request = ReportRequest {
            period: Period::quarter_of(start.date_naive()),
            as_of: start + Duration::days(20),
            target: None,
        };
        let rates = store.exchange_rates().unwrap();
        let report = compute(&pipeline, &histories, &rates, &request, &Utc);
        assert_eq!((report.won_deals, report.open_deals), (1, 1));
        assert_eq!(report.won_value.plain(), "12000.00");
        assert_eq!(report.avg_cycle_days, Some(10.0));
    }

    #[test]
    fn close_dates_read_fast_and_right() {
        assert_eq!(iso_date("2026-02-28"), NaiveDate::from_ymd_opt(2026, 2, 28));
        assert_eq!(iso_date("2026-02-30"), None);
        assert_eq!(iso_date("junk"), None);
    }

    #[test]
    fn rates_are_stored_exactly_and_replaced_per_day() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("fx.db")).unwrap();
        let usd: Currency = "USD".parse().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let mut rate = ExchangeRate {
            base: Currency::EUR,
            currency: usd,
            valid_from: day,
            rate: Decimal::from_str("0.9123456789").unwrap(),
        };
        store.set_exchange_rate(&rate).unwrap();
        rate.rate = Decimal::from_str("0.95").unwrap();
        store.set_exchange_rate(&rate).unwrap();
        let rates = store.exchange_rates().unwrap();
        assert_eq!(rates.all().len(), 1);
        assert_eq!(rates.rate(usd, Currency::EUR, day), Some(rate.rate));
        rate.rate = Decimal::ZERO;
        assert!(store.set_exchange_rate(&rate).is_err());
    }
}
