//! The dashboard as a manager uses it, keys on a temp demo database with a fixed clock: the
//! row cursor and scrolling, `Enter` on a stage's row listing the deals behind it, `Enter` on
//! one putting the board's focus on that deal, `Esc` coming back; and the list's snapshot.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, TimeZone, Utc};
use common::{config, press, typed};
use dealdeck::app::dashboard::Zone;
use dealdeck::app::{App, Mode, Tab};
use dealdeck::demo::{DemoOptions, generate};
use dealdeck::domain::StageKind;
use dealdeck::store::{DealFilter, Store};
use ratatui::crossterm::event::KeyCode;

fn as_of() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 30, 12, 0, 0).unwrap()
}

/// A demo database of 400 deals, the app on its Dashboard tab with the figures read.
fn dashboard() -> (tempfile::TempDir, std::path::PathBuf, App) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("drill.db");
    let mut store = Store::open(&path).unwrap();
    let options = DemoOptions {
        deals: 400,
        seed: 7,
        as_of: as_of(),
    };
    generate(&mut store, &options, |_| {}).unwrap();
    drop(store);
    let mut app = App::new(Store::open(&path).unwrap(), &config(), as_of()).unwrap();
    app.state.dashboard.zone = Zone::Utc;
    typed(&mut app, "2");
    app.tick_dashboard(true);
    assert!(app.state.dashboard.view.is_some());
    // A frame records the panels' size, which the cursor keys scroll by.
    app.render_text(80, 24);
    (dir, path, app)
}

fn list(app: &App) -> &dealdeck::app::dashboard::drill::DrillDown {
    match &app.state.mode {
        Mode::DrillDown(list) => list,
        other => panic!("no drill-down list open: {other:?}"),
    }
}

#[test]
fn enter_on_a_stage_lists_its_open_deals_and_enter_on_one_focuses_it_on_the_board() {
    let (_dir, path, mut app) = dashboard();
    // The cursor starts on the first stage's row; the second stage is one row down.
    typed(&mut app, "j");
    assert_eq!(app.state.dashboard.cursor, 1);
    press(&mut app, KeyCode::Enter);
    let store = Store::open(&path).unwrap();
    let pipeline = store.pipeline_named(None).unwrap();
    let stage = pipeline
        .stages
        .iter()
        .filter(|s| s.kind == StageKind::Open)
        .nth(1)
        .unwrap();
    let in_stage = store
        .deals(&DealFilter {
            stage: Some(stage.id),
            ..DealFilter::default()
        })
        .unwrap();
    let listed = list(&app);
    let view = app.state.dashboard.view.as_ref().unwrap();
    assert_eq!(listed.total as u64, view.report.stages[1].open_deals);
    assert_eq!(
        listed.rows.len(),
        in_stage.len(),
        "the demo's clock is the as-of"
    );
    assert!(listed.rows.iter().all(|r| r.stage == stage.id));
    let stale = listed.rows.iter().filter(|r| r.stale).count() as u64;
    assert_eq!(stale, view.report.stages[1].stale);
    assert!(listed.rows.iter().take_while(|r| r.stale).count() as u64 == stale);
    for row in &listed.rows {
        let deal = in_stage.iter().find(|d| d.id == row.deal).unwrap();
        assert_eq!((&row.title, row.amount), (&deal.title, deal.amount));
    }
    // Down one, then Enter: on the board, the focus on that deal.
    typed(&mut app, "j");
    let chosen = list(&app).rows[1].deal;
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.state.tab, Tab::Board);
    assert_eq!(app.state.mode, Mode::Normal);
    assert_eq!(app.state.focused_deal().map(|c| c.id), Some(chosen));
}

#[test]
fn esc_closes_the_list_and_the_dashboard_is_as_it_was() {
    let (_dir, _path, mut app) = dashboard();
    press(&mut app, KeyCode::Enter);
    assert!(!list(&app).rows.is_empty());
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.state.mode, Mode::Normal);
    assert_eq!(app.state.tab, Tab::Dashboard);
    assert_eq!(app.state.dashboard.cursor, 0);
}

#[test]
fn a_lost_reason_lists_the_deals_lost_for_it_in_the_period() {
    let (_dir, _path, mut app) = dashboard();
    let view = app.state.dashboard.view.clone().unwrap();
    // Past the stages' rows, the first lost reason.
    for _ in 0..view.report.stages.len() {
        typed(&mut app, "j");
    }
    press(&mut app, KeyCode::Enter);
    let listed = list(&app);
    assert!(listed.title.contains(&view.report.lost_reasons[0].reason));
    assert_eq!(listed.total as u64, view.report.lost_reasons[0].deals);
    let sum: rust_decimal::Decimal = listed.rows.iter().map(|r| r.amount).sum();
    assert_eq!(sum, view.report.lost_reasons[0].value.value);
}

