//! The rep's scheduling keys driven through `App` on a temp database: `f` schedules, `c`
//! logs a call, the Agenda's `x` asks for the next step, `s` reschedules and `X` prunes a
//! gone-quiet deal; each change undone and redone, the database asserted every time.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use common::*;
use dealdeck::app::board::schedule::Purpose;
use dealdeck::app::state::Message;
use dealdeck::app::{Mode, Tab};
use dealdeck::domain::{Activity, ActivityKind, DealId, Due, StageKind};
use dealdeck::store::Store;
use ratatui::crossterm::event::KeyCode;

fn activities(path: &std::path::Path, deal: DealId) -> Vec<Activity> {
    Store::open(path).unwrap().activities_of(deal).unwrap()
}

fn day(month: u32, d: u32) -> Due {
    Due::Day(NaiveDate::from_ymd_opt(2026, month, d).unwrap())
}

fn error_text(app: &dealdeck::app::App) -> String {
    match &app.state.message {
        Some(Message::Error(text)) => text.clone(),
        other => panic!("expected an error, got {other:?}"),
    }
}

fn schedule_purpose(app: &dealdeck::app::App) -> Option<Purpose> {
    match &app.state.mode {
        Mode::Schedule(input) => Some(input.purpose),
        _ => None,
    }
}

#[test]
fn f_tomorrow_enter_stores_one_follow_up_due_tomorrow_undo_and_redo() {
    let f = fixture();
    let mut app = open_app(&f.path);
    let deal = app.state.focused_deal().unwrap().id;
    typed(&mut app, "f");
    assert_eq!(schedule_purpose(&app), Some(Purpose::Schedule));
    typed(&mut app, "tomorrow");
    let before = app.store_commands();
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.store_commands() - before, 1, "one store call");
    assert_eq!(app.state.mode, Mode::Normal);
    let stored = activities(&f.path, deal);
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0].kind, ActivityKind::FollowUp);
    assert_eq!(stored[0].due, day(6, 2));
    assert!(stored[0].is_planned());
    // The card's next step shows it at once, without reading the board again.
    assert_eq!(app.state.board.next_steps[&deal].id, stored[0].id);
    let screen = app.render_text(120, 30);
    assert!(screen.contains("→ follow-up tomorrow"), "{screen}");

    typed(&mut app, "u");
    assert!(activities(&f.path, deal).is_empty(), "undo deleted it");
    assert!(!app.state.board.next_steps.contains_key(&deal));
    ctrl(&mut app, 'r');
    let again = activities(&f.path, deal);
    assert_eq!(again, stored, "redo put it back exactly");
    assert!(app.state.board.next_steps.contains_key(&deal));
}

#[test]
fn a_bad_date_names_the_value_and_the_input_stays_open() {
    let f = fixture();
    let mut app = open_app(&f.path);
    let deal = app.state.focused_deal().unwrap().id;
    typed(&mut app, "f");
    typed(&mut app, "someday");
    press(&mut app, KeyCode::Enter);
    assert!(error_text(&app).contains("someday"), "{}", error_text(&app));
    assert!(!error_text(&app).contains('\n'));
    assert_eq!(schedule_purpose(&app), Some(Purpose::Schedule));
    assert!(activities(&f.path, deal).is_empty());
    // Mending the text and Enter goes through; Esc on a fresh input writes nothing.
    for _ in 0.."someday".len() {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "+3d");
    press(&mut app, KeyCode::Enter);
    assert_eq!(activities(&f.path, deal)[0].due, day(6, 4));
    typed(&mut app, "f");
    typed(&mut app, "fri");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.state.mode, Mode::Normal);
    assert_eq!(activities(&f.path, deal).len(), 1);
}

