//! One pass over every deal's history gathering the sums the figures are made of. A large
//! pipeline is walked in parts on several threads and the parts added up: every sum is exact
//! (integers and decimals), so the order of the parts cannot change a figure.

use rust_decimal::Decimal;

use crate::domain::{DealHistory, StageKind, ThinText, Timestamp};

use super::months::{MonthFrame, MonthTallies};
use super::owners::{OwnerFilter, OwnerTallies};
use super::trend::{Trend, TrendFrame};
use super::{Period, Stages, percent_weighted};

/// Below this many deals one thread is done before more could be started.
const PARALLEL_FROM_DEALS: usize = 20_000;

/// Parts walked at once; more threads than cores only queue for them.
const MAX_PARTS: usize = 4;

/// What every part reads: the stages, the moment of the report and its period.
pub(super) struct Frame<'a> {
    pub stages: &'a Stages,
    pub as_of: Timestamp,
    /// The period as moments `[start, end)`.
    pub period_start: Timestamp,
    pub period_end: Timestamp,
    /// The period's calendar days, for expected close dates.
    pub period: Period,
    pub trend: &'a TrendFrame,
    pub months: &'a MonthFrame,
    /// Only this owner's deals count, when set.
    pub owner: Option<&'a OwnerFilter>,
}

impl Frame<'_> {
    /// Whether the deal counts in the report at all: created by `as_of`, and the owner's
    /// when the report is restricted to one.
    pub(super) fn includes(&self, deal: &DealHistory) -> bool {
        deal.created_at <= self.as_of
            && self
                .owner
                .is_none_or(|owner| owner.matches(deal.owner.as_ref()))
    }

    fn in_period(&self, moment: Timestamp) -> bool {
        self.period_start <= moment && moment < self.period_end && moment <= self.as_of
    }
}

/// Sums of one open stage while walking the history.
#[derive(Default, Clone)]
pub(super) struct StageTally {
    pub open_deals: u64,
    pub open_value: Decimal,
    pub weighted_value: Decimal,
    pub completed_seconds: i64,
    pub completed_visits: u64,
    pub completed: u64,
    pub advanced: u64,
    /// Ages in seconds at `as_of` of period visits still running, for `stale`.
    pub running_ages: Vec<i64>,
}

impl StageTally {
    fn add(&mut self, other: StageTally) {
        self.open_deals += other.open_deals;
        self.open_value += other.open_value;
        self.weighted_value += other.weighted_value;
        self.completed_seconds += other.completed_seconds;
        self.completed_visits += other.completed_visits;
        self.completed += other.completed;
        self.advanced += other.advanced;
        self.running_ages.extend(other.running_ages);
    }
}

/// Everything the figures are computed from. Weighted sums are amount × percent.
pub(super) struct Sums {
    /// One per stage of the pipeline, by board index.
    pub tallies: Vec<StageTally>,
    pub open_deals: u64,
    pub open_value: Decimal,
    pub weighted_value: Decimal,
    pub expected_in_period: Decimal,
    pub won_deals: u64,
    pub won_with_value: u64,
    pub won_value: Decimal,
    pub cycle_seconds: i64,
    pub lost_deals: u64,
    /// Reason key (trimmed, lower case) -> (spelling first seen, deals, value).
    pub reasons: Vec<(String, String, u64, Decimal)>,
    /// Deals created in the period.
    pub cohort: u64,
    /// `furthest[r]`: cohort deals whose furthest rank is exactly `r` (won ranks last).
    pub furthest: Vec<u64>,
    pub trend: Trend,
    pub owners: OwnerTallies,
    pub months: MonthTallies,
}

/// How many parts [`walk`] should split `deals` deals into on this machine.
pub(super) fn parts_for(deals: usize) -> usize {
    if deals < PARALLEL_FROM_DEALS {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_PARTS))
}

