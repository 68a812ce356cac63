//! Opt-in whole-process benchmarks on a million-deal demo database: time and peak memory of
//! `print board`, `deal list --json`, `export --format csv`, `report --json` and `print
//! dashboard`, against issue 10's targets. Runs only with `DEALDECK_BENCH_MILLION=1` (CI
//! leaves it unset); `DEALDECK_BENCH_DEALS=100000` runs the same at another size. The
//! database is generated once into `target/million-bench/` and reused; `DEALDECK_BENCH_DB=
//! PATH` copies an existing `demo --deals N` database there instead (once; the original is
//! never written).
//!
//! The open board is measured in-process in a child of its own (so its memory is its own):
//! `App` on a 200×50 `TestBackend`, from opening to the first frame, then 100 cursor keys
//! down a column and 300 move keys (`L`, `H`, … each written and drawn), and the resident
//! memory after them (the first write, which waits for the store's integrity check of the
//! file, is timed apart). `board` is the board alone; `binary` also reads the dashboard's rows
//! beside it after each frame, as the event loop does. `DEALDECK_BENCH_ONLY="print board,open
//! board"` runs only the cases whose name starts with one of those.
//!
//! Each command runs as a grandchild: this benchmark starts itself as a runner that starts
//! the command and reads its own `RUSAGE_CHILDREN` peak, so the figure is the command's
//! peak resident memory alone (what `/usr/bin/time -v` calls its maximum resident set).

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

// Measured with the allocator the binary ships with (the open board runs in-process).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RUNNER: &str = "--run-one-measured";
const APP_RUNNER: &str = "--run-app-measured";
const RUNS: usize = 3;
/// Move keys timed on the open board: enough that the 99th percentile is not the slowest.
const MOVES: usize = 300;

struct Case {
    name: &'static str,
    args: &'static [&'static str],
    /// Peak resident memory allowed at a million deals (issue 10), in MB.
    target_mb: u64,
    /// Also held to three times the time of SQLite grouping the deals by stage.
    within_3x_of_grouping: bool,
}

const CASES: &[Case] = &[
    Case {
        name: "print board 200x50",
        args: &["print", "board", "--width", "200", "--height", "50"],
        target_mb: 120,
        within_3x_of_grouping: true,
    },
    Case {
        name: "deal list --json",
        args: &["deal", "list", "--json"],
        target_mb: 64,
        within_3x_of_grouping: false,
    },
    Case {
        name: "export --format csv",
        args: &["export", "--format", "csv"],
        target_mb: 64,
        within_3x_of_grouping: false,
    },
    Case {
        name: "report --json",
        args: &["report", "--json"],
        target_mb: 400,
        within_3x_of_grouping: false,
    },
    Case {
        name: "print dashboard 200x50",
        args: &["print", "dashboard", "--width", "200", "--height", "50"],
        target_mb: 400,
        within_3x_of_grouping: false,
    },
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == RUNNER) {
        run_one_measured(&args[at + 1..]);
        return;
    }
    if let Some(at) = args.iter().position(|a| a == APP_RUNNER) {
        run_app_measured(Path::new(&args[at + 1]), args[at + 2] == "binary");
        return;
    }
    if std::env::var_os("DEALDECK_BENCH_MILLION").is_none_or(|v| v != "1") {
        println!("million: skipped; set DEALDECK_BENCH_MILLION=1 to run (minutes, ~1 GB disk)");
        return;
    }
    let deals: u64 = std::env::var("DEALDECK_BENCH_DEALS")
        .ok()
        .map_or(1_000_000, |v| {
            v.parse().expect("DEALDECK_BENCH_DEALS is a number")
        });
    let db = match std::env::var_os("DEALDECK_BENCH_DB") {
        Some(given) => copied_database(Path::new(&given)),
        None => demo_database(deals),
    };
    let grouping = grouping_time(&db);
    println!(
        "{deals} deals in {}; SQLite grouping them by stage: {:.1} ms",
        db.display(),
        ms(grouping)
    );
    let mut over = Vec::new();
    let only = std::env::var("DEALDECK_BENCH_ONLY").unwrap_or_default();
    let wanted = |name: &str| only.is_empty() || only.split(',').any(|o| name.starts_with(o));
    for case in CASES.iter().filter(|c| wanted(c.name)) {
        let mut times = Vec::new();
        let mut peak_kb = 0;
        for _ in 0..RUNS {
            let (time, kb) = measured(&db, case.args);
            times.push(time);
            peak_kb = peak_kb.max(kb);
        }
        times.sort();
        let median = times[RUNS / 2];
        let peak_mb = peak_kb as f64 / 1024.0;
        let mut verdict = format!("target < {} MB", case.target_mb);
        let mut fails = peak_mb >= case.target_mb as f64;
        if case.within_3x_of_grouping {
            let ratio = median.as_secs_f64() / grouping.as_secs_f64();
            verdict.push_str(&format!(", {ratio:.1}× the grouping (target ≤ 3×)"));
            fails |= ratio > 3.0;
        }
        // The targets are a million deals' budgets.
        let fails = fails && deals >= 1_000_000;
        println!(
            "{:<24} median {:>8.1} ms   peak {:>7.1} MB   {verdict}{}",
            case.name,
            ms(median),
            peak_mb,
            if fails { "  OVER" } else { "" }
        );
        if fails {
            over.push(case.name);
        }
    }
    let modes = if wanted("open board") {
        &["board", "binary"][..]
    } else {
        &[]
    };
    for &mode in modes {
        let figures = app_measured(&db, mode);
        let fails = deals >= 1_000_000
            && (figures.first_frame_ms >= 150.0
                || figures.move_p99_ms >= 5.0
                || figures.cursor_p99_ms >= 5.0
                || figures.rss_mb >= 300.0);
        println!(
            "open board ({mode:<6}) first frame {:>6.1} ms   cursor key p50 {:.2} p99 {:.2} ms   \
             move key p50 {:.2} p99 {:.2} ms   after 400 keys {:.1} MB (peak {:.1} MB)   \
             target < 150 ms, p99 < 5 ms, < 300 MB{}",
            figures.first_frame_ms,
            figures.cursor_p50_ms,
            figures.cursor_p99_ms,
            figures.move_p50_ms,
            figures.move_p99_ms,
            figures.rss_mb,
            figures.peak_mb,
            if fails { "  OVER" } else { "" }
        );
        if fails {
            over.push(if mode == "board" {
                "open board"
            } else {
                "open board with the dashboard's read"
            });
        }
    }
    if !over.is_empty() {
        eprintln!("million: over target: {}", over.join(", "));
        std::process::exit(1);
    }
}