#[test]
fn tab_cycles_the_kind_and_a_stage_habit_is_a_template() {
    let f = fixture();
    let mut app = open_app(&f.path);
    let deal = app.state.focused_deal().unwrap().id;
    typed(&mut app, "f");
    let Mode::Schedule(input) = &app.state.mode else {
        panic!("not open")
    };
    assert_eq!(input.kind, ActivityKind::FollowUp);
    // Seed 001's first stage: the preferred forms of contact are offered.
    assert_eq!(input.templates.len(), 2, "{:?}", input.templates);
    press(&mut app, KeyCode::Tab);
    let Mode::Schedule(input) = &app.state.mode else {
        panic!("not open")
    };
    assert_eq!(input.kind, ActivityKind::Call);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    let Mode::Schedule(input) = &app.state.mode else {
        panic!("not open")
    };
    assert_eq!(
        input.kind,
        ActivityKind::Meeting,
        "the template sets the kind"
    );
    let habit = input.templates[1].clone();
    typed(&mut app, "2026-12-03");
    press(&mut app, KeyCode::Enter);
    let stored = activities(&f.path, deal);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].kind, ActivityKind::Meeting);
    assert_eq!(stored[0].due, day(12, 3));
    assert_eq!(stored[0].note.as_deref(), Some(habit.as_str()));
}

#[test]
fn f_in_the_detail_pane_offers_the_templates_and_comes_back_to_the_pane() {
    let f = fixture();
    let mut app = open_app(&f.path);
    let deal = app.state.focused_deal().unwrap().id;
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.state.mode, Mode::Detail(_)));
    typed(&mut app, "f");
    let Mode::Schedule(input) = &app.state.mode else {
        panic!("f in the detail pane opens the input: {:?}", app.state.mode)
    };
    assert!(input.detail.is_some());
    assert_eq!(input.templates.len(), 2);
    let habit = input.templates[0].clone();
    let screen = app.render_text(120, 30);
    assert!(screen.contains("Schedule: "), "{screen}");
    press(&mut app, KeyCode::Down);
    typed(&mut app, "fri 14:00");
    press(&mut app, KeyCode::Enter);
    assert!(
        matches!(&app.state.mode, Mode::Detail(d) if d.deal == deal),
        "{:?}",
        app.state.mode
    );
    let stored = activities(&f.path, deal);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].note.as_deref(), Some(habit.as_str()));
    assert!(matches!(stored[0].due, Due::At(_)), "a time was given");
}

#[test]
fn x_in_the_agenda_marks_done_and_the_next_step_input_opens() {
    let f = agenda_fixture();
    let mut app = agenda_app(&f.path);
    let deal = f.ids[0];
    let call = activities(&f.path, deal)[0].id;
    typed(&mut app, "x");
    let done = &activities(&f.path, deal)[0];
    assert_eq!(done.id, call);
    assert!(done.done_at.is_some(), "done on disk");
    assert_eq!(schedule_purpose(&app), Some(Purpose::NextStep));
    let Mode::Schedule(input) = &app.state.mode else {
        unreachable!()
    };
    assert_eq!(input.deal, deal);
    typed(&mut app, "+2d");
    press(&mut app, KeyCode::Enter);
    let all = activities(&f.path, deal);
    assert_eq!(all.len(), 2);
    let next: Vec<_> = all.iter().filter(|a| a.is_planned()).collect();
    assert_eq!(next.len(), 1);
    assert_eq!(next[0].kind, ActivityKind::FollowUp);
    assert_eq!(next[0].due, day(6, 3));
    let agenda = app.state.agenda.agenda.as_ref().unwrap();
    assert!(agenda.overdue.is_empty());
    assert!(agenda.week.iter().any(|i| i.activity.id == next[0].id));
    // u takes back the next step, then the done.
    typed(&mut app, "u");
    assert_eq!(activities(&f.path, deal).len(), 1);
    typed(&mut app, "u");
    assert!(activities(&f.path, deal)[0].is_planned());
    ctrl(&mut app, 'r');
    assert!(
        !activities(&f.path, deal)[0].is_planned(),
        "redo marks it done"
    );
}

