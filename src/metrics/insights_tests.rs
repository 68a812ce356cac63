//! Each insight rule on a crafted history where it must speak, and on its near-miss and its
//! too-thin case where it must stay quiet.

use chrono::{DateTime, Duration, Utc};

use super::insights::{self, Figure, Insight, PastFigures, Rule};
use super::tests::{History, LOST, S1, S2, S3, S4, WON, pipeline, report, t};
use super::*;
use crate::domain::StageId;

fn said(report: &Report, rule: Rule) -> Vec<&Insight> {
    report.insights.iter().filter(|i| i.rule == rule).collect()
}

fn figure(insight: &Insight, name: &str) -> Figure {
    insight
        .figures
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .unwrap()
}

/// Discovery (expected 9 days) with `completed` visits that moved on and `stale` still there
/// past 9 days at `t(40)`.
fn discovery(completed: usize, stale: usize) -> Report {
    let mut p = pipeline();
    p.stages[1].expected_days = Some(9.0);
    let mut history = History::default();
    for _ in 0..completed {
        history.deal("1000", &[(S2, t(1)), (S3, t(5))]);
    }
    for _ in 0..stale {
        history.deal("1000", &[(S2, t(10))]);
    }
    report(&p, &history.deals, "2026-01-01", "2026-03-31", t(40), None)
}

#[test]
fn deals_waiting_past_expected_days_ask_about_bandwidth() {
    let r = discovery(18, 12);
    let said = said(&r, Rule::WaitsTooLong);
    assert_eq!(said.len(), 1, "{:?}", r.insights);
    assert_eq!(
        said[0].text,
        "deals wait too long in Discovery: 12 of 30 past 9 days — is the team's bandwidth the \
         limit?"
    );
    assert_eq!(said[0].stage.as_deref(), Some("Discovery"));
    assert_eq!(figure(said[0], "stale"), Figure::Count(12));
    assert_eq!(figure(said[0], "completed"), Figure::Count(18));
    assert_eq!(figure(said[0], "stale_share"), Figure::Number(0.4));
}

#[test]
fn a_stale_share_just_under_the_threshold_or_too_few_visits_says_nothing() {
    // 8 of 29 = 27.6 %, under 30 %.
    assert!(said(&discovery(21, 8), Rule::WaitsTooLong).is_empty());
    // 5 of 9 wait, but 9 visits are under the minimum of 10.
    assert!(said(&discovery(4, 5), Rule::WaitsTooLong).is_empty());
    // Exactly at the minimum and the threshold: 3 of 10.
    assert_eq!(said(&discovery(7, 3), Rule::WaitsTooLong).len(), 1);
}

/// Meeting (expected 10 days): `advanced` moved to Proposal, `lost` lost, `stale` still there
/// past 10 days at `t(40)`.
fn meeting(advanced: usize, lost: usize, stale: usize) -> Report {
    let mut p = pipeline();
    p.stages[2].expected_days = Some(10.0);
    let mut history = History::default();
    for _ in 0..advanced {
        history.deal("1000", &[(S3, t(1)), (S4, t(5))]);
    }
    for _ in 0..lost {
        history.deal("1000", &[(S3, t(1)), (LOST, t(5))]);
    }
    for _ in 0..stale {
        history.deal("1000", &[(S3, t(2))]);
    }
    report(&p, &history.deals, "2026-01-01", "2026-03-31", t(40), None)
}

#[test]
fn low_conversion_with_almost_nothing_waiting_points_at_the_next_stages_bar() {
    let r = meeting(4, 16, 0);
    let said = said(&r, Rule::EntryBarTooHigh);
    assert_eq!(said.len(), 1, "{:?}", r.insights);
    assert_eq!(
        said[0].text,
        "few deals get past Meeting, yet almost none wait: 4 of 20 advanced (20.0%) and 0 past \
         10 days — the bar for entering Proposal may be too high"
    );
    assert_eq!(figure(said[0], "conversion_rate"), Figure::Number(0.2));
    assert!(super::insights::read(&r, &PastFigures::default()).contains(said[0]));
}

