//! Light terminals: `theme` in config.toml picks secondary colours that stay readable on a
//! light background, and leaves the dark look as it was.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use dealdeck::app::dashboard::DashboardView;
use dealdeck::config::Config;
use dealdeck::demo::{DemoOptions, generate};
use dealdeck::metrics::{Period, ReportRequest, compute};
use dealdeck::store::Store;
use dealdeck::ui::dashboard::draw_dashboard;
use dealdeck::ui::theme::{Background, Theme, use_background};

fn view() -> DashboardView {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("dash.db")).unwrap();
    let as_of = Utc.with_ymd_and_hms(2026, 6, 30, 12, 0, 0).unwrap();
    let options = DemoOptions {
        deals: 150,
        seed: 7,
        as_of,
    };
    generate(&mut store, &options, |_| {}).unwrap();
    let pipeline = store.pipeline_named(None).unwrap();
    let deals = store.deal_histories(pipeline.id).unwrap();
    let rates = store.exchange_rates().unwrap();
    let request = ReportRequest {
        period: Period::quarter_of(as_of.date_naive()),
        as_of,
        target: None,
        owner: None,
    };
    DashboardView {
        report: compute(&pipeline, &deals, &rates, &request, &Utc),
        period_label: "This quarter".to_string(),
        as_of_label: "2026-06-30 12:00".to_string(),
        goal_input: None,
    }
}

fn drawn(view: &DashboardView) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(160, 60)).unwrap();
    terminal
        .draw(|frame| draw_dashboard(frame, frame.area(), view))
        .unwrap();
    terminal.backend().buffer().clone()
}

fn cells_in(buffer: &Buffer, colour: Color) -> usize {
    buffer
        .content
        .iter()
        .filter(|cell| cell.fg == colour)
        .count()
}

#[test]
fn secondary_text_changes_colour_on_a_light_background_and_only_there() {
    let view = view();
    use_background(Background::Dark);
    let dark = drawn(&view);
    assert!(cells_in(&dark, Color::DarkGray) > 0, "borders are DarkGray");
    assert!(cells_in(&dark, Color::Gray) > 0, "labels are Gray");
    use_background(Background::Light);
    let light = drawn(&view);
    for unreadable in [Color::DarkGray, Color::Gray, Color::White] {
        assert_eq!(cells_in(&light, unreadable), 0, "{unreadable:?} on light");
    }
    assert_eq!(
        cells_in(&light, Color::Indexed(243)) + cells_in(&light, Color::Indexed(240)),
        cells_in(&dark, Color::DarkGray) + cells_in(&dark, Color::Gray),
        "the same cells, recoloured"
    );
    let text = |buffer: &Buffer| dealdeck::ui::buffer_text(buffer);
    assert_eq!(text(&dark), text(&light), "only colours change");
}

#[test]
fn the_theme_setting_is_read_from_config_toml() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    for (value, theme) in [
        ("light", Theme::Light),
        ("dark", Theme::Dark),
        ("auto", Theme::Auto),
    ] {
        std::fs::write(&path, format!("theme = \"{value}\"\n")).unwrap();
        let config = Config::load(Some(&path)).unwrap();
        assert_eq!(config.theme, Some(theme));
    }
    std::fs::write(&path, "").unwrap();
    assert_eq!(Config::load(Some(&path)).unwrap().theme, None);
    std::fs::write(&path, "theme = \"blue\"\n").unwrap();
    let error = Config::load(Some(&path)).unwrap_err();
    assert!(
        error.contains("config.toml") && error.contains("blue") && error.contains("light"),
        "{error}"
    );
}