#[test]
fn undoing_a_done_brings_the_next_step_back_on_the_card() {
    let f = agenda_fixture();
    let mut app = agenda_app(&f.path);
    let deal = f.ids[0];
    typed(&mut app, "x");
    press(&mut app, KeyCode::Esc);
    assert!(matches!(&app.state.message, Some(Message::Info(t)) if t.contains("without")));
    assert!(!app.state.board.next_steps.contains_key(&deal));
    typed(&mut app, "u");
    assert!(activities(&f.path, deal)[0].is_planned());
    // The card's next-step line follows the undo (it used to stay at "no next step").
    let step = app
        .state
        .board
        .next_steps
        .get(&deal)
        .expect("next step back");
    assert_eq!(step.kind, ActivityKind::Call);
    assert!(app.state.board.overdue.contains(&deal), "overdue again");
    typed(&mut app, "1");
    let screen = app.render_text(200, 30);
    assert!(screen.contains("→ call 3d ago"), "{screen}");
}

#[test]
fn s_reschedules_the_selected_activity() {
    let f = agenda_fixture();
    let mut app = agenda_app(&f.path);
    let deal = f.ids[0];
    typed(&mut app, "s");
    assert!(matches!(
        schedule_purpose(&app),
        Some(Purpose::Reschedule(_))
    ));
    typed(&mut app, "nonsense");
    press(&mut app, KeyCode::Enter);
    assert!(error_text(&app).contains("nonsense"));
    for _ in 0.."nonsense".len() {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "+1d");
    press(&mut app, KeyCode::Enter);
    let moved = &activities(&f.path, deal)[0];
    assert_eq!(moved.due, day(6, 2));
    assert_eq!(moved.kind, ActivityKind::Call, "the kind is kept");
    assert!(moved.is_planned());
    let agenda = app.state.agenda.agenda.as_ref().unwrap();
    assert!(agenda.overdue.is_empty(), "no longer overdue");
    assert!(!app.state.board.overdue.contains(&deal));
    typed(&mut app, "u");
    assert_eq!(activities(&f.path, deal)[0].due, day(5, 29));
    assert!(app.state.board.overdue.contains(&deal));
    ctrl(&mut app, 'r');
    assert_eq!(activities(&f.path, deal)[0].due, day(6, 2));
    // Rows now: today's meeting, then this call in the next 7 days. `mon` from Monday
    // 1 June is the next Monday.
    typed(&mut app, "j");
    typed(&mut app, "s");
    typed(&mut app, "mon");
    press(&mut app, KeyCode::Enter);
    let row = activities(&f.path, deal);
    assert_eq!(row[0].due, day(6, 8));
}

#[test]
fn capital_x_in_gone_quiet_loses_with_no_response_and_u_restores() {
    // Nothing planned and 22 days idle in a 14-day stage: every deal has gone quiet.
    let f = fixture();
    let mut app = agenda_app(&f.path);
    let agenda = app.state.agenda.agenda.clone().unwrap();
    assert_eq!(agenda.gone_quiet.len(), 3);
    let deal = agenda.gone_quiet[0].deal_id;
    typed(&mut app, "X");
    let Mode::LostReason(editor) = &app.state.mode else {
        panic!("the lost-reason picker opens: {:?}", app.state.mode)
    };
    assert_eq!(
        editor.chosen(&app.state.lost_reasons).as_deref(),
        Some("No response")
    );
    let screen = app.render_text(100, 30);
    assert!(screen.contains("Why was it lost?"), "{screen}");
    press(&mut app, KeyCode::Enter);
    let store = Store::open(&f.path).unwrap();
    let lost = store.deal(deal).unwrap();
    assert_eq!(lost.status, StageKind::Lost);
    assert_eq!(lost.lost_reason.as_deref(), Some("No response"));
    drop(store);
    assert_eq!(app.state.tab, Tab::Agenda);
    let quiet = &app.state.agenda.agenda.as_ref().unwrap().gone_quiet;
    assert!(quiet.iter().all(|q| q.deal_id != deal), "pruned");
    typed(&mut app, "u");
    let store = Store::open(&f.path).unwrap();
    let back = store.deal(deal).unwrap();
    assert_eq!(back.status, StageKind::Open);
    let quiet = &app.state.agenda.agenda.as_ref().unwrap().gone_quiet;
    assert!(quiet.iter().any(|q| q.deal_id == deal), "quiet again");
}

