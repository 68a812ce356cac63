//! Team mode on the board: another rep's writes arrive as change notices and the board reads
//! itself again keeping the focus, names what changed and recomputes the dashboard; on a
//! PostgreSQL server (`DEALDECK_TEST_PG`, as in tests/contract.rs) the notices come from the
//! server's feed within a second, and a lost connection refuses writes and comes back.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod scratch;
use scratch::Scratch;

use std::time::{Duration, Instant};

use common::*;
use dealdeck::app::dashboard::Zone;
use dealdeck::app::live::ServerEvent;
use dealdeck::app::state::Message;
use dealdeck::app::{App, Event};
use dealdeck::domain::{DealId, StageId};
use dealdeck::store::{Notice, PgStore, Repository, Store};
use ratatui::crossterm::event::KeyCode;

fn notice(deal: DealId, by: Option<&str>) -> Event {
    Event::Server(ServerEvent::Notices(vec![Notice {
        deal: Some(deal),
        by: by.map(str::to_string),
    }]))
}

fn column_of(app: &App, deal: DealId) -> Option<usize> {
    app.state
        .board
        .columns
        .iter()
        .position(|c| c.cards.iter().any(|card| card.id == deal))
}

fn info(app: &App) -> String {
    match &app.state.message {
        Some(Message::Info(text)) => text.clone(),
        other => panic!("expected an info message, got {other:?}"),
    }
}

/// The second open stage without required data points (the first is where deals start).
fn next_stage(store: &dyn Repository) -> (StageId, String) {
    let pipeline = store.pipeline_named(None).unwrap();
    let stage = pipeline
        .stages
        .iter()
        .filter(|s| !s.playbook.data_points.iter().any(|p| p.required))
        .nth(1)
        .unwrap();
    (stage.id, stage.name.clone())
}

#[test]
fn a_notice_reloads_the_board_keeping_the_focus_and_names_the_move() {
    let f = fixture();
    let mut app = open_app(&f.path);
    press(&mut app, KeyCode::Down);
    assert_eq!(app.state.focused_deal().unwrap().id, f.ids[1]);

    // Another rep moves the card above the focus: the focus stays on the same deal.
    let mut other = Store::open(&f.path).unwrap();
    let (stage, name) = next_stage(&other);
    let version = other.deal(f.ids[0]).unwrap().version;
    other
        .move_deal(f.ids[0], stage, None, Some(version), now())
        .unwrap();
    app.handle_event(notice(f.ids[0], Some("sanne")));
    assert_eq!(
        column_of(&app, f.ids[0]),
        Some(1),
        "the move is on the board"
    );
    assert_eq!(app.state.focused_deal().unwrap().id, f.ids[1]);
    assert_eq!(app.state.board.focus_column, 0, "the same column");
    assert_eq!(
        info(&app),
        format!("'Solar installation' moved to {name} elsewhere (by sanne)")
    );

    // Another rep moves the focused deal itself: the focus follows it.
    let version = other.deal(f.ids[1]).unwrap().version;
    other
        .move_deal(f.ids[1], stage, None, Some(version), now())
        .unwrap();
    app.handle_event(notice(f.ids[1], None));
    assert_eq!(app.state.focused_deal().unwrap().id, f.ids[1]);
    assert_eq!(app.state.board.focus_column, 1);
    assert_eq!(
        info(&app),
        format!("'Website redesign' moved to {name} elsewhere")
    );

    // An edit that moves nothing is named as a change; the focus does not move.
    let patch = dealdeck::domain::DealPatch {
        title: Some("Security audit 2027".into()),
        ..Default::default()
    };
    let version = other.deal(f.ids[2]).unwrap().version;
    other
        .edit_deal(f.ids[2], Some(version), &patch, now())
        .unwrap();
    app.handle_event(notice(f.ids[2], None));
    assert_eq!(app.state.focused_deal().unwrap().id, f.ids[1]);
    assert_eq!(info(&app), "'Security audit 2027' changed elsewhere");
    assert!(
        app.state
            .board
            .deal_by_id(f.ids[2])
            .is_some_and(|c| c.title == "Security audit 2027")
    );

    // A burst names the newest change and counts the rest; a pipeline change names no deal.
    let burst = |deals: &[Option<DealId>]| {
        Event::Server(ServerEvent::Notices(
            deals
                .iter()
                .map(|deal| Notice {
                    deal: *deal,
                    by: Some("sanne".into()),
                })
                .collect(),
        ))
    };
    app.handle_event(burst(&[Some(f.ids[0]), Some(f.ids[2]), Some(f.ids[0])]));
    assert_eq!(
        info(&app),
        "'Solar installation' changed elsewhere, and 1 more deal (by sanne)"
    );
    app.handle_event(burst(&[None]));
    assert_eq!(info(&app), "changes made elsewhere were loaded (by sanne)");
    assert_eq!(app.state.focused_deal().unwrap().id, f.ids[1]);

    // The focused deal archived elsewhere: the focus stays in its column, on the card now
    // at its place.
    assert_eq!(app.state.board.focus_card[1], 1);
    let version = other.deal(f.ids[1]).unwrap().version;
    other.archive_deal(f.ids[1], Some(version), now()).unwrap();
    app.handle_event(notice(f.ids[1], None));
    assert_eq!(info(&app), "'Website redesign' was archived elsewhere");
    assert_eq!(app.state.board.focus_column, 1);
    assert_eq!(app.state.focused_deal().unwrap().id, f.ids[0]);
}

