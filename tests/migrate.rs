//! Moving a workspace in and out (`migrate --to`, `backup` and `check` on a server), and
//! `database` in config.toml. The server tests use `DEALDECK_TEST_PG` as tests/contract.rs
//! does: without it they print a note and pass, except under `CI=true`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod scratch;
use scratch::Scratch;

use std::path::Path;
use std::process::Output;

/// The binary with no user config, no `$DEALDECK_DB`, an English locale.
fn dealdeck(home: &Path, db: Option<&str>, args: &[&str]) -> Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_dealdeck"));
    if let Some(db) = db {
        command.arg("--db").arg(db);
    }
    command
        .args(args)
        .env_remove("DEALDECK_DB")
        .env_remove("LC_ALL")
        .env("LANG", "C")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("DEALDECK_CONFIG", home.join("no-config.toml"))
        .output()
        .unwrap()
}

fn ok(home: &Path, db: &str, args: &[&str]) -> String {
    let out = dealdeck(home, Some(db), args);
    assert!(
        out.status.success(),
        "{args:?} on {db}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn demo(home: &Path, file: &Path) {
    let out = dealdeck(
        home,
        None,
        &[
            "demo",
            "--out",
            file.to_str().unwrap(),
            "--deals",
            "300",
            "--seed",
            "11",
            "--as-of",
            "2026-06-30",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What must come through a move unchanged: the figures and a sample of deals in full.
fn fingerprint(home: &Path, db: &str) -> Vec<String> {
    let mut seen = vec![ok(
        home,
        db,
        &[
            "report",
            "--json",
            "--from",
            "2026-04-01",
            "--to",
            "2026-06-30",
            "--as-of",
            "2026-06-30",
            "--target",
            "250000",
        ],
    )];
    for id in ["1", "2", "57", "150", "299", "300"] {
        seen.push(ok(home, db, &["deal", "show", id, "--json"]));
    }
    seen.push(ok(home, db, &["activity", "list", "--json"]));
    seen.push(ok(home, db, &["pipeline", "show", "--json"]));
    seen.push(ok(home, db, &["fx", "list"]));
    seen
}

#[test]
fn a_demo_workspace_goes_file_to_server_to_file_unchanged() {
    let Some(scratch) = Scratch::new("roundtrip") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let file = home.join("demo.db");
    demo(home, &file);
    let file = file.to_str().unwrap();
    // A rate, a note and a lost reason of the person's own, so every table holds rows.
    ok(
        home,
        file,
        &["fx", "set", "SEK", "0,087", "--date", "2026-01-01"],
    );
    ok(
        home,
        file,
        &["deal", "note", "57", "Wants a demo on Tuesday"],
    );
    let before = fingerprint(home, file);

    let server = scratch.db();
    let moved = ok(home, file, &["migrate", "--to", &server]);
    assert!(moved.contains("300 deals"), "{moved}");
    assert!(!moved.contains("hunter2"));
    assert_eq!(fingerprint(home, &server), before, "SQLite → PostgreSQL");
    assert!(ok(home, &server, &["check"]).starts_with("ok: "));

    let back = home.join("back.db");
    let back = back.to_str().unwrap();
    ok(home, &server, &["migrate", "--to", back]);
    assert_eq!(fingerprint(home, back), before, "PostgreSQL → SQLite");
    assert!(ok(home, back, &["check", "--full"]).starts_with("ok: "));

    // A backup of the server is the same copy.
    let backup = home.join("backup.db");
    ok(home, &server, &["backup", backup.to_str().unwrap()]);
    assert_eq!(fingerprint(home, backup.to_str().unwrap()), before);

    // Ids were kept, and new ones come after them on both sides.
    for db in [server.as_str(), back] {
        let id = ok(home, db, &["deal", "add", "--title", "After the move"]);
        assert_eq!(id.trim(), "301", "{db}");
    }
    let mut client = scratch.client();
    let next: i64 = client
        .query_one(
            "INSERT INTO stage_visit (deal_id, stage_id, entered_at, exited_at)
             VALUES (1, 1, 0, 0) RETURNING id",
            &[],
        )
        .unwrap()
        .get(0);
    let most: i64 = client
        .query_one("SELECT max(id) FROM stage_visit WHERE id <> $1", &[&next])
        .unwrap()
        .get(0);
    assert!(next > most, "visit ids continue after the copied ones");
}

#[test]
fn a_target_that_holds_data_is_refused_and_left_as_it_was() {
    let Some(scratch) = Scratch::new("refuse") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let file = home.join("demo.db");
    demo(home, &file);
    let file = file.to_str().unwrap();
    let server = scratch.db();
    ok(home, &server, &["deal", "add", "--title", "Already here"]);
    let refused = dealdeck(home, Some(file), &["migrate", "--to", &server]);
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("is not empty") && said.contains("1 deal row(s)"),
        "{said}"
    );
    let listed: serde_json::Value =
        serde_json::from_str(&ok(home, &server, &["deal", "list", "--json"])).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);

    // A file that holds deals, and the source itself, are refused too.
    let other = home.join("other.db");
    let other = other.to_str().unwrap();
    ok(home, other, &["deal", "add", "--title", "Mine"]);
    for target in [other, file] {
        let refused = dealdeck(home, Some(file), &["migrate", "--to", target]);
        assert_eq!(refused.status.code(), Some(2), "{target}");
        assert!(String::from_utf8_lossy(&refused.stderr).contains("is not empty"));
    }
    assert_eq!(
        ok(home, other, &["deal", "list", "--json"])
            .matches("\"id\"")
            .count(),
        1
    );
    // A new workspace that holds only its defaults takes the copy.
    let fresh = home.join("fresh.db");
    let fresh = fresh.to_str().unwrap();
    ok(
        home,
        fresh,
        &["pipeline", "apply", "--template", "services"],
    );
    ok(home, file, &["migrate", "--to", fresh]);
    assert_eq!(fingerprint(home, fresh), fingerprint(home, file));
}

#[test]
fn a_copy_that_fails_writes_nothing() {
    let Some(scratch) = Scratch::new("fails") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let file = home.join("demo.db");
    demo(home, &file);
    // A NUL in a note: SQLite keeps it, PostgreSQL text cannot hold it. The copy fails at
    // the notes, after pipelines, deals and visits went in.
    rusqlite::Connection::open(&file)
        .unwrap()
        .execute(
            "INSERT INTO note (deal_id, stage_id, body, created_at)
             SELECT id, stage_id, 'bad' || char(0) || 'byte', created_at FROM deal WHERE id = 3",
            [],
        )
        .unwrap();
    let file = file.to_str().unwrap();
    let server = scratch.db();
    let failed = dealdeck(home, Some(file), &["migrate", "--to", &server]);
    assert!(!failed.status.success());
    let said = String::from_utf8_lossy(&failed.stderr);
    assert!(
        said.contains("0x00") && said.contains("copying table note"),
        "{said}"
    );
    // The blank database was set up inside the copy's transaction: it is blank again.
    let tables: i64 = scratch
        .client()
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 0, "tables after a failed copy");
    // A workspace holding only its defaults is still empty to a copy, and ends unchanged.
    ok(
        home,
        &server,
        &["pipeline", "apply", "--template", "services"],
    );
    let failed = dealdeck(home, Some(file), &["migrate", "--to", &server]);
    assert!(!failed.status.success());
    let mut client = scratch.client();
    for table in ["deal", "stage_visit", "note", "activity"] {
        let rows: i64 = client
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])
            .unwrap()
            .get(0);
        assert_eq!(rows, 0, "{table} after a failed copy");
    }
    let pipelines: i64 = client
        .query_one("SELECT count(*) FROM pipeline", &[])
        .unwrap()
        .get(0);
    assert_eq!(pipelines, 1, "the default pipeline is back");

    // The other way: a server column the file has no place for is refused, naming it, and
    // the new file never appears.
    let target = Scratch::new("fails_back").unwrap();
    ok(home, &target.db(), &["deal", "add", "--title", "Wide"]);
    target
        .client()
        .batch_execute("ALTER TABLE deal ADD COLUMN region TEXT")
        .unwrap();
    let out = home.join("out.db");
    let refused = dealdeck(
        home,
        Some(&target.db()),
        &["migrate", "--to", out.to_str().unwrap()],
    );
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("column deal.region"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let left: Vec<_> = std::fs::read_dir(home)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|name| name.starts_with("out.db"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // `check` on the server names the column that is not dealdeck's.
    let checked = dealdeck(home, Some(&target.db()), &["check"]);
    assert_eq!(checked.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&checked.stdout).contains("deal.region"),
        "{}",
        String::from_utf8_lossy(&checked.stdout)
    );
}

