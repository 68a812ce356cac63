//! What a row says beyond the deal itself: its next activity (Pipedrive's `Deal - Next
//! activity date`, HubSpot's `Next Activity Date`), which becomes a planned follow-up, and
//! HubSpot's `Exchange rate`, which becomes an exchange rate dated the close date.

use std::str::FromStr;

use chrono::{Local, NaiveDate, NaiveTime};
use rust_decimal::Decimal;

use crate::domain::{Currency, DecimalSeparator, Due, parse_amount};
use crate::store::{HistoricDeal, ImportSession, StoreError};

use super::import::{ImportSummary, KEPT_WARNINGS};
use super::{Format, Row, RowError};

/// The column holding a deal's next activity, per source (main names; aliases resolve to them).
pub fn next_activity_column(format: Format) -> Option<&'static str> {
    match format {
        Format::Pipedrive => Some("Deal - Next activity date"),
        Format::Hubspot => Some("Next Activity Date"),
        Format::Dealdeck | Format::Mapped => None,
    }
}

/// HubSpot's rate columns: what one unit of the deal's currency is worth in the company's.
pub const EXCHANGE_RATE: &str = "Exchange rate";
pub const COMPANY_AMOUNT: &str = "Amount in company currency";

/// An exchange rate a row states, before the company currency is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatedRate {
    pub line: u64,
    pub rate: Decimal,
    /// `(column, text)` of the amount in the company currency, when the file has it.
    pub company_amount: Option<(String, String)>,
}

/// What a row holds beyond the deal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FollowUp {
    pub next_activity: Option<Due>,
    pub rate: Option<StatedRate>,
}

/// A due as an export writes it: a day alone, or a moment; a moment at local midnight (what a
/// workbook's typed date cell reads as) is the day.
pub fn parse_due_cell(text: &str) -> Result<Due, String> {
    if let Ok(day) = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        return Ok(Due::Day(day));
    }
    let moment = super::parse_moment(text)?;
    let local = moment.with_timezone(&Local);
    if local.time() == NaiveTime::MIN {
        Ok(Due::Day(local.date_naive()))
    } else {
        Ok(Due::At(moment))
    }
}

/// A rate as a sheet writes it: a positive decimal, a lone comma read as the decimal mark.
pub fn parse_rate(text: &str) -> Option<Decimal> {
    let trimmed = text.trim();
    let normalised = if trimmed.matches(',').count() == 1 && !trimmed.contains('.') {
        trimmed.replace(',', ".")
    } else {
        trimmed.to_string()
    };
    Decimal::from_str(&normalised)
        .ok()
        .filter(|r| *r > Decimal::ZERO)
}

/// Reads the row's next activity and stated rate; a cell that cannot be read is a row error.
pub fn read(format: Format, row: &mut Row<'_>) -> FollowUp {
    let mut found = FollowUp::default();
    if let Some(column) = next_activity_column(format)
        && let Some(text) = row.get(column)
    {
        match parse_due_cell(text) {
            Ok(due) => found.next_activity = Some(due),
            Err(e) => row.fail(column, e),
        }
    }
    if format == Format::Hubspot
        && let Some(text) = row.get(EXCHANGE_RATE)
    {
        match parse_rate(text) {
            Some(rate) => {
                found.rate = Some(StatedRate {
                    line: row.line,
                    rate,
                    company_amount: row.amount(COMPANY_AMOUNT),
                })
            }
            None => row.fail(
                EXCHANGE_RATE,
                format!(
                    "{:?} is not an exchange rate (a number above zero)",
                    super::cut(text, 60)
                ),
            ),
        }
    }
    found
}

/// A rate the import stores (or would): 1 `currency` = `rate` `base` from `valid_from`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedRate {
    pub base: Currency,
    pub currency: Currency,
    pub valid_from: NaiveDate,
    pub rate: Decimal,
}

/// One deal's stated rate, ready to be resolved once every row is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateCandidate {
    pub line: u64,
    pub currency: Currency,
    /// The deal's pipeline's currency: the base when the file does not show the company's.
    pub pipeline_currency: Currency,
    pub valid_from: NaiveDate,
    pub rate: Decimal,
}

/// The company currency the file shows: the one currency whose deals all carry rate 1 (with
/// `Amount in company currency` equal to `Amount`, when both are there). `None` when no deal
/// or more than one currency does.
pub fn company_currency(ones: &[Currency]) -> Option<Currency> {
    let first = *ones.first()?;
    ones.iter().all(|c| *c == first).then_some(first)
}

/// Whether `company` is `amount × rate`, to the cent (HubSpot rounds the product).
pub fn agrees(amount: Decimal, rate: Decimal, company: Decimal) -> bool {
    (amount * rate - company).abs() <= Decimal::new(1, 2)
}

/// The rates to store: one per (base, currency, day), the first deal's rate winning, none
/// for a currency that is the base itself.
pub fn resolve(candidates: &[RateCandidate], company: Option<Currency>) -> Vec<ImportedRate> {
    let mut rates: Vec<ImportedRate> = Vec::new();
    for candidate in candidates {
        let base = company.unwrap_or(candidate.pipeline_currency);
        if base == candidate.currency {
            continue;
        }
        if rates.iter().any(|r| {
            r.base == base
                && r.currency == candidate.currency
                && r.valid_from == candidate.valid_from
        }) {
            continue;
        }
        rates.push(ImportedRate {
            base,
            currency: candidate.currency,
            valid_from: candidate.valid_from,
            rate: candidate.rate,
        });
    }
    rates
}

