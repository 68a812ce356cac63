//! Worked examples from the seeds and hand-built histories for every rule of §3.

use std::str::FromStr;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;
use crate::domain::{DealId, PipelineId, Playbook, Stage, StageId};

pub(super) fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

/// Noon UTC on day `n` after 2026-01-01.
pub(super) fn t(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap() + Duration::days(n)
}

pub(super) fn day(text: &str) -> NaiveDate {
    NaiveDate::from_str(text).unwrap()
}

// Stage ids: 1..=4 open, 5 won, 6 lost.
pub(super) const S1: i64 = 1;
pub(super) const S2: i64 = 2;
pub(super) const S3: i64 = 3;
pub(super) const S4: i64 = 4;
pub(super) const WON: i64 = 5;
pub(super) const LOST: i64 = 6;

fn stage(id: i64, name: &str, kind: StageKind, probability: u8) -> Stage {
    Stage {
        id: StageId(id),
        pipeline_id: PipelineId(1),
        name: name.to_string(),
        position: id,
        kind,
        probability,
        rot_days: None,
        expected_days: None,
        target_conversion: None,
        playbook: Playbook::default(),
    }
}

/// The `b2b` template of seed 003.
pub(super) fn pipeline() -> Pipeline {
    Pipeline {
        id: PipelineId(1),
        name: "New business".to_string(),
        currency: Currency::EUR,
        expected_days_factor: 2.0,
        stages: vec![
            stage(S1, "Qualification", StageKind::Open, 10),
            stage(S2, "Discovery", StageKind::Open, 25),
            stage(S3, "Meeting", StageKind::Open, 50),
            stage(S4, "Proposal", StageKind::Open, 75),
            stage(WON, "Closed won", StageKind::Won, 100),
            stage(LOST, "Closed lost", StageKind::Lost, 0),
        ],
        converts_to: None,
    }
}

/// Builds deals from their path: `(stage, moment, reason)` per visit, oldest first.
#[derive(Default)]
pub(super) struct History {
    pub(super) deals: Vec<DealHistory>,
}

impl History {
    pub(super) fn deal(&mut self, amount: &str, path: &[(i64, DateTime<Utc>)]) -> &mut DealHistory {
        let id = DealId(self.deals.len() as i64 + 1);
        let mut visits: Vec<Stay> = Vec::new();
        for (i, &(stage, at)) in path.iter().enumerate() {
            visits.push(Stay::new(
                StageId(stage),
                at.into(),
                path.get(i + 1).map(|next| next.1.into()),
                (stage == LOST).then_some("Price too high"),
            ));
        }
        self.deals.push(DealHistory {
            id,
            title: Some(crate::domain::ThinText::new(&format!("Deal {}", id.0))),
            amount: d(amount),
            currency: Currency::EUR,
            probability_override: None,
            expected_close_date: None,
            created_at: path[0].1.into(),
            lost_reason: None,
            owner: None,
            visits,
        });
        self.deals.last_mut().unwrap()
    }
}

pub(super) fn report(
    pipeline: &Pipeline,
    deals: &[DealHistory],
    from: &str,
    to: &str,
    as_of: DateTime<Utc>,
    target: Option<&str>,
) -> Report {
    let request = ReportRequest {
        period: Period::new(day(from), day(to)),
        as_of,
        target: target.map(d),
        owner: None,
    };
    compute(pipeline, deals, &ExchangeRates::default(), &request, &Utc)
}

fn stage_figures<'a>(report: &'a Report, name: &str) -> &'a StageFigures {
    report.stages.iter().find(|s| s.name == name).unwrap()
}

#[test]
fn seed_000_a_pipeline_of_100000_at_10_percent_forecasts_10000() {
    let mut history = History::default();
    for _ in 0..10 {
        history.deal("10000", &[(S1, t(1))]).expected_close_date = Some(day("2026-02-15"));
    }
    // Closing outside the period: part of the pipeline, not of this period's forecast.
    history.deal("50000", &[(S1, t(1))]).expected_close_date = Some(day("2026-09-01"));
    let r = report(
        &pipeline(),
        &history.deals,
        "2026-01-01",
        "2026-03-31",
        t(10),
        None,
    );
    assert_eq!(r.open_value.value, d("150000"));
    assert_eq!(r.forecast.value, d("10000"));
    assert_eq!(r.forecast.plain(), "10000.00");
    assert_eq!(r.weighted_value.value, d("15000"));
}