#[test]
fn check_on_a_server_finds_broken_rules() {
    let Some(scratch) = Scratch::new("check") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let server = scratch.db();
    ok(home, &server, &["deal", "add", "--title", "Sound"]);
    let clean = ok(home, &server, &["check"]);
    assert!(
        clean.starts_with("ok: ") && clean.contains("1 deals"),
        "{clean}"
    );
    // Behind dealdeck's back: a second open visit (index dropped), a row pointing nowhere
    // (triggers off), money as a decimal.
    scratch
        .client()
        .batch_execute(
            "DROP INDEX visit_one_open_per_deal;
             INSERT INTO stage_visit (deal_id, stage_id, entered_at) VALUES (1, 1, 0);
             ALTER TABLE note DISABLE TRIGGER ALL;
             INSERT INTO note (deal_id, stage_id, body, created_at) VALUES (77, 1, 'x', 0);
             ALTER TABLE activity ALTER COLUMN due_at TYPE numeric;",
        )
        .unwrap();
    let found = dealdeck(home, Some(&server), &["check"]);
    assert_eq!(found.status.code(), Some(1));
    let said = String::from_utf8_lossy(&found.stdout);
    for expected in [
        "schema: missing index visit_one_open_per_deal",
        "deals with more than one open stage visit: 1",
        "foreign key: 1 note row(s) point at a missing deal",
        "schema: not dealdeck's column activity.due_at numeric",
    ] {
        assert!(said.contains(expected), "{expected}: {said}");
    }
}

