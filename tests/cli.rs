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

#[test]
fn a_stale_version_is_refused_even_when_the_value_is_unchanged() {
    let env = Env::new();
    env.ok(&["deal", "add", "--title", "Cloud", "--set", "Region=EU"]);
    env.ok(&["deal", "edit", "1", "--org", "Acme"]);
    // Version 1 is stale now; setting what is already there must still be refused.
    for args in [
        &["--set", "Region=EU"][..],
        &["--org", "Acme"][..],
        &["--unset", "Region"][..],
    ] {
        let mut all = vec!["deal", "edit", "1", "--expect-version", "1"];
        all.extend_from_slice(args);
        let error = env.fails(1, &all);
        assert!(error.contains("was changed elsewhere"), "{args:?}: {error}");
    }
    let deal = env.json(&["deal", "show", "1", "--json"]);
    assert_eq!(deal["version"], 2);
    assert_eq!(deal["data_points"]["Region"], "EU");
    // With the current version the same no-op edit goes through.
    env.ok(&[
        "deal",
        "edit",
        "1",
        "--set",
        "region=EU",
        "--expect-version",
        "2",
    ]);
    let error = env.fails(2, &["deal", "edit", "1", "--unset", "Budget"]);
    assert!(error.contains("has no data point \"Budget\""), "{error}");
}

#[test]
fn an_amount_naming_a_currency_is_not_stored_as_euros() {
    let env = Env::new();
    // Without --currency the deal takes the currency the amount names.
    for (amount, amount_out, currency) in [
        ("SEK 1 500", "1500.00", "SEK"),
        ("12 000 kr", "12000.00", "SEK"),
        ("$ 40", "40.00", "USD"),
        ("€ 12.000,-", "12000.00", "EUR"),
        ("7 500", "7500.00", "EUR"),
    ] {
        let deal = env.json(&["deal", "add", "--title", "T", "--amount", amount, "--json"]);
        assert_eq!(deal["amount"], amount_out, "{amount}");
        assert_eq!(deal["currency"], currency, "{amount}");
    }
    // An explicit --currency that agrees is fine; one that differs is refused naming both.
    let deal = env.json(&[
        "deal",
        "add",
        "--title",
        "T",
        "--amount",
        "12 000 kr",
        "--currency",
        "NOK",
        "--json",
    ]);
    assert_eq!(
        (&deal["amount"], &deal["currency"]),
        (&"12000.00".into(), &"NOK".into())
    );
    let error = env.fails(
        2,
        &[
            "deal",
            "add",
            "--title",
            "T",
            "--amount",
            "SEK 1 500",
            "--currency",
            "EUR",
        ],
    );
    assert!(
        error.contains("\"SEK 1 500\" is in SEK but --currency is EUR"),
        "{error}"
    );
    // On edit the amount may not change the deal's currency behind its back.
    let id = env.ok(&["deal", "add", "--title", "Euro deal", "--amount", "100"]);
    let id = id.trim();
    let error = env.fails(2, &["deal", "edit", id, "--amount", "$ 40"]);
    assert!(error.contains("USD") && error.contains("EUR"), "{error}");
    let error = env.fails(
        2,
        &["deal", "edit", id, "--amount", "$ 40", "--currency", "GBP"],
    );
    assert!(error.contains("USD") && error.contains("GBP"), "{error}");
    let deal = env.json(&["deal", "show", id, "--json"]);
    assert_eq!(
        (&deal["amount"], &deal["currency"]),
        (&"100.00".into(), &"EUR".into())
    );
    env.ok(&["deal", "edit", id, "--amount", "€ 250"]);
    let deal = env.json(&[
        "deal",
        "edit",
        id,
        "--amount",
        "$ 40",
        "--currency",
        "USD",
        "--json",
    ]);
    assert_eq!(
        (&deal["amount"], &deal["currency"]),
        (&"40.00".into(), &"USD".into())
    );
    // A report target in another currency is refused too.
    let error = env.fails(2, &["report", "--target", "SEK 100 000"]);
    assert!(error.contains("is in SEK, not EUR"), "{error}");
}

