//! Key events fed to the board on a temp database file, then the database itself asserted.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use dealdeck::app::dashboard::Zone;
use dealdeck::app::state::Message;
use dealdeck::app::{App, Mode};
use dealdeck::domain::DecimalSeparator;
use dealdeck::domain::StageKind;
use dealdeck::metrics::{Period, ReportRequest, compute};
use dealdeck::store::Store;
use ratatui::crossterm::event::KeyCode;
use rust_decimal::Decimal;

#[test]
fn moving_right_twice_writes_two_visits_and_focus_follows() {
    let f = fixture();
    let mut app = open_app(&f.path);
    typed(&mut app, "L");
    typed(&mut app, "L");
    assert_eq!(
        app.state.board.focus_column, 2,
        "focus follows the moved deal: {:?}",
        app.state.message
    );
    assert_eq!(app.state.focused_deal().unwrap().id, f.ids[0]);
    let store = Store::open(&f.path).unwrap();
    assert_eq!(stage_name(&store, f.ids[0]), "Terms finalization");
    let history = store.history(f.ids[0]).unwrap();
    assert_eq!(history.len(), 3);
    assert!(history[..2].iter().all(|v| v.exited_at == Some(now())));
    assert!(history[2].is_open());
    assert_eq!(stage_name(&store, f.ids[1]), "Consultation scheduled");
}

#[test]
fn shift_arrows_move_too() {
    let f = fixture();
    let mut app = open_app(&f.path);
    app.handle_key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Right,
        ratatui::crossterm::event::KeyModifiers::SHIFT,
    ));
    let store = Store::open(&f.path).unwrap();
    assert_eq!(stage_name(&store, f.ids[0]), "Verbal interest confirmed");
}

#[test]
fn marking_lost_with_a_new_reason_then_editing_it_with_r() {
    let f = fixture();
    let mut app = open_app(&f.path);
    press(&mut app, KeyCode::Down);
    typed(&mut app, "X");
    assert!(matches!(app.state.mode, Mode::LostReason(_)));
    typed(&mut app, "Went with a spreadsheet");
    press(&mut app, KeyCode::Enter);
    let store = Store::open(&f.path).unwrap();
    let deal = store.deal(f.ids[1]).unwrap();
    assert_eq!(deal.status, StageKind::Lost);
    assert_eq!(deal.lost_reason.as_deref(), Some("Went with a spreadsheet"));
    let history = store.history(f.ids[1]).unwrap();
    assert_eq!(
        history.last().unwrap().reason.as_deref(),
        Some("Went with a spreadsheet")
    );
    drop(store);

    // The focus followed the deal into the lost column; `r` edits its reason in place.
    assert_eq!(app.state.focused_deal().unwrap().id, f.ids[1]);
    typed(&mut app, "r");
    assert!(matches!(app.state.mode, Mode::LostReason(_)));
    for _ in 0.."Went with a spreadsheet".len() {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "price");
    press(&mut app, KeyCode::Enter);
    let store = Store::open(&f.path).unwrap();
    let deal = store.deal(f.ids[1]).unwrap();
    assert_eq!(deal.lost_reason.as_deref(), Some("Price too high"));
    assert_eq!(
        store
            .history(f.ids[1])
            .unwrap()
            .last()
            .unwrap()
            .reason
            .as_deref(),
        Some("Price too high")
    );
}

#[test]
fn picking_a_listed_reason_with_arrows() {
    let f = fixture();
    let mut app = open_app(&f.path);
    typed(&mut app, "X");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let store = Store::open(&f.path).unwrap();
    let reasons = store.lost_reasons().unwrap();
    assert_eq!(
        store.deal(f.ids[0]).unwrap().lost_reason.as_deref(),
        Some(reasons[1].as_str())
    );
}

#[test]
fn escape_in_the_lost_reason_editor_writes_nothing() {
    let f = fixture();
    let before = Store::open(&f.path).unwrap();
    let deal_before = before.deal(f.ids[0]).unwrap();
    let history_before = before.history(f.ids[0]).unwrap();
    drop(before);
    let mut app = open_app(&f.path);
    typed(&mut app, "X");
    typed(&mut app, "Timing");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.state.mode, Mode::Normal);
    let store = Store::open(&f.path).unwrap();
    assert_eq!(store.deal(f.ids[0]).unwrap(), deal_before);
    assert_eq!(store.history(f.ids[0]).unwrap(), history_before);
}