#[test]
fn seed_003_conversion_rate_is_50_over_70_plus_30() {
    let mut history = History::default();
    let mut p = pipeline();
    p.stages[2].expected_days = Some(10.0);
    for _ in 0..50 {
        history.deal("1000", &[(S3, t(1)), (S4, t(5))]);
    }
    for _ in 0..20 {
        history.deal("1000", &[(S3, t(1)), (LOST, t(5))]);
    }
    for _ in 0..30 {
        history.deal("1000", &[(S3, t(1))]);
    }
    // Still in the stage but younger than expected: neither completed nor stale.
    for _ in 0..5 {
        history.deal("1000", &[(S3, t(25))]);
    }
    let r = report(&p, &history.deals, "2026-01-01", "2026-03-31", t(30), None);
    let meeting = stage_figures(&r, "Meeting");
    assert_eq!(meeting.completed, 70);
    assert_eq!(meeting.advanced, 50);
    assert_eq!(meeting.stale, 30);
    assert_eq!(meeting.conversion_rate, Some(0.5));
    assert_eq!(meeting.expected_days, Some(10.0));
}

#[test]
fn a_stage_is_below_target_only_when_its_rate_is_under_the_target() {
    let mut history = History::default();
    let mut p = pipeline();
    p.stages[2].expected_days = Some(10.0);
    for _ in 0..50 {
        history.deal("1000", &[(S3, t(1)), (S4, t(5))]);
    }
    for _ in 0..50 {
        history.deal("1000", &[(S3, t(1)), (LOST, t(5))]);
    }
    let mut meeting = |target| {
        p.stages[2].target_conversion = target;
        let r = report(&p, &history.deals, "2026-01-01", "2026-03-31", t(30), None);
        let stage = stage_figures(&r, "Meeting").clone();
        (stage.target_conversion, stage.below_target)
    };
    assert_eq!(meeting(Some(51)), (Some(51), Some(true)));
    assert_eq!(
        meeting(Some(50)),
        (Some(50), Some(false)),
        "at target is not below"
    );
    assert_eq!(meeting(None), (None, None));
    // Exact integers: 29 of 100 is 29 %, though 0.29 * 100 is 28.999… as a float.
    assert_eq!(super::below_target(29, 100, Some(29)), Some(false));
    assert_eq!(super::below_target(28, 100, Some(29)), Some(true));
    assert_eq!(
        super::below_target(0, 0, Some(29)),
        None,
        "no rate, no verdict"
    );
}

#[test]
fn seed_003_expected_days_are_30_times_2() {
    let mut history = History::default();
    history.deal("1000", &[(S2, t(0)), (S3, t(20))]);
    history.deal("1000", &[(S2, t(0)), (S3, t(40))]);
    let r = report(
        &pipeline(),
        &history.deals,
        "2026-01-01",
        "2026-03-31",
        t(50),
        None,
    );
    let discovery = stage_figures(&r, "Discovery");
    assert_eq!(discovery.avg_days_in_stage, Some(30.0));
    assert_eq!(discovery.expected_days, Some(60.0));
    // No completed visit and no override: unknown.
    assert_eq!(stage_figures(&r, "Proposal").expected_days, None);
}

#[test]
fn seed_003_a_100000_target_at_20000_average_needs_5_won_deals() {
    let mut history = History::default();
    history.deal("10000", &[(S4, t(1)), (WON, t(11))]);
    history.deal("30000", &[(S4, t(1)), (WON, t(21))]);
    // Proposal: 2 advanced of 4 completed → 50 %; Meeting: 1 of 1 → 100 %.
    history.deal("5000", &[(S4, t(1)), (LOST, t(15))]);
    history.deal("5000", &[(S4, t(1)), (LOST, t(15))]);
    history.deal("5000", &[(S3, t(1)), (S4, t(40))]);
    let r = report(
        &pipeline(),
        &history.deals,
        "2026-01-01",
        "2026-03-31",
        t(45),
        Some("100000"),
    );
    assert_eq!(r.avg_deal_size.map(|a| a.value), Some(d("20000")));
    let goal = r.goal.as_ref().unwrap();
    assert_eq!(goal.won_needed, Some(5));
    assert_eq!(goal.target.plain(), "100000.00");
    let proposal = goal.stages.iter().find(|s| s.stage == "Proposal").unwrap();
    assert_eq!(proposal.needed, Some(10));
    assert_eq!(proposal.have, 1);
    assert_eq!(proposal.gap, Some(9));
    let meeting = goal.stages.iter().find(|s| s.stage == "Meeting").unwrap();
    assert_eq!(meeting.needed, Some(10));
    // Discovery has no conversion rate: it and every earlier stage are unknown.
    for name in ["Discovery", "Qualification"] {
        let s = goal.stages.iter().find(|s| s.stage == name).unwrap();
        assert_eq!((s.needed, s.gap), (None, None), "{name}");
    }
}

