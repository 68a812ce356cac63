//! Files that are not what they seem, and files dealdeck writes: the open database is never
//! written over, a damaged or foreign file is never written to, a missing one is never
//! created by a command that only reads, and every storage error names the user's file.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn db(&self) -> PathBuf {
        self.path("deals.db")
    }

    fn run_on(&self, db: &Path, args: &[&str]) -> Output {
        Command::cargo_bin("dealdeck")
            .unwrap()
            .env_remove("DEALDECK_DB")
            .env("DEALDECK_CONFIG", self.path("no-config.toml"))
            .env("LANG", "C")
            .env("TZ", "UTC")
            .current_dir(self.dir.path())
            .arg("--db")
            .arg(db)
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let output = self.run_on(&self.db(), args);
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// Runs a command that must fail with `code`; returns its stderr.
    fn fails_on(&self, db: &Path, code: i32, args: &[&str]) -> String {
        let output = self.run_on(db, args);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(code), "{args:?}: {stderr}");
        stderr
    }

    fn fails(&self, code: i32, args: &[&str]) -> String {
        self.fails_on(&self.db(), code, args)
    }

    /// A database with a few deals, closed (so the file alone is complete).
    fn with_deals(self) -> Env {
        for title in ["Cloud migration", "Security audit", "Office fit-out"] {
            self.ok(&["deal", "add", "--title", title]);
        }
        self
    }

    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn export_over_the_open_database_is_refused_even_with_force() {
    let env = Env::new().with_deals();
    let db = env.db();
    let before = bytes(&db);
    std::fs::hard_link(&db, env.path("link.db")).unwrap();
    std::os::unix::fs::symlink(&db, env.path("symlink.db")).unwrap();
    let db_text = db.to_str().unwrap();
    for target in [
        db_text,
        "./deals.db",
        "link.db",
        "symlink.db",
        "deals.db-wal",
    ] {
        for force in [false, true] {
            let mut args = vec!["export", "--out", target];
            if force {
                args.push("--force");
            }
            let error = env.fails(2, &args);
            assert!(error.contains("the open database"), "{target}: {error}");
            assert!(!error.contains("left untouched"), "{error}");
        }
    }
    let error = env.fails(
        2,
        &["export", "--format", "xlsx", "--out", "deals.db", "--force"],
    );
    assert!(error.contains("the open database"), "{error}");
    let error = env.fails(2, &["backup", "deals.db", "--force"]);
    assert!(error.contains("the open database"), "{error}");
    assert_eq!(bytes(&db), before, "the database is byte-identical");
    assert!(env.ok(&["deal", "list"]).contains("Cloud migration"));
    assert!(env.ok(&["check", "--full"]).starts_with("ok"));
}

#[test]
fn written_files_refuse_an_existing_target_unless_forced_and_are_private() {
    let env = Env::new().with_deals();
    let cases: &[(&str, &[&str])] = &[
        ("out.csv", &["export", "--out", "out.csv"]),
        (
            "out.json",
            &["export", "--format", "json", "--out", "out.json"],
        ),
        (
            "out.xlsx",
            &["export", "--format", "xlsx", "--out", "out.xlsx"],
        ),
        ("copy.db", &["backup", "copy.db"]),
    ];
    for (name, args) in cases {
        let target = env.path(name);
        std::fs::write(&target, "precious").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
        let error = env.fails(2, args);
        assert!(
            error.contains("already exists") && error.contains("--force"),
            "{error}"
        );
        assert_eq!(bytes(&target), b"precious", "{name} left alone");
        let mut forced = args.to_vec();
        forced.push("--force");
        env.ok(&forced);
        assert_ne!(bytes(&target), b"precious", "{name} replaced");
        assert_eq!(mode(&target), 0o600, "{name} is private");
        std::fs::remove_file(&target).unwrap();
        env.ok(args);
        assert_eq!(mode(&target), 0o600, "{name} is private when new");
    }
    let demo = env.path("demo.db");
    std::fs::write(&demo, "precious").unwrap();
    let error = env.fails_on(
        &env.path("other.db"),
        2,
        &["demo", "--deals", "20", "--out", "demo.db"],
    );
    assert!(error.contains("already exists"), "{error}");
    assert_eq!(bytes(&demo), b"precious");
    env.ok(&["demo", "--deals", "20", "--out", "demo.db", "--force"]);
    assert_eq!(mode(&demo), 0o600);
    let error = env.fails(
        2,
        &["demo", "--deals", "20", "--out", "deals.db", "--force"],
    );
    assert!(error.contains("the open database"), "{error}");
    assert!(
        env.names().iter().all(|n| !n.contains(".partial")),
        "no temporary file left: {:?}",
        env.names()
    );
}

