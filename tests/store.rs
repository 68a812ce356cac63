//! Store integration tests on real temp files: atomic moves, history, refusal of foreign
//! files, migration with backup, and optimistic concurrency between two connections.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use dealdeck::domain::{DealId, DealPatch, NewDeal, PipelineDef, StageKind};
use dealdeck::store::{Access, DealFilter, Store, StoreError};
use dealdeck::templates::{TEMPLATES, template};
use rust_decimal::Decimal;

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, hour, 0, 0).unwrap()
}

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deals.db");
    (dir, path)
}

fn add(store: &mut Store, title: &str) -> DealId {
    let pipeline = store.pipeline_named(None).unwrap();
    let mut new = NewDeal::new(pipeline.id, title, pipeline.currency);
    new.amount = Decimal::new(1_250_050, 2);
    new.extra
        .insert("Product requirements".into(), "20 seats".into());
    store.add_deal(&new, at(8)).unwrap().id
}

fn stage(store: &Store, name: &str) -> dealdeck::domain::StageId {
    store
        .pipeline_named(None)
        .unwrap()
        .stage_named(name)
        .unwrap()
        .id
}

fn snapshot(
    store: &Store,
    id: DealId,
) -> (dealdeck::domain::Deal, Vec<dealdeck::domain::StageVisit>) {
    (store.deal(id).unwrap(), store.history(id).unwrap())
}

#[test]
fn a_new_database_has_the_default_pipeline_and_is_private() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    let pipeline = store.pipeline_named(None).unwrap();
    assert_eq!(pipeline.name, "Services");
    assert_eq!(pipeline.stages.len(), 6);
    assert_eq!(store.lost_reasons().unwrap().len(), 8);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    drop(store);
    // Opening again seeds nothing twice.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.pipelines().unwrap().len(), 1);
    assert_eq!(store.lost_reasons().unwrap().len(), 8);
}

#[test]
fn every_template_loads_and_applies() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    for (key, _) in TEMPLATES {
        let def = template(key).unwrap().unwrap();
        let report = store.apply_pipeline(&def).unwrap();
        let pipeline = store.pipeline_named(Some(&def.name)).unwrap();
        assert_eq!(pipeline.stages.len(), def.stages.len(), "{key}");
        for (stored, wanted) in pipeline.stages.iter().zip(&def.stages) {
            assert_eq!(stored.name, wanted.name);
            assert_eq!(stored.kind, wanted.kind);
            assert_eq!(stored.playbook, wanted.playbook());
        }
        assert_eq!(
            pipeline
                .stages
                .iter()
                .filter(|s| s.kind == StageKind::Won)
                .count(),
            1
        );
        // Applying the same file again changes nothing.
        let again = store.apply_pipeline(&def).unwrap();
        assert!(
            !again.created && again.added.is_empty() && again.updated.is_empty(),
            "{key}: {report:?} then {again:?}"
        );
    }
    assert_eq!(store.pipelines().unwrap().len(), TEMPLATES.len());
    assert!(store.check(true).unwrap().problems.is_empty());
}

#[test]
fn a_move_closes_one_visit_and_opens_the_next() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let id = add(&mut store, "Cloud migration");
    let record = store
        .move_deal(
            id,
            stage(&store, "Verbal interest confirmed"),
            None,
            None,
            at(9),
        )
        .unwrap();
    let (deal, history) = snapshot(&store, id);
    assert_eq!(deal.stage_id, record.to_stage);
    assert_eq!(deal.version, 2);
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].exited_at, Some(at(9)));
    assert_eq!(history[1].entered_at, at(9));
    assert_eq!(history[1].from_stage_id, Some(record.from_stage));
    assert!(history[1].is_open());
}

#[test]
fn a_failure_mid_move_leaves_deal_and_history_unchanged() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let id = add(&mut store, "Cloud migration");
    let before = snapshot(&store, id);
    // Injected from outside: the insert of the new visit fails after the old one was closed.
    let saboteur = rusqlite::Connection::open(&path).unwrap();
    saboteur
        .execute_batch(
            "CREATE TRIGGER fail_mid_move BEFORE INSERT ON stage_visit
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
        )
        .unwrap();
    let target = stage(&store, "Verbal interest confirmed");
    let error = store.move_deal(id, target, None, None, at(9)).unwrap_err();
    assert!(error.to_string().contains("injected failure"), "{error}");
    assert_eq!(snapshot(&store, id), before);
    saboteur
        .execute_batch("DROP TRIGGER fail_mid_move")
        .unwrap();
    // A failure at the last step (the deal update, after both visit writes) rolls back too.
    saboteur
        .execute_batch(
            "CREATE TRIGGER fail_late BEFORE UPDATE ON deal
             BEGIN SELECT RAISE(ABORT, 'late failure'); END;",
        )
        .unwrap();
    let error = store.move_deal(id, target, None, None, at(9)).unwrap_err();
    assert!(error.to_string().contains("late failure"), "{error}");
    assert_eq!(snapshot(&store, id), before);
    assert!(store.check(false).unwrap().problems.is_empty());
}

