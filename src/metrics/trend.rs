//! The weekly trend: twelve local calendar weeks, the last ending with `as_of`'s local day.
//! Weeks are counted in local days, not in 7 × 86 400 seconds, so a week across a DST change
//! is 167 or 169 hours long and a deal won at local midnight lands in the week of that day.

use chrono::{Duration, NaiveDate, TimeZone};
use rust_decimal::Decimal;

use crate::domain::dates::start_of_day;
use crate::domain::{Currency, DealHistory, DealId, StageKind, ThinText, Timestamp};

use super::walk::Frame;
use super::{ExchangeRates, TREND_WEEKS, percent_weighted};

/// The windows' bounds: window `k` is `(ends[k − 1], ends[k]]`, window 0 starting after
/// `start`. `ends[k]` is the last second of its local day, the last one `as_of` itself
/// (nothing later is known at `as_of`).
pub(super) struct TrendFrame {
    start: Timestamp,
    ends: [Timestamp; TREND_WEEKS],
    /// The local day each window ends on.
    pub end_days: [NaiveDate; TREND_WEEKS],
    base: Currency,
    /// Per currency with a stored rate: its rate into the base on each window's last day.
    rates: Vec<(Currency, [Option<Decimal>; TREND_WEEKS])>,
}

impl TrendFrame {
    pub(super) fn new<Tz: TimeZone>(
        as_of: Timestamp,
        as_of_day: NaiveDate,
        zone: &Tz,
        base: Currency,
        rates: &ExchangeRates,
    ) -> TrendFrame {
        let end_days: [NaiveDate; TREND_WEEKS] =
            std::array::from_fn(|k| as_of_day - Duration::days(7 * (TREND_WEEKS - 1 - k) as i64));
        // The last second of a day is one before the next day's first, DST or not.
        let last_second = |day: NaiveDate| {
            let next = day.succ_opt().unwrap_or(day);
            Timestamp(Timestamp::from(start_of_day(zone, next)).0 - 1)
        };
        let mut ends = end_days.map(last_second);
        ends[TREND_WEEKS - 1] = as_of;
        let first_day = end_days[0] - Duration::days(6);
        let start = Timestamp(Timestamp::from(start_of_day(zone, first_day)).0 - 1);
        let mut currencies: Vec<Currency> = Vec::new();
        for rate in rates.all() {
            for currency in [rate.base, rate.currency] {
                if currency != base && !currencies.contains(&currency) {
                    currencies.push(currency);
                }
            }
        }
        let rates = currencies
            .into_iter()
            .map(|currency| {
                let by_week = end_days.map(|day| rates.rate(currency, base, day));
                (currency, by_week)
            })
            .collect();
        TrendFrame {
            start,
            ends,
            end_days,
            base,
            rates,
        }
    }

    /// The windows (by index) whose end falls in `[start, exit)`: those a stay covers.
    fn covered(&self, start: Timestamp, exit: Option<Timestamp>) -> std::ops::Range<usize> {
        let first = self.ends.partition_point(|end| *end < start);
        let last = exit.map_or(TREND_WEEKS, |exit| {
            self.ends.partition_point(|end| *end < exit)
        });
        first..last.max(first)
    }

    /// The window an event at `moment` falls in.
    fn window_of(&self, moment: Timestamp) -> Option<usize> {
        if moment <= self.start {
            return None;
        }
        let k = self.ends.partition_point(|end| *end < moment);
        (k < TREND_WEEKS).then_some(k)
    }

    /// The deal's amount in the base currency at window `k`'s end.
    fn value_at(&self, deal: &DealHistory, k: usize) -> Option<Decimal> {
        if deal.currency == self.base {
            return Some(deal.amount);
        }
        let (_, by_week) = self.rates.iter().find(|(c, _)| *c == deal.currency)?;
        by_week[k].and_then(|rate| deal.amount.checked_mul(rate))
    }
}

/// A deal with a rate at `as_of` left out of a week's weighted value for want of one at the
/// week's end: the deal, its title, currency and the last such week's end.
pub(super) type TrendGap = (DealId, Option<ThinText>, Currency, NaiveDate);