#[test]
fn undo_and_redo_moves_reasons_and_archive() {
    let f = fixture();
    let history_before = Store::open(&f.path).unwrap().history(f.ids[0]).unwrap();
    let mut app = open_app(&f.path);
    typed(&mut app, "L");
    typed(&mut app, "u");
    let store = Store::open(&f.path).unwrap();
    assert_eq!(stage_name(&store, f.ids[0]), "Consultation scheduled");
    assert_eq!(
        store.history(f.ids[0]).unwrap(),
        history_before,
        "undo restores the history exactly"
    );
    drop(store);
    ctrl(&mut app, 'r');
    let store = Store::open(&f.path).unwrap();
    assert_eq!(stage_name(&store, f.ids[0]), "Verbal interest confirmed");
    assert_eq!(store.history(f.ids[0]).unwrap().len(), 2);
    drop(store);

    // A lost reason edit and an archive go back and forth too.
    typed(&mut app, "X");
    typed(&mut app, "Timing");
    press(&mut app, KeyCode::Enter);
    typed(&mut app, "r");
    for _ in 0.."Timing".len() {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "No budget");
    press(&mut app, KeyCode::Enter);
    typed(&mut app, "u");
    let store = Store::open(&f.path).unwrap();
    assert_eq!(
        store.deal(f.ids[0]).unwrap().lost_reason.as_deref(),
        Some("Timing")
    );
    drop(store);
    ctrl(&mut app, 'r');
    let store = Store::open(&f.path).unwrap();
    assert_eq!(
        store.deal(f.ids[0]).unwrap().lost_reason.as_deref(),
        Some("No budget")
    );
    drop(store);

    typed(&mut app, "a");
    typed(&mut app, "y");
    assert!(
        Store::open(&f.path)
            .unwrap()
            .deal(f.ids[0])
            .unwrap()
            .is_archived()
    );
    typed(&mut app, "u");
    assert!(
        !Store::open(&f.path)
            .unwrap()
            .deal(f.ids[0])
            .unwrap()
            .is_archived()
    );
    // Undo the reason edit, then the lost move: the deal is open again where it was.
    typed(&mut app, "u");
    typed(&mut app, "u");
    let store = Store::open(&f.path).unwrap();
    let deal = store.deal(f.ids[0]).unwrap();
    assert_eq!(deal.status, StageKind::Open);
    assert_eq!(deal.lost_reason, None);
    assert_eq!(stage_name(&store, f.ids[0]), "Verbal interest confirmed");
}

#[test]
fn archive_asks_first_and_any_other_key_cancels() {
    let f = fixture();
    let mut app = open_app(&f.path);
    typed(&mut app, "a");
    typed(&mut app, "n");
    assert!(
        !Store::open(&f.path)
            .unwrap()
            .deal(f.ids[0])
            .unwrap()
            .is_archived()
    );
}

#[test]
fn the_form_rejects_a_malformed_amount_and_saves_a_dutch_one() {
    let f = fixture();
    let mut app = open_app(&f.path);
    typed(&mut app, "n");
    typed(&mut app, "Fleet tracking");
    for _ in 0..5 {
        press(&mut app, KeyCode::Tab);
    }
    typed(&mut app, "12,3,4");
    let Mode::Form(form) = &app.state.mode else {
        panic!("the form is open");
    };
    let amount = form.fields.iter().find(|f| f.value == "12,3,4").unwrap();
    assert!(amount.error.is_some(), "12,3,4 is refused inline");
    press(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.state.mode, Mode::Form(_)),
        "Enter does not save"
    );
    let store = Store::open(&f.path).unwrap();
    assert_eq!(store.deals(&Default::default()).unwrap().len(), 3);
    drop(store);

    for _ in 0..6 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "12.500,00");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.state.mode, Mode::Normal);
    let store = Store::open(&f.path).unwrap();
    let deals = store.deals(&Default::default()).unwrap();
    assert_eq!(deals.len(), 4);
    let new = deals.iter().find(|d| d.title == "Fleet tracking").unwrap();
    assert_eq!(new.amount, rust_decimal::Decimal::from(12_500));
}

#[test]
fn editing_a_deal_and_undoing_the_edit() {
    let f = fixture();
    let mut app = open_app(&f.path);
    typed(&mut app, "e");
    for _ in 0.."Solar installation".len() {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "Solar farm");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        Store::open(&f.path).unwrap().deal(f.ids[0]).unwrap().title,
        "Solar farm"
    );
    typed(&mut app, "u");
    assert_eq!(
        Store::open(&f.path).unwrap().deal(f.ids[0]).unwrap().title,
        "Solar installation"
    );
}

#[test]
fn notes_are_added_from_the_detail_pane() {
    let f = fixture();
    let mut app = open_app(&f.path);
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.state.mode, Mode::Detail(_)));
    typed(&mut app, "N");
    typed(&mut app, "Called, wants a quote");
    press(&mut app, KeyCode::Enter);
    let notes = Store::open(&f.path).unwrap().notes(f.ids[0]).unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].body, "Called, wants a quote");
    let Mode::Detail(detail) = &app.state.mode else {
        panic!("the detail pane stays open");
    };
    assert_eq!(detail.notes.len(), 1);
}

