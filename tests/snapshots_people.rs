//! A snapshot of the detail pane of a deal several people worked on: the stage history says
//! who entered each stage, the notes and activities who wrote and did them.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::Duration;
use common::*;
use dealdeck::domain::{ActivityKind, Due};
use dealdeck::store::{NewActivity, Store};
use ratatui::crossterm::event::KeyCode;

#[test]
fn detail_timeline_says_who_did_what_120x40() {
    let f = fixture();
    let deal = f.ids[0];
    let mut store = Store::open(&f.path).unwrap();
    let pipeline = store.pipeline_named(None).unwrap();
    store.act_as("ana");
    let next = pipeline.neighbour(pipeline.stages[0].id, 1).unwrap().id;
    store
        .move_deal(deal, next, None, None, created() + Duration::days(2))
        .unwrap();
    store
        .add_note(deal, "Roof survey booked", created() + Duration::days(3))
        .unwrap();
    store.act_as("bo");
    let call = NewActivity {
        deal,
        kind: ActivityKind::Call,
        due: Due::At(created() + Duration::days(4)),
        note: None,
    };
    let planned = store.add_activity(&call, created()).unwrap();
    store.act_as("cy");
    store
        .complete_activity(
            planned.id,
            Some("Wants a quote"),
            created() + Duration::days(4),
        )
        .unwrap();
    drop(store);

    let mut app = open_app(&f.path);
    app.state.dashboard.zone = dealdeck::app::dashboard::Zone::Utc;
    app.state.focus_on(deal);
    press(&mut app, KeyCode::Enter);
    app.state.message = None;
    let screen = app.render_text(120, 40);
    // A long stage name is cut so that who entered it stays in view.
    assert!(screen.contains("Verbal interest c… · ana"), "{screen}");
    assert!(screen.contains("· ana  Roof survey booked"), "{screen}");
    assert!(screen.contains("call · cy: Wants a quote"), "{screen}");
    insta::assert_snapshot!(screen);
}