/// The twelve weekly windows: open deals and their weighted value at each window's end, and
/// deals won or lost inside each window.
#[derive(Default)]
pub(super) struct Trend {
    pub open: [u64; TREND_WEEKS],
    /// Still in percent, like every weighted sum until the end.
    pub weighted_sum: [Decimal; TREND_WEEKS],
    pub won: [u64; TREND_WEEKS],
    pub lost: [u64; TREND_WEEKS],
    pub gaps: Vec<TrendGap>,
}

impl Trend {
    pub(super) fn add(&mut self, other: Trend) {
        for k in 0..TREND_WEEKS {
            self.open[k] += other.open[k];
            self.weighted_sum[k] += other.weighted_sum[k];
            self.won[k] += other.won[k];
            self.lost[k] += other.lost[k];
        }
        self.gaps.extend(other.gaps);
    }

    /// `value` is the deal's amount at `as_of` (`None` without a rate then: already warned).
    pub(super) fn add_deal(
        &mut self,
        frame: &Frame<'_>,
        deal: &DealHistory,
        value: Option<Decimal>,
    ) {
        let bounds = frame.trend;
        let mut gap: Option<NaiveDate> = None;
        // Each visit covers a run of window ends; finding the run by binary search keeps this
        // one pass over the visits instead of a covering-visit search per window.
        for visit in &deal.visits {
            let Some(place) = frame.stages.place(visit) else {
                continue;
            };
            if place.kind != StageKind::Open {
                continue;
            }
            let windows = bounds.covered(visit.entered_at.max(deal.created_at), visit.exited_at());
            let probability = deal.probability_override.unwrap_or(place.probability);
            for k in windows {
                self.open[k] += 1;
                match bounds.value_at(deal, k) {
                    Some(v) => self.weighted_sum[k] += percent_weighted(v, probability),
                    None if value.is_some() => gap = Some(bounds.end_days[k]),
                    None => {}
                }
            }
        }
        if let Some(day) = gap {
            self.gaps
                .push((deal.id, deal.title.clone(), deal.currency, day));
        }
        // Bit k set: the deal entered a won (lost) stage inside window k; counted once per
        // window.
        let (mut won_bits, mut lost_bits) = (0_u32, 0_u32);
        for visit in &deal.visits {
            if visit.entered_at > frame.as_of {
                continue;
            }
            let Some(k) = bounds.window_of(visit.entered_at) else {
                continue;
            };
            match frame.stages.place(visit).map(|p| p.kind) {
                Some(StageKind::Won) => won_bits |= 1 << k,
                Some(StageKind::Lost) => lost_bits |= 1 << k,
                _ => {}
            }
        }
        for k in 0..TREND_WEEKS {
            self.won[k] += u64::from(won_bits >> k & 1);
            self.lost[k] += u64::from(lost_bits >> k & 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stay_covers_the_window_ends_inside_it() {
        let rates = ExchangeRates::default();
        let day = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        let as_of = Timestamp::from(crate::domain::dates::end_of_day(&chrono::Utc, day));
        let frame = TrendFrame::new(as_of, day, &chrono::Utc, Currency::EUR, &rates);
        assert_eq!(frame.covered(Timestamp(0), None), 0..TREND_WEEKS);
        assert_eq!(frame.covered(as_of, None), TREND_WEEKS - 1..TREND_WEEKS);
        assert_eq!(
            frame.covered(Timestamp(as_of.0 + 1), None),
            TREND_WEEKS..TREND_WEEKS
        );
        // Leaving exactly at a window's end: not there at that end.
        assert_eq!(frame.covered(Timestamp(0), Some(frame.ends[3])), 0..3);
        assert_eq!(frame.window_of(frame.start), None);
        assert_eq!(frame.window_of(Timestamp(frame.start.0 + 1)), Some(0));
        assert_eq!(frame.window_of(frame.ends[4]), Some(4));
        assert_eq!(frame.window_of(Timestamp(frame.ends[4].0 + 1)), Some(5));
    }
}