#[test]
fn the_config_file_names_the_database_after_db_and_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let config = home.join("config.toml");
    std::fs::write(&config, "database = \"~/from-config.db\"\n").unwrap();
    let run = |db: Option<&str>, env: Option<&str>, title: &str| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_dealdeck"));
        if let Some(db) = db {
            command.arg("--db").arg(db);
        }
        command.env_remove("DEALDECK_DB");
        if let Some(env) = env {
            command.env("DEALDECK_DB", env);
        }
        let out = command
            .args(["deal", "add", "--title", title])
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("DEALDECK_CONFIG", &config)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let flag = home.join("flag.db");
    let env = home.join("env.db");
    run(None, None, "Config");
    run(None, Some(env.to_str().unwrap()), "Environment");
    run(
        Some(flag.to_str().unwrap()),
        Some(env.to_str().unwrap()),
        "Flag",
    );
    let titles = |db: &Path| {
        let listed: serde_json::Value =
            serde_json::from_str(&ok(home, db.to_str().unwrap(), &["deal", "list", "--json"]))
                .unwrap();
        listed
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["title"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(titles(&home.join("from-config.db")), ["Config"]);
    assert_eq!(titles(&env), ["Environment"]);
    assert_eq!(titles(&flag), ["Flag"]);
    assert!(
        !home.join("data").exists(),
        "the default path was never used"
    );
}

#[test]
fn backup_and_check_on_a_server_print_json_objects() {
    let Some(scratch) = Scratch::new("json") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let server = scratch.db();
    ok(home, &server, &["deal", "add", "--title", "Sound"]);
    let check: serde_json::Value =
        serde_json::from_str(&ok(home, &server, &["check", "--json"])).unwrap();
    assert_eq!(check["ok"], true, "{check}");
    assert_eq!(check["deals"], 1);
    assert!(!check["database"].as_str().unwrap().is_empty());
    let copy = home.join("saved.db");
    let out = ok(home, &server, &["backup", copy.to_str().unwrap(), "--json"]);
    let backup: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(backup["file"], copy.display().to_string());
    assert!(backup["rows"].as_u64().unwrap() >= 3, "{backup}");
    assert_eq!(
        backup["bytes"].as_u64().unwrap(),
        std::fs::metadata(&copy).unwrap().len()
    );
    assert!(!backup["source"].as_str().unwrap().contains("password"));
}