#[test]
fn the_goal_planner_shows_the_deals_needed_at_target_rates() {
    let mut history = History::default();
    history.deal("10000", &[(S4, t(1)), (WON, t(11))]);
    history.deal("30000", &[(S4, t(1)), (WON, t(21))]);
    history.deal("5000", &[(S4, t(1)), (LOST, t(15))]);
    history.deal("5000", &[(S4, t(1)), (LOST, t(15))]);
    history.deal("5000", &[(S3, t(1)), (S4, t(40))]);
    let goal = |p: &Pipeline| {
        let r = report(
            p,
            &history.deals,
            "2026-01-01",
            "2026-03-31",
            t(45),
            Some("100000"),
        );
        let at = |name: &str| {
            let stages = &r.goal.as_ref().unwrap().stages;
            stages
                .iter()
                .find(|s| s.stage == name)
                .unwrap()
                .needed_at_target
        };
        (at("Proposal"), at("Meeting"), at("Discovery"))
    };
    assert_eq!(
        goal(&pipeline()),
        (None, None, None),
        "no targets, no column"
    );
    let mut p = pipeline();
    // 5 won needed: Proposal at its 80 % target needs ceil(5 / 0.8) = 7 (10 at its actual
    // 50 %); Meeting has no target, so its own 100 %: 7; Discovery at 25 %: 28.
    p.stages[3].target_conversion = Some(80);
    p.stages[1].target_conversion = Some(25);
    assert_eq!(goal(&p), (Some(7), Some(7), Some(28)));
}

#[test]
fn won_lost_rates_cycle_and_velocity() {
    let mut history = History::default();
    history.deal("10000", &[(S1, t(0)), (WON, t(10))]);
    history.deal("30000", &[(S1, t(0)), (S2, t(5)), (WON, t(30))]);
    history.deal("7000", &[(S1, t(0)), (LOST, t(3))]);
    history.deal("2000", &[(S1, t(0)), (LOST, t(4))]);
    history.deal("1000", &[(S1, t(0))]);
    let r = report(
        &pipeline(),
        &history.deals,
        "2026-01-01",
        "2026-03-31",
        t(40),
        None,
    );
    assert_eq!((r.won_deals, r.lost_deals, r.open_deals), (2, 2, 1));
    assert_eq!(r.won_value.value, d("40000"));
    assert_eq!(r.win_rate, Some(0.5));
    assert_eq!(r.avg_cycle_days, Some(20.0));
    // 1 open × 0.5 × 20 000 / 20 days = 500 per day.
    assert_eq!(r.sales_velocity_per_day.unwrap().plain(), "500.00");
    assert_eq!(r.lost_reasons.len(), 1);
    assert_eq!(r.lost_reasons[0].reason, "Price too high");
    assert_eq!(r.lost_reasons[0].deals, 2);
    assert_eq!(r.lost_reasons[0].value.value, d("9000"));
}

#[test]
fn skipped_stages_advance_and_backward_moves_do_not() {
    let mut history = History::default();
    history.deal("1000", &[(S1, t(1)), (S3, t(3))]);
    history.deal("1000", &[(S2, t(1)), (S1, t(3))]);
    history.deal("1000", &[(S2, t(1)), (WON, t(3))]);
    let r = report(
        &pipeline(),
        &history.deals,
        "2026-01-01",
        "2026-03-31",
        t(5),
        None,
    );
    let qualification = stage_figures(&r, "Qualification");
    assert_eq!((qualification.completed, qualification.advanced), (1, 1));
    let discovery = stage_figures(&r, "Discovery");
    assert_eq!((discovery.completed, discovery.advanced), (2, 1));
    assert_eq!(discovery.conversion_rate, Some(0.5));
    // The skip reaches Meeting in the funnel while skipping Discovery still counts it reached.
    assert_eq!(r.funnel[1].reached, 3);
}

