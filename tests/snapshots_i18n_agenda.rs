//! The Agenda tab, the schedule input and the board's status-line messages in Dutch and
//! Swedish, with the fixed clock of tests/snapshots.rs: snapshots at 80×24 and 200×50 (the
//! Dutch and Swedish words must still fit the small screen), and a few messages checked word
//! for word (a move, its undo, a refused date).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use dealdeck::app::App;
use dealdeck::app::state::Message;
use dealdeck::i18n::{Language, Locale, ScopedLocale, scoped};
use dealdeck::ui::render_text;
use ratatui::crossterm::event::KeyCode;

fn speak(language: Language) -> ScopedLocale {
    scoped(Locale::of(language))
}

/// What the status line says, info or error.
fn said(app: &App) -> String {
    match &app.state.message {
        Some(Message::Info(text) | Message::Error(text)) => text.clone(),
        None => String::new(),
    }
}

/// No row of the screen is wider than the screen: nothing overflowed.
fn fits(screen: &str, width: usize) {
    for line in screen.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= width,
            "too wide: {line:?}"
        );
    }
}

fn agenda_screens(language: Language) -> (String, String) {
    let _words = speak(language);
    let f = agenda_fixture();
    let mut app = agenda_app(&f.path);
    let wide = render_text(&app.state, 200, 50);
    typed(&mut app, "j");
    let small = render_text(&app.state, 80, 24);
    fits(&small, 80);
    (wide, small)
}

#[test]
fn agenda_nl() {
    let (wide, small) = agenda_screens(Language::Nl);
    assert!(small.contains("Te laat (1)"), "{small}");
    assert!(small.contains("29-05-2026"), "{small}");
    assert!(small.contains("12.500,00 EUR"), "{small}");
    assert!(!small.contains("Overdue"), "{small}");
    insta::assert_snapshot!("agenda_nl_200x50", wide);
    insta::assert_snapshot!("agenda_nl_80x24", small);
}

#[test]
fn agenda_sv() {
    let (wide, small) = agenda_screens(Language::Sv);
    assert!(small.contains("Försenade (1)"), "{small}");
    assert!(small.contains("12\u{a0}500,00 SEK"), "{small}");
    assert!(small.contains("uppföljning"), "{small}");
    insta::assert_snapshot!("agenda_sv_200x50", wide);
    insta::assert_snapshot!("agenda_sv_80x24", small);
}

fn schedule_screen(language: Language) -> String {
    let _words = speak(language);
    let f = agenda_fixture();
    let mut app = open_app(&f.path);
    typed(&mut app, "f");
    press(&mut app, KeyCode::Down);
    typed(&mut app, "fri 14:00");
    let screen = app.render_text(80, 24);
    fits(&screen, 80);
    screen
}

#[test]
fn schedule_form_nl_80x24() {
    let screen = schedule_screen(Language::Nl);
    assert!(screen.contains("Plannen: "), "{screen}");
    assert!(screen.contains("wanneer: fri 14:00█"), "{screen}");
    insta::assert_snapshot!("schedule_form_nl_80x24", screen);
}

#[test]
fn schedule_form_sv_80x24() {
    let screen = schedule_screen(Language::Sv);
    assert!(screen.contains("Planera: "), "{screen}");
    assert!(screen.contains("när: fri 14:00█"), "{screen}");
    insta::assert_snapshot!("schedule_form_sv_80x24", screen);
}

#[test]
fn log_call_form_sv_80x24() {
    let _sv = speak(Language::Sv);
    let f = fixture();
    let mut app = open_app(&f.path);
    typed(&mut app, "c");
    typed(&mut app, "Nådde henne; offert skickas");
    let screen = app.render_text(80, 24);
    fits(&screen, 80);
    assert!(screen.contains("resultat: Nådde henne"), "{screen}");
    insta::assert_snapshot!("log_call_form_sv_80x24", screen);
}