#[test]
fn lost_needs_a_reason_and_reopening_keeps_the_old_visit() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let id = add(&mut store, "Cloud migration");
    let lost = stage(&store, "Closed lost");
    let before = snapshot(&store, id);
    let error = store.move_deal(id, lost, None, None, at(9)).unwrap_err();
    assert!(error.is_bad_input(), "{error}");
    assert!(error.to_string().contains("lost reason"), "{error}");
    assert_eq!(
        snapshot(&store, id),
        before,
        "a refused move writes nothing"
    );

    store
        .move_deal(id, lost, Some("  price TOO high "), None, at(9))
        .unwrap();
    let deal = store.deal(id).unwrap();
    assert_eq!(deal.status, StageKind::Lost);
    assert_eq!(deal.closed_at, Some(at(9)));
    assert_eq!(
        deal.lost_reason.as_deref(),
        Some("Price too high"),
        "matches the list spelling"
    );

    store
        .move_deal(
            id,
            stage(&store, "Consultation scheduled"),
            None,
            None,
            at(10),
        )
        .unwrap();
    let (deal, history) = snapshot(&store, id);
    assert_eq!(deal.status, StageKind::Open);
    assert_eq!(deal.closed_at, None);
    assert_eq!(deal.lost_reason, None);
    assert_eq!(history.len(), 3);
    assert_eq!(history[1].stage_id, lost);
    assert_eq!(history[1].reason.as_deref(), Some("Price too high"));
    assert_eq!(history[1].exited_at, Some(at(10)));

    store
        .move_deal(id, stage(&store, "Closed won"), None, None, at(11))
        .unwrap();
    assert_eq!(store.deal(id).unwrap().closed_at, Some(at(11)));
}

#[test]
fn undoing_a_move_restores_history_exactly() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let id = add(&mut store, "Cloud migration");
    let before = snapshot(&store, id);
    let record = store
        .move_deal(
            id,
            stage(&store, "Closed lost"),
            Some("Timing"),
            None,
            at(9),
        )
        .unwrap();
    store.undo_move(&record).unwrap();
    let (deal, history) = snapshot(&store, id);
    assert_eq!(history, before.1);
    assert_eq!(
        (deal.stage_id, deal.closed_at, deal.lost_reason),
        (before.0.stage_id, None, None)
    );
    // The undo bumped the version, so the old record cannot be undone twice.
    assert!(matches!(
        store.undo_move(&record),
        Err(StoreError::Conflict { .. })
    ));
}

#[test]
fn archived_deals_leave_the_board_but_keep_their_history() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let id = add(&mut store, "Cloud migration");
    store
        .move_deal(id, stage(&store, "Closed won"), None, None, at(9))
        .unwrap();
    store.archive_deal(id, None, at(10)).unwrap();
    assert!(store.deals(&DealFilter::default()).unwrap().is_empty());
    let all = store
        .deals(&DealFilter {
            include_archived: true,
            ..DealFilter::default()
        })
        .unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].archived_at, Some(at(10)));
    assert_eq!(store.history(id).unwrap().len(), 2);
    assert!(
        store
            .archive_deal(id, None, at(11))
            .unwrap_err()
            .is_bad_input()
    );
    let error = store
        .move_deal(
            id,
            stage(&store, "Consultation scheduled"),
            None,
            None,
            at(11),
        )
        .unwrap_err();
    assert!(error.to_string().contains("archived"), "{error}");
    store.unarchive_deal(id, None, at(12)).unwrap();
    assert_eq!(store.deals(&DealFilter::default()).unwrap().len(), 1);
}