#[test]
fn a_reopened_deal_is_lost_before_and_open_after() {
    let mut history = History::default();
    history.deal("8000", &[(S2, t(1)), (LOST, t(10)), (S2, t(20))]);
    let p = pipeline();
    let before = report(&p, &history.deals, "2026-01-01", "2026-03-31", t(15), None);
    assert_eq!((before.open_deals, before.lost_deals), (0, 1));
    assert_eq!(before.lost_reasons[0].reason, "Price too high");
    let after = report(&p, &history.deals, "2026-01-01", "2026-03-31", t(25), None);
    assert_eq!((after.open_deals, after.lost_deals), (1, 0));
    assert!(after.lost_reasons.is_empty());
    assert_eq!(after.win_rate, None);
    // The visit before the loss is completed and did not advance.
    let discovery = stage_figures(&after, "Discovery");
    assert_eq!((discovery.completed, discovery.advanced), (1, 0));
}

#[test]
fn deals_created_after_as_of_are_invisible() {
    let mut history = History::default();
    history.deal("1000", &[(S1, t(1))]);
    history.deal("5000", &[(S1, t(20)), (WON, t(21))]);
    let r = report(
        &pipeline(),
        &history.deals,
        "2026-01-01",
        "2026-03-31",
        t(10),
        None,
    );
    assert_eq!(r.open_deals, 1);
    assert_eq!(r.won_deals, 0);
    assert_eq!(r.funnel[0].reached, 1);
    assert_eq!(r.weekly.last().unwrap().open_deals, 1);
}

#[test]
fn an_expected_days_override_beats_the_average() {
    let mut history = History::default();
    history.deal("1000", &[(S1, t(0)), (S2, t(2))]);
    history.deal("1000", &[(S1, t(10))]);
    let mut p = pipeline();
    let computed = report(&p, &history.deals, "2026-01-01", "2026-03-31", t(20), None);
    let q = stage_figures(&computed, "Qualification");
    assert_eq!((q.expected_days, q.stale), (Some(4.0), 1));
    p.stages[0].expected_days = Some(30.0);
    let overridden = report(&p, &history.deals, "2026-01-01", "2026-03-31", t(20), None);
    let q = stage_figures(&overridden, "Qualification");
    assert_eq!(
        (q.avg_days_in_stage, q.expected_days, q.stale),
        (Some(2.0), Some(30.0), 0)
    );
}

#[test]
fn an_empty_pipeline_is_all_null_and_zero() {
    let r = report(
        &pipeline(),
        &[],
        "2026-01-01",
        "2026-03-31",
        t(10),
        Some("50000"),
    );
    assert_eq!(r.open_deals, 0);
    assert_eq!(r.forecast.plain(), "0.00");
    assert_eq!(
        (
            r.win_rate,
            r.avg_deal_size,
            r.avg_cycle_days,
            r.sales_velocity_per_day
        ),
        (None, None, None, None)
    );
    assert!(r.stages.iter().all(|s| s.conversion_rate.is_none()
        && s.avg_days_in_stage.is_none()
        && s.expected_days.is_none()));
    assert!(r.funnel.iter().all(|f| f.cumulative_rate.is_none()));
    assert_eq!(r.goal.as_ref().unwrap().won_needed, None);
    assert_eq!(r.weekly.len(), TREND_WEEKS);
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["win_rate"].is_null());
    assert!(json["sales_velocity_per_day"].is_null());
    assert_eq!(json["open_value"], "0.00");
}

#[test]
fn a_period_without_closed_deals_still_forecasts_the_open_ones() {
    let mut history = History::default();
    history.deal("20000", &[(S1, t(0)), (WON, t(5))]);
    history.deal("10000", &[(S4, t(0))]).expected_close_date = Some(day("2026-05-10"));
    let r = report(
        &pipeline(),
        &history.deals,
        "2026-04-01",
        "2026-06-30",
        t(100),
        None,
    );
    assert_eq!((r.won_deals, r.lost_deals), (0, 0));
    assert_eq!(r.win_rate, None);
    assert_eq!(r.avg_deal_size, None);
    assert_eq!(r.forecast.value, d("7500"));
    assert!(r.lost_reasons.is_empty());
    // Created before the period: no cohort.
    assert!(r.funnel.iter().all(|f| f.reached == 0));
}

