//! Opt-in team-mode benchmarks on a PostgreSQL server with a 100 000-deal workspace (issue
//! 13's targets: `print board` under 300 ms, `report --json` under 1 s, a move under 20 ms),
//! beside the same figures on the SQLite file. Runs only with `DEALDECK_BENCH_PG=URL` (a
//! server URL whose role may create databases, as `DEALDECK_TEST_PG`); CI leaves it unset.
//!
//! The workspace is `demo --deals N` (N = `DEALDECK_BENCH_DEALS`, default 100 000) written
//! once under `target/team-bench/`, then `migrate --to` a database `dealdeck_bench_N` on the
//! server, timed; an existing, complete one is reused unless `DEALDECK_BENCH_FRESH=1`.
//! Commands run as whole processes (the release binary, connection included); a move is
//! also timed in-process as one `move_deal` call (one transaction, committed).

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use dealdeck::domain::{DealId, StageId, StageKind};
use dealdeck::store::postgres::ServerUrl;
use dealdeck::store::{DealFilter, PgStore, Repository, Store};

const RUNS: usize = 7;
const MOVES: usize = 60;

fn dealdeck(db: &str, args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_dealdeck"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DEALDECK_DB")
        .env("DEALDECK_CONFIG", "/nonexistent/dealdeck-bench.toml")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Median and fastest of `RUNS` whole-process runs.
fn timed(db: &str, args: &[&str]) -> (Duration, Duration) {
    dealdeck(db, args); // warm the caches
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            dealdeck(db, args);
            started.elapsed()
        })
        .collect();
    times.sort();
    (times[RUNS / 2], times[0])
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// An open deal and two open stages it may move between (no required data points).
fn movable(repo: &dyn Repository) -> (DealId, Vec<(StageId, String)>) {
    let pipeline = repo.pipeline_named(None).unwrap();
    let open: Vec<_> = pipeline
        .stages
        .iter()
        .filter(|s| s.kind == StageKind::Open && !s.playbook.data_points.iter().any(|p| p.required))
        .map(|s| (s.id, s.name.clone()))
        .take(2)
        .collect();
    let deal = repo
        .deals(&DealFilter {
            stage: Some(open[0].0),
            ..Default::default()
        })
        .unwrap()[0]
        .id;
    (deal, open)
}