#[test]
fn the_filter_narrows_cards_and_changes_by_another_process_show_up() {
    let f = fixture();
    let mut app = open_app(&f.path);
    typed(&mut app, "/");
    typed(&mut app, "strand");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.state.board.columns[0].cards.len(), 1);
    assert_eq!(app.state.focused_deal().unwrap().id, f.ids[2]);

    let mut other = Store::open(&f.path).unwrap();
    let pipeline = other.pipeline_named(None).unwrap();
    let to = pipeline.neighbour(pipeline.stages[0].id, 1).unwrap().id;
    other.move_deal(f.ids[2], to, None, None, now()).unwrap();
    assert!(app.poll_external_changes());
    assert_eq!(app.state.focused_deal().unwrap().id, f.ids[2], "focus kept");
    assert_eq!(app.state.board.focus_column, 1);
}

#[test]
fn a_store_refusal_becomes_a_message_and_the_app_keeps_running() {
    let f = fixture();
    let mut app = open_app(&f.path);
    // Another process changes the deal after the board read it: the move is refused.
    let mut other = Store::open(&f.path).unwrap();
    let patch = dealdeck::domain::DealPatch {
        title: Some("Changed elsewhere".into()),
        ..Default::default()
    };
    other.edit_deal(f.ids[0], None, &patch, now()).unwrap();
    typed(&mut app, "L");
    match &app.state.message {
        Some(dealdeck::app::state::Message::Error(text)) => {
            assert!(text.contains("changed elsewhere"), "{text}")
        }
        other => panic!("expected an error message, got {other:?}"),
    }
    assert_eq!(
        stage_name(&Store::open(&f.path).unwrap(), f.ids[0]),
        "Consultation scheduled"
    );
    // The reload after the refusal shows the new title; the next move works.
    assert_eq!(app.state.focused_deal().unwrap().title, "Changed elsewhere");
    typed(&mut app, "L");
    assert_eq!(
        stage_name(&Store::open(&f.path).unwrap(), f.ids[0]),
        "Verbal interest confirmed"
    );
}

#[test]
fn a_required_data_point_refusal_is_shown() {
    let f = fixture();
    let mut store = Store::open(&f.path).unwrap();
    let def = dealdeck::templates::template("classic").unwrap().unwrap();
    store.apply_pipeline(&def).unwrap();
    let classic = store.pipeline_named(Some("Classic")).unwrap();
    // Put a deal in the stage just before the gated one.
    let gated = classic
        .stages
        .iter()
        .position(|s| s.playbook.data_points.iter().any(|p| p.required))
        .unwrap();
    let mut new = new_deal(&classic, "Gated deal", "Org", 100);
    new.stage_id = Some(classic.stages[gated - 1].id);
    let deal = store.add_deal(&new, created()).unwrap();
    drop(store);
    let mut app = open_app(&f.path);
    typed(&mut app, "p");
    let index = app
        .state
        .pipelines
        .iter()
        .position(|p| p.name == "Classic")
        .unwrap();
    for _ in 0..index {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.state.current_pipeline().unwrap().name, "Classic");
    app.state.focus_on(deal.id);
    typed(&mut app, "L");
    match &app.state.message {
        Some(dealdeck::app::state::Message::Error(text)) => {
            assert!(text.contains("requires the data point"), "{text}")
        }
        other => panic!("expected an error message, got {other:?}"),
    }
}

#[test]
fn remapped_keys_work_and_bad_bindings_are_reported_at_start() {
    let f = fixture();
    let mut config = config();
    config.keys = toml::from_str("mark_won = \"w\"\nteleport = \"t\"").unwrap();
    let store = Store::open(&f.path).unwrap();
    let mut app = dealdeck::app::App::new(store, &config, now()).unwrap();
    match &app.state.message {
        Some(dealdeck::app::state::Message::Error(text)) => {
            assert!(text.contains("unknown action \"teleport\""), "{text}")
        }
        other => panic!("expected the bad binding reported, got {other:?}"),
    }
    app.state.message = None;
    let help = dealdeck::ui::render_text(&app.state, 100, 40);
    assert!(
        help.contains("w won"),
        "footer hints follow the keymap: {help}"
    );
    typed(&mut app, "w");
    let store = Store::open(&f.path).unwrap();
    assert_eq!(store.deal(f.ids[0]).unwrap().status, StageKind::Won);
}