/// A tiny tmpfs of `size`, unmounted when dropped; `None` where mounting is not allowed.
struct TinyDisk {
    dir: PathBuf,
}

impl TinyDisk {
    fn mount(dir: PathBuf, size: &str) -> Option<TinyDisk> {
        std::fs::create_dir_all(&dir).unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .output()
            .is_ok_and(|o| o.status.success());
        if !mounted {
            eprintln!("skipped: cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)");
        }
        mounted.then_some(TinyDisk { dir })
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.dir).status();
    }
}

#[test]
fn an_export_that_runs_out_of_disk_leaves_no_file_under_its_name() {
    let env = Env::new();
    env.ok(&["demo", "--deals", "3000", "--out", "deals.db"]);
    let Some(disk) = TinyDisk::mount(env.path("disk"), "64k") else {
        return;
    };
    let target = disk.dir.join("deals.csv");
    let target_text = target.to_str().unwrap();
    let error = env.fails(1, &["export", "--out", target_text]);
    assert!(error.contains(target_text), "names the file: {error}");
    assert!(!target.exists(), "no partial file under the final name");
    let left: Vec<_> = std::fs::read_dir(&disk.dir).unwrap().collect();
    assert!(left.is_empty(), "the temporary file is removed: {left:?}");

    let copy = disk.dir.join("copy.db");
    let error = env.fails(1, &["backup", copy.to_str().unwrap()]);
    assert!(
        error.contains("copy.db") && !error.contains("partial"),
        "{error}"
    );
    assert!(!copy.exists());
    let error = env.fails(
        1,
        &[
            "demo",
            "--deals",
            "3000",
            "--out",
            disk.dir.join("d.db").to_str().unwrap(),
        ],
    );
    assert!(
        error.contains("d.db: the disk is full") && !error.contains("partial"),
        "names the user's file, not the temporary one: {error}"
    );
    assert_eq!(std::fs::read_dir(&disk.dir).unwrap().count(), 0);
}

/// Flips 64 bytes in the middle of the file, inside a b-tree page.
fn damage(path: &Path) {
    let mut data = bytes(path);
    let page = usize::from(u16::from_be_bytes([data[16], data[17]]));
    let middle = (data.len() / page / 2) * page + page / 2;
    for byte in &mut data[middle..middle + 64] {
        *byte ^= 0xFF;
    }
    std::fs::write(path, data).unwrap();
}

#[test]
fn a_damaged_file_is_refused_by_every_write_and_left_byte_identical() {
    let env = Env::new();
    env.ok(&["demo", "--deals", "2000", "--out", "deals.db"]);
    damage(&env.db());
    let before = bytes(&env.db());
    let import = env.path("rows.csv");
    let sound = env.path("sound.db");
    env.ok(&["demo", "--deals", "20", "--out", "sound.db"]);
    let exported = env.run_on(&sound, &["export", "--out", import.to_str().unwrap()]);
    assert!(exported.status.success());
    let writes: &[&[&str]] = &[
        &["deal", "add", "--title", "Fresh deal"],
        &["deal", "move", "1", "Closed won"],
        &["deal", "note", "1", "called"],
        &["deal", "archive", "1"],
        &["fx", "set", "USD", "0.9"],
        &["pipeline", "apply", "--template", "b2b"],
        &["import", import.to_str().unwrap()],
        &["churn", "--count", "3"],
    ];
    for args in writes {
        let output = env.run_on(&env.db(), args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !output.status.success(),
            "{args:?} succeeded on a damaged file"
        );
        if stderr.contains("damaged") {
            assert!(
                stderr.contains("dealdeck check") && stderr.contains("dealdeck backup"),
                "{args:?}: {stderr}"
            );
        }
        assert_eq!(
            bytes(&env.db()),
            before,
            "{args:?} left the file byte-identical"
        );
    }
    let error = env.fails(1, &["deal", "add", "--title", "Fresh deal"]);
    assert!(error.contains("deals.db is damaged"), "{error}");
    assert!(error.lines().count() == 1, "one sentence: {error}");
    // The ways out still work.
    let report = env.run_on(&env.db(), &["check"]);
    assert_eq!(report.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&report.stdout).contains("problem: sqlite:"));
    env.ok(&["backup", "saved.db"]);
    assert_eq!(bytes(&env.db()), before);
}

