//! Team mode end to end: two real boards in tmux on one PostgreSQL database
//! (`DEALDECK_TEST_PG`, a fresh database per test as tests/contract.rs makes); a move in one
//! shows in the other within a second, with the message naming it. Skipped, with a note,
//! without tmux or a server — except under `CI=true`, where either missing fails the test.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod scratch;
use scratch::Scratch;

use std::process::Command;
use std::time::{Duration, Instant};

use common::*;
use dealdeck::store::{PgStore, Repository};

/// A tmux server of this test's own, with one session per board.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(name: &str) -> Option<Tmux> {
        let found = Command::new("tmux").arg("-V").output();
        if !found.is_ok_and(|o| o.status.success()) {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "tmux is not installed: the end-to-end team test cannot run under CI"
            );
            eprintln!("note: tmux is not installed; skipping the end-to-end team test");
            return None;
        }
        Some(Tmux {
            socket: format!("dealdeck-team-{}-{name}", std::process::id()),
        })
    }

    fn run(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn screen(&self, session: &str) -> String {
        self.run(&["capture-pane", "-p", "-t", session])
    }

    /// Waits until `text` is on the session's screen; how long it took.
    fn wait_for(&self, session: &str, text: &str, limit: Duration) -> Duration {
        let start = Instant::now();
        while !self.screen(session).contains(text) {
            assert!(
                start.elapsed() < limit,
                "{text:?} did not appear in {session} within {limit:?}:\n{}",
                self.screen(session)
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        start.elapsed()
    }

    fn key(&self, session: &str, key: &str) {
        self.run(&["send-keys", "-t", session, key]);
    }

    /// Opens a board on `url` in a new session of `width`×`height`, as the user named like
    /// the session.
    fn board(&self, session: &str, url: &str, config: &std::path::Path, size: (u16, u16)) {
        let script = format!(
            "DEALDECK_CONFIG='{}' '{}' --user {session} --db '{url}'; sleep 60",
            config.display(),
            env!("CARGO_BIN_EXE_dealdeck"),
        );
        let (width, height) = (size.0.to_string(), size.1.to_string());
        self.run(&[
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            &width,
            "-y",
            &height,
            "sh",
            "-c",
            &script,
        ]);
        self.wait_for(session, "Consultation", Duration::from_secs(20));
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

#[test]
fn a_move_on_one_board_shows_on_the_other_within_a_second() {
    let Some(tmux) = Tmux::start("move") else {
        return;
    };
    let Some(scratch) = Scratch::new("move") else {
        return;
    };
    let mut store = PgStore::open(&scratch.url).unwrap();
    let pipeline = store.pipeline_named(None).unwrap();
    for (title, org, amount) in [
        ("Acme renewal", "Acme BV", 12_500),
        ("Website redesign", "Fjällvik Marine AB", 30_600),
    ] {
        store
            .add_deal(&new_deal(&pipeline, title, org, amount), created())
            .unwrap();
    }
    drop(store);
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("no-config.toml");
    let url = format!("{}?sslmode=disable", scratch.url.redacted());
    tmux.board("sanne", &url, &config, (120, 40));
    tmux.board("pieter", &url, &config, (80, 24));

    // Sanne moves the first card on; Pieter's board shows it with the message naming it and
    // who moved it.
    let moved = "'Acme renewal' moved to Verbal interest confirmed elsewhere (by sanne)";
    tmux.key("sanne", "L");
    let took = tmux.wait_for("pieter", moved, Duration::from_secs(1));
    eprintln!("the move showed on the other board in {took:?}");
    let screen = tmux.screen("pieter");
    assert!(
        screen.contains("Verbal interest") && screen.contains("(1)"),
        "{screen}"
    );

    // Pieter's focus followed the deal it was on; back in the first column he moves the
    // other card, and the move reaches Sanne's board.
    tmux.key("pieter", "h");
    tmux.key("pieter", "L");
    tmux.wait_for(
        "sanne",
        "'Website redesign' moved to Verbal interest confirmed elsewhere (by pieter)",
        Duration::from_secs(1),
    );
    assert!(
        !tmux.screen("sanne").contains("'Acme renewal' moved"),
        "a board's own move is no message of change elsewhere"
    );
    tmux.key("sanne", "q");
    tmux.key("pieter", "q");
}