#[test]
fn column_sums_are_exact_and_closed_deals_ignore_their_override() {
    let f = fixture();
    let mut store = Store::open(&f.path).unwrap();
    let patch = dealdeck::domain::DealPatch {
        probability_override: Some(Some(90)),
        amount: Some("0.10".parse().unwrap()),
        ..Default::default()
    };
    store.edit_deal(f.ids[2], None, &patch, now()).unwrap();
    drop(store);
    let mut app = open_app(&f.path);
    let first = &app.state.board.columns[0];
    // 12 500 and 30 600 at the stage's 20 %, 0.10 at its own 90 %.
    assert_eq!(first.total, "43100.10".parse().unwrap());
    assert_eq!(first.weighted, "8620.09".parse().unwrap());
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    typed(&mut app, "X");
    press(&mut app, KeyCode::Enter);
    let lost = app
        .state
        .board
        .columns
        .iter()
        .find(|c| c.stage.kind == StageKind::Lost)
        .unwrap();
    assert_eq!(lost.cards.len(), 1);
    assert_eq!(lost.total, "0.10".parse().unwrap());
    assert!(lost.weighted.is_zero());
}

/// The figures `dealdeck report` would give for the database as it is now (UTC dates).
fn straight_report(path: &std::path::Path, period: Period) -> dealdeck::metrics::Report {
    let store = Store::open(path).unwrap();
    let pipeline = store.pipeline_named(None).unwrap();
    let deals = store.deal_histories(pipeline.id).unwrap();
    let rates = store.exchange_rates().unwrap();
    let request = ReportRequest {
        period,
        as_of: now(),
        target: None,
        owner: None,
    };
    compute(&pipeline, &deals, &rates, &request, &chrono::Utc)
}

fn dashboard_app(path: &std::path::Path, config: &dealdeck::config::Config) -> App {
    let mut app = App::new(Store::open(path).unwrap(), config, now()).unwrap();
    app.state.dashboard.zone = Zone::Utc;
    app.tick_dashboard(true);
    app
}

fn report(app: &App) -> &dealdeck::metrics::Report {
    &app.state.dashboard.view.as_ref().expect("figures").report
}

#[test]
fn a_read_started_with_the_board_gives_the_same_figures() {
    let f = fixture();
    let mut app = App::start(Store::open(&f.path).unwrap(), &config(), now()).unwrap();
    assert_eq!(app.dashboard_reads(), 1, "the read starts with the board");
    app.state.dashboard.zone = Zone::Utc;
    app.tick_dashboard(true);
    let quarter = Period::quarter_of(now().date_naive());
    assert_eq!(report(&app), &straight_report(&f.path, quarter));
    assert_eq!(app.dashboard_reads(), 1, "and is not read twice");
}

#[test]
fn a_deal_won_on_the_board_counts_on_the_dashboard() {
    let f = fixture();
    let mut app = dashboard_app(&f.path, &config());
    let quarter = Period::quarter_of(now().date_naive());
    assert_eq!(report(&app).won_deals, 0);

    let won = app.state.focused_deal().unwrap().clone();
    typed(&mut app, "W");
    assert!(
        app.state.dashboard.loading,
        "a write makes the figures stale"
    );
    typed(&mut app, "2");
    app.tick_dashboard(true);
    let shown = report(&app);
    assert_eq!(shown.won_deals, 1);
    assert_eq!(shown.won_value.value, won.amount);
    assert_eq!(shown.open_deals, 2);
    let straight = straight_report(&f.path, quarter);
    assert_eq!(shown, &straight);
    assert!(!app.state.dashboard.loading);
}

#[test]
fn a_period_change_recomputes_and_a_bad_custom_period_is_refused() {
    let f = fixture();
    let mut app = dashboard_app(&f.path, &config());
    typed(&mut app, "W");
    typed(&mut app, "2");
    app.tick_dashboard(true);
    let reads = app.dashboard_reads();
    assert_eq!(report(&app).won_deals, 1);

    typed(&mut app, "c");
    typed(&mut app, "2026-03-31 2026-01-01");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.state.mode, Mode::PeriodInput { .. }));
    assert!(matches!(app.state.message, Some(Message::Error(_))));
    for _ in 0.."2026-03-31 2026-01-01".len() {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "2026-01-01 2026-03-31");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.state.mode, Mode::Normal);
    let first_quarter = Period::new(
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
    );
    assert_eq!(report(&app).won_deals, 0, "won in June, outside Q1");
    assert_eq!(report(&app), &straight_report(&f.path, first_quarter));

    typed(&mut app, "y");
    assert_eq!(report(&app).won_deals, 1);
    assert_eq!(report(&app).from.to_string(), "2026-01-01");
    assert_eq!(report(&app).to.to_string(), "2026-12-31");
    assert_eq!(
        app.dashboard_reads(),
        reads,
        "a period change recomputes from the rows in memory"
    );
}

