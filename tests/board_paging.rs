//! The board on columns longer than a screen: only what is shown plus a margin is read,
//! scrolling reads on, a move patches the headers to what the store sums, the focus follows
//! a card into a column beyond the cards read there, and the filter reads matching cards.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use dealdeck::app::App;
use dealdeck::domain::DealId;
use dealdeck::store::Store;
use ratatui::crossterm::event::KeyCode;

/// 150 deals in the second stage (the lower ids), then 300 in the first; every other deal
/// of the first is at "Ö-Nord AB".
fn long_columns() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.db");
    let mut store = Store::open(&path).unwrap();
    let pipeline = store.pipeline_named(None).unwrap();
    let mut ids = Vec::new();
    for i in 0..450_i64 {
        let org = if i >= 150 && i % 2 == 0 {
            "Ö-Nord AB"
        } else {
            "Plain BV"
        };
        let mut new = new_deal(&pipeline, &format!("Deal {i:03}"), org, 1_000 + i * 7);
        if i < 150 {
            new.stage_id = Some(pipeline.stages[1].id);
        }
        // Every tenth in SEK (the first column's first card too), which has a rate: the
        // headers convert it, and a move of it patches them with the same rate.
        if i % 10 == 0 {
            new.currency = "SEK".parse().unwrap();
        }
        if i % 9 == 0 {
            new.probability_override = Some(55);
        }
        ids.push(store.add_deal(&new, created()).unwrap().id);
    }
    store
        .set_exchange_rate(&dealdeck::metrics::ExchangeRate {
            base: pipeline.currency,
            currency: "SEK".parse().unwrap(),
            valid_from: chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
            rate: "0.087".parse().unwrap(),
        })
        .unwrap();
    Fixture { dir, path, ids }
}

/// Every column header as the store sums it now, with the board's filter.
fn assert_headers_match_the_store(app: &App) {
    let store = Store::open(app.store_path()).unwrap();
    store.tune_for_board().unwrap();
    let pipeline = app.state.current_pipeline().unwrap();
    let sums = store
        .board_column_sums_matching(
            pipeline,
            app.state.closed_since(),
            &app.state.board.needle(),
            // The rates the board read its columns with.
            &app.state.board.rates,
        )
        .unwrap();
    for (column, sums) in app.state.board.columns.iter().zip(&sums) {
        let name = &column.stage.name;
        assert_eq!(column.count as u64, sums.count, "{name}");
        assert_eq!(column.total, sums.total, "{name}");
        assert_eq!(column.weighted, sums.weighted, "{name}");
        assert_eq!(column.other_currency as u64, sums.other_currency, "{name}");
    }
}

fn focused(app: &App) -> DealId {
    app.state.focused_deal().unwrap().id
}

#[test]
fn a_long_column_is_read_as_it_is_scrolled_and_a_move_follows_its_card() {
    let f = long_columns();
    let mut app = open_app(&f.path);
    let first = &app.state.board.columns[0];
    assert_eq!(first.count, 300);
    assert!(first.cards.len() < 150, "read {} cards", first.cards.len());
    assert_headers_match_the_store(&app);
    assert_eq!(focused(&app), f.ids[150]);

    let before = app.store_commands();
    for _ in 0..200 {
        press(&mut app, KeyCode::Down);
    }
    assert_eq!(focused(&app), f.ids[350]);
    let reads = app.store_commands() - before;
    assert!((1..=10).contains(&reads), "{reads} reads for 200 keys");
    assert!(app.state.board.columns[0].cards.len() < 300);

    // Into the second column, whose cards read so far all have lower ids: the focus
    // follows the card to its place after them, read through.
    typed(&mut app, "L");
    assert_eq!(focused(&app), f.ids[350]);
    assert_eq!(app.state.board.focus_column, 1);
    assert_eq!(app.state.board.focus_card[1], 150);
    assert_eq!(app.state.board.columns[0].count, 299);
    assert_eq!(app.state.board.columns[1].count, 151);
    assert_headers_match_the_store(&app);
    let text = app.render_text(200, 50);
    assert!(text.contains("Deal 350"), "{text}");

    typed(&mut app, "H");
    assert_eq!(focused(&app), f.ids[350]);
    assert_eq!(app.state.board.focus_card[0], 200);
    assert_headers_match_the_store(&app);
    typed(&mut app, "u");
    assert_eq!(focused(&app), f.ids[350]);
    assert_headers_match_the_store(&app);
}

#[test]
fn the_filter_reads_the_matching_cards_and_their_sums() {
    let f = long_columns();
    let mut app = open_app(&f.path);
    typed(&mut app, "/");
    // Unicode lower case, as the board always matched.
    typed(&mut app, "ö-nord");
    assert_eq!(app.state.board.columns[0].count, 150);
    assert_eq!(app.state.board.columns[1].count, 0);
    assert_headers_match_the_store(&app);
    press(&mut app, KeyCode::Enter);
    for _ in 0..100 {
        press(&mut app, KeyCode::Down);
    }
    assert_eq!(focused(&app), f.ids[350]);
    assert_eq!(app.state.board.columns[0].count, 150);
    // Cleared: every card again.
    typed(&mut app, "/");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.state.board.columns[0].count, 300);
    assert_eq!(app.state.board.columns[1].count, 150);
    assert_headers_match_the_store(&app);
}

#[test]
fn enter_in_the_agenda_reads_in_a_deal_beyond_the_cards_read_and_focuses_it() {
    use dealdeck::domain::{ActivityKind, Due};
    use dealdeck::store::NewActivity;
    let f = long_columns();
    // The first column's last deal: far beyond what the board reads at first.
    let far = *f.ids.last().unwrap();
    let mut store = Store::open(&f.path).unwrap();
    let due = Due::Day(chrono::NaiveDate::from_ymd_opt(2026, 5, 29).unwrap());
    let new = NewActivity {
        deal: far,
        kind: ActivityKind::Call,
        due,
        note: None,
    };
    store.add_activity(&new, created()).unwrap();
    drop(store);
    let mut app = agenda_app(&f.path);
    assert!(app.state.deal_by_id(far).is_none(), "not read yet");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.state.tab, dealdeck::app::Tab::Board);
    assert_eq!(focused(&app), far);
}