#[test]
fn a_notice_makes_the_dashboard_on_screen_recompute_as_of_now() {
    let f = fixture();
    let store = Store::open(&f.path).unwrap();
    let mut app = App::start(store, &config(), dealdeck::app::Clock::System).unwrap();
    app.state.dashboard.zone = Zone::Utc;
    typed(&mut app, "2");
    app.tick_dashboard(true);
    let report = |app: &App| app.state.dashboard.view.as_ref().unwrap().report.clone();
    assert_eq!(report(&app).won_deals, 0);

    // Won elsewhere a while after the board last looked at the clock.
    std::thread::sleep(Duration::from_millis(1100));
    let mut other = Store::open(&f.path).unwrap();
    let won = other
        .pipeline_named(None)
        .unwrap()
        .stages
        .iter()
        .find(|s| s.kind == dealdeck::domain::StageKind::Won)
        .unwrap()
        .id;
    let version = other.deal(f.ids[2]).unwrap().version;
    let at = chrono::DateTime::from_timestamp(chrono::Utc::now().timestamp(), 0).unwrap();
    other
        .move_deal(f.ids[2], won, None, Some(version), at)
        .unwrap();
    let reads = app.dashboard_reads();
    app.handle_event(notice(f.ids[2], None));
    app.tick_dashboard(true);
    assert_eq!(report(&app).won_deals, 1, "recomputed as of now");
    assert_eq!(report(&app).open_deals, 2);
    assert_eq!(
        app.dashboard_reads(),
        reads,
        "the one deal's row was read again, not every row"
    );
}

/// Hands the board what comes through its channel until `done` holds, or panics after
/// `limit`.
fn pump_until(app: &mut App, limit: Duration, done: impl Fn(&App) -> bool) -> Duration {
    let start = Instant::now();
    while !done(app) {
        let left = limit.checked_sub(start.elapsed()).unwrap_or_else(|| {
            panic!(
                "not within {limit:?}: offline {:?}, message {:?}",
                app.state.offline, app.state.message
            )
        });
        if let Ok(event) = app.next_event(left) {
            app.handle_event(event);
        }
    }
    start.elapsed()
}

/// A board on the server with its feed listening, and three deals in the first column.
fn server_board(scratch: &Scratch) -> (App, Vec<DealId>) {
    let mut store = PgStore::open(&scratch.url).unwrap();
    let pipeline = store.pipeline_named(None).unwrap();
    let mut ids = Vec::new();
    for (title, org, amount) in [
        ("Acme renewal", "Acme BV", 12_500),
        ("Website redesign", "Fjällvik Marine AB", 30_600),
    ] {
        let deal = store
            .add_deal(&new_deal(&pipeline, title, org, amount), created())
            .unwrap();
        ids.push(deal.id);
    }
    let mut app = App::new(store, &config(), now()).unwrap();
    assert!(app.start_feed(), "a server has a feed");
    // The feed says it listens once connected.
    let listening = app.next_event(Duration::from_secs(10)).unwrap();
    assert!(matches!(listening, Event::Server(ServerEvent::Listening)));
    app.handle_event(listening);
    (app, ids)
}

#[test]
fn on_a_server_another_rep_s_move_reaches_the_board_within_a_second() {
    let Some(scratch) = Scratch::new("notice") else {
        return;
    };
    let (mut app, ids) = server_board(&scratch);
    press(&mut app, KeyCode::Down);
    assert_eq!(app.state.focused_deal().unwrap().id, ids[1]);

    // The board's own move sends a notice only to others: no reload, no message of it.
    typed(&mut app, "L");
    typed(&mut app, "H");
    let commands = app.store_commands();

    let mut other = PgStore::open(&scratch.url).unwrap();
    let (stage, name) = next_stage(&other);
    let version = other.deal(ids[0]).unwrap().version;
    other
        .move_deal(ids[0], stage, None, Some(version), now())
        .unwrap();
    let took = pump_until(&mut app, Duration::from_secs(1), |app| {
        column_of(app, ids[0]) == Some(1)
    });
    eprintln!("another rep's move reached the board in {took:?}");
    assert_eq!(app.state.focused_deal().unwrap().id, ids[1], "focus kept");
    assert_eq!(
        info(&app),
        format!("'Acme renewal' moved to {name} elsewhere")
    );
    assert_eq!(
        app.store_commands(),
        commands + 1,
        "one read for the notice, none for the board's own writes"
    );
    assert!(app.try_next_event().is_none(), "nothing else came");
}

