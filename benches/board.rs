//! Board speed on a `dealdeck demo --deals 100000` database (about 10 000 open deals):
//! drawing at 200×50, opening to the first frame, and one move key (write + redraw).
//! Figures and how to reproduce them: docs/board-performance.md.

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
        App::new(store, &config(), dealdeck::cli::Context::now()),
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
    let app = open(&path);
    let open_deals = app
        .state
        .deals
        .iter()
        .filter(|d| d.status == dealdeck::domain::StageKind::Open)
        .count();
    eprintln!(
        "board holds {} cards, {open_deals} of them open",
        app.state.deals.len()
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
    group.bench_function("open + load + first frame 200x50", |b| {
        b.iter(|| {
            let app = open(&path);
            let mut term = terminal();
            let Ok(_) = term.draw(|frame| app.draw(frame));
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
}

criterion_group!(benches, board);
criterion_main!(benches);