#[test]
fn the_period_is_whole_local_days() {
    let mut history = History::default();
    let zone = chrono::FixedOffset::east_opt(2 * 3600).unwrap();
    // 2026-03-31 23:30 local is 21:30 UTC: inside a period ending on the 31st.
    let late = Utc.with_ymd_and_hms(2026, 3, 31, 21, 30, 0).unwrap();
    // 2026-04-01 00:30 local is 22:30 UTC on the 31st: outside it.
    let next = Utc.with_ymd_and_hms(2026, 3, 31, 22, 30, 0).unwrap();
    history.deal("1000", &[(S1, t(0)), (WON, late)]);
    history.deal("1000", &[(S1, t(0)), (WON, next)]);
    let request = ReportRequest {
        period: Period::new(day("2026-01-01"), day("2026-03-31")),
        as_of: t(120),
        target: None,
        owner: None,
    };
    let r = compute(
        &pipeline(),
        &history.deals,
        &ExchangeRates::default(),
        &request,
        &zone,
    );
    assert_eq!(r.won_deals, 1);
}

#[test]
fn cohort_funnel_rates() {
    let mut history = History::default();
    history.deal("1000", &[(S1, t(1))]);
    history.deal("1000", &[(S1, t(1)), (S2, t(2))]);
    history.deal("1000", &[(S1, t(1)), (S2, t(2)), (S3, t(3)), (LOST, t(4))]);
    history.deal("1000", &[(S1, t(1)), (S4, t(2)), (WON, t(3))]);
    let r = report(
        &pipeline(),
        &history.deals,
        "2026-01-01",
        "2026-03-31",
        t(10),
        None,
    );
    let reached: Vec<u64> = r.funnel.iter().map(|f| f.reached).collect();
    assert_eq!(reached, vec![4, 3, 2, 1]);
    assert_eq!(r.funnel[0].cumulative_rate, Some(1.0));
    assert_eq!(r.funnel[1].next_step_rate, Some(2.0 / 3.0));
    assert_eq!(r.funnel[3].next_step_rate, Some(1.0));
}

#[test]
fn weekly_windows_end_at_as_of() {
    let mut history = History::default();
    history.deal("1000", &[(S1, t(0)), (WON, t(69))]);
    history.deal("1000", &[(S1, t(0)), (LOST, t(62))]);
    history.deal("4000", &[(S2, t(60))]);
    let r = report(
        &pipeline(),
        &history.deals,
        "2026-01-01",
        "2026-03-31",
        t(70),
        None,
    );
    assert_eq!(r.weekly.len(), 12);
    let last = r.weekly.last().unwrap();
    assert_eq!(last.week_end, t(70).date_naive());
    assert_eq!((last.won, last.lost, last.open_deals), (1, 0, 1));
    assert_eq!(last.weighted_value.value, d("1000"));
    let previous = &r.weekly[10];
    assert_eq!(
        (previous.won, previous.lost, previous.open_deals),
        (0, 1, 2)
    );
    assert_eq!(previous.weighted_value.value, d("1100"));
}

#[test]
fn deals_without_a_rate_are_named_and_left_out_of_money() {
    let mut history = History::default();
    history.deal("1000", &[(S1, t(0))]);
    let usd = history.deal("1000", &[(S1, t(0))]);
    usd.currency = "USD".parse().unwrap();
    let sek = history.deal("10000", &[(S1, t(0))]);
    sek.currency = "SEK".parse().unwrap();
    let rates = ExchangeRates::new(vec![ExchangeRate {
        base: Currency::EUR,
        currency: "SEK".parse().unwrap(),
        valid_from: day("2025-01-01"),
        rate: d("0.09"),
    }]);
    let request = ReportRequest {
        period: Period::quarter_of(day("2026-01-05")),
        as_of: t(5),
        target: None,
        owner: None,
    };
    let r = compute(&pipeline(), &history.deals, &rates, &request, &Utc);
    assert_eq!(r.open_deals, 3);
    assert_eq!(r.open_value.value, d("1900"));
    assert_eq!(r.warnings.len(), 1);
    assert!(
        r.warnings[0].contains("deal 2") && r.warnings[0].contains("USD"),
        "{:?}",
        r.warnings
    );
}