#[test]
fn apply_refuses_to_drop_a_stage_with_deals_and_changes_nothing() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let id = add(&mut store, "Cloud migration");
    store
        .move_deal(id, stage(&store, "Sent for signature"), None, None, at(9))
        .unwrap();
    let before = store.pipelines().unwrap();
    let mut def = PipelineDef::of(&before[0]);
    def.stages.retain(|s| s.name != "Sent for signature");
    def.stages[0].probability = Some(35);
    let error = store.apply_pipeline(&def).unwrap_err();
    assert!(error.to_string().contains("Sent for signature"), "{error}");
    assert!(error.is_bad_input());
    assert_eq!(store.pipelines().unwrap(), before);

    // A stage with history only is kept too, and one without anything can go.
    let mut def = PipelineDef::of(&before[0]);
    def.stages.retain(|s| s.name != "Consultation scheduled");
    assert!(
        store
            .apply_pipeline(&def)
            .unwrap_err()
            .to_string()
            .contains("history")
    );
    let mut def = PipelineDef::of(&before[0]);
    def.stages.retain(|s| s.name != "Terms finalization");
    def.stages.insert(1, def.stages[0].clone());
    def.stages[1].name = "Demo given".into();
    let report = store.apply_pipeline(&def).unwrap();
    assert_eq!(report.removed, vec!["Terms finalization"]);
    assert_eq!(report.added, vec!["Demo given"]);
    assert_eq!(
        store.pipeline_named(None).unwrap().stages[1].name,
        "Demo given"
    );
}

#[test]
fn two_connections_editing_one_deal_refuse_the_stale_edit() {
    let (_dir, path) = temp_db();
    let mut first = Store::open(&path).unwrap();
    let mut second = Store::open(&path).unwrap();
    let id = add(&mut first, "Cloud migration");
    let read_by_first = first.deal(id).unwrap();
    let read_by_second = second.deal(id).unwrap();
    let patch = DealPatch {
        amount: Some(Decimal::new(15_000, 0)),
        ..DealPatch::default()
    };
    first
        .edit_deal(id, Some(read_by_first.version), &patch, at(9))
        .unwrap();
    let stale = DealPatch {
        title: Some("Renamed".into()),
        ..DealPatch::default()
    };
    let error = second
        .edit_deal(id, Some(read_by_second.version), &stale, at(10))
        .unwrap_err();
    assert!(
        matches!(
            error,
            StoreError::Conflict {
                expected: 1,
                found: 2,
                ..
            }
        ),
        "{error}"
    );
    assert!(error.to_string().contains("changed elsewhere"));
    let deal = second.deal(id).unwrap();
    assert_eq!(
        (deal.title.as_str(), deal.amount),
        ("Cloud migration", Decimal::new(15_000, 0))
    );
    // A stale move is refused the same way, and a fresh read succeeds.
    let target = stage(&second, "Verbal interest confirmed");
    assert!(matches!(
        second.move_deal(id, target, None, Some(1), at(10)),
        Err(StoreError::Conflict { .. })
    ));
    second
        .edit_deal(id, Some(deal.version), &stale, at(10))
        .unwrap();
    assert!(first.data_version().is_ok());
}

fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

fn assert_refused(path: &Path, needle: &str) {
    let before = file_bytes(path);
    let error = Store::open(path).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains(&path.display().to_string()),
        "names the file: {message}"
    );
    assert!(message.contains(needle), "{message}");
    assert!(message.contains("left untouched"), "{message}");
    assert_eq!(file_bytes(path), before, "bytes unchanged");
}

#[test]
fn foreign_files_are_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "this is not a database\n".repeat(100)).unwrap();
    assert_refused(&text, "not an SQLite file");

    let other = dir.path().join("other.sqlite");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x');")
        .unwrap();
    drop(conn);
    assert_refused(&other, "another program");
}

#[test]
fn truncated_and_corrupt_databases_are_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deals.db");
    let mut store = Store::open(&path).unwrap();
    for i in 0..200 {
        add(&mut store, &format!("Deal {i} {}", "x".repeat(200)));
    }
    store.checkpoint().unwrap();
    drop(store);
    let whole = file_bytes(&path);
    assert!(whole.len() > 16_384);

    let truncated = dir.path().join("truncated.db");
    std::fs::write(&truncated, &whole[..whole.len() / 2]).unwrap();
    assert_refused(&truncated, "truncated");

    let tiny = dir.path().join("tiny.db");
    std::fs::write(&tiny, &whole[..60]).unwrap();
    assert_refused(&tiny, "truncated");

    let bad_header = dir.path().join("bad-header.db");
    let mut bytes = whole.clone();
    bytes[16] = 0x03; // page size 0x03xx: not a power of two
    std::fs::write(&bad_header, &bytes).unwrap();
    assert_refused(&bad_header, "damaged");
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    drop(conn);
    assert_refused(&path, "newer dealdeck");
}