/// A move and its undo, as the status line says them; the stage is the user's own name.
fn move_and_undo(language: Language) -> (String, String, String) {
    let _words = speak(language);
    let f = fixture();
    let mut app = open_app(&f.path);
    typed(&mut app, "L");
    let moved = said(&app);
    typed(&mut app, "u");
    let undone = said(&app);
    let stage = app
        .state
        .current_pipeline()
        .and_then(|p| p.stages.get(1))
        .map(|s| s.name.clone())
        .unwrap();
    (moved, undone, stage)
}

#[test]
fn a_move_and_its_undo_in_dutch_and_swedish() {
    let (moved, undone, stage) = move_and_undo(Language::Nl);
    assert_eq!(moved, format!("verplaatst naar {stage}"));
    assert_eq!(undone, "ongedaan gemaakt: verplaatsing");
    let (moved, undone, stage) = move_and_undo(Language::Sv);
    assert_eq!(moved, format!("flyttad till {stage}"));
    assert_eq!(undone, "ångrade: flytt");
    let (moved, undone, stage) = move_and_undo(Language::En);
    assert_eq!(moved, format!("moved to {stage}"));
    assert_eq!(undone, "undid move");
}

#[test]
fn a_refused_due_date_is_said_in_dutch_and_the_input_stays_open() {
    let _nl = speak(Language::Nl);
    let f = fixture();
    let mut app = open_app(&f.path);
    typed(&mut app, "f");
    typed(&mut app, "ooit");
    press(&mut app, KeyCode::Enter);
    assert!(
        said(&app).starts_with("\"ooit\" is geen datum; typ DD-MM-JJJJ"),
        "{}",
        said(&app)
    );
    let screen = app.render_text(80, 24);
    assert!(screen.contains("wanneer: ooit█"), "{screen}");
}

#[test]
fn scheduling_says_the_kind_and_the_date_the_locale_way() {
    let _sv = speak(Language::Sv);
    let f = fixture();
    let mut app = open_app(&f.path);
    typed(&mut app, "f");
    typed(&mut app, "2026-06-04");
    press(&mut app, KeyCode::Enter);
    assert_eq!(said(&app), "planerat: uppföljning 2026-06-04 (u ångrar)");
    drop(_sv);
    let _nl = speak(Language::Nl);
    typed(&mut app, "u");
    assert_eq!(said(&app), "ongedaan gemaakt: planning");
}

/// Another rep's move, as team mode names it, in Dutch and Swedish.
#[test]
fn another_rep_s_move_is_named_in_dutch_and_swedish() {
    use dealdeck::app::Event;
    use dealdeck::app::live::ServerEvent;
    use dealdeck::store::{Notice, Store};
    for (language, expected) in [
        (
            Language::Nl,
            "'Solar installation' is elders verplaatst naar {stage} (door sanne)",
        ),
        (
            Language::Sv,
            "'Solar installation' flyttades till {stage} på annat håll (av sanne)",
        ),
    ] {
        let _words = speak(language);
        let f = fixture();
        let mut app = open_app(&f.path);
        let mut other = Store::open(&f.path).unwrap();
        let pipeline = other.pipeline_named(None).unwrap();
        let stage = &pipeline.stages[1];
        let version = other.deal(f.ids[0]).unwrap().version;
        other
            .move_deal(f.ids[0], stage.id, None, Some(version), now())
            .unwrap();
        app.handle_event(Event::Server(ServerEvent::Notices(vec![Notice {
            deal: Some(f.ids[0]),
            by: Some("sanne".into()),
        }])));
        assert_eq!(said(&app), expected.replace("{stage}", &stage.name));
    }
}

/// A deal with nothing planned for longer than its stage allows: the "gone quiet" row.
#[test]
fn agenda_with_a_quiet_deal_nl_80x24() {
    use dealdeck::store::Store;
    let _nl = speak(Language::Nl);
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
    let app = agenda_app(&f.path);
    let screen = render_text(&app.state, 80, 24);
    fits(&screen, 80);
    assert!(screen.contains("Stilgevallen (1)"), "{screen}");
    assert!(screen.contains("geen vervolg stil 22 d"), "{screen}");
    insta::assert_snapshot!("agenda_quiet_nl_80x24", screen);
}
