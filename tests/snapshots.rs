//! Snapshots of the board's screens over ratatui's TestBackend, with a fixed clock.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use dealdeck::app::App;
use dealdeck::app::dashboard::Zone;
use dealdeck::store::Store;
use dealdeck::ui::render_text;
use ratatui::crossterm::event::KeyCode;

/// The fixture plus a won deal, a lost one with its reason, and a note with history.
fn board() -> (Fixture, App) {
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
    // Deal 1 moves on a stage, deal 3 is lost; the won deal was added closed.
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
    (f, app)
}

#[test]
fn board_120x30() {
    let (_f, app) = board();
    insta::assert_snapshot!(render_text(&app.state, 120, 30));
}

#[test]
fn board_80x24() {
    let (_f, app) = board();
    insta::assert_snapshot!(render_text(&app.state, 80, 24));
}

#[test]
fn board_60x15_scrolls_to_the_focused_column() {
    let (_f, mut app) = board();
    app.state.board.focus_column = 5;
    insta::assert_snapshot!(render_text(&app.state, 60, 15));
}

#[test]
fn below_60x15_says_too_small() {
    let (_f, app) = board();
    let text = render_text(&app.state, 59, 15);
    assert!(text.starts_with("terminal too small: 59×15"), "{text}");
}

#[test]
fn detail_pane() {
    let (_f, mut app) = board();
    app.state.board.focus_column = 1;
    app.state.board.focus_card[1] = 0;
    press(&mut app, KeyCode::Enter);
    typed(&mut app, "N");
    typed(&mut app, "Asked for two references");
    press(&mut app, KeyCode::Enter);
    app.state.message = None;
    insta::assert_snapshot!(render_text(&app.state, 120, 40));
}

#[test]
fn lost_reason_editor_open() {
    let (_f, mut app) = board();
    typed(&mut app, "X");
    typed(&mut app, "pri");
    insta::assert_snapshot!(render_text(&app.state, 80, 24));
}

#[test]
fn deal_form_with_a_validation_error() {
    let (_f, mut app) = board();
    typed(&mut app, "n");
    typed(&mut app, "Fleet tracking");
    for _ in 0..5 {
        press(&mut app, KeyCode::Down);
    }
    typed(&mut app, "12,3,4");
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!(render_text(&app.state, 80, 24));
}

#[test]
fn help_overlay() {
    let (_f, mut app) = board();
    typed(&mut app, "?");
    insta::assert_snapshot!(render_text(&app.state, 100, 40));
}

