//! Activities, notes and checklists in dealdeck's own exports: the JSON round trip into an
//! empty database (and again, without duplicates), `--dry-run`, and the workbook's
//! Activities and Notes sheets read back with calamine.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::{TimeZone, Utc};
use dealdeck::domain::Activity;
use dealdeck::store::{ChecklistRow, NoteRow, Store};
use serde_json::Value;

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Dir {
        Dir(tempfile::tempdir().unwrap())
    }

    fn file(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }

    fn run(&self, db: &Path, args: &[&str]) -> String {
        let output = Command::cargo_bin("dealdeck")
            .unwrap()
            .env("DEALDECK_CONFIG", self.file("no-config.toml"))
            .env_remove("DEALDECK_DB")
            .env("TZ", "UTC")
            .env("LC_ALL", "C")
            .arg("--db")
            .arg(db)
            .args(args)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// A demo database of 120 deals with a few notes and ticked tasks added.
    fn source(&self) -> PathBuf {
        let db = self.file("source.db");
        let out = db.to_str().unwrap().to_string();
        self.run(
            &db,
            &[
                "demo",
                "--deals",
                "120",
                "--out",
                &out,
                "--as-of",
                "2026-06-01T00:00:00Z",
            ],
        );
        let mut store = Store::open(&db).unwrap();
        let at = Utc.with_ymd_and_hms(2026, 5, 30, 9, 0, 0).unwrap();
        for deal in [1, 2, 3] {
            store
                .add_note(
                    dealdeck::domain::DealId(deal),
                    "Asked for references\nand a demo",
                    at,
                )
                .unwrap();
        }
        db
    }
}

type Everything = (Vec<Activity>, Vec<NoteRow>, Vec<ChecklistRow>);

fn everything(db: &Path) -> Everything {
    let store = Store::open(db).unwrap();
    let mut activities = Vec::new();
    store
        .for_each_activity(|a, _| {
            activities.push(a.clone());
            Ok::<_, dealdeck::store::StoreError>(())
        })
        .unwrap();
    let mut notes = Vec::new();
    store
        .for_each_note(|n| {
            notes.push(n.clone());
            Ok::<_, dealdeck::store::StoreError>(())
        })
        .unwrap();
    let mut items = Vec::new();
    store
        .for_each_checklist_item(|c| {
            items.push(c.clone());
            Ok::<_, dealdeck::store::StoreError>(())
        })
        .unwrap();
    (activities, notes, items)
}

#[test]
fn json_round_trip_brings_back_activities_notes_and_checklists_once() {
    let dir = Dir::new();
    let source = dir.source();
    let before = everything(&source);
    assert!(before.0.len() > 120, "the demo plans activities");
    assert!(before.0.iter().any(|a| a.done_at.is_none()));
    assert!(before.0.iter().any(|a| a.done_at.is_some()));
    assert_eq!(before.1.len(), 3);
    assert!(before.2.iter().any(|c| c.done_at.is_some()), "ticked tasks");

    let file = dir.file("export.json");
    dir.run(
        &source,
        &[
            "export",
            "--format",
            "json",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    let exported: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let keys: Vec<&str> = exported
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in ["pipelines", "deals", "activities", "notes", "checklists"] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
    assert_eq!(
        exported["activities"].as_array().unwrap().len(),
        before.0.len()
    );

    let target = dir.file("target.db");
    let path = file.to_str().unwrap();
    dir.run(&target, &["import", path, "--dry-run"]);
    assert!(
        !target.exists() || everything(&target).0.is_empty(),
        "a dry run writes nothing"
    );

    let first = dir.run(&target, &["import", path]);
    assert!(first.contains("activities: created"), "{first}");
    assert_eq!(everything(&target), before);

    let summary: Value =
        serde_json::from_str(&dir.run(&target, &["import", path, "--json"])).unwrap();
    assert_eq!(summary["activities"]["created"], 0);
    assert_eq!(summary["activities"]["updated"], before.0.len());
    assert_eq!(summary["notes"]["updated"], 3);
    assert_eq!(
        everything(&target),
        before,
        "a re-import duplicates nothing"
    );
}

#[test]
fn a_bad_activity_in_the_file_imports_nothing() {
    let dir = Dir::new();
    let source = dir.source();
    let file = dir.file("export.json");
    dir.run(
        &source,
        &[
            "export",
            "--format",
            "json",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    let mut exported: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    exported["activities"][1]["kind"] = Value::from("carrier pigeon");
    exported["activities"][2]["deal"] = Value::from(999_999);
    std::fs::write(&file, exported.to_string()).unwrap();
    let target = dir.file("target.db");
    let output = Command::cargo_bin("dealdeck")
        .unwrap()
        .env("DEALDECK_CONFIG", dir.file("no-config.toml"))
        .env("TZ", "UTC")
        .arg("--db")
        .arg(&target)
        .args(["import", file.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("carrier pigeon"), "{stderr}");
    assert!(stderr.contains("deal 999999"), "{stderr}");
    assert!(!target.exists() || everything(&target).0.is_empty());
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::DateTime(d) => d.as_datetime().map(|d| d.to_string()).unwrap_or_default(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn workbook_has_activities_and_notes_sheets() {
    let dir = Dir::new();
    let source = dir.source();
    let (activities, notes, _) = everything(&source);
    let file = dir.file("export.xlsx");
    dir.run(
        &source,
        &[
            "export",
            "--format",
            "xlsx",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    let mut workbook: Xlsx<_> = open_workbook(&file).unwrap();
    let names = workbook.sheet_names();
    assert!(names.contains(&"Activities".to_string()), "{names:?}");
    let range = workbook.worksheet_range("Activities").unwrap();
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
    assert_eq!(
        rows[0][..6],
        ["Activity ID", "Deal ID", "Deal", "Kind", "Due", "Status"]
    );
    assert_eq!(rows.len(), activities.len() + 1);
    let first = &activities[0];
    assert_eq!(rows[1][0], first.id.0.to_string());
    assert_eq!(rows[1][1], first.deal_id.0.to_string());
    assert_eq!(rows[1][3], first.kind.label());
    let done = rows.iter().filter(|r| r[5] == "done").count();
    assert_eq!(
        done,
        activities.iter().filter(|a| a.done_at.is_some()).count()
    );
    assert!(
        matches!(range.get((1, 4)), Some(Data::DateTime(_))),
        "the due date is a typed date"
    );

    let notes_range = workbook.worksheet_range("Notes").unwrap();
    let note_rows: Vec<Vec<String>> = notes_range
        .rows()
        .map(|r| r.iter().map(text).collect())
        .collect();
    assert_eq!(note_rows.len(), notes.len() + 1);
    assert_eq!(note_rows[1][4], "Asked for references\nand a demo");
}