#[test]
fn end_scrolls_to_the_last_panel_and_home_back_to_the_top() {
    let (_dir, _path, mut app) = dashboard();
    press(&mut app, KeyCode::End);
    let scrolled = app.state.dashboard.scroll;
    assert!(scrolled > 0);
    let screen = app.render_text(80, 24);
    assert!(screen.contains("Goal planner"), "{screen}");
    assert!(!screen.contains("Key figures"), "{screen}");
    press(&mut app, KeyCode::PageUp);
    assert!(app.state.dashboard.scroll < scrolled);
    press(&mut app, KeyCode::Home);
    assert_eq!(app.state.dashboard.scroll, 0);
    assert_eq!(app.state.dashboard.cursor, 0);
    // j past the screen's bottom scrolls the cursor's row into view.
    for _ in 0..12 {
        typed(&mut app, "j");
    }
    assert!(app.state.dashboard.scroll > 0);
}

#[test]
fn drill_down_list_80x24() {
    let (_dir, _path, mut app) = dashboard();
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!(app.render_text(80, 24));
}

/// Presses `j` until the cursor is on `pick`.
fn cursor_to(app: &mut App, pick: &dealdeck::app::dashboard::layout::Pick) {
    let view = app.state.dashboard.view.clone().unwrap();
    let layout = dealdeck::app::dashboard::layout::arrange(&view, 80, 21);
    let at = layout.picks.iter().position(|(p, _)| p == pick).unwrap();
    typed(app, "j".repeat(at).as_str());
    assert_eq!(app.state.dashboard.cursor, at);
}

#[test]
fn a_month_lists_the_open_deals_expected_to_close_in_it() {
    use dealdeck::app::dashboard::layout::Pick;
    let (_dir, _path, mut app) = dashboard();
    let view = app.state.dashboard.view.clone().unwrap();
    let month = view
        .report
        .forecast_by_month
        .iter()
        .position(|m| m.deals > 0)
        .unwrap();
    cursor_to(&mut app, &Pick::Month(month));
    press(&mut app, KeyCode::Enter);
    let listed = list(&app);
    let figures = &view.report.forecast_by_month[month];
    assert_eq!(listed.total as u64, figures.deals);
    let value: rust_decimal::Decimal = listed.rows.iter().map(|r| r.amount).sum();
    assert_eq!(value, figures.value.value, "one currency in the demo");
}

#[test]
fn the_owner_filter_restricts_every_figure_and_an_owner_row_lists_their_deals() {
    use dealdeck::app::dashboard::layout::Pick;
    let (_dir, _path, mut app) = dashboard();
    let everyone = app.state.dashboard.view.clone().unwrap().report;
    assert!(everyone.owners.len() > 1);
    // An owner's row lists their open deals and those won or lost in the period.
    cursor_to(&mut app, &Pick::Owner(0));
    press(&mut app, KeyCode::Enter);
    let first = &everyone.owners[0];
    assert_eq!(
        list(&app).total as u64,
        first.open_deals + first.won_deals + first.lost_deals
    );
    press(&mut app, KeyCode::Esc);
    // `o`: the first owner's figures, named in the title line; then each owner; then all.
    typed(&mut app, "o");
    let report = app.state.dashboard.view.clone().unwrap().report;
    assert_eq!(report.open_deals, first.open_deals);
    assert_eq!(report.won_value, first.won_value);
    let name = first.owner.clone().unwrap();
    let screen = app.render_text(100, 30);
    assert!(screen.contains(&format!("owner {name}")), "{screen}");
    // The drill-down under the filter lists only that owner's deals.
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Enter);
    let stage_deals = list(&app).total as u64;
    assert_eq!(stage_deals, report.stages[0].open_deals);
    press(&mut app, KeyCode::Esc);
    for _ in 1..everyone.owners.len() {
        typed(&mut app, "o");
        assert!(app.state.dashboard.owner.is_some());
    }
    typed(&mut app, "o");
    assert_eq!(app.state.dashboard.owner, None);
    let report = &app.state.dashboard.view.as_ref().unwrap().report;
    assert_eq!(report.open_deals, everyone.open_deals);
}