#[test]
fn periods_follow_the_calendar() {
    assert_eq!(
        Period::quarter_of(day("2026-05-17")),
        Period::new(day("2026-04-01"), day("2026-06-30"))
    );
    assert_eq!(
        Period::month_of(day("2026-02-10")),
        Period::new(day("2026-02-01"), day("2026-02-28"))
    );
    assert_eq!(
        Period::last_days(day("2026-03-31"), 90),
        Period::new(day("2026-01-01"), day("2026-03-31"))
    );
}

/// A random history: per deal, a creation day and a walk of (stage, days later) steps.
fn arbitrary_history() -> impl Strategy<Value = Vec<DealHistory>> {
    let step = (
        prop::sample::select(vec![S1, S2, S3, S4, WON, LOST]),
        0_i64..20,
    );
    let deal = (
        0_i64..120,
        1_u32..100_000,
        prop::option::of(0_u8..=100),
        prop::option::of(0_i64..200),
        prop::collection::vec(step, 0..6),
        prop::sample::select(vec![S1, S2, S3]),
    );
    prop::collection::vec(deal, 0..25).prop_map(|deals| {
        let mut history = History::default();
        for (created, amount, probability, close, steps, first) in deals {
            let mut path = vec![(first, t(created))];
            let mut at = t(created);
            for (stage, gap) in steps {
                // Seconds apart at least, so visits never share a start.
                at += Duration::days(gap) + Duration::seconds(1);
                path.push((stage, at));
            }
            let deal = history.deal(&amount.to_string(), &path);
            deal.probability_override = probability;
            deal.expected_close_date = close.map(|c| t(c).date_naive());
        }
        history.deals
    })
}