#[test]
fn an_older_schema_migrates_after_writing_a_backup() {
    let (dir, path) = temp_db();
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    dealdeck::store::migrate_to(&mut conn, 0, 1).unwrap();
    conn.execute_batch(
        "INSERT INTO pipeline (id, name, currency, created_at) VALUES (1, 'Old', 'EUR', 0);
         INSERT INTO stage (pipeline_id, name, position, kind, probability) VALUES
           (1, 'Open', 0, 'open', 50), (1, 'Won', 1, 'won', 100), (1, 'Lost', 2, 'lost', 0);
         INSERT INTO lost_reason (name, position) VALUES ('Price too high', 0);",
    )
    .unwrap();
    drop(conn);

    let store = Store::open(&path).unwrap();
    let backup = store.migration_backup().unwrap().to_path_buf();
    assert!(
        backup.starts_with(dir.path()),
        "beside the file: {}",
        backup.display()
    );
    assert!(
        backup
            .file_name()
            .unwrap()
            .to_string_lossy()
            .contains(".v1-backup-")
    );
    let version: i64 = rusqlite::Connection::open(&backup)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1, "the backup is the old schema");
    assert_eq!(
        store.check(true).unwrap().schema_version,
        dealdeck::store::schema::LATEST_VERSION
    );
    assert_eq!(
        store.pipeline_named(None).unwrap().name,
        "Old",
        "data kept, nothing re-seeded"
    );
}

#[test]
fn backup_copies_a_database_in_use() {
    let (dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let id = add(&mut store, "Cloud migration");
    let copy = dir.path().join("copy.db");
    store.backup(&copy).unwrap();
    assert!(
        store
            .backup(&copy)
            .unwrap_err()
            .to_string()
            .contains("already exists")
    );
    let copied = Store::open(&copy).unwrap();
    assert_eq!(copied.deal(id).unwrap().title, "Cloud migration");
    assert!(copied.check(true).unwrap().problems.is_empty());
}

#[test]
fn check_reports_broken_rules() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let id = add(&mut store, "Cloud migration");
    assert!(store.check(false).unwrap().problems.is_empty());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE stage_visit SET exited_at = entered_at + 10 WHERE deal_id = ?1",
        [id.0],
    )
    .unwrap();
    let problems = store.check(false).unwrap().problems;
    assert!(
        problems
            .iter()
            .any(|p| p.contains("without an open stage visit")),
        "{problems:?}"
    );

    let won = add(&mut store, "Won elsewhere");
    store
        .move_deal(won, stage(&store, "Closed won"), None, None, at(9))
        .unwrap();
    conn.execute(
        "UPDATE deal SET closed_at = closed_at + 60 WHERE id = ?1",
        [won.0],
    )
    .unwrap();
    let problems = store.check(false).unwrap().problems;
    assert!(
        problems
            .iter()
            .any(|p| p.contains("close date is not when")),
        "{problems:?}"
    );
}

#[test]
fn the_schema_itself_allows_one_open_visit_and_fixed_won_lost_odds() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let id = add(&mut store, "Cloud migration");
    let conn = rusqlite::Connection::open(&path).unwrap();
    let second_open = conn.execute(
        "INSERT INTO stage_visit (deal_id, stage_id, entered_at) SELECT ?1, stage_id, entered_at FROM stage_visit WHERE deal_id = ?1",
        [id.0],
    );
    assert!(second_open.is_err(), "partial unique index");
    assert!(
        conn.execute("UPDATE stage SET probability = 90 WHERE kind = 'won'", [])
            .is_err()
    );
    assert!(
        conn.execute("UPDATE stage SET probability = 5 WHERE kind = 'lost'", [])
            .is_err()
    );
    assert!(
        conn.execute("UPDATE deal SET amount_minor = 1.5", [])
            .is_err(),
        "STRICT: no REAL money"
    );
}

#[test]
fn two_processes_creating_the_same_new_file_both_succeed() {
    let (_dir, path) = temp_db();
    let openers: Vec<_> = (0..4)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || Store::open(&path).map(|s| s.pipelines().unwrap().len()))
        })
        .collect();
    for opener in openers {
        assert_eq!(opener.join().unwrap().unwrap(), 1);
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.lost_reasons().unwrap().len(), 8);
    assert!(store.check(true).unwrap().problems.is_empty());
}

