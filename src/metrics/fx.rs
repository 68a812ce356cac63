//! Exchange rates: converting a deal's amount into the pipeline currency as of a date.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::Currency;

/// One stored rate: 1 unit of `currency` is worth `rate` units of `base`, from `valid_from` on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExchangeRate {
    pub base: Currency,
    pub currency: Currency,
    pub valid_from: NaiveDate,
    pub rate: Decimal,
}

/// The workspace's rates; lookups pick the latest rate valid on the day asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExchangeRates {
    rates: Vec<ExchangeRate>,
}

impl ExchangeRates {
    pub fn new(mut rates: Vec<ExchangeRate>) -> ExchangeRates {
        // Newest first, so the first match is the one in force.
        rates.sort_by_key(|r| std::cmp::Reverse(r.valid_from));
        ExchangeRates { rates }
    }

    pub fn all(&self) -> &[ExchangeRate] {
        &self.rates
    }

    /// How many units of `base` one unit of `currency` was worth on `day`. A rate stored the
    /// other way round is inverted, so one entry serves pipelines in either currency.
    pub fn rate(&self, currency: Currency, base: Currency, day: NaiveDate) -> Option<Decimal> {
        if currency == base {
            return Some(Decimal::ONE);
        }
        let in_force = |r: &&ExchangeRate| r.valid_from <= day && r.rate > Decimal::ZERO;
        let direct = self
            .rates
            .iter()
            .filter(in_force)
            .find(|r| r.base == base && r.currency == currency);
        if let Some(found) = direct {
            return Some(found.rate);
        }
        self.rates
            .iter()
            .filter(in_force)
            .find(|r| r.base == currency && r.currency == base)
            .and_then(|r| Decimal::ONE.checked_div(r.rate))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn c(code: &str) -> Currency {
        code.parse().unwrap()
    }

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::from_str(text).unwrap()
    }

    #[test]
    fn the_latest_rate_in_force_wins_and_inverse_rates_serve() {
        let rates = ExchangeRates::new(vec![
            ExchangeRate {
                base: c("EUR"),
                currency: c("USD"),
                valid_from: day("2026-01-01"),
                rate: d("0.90"),
            },
            ExchangeRate {
                base: c("EUR"),
                currency: c("USD"),
                valid_from: day("2026-03-01"),
                rate: d("0.95"),
            },
        ]);
        assert_eq!(
            rates.rate(c("USD"), c("EUR"), day("2026-02-01")),
            Some(d("0.90"))
        );
        assert_eq!(
            rates.rate(c("USD"), c("EUR"), day("2026-03-01")),
            Some(d("0.95"))
        );
        assert_eq!(rates.rate(c("USD"), c("EUR"), day("2025-12-31")), None);
        assert_eq!(
            rates.rate(c("EUR"), c("USD"), day("2026-02-01")),
            Decimal::ONE.checked_div(d("0.90"))
        );
        assert_eq!(rates.rate(c("SEK"), c("EUR"), day("2026-02-01")), None);
        assert_eq!(
            rates.rate(c("SEK"), c("SEK"), day("2026-02-01")),
            Some(Decimal::ONE)
        );
    }
}