/// Walks `deals` (with their values in the pipeline currency, `None` without a rate) in
/// `parts` parts, one thread each.
pub(super) fn walk(
    frame: &Frame<'_>,
    deals: &[DealHistory],
    values: &[Option<Decimal>],
    parts: usize,
) -> Sums {
    if parts < 2 || deals.len() < 2 {
        return walk_part(frame, deals, values);
    }
    let size = deals.len().div_ceil(parts);
    let mut deal_parts = deals.chunks(size);
    let mut value_parts = values.chunks(size);
    let (Some(first_deals), Some(first_values)) = (deal_parts.next(), value_parts.next()) else {
        return walk_part(frame, deals, values);
    };
    std::thread::scope(|scope| {
        let others: Vec<_> = deal_parts
            .zip(value_parts)
            .map(|(deals, values)| scope.spawn(move || walk_part(frame, deals, values)))
            .collect();
        // The first part is walked here while the others run.
        let mut sums = walk_part(frame, first_deals, first_values);
        for other in others {
            match other.join() {
                Ok(part) => sums.add(part),
                // A part can only fail by a bug; carry its panic on rather than hide it.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        sums
    })
}

fn walk_part(frame: &Frame<'_>, deals: &[DealHistory], values: &[Option<Decimal>]) -> Sums {
    let mut walker = Walker::new(frame);
    for (deal, value) in deals.iter().zip(values) {
        walker.add(frame, deal, *value);
    }
    walker.sums
}

/// The walk one deal at a time, for deals read one at a time.
pub(super) struct Walker {
    pub sums: Sums,
}

impl Walker {
    pub(super) fn new(frame: &Frame<'_>) -> Walker {
        Walker {
            sums: Sums::new(frame),
        }
    }

    pub(super) fn add(&mut self, frame: &Frame<'_>, deal: &DealHistory, value: Option<Decimal>) {
        if !frame.includes(deal) {
            return;
        }
        self.sums.add_closing_state(frame, deal, value);
        self.sums.add_visits(frame, deal);
        self.sums.trend.add_deal(frame, deal, value);
    }
}

impl Sums {
    fn new(frame: &Frame<'_>) -> Sums {
        Sums {
            tallies: vec![StageTally::default(); frame.stages.places.len()],
            open_deals: 0,
            open_value: Decimal::ZERO,
            weighted_value: Decimal::ZERO,
            expected_in_period: Decimal::ZERO,
            won_deals: 0,
            won_with_value: 0,
            won_value: Decimal::ZERO,
            cycle_seconds: 0,
            lost_deals: 0,
            reasons: Vec::new(),
            cohort: 0,
            furthest: vec![0; frame.stages.open.len() + 1],
            trend: Trend::default(),
            owners: OwnerTallies::default(),
            months: MonthTallies::default(),
        }
    }

    /// Adds a later part's sums; reasons keep the spelling seen first in deal order.
    fn add(&mut self, other: Sums) {
        for (mine, theirs) in self.tallies.iter_mut().zip(other.tallies) {
            mine.add(theirs);
        }
        self.open_deals += other.open_deals;
        self.open_value += other.open_value;
        self.weighted_value += other.weighted_value;
        self.expected_in_period += other.expected_in_period;
        self.won_deals += other.won_deals;
        self.won_with_value += other.won_with_value;
        self.won_value += other.won_value;
        self.cycle_seconds += other.cycle_seconds;
        self.lost_deals += other.lost_deals;
        for (key, spelling, deals, value) in other.reasons {
            match self.reasons.iter_mut().find(|(k, ..)| *k == key) {
                Some(entry) => {
                    entry.2 += deals;
                    entry.3 += value;
                }
                None => self.reasons.push((key, spelling, deals, value)),
            }
        }
        self.cohort += other.cohort;
        for (mine, theirs) in self.furthest.iter_mut().zip(other.furthest) {
            *mine += theirs;
        }
        self.trend.add(other.trend);
        self.owners.add(other.owners);
        self.months.add(&other.months);
    }

    /// Where the deal stood at `as_of`: open (counted with its value), or won or lost in the
    /// period.
    fn add_closing_state(&mut self, frame: &Frame<'_>, deal: &DealHistory, value: Option<Decimal>) {
        let Some(cover) = deal.covering(frame.as_of) else {
            return;
        };
        let Some(place) = frame.stages.place(cover) else {
            return;
        };
        let owner = self.owners.of(deal.owner.as_ref());
        match place.kind {
            StageKind::Open => {
                self.open_deals += 1;
                owner.open_deals += 1;
                let tally = &mut self.tallies[place.index];
                tally.open_deals += 1;
                let month = deal
                    .expected_close_date
                    .and_then(|day| frame.months.index(day));
                if let Some(k) = month {
                    self.months.months[k].deals += 1;
                }
                if let Some(value) = value {
                    let probability = deal.probability_override.unwrap_or(place.probability);
                    let weight = percent_weighted(value, probability);
                    self.open_value += value;
                    self.weighted_value += weight;
                    owner.open_value += value;
                    owner.weighted_value += weight;
                    tally.open_value += value;
                    tally.weighted_value += weight;
                    if deal
                        .expected_close_date
                        .is_some_and(|d| frame.period.from <= d && d <= frame.period.to)
                    {
                        self.expected_in_period += weight;
                        owner.expected_in_period += weight;
                    }
                    if let Some(k) = month {
                        self.months.months[k].value += value;
                        self.months.months[k].weighted += weight;
                    }
                }
            }
            StageKind::Won => {
                let months = frame.months;
                if let Some(value) = value
                    && months.begun_start <= cover.entered_at
                    && cover.entered_at < months.begun_end
                {
                    self.months.won_in_begun += value;
                }
                if frame.in_period(cover.entered_at) {
                    self.won_deals += 1;
                    owner.won_deals += 1;
                    let cycle = cover.entered_at.seconds_since(deal.created_at);
                    self.cycle_seconds += cycle;
                    owner.cycle_seconds += cycle;
                    if let Some(value) = value {
                        self.won_with_value += 1;
                        self.won_value += value;
                        owner.won_with_value += 1;
                        owner.won_value += value;
                    }
                }
            }
            StageKind::Lost if frame.in_period(cover.entered_at) => {
                self.lost_deals += 1;
                owner.lost_deals += 1;
                // `cover` is one of the deal's own stays: the same place in memory means the same stay.
                let is_current = deal.visits.last().is_some_and(|v| std::ptr::eq(v, cover));
                let reason = cover
                    .reason()
                    .or(if is_current {
                        deal.lost_reason.as_ref().map(ThinText::as_str)
                    } else {
                        None
                    })
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .unwrap_or("(no reason given)");
                let key = reason.to_lowercase();
                let amount = value.unwrap_or(Decimal::ZERO);
                match self.reasons.iter_mut().find(|(k, ..)| *k == key) {
                    Some(entry) => {
                        entry.2 += 1;
                        entry.3 += amount;
                    }
                    None => self.reasons.push((key, reason.to_string(), 1, amount)),
                }
            }
            _ => {}
        }
    }

    /// The deal's stays in open stages up to `as_of` (time in stage, completed, advanced,
    /// still running), and how far it got when it belongs to the period's cohort.
    fn add_visits(&mut self, frame: &Frame<'_>, deal: &DealHistory) {
        let stages = frame.stages;
        let as_of = frame.as_of;
        let cohort_member = frame.in_period(deal.created_at);
        let mut furthest_rank: Option<usize> = None;
        for (i, visit) in deal.visits.iter().enumerate() {
            if visit.entered_at > as_of {
                break;
            }
            let Some(place) = stages.place(visit) else {
                continue;
            };
            if cohort_member && let Some(rank) = place.rank {
                furthest_rank = Some(furthest_rank.map_or(rank, |r| r.max(rank)));
            }
            if place.kind != StageKind::Open {
                continue;
            }
            let tally = &mut self.tallies[place.index];
            let ended = visit.exited_at().filter(|&exit| exit <= as_of);
            if let Some(exit) = ended {
                tally.completed_seconds += exit.seconds_since(visit.entered_at);
                tally.completed_visits += 1;
            }
            if !frame.in_period(visit.entered_at) {
                continue;
            }
            match ended {
                Some(_) => {
                    tally.completed += 1;
                    let next = deal.visits.get(i + 1).and_then(|n| stages.place(n));
                    let advanced = next.is_some_and(|n| match n.kind {
                        StageKind::Won => true,
                        StageKind::Open => n.index > place.index,
                        StageKind::Lost => false,
                    });
                    if advanced {
                        tally.advanced += 1;
                    }
                }
                None => tally
                    .running_ages
                    .push(as_of.seconds_since(visit.entered_at)),
            }
        }
        if cohort_member {
            self.cohort += 1;
            if let Some(rank) = furthest_rank {
                self.furthest[rank] += 1;
            }
        }
    }
}
