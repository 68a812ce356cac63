//! The figures of PRODUCT.md §3 as one pure computation over a pipeline's stage history; the
//! dashboard, `dealdeck report` and the tests all read the same [`Report`].

mod fx;
mod goal;
pub mod insights;
#[cfg(test)]
mod insights_tests;
mod months;
mod owners;
mod report;
mod stream;
#[cfg(test)]
mod tests;
mod trend;
mod walk;
mod warnings;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;

use crate::domain::dates::start_of_day;
use crate::domain::{Currency, DealHistory, Pipeline, StageKind, Stay, Timestamp};

pub use fx::{ExchangeRate, ExchangeRates};
pub use insights::{Insight, PastFigures};

pub use months::FORECAST_MONTHS;
pub use owners::OwnerFilter;
pub use report::{
    Amount, FunnelStep, GoalPlan, GoalStage, LostReasonFigures, MonthForecast, OwnerFigures,
    OwnerRestriction, Report, StageFigures, WeekFigures,
};
pub use stream::ReportBuilder;
pub use trend::ReasonWeeks;
use warnings::MissingRates;
pub use warnings::RateWarning;

/// How many 7-day windows the weekly trend shows.
pub const TREND_WEEKS: usize = 12;

const SECONDS_PER_DAY: i64 = 86_400;

/// Inclusive calendar dates in the local time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Period {
        Period { from, to }
    }

    /// The calendar quarter holding `day` (the default period).
    pub fn quarter_of(day: NaiveDate) -> Period {
        let first_month = (day.month0() / 3) * 3 + 1;
        let from = NaiveDate::from_ymd_opt(day.year(), first_month, 1).unwrap_or(day);
        let to = from
            .checked_add_months(chrono::Months::new(3))
            .and_then(|next| next.pred_opt())
            .unwrap_or(day);
        Period { from, to }
    }

    pub fn month_of(day: NaiveDate) -> Period {
        let from = day.with_day(1).unwrap_or(day);
        let to = from
            .checked_add_months(chrono::Months::new(1))
            .and_then(|next| next.pred_opt())
            .unwrap_or(day);
        Period { from, to }
    }

    pub fn year_of(day: NaiveDate) -> Period {
        let from = NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day);
        let to = NaiveDate::from_ymd_opt(day.year(), 12, 31).unwrap_or(day);
        Period { from, to }
    }

    /// The `days` calendar days ending with `day`.
    pub fn last_days(day: NaiveDate, days: u32) -> Period {
        let back = i64::from(days.max(1)) - 1;
        Period {
            from: day - Duration::days(back),
            to: day,
        }
    }

    /// Every day a figure can count: from the first deal's creation day (or an earlier
    /// expected close date) to `day`, or to the latest expected close date after it, so the
    /// forecast of all time holds every open deal's and is never below a shorter period's.
    pub fn all_time<Tz: TimeZone>(deals: &[DealHistory], day: NaiveDate, zone: &Tz) -> Period {
        let created = deals
            .iter()
            .filter_map(|d| d.created_at.to_datetime())
            .map(|created| created.with_timezone(zone).date_naive());
        let closing = deals.iter().filter_map(|d| d.expected_close_date);
        let from = created
            .chain(closing.clone())
            .min()
            .map_or(day, |first| first.min(day));
        let to = closing.max().map_or(day, |last| last.max(day));
        Period { from, to }
    }

    /// The period as a half-open range of moments `[start, end)`.
    fn moments<Tz: TimeZone>(&self, zone: &Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = start_of_day(zone, self.from);
        let end = self.to.succ_opt().map_or_else(
            || start_of_day(zone, self.to),
            |next| start_of_day(zone, next),
        );
        (start, end)
    }
}

/// What a report is asked for: the period, the moment it is read at, an optional goal and
/// an optional owner whose deals alone count.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportRequest {
    pub period: Period,
    pub as_of: DateTime<Utc>,
    /// A revenue target in the pipeline currency, for the goal planner.
    pub target: Option<Decimal>,
    /// Restricts every figure to one owner's deals (`--owner`, the dashboard's owner filter).
    pub owner: Option<OwnerFilter>,
}

/// Where a stage sits: its place on the board and, for open stages, the funnel rank.
#[derive(Clone, Copy)]
struct StagePlace {
    index: usize,
    kind: StageKind,
    probability: u8,
    /// Position among the open stages; the won stage ranks after all of them.
    rank: Option<usize>,
}

