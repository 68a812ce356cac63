//! The warnings of a report: every deal left out of a money figure for want of an exchange
//! rate, each named — at `as_of` (left out of every money figure), or only at the end of
//! some weeks of the trend (left out of those weeks' weighted value).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::{Currency, DealHistory, DealId, ThinText};

use super::trend::TrendGap;

/// The deals left out of money figures for want of a rate at `as_of`, named in the order
/// they pass, grouped by currency in order of first appearance.
#[derive(Default)]
pub(super) struct MissingRates {
    by_currency: Vec<(Currency, Vec<NamedDeal>)>,
}

/// A deal as a warning names it: its id and title.
type NamedDeal = (DealId, Box<str>);

impl MissingRates {
    /// `deal` counts in the report; `value` is its amount in the pipeline currency.
    pub(super) fn add(&mut self, deal: &DealHistory, value: Option<Decimal>) {
        if value.is_some() {
            return;
        }
        let title = deal.title.as_ref().map_or("", ThinText::as_str);
        match self
            .by_currency
            .iter_mut()
            .find(|(c, _)| *c == deal.currency)
        {
            Some((_, named)) => named.push((deal.id, title.into())),
            None => self
                .by_currency
                .push((deal.currency, vec![(deal.id, title.into())])),
        }
    }

    /// One warning per deal: those without a rate at `as_of` first, then those without one
    /// at the end of some week of the trend (`gaps`, by deal id).
    pub(super) fn warnings(self, base: Currency, gaps: &[TrendGap]) -> Vec<RateWarning> {
        let mut warnings = Vec::new();
        for (currency, named) in self.by_currency {
            for (id, title) in named {
                warnings.push(RateWarning {
                    deal: id,
                    title: title.into(),
                    currency,
                    base,
                    day: None,
                });
            }
        }
        let mut gaps: Vec<&TrendGap> = gaps.iter().collect();
        gaps.sort_by_key(|gap| gap.0);
        for (id, title, currency, day) in gaps {
            warnings.push(RateWarning {
                deal: *id,
                title: title.as_ref().map_or("", ThinText::as_str).to_string(),
                currency: *currency,
                base,
                day: Some(*day),
            });
        }
        warnings
    }
}

/// A deal left out of money figures for want of a `currency`/`base` rate: at `as_of`
/// (`day` is `None`), or at the end of some week of the trend (the day that week ended).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateWarning {
    pub deal: DealId,
    /// Raw text: whoever shows the warning makes it printable.
    pub title: String,
    pub currency: Currency,
    pub base: Currency,
    pub day: Option<NaiveDate>,
}

impl RateWarning {
    /// The warning as `report --json` carries it: English whatever the locale, as scripts
    /// read it.
    pub fn english(&self) -> String {
        let RateWarning {
            deal,
            title,
            currency,
            base,
            day,
        } = self;
        match day {
            None => format!(
                "deal {deal} \"{title}\" is in {currency} and there is no {currency}/{base} exchange rate; it is left out of money figures"
            ),
            Some(day) => format!(
                "deal {deal} \"{title}\" is in {currency} and there was no {currency}/{base} exchange rate on {day}; it is left out of the weekly weighted value up to the week ending then"
            ),
        }
    }

    /// The warning in the reader's language, its date the locale's way.
    pub fn text(&self) -> String {
        let id = self.deal.to_string();
        let currency = self.currency.to_string();
        let base = self.base.to_string();
        match self.day {
            None => crate::t!(
                "warning-no-rate",
                id = id,
                title = self.title.as_str(),
                currency = currency,
                base = base
            ),
            Some(day) => crate::t!(
                "warning-no-rate-on-day",
                id = id,
                title = self.title.as_str(),
                currency = currency,
                base = base,
                day = crate::i18n::numbers().date(day)
            ),
        }
    }
}
