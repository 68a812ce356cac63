//! One pass over every deal's history gathering the sums the figures are made of. A large
//! pipeline is walked in parts on several threads and the parts added up: every sum is exact
//! (integers and decimals), so the order of the parts cannot change a figure.

use rust_decimal::Decimal;

use crate::domain::{DealHistory, StageKind, Stay, ThinText, Timestamp};

use super::{Period, Stages, TREND_WEEKS, percent_weighted};

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
}

impl Frame<'_> {
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

/// The twelve weekly windows: open deals and their weighted value at each window's end, and
/// deals won or lost inside each window.
pub(super) struct Trend {
    pub open: [u64; TREND_WEEKS],
    /// Still in percent, like every weighted sum until the end.
    pub weighted_sum: [Decimal; TREND_WEEKS],
    pub won: [u64; TREND_WEEKS],
    pub lost: [u64; TREND_WEEKS],
    /// Deals lost inside each window by reason, for the growing-reason insight.
    pub lost_by_reason: Vec<ReasonWeeks>,
}

/// One lost reason's deals per trend window; the key is trimmed and lower case.
#[derive(Clone, Debug, PartialEq)]
pub struct ReasonWeeks {
    pub key: String,
    /// The spelling seen first.
    pub reason: String,
    pub weeks: [u64; TREND_WEEKS],
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
    /// Deals still won at `as_of` whose win came before the period, and their cycles: the
    /// pipeline's own history the period's cycle is read against.
    pub earlier_won: u64,
    pub earlier_cycle_seconds: i64,
    pub lost_deals: u64,
    /// Reason key (trimmed, lower case) -> (spelling first seen, deals, value).
    pub reasons: Vec<(String, String, u64, Decimal)>,
    /// Deals created in the period.
    pub cohort: u64,
    /// `furthest[r]`: cohort deals whose furthest rank is exactly `r` (won ranks last).
    pub furthest: Vec<u64>,
    pub trend: Trend,
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
    trend_frame: TrendFrame,
}

impl Walker {
    pub(super) fn new(frame: &Frame<'_>) -> Walker {
        Walker {
            sums: Sums::new(frame),
            trend_frame: TrendFrame::new(frame.as_of),
        }
    }