#[test]
fn creating_a_deal_in_a_gated_stage_needs_its_required_data_points() {
    let env = Env::new();
    let error = env.fails(
        2,
        &[
            "deal",
            "add",
            "--title",
            "Gated",
            "--stage",
            "Terms finalization",
        ],
    );
    assert!(
        error.contains(
            "stage \"Terms finalization\" requires the data point \"Product requirements\""
        ),
        "{error}"
    );
    assert!(
        error.contains("--set \"Product requirements\"=..."),
        "{error}"
    );
    // An empty value is not a value.
    env.fails(
        2,
        &[
            "deal",
            "add",
            "--title",
            "Gated",
            "--stage",
            "Terms finalization",
            "--set",
            "Product requirements= ",
        ],
    );
    assert_eq!(
        env.json(&["deal", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let deal = env.json(&[
        "deal",
        "add",
        "--title",
        "Gated",
        "--stage",
        "Terms finalization",
        "--set",
        "product requirements=Two sites",
        "--json",
    ]);
    assert_eq!(deal["stage"], "Terms finalization");
    assert_eq!(deal["data_points"]["product requirements"], "Two sites");

    // The gate is the store's, so the board's `n` meets it too: every missing key is named.
    let mut store = dealdeck::store::Store::open(env.db()).unwrap();
    let mut def = dealdeck::templates::template("classic").unwrap().unwrap();
    def.name = "Gated twice".into();
    let proposal = def
        .stages
        .iter_mut()
        .find(|s| s.name == "Proposal")
        .unwrap();
    proposal.data_points.push(dealdeck::domain::DataPoint {
        name: "Decision date".into(),
        required: true,
    });
    store.apply_pipeline(&def).unwrap();
    let pipeline = store.pipeline_named(Some("Gated twice")).unwrap();
    let mut new = dealdeck::domain::NewDeal::new(pipeline.id, "Store deal", pipeline.currency);
    new.stage_id = Some(pipeline.stage_named("Proposal").unwrap().id);
    let error = store
        .add_deal(&new, chrono::Utc::now())
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "stage \"Proposal\" requires the data points \"Budget\", \"Decision date\"; give them first (--set \"Budget\"=... --set \"Decision date\"=...)"
    );
    new.extra = [
        ("Budget".to_string(), "50k".to_string()),
        ("Decision date".to_string(), "Q3".to_string()),
    ]
    .into();
    store.add_deal(&new, chrono::Utc::now()).unwrap();
}

/// Puts hostile text straight into the file, as a damaged import or another tool could.
fn poison(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let extra = serde_json::json!({
        "key\u{1b}]52;c;aGVsbG8=\u{7}": "value\u{1b}[2J\u{1b}[H",
        "bidi": "abc\u{202e}fed\u{200b}\u{feff}\u{9b}31m",
    })
    .to_string();
    conn.execute(
        "UPDATE deal SET extra = ?1, title = 'T\u{1b}[31m' WHERE id = 1",
        [extra],
    )
    .unwrap();
    conn.execute(
        "UPDATE stage SET name = 'Evil\u{1b}[2J\u{202e}stage' WHERE name = 'Meeting'",
        [],
    )
    .unwrap();
    conn.execute(
        "UPDATE pipeline SET name = 'Pipe\u{1b}]0;owned\u{7}line' WHERE name = 'Classic'",
        [],
    )
    .unwrap();
}

fn inert(what: &str, text: &str) {
    for bad in [
        '\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{200b}', '\u{feff}',
    ] {
        assert!(!text.contains(bad), "{what} printed {bad:?} raw: {text:?}");
    }
}

#[test]
fn escape_sequences_from_the_database_never_reach_the_terminal() {
    let env = Env::new();
    env.ok(&["pipeline", "apply", "--template", "classic"]);
    env.ok(&[
        "deal",
        "add",
        "--title",
        "Deal",
        "--pipeline",
        "Classic",
        "--amount",
        "100",
    ]);
    env.ok(&["deal", "move", "1", "Meeting"]);
    poison(&env.db());
    let shown = env.ok(&["deal", "show", "1"]);
    inert("deal show", &shown);
    assert!(shown.contains("key\\u{1b}]52;c;aGVsbG8=\\u{7}"), "{shown}");
    assert!(
        shown.contains("abc\\u{202e}fed\\u{200b}\\u{feff}\\u{9b}31m"),
        "{shown}"
    );
    for args in [
        &["deal", "list"][..],
        &["deal", "show", "1", "--json"],
        &["deal", "list", "--json"],
        &["pipeline", "list"],
        &["pipeline", "list", "--json"],
        &["pipeline", "show", "Pipe\u{1b}]0;owned\u{7}line"],
        &["pipeline", "show", "Pipe\u{1b}]0;owned\u{7}line", "--json"],
        &["pipeline", "show", "Pipe\u{1b}]0;owned\u{7}line", "--toml"],
        &["report", "--pipeline", "Pipe\u{1b}]0;owned\u{7}line"],
        &[
            "report",
            "--pipeline",
            "Pipe\u{1b}]0;owned\u{7}line",
            "--json",
        ],
        &["fx", "list"],
        &["print", "board"],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        inert(&format!("{args:?}"), &String::from_utf8_lossy(&out.stdout));
        inert(
            &format!("{args:?} stderr"),
            &String::from_utf8_lossy(&out.stderr),
        );
    }
    // JSON keeps the exact text, only escaped.
    let deal = env.json(&["deal", "show", "1", "--json"]);
    assert_eq!(deal["stage"], "Evil\u{1b}[2J\u{202e}stage");
    assert_eq!(
        deal["data_points"]["bidi"],
        "abc\u{202e}fed\u{200b}\u{feff}\u{9b}31m"
    );
    // Error messages that list stored names are neutralised too.
    for args in [
        &["deal", "move", "1", "no such stage"][..],
        &["deal", "add", "--title", "x", "--pipeline", "nope"],
        &[
            "deal",
            "list",
            "--pipeline",
            "Pipe\u{1b}]0;owned\u{7}line",
            "--stage",
            "nope",
        ],
        &[
            "deal",
            "add",
            "--title",
            "x",
            "--amount",
            "\u{1b}]52;c;x\u{7}",
        ],
    ] {
        let error = env.fails(2, args);
        inert(&format!("{args:?}"), &error);
        assert!(error.contains("\\u{1b}"), "{args:?}: {error}");
    }
}

#[test]
fn a_bad_value_is_echoed_cut() {
    let env = Env::new();
    env.ok(&["deal", "add", "--title", "Seed"]);
    // Linux refuses a single argument over 128 KiB, so 100 000 characters stand for 266 KB.
    let huge = "7".repeat(100_000);
    let huge_text = "x".repeat(100_000);
    let cases: Vec<Vec<&str>> = vec![
        vec!["deal", "add", "--title", "T", "--amount", &huge],
        vec!["deal", "add", "--title", "T", "--amount", &huge_text],
        vec!["deal", "add", "--title", "T", "--close-date", &huge_text],
        vec!["deal", "add", "--title", "T", "--currency", &huge_text],
        vec!["deal", "add", "--title", "T", "--probability", &huge_text],
        vec!["deal", "add", "--title", "T", "--qualification", &huge_text],
        vec!["deal", "add", "--title", "T", "--stage", &huge_text],
        vec!["deal", "add", "--title", "T", "--pipeline", &huge_text],
        vec!["deal", "add", "--title", "T", "--set", &huge_text],
        vec!["deal", "edit", "1", "--amount", &huge],
        vec!["deal", "edit", "1", "--unset", &huge_text],
        vec!["deal", "move", "1", &huge_text],
        vec!["deal", "list", "--status", &huge_text],
        vec!["report", "--from", &huge_text],
        vec!["report", "--target", &huge],
        vec!["fx", "set", &huge_text, "1"],
        vec!["fx", "set", "USD", &huge_text],
        vec!["pipeline", "show", &huge_text],
        vec!["pipeline", "templates", &huge_text],
    ];
    for args in &cases {
        let error = env.fails(2, args);
        let what = &args[..args.len() - 1];
        assert!(
            error.chars().count() < 400,
            "{what:?} echoed {} characters",
            error.len()
        );
        assert!(error.contains("…\""), "{what:?}: {error}");
    }
    // A pipeline file's parse error names the place, not a copy of a 100 000-character line.
    let file = env.dir.path().join("bad.toml");
    for body in [
        format!("name = \"x\"\nbad = {huge_text}\n"),
        format!(
            "name = \"x\"\ncurrency = \"EUR\"\n[[stages]]\nname = \"a\"\nkind = \"{huge_text}\"\n"
        ),
    ] {
        std::fs::write(&file, body).unwrap();
        let error = env.fails(2, &["pipeline", "apply", file.to_str().unwrap()]);
        assert!(
            error.chars().count() < 400,
            "pipeline apply echoed {} characters",
            error.len()
        );
        assert!(error.contains("line "), "{error}");
    }
}

/// Presses keys on the board as a terminal reports them.
fn keys(app: &mut dealdeck::app::App, text: &str) {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for ch in text.chars() {
        let modifiers = if ch.is_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        app.handle_key(KeyEvent::new(KeyCode::Char(ch), modifiers));
    }
}

fn key(app: &mut dealdeck::app::App, code: ratatui::crossterm::event::KeyCode) {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Focuses the form's amount field and replaces what it holds with `amount`.
fn type_amount(app: &mut dealdeck::app::App, amount: &str) {
    use dealdeck::app::state::FieldKind;
    use ratatui::crossterm::event::KeyCode;
    let dealdeck::app::Mode::Form(form) = &app.state.mode else {
        panic!("the form is open");
    };
    let at = form
        .fields
        .iter()
        .position(|f| f.kind == FieldKind::Amount)
        .unwrap();
    let (from, old) = (form.focused, form.fields[at].value.chars().count());
    for _ in 0..at.saturating_sub(from) {
        key(app, KeyCode::Tab);
    }
    for _ in 0..old {
        key(app, KeyCode::Backspace);
    }
    keys(app, amount);
}

#[test]
fn the_board_form_takes_or_refuses_an_amounts_currency_like_the_command_line() {
    let env = Env::new();
    env.ok(&["deal", "add", "--title", "Euro deal", "--amount", "100"]);
    let config = dealdeck::config::Config {
        decimal_separator: Some(dealdeck::domain::DecimalSeparator::Dot),
        ..Default::default()
    };
    let open = || {
        let store = dealdeck::store::Store::open(env.db()).unwrap();
        dealdeck::app::App::new(store, &config, chrono::Utc::now()).unwrap()
    };
    // Editing: `$ 40` on a EUR deal is refused, the deal keeps its 100 EUR.
    let mut app = open();
    keys(&mut app, "e");
    type_amount(&mut app, "$ 40");
    key(&mut app, ratatui::crossterm::event::KeyCode::Enter);
    assert!(
        matches!(app.state.mode, dealdeck::app::Mode::Form(_)),
        "not saved"
    );
    let deal = env.json(&["deal", "show", "1", "--json"]);
    assert_eq!(
        (&deal["amount"], &deal["currency"]),
        (&"100.00".into(), &"EUR".into())
    );
    // A new deal takes the currency its amount names.
    let mut app = open();
    keys(&mut app, "n");
    keys(&mut app, "Krona deal");
    type_amount(&mut app, "SEK 1 500");
    key(&mut app, ratatui::crossterm::event::KeyCode::Enter);
    assert_eq!(app.state.mode, dealdeck::app::Mode::Normal);
    let deal = env.json(&["deal", "show", "2", "--json"]);
    assert_eq!(deal["title"], "Krona deal");
    assert_eq!(
        (&deal["amount"], &deal["currency"]),
        (&"1500.00".into(), &"SEK".into())
    );
}

/// Runs the binary with its standard output on a terminal (util-linux `script`), or `None`
/// with a note where `script` is not installed.
fn on_a_terminal(env: &Env, args: &str) -> Option<String> {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("note: `script` is not installed; skipping the terminal output check");
        return None;
    }
    let command = format!(
        "{} --db {} {args}",
        env!("CARGO_BIN_EXE_dealdeck"),
        env.db().display()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("DEALDECK_CONFIG", env.dir.path().join("no-config.toml"))
        .env("LANG", "C")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn an_export_shown_on_a_terminal_is_neutralised_and_a_piped_one_is_exact() {
    let env = Env::new();
    env.ok(&["pipeline", "apply", "--template", "classic"]);
    env.ok(&["deal", "add", "--title", "Deal", "--pipeline", "Classic"]);
    env.ok(&["deal", "move", "1", "Meeting"]);
    poison(&env.db());
    // Piped, the data is the data.
    let piped = env.ok(&["export"]);
    assert!(piped.contains("T\u{1b}[31m"));
    for format in ["csv", "json"] {
        let Some(shown) = on_a_terminal(&env, &format!("export --format {format}")) else {
            return;
        };
        inert(&format!("export --format {format} on a terminal"), &shown);
        assert!(
            !shown.contains("\\u{d}"),
            "record ends stay line ends: {shown}"
        );
        assert!(
            shown.contains("T\\u{1b}[31m") || shown.contains("T\\u001b[31m"),
            "{shown}"
        );
    }
}