#[test]
fn capital_x_on_a_planned_row_says_where_it_works() {
    let f = agenda_fixture();
    let mut app = agenda_app(&f.path);
    typed(&mut app, "X");
    assert_eq!(app.state.mode, Mode::Normal);
    assert!(matches!(&app.state.message, Some(Message::Info(t)) if t.contains("gone quiet")));
    let store = Store::open(&f.path).unwrap();
    assert_eq!(store.deal(f.ids[0]).unwrap().status, StageKind::Open);
}

#[test]
fn c_logs_a_call_done_now_with_or_without_an_outcome() {
    let f = fixture();
    let mut app = open_app(&f.path);
    let deal = app.state.focused_deal().unwrap().id;
    let idle_since = Store::open(&f.path)
        .unwrap()
        .deal(deal)
        .unwrap()
        .last_activity_at;
    typed(&mut app, "c");
    assert_eq!(schedule_purpose(&app), Some(Purpose::LogCall));
    press(&mut app, KeyCode::Enter);
    let logged = activities(&f.path, deal);
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].kind, ActivityKind::Call);
    assert_eq!(logged[0].done_at, Some(now()));
    assert_eq!(logged[0].outcome, None);
    let store = Store::open(&f.path).unwrap();
    assert_eq!(store.deal(deal).unwrap().last_activity_at, now());
    drop(store);
    typed(&mut app, "c");
    typed(&mut app, "Reached; sending the quote");
    press(&mut app, KeyCode::Enter);
    let logged = activities(&f.path, deal);
    assert_eq!(logged.len(), 2);
    assert_eq!(
        logged[1].outcome.as_deref(),
        Some("Reached; sending the quote")
    );
    typed(&mut app, "u");
    typed(&mut app, "u");
    assert!(activities(&f.path, deal).is_empty());
    let store = Store::open(&f.path).unwrap();
    assert_eq!(store.deal(deal).unwrap().last_activity_at, idle_since);
    drop(store);
    ctrl(&mut app, 'r');
    assert_eq!(activities(&f.path, deal).len(), 1);
}

#[test]
fn c_stays_the_custom_period_on_the_dashboard_and_remapping_follows() {
    let f = fixture();
    let mut app = open_app(&f.path);
    typed(&mut app, "2");
    typed(&mut app, "c");
    assert!(matches!(app.state.mode, Mode::PeriodInput { .. }));
    press(&mut app, KeyCode::Esc);
    // Remapped keys drive the input, and the messages name them.
    let mut config = config();
    config.keys = toml::from_str("schedule = \"F\"\nnext_kind = \"C-k\"").unwrap();
    let mut app = dealdeck::app::App::new(Store::open(&f.path).unwrap(), &config, now()).unwrap();
    typed(&mut app, "f");
    assert_eq!(schedule_purpose(&app), None);
    typed(&mut app, "F");
    assert_eq!(schedule_purpose(&app), Some(Purpose::Schedule));
    ctrl(&mut app, 'k');
    let Mode::Schedule(input) = &app.state.mode else {
        unreachable!()
    };
    assert_eq!(input.kind, ActivityKind::Call);
    let screen = app.render_text(120, 30);
    assert!(screen.contains("Ctrl+k next kind"), "{screen}");
}

#[test]
fn a_key_shared_by_two_tabs_survives_overrides_of_either() {
    use dealdeck::app::{Action, KeyMode, Keymap};
    // Naming the default key again displaces nothing: the other tab's action keeps it.
    let table: toml::Table = toml::from_str("log_call = \"c\"").unwrap();
    let (map, problems) = Keymap::with_overrides(&table);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(map.label_in(KeyMode::Board, Action::PeriodCustom), "c");
    assert_eq!(map.label_in(KeyMode::Board, Action::LogCall), "c");
    // An action that works everywhere does take it from both, and says so.
    let table: toml::Table = toml::from_str("quit = \"c\"").unwrap();
    let (map, problems) = Keymap::with_overrides(&table);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(map.label_in(KeyMode::Board, Action::LogCall), "(unbound)");
    assert_eq!(
        map.label_in(KeyMode::Board, Action::PeriodCustom),
        "(unbound)"
    );
}