/// The text inside the keys overlay wherever it sits on the screen (between its borders).
fn popup_lines(screen: &str) -> Vec<String> {
    let lines: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    let Some(top) = lines
        .iter()
        .position(|l| l.iter().collect::<String>().contains(" Keys "))
    else {
        return Vec::new();
    };
    let title = lines[top]
        .windows(6)
        .position(|w| w.iter().collect::<String>() == " Keys ")
        .unwrap();
    let left = lines[top][..title].iter().rposition(|&c| c == '┌').unwrap();
    let right = left + lines[top][left..].iter().position(|&c| c == '┐').unwrap();
    lines[top + 1..]
        .iter()
        .take_while(|l| l.get(left) == Some(&'│'))
        .map(|l| {
            l[left + 1..right]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect()
}

#[test]
fn help_overlay_80x24_scrolls() {
    let (_f, mut app) = board();
    typed(&mut app, "?");
    let top = app.render_text(80, 24);
    let first = popup_lines(&top);
    assert!(top.contains(&format!("1–{} of ", first.len())), "{top}");
    // One line down: everything moves up one line, a new one comes in at the bottom.
    press(&mut app, KeyCode::Down);
    let down = popup_lines(&app.render_text(80, 24));
    assert_eq!(down.len(), first.len());
    assert_eq!(down[..down.len() - 1], first[1..], "scrolled by one line");
    assert_ne!(down.last(), first.last());
    // End shows the legend's last line, which the first page does not.
    press(&mut app, KeyCode::End);
    let end = app.render_text(80, 24);
    let last = popup_lines(&end);
    assert!(
        last.last().unwrap().contains("cards in another currency"),
        "{end}"
    );
    assert!(
        !first
            .iter()
            .any(|l| l.contains("cards in another currency"))
    );
    // PgUp pages back; Home is the first page again.
    press(&mut app, KeyCode::PageUp);
    assert_ne!(popup_lines(&app.render_text(80, 24)), last);
    press(&mut app, KeyCode::Home);
    assert_eq!(popup_lines(&app.render_text(80, 24)), first);
    press(&mut app, KeyCode::End);
    insta::assert_snapshot!(app.render_text(80, 24));
}

/// The lines inside the keys overlay on a full-width 80-column screen.
fn overlay_lines(screen: &str) -> Vec<String> {
    screen
        .lines()
        .skip_while(|line| !line.contains(" Keys "))
        .skip(1)
        .take_while(|line| line.starts_with('│'))
        .map(|line| line.trim_matches('│').trim_end().to_string())
        .collect()
}

#[test]
fn every_figure_definition_can_be_read_whole_at_80x24() {
    let (_f, mut app) = board();
    dashboard(&mut app);
    typed(&mut app, "?");
    let first_screen = app.render_text(80, 24);
    let mut seen = overlay_lines(&first_screen);
    // One line down at a time: each key brings one new line in at the bottom.
    let mut last_screen = first_screen.clone();
    loop {
        press(&mut app, KeyCode::Down);
        let screen = app.render_text(80, 24);
        if screen == last_screen {
            break;
        }
        seen.extend(overlay_lines(&screen).last().cloned());
        last_screen = screen;
    }
    assert!(
        last_screen.contains(" of "),
        "a scrolled overlay says where it is"
    );
    let text = seen
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for (figure, definition) in dealdeck::ui::dashboard::figure_definitions() {
        let whole = format!("{figure} {definition}");
        assert!(
            text.contains(&whole),
            "{whole:?} is not readable whole in:\n{text}"
        );
    }
    insta::assert_snapshot!(&last_screen);
    press(&mut app, KeyCode::Home);
    assert_eq!(
        overlay_lines(&app.render_text(80, 24)),
        overlay_lines(&first_screen)
    );
    press(&mut app, KeyCode::PageDown);
    press(&mut app, KeyCode::End);
    assert_eq!(app.render_text(80, 24), last_screen);
    // Any other key closes it.
    press(&mut app, KeyCode::Char('x'));
    assert!(!app.render_text(80, 24).contains(" Keys "));
}

/// Switches to the Dashboard tab and waits for the background read, with dates in UTC.
fn dashboard(app: &mut App) {
    app.state.dashboard.zone = Zone::Utc;
    typed(app, "2");
    app.tick_dashboard(true);
    assert!(app.state.dashboard.view.is_some());
}

#[test]
fn dashboard_tab() {
    let (_f, mut app) = board();
    dashboard(&mut app);
    insta::assert_snapshot!(render_text(&app.state, 80, 24));
}

#[test]
fn dashboard_tab_200x50_with_a_goal() {
    let (_f, mut app) = board();
    dashboard(&mut app);
    typed(&mut app, "g");
    typed(&mut app, "96000");
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!(render_text(&app.state, 200, 50));
}

#[test]
fn dashboard_tab_before_the_rows_arrive_says_computing() {
    let (_f, mut app) = board();
    typed(&mut app, "2");
    let screen = render_text(&app.state, 80, 24);
    assert!(screen.contains("computing…"), "{screen}");
}

#[test]
fn dashboard_help_overlay_defines_every_figure() {
    let (_f, mut app) = board();
    dashboard(&mut app);
    typed(&mut app, "?");
    let screen = app.render_text(200, 50);
    // The overlay scrolls: every definition is on one of its lines.
    let mut pages = screen.clone();
    for _ in 0..40 {
        press(&mut app, KeyCode::Down);
        pages.push_str(&app.render_text(200, 50));
    }
    for (figure, _) in dealdeck::ui::dashboard::figure_definitions() {
        assert!(pages.contains(&figure), "{figure} missing:\n{pages}");
    }
    insta::assert_snapshot!(screen);
}

#[test]
fn wide_and_hostile_titles_stay_aligned_and_inert() {
    let f = fixture();
    let conn = rusqlite::Connection::open(&f.path).unwrap();
    let titles = [
        "見積もり 東京支社",
        "🚀 Launch 🎉 deal",
        "Evil \u{1b}[31mred\u{1b}[0m \u{7}title",
    ];
    for (id, title) in f.ids.iter().zip(titles) {
        conn.execute(
            "UPDATE deal SET title = ?1 WHERE id = ?2",
            rusqlite::params![title, id.0],
        )
        .unwrap();
    }
    drop(conn);
    let app = open_app(&f.path);
    let text = render_text(&app.state, 80, 24);
    assert!(!text.contains('\u{1b}'), "no raw escape reaches the screen");
    assert!(!text.contains('\u{7}'));
    // Every row is exactly as wide as the screen: wide characters did not shift the borders.
    for line in text.lines().skip(1).take(20) {
        assert_eq!(
            unicode_width::UnicodeWidthStr::width(line),
            80,
            "misaligned row: {line:?}"
        );
    }
    insta::assert_snapshot!(text);
    let store = Store::open(&f.path).unwrap();
    assert_eq!(store.deal(f.ids[2]).unwrap().title, titles[2]);
}

#[test]
fn agenda_tab_200x50() {
    let f = agenda_fixture();
    let app = agenda_app(&f.path);
    insta::assert_snapshot!(render_text(&app.state, 200, 50));
}

#[test]
fn agenda_tab_80x24() {
    let f = agenda_fixture();
    let mut app = agenda_app(&f.path);
    typed(&mut app, "j");
    insta::assert_snapshot!(render_text(&app.state, 80, 24));
}

#[test]
fn cards_show_their_next_step_or_no_next_step() {
    let f = agenda_fixture();
    let mut store = Store::open(&f.path).unwrap();
    let pipeline = store.pipeline_named(None).unwrap();
    store
        .add_deal(
            &new_deal(&pipeline, "Nothing planned", "Quiet BV", 1_000),
            created(),
        )
        .unwrap();
    drop(store);
    let app = open_app(&f.path);
    let screen = render_text(&app.state, 200, 30);
    assert!(screen.contains("no next step"), "{screen}");
    insta::assert_snapshot!(screen);
}
