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
//! The machine itself can have slow phases. On the one measured on 2026-12-03 a fixed piece
//! of pure arithmetic (the *control* below, ~0.2 ms), timed back to back on an otherwise idle
//! machine, took ten times its median for ~30 ms every ~1.4 s, easing back over the next
//! ~50 ms. Such a phase slows every line of a key alike (the same move's write, read and draw
//! ten times slower, all of it user CPU time: no page faults, no switches, no IO). So before
//! the open board this benchmark times the control for three seconds and says how much of
//! the time the machine was slow; and it times the control right before and right after
//! each key (not counted in the key): a key whose control took over twice its median ran in
//! such a phase. The 99th percentiles are given both over all keys and over the keys outside
//! those phases, and the target is held to the second; more than 5 % of the keys in slow
//! phases voids the run (it counts as over).
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
/// Cursor keys timed down the first column.
const CURSOR_KEYS: usize = 100;

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
    if !modes.is_empty() {
        println!("{}", machine_check());
    }
    for &mode in modes {
        // Each figure is the median of three runs, as for the commands above.
        let runs: Vec<Vec<f64>> = (0..RUNS).map(|_| app_measured(&db, mode)).collect();
        for (i, run) in runs.iter().enumerate() {
            eprintln!(
                "open board ({mode}) run {}: {}",
                i + 1,
                AppFigures::of(run).describe()
            );
        }
        let f = AppFigures::of(&median_fields(&runs));
        let fails = deals >= 1_000_000 && f.over();
        println!(
            "open board ({mode:<6}) median of {RUNS}: {}   target < 150 ms, p99 < 5 ms, < 300 MB{}",
            f.describe(),
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

/// Iterations of the control's arithmetic: about 0.2 ms on the machines measured so far.
const CONTROL_STEPS: u64 = 120_000;
/// A control over this many times its median marks a slow phase of the machine (on a quiet
/// machine 99 % of controls take under 1.7 times the median).
const SLOW_PHASE: u32 = 2;
/// Fewer keys than this share outside slow phases and the run tells nothing.
const STEADY_KEYS_NEEDED: f64 = 2.0 / 3.0;

/// The control: the same pure arithmetic every time (no memory, no IO, no system call).
fn control() -> Duration {
    let started = Instant::now();
    let mut x: u64 = 1;
    for i in 0..CONTROL_STEPS {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(i ^ (x >> 7));
    }
    std::hint::black_box(x);
    started.elapsed()
}

/// The control's median on this machine now, from 200 runs.
fn control_median() -> Duration {
    let mut times: Vec<Duration> = (0..200).map(|_| control()).collect();
    times.sort();
    times[times.len() / 2]
}

/// How slow the machine is by itself: the share of three seconds of back-to-back controls
/// that took over [`SLOW_PHASE`] times their median, and the slowest against the median.
fn machine_check() -> String {
    let started = Instant::now();
    let mut times = Vec::new();
    while started.elapsed() < Duration::from_secs(3) {
        times.push(control());
    }
    let median = percentile(&times, 0.5);
    let slow = times
        .iter()
        .filter(|&&t| ms(t) > median * f64::from(SLOW_PHASE))
        .count();
    format!(
        "machine: the control ({median:.2} ms median) took over {SLOW_PHASE}× its median in \
         {:.1} % of 3 s, {:.1}× at most",
        100.0 * slow as f64 / times.len() as f64,
        percentile(&times, 1.0) / median
    )
}

/// One key's time, and whether the machine was in a slow phase around it.
#[derive(Clone, Copy)]
struct KeyTime {
    took: Duration,
    slow_phase: bool,
}

/// Nearest rank: the smallest time at least `share` of the keys took no longer than; zero
/// for no keys.
fn percentile(times: &[Duration], share: f64) -> f64 {
    let mut times = times.to_vec();
    times.sort();
    if times.is_empty() {
        return 0.0;
    }
    let rank = (times.len() as f64 * share).ceil() as usize;
    ms(times[rank.clamp(1, times.len()) - 1])
}

/// p50 over all keys, p99 over all, p99 outside slow phases, how many were in slow phases.
fn key_figures(keys: &[KeyTime]) -> [f64; 4] {
    let all: Vec<Duration> = keys.iter().map(|k| k.took).collect();
    let steady: Vec<Duration> = keys
        .iter()
        .filter(|k| !k.slow_phase)
        .map(|k| k.took)
        .collect();
    [
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        percentile(&steady, 0.99),
        (keys.len() - steady.len()) as f64,
    ]
}

/// What one in-process run of the open board measured.
struct AppFigures {
    first_frame_ms: f64,
    cursor_p50_ms: f64,
    cursor_p99_ms: f64,
    cursor_steady_p99_ms: f64,
    cursor_slow_phase: f64,
    move_p50_ms: f64,
    move_p99_ms: f64,
    move_steady_p99_ms: f64,
    move_slow_phase: f64,
    rss_mb: f64,
    peak_mb: f64,
    control_ms: f64,
}

impl AppFigures {
    /// The figures in the order the child prints them.
    fn of(f: &[f64]) -> AppFigures {
        AppFigures {
            first_frame_ms: f[0],
            cursor_p50_ms: f[1],
            cursor_p99_ms: f[2],
            cursor_steady_p99_ms: f[3],
            cursor_slow_phase: f[4],
            move_p50_ms: f[5],
            move_p99_ms: f[6],
            move_steady_p99_ms: f[7],
            move_slow_phase: f[8],
            rss_mb: f[9],
            peak_mb: f[10],
            control_ms: f[11],
        }
    }

    fn describe(&self) -> String {
        format!(
            "first frame {:>6.1} ms   cursor key p50 {:.2} p99 {:.2} ms (outside slow phases \
             {:.2} ms, {} keys in them)   move key p50 {:.2} p99 {:.2} ms (outside slow phases \
             {:.2} ms, {} keys in them)   after 400 keys {:.1} MB (peak {:.1} MB)   control \
             {:.2} ms",
            self.first_frame_ms,
            self.cursor_p50_ms,
            self.cursor_p99_ms,
            self.cursor_steady_p99_ms,
            self.cursor_slow_phase,
            self.move_p50_ms,
            self.move_p99_ms,
            self.move_steady_p99_ms,
            self.move_slow_phase,
            self.rss_mb,
            self.peak_mb,
            self.control_ms,
        )
    }

    /// Over a target: first frame, a key's p99 outside the machine's slow phases, memory;
    /// or too few keys outside slow phases to tell.
    fn over(&self) -> bool {
        let too_noisy =
            |slow: f64, keys: usize| (keys as f64 - slow) < keys as f64 * STEADY_KEYS_NEEDED;
        self.first_frame_ms >= 150.0
            || self.move_steady_p99_ms >= 5.0
            || self.cursor_steady_p99_ms >= 5.0
            || self.rss_mb >= 300.0
            || too_noisy(self.move_slow_phase, MOVES)
            || too_noisy(self.cursor_slow_phase, CURSOR_KEYS)
    }
}

/// Runs [`run_app_measured`] in a child and returns its figures.
fn app_measured(db: &Path, mode: &str) -> Vec<f64> {
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
    text.split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect()
}

/// Each figure's median over the runs.
fn median_fields(runs: &[Vec<f64>]) -> Vec<f64> {
    (0..runs[0].len())
        .map(|i| {
            let mut values: Vec<f64> = runs.iter().map(|run| run[i]).collect();
            values.sort_by(f64::total_cmp);
            values[values.len() / 2]
        })
        .collect()
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
    // As the event loop does: writes synced to disk beside the keys, "saving…" meanwhile.
    assert!(
        app.start_sync_behind(),
        "the board's writes are not synced behind"
    );
    let Ok(mut term) = ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 50));
    term.draw(|frame| app.draw(frame)).unwrap();
    let first_frame = begin.elapsed();
    let control_median = control_median();
    let slow_phase = |control: Duration| control > control_median * SLOW_PHASE;
    let mut press = |app: &mut App, key: KeyEvent| {
        let before = control();
        let started = Instant::now();
        app.handle_key(key);
        term.draw(|frame| app.draw(frame)).unwrap();
        let took = started.elapsed();
        let after = control();
        if took > Duration::from_millis(50) {
            eprintln!("slow key {key:?}: {:.1} ms", ms(took));
        }
        // As the event loop does after each frame; not counted in the key's time.
        if with_dashboard {
            app.tick_dashboard(false);
        } else {
            while let Some(event) = app.try_next_event() {
                app.handle_event(event);
            }
        }
        KeyTime {
            took,
            slow_phase: slow_phase(before) || slow_phase(after),
        }
    };
    // Down the first column (reading further pages as it goes), then back to its top.
    let cursor: Vec<KeyTime> = (0..CURSOR_KEYS)
        .map(|_| press(&mut app, KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)))
        .collect();
    for _ in 0..CURSOR_KEYS {
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
    let moves: Vec<KeyTime> = (0..MOVES)
        .map(|i| {
            let key = if i % 2 == 0 { 'L' } else { 'H' };
            press(
                &mut app,
                KeyEvent::new(KeyCode::Char(key), KeyModifiers::SHIFT),
            )
        })
        .collect();
    // Every move on disk, or the sync's failure in the message below.
    assert!(
        app.wait_saved(Duration::from_secs(30)),
        "the moves were never reported on disk"
    );
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
    let mut slowest: Vec<(usize, KeyTime)> = moves.iter().copied().enumerate().collect();
    slowest.sort_by_key(|&(_, key)| std::cmp::Reverse(key.took));
    let slowest: Vec<String> = slowest
        .iter()
        .take(5)
        .map(|(i, key)| {
            let phase = if key.slow_phase { " (slow phase)" } else { "" };
            format!("#{i} {:.1} ms{phase}", ms(key.took))
        })
        .collect();
    eprintln!("slowest moves: {}", slowest.join(", "));
    let [cursor_p50, cursor_p99, cursor_steady, cursor_slow] = key_figures(&cursor);
    let [move_p50, move_p99, move_steady, move_slow] = key_figures(&moves);
    println!(
        "{} {cursor_p50} {cursor_p99} {cursor_steady} {cursor_slow} {move_p50} {move_p99} \
         {move_steady} {move_slow} {} {} {}",
        ms(first_frame),
        rss_kb / 1024.0,
        usage.max_rss() as f64 / 1024.0,
        ms(control_median)
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