    pub(super) fn add(&mut self, frame: &Frame<'_>, deal: &DealHistory, value: Option<Decimal>) {
        if deal.created_at > frame.as_of {
            return;
        }
        self.sums.add_closing_state(frame, deal, value);
        self.sums.add_visits(frame, deal);
        self.sums
            .trend
            .add_deal(&self.trend_frame, frame, deal, value);
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
            earlier_won: 0,
            earlier_cycle_seconds: 0,
            lost_deals: 0,
            reasons: Vec::new(),
            cohort: 0,
            furthest: vec![0; frame.stages.open.len() + 1],
            trend: Trend {
                open: [0; TREND_WEEKS],
                weighted_sum: [Decimal::ZERO; TREND_WEEKS],
                won: [0; TREND_WEEKS],
                lost: [0; TREND_WEEKS],
                lost_by_reason: Vec::new(),
            },
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
        self.earlier_won += other.earlier_won;
        self.earlier_cycle_seconds += other.earlier_cycle_seconds;
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
        for k in 0..TREND_WEEKS {
            self.trend.open[k] += other.trend.open[k];
            self.trend.weighted_sum[k] += other.trend.weighted_sum[k];
            self.trend.won[k] += other.trend.won[k];
            self.trend.lost[k] += other.trend.lost[k];
        }
        for theirs in other.trend.lost_by_reason {
            match self
                .trend
                .lost_by_reason
                .iter_mut()
                .find(|mine| mine.key == theirs.key)
            {
                Some(mine) => {
                    for k in 0..TREND_WEEKS {
                        mine.weeks[k] += theirs.weeks[k];
                    }
                }
                None => self.trend.lost_by_reason.push(theirs),
            }
        }
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
        match place.kind {
            StageKind::Open => {
                self.open_deals += 1;
                let tally = &mut self.tallies[place.index];
                tally.open_deals += 1;
                if let Some(value) = value {
                    let probability = deal.probability_override.unwrap_or(place.probability);
                    let weight = percent_weighted(value, probability);
                    self.open_value += value;
                    self.weighted_value += weight;
                    tally.open_value += value;
                    tally.weighted_value += weight;
                    if deal
                        .expected_close_date
                        .is_some_and(|d| frame.period.from <= d && d <= frame.period.to)
                    {
                        self.expected_in_period += weight;
                    }
                }
            }
            StageKind::Won if frame.in_period(cover.entered_at) => {
                self.won_deals += 1;
                self.cycle_seconds += cover.entered_at.seconds_since(deal.created_at);
                if let Some(value) = value {
                    self.won_with_value += 1;
                    self.won_value += value;
                }
            }
            StageKind::Won if cover.entered_at < frame.period_start => {
                self.earlier_won += 1;
                self.earlier_cycle_seconds += cover.entered_at.seconds_since(deal.created_at);
            }
            StageKind::Lost if frame.in_period(cover.entered_at) => {
                self.lost_deals += 1;
                let reason = lost_reason(deal, cover);
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

/// The reason a lost stay was given, trimmed: the stay's own, else the deal's current one
/// when the stay is its last.
fn lost_reason<'d>(deal: &'d DealHistory, stay: &'d Stay) -> &'d str {
    // `stay` is one of the deal's own stays: the same place in memory means the same stay.
    let is_current = deal.visits.last().is_some_and(|v| std::ptr::eq(v, stay));
    stay.reason()
        .or(if is_current {
            deal.lost_reason.as_ref().map(ThinText::as_str)
        } else {
            None
        })
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .unwrap_or("(no reason given)")
}

/// The trend windows' bounds: window `k` is `(end_k − 7 days, end_k]`, where
/// `end_k = as_of − (TREND_WEEKS − 1 − k) weeks`.
struct TrendFrame {
    earliest: Timestamp,
    week_seconds: i64,
}

impl TrendFrame {
    fn new(as_of: Timestamp) -> TrendFrame {
        let week_seconds = 7 * 86_400;
        TrendFrame {
            earliest: Timestamp(as_of.0.saturating_sub(week_seconds * TREND_WEEKS as i64)),
            week_seconds,
        }
    }
}

impl Trend {
    fn add_deal(
        &mut self,
        bounds: &TrendFrame,
        frame: &Frame<'_>,
        deal: &DealHistory,
        value: Option<Decimal>,
    ) {
        let as_of = frame.as_of;
        // Each visit covers a run of window ends; finding the run by arithmetic keeps this one
        // pass over the visits instead of a covering-visit search per window.
        for visit in &deal.visits {
            let Some(place) = frame.stages.place(visit) else {
                continue;
            };
            if place.kind != StageKind::Open {
                continue;
            }
            let Some(windows) = covered_windows(
                visit.entered_at.max(deal.created_at),
                visit.exited_at(),
                as_of,
                bounds.week_seconds,
            ) else {
                continue;
            };
            let probability = deal.probability_override.unwrap_or(place.probability);
            let weight = value.map(|v| percent_weighted(v, probability));
            for k in windows {
                self.open[k] += 1;
                if let Some(weight) = weight {
                    self.weighted_sum[k] += weight;
                }
            }
        }
        // Bit k set: the deal entered a won (lost) stage inside window k; counted once per
        // window.
        let (mut won_bits, mut lost_bits) = (0_u32, 0_u32);
        // (window, reason) of each loss in the windows; a deal counts once per pair.
        let mut losses: Vec<(usize, &str)> = Vec::new();
        for visit in &deal.visits {
            if visit.entered_at <= bounds.earliest || visit.entered_at > as_of {
                continue;
            }
            let back = as_of.seconds_since(visit.entered_at) / bounds.week_seconds;
            let Some(k) = usize::try_from(back)
                .ok()
                .and_then(|b| (TREND_WEEKS - 1).checked_sub(b))
            else {
                continue;
            };
            match frame.stages.place(visit).map(|p| p.kind) {
                Some(StageKind::Won) => won_bits |= 1 << k,
                Some(StageKind::Lost) => {
                    lost_bits |= 1 << k;
                    let reason = lost_reason(deal, visit);
                    if !losses.contains(&(k, reason)) {
                        losses.push((k, reason));
                    }
                }
                _ => {}
            }
        }
        for (k, reason) in losses {
            let key = reason.to_lowercase();
            match self.lost_by_reason.iter_mut().find(|r| r.key == key) {
                Some(entry) => entry.weeks[k] += 1,
                None => {
                    let mut weeks = [0; TREND_WEEKS];
                    weeks[k] = 1;
                    self.lost_by_reason.push(ReasonWeeks {
                        key,
                        reason: reason.to_string(),
                        weeks,
                    });
                }
            }
        }
        for k in 0..TREND_WEEKS {
            self.won[k] += u64::from(won_bits >> k & 1);
            self.lost[k] += u64::from(lost_bits >> k & 1);
        }
    }
}

/// The trend windows (by index) whose end falls in `[start, exit)`: window `k` ends at
/// `as_of − (TREND_WEEKS − 1 − k) weeks`.
pub(super) fn covered_windows(
    start: Timestamp,
    exit: Option<Timestamp>,
    as_of: Timestamp,
    week_seconds: i64,
) -> Option<std::ops::RangeInclusive<usize>> {
    let last = TREND_WEEKS as i64 - 1;
    let since_start = as_of.seconds_since(start);
    if since_start < 0 {
        return None;
    }
    let first = (last - since_start / week_seconds).max(0);
    let end = match exit {
        Some(exit) if exit <= as_of => last - 1 - as_of.seconds_since(exit) / week_seconds,
        _ => last,
    };
    (first <= end).then_some(first as usize..=end as usize)
}