#[test]
fn a_checkpoint_cut_short_by_a_crash_is_recovered_not_refused() {
    let (dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    for i in 0..20 {
        add(&mut store, &format!("Deal {i}"));
    }
    store.checkpoint().unwrap();
    // More commits that stay in the write-ahead log, as a process leaves them when killed.
    let writer = rusqlite::Connection::open(&path).unwrap();
    writer.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    for i in 0..300 {
        writer
            .execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2)",
                rusqlite::params![format!("k{i}"), "v".repeat(1000)],
            )
            .unwrap();
    }
    let crashed = dir.path().join("crashed.db");
    std::fs::copy(&path, &crashed).unwrap();
    let mut log = crashed.as_os_str().to_os_string();
    log.push("-wal");
    std::fs::copy(
        path.with_file_name("deals.db-wal"),
        std::path::PathBuf::from(log),
    )
    .unwrap();
    // The checkpoint had written page 1, with the grown page count, before the file grew.
    let mut bytes = std::fs::read(&crashed).unwrap();
    let pages = u32::from_be_bytes(bytes[28..32].try_into().unwrap());
    bytes[28..32].copy_from_slice(&(pages + 60).to_be_bytes());
    std::fs::write(&crashed, &bytes).unwrap();

    let recovered = Store::open(&crashed).unwrap();
    assert!(recovered.check(true).unwrap().problems.is_empty());
    assert_eq!(recovered.deals(&DealFilter::default()).unwrap().len(), 20);
    drop((writer, store));
}

/// A database at schema version 1 with one pipeline, as an older dealdeck left it.
fn old_schema_file(path: &Path) {
    let mut conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    dealdeck::store::migrate_to(&mut conn, 0, 1).unwrap();
    conn.execute_batch(
        "INSERT INTO pipeline (id, name, currency, created_at) VALUES (1, 'Old', 'EUR', 0);
         INSERT INTO stage (pipeline_id, name, position, kind, probability) VALUES
           (1, 'Open', 0, 'open', 50), (1, 'Won', 1, 'won', 100), (1, 'Lost', 2, 'lost', 0);
         INSERT INTO lost_reason (name, position) VALUES ('Price too high', 0);",
    )
    .unwrap();
}

fn backups_beside(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("-backup-"))
        .collect();
    names.sort();
    names
}

#[test]
fn concurrent_first_opens_of_an_older_schema_all_succeed_and_one_migrates() {
    let (dir, path) = temp_db();
    old_schema_file(&path);
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(6));
    let openers: Vec<_> = (0..6)
        .map(|_| {
            let (path, barrier) = (path.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                Store::open(&path).map(|s| {
                    (
                        s.pipeline_named(None).unwrap().name,
                        s.migration_backup().is_some(),
                    )
                })
            })
        })
        .collect();
    let mut migrated = 0;
    for opener in openers {
        let (name, backed_up) = opener.join().unwrap().unwrap();
        assert_eq!(name, "Old");
        migrated += usize::from(backed_up);
    }
    assert_eq!(
        migrated, 1,
        "one opener migrated, the rest found it current"
    );
    assert_eq!(
        backups_beside(dir.path()).len(),
        1,
        "{:?}",
        backups_beside(dir.path())
    );
    let store = Store::open(&path).unwrap();
    assert!(store.check(true).unwrap().problems.is_empty());
}

#[test]
fn concurrent_processes_opening_an_older_schema_all_succeed() {
    let (dir, path) = temp_db();
    old_schema_file(&path);
    let spawned: Vec<_> = (0..4)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_dealdeck"))
                .env("DEALDECK_CONFIG", dir.path().join("none.toml"))
                .arg("--db")
                .arg(&path)
                .args(["pipeline", "list"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in spawned {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(String::from_utf8_lossy(&output.stdout).contains("Old"));
    }
    assert_eq!(backups_beside(dir.path()).len(), 1);
}

#[test]
fn migration_backups_made_in_the_same_second_get_their_own_names() {
    let (dir, path) = temp_db();
    let mut made = Vec::new();
    for _ in 0..3 {
        let _ = std::fs::remove_file(&path);
        old_schema_file(&path);
        let store = Store::open(&path).unwrap();
        made.push(store.migration_backup().unwrap().to_path_buf());
    }
    made.sort();
    made.dedup();
    assert_eq!(made.len(), 3, "{made:?}");
    assert_eq!(backups_beside(dir.path()).len(), 3);
    for backup in &made {
        let version: i64 = rusqlite::Connection::open(backup)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, 1);
    }
}

#[test]
fn opening_an_existing_database_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("typo").join("deals.db");
    let error = Store::open_existing(&missing).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with(&format!("no database at {}", missing.display())),
        "{error}"
    );
    assert!(error.is_bad_input());
    for access in [Access::Read, Access::Write, Access::Inspect] {
        assert!(Store::open_with(&missing, access).is_err());
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no folder made"
    );
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, "").unwrap();
    assert!(
        Store::open_existing(&empty)
            .unwrap_err()
            .to_string()
            .contains("an empty file")
    );
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    assert!(
        Store::open_with(&empty, Access::Create).is_ok(),
        "a creating command makes it one"
    );
}
