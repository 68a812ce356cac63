//! Snapshots of the scheduling input with a fixed clock: over a card with the stage's
//! habits as templates, over the detail pane, logging a call, and the Agenda's next step.
//! (The Agenda at 200×50 and 80×24 and the cards' overdue and "no next step" markers are
//! in tests/snapshots.rs.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;

#[test]
fn schedule_input_over_a_card_with_templates() {
    let f = agenda_fixture();
    let mut app = open_app(&f.path);
    typed(&mut app, "f");
    press(&mut app, KeyCode::Down);
    typed(&mut app, "fri 14:00");
    let screen = app.render_text(120, 30);
    assert!(screen.contains("Schedule: "), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn schedule_input_80x24_with_a_bad_date() {
    let f = fixture();
    let mut app = open_app(&f.path);
    typed(&mut app, "f");
    typed(&mut app, "someday");
    press(&mut app, KeyCode::Enter);
    let screen = app.render_text(80, 24);
    assert!(screen.contains("someday"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn schedule_input_over_the_detail_pane() {
    let f = fixture();
    let mut app = open_app(&f.path);
    press(&mut app, KeyCode::Enter);
    typed(&mut app, "f");
    press(&mut app, KeyCode::Tab);
    insta::assert_snapshot!(app.render_text(120, 30));
}

#[test]
fn log_call_input() {
    let f = fixture();
    let mut app = open_app(&f.path);
    typed(&mut app, "c");
    typed(&mut app, "Reached; sending the quote");
    insta::assert_snapshot!(app.render_text(120, 30));
}

#[test]
fn agenda_next_step_after_done_80x24() {
    let f = agenda_fixture();
    let mut app = agenda_app(&f.path);
    typed(&mut app, "x");
    let screen = app.render_text(80, 24);
    assert!(screen.contains("Next step: "), "{screen}");
    insta::assert_snapshot!(screen);
}
