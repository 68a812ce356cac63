//! The board for a named user: `o` shows only their deals (with the `/` filter, the column
//! figures following), a new deal is theirs, and their moves are recorded as theirs.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use dealdeck::app::App;
use dealdeck::domain::DealPatch;
use dealdeck::store::Store;
use ratatui::crossterm::event::KeyCode;
use rust_decimal::Decimal;

fn open_as(path: &std::path::Path, user: &str) -> App {
    let mut store = Store::open(path).unwrap();
    store.act_as(user);
    App::new(store, &config(), now()).unwrap()
}

fn first_column(app: &App) -> Vec<dealdeck::domain::DealId> {
    app.state.board.columns[0]
        .cards
        .iter()
        .map(|c| c.id)
        .collect()
}

#[test]
fn o_toggles_my_deals_with_the_filter_and_the_column_figures_follow() {
    let f = fixture();
    // Every fixture deal is Erik's; the second one becomes Ana's.
    let mut other = Store::open(&f.path).unwrap();
    let patch = DealPatch {
        owner: Some(Some("Ana".into())),
        ..DealPatch::default()
    };
    other.edit_deal(f.ids[1], None, &patch, now()).unwrap();
    drop(other);

    let mut app = open_as(&f.path, "erik");
    assert_eq!(first_column(&app).len(), 3);
    typed(&mut app, "o");
    assert_eq!(first_column(&app), vec![f.ids[0], f.ids[2]]);
    let column = &app.state.board.columns[0];
    assert_eq!(
        (column.count, column.total),
        (2, Decimal::from(12_500 + 6_250))
    );
    assert!(app.render_text(120, 30).contains("my deals: erik"));

    // Combined with the text filter.
    typed(&mut app, "/");
    typed(&mut app, "strand");
    press(&mut app, KeyCode::Enter);
    assert_eq!(first_column(&app), vec![f.ids[2]]);
    assert_eq!(app.state.board.columns[0].count, 1);

    // Off again: the text filter alone.
    typed(&mut app, "o");
    assert_eq!(app.state.board.mine, None);
    assert_eq!(first_column(&app), vec![f.ids[2]]);
    typed(&mut app, "/");
    for _ in 0.."strand".len() {
        press(&mut app, KeyCode::Backspace);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(first_column(&app).len(), 3);
    assert!(!app.render_text(120, 30).contains("my deals"));
}

#[test]
fn a_move_under_my_deals_keeps_the_card_and_records_who_moved_it() {
    let f = fixture();
    let mut app = open_as(&f.path, "Erik");
    typed(&mut app, "o");
    assert_eq!(first_column(&app).len(), 3);
    // Moving one on keeps it mine: it shows in the next column.
    typed(&mut app, "L");
    assert_eq!(app.state.board.columns[1].count, 1);
    let store = Store::open(&f.path).unwrap();
    let history = store.history(f.ids[0]).unwrap();
    assert_eq!(history.last().unwrap().by.as_deref(), Some("Erik"));
    assert_eq!(
        store.deal(f.ids[0]).unwrap().updated_by.as_deref(),
        Some("Erik")
    );
}

#[test]
fn o_without_a_user_says_who_is_missing_and_filters_nothing() {
    let f = fixture();
    let mut app = open_app(&f.path);
    typed(&mut app, "o");
    assert_eq!(app.state.board.mine, None);
    assert_eq!(first_column(&app).len(), 3);
    let text = app.render_text(160, 30);
    assert!(text.contains("needs to know who you are"), "{text}");
}

#[test]
fn a_new_deal_from_the_board_is_the_current_user_s() {
    let f = fixture();
    let mut app = open_as(&f.path, "ana");
    typed(&mut app, "n");
    typed(&mut app, "Fleet tracking");
    press(&mut app, KeyCode::Enter);
    let store = Store::open(&f.path).unwrap();
    let deals = store.deals(&Default::default()).unwrap();
    let new = deals.iter().find(|d| d.title == "Fleet tracking").unwrap();
    assert_eq!(new.owner.as_deref(), Some("ana"));
    assert_eq!(store.history(new.id).unwrap()[0].by.as_deref(), Some("ana"));
    assert_eq!(store.user(), "", "a store names nobody until told");
}