#[test]
fn conversion_at_the_threshold_or_deals_waiting_keep_the_entry_bar_rule_quiet() {
    // 6 of 20 = 30 %: not low.
    assert!(said(&meeting(6, 14, 0), Rule::EntryBarTooHigh).is_empty());
    // 4 of 21 is low, but 2 of 21 (9.5 %) wait: more than almost none.
    assert!(said(&meeting(4, 15, 2), Rule::EntryBarTooHigh).is_empty());
    // 1 of 9: too few visits to say.
    assert!(said(&meeting(1, 8, 0), Rule::EntryBarTooHigh).is_empty());
    // One waiting in 21 (4.8 %) is almost none.
    assert_eq!(said(&meeting(4, 16, 1), Rule::EntryBarTooHigh).len(), 1);
}

#[test]
fn without_expected_days_no_stage_rule_speaks() {
    let mut history = History::default();
    for _ in 0..20 {
        history.deal("1000", &[(S1, t(1)), (LOST, t(5))]);
    }
    // Qualification: 20 completed, none advanced (0 %), none waiting; its expected days are
    // its average times the factor (8). The same figures without expected days say nothing.
    let r = report(
        &pipeline(),
        &history.deals,
        "2026-01-01",
        "2026-03-31",
        t(40),
        None,
    );
    assert_eq!(said(&r, Rule::EntryBarTooHigh).len(), 1);
    let mut unknown = r.clone();
    unknown.stages[0].expected_days = None;
    assert!(insights::read(&unknown, &PastFigures::default()).is_empty());
}

/// `before` deals won before the period after 20 days, `now` won in it after `days` days.
fn cycles(before: usize, now: usize, days: i64) -> Report {
    let mut history = History::default();
    for _ in 0..before {
        history.deal("1000", &[(S4, t(0)), (WON, t(20))]);
    }
    for _ in 0..now {
        history.deal("1000", &[(S4, t(60)), (WON, t(60 + days))]);
    }
    report(
        &pipeline(),
        &history.deals,
        "2026-03-01",
        "2026-04-30",
        t(100),
        None,
    )
}

#[test]
fn a_cycle_half_again_as_long_as_the_pipelines_history_is_said() {
    let r = cycles(10, 5, 30);
    let said = said(&r, Rule::CycleAboveHistory);
    assert_eq!(said.len(), 1, "{:?}", r.insights);
    assert_eq!(
        said[0].text,
        "deals won this period took 30 days on average against 20 before it (1.5×, 5 wins \
         against 10) — what is slowing them down?"
    );
    assert_eq!(figure(said[0], "earlier_won_deals"), Figure::Count(10));
    assert_eq!(said[0].stage, None);
}

#[test]
fn a_cycle_just_under_the_ratio_or_too_few_wins_says_nothing() {
    assert!(said(&cycles(10, 5, 29), Rule::CycleAboveHistory).is_empty());
    assert!(said(&cycles(10, 4, 60), Rule::CycleAboveHistory).is_empty());
    assert!(said(&cycles(9, 5, 60), Rule::CycleAboveHistory).is_empty());
}

/// A deal lost at `at` for `reason`.
fn lost(history: &mut History, at: DateTime<Utc>, reason: &str) {
    let deal = history.deal("1000", &[(S1, at - Duration::days(1)), (LOST, at)]);
    if let Some(last) = deal.visits.last_mut() {
        *last = Stay::new(StageId(LOST), at.into(), None, Some(reason));
    }
}

/// "No budget" losses: `last` in the last four weekly windows before `t(100)`, `previous` in
/// the four before; "Price too high" three in each as noise.
fn reasons(last: usize, previous: usize) -> Report {
    let mut history = History::default();
    for i in 0..previous {
        lost(&mut history, t(50 + i as i64), "No budget");
    }
    for i in 0..last {
        // Spelt differently once: reasons compare trimmed and case-insensitively.
        let reason = if i == 0 { " no budget " } else { "No budget" };
        lost(&mut history, t(80 + i as i64), reason);
    }
    for i in 0..3 {
        lost(&mut history, t(50 + i), "Price too high");
        lost(&mut history, t(80 + i), "Price too high");
    }
    report(
        &pipeline(),
        &history.deals,
        "2026-04-01",
        "2026-06-30",
        t(100),
        None,
    )
}

