//! Shared by the detail pane's tests: one deal with planned and done activities and notes,
//! enough that its pane needs scrolling at 80×24.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(dead_code)]

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use dealdeck::app::App;
use dealdeck::domain::{ActivityKind, DealId, Due};
use dealdeck::store::{NewActivity, Store};
use ratatui::crossterm::event::KeyCode;

use crate::common::*;

/// The outcome of the oldest done activity listed: the last line of the activities.
pub const LAST_OUTCOME: &str = "Signed the NDA";

/// The fixture with the first card's deal carrying five planned activities (one overdue)
/// and five done ones with outcomes, and two notes.
pub fn busy_deal() -> (Fixture, DealId) {
    let f = fixture();
    let deal = f.ids[0];
    let mut store = Store::open(&f.path).unwrap();
    let day = |m: u32, d: u32| Due::Day(NaiveDate::from_ymd_opt(2026, m, d).unwrap());
    let planned = [
        (
            ActivityKind::Call,
            day(5, 29),
            Some("Ask about the roof survey"),
        ),
        (
            ActivityKind::Meeting,
            Due::At(Utc.with_ymd_and_hms(2026, 6, 3, 10, 0, 0).unwrap()),
            Some("Site visit with the installer"),
        ),
        (ActivityKind::FollowUp, day(6, 8), None),
        (
            ActivityKind::Task,
            day(6, 10),
            Some("Draft the quote for both sites"),
        ),
        (
            ActivityKind::Email,
            day(6, 12),
            Some("Send the financing options"),
        ),
    ];
    for (kind, due, note) in planned {
        let new = NewActivity {
            deal,
            kind,
            due,
            note: note.map(String::from),
        };
        store.add_activity(&new, created()).unwrap();
    }
    let done = [
        (ActivityKind::Email, LAST_OUTCOME),
        (ActivityKind::Call, "Budget confirmed for two sites"),
        (ActivityKind::Meeting, "Walked the roof; asked for a quote"),
        (ActivityKind::Call, "Wants panels on the barn as well"),
        (ActivityKind::Email, "Sent the brochure and references"),
    ];
    for (i, (kind, outcome)) in done.into_iter().enumerate() {
        let at = created() + Duration::days(i as i64 + 1);
        let new = NewActivity {
            deal,
            kind,
            due: Due::At(at),
            note: None,
        };
        let activity = store.add_activity(&new, created()).unwrap();
        store
            .complete_activity(activity.id, Some(outcome), at)
            .unwrap();
    }
    store
        .add_note(deal, "Prefers calls after four", created())
        .unwrap();
    store
        .add_note(deal, "Decision with the co-owner in June", created())
        .unwrap();
    (f, deal)
}

/// The app on the busy deal's pane, dates in UTC, drawn once at `width`×`height`.
pub fn open_pane(f: &Fixture, deal: DealId, width: u16, height: u16) -> App {
    let mut app = open_app(&f.path);
    app.state.dashboard.zone = dealdeck::app::dashboard::Zone::Utc;
    app.state.focus_on(deal);
    press(&mut app, KeyCode::Enter);
    app.render_text(width, height);
    app
}