struct Stages {
    /// A handful of stages: a linear scan beats hashing on the hot path.
    places: Vec<(i64, StagePlace)>,
    /// Board indices of the open stages, in order.
    open: Vec<usize>,
}

impl Stages {
    fn of(pipeline: &Pipeline) -> Stages {
        let mut places = Vec::with_capacity(pipeline.stages.len());
        let mut open = Vec::new();
        for (index, stage) in pipeline.stages.iter().enumerate() {
            let rank = match stage.kind {
                StageKind::Open => {
                    open.push(index);
                    Some(open.len() - 1)
                }
                _ => None,
            };
            places.push((
                stage.id.0,
                StagePlace {
                    index,
                    kind: stage.kind,
                    probability: stage.probability,
                    rank,
                },
            ));
        }
        for (_, place) in &mut places {
            if place.kind == StageKind::Won {
                place.rank = Some(open.len());
            }
        }
        Stages { places, open }
    }

    fn place(&self, visit: &Stay) -> Option<StagePlace> {
        self.places
            .iter()
            .find(|(id, _)| *id == visit.stage_id.0)
            .map(|(_, place)| *place)
    }
}

/// Amount × probability, still in percent: sums divide by 100 once at the end, which keeps
/// the hot loop to one multiplication per deal and is exact either way.
fn percent_weighted(value: Decimal, probability: u8) -> Decimal {
    value * Decimal::from(probability)
}

fn from_percent(sum: Decimal) -> Decimal {
    sum / Decimal::ONE_HUNDRED
}

fn ratio(numerator: u64, denominator: u64) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

/// `ceil(numerator / denominator)` on integers; `None` for a zero denominator.
fn ceil_div(numerator: u128, denominator: u128) -> Option<u128> {
    (denominator > 0).then(|| numerator.div_ceil(denominator))
}

/// Computes every figure of §3 for `pipeline` from its deals' history as it stood at
/// `request.as_of`. Calendar dates are read in `zone`.
pub fn compute<Tz: TimeZone>(
    pipeline: &Pipeline,
    deals: &[DealHistory],
    rates: &ExchangeRates,
    request: &ReportRequest,
    zone: &Tz,
) -> Report {
    let parts = walk::parts_for(deals.len());
    compute_in_parts(pipeline, deals, rates, request, zone, parts)
}

/// [`compute`] with the history walked in `parts` parts; every split gives the same report.
fn compute_in_parts<Tz: TimeZone>(
    pipeline: &Pipeline,
    deals: &[DealHistory],
    rates: &ExchangeRates,
    request: &ReportRequest,
    zone: &Tz,
    parts: usize,
) -> Report {
    let setup = Setup::new(pipeline, rates, request, zone);
    let values: Vec<Option<Decimal>> = deals.iter().map(|deal| setup.value(deal)).collect();
    let mut missing = MissingRates::default();
    let frame = setup.frame();
    for (deal, value) in deals.iter().zip(&values) {
        if frame.includes(deal) {
            missing.add(deal, *value);
        }
    }
    let sums = walk::walk(&frame, deals, &values, parts);
    figures(pipeline, request, &setup, sums, missing)
}

/// What a computation reads besides the deals: the stages, the moments and the rates.
struct Setup<'a> {
    stages: Stages,
    base: Currency,
    rates: &'a ExchangeRates,
    /// Rates are of `as_of`'s day, looked up once per currency.
    rate_cache: std::cell::RefCell<Vec<(Currency, Option<Decimal>)>>,
    as_of_day: NaiveDate,
    as_of: Timestamp,
    period_start: Timestamp,
    period_end: Timestamp,
    period: Period,
    trend: trend::TrendFrame,
    months: months::MonthFrame,
    owner: Option<OwnerFilter>,
}