#[test]
fn the_goal_target_takes_a_dutch_amount_and_refuses_a_bad_one_inline() {
    let f = fixture();
    let config = dealdeck::config::Config {
        decimal_separator: Some(DecimalSeparator::Comma),
        ..dealdeck::config::Config::default()
    };
    let mut app = dashboard_app(&f.path, &config);
    typed(&mut app, "2");
    typed(&mut app, "g");
    typed(&mut app, "12,3,4");
    press(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.state.mode, Mode::GoalInput { .. }),
        "stays open"
    );
    assert!(matches!(app.state.message, Some(Message::Error(_))));
    assert_eq!(app.state.dashboard.target, None);
    let screen = dealdeck::ui::render_text(&app.state, 120, 40);
    assert!(screen.contains("12,3,4"), "{screen}");

    for _ in 0..6 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "100.000");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.state.mode, Mode::Normal);
    assert_eq!(app.state.dashboard.target, Some(Decimal::from(100_000)));
    let goal = report(&app).goal.as_ref().expect("a goal plan");
    assert_eq!(goal.target.value, Decimal::from(100_000));
    let screen = dealdeck::ui::render_text(&app.state, 200, 50);
    assert!(screen.contains("needs"), "{screen}");
}

#[test]
fn own_writes_update_the_rows_without_a_whole_read_and_other_processes_changes_show() {
    let f = fixture();
    let mut app = dashboard_app(&f.path, &config());
    let reads = app.dashboard_reads();
    typed(&mut app, "L");
    typed(&mut app, "L");
    typed(&mut app, "u");
    typed(&mut app, "W");
    app.tick_dashboard(true);
    // The board's own writes go into the rows in memory one deal at a time: no whole read,
    // and the figures are those of a fresh read of the file.
    assert_eq!(app.dashboard_reads(), reads);
    typed(&mut app, "2");
    assert_eq!(
        report(&app),
        &straight_report(&f.path, Period::quarter_of(now().date_naive()))
    );
    assert_eq!(report(&app).won_deals, 1);
    typed(&mut app, "1");
    typed(&mut app, "u");
    typed(&mut app, "2");
    assert_eq!(
        report(&app).won_deals,
        0,
        "the undone win is out of the figures"
    );
    assert_eq!(app.dashboard_reads(), reads);

    let mut other = Store::open(&f.path).unwrap();
    let pipeline = other.pipeline_named(None).unwrap();
    let won = pipeline.won_stage().unwrap().id;
    other.move_deal(f.ids[2], won, None, None, now()).unwrap();
    assert!(app.poll_external_changes());
    app.tick_dashboard(true);
    assert_eq!(report(&app).won_deals, 1);
    assert_eq!(
        report(&app),
        &straight_report(&f.path, Period::quarter_of(now().date_naive()))
    );
    assert!(
        !app.poll_external_changes(),
        "the background read itself writes nothing"
    );
}

#[test]
fn the_pipeline_switcher_switches_the_dashboard_too() {
    let f = fixture();
    let mut store = Store::open(&f.path).unwrap();
    let def = dealdeck::templates::template("classic").unwrap().unwrap();
    store.apply_pipeline(&def).unwrap();
    let classic = store.pipeline_named(Some("Classic")).unwrap();
    let mut won = new_deal(&classic, "Classic win", "Org", 7_000);
    won.stage_id = Some(classic.won_stage().unwrap().id);
    store.add_deal(&won, created()).unwrap();
    drop(store);

    let mut app = dashboard_app(&f.path, &config());
    typed(&mut app, "2");
    let services = report(&app).pipeline.clone();
    assert_eq!(report(&app).won_deals, 0);
    let position = app
        .state
        .pipelines
        .iter()
        .position(|p| p.id == classic.id)
        .unwrap();
    typed(&mut app, "p");
    for _ in 0..position {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.state.current_pipeline().unwrap().id, classic.id);
    assert!(
        app.state.dashboard.view.is_none(),
        "the other pipeline's figures are not shown as this one's"
    );
    assert!(dealdeck::ui::render_text(&app.state, 120, 40).contains("computing…"));
    app.tick_dashboard(true);
    assert_eq!(report(&app).pipeline, "Classic");
    assert_ne!(report(&app).pipeline, services);
    assert_eq!(report(&app).won_deals, 1);
    assert_eq!(report(&app).won_value.value, Decimal::from(7_000));
}

#[test]
fn a_period_chosen_while_the_rows_are_read_is_what_shows() {
    let f = fixture();
    let mut app = open_app(&f.path);
    app.state.dashboard.zone = Zone::Utc;
    typed(&mut app, "2");
    assert!(app.tick_dashboard(false), "the read starts");
    typed(&mut app, "y");
    app.tick_dashboard(true);
    assert_eq!(report(&app).from.to_string(), "2026-01-01");
    assert_eq!(report(&app).to.to_string(), "2026-12-31");
    assert_eq!(app.dashboard_reads(), 1);
}

