//! The Dashboard tab drawn on a test terminal at a large and a small size, from demo data with
//! a fixed clock, so any change to the layout or the figures shows up as a snapshot diff.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rust_decimal::Decimal;

use dealdeck::app::dashboard::DashboardView;
use dealdeck::demo::{DemoOptions, generate};
use dealdeck::metrics::{Period, ReportRequest, compute};
use dealdeck::store::Store;
use dealdeck::ui::dashboard::{Look, draw_dashboard, draw_scrolled};

fn view(target: Option<i64>, goal_input: Option<&str>) -> DashboardView {
    view_with(target, goal_input, |_| {})
}

/// The demo view with its pipeline changed by `plan` before the figures are computed.
fn view_with(
    target: Option<i64>,
    goal_input: Option<&str>,
    plan: impl FnOnce(&mut dealdeck::domain::Pipeline),
) -> DashboardView {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("dash.db")).unwrap();
    let as_of = Utc.with_ymd_and_hms(2026, 6, 30, 12, 0, 0).unwrap();
    let options = DemoOptions {
        deals: 400,
        seed: 7,
        as_of,
    };
    generate(&mut store, &options, |_| {}).unwrap();
    let mut pipeline = store.pipeline_named(None).unwrap();
    plan(&mut pipeline);
    let deals = store.deal_histories(pipeline.id).unwrap();
    let rates = store.exchange_rates().unwrap();
    let request = ReportRequest {
        period: Period::quarter_of(as_of.date_naive()),
        as_of,
        target: target.map(Decimal::from),
        owner: None,
    };
    DashboardView {
        report: compute(&pipeline, &deals, &rates, &request, &Utc),
        period_label: "This quarter".to_string(),
        as_of_label: "2026-06-30 12:00".to_string(),
        goal_input: goal_input.map(str::to_string),
    }
}

fn draw(width: u16, height: u16, view: &DashboardView) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| draw_dashboard(frame, frame.area(), view))
        .unwrap();
    terminal.backend().to_string()
}

#[test]
fn dashboard_200x50() {
    let view = view(Some(1_000_000), None);
    insta::assert_snapshot!("dashboard_200x50", draw(200, 50, &view));
}

#[test]
fn dashboard_80x24() {
    let view = view(None, Some("250000"));
    insta::assert_snapshot!("dashboard_80x24", draw(80, 24, &view));
}

/// Targets the demo's open stages mostly miss, so the stage table marks them and the panel
/// says so.
fn targets(pipeline: &mut dealdeck::domain::Pipeline) {
    for (stage, target) in pipeline.stages.iter_mut().zip([90, 80, 30, 95]) {
        stage.target_conversion = Some(target);
    }
}

#[test]
fn dashboard_with_targets_and_insights_200x50() {
    let view = view_with(Some(1_000_000), None, targets);
    assert!(!view.report.insights.is_empty());
    let screen = draw(200, 50, &view);
    assert!(screen.contains("What the figures say"), "{screen}");
    assert!(screen.contains("% ▼"), "{screen}");
    assert!(screen.contains("at tgt"), "{screen}");
    insta::assert_snapshot!("dashboard_targets_insights_200x50", screen);
}

#[test]
fn dashboard_with_targets_and_insights_80x24() {
    let view = view_with(None, None, targets);
    let screen = draw(80, 24, &view);
    assert!(screen.contains("What the figures say"), "{screen}");
    assert!(screen.contains("%▼"), "{screen}");
    insta::assert_snapshot!("dashboard_targets_insights_80x24", screen);
}

/// The dashboard scrolled as far as it goes, the cursor on the last selectable row.
fn draw_at_the_end(width: u16, height: u16, view: &DashboardView) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let look = Look {
        scroll: u16::MAX,
        cursor: Some(usize::MAX),
        owner: None,
        accept: "Enter",
    };
    terminal
        .draw(|frame| {
            draw_scrolled(frame, frame.area(), view, &look);
        })
        .unwrap();
    terminal.backend().to_string()
}