/// Median and 90th percentile of `MOVES` moves of one open deal between two open stages.
fn moves(repo: &mut dyn Repository) -> (Duration, Duration) {
    let (deal, open) = movable(repo);
    let open: Vec<StageId> = open.into_iter().map(|(id, _)| id).collect();
    let mut times: Vec<Duration> = (0..MOVES)
        .map(|n| {
            let to = open[(n + 1) % 2];
            let started = Instant::now();
            repo.move_deal(deal, to, None, None, chrono::Utc::now())
                .unwrap();
            started.elapsed()
        })
        .collect();
    // End where it began, so reruns measure the same workspace.
    if MOVES % 2 == 1 {
        repo.move_deal(deal, open[0], None, None, chrono::Utc::now())
            .unwrap();
    }
    times.sort();
    (times[MOVES / 2], times[MOVES * 9 / 10])
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split(' ').take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn main() {
    let Some(admin) = std::env::var("DEALDECK_BENCH_PG")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!("team benchmark skipped: set DEALDECK_BENCH_PG=postgres://USER@HOST:PORT/DB");
        return;
    };
    let deals: u64 = std::env::var("DEALDECK_BENCH_DEALS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/team-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("demo-{deals}.db"));
    if !file.exists() {
        let started = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_dealdeck"))
            .args(["demo", "--deals", &deals.to_string(), "--seed", "1"])
            .args(["--as-of", "2026-11-01", "--out"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        eprintln!(
            "demo --deals {deals}: {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    let file_db = file.to_str().unwrap().to_string();

    let dbname = format!("dealdeck_bench_{deals}");
    let url = ServerUrl::parse(&admin).unwrap().with_dbname(&dbname);
    let tls = if admin.contains("sslmode=") {
        format!("?{}", admin.split_once('?').map_or("", |(_, q)| q))
    } else {
        String::new()
    };
    let server_db = format!("{}{tls}", url.redacted());
    let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    let loaded = std::env::var("DEALDECK_BENCH_FRESH").as_deref() != Ok("1")
        && PgStore::open_with(&url, false)
            .ok()
            .and_then(|store| {
                store
                    .deals(&DealFilter {
                        include_archived: true,
                        ..Default::default()
                    })
                    .ok()
            })
            .is_some_and(|all| all.len() as u64 == deals);
    if !loaded {
        client
            .batch_execute(&format!("DROP DATABASE IF EXISTS {dbname} WITH (FORCE)"))
            .unwrap();
        client
            .batch_execute(&format!("CREATE DATABASE {dbname}"))
            .unwrap();
        let started = Instant::now();
        let out = dealdeck(&file_db, &["migrate", "--to", &server_db]);
        println!(
            "migrate --to the server, {deals} deals: {:.1} s (load {})\n  {}",
            started.elapsed().as_secs_f64(),
            load_average(),
            String::from_utf8_lossy(&out.stdout).trim()
        );
        let mut direct = postgres::Client::connect(
            &format!(
                "host={} port={} user={} dbname={dbname}",
                url.host, url.port, url.user
            ),
            postgres::NoTls,
        )
        .unwrap();
        direct.batch_execute("VACUUM ANALYZE").unwrap();
    }

    println!(
        "\n{deals} deals, load average {} at the start",
        load_average()
    );
    println!(
        "{:<32} {:>22} {:>22}",
        "what", "PostgreSQL (median / best)", "SQLite (median / best)"
    );
    let cases: &[(&str, &[&str])] = &[
        (
            "print board 200x50 (< 300 ms)",
            &["print", "board", "--width", "200", "--height", "50"],
        ),
        ("report --json (< 1 s)", &["report", "--json"]),
        ("deal show 1 --json", &["deal", "show", "1", "--json"]),
    ];
    for (name, args) in cases {
        let (pg, pg_best) = timed(&server_db, args);
        let (lite, lite_best) = timed(&file_db, args);
        println!(
            "{name:<32} {:>22} {:>22}",
            format!("{} / {}", ms(pg), ms(pg_best)),
            format!("{} / {}", ms(lite), ms(lite_best))
        );
    }
    let (pg, pg_p90) = moves(&mut PgStore::open(&url).unwrap());
    let copy = dir.join("moves.db");
    let _ = std::fs::remove_file(&copy);
    Store::open(&file).unwrap().backup(&copy).unwrap();
    let (lite, lite_p90) = moves(&mut Store::open(&copy).unwrap());
    println!(
        "{:<32} {:>22} {:>22}",
        "a move, in process (< 20 ms)",
        format!("{} / p90 {}", ms(pg), ms(pg_p90)),
        format!("{} / p90 {}", ms(lite), ms(lite_p90))
    );
    let (deal, stages) = movable(&Store::open(&copy).unwrap());
    let deal = deal.to_string();
    let deal_move = |db: &str| {
        let mut times: Vec<Duration> = (0..RUNS * 2)
            .map(|n| {
                let started = Instant::now();
                dealdeck(db, &["deal", "move", &deal, &stages[(n + 1) % 2].1]);
                started.elapsed()
            })
            .collect();
        times.sort();
        times[RUNS]
    };
    let cli_pg = deal_move(&server_db);
    let cli_lite = deal_move(copy.to_str().unwrap());
    println!(
        "{:<32} {:>22} {:>22}",
        "deal move, whole process",
        ms(cli_pg),
        ms(cli_lite)
    );
    println!("load average {} at the end", load_average());
}
