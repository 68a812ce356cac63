//! The Dashboard tab in Dutch and Swedish on a test terminal, from demo data with a fixed
//! clock: at 80×24 and 200×50, scrolled to its last panel, and the drill-down list; words
//! from the catalogues and numbers the locale's way, and still fitting the small screen.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use rust_decimal::Decimal;

use common::{config, press, typed};
use dealdeck::app::App;
use dealdeck::app::dashboard::{DashboardView, PeriodChoice, Zone};
use dealdeck::demo::{DemoOptions, generate};
use dealdeck::i18n::{Language, Locale, ScopedLocale, scoped};
use dealdeck::metrics::{Period, ReportRequest, compute};
use dealdeck::store::Store;
use dealdeck::ui::dashboard::{Look, draw_dashboard, draw_scrolled};

fn speak(language: Language) -> ScopedLocale {
    scoped(Locale::of(language))
}

fn as_of() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 30, 12, 0, 0).unwrap()
}

fn demo(path: &std::path::Path) {
    let mut store = Store::open(path).unwrap();
    let options = DemoOptions {
        deals: 400,
        seed: 7,
        as_of: as_of(),
    };
    generate(&mut store, &options, |_| {}).unwrap();
}

/// The demo's figures for this quarter, labelled in the current language; with `targeted`
/// the open stages get targets they mostly miss, so the insights panel speaks.
fn view(target: Option<i64>, goal_input: Option<&str>, targeted: bool) -> DashboardView {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dash.db");
    demo(&path);
    let store = Store::open(&path).unwrap();
    let mut pipeline = store.pipeline_named(None).unwrap();
    if targeted {
        for (stage, target) in pipeline.stages.iter_mut().zip([90, 80, 30, 95]) {
            stage.target_conversion = Some(target);
        }
    }
    let deals = store.deal_histories(pipeline.id).unwrap();
    let rates = store.exchange_rates().unwrap();
    let request = ReportRequest {
        period: Period::quarter_of(as_of().date_naive()),
        as_of: as_of(),
        target: target.map(Decimal::from),
        owner: None,
    };
    DashboardView {
        report: compute(&pipeline, &deals, &rates, &request, &Utc),
        period_label: PeriodChoice::ThisQuarter.label(),
        as_of_label: dealdeck::i18n::numbers().date_time(as_of().naive_utc()),
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

/// English panel words that must not be left on a translated screen.
const ENGLISH: &[&str] = &[
    "Key figures",
    "Stages",
    "Funnel",
    "Lost reasons",
    "Goal planner",
    "Owners",
    "weighted value",
    "What the figures say",
    "This quarter",
    "as of",
];

fn assert_no_english(screen: &str) {
    for word in ENGLISH {
        assert!(
            !screen.contains(word),
            "{word:?} left in English:\n{screen}"
        );
    }
}

#[test]
fn dashboard_nl_and_sv_80x24() {
    for (language, name) in [(Language::Nl, "nl"), (Language::Sv, "sv")] {
        let _locale = speak(language);
        let screen = draw(80, 24, &view(None, Some("250000"), false));
        assert_no_english(&screen);
        insta::assert_snapshot!(format!("dashboard_{name}_80x24"), screen);
    }
}

#[test]
fn dashboard_nl_and_sv_200x50() {
    for (language, name) in [(Language::Nl, "nl"), (Language::Sv, "sv")] {
        let _locale = speak(language);
        let screen = draw(200, 50, &view(Some(1_000_000), None, true));
        assert_no_english(&screen);
        insta::assert_snapshot!(format!("dashboard_{name}_200x50"), screen);
    }
}

#[test]
fn dashboard_nl_and_sv_80x24_scrolled_to_its_last_panel() {
    for (language, name) in [(Language::Nl, "nl"), (Language::Sv, "sv")] {
        let _locale = speak(language);
        let screen = draw_at_the_end(80, 24, &view(Some(1_000_000), None, true));
        assert_no_english(&screen);
        let lines: Vec<&str> = screen.lines().collect();
        assert!(lines[23].contains('└'), "{screen}");
        insta::assert_snapshot!(format!("dashboard_{name}_80x24_scrolled"), screen);
    }
}

#[test]
fn numbers_on_the_dashboard_are_written_the_locale_way() {
    let _nl = speak(Language::Nl);
    let nl = draw(200, 50, &view(Some(1_000_000), None, true));
    // A percentage with a decimal comma and a space; the title's dates day first.
    assert!(nl.contains(" %"), "{nl}");
    assert!(nl.contains("30-06-2026"), "{nl}");
    drop(_nl);
    let _sv = speak(Language::Sv);
    let sv = draw(200, 50, &view(Some(1_000_000), None, true));
    assert!(sv.contains("\u{a0}%") || sv.contains(",0 %"), "{sv}");
    assert!(sv.contains("2026-06-30"), "{sv}");
}

#[test]
fn drill_down_nl_80x24() {
    let _nl = speak(Language::Nl);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("drill.db");
    demo(&path);
    let mut app = App::new(Store::open(&path).unwrap(), &config(), as_of()).unwrap();
    app.state.dashboard.zone = Zone::Utc;
    typed(&mut app, "2");
    app.tick_dashboard(true);
    assert!(app.state.dashboard.view.is_some());
    app.render_text(80, 24);
    press(&mut app, KeyCode::Enter);
    let screen = app.render_text(80, 24);
    assert!(screen.contains("op het bord"), "{screen}");
    insta::assert_snapshot!("drill_down_nl_80x24", screen);
}

#[test]
fn the_help_overlay_defines_the_figures_in_the_board_language() {
    for (language, expected) in [
        (Language::Nl, "Gewogen waarde"),
        (Language::Sv, "Viktat värde"),
    ] {
        let _locale = speak(language);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("help.db");
        demo(&path);
        let mut app = App::new(Store::open(&path).unwrap(), &config(), as_of()).unwrap();
        app.state.dashboard.zone = Zone::Utc;
        typed(&mut app, "2");
        app.tick_dashboard(true);
        typed(&mut app, "?");
        let screen = app.render_text(200, 50);
        assert!(screen.contains(expected), "{screen}");
        assert!(!screen.contains("Weighted value"), "{screen}");
        let definitions = dealdeck::ui::dashboard::figure_definitions();
        assert!(definitions.iter().any(|(name, _)| name == expected));
    }
}