/// A dealdeck database changed by hand with `sql`.
fn tampered(env: &Env, name: &str, sql: &str) -> PathBuf {
    let path = env.path(name);
    std::fs::copy(env.db(), &path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(sql).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    drop(conn);
    path
}

#[test]
fn a_file_with_a_foreign_schema_is_refused_and_check_names_what_differs() {
    let env = Env::new().with_deals();
    let cases = [
        (
            "trigger.db",
            "CREATE TRIGGER wipe_notes AFTER INSERT ON note BEGIN DELETE FROM note; END;",
            "an extra trigger wipe_notes",
        ),
        ("dropped.db", "DROP TABLE activity;", "no table activity"),
        (
            "unindexed.db",
            "DROP INDEX visit_one_open_per_deal;",
            "no index visit_one_open_per_deal",
        ),
        (
            "indexed.db",
            "CREATE INDEX deal_by_title ON deal(title);",
            "an extra index deal_by_title",
        ),
        (
            "view.db",
            "CREATE VIEW open_deals AS SELECT * FROM deal;",
            "an extra view open_deals",
        ),
        (
            "changed.db",
            "DROP INDEX note_by_stage; CREATE INDEX note_by_stage ON note(created_at);",
            "a changed index note_by_stage",
        ),
    ];
    for (name, sql, named) in cases {
        let path = tampered(&env, name, sql);
        let before = bytes(&path);
        for args in [
            &["deal", "list"][..],
            &["deal", "add", "--title", "x"],
            &["report"],
        ] {
            let error = env.fails_on(&path, 1, args);
            assert!(
                error.contains(name) && error.contains("did not make") && error.contains(named),
                "{name} {args:?}: {error}"
            );
        }
        let check = env.run_on(&path, &["check", "--full"]);
        assert_eq!(check.status.code(), Some(1), "{name}");
        let listed = String::from_utf8_lossy(&check.stdout);
        assert!(
            listed.contains(&format!("problem: schema: {named}")),
            "{name}: {listed}"
        );
        assert_eq!(bytes(&path), before, "{name} left untouched");
    }
}

#[test]
fn read_only_commands_on_a_missing_database_exit_2_and_create_nothing() {
    let env = Env::new();
    let missing = env.path("typo/nested/deals.db");
    let reads: &[&[&str]] = &[
        &["deal", "list"],
        &["deal", "show", "1"],
        &["deal", "move", "1", "Won"],
        &["report"],
        &["report", "--json"],
        &["export"],
        &["export", "--out", "x.csv"],
        &["print", "board"],
        &["check"],
        &["backup", "copy.db"],
        &["pipeline", "list"],
        &["pipeline", "show"],
        &["fx", "list"],
    ];
    for args in reads {
        for db in [&missing, &env.db()] {
            let error = env.fails_on(db, 2, args);
            assert!(
                error.contains(&format!("no database at {}", db.display())),
                "{args:?}: {error}"
            );
        }
    }
    assert!(env.names().is_empty(), "nothing created: {:?}", env.names());

    let empty = env.path("empty.db");
    std::fs::write(&empty, "").unwrap();
    for args in reads {
        let error = env.fails_on(&empty, 2, args);
        assert!(
            error.contains("empty.db is an empty file"),
            "{args:?}: {error}"
        );
    }
    assert_eq!(bytes(&empty), b"", "not initialised");
    assert_eq!(env.names(), ["empty.db"]);

    // Commands that add data still create the file.
    env.ok(&["fx", "set", "USD", "0.9"]);
    assert!(env.ok(&["fx", "list"]).contains("USD"));
    let added = env.run_on(&missing, &["deal", "add", "--title", "First"]);
    assert!(added.status.success());
    assert!(missing.exists());
}

#[test]
fn a_database_deleted_or_replaced_under_an_open_store_refuses_writes() {
    use dealdeck::store::Store;
    let env = Env::new().with_deals();
    let db = env.db();
    let other = env.path("other.db");
    std::fs::copy(&db, &other).unwrap();
    let mut store = Store::open(&db).unwrap();
    let pipeline = store.pipeline_named(None).unwrap();
    let new = dealdeck::domain::NewDeal::new(pipeline.id, "Lost in the void", pipeline.currency);
    store.add_deal(&new, chrono::Utc::now()).unwrap();

    std::fs::rename(&other, &db).unwrap();
    let replaced = bytes(&db);
    let error = store.add_deal(&new, chrono::Utc::now()).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains(&db.display().to_string())
            && message.contains("deleted or replaced")
            && message.contains("nothing was saved"),
        "{message}"
    );
    assert!(store.data_version().is_err(), "the change poll notices too");
    assert!(store.check_still_at_path().is_err());
    assert!(
        store
            .set_exchange_rate(&dealdeck::metrics::ExchangeRate {
                base: pipeline.currency,
                currency: "USD".parse().unwrap(),
                valid_from: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                rate: rust_decimal::Decimal::ONE,
            })
            .is_err(),
        "a write outside a deal transaction is refused too"
    );
    drop(store);
    assert_eq!(bytes(&db), replaced, "the new file was not written");

    let mut store = Store::open(&db).unwrap();
    std::fs::remove_file(&db).unwrap();
    let error = store.add_deal(&new, chrono::Utc::now()).unwrap_err();
    assert!(error.to_string().contains("deleted or replaced"), "{error}");
}

