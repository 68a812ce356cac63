//! Snapshots of the Board tab's screens in Dutch and Swedish (fixed clock): the board at
//! 80×24 and 200×50, the detail pane, the help overlay and the new-deal form, so a longer
//! translation that clips or overflows shows up in review.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use dealdeck::app::App;
use dealdeck::app::dashboard::Zone;
use dealdeck::i18n::{Language, Locale, ScopedLocale, scoped};
use dealdeck::store::Store;
use dealdeck::ui::render_text;
use ratatui::crossterm::event::KeyCode;

/// The fixture plus a won deal, a lost one with its reason, and a moved card (as the
/// English snapshots have it), drawn in `language` on this test's thread.
fn board(language: Language) -> (ScopedLocale, Fixture, App) {
    let locale = scoped(Locale::of(language));
    let f = fixture();
    let mut store = Store::open(&f.path).unwrap();
    let pipeline = store.pipeline_named(None).unwrap();
    let mut won = new_deal(
        &pipeline,
        "Annual maintenance",
        "Wallin Medical B.V.",
        48_000,
    );
    won.stage_id = Some(pipeline.won_stage().unwrap().id);
    store.add_deal(&won, created()).unwrap();
    drop(store);
    let mut app = open_app(&f.path);
    typed(&mut app, "L");
    typed(&mut app, "h");
    press(&mut app, KeyCode::Down);
    typed(&mut app, "X");
    typed(&mut app, "Chose competitor");
    press(&mut app, KeyCode::Enter);
    typed(&mut app, "1");
    app.state.board.focus_column = 0;
    app.state.board.focus_card[0] = 0;
    app.state.message = None;
    (locale, f, app)
}

fn code(language: Language) -> &'static str {
    language.code()
}

const LANGUAGES: [Language; 2] = [Language::Nl, Language::Sv];

#[test]
fn board_80x24_and_200x50() {
    for language in LANGUAGES {
        let (_locale, _f, app) = board(language);
        let small = render_text(&app.state, 80, 24);
        insta::assert_snapshot!(format!("board_{}_80x24", code(language)), small);
        let large = render_text(&app.state, 200, 50);
        insta::assert_snapshot!(format!("board_{}_200x50", code(language)), large);
    }
}

#[test]
fn board_says_no_english_word_on_its_cards() {
    for language in LANGUAGES {
        let (_locale, _f, app) = board(language);
        let screen = render_text(&app.state, 200, 50);
        for english in ["weighted", "no next step", "pipeline: ", " help ", " quit"] {
            if language == Language::Sv && english == "pipeline: " {
                continue; // Swedish sales teams say pipeline too.
            }
            assert!(
                !screen.contains(english),
                "{english:?} in {language:?}:\n{screen}"
            );
        }
    }
}

#[test]
fn detail_pane() {
    for language in LANGUAGES {
        let (_locale, _f, mut app) = board(language);
        app.state.board.focus_column = 1;
        app.state.board.focus_card[1] = 0;
        press(&mut app, KeyCode::Enter);
        typed(&mut app, "N");
        typed(&mut app, "Asked for two references");
        press(&mut app, KeyCode::Enter);
        app.state.message = None;
        let screen = render_text(&app.state, 120, 40);
        insta::assert_snapshot!(format!("detail_{}_120x40", code(language)), screen);
        let small = render_text(&app.state, 80, 24);
        insta::assert_snapshot!(format!("detail_{}_80x24", code(language)), small);
    }
}

#[test]
fn help_overlay_first_page() {
    for language in LANGUAGES {
        let (_locale, _f, mut app) = board(language);
        typed(&mut app, "?");
        let screen = app.render_text(80, 24);
        insta::assert_snapshot!(format!("help_{}_80x24", code(language)), screen);
        let wide = app.render_text(100, 40);
        insta::assert_snapshot!(format!("help_{}_100x40", code(language)), wide);
    }
}

#[test]
fn help_overlay_scrolled_to_the_figure_definitions() {
    for language in LANGUAGES {
        let (_locale, _f, mut app) = board(language);
        app.state.dashboard.zone = Zone::Utc;
        typed(&mut app, "2");
        app.tick_dashboard(true);
        typed(&mut app, "?");
        // The overlay learns how far it scrolls when drawn, as in the terminal.
        app.render_text(80, 24);
        // Down past every board key: the blank line and the definitions come to the top.
        let keys = dealdeck::app::action::ALL
            .iter()
            .filter(|a| !a.is_mode_key())
            .count();
        for _ in 0..keys {
            press(&mut app, KeyCode::Down);
        }
        let screen = app.render_text(80, 24);
        insta::assert_snapshot!(format!("help_figures_{}_80x24", code(language)), screen);
    }
}

#[test]
fn new_deal_form() {
    for language in LANGUAGES {
        let (_locale, _f, mut app) = board(language);
        typed(&mut app, "n");
        typed(&mut app, "Fleet tracking");
        let screen = render_text(&app.state, 80, 24);
        insta::assert_snapshot!(format!("form_{}_80x24", code(language)), screen);
        // A refused e-mail address puts its message under the field.
        for _ in 0..3 {
            press(&mut app, KeyCode::Down);
        }
        typed(&mut app, "anna.example.com");
        press(&mut app, KeyCode::Enter);
        let refused = render_text(&app.state, 80, 24);
        insta::assert_snapshot!(format!("form_error_{}_80x24", code(language)), refused);
    }
}

#[test]
fn lost_reason_picker() {
    for language in LANGUAGES {
        let (_locale, _f, mut app) = board(language);
        typed(&mut app, "X");
        typed(&mut app, "pri");
        let screen = render_text(&app.state, 80, 24);
        insta::assert_snapshot!(format!("lost_reason_{}_80x24", code(language)), screen);
    }
}

#[test]
fn cards_say_their_next_step_in_the_language() {
    for language in LANGUAGES {
        let _locale = scoped(Locale::of(language));
        let f = agenda_fixture();
        let app = open_app(&f.path);
        let screen = render_text(&app.state, 200, 30);
        insta::assert_snapshot!(format!("next_steps_{}_200x30", code(language)), screen);
    }
}

#[test]
fn help_legend_and_archive_confirmation() {
    for language in LANGUAGES {
        let (_locale, _f, mut app) = board(language);
        typed(&mut app, "?");
        app.render_text(80, 24);
        press(&mut app, KeyCode::End);
        let legend = app.render_text(80, 24);
        insta::assert_snapshot!(format!("help_legend_{}_80x24", code(language)), legend);
        press(&mut app, KeyCode::Char('x'));
        typed(&mut app, "a");
        let confirm = app.render_text(80, 24);
        let footer = confirm.lines().last().unwrap_or_default().to_string();
        insta::assert_snapshot!(format!("archive_{}_footer", code(language)), footer);
    }
}