/// A warning for the summary: counted always, kept while there is room.
fn warn(summary: &mut ImportSummary, line: u64, column: &str, reason: String) {
    summary.warning_count += 1;
    if summary.warnings.len() < KEPT_WARNINGS {
        summary.warnings.push(RowError {
            line,
            column: column.to_string(),
            reason,
        });
    }
}

/// The rates an import's deals state, stored once every row is read (the company currency
/// may show only on a later row).
#[derive(Debug, Default)]
pub struct Rates {
    candidates: Vec<RateCandidate>,
    /// Currencies of deals whose stated rate is 1: the company currency, when they agree.
    ones: Vec<Currency>,
}

impl Rates {
    /// Keeps an imported deal's stated rate, unless `Amount in company currency` shows it is
    /// not `Amount × rate` (then the rate is not trusted: a warning).
    pub fn note(
        &mut self,
        historic: &HistoricDeal,
        stated: StatedRate,
        decimal: DecimalSeparator,
        pipeline_currency: Currency,
        summary: &mut ImportSummary,
    ) {
        let currency = historic.deal.currency;
        if let Some((column, text)) = &stated.company_amount {
            let agreed = parse_amount(text, decimal, currency)
                .map(|company| agrees(historic.deal.amount, stated.rate, company));
            if agreed != Ok(true) {
                warn(
                    summary,
                    stated.line,
                    column,
                    format!(
                        "{} is not Amount × Exchange rate ({} × {}); the rate was not stored",
                        super::cut(text, 40),
                        historic.deal.amount,
                        stated.rate
                    ),
                );
                return;
            }
        }
        if stated.rate == Decimal::ONE {
            self.ones.push(currency);
        }
        let day = |at: chrono::DateTime<chrono::Utc>| at.with_timezone(&Local).date_naive();
        let valid_from = historic
            .closed_at
            .map(day)
            .or(historic.deal.expected_close_date)
            .unwrap_or_else(|| day(historic.created_at));
        self.candidates.push(RateCandidate {
            line: stated.line,
            currency,
            pipeline_currency,
            valid_from,
            rate: stated.rate,
        });
    }

    /// Stores the rates into the company currency the file shows (else each deal's pipeline
    /// currency, said so in the summary); a rate already stored for that pair and day stays.
    pub fn store(
        &self,
        importer: &mut dyn ImportSession,
        summary: &mut ImportSummary,
    ) -> Result<(), StoreError> {
        let Some(first) = self.candidates.first() else {
            return Ok(());
        };
        let company = company_currency(&self.ones);
        summary.company_currency = Some(match company {
            Some(currency) => (currency, true),
            None => (first.pipeline_currency, false),
        });
        if company.is_none() {
            // Assuming the pipeline's currency is the company's is contradicted by a deal in
            // that very currency at a rate other than 1: its rate says nothing storable.
            for odd in self
                .candidates
                .iter()
                .filter(|r| r.currency == r.pipeline_currency && r.rate != Decimal::ONE)
            {
                warn(
                    summary,
                    odd.line,
                    EXCHANGE_RATE,
                    format!(
                        "the file does not show its company currency and {} is the pipeline's; the rate {} was not stored (set it with `dealdeck fx set`)",
                        odd.currency, odd.rate
                    ),
                );
            }
        }
        for rate in resolve(&self.candidates, company) {
            if importer.exchange_rate_once(rate.base, rate.currency, rate.valid_from, rate.rate)? {
                summary.exchange_rates.push(rate);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dues_read_as_days_unless_they_have_a_time() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        assert_eq!(parse_due_cell("2026-03-10"), Ok(Due::Day(day)));
        assert_eq!(parse_due_cell("2026-03-10 00:00:00"), Ok(Due::Day(day)));
        assert!(matches!(parse_due_cell("2026-03-10 09:30"), Ok(Due::At(_))));
        assert!(parse_due_cell("soon").is_err());
    }

    #[test]
    fn rates_are_positive_decimals_with_either_mark() {
        assert_eq!(parse_rate("0,92"), Some(Decimal::new(92, 2)));
        assert_eq!(parse_rate("1.0865"), Some(Decimal::new(10865, 4)));
        assert_eq!(parse_rate("0"), None);
        assert_eq!(parse_rate("-1"), None);
        assert_eq!(parse_rate("x"), None);
    }

    #[test]
    fn the_company_currency_is_the_one_all_rate_one_deals_share() {
        let eur: Currency = "EUR".parse().unwrap();
        let usd: Currency = "USD".parse().unwrap();
        assert_eq!(company_currency(&[eur, eur]), Some(eur));
        assert_eq!(company_currency(&[eur, usd]), None);
        assert_eq!(company_currency(&[]), None);
    }

    #[test]
    fn one_rate_per_pair_and_day_and_none_for_the_base() {
        let eur: Currency = "EUR".parse().unwrap();
        let usd: Currency = "USD".parse().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 2, 1).unwrap();
        let candidate = |currency, rate| RateCandidate {
            line: 2,
            currency,
            pipeline_currency: eur,
            valid_from: day,
            rate,
        };
        let rates = resolve(
            &[
                candidate(usd, Decimal::new(92, 2)),
                candidate(usd, Decimal::new(93, 2)),
                candidate(eur, Decimal::ONE),
            ],
            None,
        );
        assert_eq!(rates.len(), 1);
        assert_eq!(rates[0].rate, Decimal::new(92, 2));
        assert_eq!(rates[0].base, eur);
        assert!(agrees(
            Decimal::new(1000, 0),
            Decimal::new(92, 2),
            Decimal::new(920, 0)
        ));
        assert!(!agrees(
            Decimal::new(1000, 0),
            Decimal::new(92, 2),
            Decimal::new(1087, 0)
        ));
    }
}