#[test]
fn leftovers_of_killed_processes_are_cleaned_up_by_the_next_open() {
    let env = Env::new().with_deals();
    let mut child = std::process::Command::new("true").spawn().unwrap();
    child.wait().unwrap();
    let dead = child.id();
    let alive = std::process::id();
    let dead_ones = [
        format!("deals.db.new-{dead}-123"),
        format!("deals.db.new-{dead}-123-wal"),
        format!("deals.db.new-{dead}-123-shm"),
        format!("deals.db.partial-{dead}-Xa1b2c"),
        "deals.db.partial".to_string(),
        "deals.db.partial-wal".to_string(),
    ];
    let kept = [
        format!("deals.db.new-{alive}-456"),
        "deals.db.v1-backup-20260101T000000".to_string(),
        "deals.db.partialities".to_string(),
        "other.db.partial".to_string(),
    ];
    for name in dead_ones.iter().chain(&kept) {
        std::fs::write(env.path(name), "leftover").unwrap();
    }
    // Without a process id, only age tells a leftover from a file being written.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 3_600);
    for name in [
        "deals.db.partial",
        "deals.db.partial-wal",
        "deals.db.partialities",
    ] {
        std::fs::File::options()
            .write(true)
            .open(env.path(name))
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    env.ok(&["deal", "list"]);
    let names = env.names();
    for name in &dead_ones {
        assert!(!names.contains(name), "{name} removed: {names:?}");
    }
    for name in &kept[..2] {
        assert!(names.contains(name), "{name} kept: {names:?}");
    }
    assert!(names.contains(&"other.db.partial".to_string()));
}

#[test]
fn storage_errors_name_the_users_file() {
    let env = Env::new().with_deals();
    let db = env.db();
    let db_text = db.display().to_string();
    // Root ignores permission bits; an immutable file is refused even to root.
    let immutable = std::process::Command::new("chattr")
        .arg("+i")
        .arg(&db)
        .status()
        .is_ok_and(|s| s.success());
    if immutable {
        let error = env.fails(1, &["deal", "add", "--title", "Blocked"]);
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&db)
            .status();
        assert!(
            error.contains(&format!(
                "cannot write {db_text}: the file or its folder is read-only"
            )),
            "{error}"
        );
    } else {
        eprintln!("skipped the read-only case: chattr +i is not available here");
    }

    // Another user (root passes every permission check): the folder is 0700, root's.
    let as_nobody = |db: &Path, args: &[&str]| {
        std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_dealdeck"))
            .env("DEALDECK_CONFIG", "/nonexistent-dealdeck/none.toml")
            .arg("--db")
            .arg(db)
            .args(args)
            .output()
    };
    match as_nobody(&db, &["deal", "list"]) {
        // setpriv itself fails when this test does not run as root.
        Ok(output) if !String::from_utf8_lossy(&output.stderr).starts_with("setpriv") => {
            let error = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(1), "{error}");
            assert!(
                error.contains(&format!("cannot open {db_text}: permission denied")),
                "{error}"
            );
        }
        _ => eprintln!("skipped the permission case: needs root and setpriv to run as nobody"),
    }

    let Some(disk) = TinyDisk::mount(env.path("disk"), "300k") else {
        return;
    };
    let small = disk.dir.join("small.db");
    std::fs::copy(&db, &small).unwrap();
    let csv = env.path("big.csv");
    let big = env.path("big.db");
    env.ok(&["demo", "--deals", "3000", "--out", "big.db"]);
    let exported = env.run_on(&big, &["export", "--out", csv.to_str().unwrap()]);
    assert!(exported.status.success());
    let error = env.fails_on(&small, 1, &["import", csv.to_str().unwrap()]);
    assert!(
        error.contains(&small.display().to_string()),
        "names the file: {error}"
    );
    assert!(!error.contains("database error"), "{error}");
}
