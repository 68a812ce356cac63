//! Killing dealdeck with SIGKILL mid-write loses at most the move in flight: the file stays
//! sound and every move the process reported done is on disk.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn dealdeck(db: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dealdeck"));
    cmd.env("DEALDECK_CONFIG", db.with_extension("no-config"))
        .arg("--db")
        .arg(db);
    cmd
}

/// A small xorshift generator seeded from the clock: the kill moments differ per run,
/// and the seed is printed so a failing run can be replayed.
struct Moments(u64);

impl Moments {
    fn next_millis(&mut self, low: u64, high: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        low + self.0 % (high - low)
    }
}

#[test]
fn sigkill_at_random_moments_loses_no_reported_move() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    for i in 0..4 {
        let status = dealdeck(&db)
            .args([
                "deal",
                "add",
                "--title",
                &format!("Deal {i}"),
                "--set",
                "Product requirements=known",
            ])
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
    }
    let seed = std::env::var("DEALDECK_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    println!("kill moments seed: {seed} (replay with DEALDECK_CRASH_SEED={seed})");
    let mut moments = Moments(seed);
    let mut reported: Vec<(i64, i64)> = Vec::new();
    let kills = 25;
    for _ in 0..kills {
        let mut child = dealdeck(&db)
            .arg("churn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<String>>()
        });
        let started = Instant::now();
        std::thread::sleep(Duration::from_millis(moments.next_millis(5, 250)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let lines = reader.join().unwrap();
        for line in lines {
            let parts: Vec<&str> = line.split_whitespace().collect();
            if let ["moved", deal, visit] = parts.as_slice() {
                reported.push((deal.parse().unwrap(), visit.parse().unwrap()));
            }
        }
        assert!(started.elapsed() < Duration::from_secs(30));
    }
    assert!(
        !reported.is_empty(),
        "the churn process committed moves before being killed"
    );

    let check = dealdeck(&db).arg("check").output().unwrap();
    assert!(
        check.status.success(),
        "check after {kills} kills: {}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );

    let conn = rusqlite::Connection::open(&db).unwrap();
    for (deal, visit) in &reported {
        let found: i64 = conn
            .query_row(
                "SELECT count(*) FROM stage_visit WHERE id = ?1 AND deal_id = ?2",
                [visit, deal],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            found, 1,
            "reported move of deal {deal} (visit {visit}) is on disk"
        );
    }
    println!(
        "{} reported moves survived {kills} SIGKILLs",
        reported.len()
    );
}
