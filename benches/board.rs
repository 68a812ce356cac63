//! Board speed on a `dealdeck demo --deals 100000` database (about 10 000 open deals):
//! drawing at 200×50, opening to the first frame, one move key (write + redraw), and the
//! Dashboard tab: Tab pressed right after start-up (waiting for the background read) and with
//! the rows already read, and a period key.
//! Figures and how to reproduce them: docs/board-performance.md.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use dealdeck::app::App;
use dealdeck::config::Config;
use dealdeck::domain::DecimalSeparator;
use dealdeck::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

// Measured with the allocator the binary ships with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn must<T, E: std::fmt::Debug>(result: Result<T, E>, what: &str) -> T {
    match result {
        Ok(value) => value,
        Err(error) => panic!("{what}: {error:?}"),
    }
}

/// Generates the demo database once, with the real binary, into a temp dir.
fn demo_database() -> (tempfile::TempDir, PathBuf) {
    let dir = must(tempfile::tempdir(), "temp dir");
    let path = dir.path().join("bench.db");
    let status = must(
        Command::new(env!("CARGO_BIN_EXE_dealdeck"))
            .env("DEALDECK_CONFIG", dir.path().join("none.toml"))
            .args(["demo", "--deals", "100000", "--seed", "1", "--out"])
            .arg(&path)
            .status(),
        "run dealdeck demo",
    );
    assert!(status.success(), "dealdeck demo failed");
    (dir, path)
}

fn config() -> Config {
    Config {
        decimal_separator: Some(DecimalSeparator::Dot),
        ..Config::default()
    }
}

fn open(path: &Path) -> App {
    let store = must(Store::open(path), "open the database");
    must(
        App::new(store, &config(), dealdeck::app::Clock::System),
        "load the board",
    )
}

/// Opens the board the way `dealdeck` does: the dashboard's rows start loading with it.
fn start(path: &Path) -> App {
    let store = must(Store::open(path), "open the database");
    must(
        App::start(store, &config(), dealdeck::app::Clock::System),
        "load the board",
    )
}

fn terminal() -> Terminal<TestBackend> {
    let Ok(terminal) = Terminal::new(TestBackend::new(200, 50));
    terminal
}

fn board(c: &mut Criterion) {
    let (_dir, path) = demo_database();
    // Where the opening time goes, printed once for docs/board-performance.md.
    for _ in 0..3 {
        let start = Instant::now();
        let store = must(Store::open(&path), "open the database");
        must(store.tune_for_board(), "tune");
        let opened = start.elapsed();
        let pipeline = must(store.pipeline_named(None), "default pipeline");
        let since = dealdeck::cli::Context::now() - chrono::Duration::days(30);
        let start = Instant::now();
        let cards = must(store.board_cards(pipeline.id, since), "cards");
        let carded = start.elapsed();
        let start = Instant::now();
        must(store.pipelines(), "pipelines");
        let piped = start.elapsed();
        let start = Instant::now();
        let now = dealdeck::cli::Context::now();
        must(
            store.deals_with_overdue_activity(pipeline.id, now),
            "overdue",
        );
        eprintln!(
            "Store::open {opened:?}; board_cards {} in {carded:?}; pipelines {piped:?}; overdue {:?}",
            cards.len(),
            start.elapsed()
        );
    }
    let mut app = open(&path);
    let columns = &app.state.board.columns;
    eprintln!(
        "board columns hold {} cards ({} read)",
        columns.iter().map(|c| c.count).sum::<usize>(),
        columns.iter().map(|c| c.cards.len()).sum::<usize>()
    );

    let mut term = terminal();
    c.bench_function("draw board 200x50", |b| {
        b.iter(|| {
            let Ok(_) = term.draw(|frame| app.draw(frame));
        })
    });
    drop(app);

    let mut group = c.benchmark_group("slow");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(8));
    // With the dashboard's read running beside it, as in the binary; that read is waited
    // out after each frame, unmeasured, so reads never pile up.
    group.bench_function("open + load + first frame 200x50", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let begin = Instant::now();
                let mut app = start(&path);
                let mut term = terminal();
                let Ok(_) = term.draw(|frame| app.draw(frame));
                total += begin.elapsed();
                app.tick_dashboard(true);
            }
            total
        })
    });

    // The focused deal bounces between the first two stages: L, then H, each written and drawn.
    let mut app = open(&path);
    let mut term = terminal();
    group.bench_function("move key (write + redraw)", |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for i in 0..iters {
                let key = if i % 2 == 0 { 'L' } else { 'H' };
                app.handle_key(KeyEvent::new(KeyCode::Char(key), KeyModifiers::SHIFT));
                let Ok(_) = term.draw(|frame| app.draw(frame));
            }
            start.elapsed()
        })
    });
    group.finish();
    if let Some(dealdeck::app::state::Message::Error(text)) = &app.state.message {
        panic!("a move failed during the benchmark: {text}");
    }
    drop(app);
    dashboard(c, &path);
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Draws the Dashboard tab and checks it shows figures, not "computing…".
fn draw_figures(app: &mut App, term: &mut Terminal<TestBackend>) {
    let Ok(_) = term.draw(|frame| app.draw(frame));
    assert!(
        app.state.dashboard.view.is_some(),
        "the dashboard has no figures"
    );
}

/// An app as the event loop has it right after its first board frame: the background read of
/// the dashboard's rows, started with the board, has just been let use every core.
fn started(path: &Path) -> (App, Terminal<TestBackend>) {
    let mut app = start(path);
    let mut term = terminal();
    let Ok(_) = term.draw(|frame| app.draw(frame));
    app.tick_dashboard(false);
    (app, term)
}

fn dashboard(c: &mut Criterion, path: &Path) {
    // How long the background read takes after start-up, printed once for the docs.
    for _ in 0..3 {
        let (mut app, _term) = started(path);
        let start = Instant::now();
        app.tick_dashboard(true);
        eprintln!(
            "dashboard rows read and figures computed {:?} after the first frame",
            start.elapsed()
        );
    }

    let mut group = c.benchmark_group("dashboard");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(6));
    // Tab pressed at once after start-up: the wait for the background read is counted.
    group.bench_function("Tab right after start-up to figures drawn 200x50", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let (mut app, mut term) = started(path);
                let start = Instant::now();
                key(&mut app, KeyCode::Tab);
                app.tick_dashboard(true);
                draw_figures(&mut app, &mut term);
                total += start.elapsed();
            }
            total
        })
    });

    let (mut app, mut term) = started(path);
    app.tick_dashboard(true);
    group.bench_function("Tab with rows ready to figures drawn 200x50", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                key(&mut app, KeyCode::Tab);
                app.tick_dashboard(false);
                draw_figures(&mut app, &mut term);
                total += start.elapsed();
                key(&mut app, KeyCode::Tab);
            }
            total
        })
    });

    // A period key recomputes every figure from the rows in memory, then draws.
    key(&mut app, KeyCode::Char('2'));
    let mut this_year = false;
    group.bench_function("period key (recompute + redraw) 200x50", |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                // Alternating, so every key really changes the period.
                this_year = !this_year;
                let period = if this_year { 'y' } else { 'Q' };
                key(&mut app, KeyCode::Char(period));
                draw_figures(&mut app, &mut term);
            }
            start.elapsed()
        })
    });
    assert_eq!(app.state.message, None, "{:?}", app.state.message);
    group.finish();
}

criterion_group!(benches, board);
criterion_main!(benches);
