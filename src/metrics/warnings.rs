//! The warnings of a report: every deal left out of a money figure for want of an exchange
//! rate, each named — at `as_of` (left out of every money figure), or only at the end of
//! some weeks of the trend (left out of those weeks' weighted value).

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
    pub(super) fn warnings(self, base: Currency, gaps: &[TrendGap]) -> Vec<String> {
        let mut warnings = Vec::new();
        for (currency, named) in self.by_currency {
            for (id, title) in &named {
                warnings.push(format!(
                    // Raw text: whoever shows the warning makes it printable.
                    "deal {id} \"{title}\" is in {currency} and there is no {currency}/{base} exchange rate; it is left out of money figures"
                ));
            }
        }
        let mut gaps: Vec<&TrendGap> = gaps.iter().collect();
        gaps.sort_by_key(|gap| gap.0);
        for (id, title, currency, day) in gaps {
            let title = title.as_ref().map_or("", ThinText::as_str);
            warnings.push(format!(
                "deal {id} \"{title}\" is in {currency} and there was no {currency}/{base} exchange rate on {day}; it is left out of the weekly weighted value up to the week ending then"
            ));
        }
        warnings
    }
}
