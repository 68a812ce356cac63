//! Snapshots of the detail pane over ratatui's TestBackend, with a fixed clock: scrolled to
//! its activities at 80×24, and its checklist with a ticked task at 200×50.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod detail_fixture;

use common::*;
use detail_fixture::*;
use ratatui::crossterm::event::KeyCode;

#[test]
fn detail_scrolled_to_its_activities_80x24() {
    let (f, deal) = busy_deal();
    let mut app = open_pane(&f, deal, 80, 24);
    // Down until the activities' heading is the pane's first line.
    for _ in 0..4 {
        press(&mut app, KeyCode::Down);
    }
    app.state.message = None;
    let screen = app.render_text(80, 24);
    assert!(screen.contains(LAST_OUTCOME), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn detail_checklist_with_a_ticked_task_200x50() {
    let (f, deal) = busy_deal();
    let mut app = open_pane(&f, deal, 200, 50);
    typed(&mut app, " ");
    typed(&mut app, "j");
    app.state.message = None;
    insta::assert_snapshot!(app.render_text(200, 50));
}