#[test]
fn on_a_server_a_lost_connection_refuses_writes_and_comes_back() {
    let Some(scratch) = Scratch::new("lost") else {
        return;
    };
    let (mut app, ids) = server_board(&scratch);
    let db = &scratch.url.dbname;
    // The server ends every connection to the database and lets no new one in.
    scratch.admin(&format!(
        "ALTER DATABASE {db} ALLOW_CONNECTIONS false;
         SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = '{db}' AND pid <> pg_backend_pid();"
    ));
    pump_until(&mut app, Duration::from_secs(10), |app| {
        app.state.offline.is_some()
    });
    let line = app.state.offline.clone().unwrap();
    assert!(line.starts_with("offline: changes are refused"), "{line}");
    let screen = app.render_text(80, 24);
    assert!(
        screen.contains("Acme renewal"),
        "what was read stays:\n{screen}"
    );
    assert!(screen.contains("offline"), "the one line:\n{screen}");

    // A move is refused with one sentence and changes nothing.
    typed(&mut app, "L");
    match &app.state.message {
        Some(Message::Error(text)) => assert!(text.starts_with("not saved"), "{text}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(column_of(&app, ids[0]), Some(0));

    // Back: the board reconnects by itself (with its feed) and reads the server again.
    scratch.admin(&format!("ALTER DATABASE {db} ALLOW_CONNECTIONS true"));
    pump_until(&mut app, Duration::from_secs(20), |app| {
        app.state.offline.is_none()
    });
    assert!(
        info(&app).starts_with("back online"),
        "{:?}",
        app.state.message
    );
    let stored = PgStore::open(&scratch.url).unwrap();
    let first = stored.pipeline_named(None).unwrap().stages[0].id;
    assert_eq!(
        stored.deal(ids[0]).unwrap().stage_id,
        first,
        "nothing half-done"
    );
    typed(&mut app, "L");
    assert_eq!(column_of(&app, ids[0]), Some(1), "{:?}", app.state.message);
    assert_ne!(
        stored.deal(ids[0]).unwrap().stage_id,
        first,
        "writes work again"
    );
}

#[test]
fn on_a_server_a_write_that_finds_the_connection_gone_reconnects_or_is_refused() {
    let Some(scratch) = Scratch::new("broken") else {
        return;
    };
    let mut store = PgStore::open(&scratch.url).unwrap();
    let pipeline = store.pipeline_named(None).unwrap();
    let deal = store
        .add_deal(
            &new_deal(&pipeline, "Acme renewal", "Acme BV", 100),
            created(),
        )
        .unwrap();
    // No feed: the board learns of the lost connection from its own next command.
    let mut app = App::new(store, &config(), now()).unwrap();
    let db = &scratch.url.dbname;
    let end_connections = format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = '{db}' AND pid <> pg_backend_pid();"
    );

    // The server is there, only the connection ended: the move is made on a new one.
    scratch.admin(&end_connections);
    typed(&mut app, "L");
    assert!(app.state.offline.is_none(), "{:?}", app.state.offline);
    assert_eq!(column_of(&app, deal.id), Some(1), "{:?}", app.state.message);

    // The server lets nobody in: offline, the move refused, nothing changed.
    scratch.admin(&format!(
        "ALTER DATABASE {db} ALLOW_CONNECTIONS false; {end_connections}"
    ));
    typed(&mut app, "L");
    assert!(app.state.offline.is_some());
    match &app.state.message {
        Some(Message::Error(text)) => assert!(text.starts_with("not saved"), "{text}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(column_of(&app, deal.id), Some(1));
    // Without a feed the retry timer brings the board back.
    scratch.admin(&format!("ALTER DATABASE {db} ALLOW_CONNECTIONS true"));
    pump_until(&mut app, Duration::from_secs(20), |app| {
        app.state.offline.is_none()
    });
    let stored = PgStore::open(&scratch.url).unwrap();
    assert_eq!(
        stored.deal(deal.id).unwrap().version,
        2,
        "one move, not two"
    );
}