impl<'a> Setup<'a> {
    fn new<Tz: TimeZone>(
        pipeline: &Pipeline,
        rates: &'a ExchangeRates,
        request: &ReportRequest,
        zone: &Tz,
    ) -> Setup<'a> {
        let (period_start, period_end) = request.period.moments(zone);
        let as_of_day = request.as_of.with_timezone(zone).date_naive();
        let as_of = Timestamp::from(request.as_of);
        Setup {
            stages: Stages::of(pipeline),
            base: pipeline.currency,
            rates,
            rate_cache: std::cell::RefCell::new(Vec::new()),
            as_of_day,
            as_of,
            period_start: Timestamp::from(period_start),
            period_end: Timestamp::from(period_end),
            period: request.period,
            trend: trend::TrendFrame::new(as_of, as_of_day, zone, pipeline.currency, rates),
            months: months::MonthFrame::new(as_of_day, zone),
            owner: request.owner.clone(),
        }
    }

    fn frame(&self) -> walk::Frame<'_> {
        walk::Frame {
            stages: &self.stages,
            as_of: self.as_of,
            period_start: self.period_start,
            period_end: self.period_end,
            period: self.period,
            trend: &self.trend,
            months: &self.months,
            owner: self.owner.as_ref(),
        }
    }

    /// The deal's amount in the pipeline currency; `None` when there is no rate.
    fn value(&self, deal: &DealHistory) -> Option<Decimal> {
        if deal.currency == self.base {
            return Some(deal.amount);
        }
        let mut cache = self.rate_cache.borrow_mut();
        let rate = match cache.iter().find(|(c, _)| *c == deal.currency) {
            Some((_, rate)) => *rate,
            None => {
                let rate = self.rates.rate(deal.currency, self.base, self.as_of_day);
                cache.push((deal.currency, rate));
                rate
            }
        };
        rate.and_then(|r| deal.amount.checked_mul(r))
    }
}

