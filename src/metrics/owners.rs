//! The figures per owner (the rep a deal belongs to) and the restriction of a report to one
//! owner's deals: the sales manager's regular review of each rep's progress.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::domain::{Currency, OwnerName};

use super::report::{Amount, OwnerFigures};
use super::{SECONDS_PER_DAY, from_percent, ratio};

/// Whose deals a report counts: one owner's, matched case-insensitively after trimming (as
/// the owners' rows are grouped), or the deals that have no owner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OwnerFilter {
    Named(String),
    Nobody,
}

impl OwnerFilter {
    /// `--owner NAME`: a blank name means the deals without an owner.
    pub fn named(name: &str) -> OwnerFilter {
        let name = name.trim();
        if name.is_empty() {
            OwnerFilter::Nobody
        } else {
            OwnerFilter::Named(name.to_string())
        }
    }

    /// Whether a deal owned by `owner` counts.
    pub fn matches(&self, owner: Option<&OwnerName>) -> bool {
        match (self, owner) {
            (OwnerFilter::Nobody, None) => true,
            (OwnerFilter::Named(name), Some(owner)) => same_owner(name, owner.as_str()),
            _ => false,
        }
    }

    /// The owner as the report names it: the name, or `None` for the deals without one.
    pub fn name(&self) -> Option<&str> {
        match self {
            OwnerFilter::Named(name) => Some(name),
            OwnerFilter::Nobody => None,
        }
    }
}

/// Owners compare case-insensitively after trimming, like lost reasons; no allocation, as
/// this runs once per deal.
fn same_owner(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    a == b
        || a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
}

/// The grouping key of an owner's name.
fn owner_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The sums behind one owner's row, gathered as the deals pass. Weighted sums are amount ×
/// percent, as everywhere in the walk.
#[derive(Default, Clone)]
pub(super) struct OwnerTally {
    pub open_deals: u64,
    pub open_value: Decimal,
    pub weighted_value: Decimal,
    pub expected_in_period: Decimal,
    pub won_deals: u64,
    pub won_with_value: u64,
    pub won_value: Decimal,
    pub cycle_seconds: i64,
    pub lost_deals: u64,
}

impl OwnerTally {
    fn add(&mut self, other: &OwnerTally) {
        self.open_deals += other.open_deals;
        self.open_value += other.open_value;
        self.weighted_value += other.weighted_value;
        self.expected_in_period += other.expected_in_period;
        self.won_deals += other.won_deals;
        self.won_with_value += other.won_with_value;
        self.won_value += other.won_value;
        self.cycle_seconds += other.cycle_seconds;
        self.lost_deals += other.lost_deals;
    }

    /// Whether the owner has any deal in the figures at all.
    fn counts(&self) -> bool {
        self.open_deals + self.won_deals + self.lost_deals > 0
    }
}

/// Per stored owner spelling (interned names: one hash of a short string per deal).
#[derive(Default)]
pub(super) struct OwnerTallies {
    by_owner: HashMap<Option<OwnerName>, OwnerTally>,
}

impl OwnerTallies {
    pub(super) fn of(&mut self, owner: Option<&OwnerName>) -> &mut OwnerTally {
        self.by_owner.entry(owner.cloned()).or_default()
    }

    pub(super) fn add(&mut self, other: OwnerTallies) {
        for (owner, tally) in other.by_owner {
            self.by_owner.entry(owner).or_default().add(&tally);
        }
    }

    /// One row per owner (spellings differing only in case or spaces are one owner, named by
    /// the first spelling in sort order), by name with the deals without owner last; owners
    /// with nothing in the figures are left out.
    pub(super) fn figures(self, currency: Currency) -> Vec<OwnerFigures> {
        let mut merged: Vec<(Option<String>, Option<String>, OwnerTally)> = Vec::new();
        let mut spellings: Vec<(Option<OwnerName>, OwnerTally)> =
            self.by_owner.into_iter().collect();
        spellings.sort_by(|a, b| a.0.cmp(&b.0));
        for (owner, tally) in spellings {
            let key = owner.as_ref().map(|o| owner_key(o.as_str()));
            match merged.iter_mut().find(|(k, ..)| *k == key) {
                Some(entry) => entry.2.add(&tally),
                None => merged.push((key, owner.map(|o| o.as_str().trim().to_string()), tally)),
            }
        }
        merged.retain(|(.., tally)| tally.counts());
        merged.sort_by(|a, b| match (&a.0, &b.0) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(_), None) => std::cmp::Ordering::Less,
            (Some(x), Some(y)) => x.cmp(y).then_with(|| a.1.cmp(&b.1)),
        });
        merged
            .into_iter()
            .map(|(_, owner, tally)| owner_figures(owner, &tally, currency))
            .collect()
    }
}

/// An owner's row: the headline figures of §3 restricted to the owner's deals.
fn owner_figures(owner: Option<String>, tally: &OwnerTally, currency: Currency) -> OwnerFigures {
    let amount = |value: Decimal| Amount::new(value, currency);
    let avg_deal_size = (tally.won_with_value > 0)
        .then(|| tally.won_value / Decimal::from(tally.won_with_value))
        .map(amount);
    let avg_cycle_days = (tally.won_deals > 0)
        .then(|| tally.cycle_seconds as f64 / SECONDS_PER_DAY as f64 / tally.won_deals as f64);
    OwnerFigures {
        owner,
        open_deals: tally.open_deals,
        open_value: amount(tally.open_value),
        weighted_value: amount(from_percent(tally.weighted_value)),
        won_deals: tally.won_deals,
        lost_deals: tally.lost_deals,
        won_value: amount(tally.won_value),
        win_rate: ratio(tally.won_deals, tally.won_deals + tally.lost_deals),
        avg_deal_size,
        avg_cycle_days,
        forecast: amount(tally.won_value + from_percent(tally.expected_in_period)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_match_case_insensitively_after_trimming() {
        let sanne = OwnerName::new(" Sanne ");
        assert!(OwnerFilter::named("sanne").matches(Some(&sanne)));
        assert!(OwnerFilter::named("SANNE").matches(Some(&sanne)));
        assert!(!OwnerFilter::named("Sann").matches(Some(&sanne)));
        assert!(!OwnerFilter::named("Sanne").matches(None));
        assert!(OwnerFilter::named("  ").matches(None));
        assert!(!OwnerFilter::Nobody.matches(Some(&sanne)));
        let åsa = OwnerName::new("Åsa");
        assert!(OwnerFilter::named("åsa").matches(Some(&åsa)));
    }
}
