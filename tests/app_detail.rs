//! The detail pane driven by keys on a temp database: ticking the checklist (and undoing
//! it), notes written in an editor, a failing editor, scrolling to every section.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod detail_fixture;

use std::path::Path;
use std::sync::Mutex;

use common::*;
use dealdeck::app::state::Message;
use dealdeck::app::{App, Mode};
use dealdeck::store::Store;
use detail_fixture::*;
use ratatui::crossterm::event::KeyCode;

/// The editor is found through the environment, which the tests here share.
static ENVIRONMENT: Mutex<()> = Mutex::new(());

fn pane(app: &App) -> &dealdeck::app::state::Detail {
    match &app.state.mode {
        Mode::Detail(detail) => detail,
        other => panic!("the detail pane is not open: {other:?}"),
    }
}

fn done_tasks(path: &Path, deal: dealdeck::domain::DealId) -> Vec<bool> {
    let store = Store::open(path).unwrap();
    let checklist = store.checklist(deal).unwrap();
    checklist
        .items
        .iter()
        .map(|i| i.done_at.is_some())
        .collect()
}

#[test]
fn space_ticks_the_task_under_the_cursor_u_unticks_and_ctrl_r_ticks_again() {
    let (f, deal) = busy_deal();
    let mut app = open_pane(&f, deal, 80, 24);
    assert_eq!(done_tasks(&f.path, deal), [false, false]);
    typed(&mut app, " ");
    assert_eq!(
        done_tasks(&f.path, deal),
        [true, false],
        "{:?}",
        app.state.message
    );
    let store = Store::open(&f.path).unwrap();
    assert_eq!(store.checklist(deal).unwrap().items[0].done_at, Some(now()));
    drop(store);
    assert_eq!(app.state.board.checklists.get(&deal), Some(&(1, 2)));
    assert!(app.render_text(80, 24).contains("[x]"));
    // The cursor moves down; the second task is ticked too.
    typed(&mut app, "j");
    typed(&mut app, " ");
    assert_eq!(done_tasks(&f.path, deal), [true, true]);
    typed(&mut app, "u");
    assert_eq!(done_tasks(&f.path, deal), [true, false]);
    typed(&mut app, "u");
    assert_eq!(done_tasks(&f.path, deal), [false, false]);
    assert_eq!(
        pane(&app).deal,
        deal,
        "undo on this deal keeps the pane open"
    );
    assert_eq!(app.state.board.checklists.get(&deal), Some(&(0, 2)));
    ctrl(&mut app, 'r');
    assert_eq!(done_tasks(&f.path, deal), [true, false]);
    // Space on a done task unticks it, also one undoable step.
    typed(&mut app, "k");
    typed(&mut app, " ");
    assert_eq!(done_tasks(&f.path, deal), [false, false]);
    typed(&mut app, "u");
    assert_eq!(done_tasks(&f.path, deal), [true, false]);
}

#[test]
fn a_card_shows_its_checklist_progress() {
    let (f, deal) = busy_deal();
    let mut app = open_pane(&f, deal, 120, 30);
    typed(&mut app, " ");
    press(&mut app, KeyCode::Esc);
    let screen = app.render_text(120, 30);
    assert!(screen.contains("1/2"), "{screen}");
    // Moving the deal on reads its new stage's checklist for the card.
    typed(&mut app, "L");
    let store = Store::open(&f.path).unwrap();
    let checklist = store.checklist(deal).unwrap();
    assert_eq!(
        app.state.board.checklists.get(&deal),
        Some(&(checklist.done(), checklist.items.len()))
    );
}

/// A script that stands in for the person's editor.
fn script(dir: &Path, name: &str, body: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.to_str().unwrap().to_string()
}

/// Runs `E` with `$VISUAL` set to `visual` (and `$EDITOR` to something that must not be
/// used), returning the app.
fn edit_with(f: &Fixture, deal: dealdeck::domain::DealId, visual: &str) -> App {
    let _held = ENVIRONMENT.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: the tests that read or write the editor's variables hold ENVIRONMENT.
    unsafe {
        std::env::set_var("VISUAL", visual);
        std::env::set_var("EDITOR", "/no/such/editor");
    }
    let mut app = open_pane(f, deal, 80, 24);
    typed(&mut app, "E");
    app
}

fn notes(path: &Path, deal: dealdeck::domain::DealId) -> Vec<String> {
    let store = Store::open(path).unwrap();
    store
        .notes(deal)
        .unwrap()
        .into_iter()
        .map(|n| n.body)
        .collect()
}

