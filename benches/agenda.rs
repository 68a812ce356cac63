//! Agenda speed on a `dealdeck demo --deals 100000` database (~300 000 activities): each
//! section's store query, the whole agenda read, the tab key (read + first frame) and a
//! redraw at 200×50, plus the board's first frame with the activities present.
//! The database is generated once per day (its activities are dated around "today") under
//! `target/agenda-bench/`. Run: `cargo bench --bench agenda`.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};
use dealdeck::app::App;
use dealdeck::config::Config;
use dealdeck::domain::{AgendaWindow, DecimalSeparator};
use dealdeck::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

// Measured with the allocator the binary ships with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The day's fixture, generated with the real binary when it is not there yet.
fn demo_database() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/agenda-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let today = chrono::Utc::now().format("%Y-%m-%d");
    let path = dir.join(format!("demo-100k-{today}.db"));
    if !path.exists() {
        let partial = dir.join("partial.db");
        let status = Command::new(env!("CARGO_BIN_EXE_dealdeck"))
            .env("DEALDECK_CONFIG", dir.join("none.toml"))
            .args([
                "demo", "--deals", "100000", "--seed", "1", "--force", "--out",
            ])
            .arg(&partial)
            .status()
            .unwrap();
        assert!(status.success(), "dealdeck demo failed");
        std::fs::rename(&partial, &path).unwrap();
    }
    path
}

fn config() -> Config {
    Config {
        decimal_separator: Some(DecimalSeparator::Dot),
        ..Config::default()
    }
}

fn open(path: &Path) -> App {
    let store = Store::open(path).unwrap();
    App::new(store, &config(), dealdeck::app::Clock::System).unwrap()
}

fn terminal() -> Terminal<TestBackend> {
    let Ok(terminal) = Terminal::new(TestBackend::new(200, 50));
    terminal
}

fn agenda(c: &mut Criterion) {
    let path = demo_database();
    let activities: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("SELECT count(*) FROM activity", [], |row| row.get(0))
        .unwrap();
    let store = Store::open(&path).unwrap();
    // As the app opens it: the file mapped and a larger page cache.
    store.tune_for_board().unwrap();
    let now = chrono::Utc::now();
    let window = AgendaWindow::local(now);
    let agenda = store.agenda(None, &window).unwrap();
    eprintln!(
        "{activities} activities; overdue {}, today {}, week {}, gone quiet {} (loaded {}/{}/{}/{})",
        agenda.counts.overdue,
        agenda.counts.today,
        agenda.counts.week,
        agenda.counts.gone_quiet,
        agenda.overdue.len(),
        agenda.today.len(),
        agenda.week.len(),
        agenda.gone_quiet.len(),
    );

    let mut group = c.benchmark_group("agenda store");
    group.sample_size(20);
    group.bench_function("whole agenda read (4 sections, counts)", |b| {
        b.iter(|| store.agenda(None, &window).unwrap())
    });
    for section in dealdeck::store::AgendaSection::ALL {
        group.bench_function(format!("section {section:?}"), |b| {
            b.iter(|| store.agenda_section(section, None, &window).unwrap())
        });
    }
    group.finish();
    drop(store);

    let mut app = open(&path);
    let mut term = terminal();
    let mut group = c.benchmark_group("agenda tab");
    group.sample_size(20);
    group.bench_function("key 3: read + first frame 200x50", |b| {
        b.iter(|| {
            app.handle_key(KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE));
            let Ok(_) = term.draw(|frame| app.draw(frame));
            app.handle_key(KeyEvent::new(KeyCode::Char('1'), KeyModifiers::NONE));
        })
    });
    app.handle_key(KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE));
    group.bench_function("draw agenda 200x50", |b| {
        b.iter(|| {
            let Ok(_) = term.draw(|frame| app.draw(frame));
        })
    });
    group.bench_function("j + redraw", |b| {
        b.iter(|| {
            app.handle_key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
            let Ok(_) = term.draw(|frame| app.draw(frame));
        })
    });
    group.finish();
    assert!(app.state.agenda.agenda.is_some(), "the agenda was read");
}

criterion_group!(benches, agenda);
criterion_main!(benches);
