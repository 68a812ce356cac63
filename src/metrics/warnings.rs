//! The warnings of a report: the deals left out of money figures for want of an exchange
//! rate, named (a few per currency) and counted as the deals pass.

use rust_decimal::Decimal;

use crate::domain::{Currency, DealId};

use crate::domain::{DealHistory, ThinText, Timestamp};

/// Warnings name at most this many deals per currency, so a big import stays readable.
const NAMED_DEALS_PER_CURRENCY: usize = 10;

/// The deals left out of money figures for want of a rate, gathered deal by deal: per
/// currency (in order of first appearance) the first few deals named, and how many in all.
#[derive(Default)]
pub(super) struct MissingRates {
    by_currency: Vec<CurrencyWithoutRate>,
}

/// A currency, the first deals in it named `(id, title)`, and how many there are.
type CurrencyWithoutRate = (Currency, Vec<(DealId, Box<str>)>, usize);

impl MissingRates {
    pub(super) fn add(&mut self, deal: &DealHistory, value: Option<Decimal>, as_of: Timestamp) {
        if value.is_some() || deal.created_at > as_of {
            return;
        }
        let index = match self
            .by_currency
            .iter()
            .position(|(c, ..)| *c == deal.currency)
        {
            Some(index) => index,
            None => {
                self.by_currency.push((deal.currency, Vec::new(), 0));
                self.by_currency.len() - 1
            }
        };
        if let Some((_, named, count)) = self.by_currency.get_mut(index) {
            if named.len() < NAMED_DEALS_PER_CURRENCY {
                let title = deal.title.as_ref().map_or("", ThinText::as_str);
                named.push((deal.id, title.into()));
            }
            *count += 1;
        }
    }

    pub(super) fn warnings(self, base: Currency) -> Vec<String> {
        let mut warnings = Vec::new();
        for (currency, named, count) in self.by_currency {
            for (id, title) in &named {
                warnings.push(format!(
                    // Raw text: whoever shows the warning makes it printable.
                    "deal {id} \"{title}\" is in {currency} and there is no {currency}/{base} exchange rate; it is left out of money figures"
                ));
            }
            if count > NAMED_DEALS_PER_CURRENCY {
                warnings.push(format!(
                    "{} more deals in {} have no exchange rate to {} and are left out of money figures; add one with `dealdeck fx set {} RATE`",
                    count - NAMED_DEALS_PER_CURRENCY,
                    currency,
                    base,
                    currency
                ));
            }
        }
        warnings
    }
}
