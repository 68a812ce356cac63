//! The board's column totals in the pipeline currency, for both backends: SQL sums each
//! stage's cards per currency in exact integers, and the sums in another currency are
//! converted here with the workspace's rate on the day of the read, as the report converts
//! a deal; a currency without a rate is left out of the sums and its cards counted.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::{Currency, Pipeline, StageId};
use crate::metrics::ExchangeRates;

use super::board_pages::{ColumnSums, every_stage};

/// What one unit of each currency with a stored rate is worth in the pipeline currency on
/// the day the board is read; the board converts a moved card with the same rates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoardRates {
    rates: Vec<(Currency, Decimal)>,
}

impl BoardRates {
    /// The rates into `base` in force on `day`.
    pub fn new(rates: &ExchangeRates, base: Currency, day: NaiveDate) -> BoardRates {
        let mut found: Vec<(Currency, Decimal)> = Vec::new();
        for stored in rates.all() {
            for currency in [stored.base, stored.currency] {
                if currency == base || found.iter().any(|(c, _)| *c == currency) {
                    continue;
                }
                if let Some(rate) = rates.rate(currency, base, day) {
                    found.push((currency, rate));
                }
            }
        }
        BoardRates { rates: found }
    }

    /// `amount` of `currency` in `base`; `None` when there is no rate.
    pub fn convert(&self, amount: Decimal, currency: Currency, base: Currency) -> Option<Decimal> {
        if currency == base {
            return Some(amount);
        }
        let (_, rate) = self.rates.iter().find(|(c, _)| *c == currency)?;
        amount.checked_mul(*rate)
    }
}

/// One stage's cards in one currency as SQL sums them: how many, Σ amount in minor units and
/// Σ amount × percent in minor units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CurrencySums {
    pub stage: StageId,
    pub currency: String,
    pub count: u64,
    pub total_minor: i128,
    pub weighted_minor_percent: i128,
}

/// Every stage's header figures, in board order, from its per-currency sums.
pub(crate) fn column_sums(
    pipeline: &Pipeline,
    groups: &[CurrencySums],
    rates: &BoardRates,
) -> Vec<ColumnSums> {
    let base = pipeline.currency;
    let mut found: Vec<ColumnSums> = Vec::new();
    for group in groups {
        let index = match found.iter().position(|s| s.stage_id == group.stage) {
            Some(index) => index,
            None => {
                found.push(ColumnSums {
                    stage_id: group.stage,
                    count: 0,
                    total: Decimal::ZERO,
                    weighted: Decimal::ZERO,
                    other_currency: 0,
                });
                found.len() - 1
            }
        };
        let Some(sums) = found.get_mut(index) else {
            continue;
        };
        sums.count += group.count;
        // A code the schema let in but no rate can name is as good as one without a rate.
        let currency = Currency::from_str(&group.currency).ok();
        let scale = currency.map_or(0, |c| c.minor_units());
        let exact = |minor: i128| Decimal::try_from_i128_with_scale(minor, scale).ok();
        let converted = currency.and_then(|c| {
            let total = rates.convert(exact(group.total_minor)?, c, base)?;
            let weighted = rates.convert(exact(group.weighted_minor_percent)?, c, base)?;
            Some((total, weighted / Decimal::ONE_HUNDRED))
        });
        match converted {
            Some((total, weighted)) => {
                sums.total = sums.total.checked_add(total).unwrap_or(Decimal::MAX);
                sums.weighted = sums.weighted.checked_add(weighted).unwrap_or(Decimal::MAX);
            }
            None => sums.other_currency += group.count,
        }
    }
    every_stage(pipeline, found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::ExchangeRate;

    fn c(code: &str) -> Currency {
        code.parse().unwrap()
    }

    #[test]
    fn rates_in_force_on_the_day_convert_and_a_missing_one_leaves_the_card_out() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        let rates = ExchangeRates::new(vec![
            ExchangeRate {
                base: c("EUR"),
                currency: c("SEK"),
                valid_from: day(1),
                rate: "0.087".parse().unwrap(),
            },
            ExchangeRate {
                base: c("USD"),
                currency: c("EUR"),
                valid_from: day(10),
                rate: "1.10".parse().unwrap(),
            },
        ]);
        let early = BoardRates::new(&rates, c("EUR"), day(5));
        let amount: Decimal = "1000".parse().unwrap();
        assert_eq!(
            early.convert(amount, c("SEK"), c("EUR")),
            Some("87.000".parse().unwrap())
        );
        assert_eq!(early.convert(amount, c("USD"), c("EUR")), None);
        let later = BoardRates::new(&rates, c("EUR"), day(10));
        assert!(later.convert(amount, c("USD"), c("EUR")).is_some());
        assert_eq!(later.convert(amount, c("EUR"), c("EUR")), Some(amount));
    }
}