#[test]
fn a_deal_in_a_currency_without_a_rate_is_a_warning_not_a_wrong_sum() {
    let f = fixture();
    let mut store = Store::open(&f.path).unwrap();
    let pipeline = store.pipeline_named(None).unwrap();
    let mut dollars = new_deal(&pipeline, "Dollar deal", "Acme Inc", 1_000_000);
    dollars.currency = "USD".parse().unwrap();
    store.add_deal(&dollars, created()).unwrap();
    drop(store);

    let mut app = dashboard_app(&f.path, &config());
    typed(&mut app, "2");
    let shown = report(&app);
    assert!(!shown.warnings.is_empty());
    assert_eq!(
        shown.open_value.value,
        Decimal::from(12_500 + 30_600 + 6_250),
        "the dollars are left out, not added as euros"
    );
    let screen = dealdeck::ui::render_text(&app.state, 200, 50);
    assert!(screen.contains('⚠'), "{screen}");
}

#[test]
fn card_keys_do_nothing_on_the_dashboard_tab() {
    let f = fixture();
    let mut app = dashboard_app(&f.path, &config());
    typed(&mut app, "2");
    typed(&mut app, "W");
    typed(&mut app, "a");
    assert_eq!(app.state.mode, Mode::Normal);
    assert!(matches!(app.state.message, Some(Message::Info(_))));
    let store = Store::open(&f.path).unwrap();
    for id in &f.ids {
        assert_eq!(stage_name(&store, *id), "Consultation scheduled");
    }
    assert!(!app.dashboard_busy(), "nothing was written");
}

fn info_text(app: &App) -> String {
    match &app.state.message {
        Some(Message::Info(text)) => text.clone(),
        other => panic!("expected an info message, got {other:?}"),
    }
}

#[test]
fn h_on_a_lost_deal_reopens_it_where_it_was_open_and_never_wins_it() {
    let f = fixture();
    let mut app = open_app(&f.path);
    typed(&mut app, "L");
    typed(&mut app, "X");
    press(&mut app, KeyCode::Enter);
    let store = Store::open(&f.path).unwrap();
    assert_eq!(store.deal(f.ids[0]).unwrap().status, StageKind::Lost);
    drop(store);
    // The lost column is right of the won one: H used to mark the deal won.
    assert_eq!(app.state.focused_deal().unwrap().id, f.ids[0]);
    typed(&mut app, "H");
    let store = Store::open(&f.path).unwrap();
    let deal = store.deal(f.ids[0]).unwrap();
    assert_eq!(deal.status, StageKind::Open, "{:?}", app.state.message);
    assert_eq!(stage_name(&store, f.ids[0]), "Verbal interest confirmed");
    assert!(deal.closed_at.is_none());
    assert!(store.history(f.ids[0]).unwrap().last().unwrap().is_open());
    assert!(info_text(&app).contains("reopened in Verbal interest confirmed"));
    drop(store);

    // A won deal comes back the same way, and u takes the reopening back.
    typed(&mut app, "W");
    typed(&mut app, "H");
    let store = Store::open(&f.path).unwrap();
    assert_eq!(stage_name(&store, f.ids[0]), "Verbal interest confirmed");
    drop(store);
    typed(&mut app, "u");
    let store = Store::open(&f.path).unwrap();
    assert_eq!(store.deal(f.ids[0]).unwrap().status, StageKind::Won);
}

#[test]
fn l_on_the_last_open_stage_says_which_key_wins_and_l_never_closes() {
    let f = fixture();
    let mut config = config();
    config.keys = toml::from_str("mark_won = \"w\"").unwrap();
    let mut app = App::new(Store::open(&f.path).unwrap(), &config, now()).unwrap();
    for _ in 0..3 {
        typed(&mut app, "L");
    }
    let store = Store::open(&f.path).unwrap();
    assert_eq!(stage_name(&store, f.ids[0]), "Sent for signature");
    drop(store);
    typed(&mut app, "L");
    let store = Store::open(&f.path).unwrap();
    assert_eq!(stage_name(&store, f.ids[0]), "Sent for signature");
    assert_eq!(store.deal(f.ids[0]).unwrap().status, StageKind::Open);
    let text = info_text(&app);
    assert!(text.contains("last open stage"), "{text}");
    assert!(
        text.contains("w marks the deal won"),
        "the live key: {text}"
    );
    drop(store);
    // L on a closed deal does nothing either, and says what does.
    typed(&mut app, "w");
    typed(&mut app, "L");
    assert!(info_text(&app).contains("H/Shift+← reopens it"));
    let store = Store::open(&f.path).unwrap();
    assert_eq!(store.deal(f.ids[0]).unwrap().status, StageKind::Won);
}

/// Focuses the form field whose label is `label` (a data point's name) with Down.
fn focus_field(app: &mut App, label: &str) {
    for _ in 0..20 {
        press(app, KeyCode::Up);
    }
    for _ in 0..20 {
        let Mode::Form(form) = &app.state.mode else {
            panic!("the form is not open: {:?}", app.state.mode);
        };
        if form.label(&form.fields[form.focused]) == label {
            return;
        }
        press(app, KeyCode::Down);
    }
    panic!("no field {label:?} in the form");
}