/// The history as it was known at `moment`: later visits and deals removed.
fn truncated(deals: &[DealHistory], moment: DateTime<Utc>) -> Vec<DealHistory> {
    let moment = Timestamp::from(moment);
    deals
        .iter()
        .filter(|deal| deal.created_at <= moment)
        .map(|deal| {
            let mut deal = deal.clone();
            deal.visits.retain(|v| v.entered_at <= moment);
            if let Some(last) = deal.visits.last_mut()
                && last.exited_at().is_some_and(|exit| exit > moment)
            {
                last.set_exited_at(None);
            }
            deal
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn rates_and_values_stay_in_bounds(deals in arbitrary_history(), as_of in 0_i64..160) {
        let r = report(&pipeline(), &deals, "2026-01-01", "2026-03-31", t(as_of), Some("75000"));
        if let Some(rate) = r.win_rate {
            prop_assert!((0.0..=1.0).contains(&rate));
        }
        prop_assert!(r.weighted_value.value <= r.open_value.value);
        for stage in &r.stages {
            prop_assert!(stage.weighted_value.value <= stage.open_value.value);
            if let Some(rate) = stage.conversion_rate {
                prop_assert!((0.0..=1.0).contains(&rate));
            }
        }
        for step in &r.funnel {
            if let Some(rate) = step.cumulative_rate {
                prop_assert!((0.0..=1.0).contains(&rate));
            }
        }
    }

    #[test]
    fn events_after_as_of_change_nothing(deals in arbitrary_history(), as_of in 0_i64..160) {
        let moment = t(as_of) + Duration::hours(3);
        let known = truncated(&deals, moment);
        let p = pipeline();
        let full = report(&p, &deals, "2026-01-01", "2026-03-31", moment, Some("50000"));
        let then = report(&p, &known, "2026-01-01", "2026-03-31", moment, Some("50000"));
        prop_assert_eq!(full, then);
    }

    #[test]
    fn walking_in_parts_changes_nothing(
        deals in arbitrary_history(),
        as_of in 0_i64..160,
        parts in 2_usize..7,
    ) {
        let p = pipeline();
        let request = ReportRequest {
            period: Period::new(day("2026-01-01"), day("2026-03-31")),
            as_of: t(as_of) + Duration::hours(5),
            target: Some(d("60000")),
            owner: None,
        };
        let rates = ExchangeRates::default();
        let whole = compute_in_parts(&p, &deals, &rates, &request, &Utc, 1);
        let split = compute_in_parts(&p, &deals, &rates, &request, &Utc, parts);
        prop_assert_eq!(whole, split);
    }

    #[test]
    fn open_deals_are_those_whose_covering_visit_is_open(
        deals in arbitrary_history(),
        as_of in 0_i64..160,
    ) {
        let open_at = |moment: DateTime<Utc>| {
            let moment = Timestamp::from(moment);
            deals
                .iter()
                .filter(|deal| {
                    deal.created_at <= moment
                        && deal.visits.iter().any(|v| {
                            v.entered_at <= moment
                                && v.exited_at().is_none_or(|exit| exit > moment)
                                && [S1, S2, S3, S4].contains(&v.stage_id.0)
                        })
                })
                .count() as u64
        };
        let moment = t(as_of) + Duration::seconds(as_of * 977);
        let expected = open_at(moment);
        let r = report(&pipeline(), &deals, "2026-01-01", "2026-03-31", moment, None);
        prop_assert_eq!(r.open_deals, expected);
        prop_assert_eq!(r.stages.iter().map(|s| s.open_deals).sum::<u64>(), expected);
        // Each week of the trend is the same count as of that week's end: the last second of
        // its (here UTC) day, the last week's being as_of itself.
        for (k, week) in r.weekly.iter().enumerate() {
            let end = if k == TREND_WEEKS - 1 {
                moment
            } else {
                crate::domain::dates::end_of_day(&Utc, week.week_end)
            };
            prop_assert_eq!(week.open_deals, open_at(end), "week {}", k);
        }
    }
}

/// The deals of `arbitrary_history` given owners: a few named (one in two spellings) and
/// some without.
fn with_owners(mut deals: Vec<DealHistory>) -> Vec<DealHistory> {
    let names = [
        Some("Sanne"),
        Some("Erik"),
        None,
        Some(" sanne "),
        Some("Åsa"),
    ];
    for deal in &mut deals {
        let name = names[deal.id.0 as usize % names.len()];
        deal.owner = name.map(crate::domain::OwnerName::new);
    }
    deals
}

fn restricted(deals: &[DealHistory], as_of: DateTime<Utc>, owner: Option<OwnerFilter>) -> Report {
    let request = ReportRequest {
        period: Period::new(day("2026-01-01"), day("2026-03-31")),
        as_of,
        target: Some(d("60000")),
        owner,
    };
    compute(
        &pipeline(),
        deals,
        &ExchangeRates::default(),
        &request,
        &Utc,
    )
}

proptest! {
    #[test]
    fn owners_add_up_and_each_owner_alone_is_its_row(
        deals in arbitrary_history(),
        as_of in 0_i64..160,
    ) {
        let deals = with_owners(deals);
        let moment = t(as_of) + Duration::hours(7);
        let all = restricted(&deals, moment, None);
        let owners = &all.owners;
        // "Sanne" and " sanne " are one owner.
        let sannes = owners
            .iter()
            .filter(|o| o.owner.as_deref().is_some_and(|n| n.eq_ignore_ascii_case("sanne")))
            .count();
        prop_assert!(sannes <= 1);
        prop_assert_eq!(owners.iter().map(|o| o.open_deals).sum::<u64>(), all.open_deals);
        prop_assert_eq!(owners.iter().map(|o| o.won_deals).sum::<u64>(), all.won_deals);
        prop_assert_eq!(owners.iter().map(|o| o.lost_deals).sum::<u64>(), all.lost_deals);
        let sum = |f: fn(&OwnerFigures) -> Decimal| owners.iter().map(f).sum::<Decimal>();
        prop_assert_eq!(sum(|o| o.open_value.value), all.open_value.value);
        prop_assert_eq!(sum(|o| o.weighted_value.value), all.weighted_value.value);
        prop_assert_eq!(sum(|o| o.won_value.value), all.won_value.value);
        prop_assert_eq!(sum(|o| o.forecast.value), all.forecast.value);
        for row in owners {
            let filter = row.owner.as_deref().map_or(OwnerFilter::Nobody, OwnerFilter::named);
            let alone = restricted(&deals, moment, Some(filter));
            prop_assert_eq!(alone.owners.len(), 1);
            prop_assert_eq!(&alone.owners[0], row);
            prop_assert_eq!(alone.open_deals, row.open_deals);
            prop_assert_eq!(alone.forecast, row.forecast);
            prop_assert_eq!(alone.win_rate, row.win_rate);
            prop_assert_eq!(alone.avg_cycle_days, row.avg_cycle_days);
        }
    }

    #[test]
    fn months_sum_to_the_open_weighted_value_expected_in_them(
        deals in arbitrary_history(),
        as_of in 0_i64..160,
    ) {
        let moment = t(as_of) + Duration::hours(2);
        let r = restricted(&deals, moment, None);
        prop_assert_eq!(r.forecast_by_month.len(), FORECAST_MONTHS);
        let first = r.forecast_by_month[0].month;
        prop_assert_eq!(first, moment.date_naive().with_day(1).unwrap());
        let last = r.forecast_by_month[FORECAST_MONTHS - 1].month;
        let end = last.checked_add_months(chrono::Months::new(1)).unwrap();
        // Open at `moment` (created by then, covering visit in an open stage), expected in
        // the six months.
        let open_stages = [S1, S2, S3, S4];
        let probability = |stage: i64| [10_u8, 25, 50, 75][stage as usize - 1];
        let (mut deals_in, mut weighted) = (0_u64, Decimal::ZERO);
        for deal in &deals {
            let Some(cover) = deal.covering(Timestamp::from(moment)) else { continue };
            if !open_stages.contains(&cover.stage_id.0) {
                continue;
            }
            if deal.expected_close_date.is_some_and(|c| first <= c && c < end) {
                deals_in += 1;
                let p = deal.probability_override.unwrap_or(probability(cover.stage_id.0));
                weighted += deal.amount * Decimal::from(p) / Decimal::ONE_HUNDRED;
            }
        }
        prop_assert_eq!(r.forecast_by_month.iter().map(|m| m.deals).sum::<u64>(), deals_in);
        prop_assert_eq!(
            r.forecast_by_month.iter().map(|m| m.weighted.value).sum::<Decimal>(),
            weighted
        );
        prop_assert!(r.forecast_by_month[0].won_value.is_some());
        prop_assert!(r.forecast_by_month[1..].iter().all(|m| m.won_value.is_none()));
    }
}

#[test]
fn all_time_holds_every_expected_close_so_it_forecasts_at_least_this_year() {
    let mut history = History::default();
    history.deal("10000", &[(S4, t(0))]).expected_close_date = Some(day("2026-12-20"));
    history.deal("10000", &[(S2, t(3))]).expected_close_date = Some(day("2025-12-20"));
    let today = day("2026-06-30");
    let all = Period::all_time(&history.deals, today, &Utc);
    assert_eq!(all, Period::new(day("2025-12-20"), day("2026-12-20")));
    let at = |period: Period| {
        let request = ReportRequest {
            period,
            as_of: end_of_day_utc(today),
            target: None,
            owner: None,
        };
        compute(
            &pipeline(),
            &history.deals,
            &ExchangeRates::default(),
            &request,
            &Utc,
        )
    };
    let year = at(Period::year_of(today));
    assert_eq!(year.forecast.value, d("7500"));
    assert_eq!(at(all).forecast.value, d("10000"));
    // Without any expected close date, all time ends today as before.
    assert_eq!(Period::all_time(&[], today, &Utc).to, today);
}

fn end_of_day_utc(day: NaiveDate) -> DateTime<Utc> {
    crate::domain::dates::end_of_day(&Utc, day)
}

#[test]
fn the_goal_also_plans_what_is_left_after_the_won_value() {
    let mut history = History::default();
    // Won 20 000 in the period; the last stage converts 1 in 2.
    history.deal("20000", &[(S1, t(0)), (S4, t(1)), (WON, t(2))]);
    history.deal("5000", &[(S4, t(1)), (LOST, t(3))]);
    let r = report(
        &pipeline(),
        &history.deals,
        "2026-01-01",
        "2026-03-31",
        t(40),
        Some("100000"),
    );
    let goal = r.goal.unwrap();
    assert_eq!(goal.won_needed, Some(5));
    assert_eq!(goal.won_so_far.value, d("20000"));
    assert_eq!(goal.remaining.value, d("80000"));
    assert_eq!(goal.remaining_won_needed, Some(4));
    let last = goal.stages.last().unwrap();
    assert_eq!((last.needed, last.remaining_needed), (Some(10), Some(8)));
    let reached = report(
        &pipeline(),
        &history.deals,
        "2026-01-01",
        "2026-03-31",
        t(40),
        Some("15000"),
    )
    .goal
    .unwrap();
    assert_eq!(reached.remaining.value, Decimal::ZERO);
    assert_eq!(reached.remaining_won_needed, Some(0));
}