#[test]
fn dashboard_80x24_scrolled_to_its_last_panel() {
    let view = view(Some(1_000_000), None);
    let screen = draw_at_the_end(80, 24, &view);
    insta::assert_snapshot!("dashboard_80x24_scrolled_to_its_last_panel", screen);
    // The last panel's bottom border is on screen, and the title says where it is.
    let lines: Vec<&str> = screen.lines().collect();
    assert!(lines[23].contains('└'), "{screen}");
    assert!(lines[0].contains("/"), "{screen}");
}

#[test]
fn an_empty_pipeline_draws_without_panicking_at_any_size() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("empty.db")).unwrap();
    let pipeline = store.pipeline_named(None).unwrap();
    let request = ReportRequest {
        period: Period::new(
            chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
        ),
        as_of: Utc.with_ymd_and_hms(2026, 6, 30, 12, 0, 0).unwrap(),
        target: Some(Decimal::from(5000)),
        owner: None,
    };
    let report = compute(
        &pipeline,
        &[],
        &dealdeck::metrics::ExchangeRates::default(),
        &request,
        &Utc,
    );
    let view = DashboardView {
        report,
        period_label: "This quarter".to_string(),
        as_of_label: "2026-06-30 12:00".to_string(),
        goal_input: None,
    };
    for (w, h) in [(1, 1), (10, 5), (40, 12), (80, 24), (300, 80)] {
        let text = draw(w, h, &view);
        assert_eq!(text.lines().count(), usize::from(h));
    }
    assert!(draw(200, 50, &view).contains("No deals lost in the period."));
}

#[test]
fn hostile_text_is_drawn_neutralised() {
    let mut view = view(None, None);
    view.report.stages[0].name = "Evil\u{1b}[2J stage".to_string();
    view.report
        .rate_warnings
        .push(dealdeck::metrics::RateWarning {
            deal: dealdeck::domain::DealId(9),
            title: "\u{1b}]0;pwned\u{7}".to_string(),
            currency: "USD".parse().unwrap(),
            base: "EUR".parse().unwrap(),
            day: None,
        });
    view.report.insights.push(dealdeck::metrics::Insight {
        rule: dealdeck::metrics::insights::Rule::BelowTarget,
        stage: Some("Evil".to_string()),
        lost_reason: None,
        text: "Evil\u{1b}]0;owned\u{7} converts 1.0 %".to_string(),
        figures: Vec::new(),
        sentence: Default::default(),
    });
    let text = draw(200, 50, &view);
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'));
    assert!(text.contains("▸ Evil\\u{1b}]0;owned"), "{text}");
    assert!(text.contains("Evil\\u{1b}[2J stage"), "{text}");
    assert!(text.contains("⚠ deal 9"));
}

#[test]
fn panels_never_overlap_and_each_row_is_inside_its_panel_at_any_width() {
    use dealdeck::app::dashboard::layout::arrange;
    let view = view(Some(1_000_000), None);
    for width in [40, 60, 80, 100, 119, 120, 159, 160, 200, 300] {
        for visible in [10, 22, 48, 200] {
            let layout = arrange(&view, width, visible);
            assert!(layout.height >= visible.min(layout.height));
            for (i, (a_panel, a)) in layout.panels.iter().enumerate() {
                assert!(a.right() <= width, "{a_panel:?} at {width}: {a:?}");
                assert!(a.bottom() <= layout.height, "{a_panel:?} at {width}");
                for (b_panel, b) in &layout.panels[i + 1..] {
                    assert!(
                        !a.intersects(*b),
                        "{a_panel:?} {a:?} and {b_panel:?} {b:?} at {width}"
                    );
                }
            }
            for (pick, line) in &layout.picks {
                assert!(
                    layout
                        .panels
                        .iter()
                        .any(|(_, r)| r.y < *line && *line + 1 < r.bottom()),
                    "{pick:?} on line {line} is not inside a panel at {width}"
                );
            }
            // A tall terminal gives its spare lines to the charts: nothing left over.
            if visible == 200 {
                assert_eq!(layout.height, 200, "at {width}");
            }
        }
    }
}