#[test]
fn n_on_a_column_whose_stage_requires_a_data_point_asks_for_it() {
    let f = fixture();
    let mut app = open_app(&f.path);
    // "Terms finalization" requires "Product requirements".
    typed(&mut app, "ll");
    typed(&mut app, "n");
    typed(&mut app, "Fleet tracking");
    press(&mut app, KeyCode::Enter);
    let Mode::Form(form) = &app.state.mode else {
        panic!("an unfilled required data point keeps the form open");
    };
    let field = form
        .fields
        .iter()
        .find(|f| form.label(f) == "Product requirements")
        .expect("the stage's data point is in the form");
    assert!(field.error.as_deref().unwrap().contains("requires it"));
    assert!(
        dealdeck::ui::render_text(&app.state, 100, 30).contains("Product requirements*"),
        "required data points are marked"
    );
    let store = Store::open(&f.path).unwrap();
    assert_eq!(store.deals(&Default::default()).unwrap().len(), 3);
    drop(store);

    focus_field(&mut app, "Product requirements");
    typed(&mut app, "Ten vans");
    focus_field(&mut app, "Location details");
    typed(&mut app, "Malmo");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.state.mode, Mode::Normal, "{:?}", app.state.message);
    let store = Store::open(&f.path).unwrap();
    let deals = store.deals(&Default::default()).unwrap();
    let new = deals.iter().find(|d| d.title == "Fleet tracking").unwrap();
    assert_eq!(stage_name(&store, new.id), "Terms finalization");
    assert_eq!(new.extra["Product requirements"], "Ten vans");
    assert_eq!(new.extra["Location details"], "Malmo");
}

#[test]
fn a_move_refused_for_a_data_point_opens_the_form_on_it_and_then_goes_through() {
    let f = fixture();
    let mut store = Store::open(&f.path).unwrap();
    let pipeline = store.pipeline_named(None).unwrap();
    let mut new = new_deal(&pipeline, "Bare deal", "Org", 100);
    new.stage_id = Some(pipeline.stages[1].id);
    new.extra.clear();
    let deal = store.add_deal(&new, created()).unwrap();
    drop(store);
    let mut app = open_app(&f.path);
    app.state.focus_on(deal.id);
    typed(&mut app, "L");
    match &app.state.message {
        Some(Message::Error(text)) => assert!(text.contains("requires the data point"), "{text}"),
        other => panic!("expected the refusal, got {other:?}"),
    }
    let Mode::Form(form) = &app.state.mode else {
        panic!("the refusal opens the form: {:?}", app.state.mode);
    };
    assert_eq!(
        form.label(&form.fields[form.focused]),
        "Product requirements"
    );
    typed(&mut app, "One site");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.state.mode, Mode::Normal, "{:?}", app.state.message);
    typed(&mut app, "L");
    let store = Store::open(&f.path).unwrap();
    assert_eq!(stage_name(&store, deal.id), "Terms finalization");
    assert_eq!(
        store.deal(deal.id).unwrap().extra["Product requirements"],
        "One site"
    );
}

#[test]
fn data_points_are_set_from_the_detail_pane() {
    let f = fixture();
    let mut app = open_app(&f.path);
    press(&mut app, KeyCode::Enter);
    typed(&mut app, "e");
    focus_field(&mut app, "Compliance requirements");
    typed(&mut app, "ISO 27001");
    // Emptying a data point removes it.
    focus_field(&mut app, "Product requirements");
    for _ in 0.."Two sites".len() {
        press(&mut app, KeyCode::Backspace);
    }
    press(&mut app, KeyCode::Enter);
    let store = Store::open(&f.path).unwrap();
    let deal = store.deal(f.ids[0]).unwrap();
    assert_eq!(deal.extra["Compliance requirements"], "ISO 27001");
    assert!(!deal.extra.contains_key("Product requirements"));
    assert_eq!(deal.title, "Solar installation", "the rest is kept");
}

#[test]
fn typing_a_note_reads_nothing_until_it_is_saved() {
    let f = fixture();
    let mut app = open_app(&f.path);
    press(&mut app, KeyCode::Enter);
    typed(&mut app, "N");
    let before = app.store_commands();
    typed(&mut app, "Called twice, no answer");
    press(&mut app, KeyCode::Backspace);
    assert_eq!(app.store_commands(), before, "keystrokes touch no store");
    press(&mut app, KeyCode::Enter);
    // The note is written, then the pane reads the deal again because the write says so.
    assert_eq!(app.store_commands(), before + 2);
    let Mode::Detail(detail) = &app.state.mode else {
        panic!("the pane stays open");
    };
    assert_eq!(detail.notes.len(), 1);
    assert_eq!(detail.notes[0].body, "Called twice, no answe");
    // Moving the focus on the board reads nothing either.
    press(&mut app, KeyCode::Esc);
    let before = app.store_commands();
    press(&mut app, KeyCode::Down);
    typed(&mut app, "l");
    assert_eq!(app.store_commands(), before);
}