#[test]
fn e_stores_the_note_the_editor_wrote() {
    let (f, deal) = busy_deal();
    let editor = script(
        f.dir.path(),
        "editor.sh",
        "printf 'Long call with the co-owner.\\r\\nThey want a second quote.\\n' > \"$1\"",
    );
    let app = edit_with(&f, deal, &editor);
    let stored = notes(&f.path, deal);
    assert_eq!(stored.len(), 3, "{:?}", app.state.message);
    assert!(
        stored.contains(&"Long call with the co-owner.\nThey want a second quote.".to_string()),
        "{stored:?}"
    );
    assert_eq!(pane(&app).notes.len(), 3, "the pane shows the new note");
    assert_eq!(app.state.message, Some(Message::Info("note added".into())));
}

#[test]
fn a_failing_missing_or_idle_editor_is_a_message_and_saves_nothing() {
    let (f, deal) = busy_deal();
    let failing = script(f.dir.path(), "fails.sh", "echo broken > \"$1\"; exit 3");
    let app = edit_with(&f, deal, &failing);
    match &app.state.message {
        Some(Message::Error(text)) => assert!(text.contains("failed"), "{text}"),
        other => panic!("no error shown: {other:?}"),
    }
    assert_eq!(pane(&app).deal, deal, "the pane stays open");
    assert_eq!(notes(&f.path, deal).len(), 2);

    let app = edit_with(&f, deal, "/no/such/editor-either");
    match &app.state.message {
        Some(Message::Error(text)) => assert!(text.contains("not found"), "{text}"),
        other => panic!("no error shown: {other:?}"),
    }
    assert_eq!(notes(&f.path, deal).len(), 2);

    // An editor closed on an empty file (or only blank lines) saves nothing.
    let blank = script(f.dir.path(), "blank.sh", "printf '\\n  \\n' > \"$1\"");
    let app = edit_with(&f, deal, &blank);
    assert!(
        matches!(&app.state.message, Some(Message::Info(t)) if t.contains("nothing saved")),
        "{:?}",
        app.state.message
    );
    assert_eq!(notes(&f.path, deal).len(), 2);
}

#[test]
fn scrolling_reaches_every_section_at_80x24() {
    let (f, deal) = busy_deal();
    let mut app = open_pane(&f, deal, 80, 24);
    let first = app.render_text(80, 24);
    assert!(!first.contains(LAST_OUTCOME), "{first}");
    assert!(!first.contains("Communication"), "{first}");
    let max = app.state.drawn.detail_max_scroll;
    assert!(max > 0);
    // Line by line down to the oldest done activity.
    let mut seen = false;
    for _ in 0..max {
        press(&mut app, KeyCode::Down);
        if app.render_text(80, 24).contains(LAST_OUTCOME) {
            seen = true;
            break;
        }
    }
    assert!(seen, "the activities' last line never showed");
    press(&mut app, KeyCode::End);
    let last = app.render_text(80, 24);
    assert!(last.contains("Communication"), "{last}");
    assert_eq!(pane(&app).scroll, max);
    // Past the end it stays put; PgUp and Home go back.
    press(&mut app, KeyCode::PageDown);
    assert_eq!(pane(&app).scroll, max);
    press(&mut app, KeyCode::PageUp);
    assert!(pane(&app).scroll < max);
    press(&mut app, KeyCode::Home);
    assert_eq!(pane(&app).scroll, 0);
    assert_eq!(app.render_text(80, 24), first);
}

#[test]
fn the_pane_lists_planned_activities_with_overdue_marked_then_done_ones() {
    let (f, deal) = busy_deal();
    let mut app = open_pane(&f, deal, 200, 50);
    let screen = app.render_text(200, 50);
    assert!(
        screen.contains("*2026-05-29 call (overdue): Ask about the roof survey"),
        "{screen}"
    );
    assert!(screen.contains(" 2026-06-03 10:00 meeting: Site visit with the installer"));
    assert!(screen.contains("Sent the brochure and references"));
    let planned = screen.find("2026-06-08 follow-up").unwrap();
    let done = screen.find("Sent the brochure").unwrap();
    assert!(planned < done, "planned ones first");
}

#[test]
fn e_on_the_board_opens_the_pane_and_stores_the_editor_note() {
    let (f, deal) = busy_deal();
    let editor = script(f.dir.path(), "board.sh", "echo 'From the board' > \"$1\"");
    let _held = ENVIRONMENT.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: the tests that read or write the editor's variables hold ENVIRONMENT.
    unsafe {
        std::env::set_var("VISUAL", &editor);
    }
    let mut app = open_app(&f.path);
    app.state.focus_on(deal);
    typed(&mut app, "E");
    assert!(notes(&f.path, deal).contains(&"From the board".to_string()));
    assert_eq!(pane(&app).notes.len(), 3, "{:?}", app.state.message);
    // `N` on the board opens the pane with the note being typed.
    press(&mut app, KeyCode::Esc);
    typed(&mut app, "N");
    assert_eq!(pane(&app).note_input.as_deref(), Some(""));
    typed(&mut app, "Short one");
    press(&mut app, KeyCode::Enter);
    assert!(notes(&f.path, deal).contains(&"Short one".to_string()));
}
