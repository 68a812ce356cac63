//! The rows the metrics read: one pipeline's deals with their whole stage history in two
//! queries, and the exchange rates.

use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::params;
use rust_decimal::Decimal;

use crate::domain::{DealId, PipelineId, StageId, StageVisit, VisitId};
use crate::metrics::{DealHistory, ExchangeRate, ExchangeRates};

use super::Store;
use super::error::{Result, StoreError};
use super::rows::{currency, moment, optional_moment};

impl Store {
    /// Every deal of the pipeline, archived ones included (they stay in the statistics), each
    /// with its visits oldest first.
    pub fn deal_histories(&self, pipeline: PipelineId) -> Result<Vec<DealHistory>> {
        let mut deals_query = self.conn.prepare_cached(
            "SELECT id, title, amount_minor, currency, probability_override, expected_close_date,
                    created_at, lost_reason
             FROM deal WHERE pipeline_id = ?1 ORDER BY id",
        )?;
        let mut deals = deals_query
            .query_map([pipeline.0], |row| {
                let currency = currency(row, 3)?;
                let minor: i64 = row.get(2)?;
                let close: Option<String> = row.get(5)?;
                Ok(DealHistory {
                    id: DealId(row.get(0)?),
                    title: row.get(1)?,
                    amount: currency.from_minor(minor),
                    currency,
                    probability_override: row.get(4)?,
                    expected_close_date: close
                        .and_then(|c| NaiveDate::parse_from_str(&c, "%Y-%m-%d").ok()),
                    created_at: moment(row, 6)?,
                    lost_reason: row.get(7)?,
                    visits: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<Vec<DealHistory>>>()?;

        // One pass over the history; no ORDER BY so SQLite streams rows without a sort, and
        // each deal's few visits are ordered here.
        let mut visits_query = self.conn.prepare_cached(
            "SELECT v.deal_id, v.id, v.stage_id, v.from_stage_id, v.entered_at, v.exited_at, v.reason
             FROM deal d JOIN stage_visit v ON v.deal_id = d.id
             WHERE d.pipeline_id = ?1",
        )?;
        let mut rows = visits_query.query([pipeline.0])?;
        while let Some(row) = rows.next()? {
            let deal_id: i64 = row.get(0)?;
            let Ok(index) = deals.binary_search_by_key(&deal_id, |d| d.id.0) else {
                continue;
            };
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
            deal.visits.sort_by_key(|v| (v.entered_at, v.id));
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

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;
    use crate::domain::{Currency, NewDeal};
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