#[test]
fn keys_inside_modes_follow_the_keymap_and_messages_name_the_live_keys() {
    let f = fixture();
    let mut config = config();
    config.keys = toml::from_str("confirm = \"o\"\nundo = \"U\"\nscroll_down = \"J\"").unwrap();
    let mut app = App::new(Store::open(&f.path).unwrap(), &config, now()).unwrap();
    assert_eq!(app.state.message, None, "no problems with the overrides");
    // y no longer confirms the archive: any key but the confirm key cancels.
    typed(&mut app, "a");
    assert!(dealdeck::ui::render_text(&app.state, 100, 30).contains("o to confirm"));
    typed(&mut app, "y");
    let store = Store::open(&f.path).unwrap();
    assert!(store.deal(f.ids[0]).unwrap().archived_at.is_none());
    drop(store);
    typed(&mut app, "a");
    typed(&mut app, "o");
    let store = Store::open(&f.path).unwrap();
    assert!(store.deal(f.ids[0]).unwrap().archived_at.is_some());
    assert!(
        info_text(&app).contains("U brings it back"),
        "{:?}",
        app.state.message
    );
    drop(store);
    typed(&mut app, "U");
    let store = Store::open(&f.path).unwrap();
    assert!(store.deal(f.ids[0]).unwrap().archived_at.is_none());
}

#[test]
fn a_database_replaced_under_the_board_is_said_on_screen_and_nothing_is_shown_saved() {
    let f = fixture();
    let mut app = open_app(&f.path);
    // Another program moves the file away and puts a fresh database at the path.
    let moved = f.dir.path().join("moved.db");
    std::fs::rename(&f.path, &moved).unwrap();
    for suffix in ["-wal", "-shm"] {
        let mut from = f.path.as_os_str().to_owned();
        from.push(suffix);
        let mut to = moved.as_os_str().to_owned();
        to.push(suffix);
        let _ = std::fs::rename(&from, &to);
    }
    drop(Store::open(&f.path).unwrap());
    assert!(app.poll_external_changes());
    match &app.state.message {
        Some(Message::Error(text)) => assert!(text.contains("deleted or replaced"), "{text}"),
        other => panic!("expected the replaced file named, got {other:?}"),
    }
    typed(&mut app, "L");
    assert!(
        !matches!(&app.state.message, Some(Message::Info(text)) if text.contains("moved")),
        "{:?}",
        app.state.message
    );
    let fresh = Store::open(&f.path).unwrap();
    assert!(fresh.deals(&Default::default()).unwrap().is_empty());
}

#[test]
fn the_agenda_tab_lists_the_day_and_enter_jumps_to_the_deal() {
    let f = agenda_fixture();
    let mut app = agenda_app(&f.path);
    assert_eq!(app.state.tab, dealdeck::app::Tab::Agenda);
    let agenda = app.state.agenda.agenda.clone().unwrap();
    assert_eq!(agenda.overdue.len(), 1);
    assert_eq!(agenda.today.len(), 1);
    assert_eq!(agenda.week.len(), 1);
    assert_eq!(agenda.today[0].activity.deal_id, f.ids[1]);
    // j twice lands on the week's follow-up (deal 3); Enter focuses it on the board.
    typed(&mut app, "jj");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.state.tab, dealdeck::app::Tab::Board);
    assert_eq!(app.state.focused_deal().unwrap().id, f.ids[2]);
    // Tab cycles Board → Dashboard → Agenda, reading the agenda again on the way in.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.state.tab, dealdeck::app::Tab::Agenda);
    // k past the top stays on the first row.
    typed(&mut app, "kkk");
    assert_eq!(app.state.agenda.selected, 0);
}

#[test]
fn x_in_the_agenda_marks_the_activity_done_and_u_takes_it_back() {
    let f = agenda_fixture();
    let mut app = agenda_app(&f.path);
    let open = |path: &std::path::Path| {
        let store = Store::open(path).unwrap();
        let steps = store
            .next_steps(store.pipeline_named(None).unwrap().id)
            .unwrap();
        steps.contains_key(&f.ids[0])
    };
    assert!(open(&f.path));
    // The first row is deal 1's overdue call.
    typed(&mut app, "x");
    assert!(!open(&f.path), "the call is done on disk");
    assert!(app.state.agenda.agenda.as_ref().unwrap().overdue.is_empty());
    // The next-step input opened; Esc leaves the deal without one.
    press(&mut app, KeyCode::Esc);
    typed(&mut app, "u");
    assert!(open(&f.path), "undo made it planned again");
    assert_eq!(app.state.agenda.agenda.as_ref().unwrap().overdue.len(), 1);
}
