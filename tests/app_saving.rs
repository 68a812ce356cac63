//! The board's writes synced to disk beside the keys: the footer says "saving…" until the
//! sync reports, every write is in the file at once, and quitting leaves nothing unsynced.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use dealdeck::store::Store;

/// Far longer than a sync takes; a sync that never reports fails the test instead of hanging.
const SYNC_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

fn stage_of(path: &std::path::Path, deal: dealdeck::domain::DealId) -> String {
    stage_name(&Store::open(path).unwrap(), deal)
}

#[test]
fn a_move_says_saving_until_it_is_synced_and_is_in_the_file_at_once() {
    let f = fixture();
    let mut app = open_app(&f.path);
    assert!(app.start_sync_behind(), "a WAL file syncs behind");
    typed(&mut app, "L");
    assert!(
        app.state.saving.is_some(),
        "the move was not asked to be synced"
    );
    let screen = app.render_text(120, 30);
    let footer = screen.lines().last().unwrap();
    assert!(footer.contains("saving…"), "footer: {footer}");
    assert!(
        footer.contains("moved to Verbal interest confirmed"),
        "footer: {footer}"
    );
    // Committed already: another connection reads the move before the sync reports.
    assert_eq!(stage_of(&f.path, f.ids[0]), "Verbal interest confirmed");
    app.wait_saved(SYNC_WAIT);
    assert_eq!(app.state.saving, None);
    let screen = app.render_text(120, 30);
    let footer = screen.lines().last().unwrap();
    assert!(!footer.contains("saving…"), "footer: {footer}");
    assert!(
        footer.contains("moved to Verbal interest confirmed"),
        "footer: {footer}"
    );
}

#[test]
fn without_sync_behind_nothing_waits_and_nothing_says_saving() {
    let f = fixture();
    let mut app = open_app(&f.path);
    typed(&mut app, "L");
    assert_eq!(app.state.saving, None);
    assert!(!app.render_text(120, 30).contains("saving…"));
    assert_eq!(stage_of(&f.path, f.ids[0]), "Verbal interest confirmed");
}

#[test]
fn a_burst_of_moves_and_undos_all_land_and_the_last_sync_clears_saving() {
    let f = fixture();
    let mut app = open_app(&f.path);
    assert!(app.start_sync_behind());
    for _ in 0..10 {
        typed(&mut app, "LH");
    }
    typed(&mut app, "L");
    app.wait_saved(SYNC_WAIT);
    assert_eq!(app.state.saving, None);
    assert_eq!(stage_of(&f.path, f.ids[0]), "Verbal interest confirmed");
    let store = Store::open(&f.path).unwrap();
    assert_eq!(store.history(f.ids[0]).unwrap().len(), 22);
    app.finish();
    assert_eq!(stage_of(&f.path, f.ids[0]), "Verbal interest confirmed");
}