#[test]
fn a_lost_reason_doubling_over_the_weeks_is_said() {
    let r = reasons(4, 2);
    let said = said(&r, Rule::LostReasonGrowing);
    assert_eq!(said.len(), 1, "{:?}", r.insights);
    assert_eq!(said[0].lost_reason.as_deref(), Some("No budget"));
    assert_eq!(
        said[0].text,
        "more deals lost to \"No budget\": 4 in the last 4 weeks against 2 in the 4 before (0 in \
         the 4 before that)"
    );
    assert_eq!(figure(said[0], "last_weeks"), Figure::Count(4));
    assert_eq!(figure(said[0], "previous_weeks"), Figure::Count(2));
}

#[test]
fn a_lost_reason_short_of_doubling_or_of_four_losses_says_nothing() {
    assert!(said(&reasons(4, 3), Rule::LostReasonGrowing).is_empty());
    assert!(said(&reasons(3, 0), Rule::LostReasonGrowing).is_empty());
}

#[test]
fn insights_serialize_with_their_rule_stage_text_and_figures() {
    let r = discovery(18, 12);
    let json = serde_json::to_value(&r.insights).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{
            "rule": "waits-too-long",
            "stage": "Discovery",
            "lost_reason": null,
            "text": "deals wait too long in Discovery: 12 of 30 past 9 days — is the team's \
                     bandwidth the limit?",
            "figures": {"stale": 12, "completed": 18, "expected_days": 9.0, "stale_share": 0.4}
        }])
    );
}

#[test]
fn an_empty_pipeline_says_nothing() {
    let r = report(&pipeline(), &[], "2026-01-01", "2026-03-31", t(40), None);
    assert!(r.insights.is_empty());
}

/// Meeting with a target of `target` %: 8 of 25 advanced (32 %).
fn targeted(target: u8, advanced: usize, lost: usize) -> Report {
    let mut p = pipeline();
    p.stages[2].expected_days = Some(10.0);
    p.stages[2].target_conversion = Some(target);
    let mut history = History::default();
    for _ in 0..advanced {
        history.deal("1000", &[(S3, t(1)), (S4, t(5))]);
    }
    for _ in 0..lost {
        history.deal("1000", &[(S3, t(1)), (LOST, t(5))]);
    }
    report(&p, &history.deals, "2026-01-01", "2026-03-31", t(40), None)
}

#[test]
fn a_stage_under_its_target_is_said_with_its_figures() {
    let r = targeted(45, 8, 17);
    let said = said(&r, Rule::BelowTarget);
    assert_eq!(said.len(), 1, "{:?}", r.insights);
    assert_eq!(
        said[0].text,
        "Meeting converts 32.0% against its target of 45%: 8 of 25 advanced"
    );
    assert_eq!(figure(said[0], "target_conversion"), Figure::Count(45));
}

#[test]
fn a_stage_at_its_target_or_with_too_few_visits_is_not_said_below_it() {
    assert!(said(&targeted(32, 8, 17), Rule::BelowTarget).is_empty());
    // 2 of 9 is under 45 %, but 9 visits are too few to say.
    let thin = targeted(45, 2, 7);
    assert_eq!(thin.stages[2].below_target, Some(true));
    assert!(said(&thin, Rule::BelowTarget).is_empty());
}

#[test]
fn the_screen_reads_an_insight_in_its_language_and_json_keeps_english() {
    use crate::i18n::{Language, Locale, scoped};
    let _nl = scoped(Locale::of(Language::Nl));
    let r = targeted(45, 8, 17);
    let said = said(&r, Rule::BelowTarget);
    assert_eq!(
        said[0].text,
        "Meeting converts 32.0% against its target of 45%: 8 of 25 advanced"
    );
    assert_eq!(
        said[0].localised(),
        "Meeting converteert 32,0 % tegen een doel van 45 %: 8 van 25 door"
    );
    let json = serde_json::to_value(said[0]).unwrap();
    assert_eq!(json["text"], said[0].text.as_str());
    {
        let _sv = scoped(Locale::of(Language::Sv));
        assert_eq!(
            said[0].localised(),
            "Meeting konverterar 32,0\u{a0}% mot sitt mål på 45\u{a0}%: 8 av 25 gick vidare"
        );
    }
    // Every rule's sentence is in the catalogue, in every language.
    let r = discovery(18, 12);
    for language in Language::ALL {
        let _l = scoped(Locale::of(language));
        for insight in &r.insights {
            assert_ne!(insight.localised(), insight.sentence.key);
        }
    }
}