/// The runner: starts the command, waits, prints `nanoseconds peak_kb` of that one child.
fn run_one_measured(command: &[String]) {
    let started = Instant::now();
    let status = Command::new(&command[0])
        .args(&command[1..])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    let elapsed = started.elapsed();
    assert!(status.success(), "{command:?} failed: {status}");
    let usage =
        nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN).unwrap();
    // Linux reports ru_maxrss in kilobytes.
    println!("{} {}", elapsed.as_nanos(), usage.max_rss());
}

/// Time and peak memory (KB) of one run of `dealdeck --db DB ARGS`.
fn measured(db: &Path, args: &[&str]) -> (Duration, u64) {
    let output = Command::new(std::env::current_exe().unwrap())
        .arg(RUNNER)
        .arg(env!("CARGO_BIN_EXE_dealdeck"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("DEALDECK_CONFIG", db.with_extension("no-config.toml"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let mut fields = text.split_whitespace();
    let nanos: u64 = fields.next().unwrap().parse().unwrap();
    let kb: u64 = fields.next().unwrap().parse().unwrap();
    (Duration::from_nanos(nanos), kb)
}

/// The median time of the baseline query on a fresh connection: the deals counted per stage.
fn grouping_time(db: &Path) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            let conn = rusqlite::Connection::open_with_flags(
                db,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )
            .unwrap();
            let groups: Vec<(i64, i64)> = conn
                .prepare(
                    "SELECT stage_id, count(*) FROM deal
                     WHERE pipeline_id = (SELECT min(id) FROM pipeline) GROUP BY stage_id",
                )
                .unwrap()
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert!(!groups.is_empty());
            started.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

/// `target/million-bench/demo-N.db`, generated by the release binary on first use.
fn demo_database(deals: u64) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
        PathBuf::from,
    );
    let dir = target.join("million-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join(format!("demo-{deals}.db"));
    if !db.exists() {
        println!("generating {} (once)…", db.display());
        let status = Command::new(env!("CARGO_BIN_EXE_dealdeck"))
            .args(["demo", "--deals", &deals.to_string(), "--out"])
            .arg(&db)
            .status()
            .unwrap();
        assert!(status.success(), "demo failed: {status}");
    }
    db
}

fn ms(time: Duration) -> f64 {
    time.as_secs_f64() * 1000.0
}

/// What one in-process run of the open board measured.
struct AppFigures {
    first_frame_ms: f64,
    cursor_p50_ms: f64,
    cursor_p99_ms: f64,
    move_p50_ms: f64,
    move_p99_ms: f64,
    rss_mb: f64,
    peak_mb: f64,
}

/// Runs [`run_app_measured`] in a child and reads its figures.
fn app_measured(db: &Path, mode: &str) -> AppFigures {
    let output = Command::new(std::env::current_exe().unwrap())
        .arg(APP_RUNNER)
        .arg(db)
        .arg(mode)
        .env("DEALDECK_CONFIG", db.with_extension("no-config.toml"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "open board: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    let f: Vec<f64> = text
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect();
    AppFigures {
        first_frame_ms: f[0],
        cursor_p50_ms: f[1],
        cursor_p99_ms: f[2],
        move_p50_ms: f[3],
        move_p99_ms: f[4],
        rss_mb: f[5],
        peak_mb: f[6],
    }
}

/// The child: opens the board on `db`, draws, presses the keys, prints the figures.
fn run_app_measured(db: &Path, with_dashboard: bool) {
    use dealdeck::app::{App, Clock};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let config = dealdeck::config::Config::default();
    let begin = Instant::now();
    let store = dealdeck::store::Store::open(db).unwrap();
    let mut app = if with_dashboard {
        App::start(store, &config, Clock::System).unwrap()
    } else {
        App::new(store, &config, Clock::System).unwrap()
    };
    let Ok(mut term) = ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 50));
    term.draw(|frame| app.draw(frame)).unwrap();
    let first_frame = begin.elapsed();
    let mut press = |app: &mut App, key: KeyEvent| {
        let started = Instant::now();
        app.handle_key(key);
        term.draw(|frame| app.draw(frame)).unwrap();
        let took = started.elapsed();
        if took > Duration::from_millis(50) {
            eprintln!("slow key {key:?}: {:.1} ms", ms(took));
        }
        // As the event loop does after each frame; not counted in the key's time.
        if with_dashboard {
            app.tick_dashboard(false);
        }
        took
    };
    // Down the first column (reading further pages as it goes), then back to its top.
    let mut cursor: Vec<Duration> = (0..100)
        .map(|_| press(&mut app, KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)))
        .collect();
    for _ in 0..100 {
        app.handle_key(KeyEvent::new(KeyCode::Up, KeyModifiers::NONE));
    }
    // The first write waits for the store's background integrity check of the file
    // (`quick_check`, src/store/guard.rs): timed apart, then the focused deal bounces
    // between the first two stages; an even count leaves it home.
    let first_write = Instant::now();
    for key in ['L', 'H'] {
        app.handle_key(KeyEvent::new(KeyCode::Char(key), KeyModifiers::SHIFT));
    }
    eprintln!(
        "first write (L and H, waiting for the integrity check): {:.1} ms",
        ms(first_write.elapsed())
    );
    let mut moves: Vec<Duration> = (0..MOVES)
        .map(|i| {
            let key = if i % 2 == 0 { 'L' } else { 'H' };
            press(
                &mut app,
                KeyEvent::new(KeyCode::Char(key), KeyModifiers::SHIFT),
            )
        })
        .collect();
    if let Some(dealdeck::app::state::Message::Error(text)) = &app.state.message {
        panic!("a key failed: {text}");
    }
    let rss_kb = std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0);
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_SELF).unwrap();
    let mut slowest: Vec<(usize, Duration)> = moves.iter().copied().enumerate().collect();
    slowest.sort_by_key(|&(_, took)| std::cmp::Reverse(took));
    let slowest: Vec<String> = slowest
        .iter()
        .take(5)
        .map(|(i, took)| format!("#{i} {:.1} ms", ms(*took)))
        .collect();
    eprintln!("slowest moves: {}", slowest.join(", "));
    cursor.sort();
    moves.sort();
    // Nearest rank: the smallest time at least `share` of the keys took no longer than.
    let at = |times: &[Duration], share: f64| {
        let rank = (times.len() as f64 * share).ceil() as usize;
        ms(times[rank.clamp(1, times.len()) - 1])
    };
    println!(
        "{} {} {} {} {} {} {}",
        ms(first_frame),
        at(&cursor, 0.5),
        at(&cursor, 0.99),
        at(&moves, 0.5),
        at(&moves, 0.99),
        rss_kb / 1024.0,
        usage.max_rss() as f64 / 1024.0
    );
    drop(app);
}

/// `target/million-bench/given-NAME`: a copy of an existing database, made once, so the
/// benchmark's migration and moves never write to the original.
fn copied_database(given: &Path) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
        PathBuf::from,
    );
    let dir = target.join("million-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let name = given.file_name().unwrap().to_string_lossy();
    let db = dir.join(format!("given-{name}"));
    if !db.exists() {
        println!("copying {} to {} (once)…", given.display(), db.display());
        std::fs::copy(given, &db).unwrap();
    }
    db
}
