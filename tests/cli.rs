//! The command line as a script uses it: JSON round trips, exit codes, error sentences.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("deals.db")
    }

    /// The binary on this env's database, with no user config and an English locale.
    fn cmd(&self) -> Command {
        self.cmd_on(&self.db())
    }

    fn cmd_on(&self, db: &Path) -> Command {
        let mut cmd = self.bare();
        cmd.arg("--db").arg(db);
        cmd
    }

    /// No `--db`: for `--demo` and the default database path.
    fn bare(&self) -> Command {
        let mut cmd = Command::cargo_bin("dealdeck").unwrap();
        cmd.env_remove("DEALDECK_DB")
            .env_remove("LC_ALL")
            .env_remove("LC_NUMERIC")
            .env("LANG", "C")
            .env("HOME", self.dir.path().join("home"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("DEALDECK_CONFIG", self.dir.path().join("no-config.toml"));
        cmd
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// Runs a command that must fail with `code`; returns its stderr.
    fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
        String::from_utf8(out.stderr).unwrap()
    }
}

#[test]
fn add_move_show_round_trip_on_a_fresh_file() {
    let env = Env::new();
    let added = env.json(&[
        "deal",
        "add",
        "--title",
        "Cloud migration",
        "--amount",
        "12.500,50",
        "--org",
        "Acme BV",
        "--contact",
        "Anna",
        "--owner",
        "Sanne",
        "--close-date",
        "31-12-2026",
        "--json",
    ]);
    let id = added["id"].as_i64().unwrap().to_string();
    assert_eq!(added["amount"], "12500.50");
    assert_eq!(added["currency"], "EUR");
    assert_eq!(added["stage"], "Consultation scheduled");
    assert_eq!(added["status"], "open");
    assert_eq!(added["expected_close_date"], "2026-12-31");

    let moved = env.json(&["deal", "move", &id, "verbal interest confirmed", "--json"]);
    assert_eq!(moved["stage"], "Verbal interest confirmed");
    let shown = env.json(&["deal", "show", &id, "--json"]);
    let history = shown["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["stage"], "Consultation scheduled");
    assert!(history[0]["exited_at"].is_string());
    assert!(history[1]["exited_at"].is_null());
    for key in [
        "id",
        "title",
        "pipeline",
        "stage",
        "status",
        "amount",
        "currency",
        "organization",
        "contact",
        "owner",
        "expected_close_date",
        "lost_reason",
        "created_at",
        "closed_at",
        "archived",
        "history",
    ] {
        assert!(shown.get(key).is_some(), "missing {key}");
    }
    let listed = env.json(&["deal", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert!(listed[0].get("history").is_none());
    // Plain id output for scripts.
    let second = env.ok(&["deal", "add", "--title", "Second"]);
    assert_eq!(second.trim(), "2");
}

#[test]
fn moving_to_lost_without_a_reason_exits_2_and_changes_nothing() {
    let env = Env::new();
    let id = env
        .ok(&["deal", "add", "--title", "Security audit"])
        .trim()
        .to_string();
    let before = env.ok(&["deal", "show", &id, "--json"]);
    let error = env.fails(2, &["deal", "move", &id, "Closed lost"]);
    assert!(
        error.contains("Closed lost") && error.contains("--reason"),
        "{error}"
    );
    assert_eq!(env.ok(&["deal", "show", &id, "--json"]), before);

    let lost = env.json(&[
        "deal",
        "move",
        &id,
        "Closed lost",
        "--reason",
        "Chose competitor",
        "--json",
    ]);
    assert_eq!(lost["status"], "lost");
    assert_eq!(lost["lost_reason"], "Chose competitor");
    assert!(lost["closed_at"].is_string());
    env.ok(&["deal", "edit", &id, "--reason", "No budget"]);
    let shown = env.json(&["deal", "show", &id, "--json"]);
    assert_eq!(shown["lost_reason"], "No budget");
    assert_eq!(shown["history"][1]["reason"], "No budget");
}

#[test]
fn round_trip_on_the_demo_database() {
    let env = Env::new();
    let demo = env.dir.path().join("demo.db");
    let demo_arg = demo.to_str().unwrap();
    let mut cmd = env.cmd();
    cmd.args([
        "demo",
        "--deals",
        "400",
        "--out",
        demo_arg,
        "--seed",
        "3",
        "--as-of",
        "2026-06-30",
    ]);
    cmd.assert().success();
    let on_demo = |args: &[&str]| {
        let out = env.cmd_on(&demo).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let open = on_demo(&["deal", "list", "--status", "open", "--json"]);
    let deal = open
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["stage"] == "Consultation scheduled")
        .expect("an open deal in the first stage");
    let id = deal["id"].to_string();
    let before = on_demo(&["deal", "show", &id, "--json"])["history"]
        .as_array()
        .unwrap()
        .len();
    let moved = on_demo(&["deal", "move", &id, "Terms finalization", "--json"]);
    assert_eq!(moved["stage"], "Terms finalization");
    assert_eq!(moved["history"].as_array().unwrap().len(), before + 1);
    let added = on_demo(&[
        "deal",
        "add",
        "--title",
        "Fresh lead",
        "--amount",
        "5000",
        "--json",
    ]);
    assert_eq!(
        on_demo(&["deal", "show", &added["id"].to_string(), "--json"])["title"],
        "Fresh lead"
    );
    assert!(env.db().exists().not());
}

trait Not {
    fn not(self) -> bool;
}
impl Not for bool {
    fn not(self) -> bool {
        !self
    }
}

#[test]
fn bad_amounts_dates_and_names_exit_2_naming_the_value() {
    let env = Env::new();
    env.ok(&["deal", "add", "--title", "Seed"]);
    for (amount, fragment) in [
        ("abc", "\"abc\" is not a number"),
        ("-5", "\"-5\" is negative"),
        ("1e5", "\"1e5\""),
        ("NaN", "\"NaN\""),
        ("1_000", "\"1_000\""),
        ("", "empty"),
        ("12,3,4", "\"12,3,4\""),
        ("12.345", "3 decimals"),
        ("99999999999999", "too large"),
    ] {
        let error = env.fails(2, &["deal", "add", "--title", "Bad", "--amount", amount]);
        assert!(error.contains(fragment), "{amount:?}: {error}");
        assert_eq!(error.trim().lines().count(), 1, "one sentence: {error}");
    }
    for date in ["31/02/2026", "tomorrow", "2026-13-01"] {
        let error = env.fails(2, &["deal", "add", "--title", "Bad", "--close-date", date]);
        assert!(error.contains(date), "{error}");
    }
    assert!(
        env.fails(2, &["deal", "move", "1", "Nowhere"])
            .contains("\"Nowhere\" is not in pipeline")
    );
    assert!(
        env.fails(2, &["deal", "show", "999"])
            .contains("deal 999 does not exist")
    );
    assert!(
        env.fails(2, &["deal", "add", "--title", "Bad", "--currency", "EURO"])
            .contains("\"EURO\"")
    );
    assert!(
        env.fails(2, &["deal", "add", "--title", "a\u{1b}[2Jb"])
            .contains("control characters")
    );
    assert!(
        env.fails(2, &["deal", "add", "--title", &"x".repeat(600)])
            .contains("600 characters")
    );
    assert!(
        env.fails(2, &["deal", "list", "--status", "maybe"])
            .contains("\"maybe\"")
    );
    assert!(
        env.fails(2, &["deal", "edit", "1"])
            .contains("nothing to change")
    );
    env.fails(2, &["deal", "frobnicate"]);
    assert_eq!(
        env.json(&["deal", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1,
        "nothing was added"
    );
}

#[test]
fn an_ambiguous_separator_follows_the_locale() {
    let env = Env::new();
    let dutch = env
        .cmd()
        .env("LANG", "nl_NL.UTF-8")
        .args([
            "deal", "add", "--title", "NL", "--amount", "1.234", "--json",
        ])
        .output()
        .unwrap();
    let dutch: Value = serde_json::from_slice(&dutch.stdout).unwrap();
    assert_eq!(dutch["amount"], "1234.00");
    let english = env
        .cmd()
        .env("LANG", "en_GB.UTF-8")
        .args([
            "deal", "add", "--title", "EN", "--amount", "1,234", "--json",
        ])
        .output()
        .unwrap();
    let english: Value = serde_json::from_slice(&english.stdout).unwrap();
    assert_eq!(english["amount"], "1234.00");
    // The config file wins over the environment.
    let config = env.dir.path().join("config.toml");
    std::fs::write(&config, "decimal_separator = \"comma\"\n").unwrap();
    let out = env
        .cmd()
        .env("LANG", "en_US.UTF-8")
        .env("DEALDECK_CONFIG", &config)
        .args([
            "deal", "add", "--title", "Cfg", "--amount", "1.234", "--json",
        ])
        .output()
        .unwrap();
    let configured: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(configured["amount"], "1234.00");
    std::fs::write(&config, "decimal_separator = \"semicolon\"\n").unwrap();
    let out = env
        .cmd()
        .env("DEALDECK_CONFIG", &config)
        .args(["deal", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("config.toml"));
}

#[test]
fn a_stale_edit_is_refused() {
    let env = Env::new();
    let id = env
        .ok(&["deal", "add", "--title", "Cloud"])
        .trim()
        .to_string();
    env.ok(&[
        "deal",
        "edit",
        &id,
        "--amount",
        "2000",
        "--expect-version",
        "1",
    ]);
    let error = env.fails(
        1,
        &[
            "deal",
            "edit",
            &id,
            "--amount",
            "3000",
            "--expect-version",
            "1",
        ],
    );
    assert!(error.contains("changed elsewhere"), "{error}");
    assert_eq!(
        env.json(&["deal", "show", &id, "--json"])["amount"],
        "2000.00"
    );
}

#[test]
fn archive_and_bring_back() {
    let env = Env::new();
    let id = env
        .ok(&["deal", "add", "--title", "Old lead"])
        .trim()
        .to_string();
    env.ok(&["deal", "archive", &id]);
    assert!(
        env.json(&["deal", "list", "--json"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    let archived = env.json(&["deal", "list", "--archived", "--json"]);
    assert_eq!(archived[0]["archived"], true);
    assert!(
        env.fails(2, &["deal", "archive", &id])
            .contains("already archived")
    );
    env.ok(&["deal", "archive", &id, "--undo"]);
    assert_eq!(
        env.json(&["deal", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn pipelines_show_apply_and_templates() {
    let env = Env::new();
    assert!(env.ok(&["pipeline", "templates"]).contains("leads"));
    assert!(
        env.ok(&["pipeline", "templates", "b2b"])
            .contains("name = \"B2B\"")
    );
    env.ok(&["pipeline", "apply", "--template", "b2b"]);
    let listed = env.json(&["pipeline", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert!(env.ok(&["pipeline", "show", "b2b"]).contains("Discovery"));

    let toml = env.ok(&["pipeline", "show", "--toml"]);
    let file = env.dir.path().join("services.toml");
    std::fs::write(&file, &toml).unwrap();
    assert!(
        env.ok(&["pipeline", "apply", file.to_str().unwrap()])
            .contains("nothing changed")
    );

    env.ok(&[
        "deal",
        "add",
        "--title",
        "Holds a stage",
        "--stage",
        "Sent for signature",
    ]);
    let without = toml.replace(
        "name = \"Sent for signature\"",
        "name = \"Signature pending\"",
    );
    std::fs::write(&file, without).unwrap();
    let error = env.fails(2, &["pipeline", "apply", file.to_str().unwrap()]);
    assert!(
        error.contains("\"Sent for signature\" still holds 1 deal"),
        "{error}"
    );
    assert!(env.ok(&["pipeline", "show"]).contains("Sent for signature"));

    std::fs::write(
        &file,
        "name = \"Broken\"\n[[stages]]\nname = \"Only\"\nkind = \"open\"\nprobability = 10\n",
    )
    .unwrap();
    assert!(
        env.fails(2, &["pipeline", "apply", file.to_str().unwrap()])
            .contains("won")
    );
}

#[test]
fn backup_and_check() {
    let env = Env::new();
    env.ok(&["deal", "add", "--title", "Keep me"]);
    let copy = env.dir.path().join("copy.db");
    env.ok(&["backup", copy.to_str().unwrap()]);
    assert!(env.ok(&["check"]).starts_with("ok:"));
    let out = env
        .cmd_on(&copy)
        .args(["deal", "list", "--json"])
        .output()
        .unwrap();
    let copied: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(copied[0]["title"], "Keep me");
    assert!(
        env.fails(2, &["backup", copy.to_str().unwrap()])
            .contains("already exists")
    );
}

fn refused(env: &Env, path: &Path) -> String {
    let before = std::fs::read(path).unwrap();
    let out = env.cmd_on(path).args(["deal", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(path).unwrap(), before);
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_foreign_file_is_refused_in_one_sentence() {
    let env = Env::new();
    let notes = env.dir.path().join("notes.txt");
    std::fs::write(&notes, "hello\n".repeat(200)).unwrap();
    let error = refused(&env, &notes);
    assert!(
        error.contains("notes.txt is not a dealdeck database"),
        "{error}"
    );
    assert_eq!(error.trim().lines().count(), 1);
}

#[test]
fn demo_is_deterministic_and_never_touches_the_users_file() {
    let env = Env::new();
    let write = |name: &str, seed: &str| {
        let path = env.dir.path().join(name);
        env.cmd()
            .args([
                "demo",
                "--deals",
                "300",
                "--out",
                path.to_str().unwrap(),
                "--seed",
                seed,
                "--as-of",
                "2026-05-01",
            ])
            .assert()
            .success();
        let out = env
            .cmd_on(&path)
            .args(["deal", "list", "--archived", "--json"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let a = write("a.db", "9");
    assert_eq!(a, write("b.db", "9"));
    assert_ne!(a, write("c.db", "10"));
    let deals: Value = serde_json::from_str(&a).unwrap();
    let deals = deals.as_array().unwrap();
    assert_eq!(deals.len(), 300);
    for status in ["open", "won", "lost"] {
        assert!(deals.iter().any(|d| d["status"] == status), "some {status}");
    }
    assert!(
        deals
            .iter()
            .filter(|d| d["status"] == "lost")
            .all(|d| d["lost_reason"].is_string())
    );
    assert!(
        env.fails(
            2,
            &[
                "demo",
                "--deals",
                "5",
                "--out",
                env.dir.path().join("a.db").to_str().unwrap()
            ]
        )
        .contains("already exists")
    );

    let out = env
        .bare()
        .args(["--demo", "deal", "list", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let demo: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(demo.as_array().unwrap().len() > 50);
    assert!(
        !env.dir.path().join("data").exists(),
        "--demo never creates the user's database"
    );
    let out = env
        .bare()
        .env("DEALDECK_DB", env.db())
        .args(["--demo", "deal", "list", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!env.db().exists(), "--demo ignores $DEALDECK_DB");
    // Without --db or $DEALDECK_DB the database lives in the platform data directory.
    env.bare()
        .args(["deal", "add", "--title", "Default place"])
        .assert()
        .success();
    assert!(env.dir.path().join("data/dealdeck/dealdeck.db").exists());
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    use std::io::{BufRead, BufReader};
    let env = Env::new();
    let demo = env.dir.path().join("big.db");
    env.bare()
        .args(["demo", "--deals", "3000", "--out", demo.to_str().unwrap()])
        .assert()
        .success();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dealdeck"))
        .env("DEALDECK_CONFIG", env.dir.path().join("none.toml"))
        .arg("--db")
        .arg(&demo)
        .args(["deal", "list"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.trim_start().starts_with("ID"), "{first}");
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}
