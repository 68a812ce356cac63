//! Shared by the board tests: a temp database with known deals, a fixed clock, key helpers.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use dealdeck::app::App;
use dealdeck::config::Config;
use dealdeck::domain::{Contact, DealId, DecimalSeparator, NewDeal, Pipeline};
use dealdeck::store::Store;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rust_decimal::Decimal;

/// The board's clock in every test: views never read the real time.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap()
}

pub fn created() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 10, 9, 0, 0).unwrap()
}

pub fn config() -> Config {
    Config {
        decimal_separator: Some(DecimalSeparator::Dot),
        ..Config::default()
    }
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub ids: Vec<DealId>,
}

pub fn new_deal(pipeline: &Pipeline, title: &str, org: &str, amount: i64) -> NewDeal {
    NewDeal {
        pipeline_id: pipeline.id,
        stage_id: None,
        title: title.into(),
        organization: Some(org.into()),
        contact: Contact {
            name: Some("Sanne Bakker".into()),
            email: None,
            phone: None,
        },
        owner: Some("Erik".into()),
        amount: Decimal::from(amount),
        currency: pipeline.currency,
        probability_override: None,
        expected_close_date: None,
        source: None,
        qualification: None,
        lost_reason: None,
        // The default pipeline's third stage requires this data point.
        extra: [("Product requirements".to_string(), "Two sites".to_string())].into(),
    }
}

/// Three open deals in the first stage of the default pipeline.
pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("board.db");
    let mut store = Store::open(&path).unwrap();
    let pipeline = store.pipeline_named(None).unwrap();
    let mut ids = Vec::new();
    for (title, org, amount) in [
        ("Solar installation", "Mulder Energy BV", 12_500),
        ("Website redesign", "Fjällvik Marine AB", 30_600),
        ("Security audit", "Strand Print Group", 6_250),
    ] {
        let deal = store
            .add_deal(&new_deal(&pipeline, title, org, amount), created())
            .unwrap();
        ids.push(deal.id);
    }
    Fixture { dir, path, ids }
}

/// The name of the stage `deal` is in, as the database has it.
pub fn stage_name(store: &Store, deal: DealId) -> String {
    let deal = store.deal(deal).unwrap();
    let pipeline = store.pipeline(deal.pipeline_id).unwrap();
    pipeline.stage(deal.stage_id).unwrap().name.clone()
}

pub fn open_app(path: &Path) -> App {
    App::new(Store::open(path).unwrap(), &config(), now()).unwrap()
}

pub fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Types text the way a terminal reports it: capitals carry Shift.
pub fn typed(app: &mut App, text: &str) {
    for ch in text.chars() {
        let modifiers = if ch.is_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        app.handle_key(KeyEvent::new(KeyCode::Char(ch), modifiers));
    }
}

pub fn ctrl(app: &mut App, ch: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(ch), KeyModifiers::CONTROL));
}

/// The fixture with one overdue call (deal 1), a meeting today (deal 2) and a follow-up in
/// three days (deal 3), in UTC days.
pub fn agenda_fixture() -> Fixture {
    use dealdeck::domain::{ActivityKind, Due};
    use dealdeck::store::NewActivity;
    let f = fixture();
    let mut store = Store::open(&f.path).unwrap();
    let day = |d: u32| Due::Day(chrono::NaiveDate::from_ymd_opt(2026, 6, d).unwrap());
    let planned = [
        (
            f.ids[0],
            ActivityKind::Call,
            Due::Day(chrono::NaiveDate::from_ymd_opt(2026, 5, 29).unwrap()),
        ),
        (
            f.ids[1],
            ActivityKind::Meeting,
            Due::At(Utc.with_ymd_and_hms(2026, 6, 1, 15, 0, 0).unwrap()),
        ),
        (f.ids[2], ActivityKind::FollowUp, day(4)),
    ];
    for (deal, kind, due) in planned {
        let new = NewActivity {
            deal,
            kind,
            due,
            note: None,
        };
        store.add_activity(&new, created()).unwrap();
    }
    f
}

/// Opens the app on `path` with UTC dates and switches to the Agenda tab.
pub fn agenda_app(path: &Path) -> App {
    let mut app = open_app(path);
    app.state.dashboard.zone = dealdeck::app::dashboard::Zone::Utc;
    typed(&mut app, "3");
    app
}