/// The figures of the report from the walk's sums.
fn figures(
    pipeline: &Pipeline,
    request: &ReportRequest,
    setup: &Setup<'_>,
    sums: walk::Sums,
    missing: MissingRates,
) -> Report {
    let base = pipeline.currency;
    let as_of = request.as_of;
    let stages = &setup.stages;
    let walk::Sums {
        tallies,
        open_deals,
        open_value,
        weighted_value,
        expected_in_period,
        won_deals,
        won_with_value,
        won_value,
        cycle_seconds,
        earlier_won,
        earlier_cycle_seconds,
        lost_deals,
        mut reasons,
        cohort,
        furthest,
        trend,
        owners,
        months,
    } = sums;
    let warnings = missing.warnings(base, &trend.gaps);

    let currency = base;
    let amount = |value: Decimal| Amount::new(value, currency);
    let win_rate = ratio(won_deals, won_deals + lost_deals);
    let avg_deal_size = (won_with_value > 0).then(|| won_value / Decimal::from(won_with_value));
    let avg_cycle_days =
        (won_deals > 0).then(|| cycle_seconds as f64 / SECONDS_PER_DAY as f64 / won_deals as f64);
    let velocity = match (avg_deal_size, won_deals + lost_deals, cycle_seconds) {
        (Some(size), decided, seconds) if decided > 0 && seconds > 0 => size
            .checked_mul(Decimal::from(open_deals))
            .and_then(|v| v.checked_mul(Decimal::from(won_deals)))
            .and_then(|v| v.checked_div(Decimal::from(decided)))
            .and_then(|v| v.checked_mul(Decimal::from(won_deals)))
            .and_then(|v| v.checked_mul(Decimal::from(SECONDS_PER_DAY)))
            .and_then(|v| v.checked_div(Decimal::from(seconds))),
        _ => None,
    };

    // (advanced, completed + stale) per open stage: the conversion rate as an exact fraction.
    let mut conversions: Vec<(u64, u64)> = Vec::with_capacity(stages.open.len());
    let stage_figures: Vec<StageFigures> = stages
        .open
        .iter()
        .map(|&index| {
            let stage = &pipeline.stages[index];
            let tally = &tallies[index];
            let avg_days_in_stage = (tally.completed_visits > 0).then(|| {
                tally.completed_seconds as f64
                    / SECONDS_PER_DAY as f64
                    / tally.completed_visits as f64
            });
            let expected_days = stage
                .expected_days
                .or_else(|| avg_days_in_stage.map(|avg| avg * pipeline.expected_days_factor));
            let stale = expected_days.map_or(0, |limit| {
                tally
                    .running_ages
                    .iter()
                    .filter(|&&age| age as f64 / SECONDS_PER_DAY as f64 > limit)
                    .count() as u64
            });
            conversions.push((tally.advanced, tally.completed + stale));
            StageFigures {
                name: stage.name.clone(),
                open_deals: tally.open_deals,
                open_value: amount(tally.open_value),
                weighted_value: amount(from_percent(tally.weighted_value)),
                avg_days_in_stage,
                expected_days,
                completed: tally.completed,
                advanced: tally.advanced,
                stale,
                conversion_rate: ratio(tally.advanced, tally.completed + stale),
                target_conversion: stage.target_conversion,
                below_target: below_target(
                    tally.advanced,
                    tally.completed + stale,
                    stage.target_conversion,
                ),
            }
        })
        .collect();

    // reached(rank r) = cohort deals whose furthest rank is r or beyond.
    let mut reached = vec![0_u64; furthest.len()];
    let mut running = 0;
    for rank in (0..furthest.len()).rev() {
        running += furthest[rank];
        reached[rank] = running;
    }
    let funnel = stages
        .open
        .iter()
        .enumerate()
        .map(|(rank, &index)| FunnelStep {
            stage: pipeline.stages[index].name.clone(),
            reached: reached[rank],
            cumulative_rate: ratio(reached[rank], cohort),
            next_step_rate: ratio(reached[rank + 1], reached[rank]),
        })
        .collect();

    reasons.sort_by(|a, b| {
        b.2.cmp(&a.2)
            .then_with(|| b.3.cmp(&a.3))
            .then_with(|| a.1.cmp(&b.1))
    });
    let lost_reasons = reasons
        .into_iter()
        .map(|(_, reason, count, value)| LostReasonFigures {
            reason,
            deals: count,
            value: amount(value),
        })
        .collect();

    let goal = request.target.map(|target| {
        let targets: Vec<Option<u8>> = stages
            .open
            .iter()
            .map(|&index| pipeline.stages[index].target_conversion)
            .collect();
        let open_in: Vec<(String, u64)> = stages
            .open
            .iter()
            .map(|&index| {
                (
                    pipeline.stages[index].name.clone(),
                    tallies[index].open_deals,
                )
            })
            .collect();
        goal::plan(
            amount(target),
            amount(won_value),
            won_with_value,
            &conversions,
            &open_in,
            &targets,
        )
    });

    let weekly = weekly_figures(currency, &trend, &setup.trend);
    let past = PastFigures {
        earlier_won,
        earlier_avg_cycle_days: (earlier_won > 0)
            .then(|| earlier_cycle_seconds as f64 / SECONDS_PER_DAY as f64 / earlier_won as f64),
        lost_by_reason: trend.lost_by_reason,
    };

    let mut report = Report {
        pipeline: pipeline.name.clone(),
        currency,
        from: request.period.from,
        to: request.period.to,
        as_of,
        open_deals,
        open_value: amount(open_value),
        weighted_value: amount(from_percent(weighted_value)),
        won_deals,
        lost_deals,
        won_value: amount(won_value),
        win_rate,
        avg_deal_size: avg_deal_size.map(amount),
        avg_cycle_days,
        sales_velocity_per_day: velocity.map(amount),
        forecast: amount(won_value + from_percent(expected_in_period)),
        owner_filter: request.owner.as_ref().map(|owner| OwnerRestriction {
            owner: owner.name().map(str::to_string),
        }),
        owners: owners.figures(currency),
        forecast_by_month: months.figures(&setup.months, currency),
        stages: stage_figures,
        funnel,
        lost_reasons,
        goal,
        weekly,
        insights: Vec::new(),
        warnings: warnings.iter().map(RateWarning::english).collect(),
        rate_warnings: warnings,
    };
    report.insights = insights::read(&report, &past);
    report
}

/// The trend's twelve windows as figures, each dated by the local day it ends on.
fn weekly_figures(
    currency: Currency,
    trend: &trend::Trend,
    frame: &trend::TrendFrame,
) -> Vec<WeekFigures> {
    (0..TREND_WEEKS)
        .map(|k| WeekFigures {
            week_end: frame.end_days[k],
            weighted_value: Amount::new(from_percent(trend.weighted_sum[k]), currency),
            open_deals: trend.open[k],
            won: trend.won[k],
            lost: trend.lost[k],
        })
        .collect()
}

/// `advanced / left < target %`, compared in integers so a rate of exactly the target (29 of
/// 100 against 29 %) is never "below" by a rounding error; `None` without a target or a rate.
pub fn below_target(advanced: u64, left: u64, target: Option<u8>) -> Option<bool> {
    let target = u128::from(target?);
    (left > 0).then(|| u128::from(advanced) * 100 < target * u128::from(left))
}
