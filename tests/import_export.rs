//! `dealdeck import` and `dealdeck export` end to end: vendor fixtures, error reporting,
//! hostile files and the lossless round trip.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

struct Db {
    dir: tempfile::TempDir,
}

impl Db {
    fn new() -> Db {
        Db {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("deals.db")
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("dealdeck").unwrap();
        cmd.env("DEALDECK_CONFIG", self.dir.path().join("no-config.toml"))
            .env_remove("DEALDECK_DB")
            .env("TZ", "UTC")
            .env("LC_ALL", "C")
            .arg("--db")
            .arg(self.path());
        cmd
    }

    fn run(&self, args: &[&str]) -> String {
        let output = self.cmd().args(args).output().unwrap();
        assert!(
            output.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// Runs a command that must fail with exit code 2; returns its stderr.
    fn refuse(&self, args: &[&str]) -> String {
        let output = self.cmd().args(args).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        stderr
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.run(args)).unwrap()
    }

    fn deals(&self) -> Vec<Value> {
        match self.json(&["deal", "list", "--json", "--archived"]) {
            Value::Array(deals) => deals,
            other => panic!("not a list: {other}"),
        }
    }

    fn show(&self, id: i64) -> Value {
        self.json(&["deal", "show", &id.to_string(), "--json"])
    }
}

/// `[stage, entered, exited, reason]` of every visit.
fn history(deal: &Value) -> Vec<[String; 4]> {
    let text = |v: &Value| v.as_str().unwrap_or("").to_string();
    deal["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            [
                text(&v["stage"]),
                text(&v["entered_at"]),
                text(&v["exited_at"]),
                text(&v["reason"]),
            ]
        })
        .collect()
}

fn visits(list: &[(&str, &str, &str, &str)]) -> Vec<[String; 4]> {
    list.iter()
        .map(|(s, e, x, r)| [s.to_string(), e.to_string(), x.to_string(), r.to_string()])
        .collect()
}

fn hubspot_db() -> Db {
    let db = Db::new();
    db.run(&["pipeline", "apply", "--template", "b2b"]);
    let out = db.run(&["import", fixture("hubspot_deals.csv").to_str().unwrap()]);
    assert!(out.contains("5 deals created, 0 updated"), "{out}");
    db
}

// Hand-computed figures for tests/fixtures/hubspot_deals.csv (pipeline B2B):
// - closed deals: 101 won (created 01-05 09:00, won 02-04 09:00: 30 days), 102 lost
//   (01-08 10:00 → 01-28 10:00: 20 days), 103 won (02-01 08:00 → 02-11 08:00: 10 days);
//   104 and 105 are open.
// - win rate = won / (won + lost) = 2 / 3 = 66.7 %.
// - average cycle of won deals = (30 + 10) / 2 = 20.0 days (of all closed deals also
//   (30 + 20 + 10) / 3 = 20.0 days).
// - conversion of Qualification: 5 deals entered it, 4 (101, 102, 103, 104) went on to a
//   later stage = 80 %; Discovery: 3 entered (101, 102, 104), 1 (101) went on to Proposal.
#[test]
fn hubspot_fixture_rebuilds_the_stage_history() {
    let db = hubspot_db();
    let deals = db.deals();
    let statuses: Vec<(&str, &str, &str)> = deals
        .iter()
        .map(|d| {
            (
                d["title"].as_str().unwrap(),
                d["status"].as_str().unwrap(),
                d["amount"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("Acme website relaunch", "won", "12000.00"),
            ("Beta cloud migration", "lost", "8500.00"),
            ("Gamma security audit", "won", "5000.00"),
            ("Delta staff training", "open", "2500.00"),
            ("Epsilon data pilot", "open", "0.00"),
        ]
    );
    let acme = db.show(1);
    assert_eq!(acme["created_at"], "2026-01-05T09:00:00Z");
    assert_eq!(acme["closed_at"], "2026-02-04T09:00:00Z");
    assert_eq!(acme["won_note"], "Best references");
    assert_eq!(acme["owner"], "Anna Berg");
    assert_eq!(acme["organization"], "Acme BV");
    assert_eq!(
        history(&acme),
        visits(&[
            (
                "Qualification",
                "2026-01-05T09:00:00Z",
                "2026-01-10T09:00:00Z",
                ""
            ),
            (
                "Discovery",
                "2026-01-10T09:00:00Z",
                "2026-01-20T09:00:00Z",
                ""
            ),
            (
                "Proposal",
                "2026-01-20T09:00:00Z",
                "2026-02-04T09:00:00Z",
                ""
            ),
            ("Closed won", "2026-02-04T09:00:00Z", "", ""),
        ])
    );
    let beta = db.show(2);
    assert_eq!(beta["lost_reason"], "Price");
    assert_eq!(beta["closed_at"], "2026-01-28T10:00:00Z");
    assert_eq!(
        history(&beta),
        visits(&[
            (
                "Qualification",
                "2026-01-08T10:00:00Z",
                "2026-01-18T10:00:00Z",
                ""
            ),
            (
                "Discovery",
                "2026-01-18T10:00:00Z",
                "2026-01-28T10:00:00Z",
                ""
            ),
            ("Closed lost", "2026-01-28T10:00:00Z", "", "Price"),
        ])
    );
    let gamma = db.show(3);
    assert_eq!(
        history(&gamma),
        visits(&[
            (
                "Qualification",
                "2026-02-01T08:00:00Z",
                "2026-02-03T08:00:00Z",
                ""
            ),
            (
                "Proposal",
                "2026-02-03T08:00:00Z",
                "2026-02-11T08:00:00Z",
                ""
            ),
            ("Closed won", "2026-02-11T08:00:00Z", "", ""),
        ])
    );
    let delta = db.show(4);
    assert_eq!(delta["expected_close_date"], "2026-04-30");
    assert_eq!(delta["closed_at"], Value::Null);
    assert_eq!(
        history(&delta),
        visits(&[
            (
                "Qualification",
                "2026-03-01T00:00:00Z",
                "2026-03-06T00:00:00Z",
                ""
            ),
            ("Discovery", "2026-03-06T00:00:00Z", "", ""),
        ])
    );
    // The hand-computed figures above, from the rebuilt history.
    let closed: Vec<&Value> = deals.iter().filter(|d| d["status"] != "open").collect();
    let won = closed.iter().filter(|d| d["status"] == "won").count();
    assert_eq!((won, closed.len()), (2, 3));
    let entered_qualification = (1..=5)
        .filter(|id| {
            history(&db.show(*id))
                .iter()
                .any(|v| v[0] == "Qualification")
        })
        .count();
    let left_qualification = (1..=5)
        .filter(|id| history(&db.show(*id)).len() > 1)
        .count();
    assert_eq!((left_qualification, entered_qualification), (4, 5));
}

#[test]
fn hubspot_fixture_report_matches_hand_computed_figures() {
    let db = hubspot_db();
    let report = db.json(&[
        "report",
        "--json",
        "--pipeline",
        "B2B",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--as-of",
        "2026-06-30",
    ]);
    let close = |key: &str, value: &Value, wanted: f64| {
        let found = value
            .as_f64()
            .unwrap_or_else(|| panic!("{key} is not a number: {report}"));
        assert!((found - wanted).abs() < 1e-9, "{key}: {found} != {wanted}");
    };
    // Win rate 2/3, average cycle 20 days, Qualification conversion 4/(4+1) (see above).
    assert_eq!(
        (report["won_deals"].as_i64(), report["lost_deals"].as_i64()),
        (Some(2), Some(1))
    );
    close("win_rate", &report["win_rate"], 2.0 / 3.0);
    close("avg_cycle_days", &report["avg_cycle_days"], 20.0);
    let qualification = report["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Qualification")
        .unwrap();
    assert_eq!(qualification["completed"], 4);
    assert_eq!(qualification["advanced"], 4);
    assert_eq!(
        qualification["stale"], 1,
        "105 has waited past 2 x 5.5 days"
    );
    close("conversion_rate", &qualification["conversion_rate"], 0.8);
}

#[test]
fn pipedrive_fixture_with_bom_semicolons_dutch_amounts_and_excel_dates() {
    let db = Db::new();
    let out = db.run(&["import", fixture("pipedrive_deals.csv").to_str().unwrap()]);
    assert!(out.contains("(pipedrive): 3 deals created"), "{out}");
    let groen = db.show(1);
    assert_eq!(groen["amount"], "12500.50");
    assert_eq!(groen["status"], "open");
    assert_eq!(groen["expected_close_date"], "2024-03-31");
    assert_eq!(groen["contact"], "Sanne de Vries");
    assert_eq!(
        history(&groen),
        visits(&[
            (
                "Consultation scheduled",
                "2024-01-01T09:00:00Z",
                "2024-01-15T12:00:00Z",
                ""
            ),
            ("Terms finalization", "2024-01-15T12:00:00Z", "", ""),
        ])
    );
    let dekker = db.show(2);
    assert_eq!(dekker["amount"], "3000.00");
    assert_eq!(dekker["closed_at"], "2024-02-18T06:00:00Z");
    assert_eq!(
        history(&dekker),
        visits(&[
            (
                "Consultation scheduled",
                "2024-01-09T00:00:00Z",
                "2024-02-08T00:00:00Z",
                ""
            ),
            (
                "Sent for signature",
                "2024-02-08T00:00:00Z",
                "2024-02-18T06:00:00Z",
                ""
            ),
            ("Closed won", "2024-02-18T06:00:00Z", "", ""),
        ])
    );
    let visser = db.show(3);
    assert_eq!(visser["title"], "Cloudmigratie Visser; fase 1");
    assert_eq!(visser["amount"], "1250000.00");
    assert_eq!(visser["lost_reason"], "Budget");
    assert_eq!(
        history(&visser),
        visits(&[
            (
                "Consultation scheduled",
                "2024-01-19T00:00:00Z",
                "2024-01-29T00:00:00Z",
                ""
            ),
            ("Closed lost", "2024-01-29T00:00:00Z", "", "Budget"),
        ])
    );
}

#[test]
fn quoted_newlines_do_not_split_rows() {
    let db = Db::new();
    db.run(&["pipeline", "apply", "--template", "b2b"]);
    let file = fixture("quoted_newlines.csv");
    db.run(&["import", file.to_str().unwrap(), "--pipeline", "B2B"]);
    let titles: Vec<String> = db
        .deals()
        .iter()
        .map(|d| d["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        titles,
        ["Website, phase 2", "Hosting renewal", "Hosting \"Plus\""]
    );
}

#[test]
fn three_bad_rows_are_all_reported_and_nothing_is_written() {
    let db = hubspot_db();
    let before = db.deals();
    let stderr = db.refuse(&["import", fixture("three_bad_rows.csv").to_str().unwrap()]);
    assert!(
        stderr.contains("line 3, column Amount: amount \"12.3.4x\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 4, column Deal Stage: unknown stage \"Negotiation room\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 5, column Create Date: date \"2026-02-31\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("3 bad rows; nothing was imported"),
        "{stderr}"
    );
    assert!(!stderr.contains("line 2,"), "{stderr}");
    assert_eq!(db.deals(), before);
}

#[test]
fn unknown_stages_can_be_created() {
    let db = hubspot_db();
    let file = db.file("one_bad.csv");
    std::fs::write(
        &file,
        "Record ID,Deal Name,Pipeline,Deal Stage,Create Date\n401,New,B2B,Negotiation room,2026-01-04\n",
    )
    .unwrap();
    db.refuse(&["import", file.to_str().unwrap()]);
    let out = db.run(&["import", file.to_str().unwrap(), "--create-stages"]);
    assert!(out.contains("added stage \"Negotiation room\""), "{out}");
    let pipeline = db.run(&["pipeline", "show", "B2B"]);
    let negotiation = pipeline.find("Negotiation room").unwrap();
    assert!(
        negotiation < pipeline.find("Closed won").unwrap(),
        "{pipeline}"
    );
    assert_eq!(db.deals().len(), 6);
}

#[test]
fn reimporting_updates_instead_of_duplicating() {
    let db = hubspot_db();
    let file = fixture("hubspot_deals.csv");
    for _ in 0..2 {
        let out = db.run(&["import", file.to_str().unwrap()]);
        assert!(out.contains("0 deals created, 5 updated"), "{out}");
        assert_eq!(db.deals().len(), 5);
    }
    assert_eq!(history(&db.show(1)).len(), 4);
}

#[test]
fn dry_run_counts_without_writing() {
    let db = Db::new();
    db.run(&["pipeline", "apply", "--template", "b2b"]);
    let file = fixture("hubspot_deals.csv");
    let out = db.run(&["import", file.to_str().unwrap(), "--dry-run"]);
    assert!(out.contains("would create 5 and update 0 deals"), "{out}");
    assert!(db.deals().is_empty());
}

#[test]
fn hostile_files_are_refused_clearly() {
    let db = Db::new();
    let write = |name: &str, bytes: &[u8]| {
        let path = db.file(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let cases: Vec<(PathBuf, &str)> = vec![
        (write("empty.csv", b""), "the file is empty"),
        (
            write("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01"),
            "binary",
        ),
        (
            write("header.csv", b"Record ID,Deal Name,Deal Stage,Create Date\n"),
            "no deals",
        ),
        (
            write(
                "quotes.csv",
                b"Record ID,Deal Name,Deal Stage,Create Date\n1,\"Open quote,Lead,2026-01-01\n2,B,Lead,2026-01-01\n",
            ),
            "line 2: a quoted field is never closed",
        ),
        (
            write("columns.csv", {
                let mut header = (0..10_000)
                    .map(|i| format!("c{i}"))
                    .collect::<Vec<_>>()
                    .join(",");
                header.push('\n');
                header.push_str(&"x,".repeat(9_999));
                header.push_str("x\n");
                Box::leak(header.into_bytes().into_boxed_slice())
            }),
            "10000 columns",
        ),
        (
            write("unknown.csv", b"a,b\n1,2\n"),
            "not a header dealdeck knows",
        ),
        (write("broken.json", b"[{\"id\": 1,"), "the JSON is malformed"),
        (write("object.json", b"[1]"), "line 1, column -: each element"),
        (
            write("long.json", {
                let mut text = b"[\"".to_vec();
                text.extend(std::iter::repeat_n(b'a', 5 * 1024 * 1024));
                Box::leak(text.into_boxed_slice())
            }),
            "line 1 is longer than 4 MB",
        ),
    ];
    for (path, expected) in cases {
        let stderr = db.refuse(&["import", path.to_str().unwrap()]);
        assert!(stderr.contains(expected), "{}: {stderr}", path.display());
    }
    // A 100 MB line without a newline: refused after a few MB, not read whole.
    let path = db.file("long.csv");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let chunk = vec![b'a'; 1024 * 1024];
    for _ in 0..100 {
        file.write_all(&chunk).unwrap();
    }
    file.flush().unwrap();
    drop(file);
    let started = std::time::Instant::now();
    let stderr = db.refuse(&["import", path.to_str().unwrap()]);
    assert!(
        stderr.contains("line 1: a row is longer than 4 MB"),
        "{stderr}"
    );
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    assert!(db.deals().is_empty());
}

#[test]
fn formula_titles_are_escaped_in_csv_and_restored_on_import() {
    let db = Db::new();
    let title = "=HYPERLINK(\"http://x\",\"y\")";
    db.run(&[
        "deal",
        "add",
        "--title",
        title,
        "--amount",
        "100",
        "--phone",
        "+31 6 1234",
    ]);
    let csv = db.run(&["export"]);
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(csv.contains("'+31 6 1234"), "{csv}");
    let file = db.file("out.csv");
    std::fs::write(&file, &csv).unwrap();
    let other = Db::new();
    other.run(&["import", file.to_str().unwrap()]);
    assert_eq!(other.show(1)["title"], title);
    assert_eq!(other.show(1)["contact_phone"], "+31 6 1234");
}

#[test]
fn json_export_nests_the_history() {
    let db = hubspot_db();
    let exported = db.json(&["export", "--format", "json"]);
    let pipelines = exported["pipelines"].as_array().unwrap();
    assert!(pipelines.iter().any(|p| p["name"] == "B2B"), "{exported}");
    let deals = exported["deals"].as_array().unwrap();
    assert_eq!(deals.len(), 5);
    assert_eq!(deals[0]["history"].as_array().unwrap().len(), 4);
    assert_eq!(deals[1]["lost_reason"], "Price");
    assert_eq!(deals[1]["source_system"], "hubspot");
    assert_eq!(deals[1]["source_id"], "102");
}

#[test]
fn xlsx_needs_a_file_and_opens_in_libreoffice() {
    let db = hubspot_db();
    db.refuse(&["export", "--format", "xlsx"]);
    let out = db.file("deals.xlsx");
    db.run(&["export", "--format", "xlsx", "--out", out.to_str().unwrap()]);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"PK"), "not a zip container");
    {
        // Read back in-process, so this check runs everywhere, LibreOffice or not.
        use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
        let mut book: Xlsx<_> = open_workbook(&out).unwrap();
        let pipelines: Vec<String> = db
            .json(&["pipeline", "list", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|p| format!("Blueprint {}", p["name"].as_str().unwrap()))
            .collect();
        let mut sheets: Vec<String> = ["Deals", "Activities", "Notes"].map(String::from).to_vec();
        sheets.extend(pipelines.iter().cloned());
        assert_eq!(book.sheet_names(), sheets, "a Blueprint sheet per pipeline");
        let sheet = book.worksheet_range("Deals").unwrap();
        let mut rows = sheet.rows();
        let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
        let csv_export = db.run(&["export", "--format", "csv"]);
        let mut csv_reader = csv::Reader::from_reader(csv_export.as_bytes());
        let csv_header: Vec<String> = csv_reader
            .headers()
            .unwrap()
            .iter()
            .map(String::from)
            .collect();
        assert_eq!(header, csv_header, "the workbook's columns are the CSV's");
        let at = |name: &str| header.iter().position(|h| h == name).unwrap();
        let cells: Vec<&[Data]> = rows.collect();
        let expected = db.deals();
        assert_eq!(cells.len(), expected.len());
        for (row, deal) in cells.iter().zip(&expected) {
            assert_eq!(
                row[at("Record ID")],
                Data::Float(deal["id"].as_f64().unwrap())
            );
            assert_eq!(
                row[at("Title")],
                Data::String(deal["title"].as_str().unwrap().into())
            );
            assert_eq!(
                row[at("Status")],
                Data::String(deal["status"].as_str().unwrap().into())
            );
            let amount: f64 = deal["amount"].as_str().unwrap().parse().unwrap();
            assert_eq!(row[at("Amount")], Data::Float(amount), "a number, not text");
        }
        let created = cells[0][at("Created At")].as_datetime().unwrap();
        assert_eq!(
            created.to_string(),
            "2026-01-05 09:00:00",
            "a date-time cell"
        );
        for (sheet, pipeline) in pipelines
            .iter()
            .zip(db.json(&["pipeline", "list", "--json"]).as_array().unwrap())
        {
            let blueprint = book.worksheet_range(sheet).unwrap();
            let stages = pipeline["stages"].as_u64().unwrap() as usize;
            // Three settings rows, a blank one, the notes and the header above the stages.
            assert_eq!(
                blueprint.height(),
                stages + 6,
                "a row per stage under the header"
            );
        }
    }
    let office = ["libreoffice", "soffice"].into_iter().find(|name| {
        std::process::Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(office) = office else {
        eprintln!("note: libreoffice is not installed; skipped opening the workbook");
        return;
    };
    let status = std::process::Command::new(office)
        .args(["--headless", "--convert-to", "csv", "--outdir"])
        .arg(db.dir.path())
        .arg(&out)
        .env("HOME", db.dir.path())
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let csv = std::fs::read_to_string(db.file("deals.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let title = headers.iter().position(|h| h == "Title").unwrap();
    let status_column = headers.iter().position(|h| h == "Status").unwrap();
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[title].to_string(), r[status_column].to_string())
        })
        .collect();
    let expected: Vec<(String, String)> = db
        .deals()
        .iter()
        .map(|d| {
            (
                d["title"].as_str().unwrap().to_string(),
                d["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(rows, expected);
    // Typed cells: LibreOffice prints the number and the date-time format, not the CSV's
    // "12000.00" and RFC 3339 texts.
    let first = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .next()
        .unwrap()
        .unwrap();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(&first[at("Amount")], "12000");
    assert_eq!(&first[at("Created At")], "2026-01-05 09:00:00");
    // The spreadsheet's own CSV imports back to the same deals.
    let copy = Db::new();
    copy.run(&["pipeline", "apply", "--template", "b2b"]);
    copy.run(&["import", db.file("deals.csv").to_str().unwrap()]);
    assert_eq!(copy.deals(), db.deals());
}

/// Every deal (archived too) and every deal's history, via the library.
fn everything(path: &Path) -> Vec<(dealdeck::domain::Deal, Vec<dealdeck::domain::StageVisit>)> {
    let store = dealdeck::store::Store::open(path).unwrap();
    let deals = store
        .deals(&dealdeck::store::DealFilter {
            include_archived: true,
            ..Default::default()
        })
        .unwrap();
    deals
        .into_iter()
        .map(|deal| {
            let mut history = store.history(deal.id).unwrap();
            for visit in &mut history {
                // Visit row ids are internal; everything else must match.
                visit.id = dealdeck::domain::VisitId(0);
            }
            (deal, history)
        })
        .collect()
}

#[test]
fn demo_database_round_trips_through_csv_and_json() {
    let original = Db::new();
    let demo = original.path();
    original.run(&[
        "demo",
        "--deals",
        "10000",
        "--out",
        demo.to_str().unwrap(),
        "--seed",
        "7",
        "--as-of",
        "2026-06-30",
    ]);
    let list = original.run(&["deal", "list", "--json", "--archived"]);
    // A whole half year, read as it stood at its end, with the goal planner.
    let report = [
        "report",
        "--json",
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        "--as-of",
        "2026-06-30",
        "--target",
        "500000",
    ];
    let figures = original.run(&report);
    assert!(figures.contains("\"won_needed\""));
    let all = everything(&demo);
    assert_eq!(all.len(), 10_000);
    for format in ["csv", "json"] {
        let file = original.file(&format!("export.{format}"));
        original.run(&[
            "export",
            "--format",
            format,
            "--out",
            file.to_str().unwrap(),
        ]);
        let copy = Db::new();
        copy.run(&["import", file.to_str().unwrap()]);
        assert_eq!(
            copy.run(&["deal", "list", "--json", "--archived"]),
            list,
            "{format}"
        );
        assert_eq!(copy.run(&report), figures, "{format}: report differs");
        assert!(
            everything(&copy.path()) == all,
            "{format}: deals or histories differ"
        );
        assert_eq!(copy.show(4321), original.show(4321));
    }
}

#[test]
fn hubspot_rows_without_stage_dates_get_a_plausible_history() {
    let db = Db::new();
    db.run(&["pipeline", "apply", "--template", "b2b"]);
    let file = db.file("plain.csv");
    std::fs::write(
        &file,
        "Deal Name,Pipeline,Deal Stage,Amount,Close Date,Create Date,Closed Lost Reason\n\
         Won plainly,B2B,Closed Won,\"1.500,00\",2026-02-01,2026-01-01,\n\
         Lost plainly,B2B,Closed Lost,200,2026-03-01,2026-01-01,Timing\n\
         Still open,B2B,Proposal,300,2026-06-01,2026-01-01,\n",
    )
    .unwrap();
    db.run(&["import", file.to_str().unwrap()]);
    assert_eq!(
        history(&db.show(1)),
        visits(&[
            (
                "Qualification",
                "2026-01-01T00:00:00Z",
                "2026-02-01T00:00:00Z",
                ""
            ),
            ("Closed won", "2026-02-01T00:00:00Z", "", ""),
        ])
    );
    assert_eq!(db.show(1)["amount"], "1500.00");
    assert_eq!(
        history(&db.show(2)),
        visits(&[
            (
                "Qualification",
                "2026-01-01T00:00:00Z",
                "2026-03-01T00:00:00Z",
                ""
            ),
            ("Closed lost", "2026-03-01T00:00:00Z", "", "Timing"),
        ])
    );
    let open = db.show(3);
    assert_eq!(
        history(&open),
        visits(&[("Proposal", "2026-01-01T00:00:00Z", "", "")])
    );
    assert_eq!(open["expected_close_date"], "2026-06-01");
    assert_eq!(open["closed_at"], Value::Null);
}

#[test]
fn oversized_cells_short_rows_and_bad_bytes_are_row_errors() {
    let db = hubspot_db();
    let mut text = b"Record ID,Deal Name,Pipeline,Deal Stage,Create Date\n".to_vec();
    text.extend_from_slice(b"501,Fine,B2B,Qualification,2026-01-01\n");
    text.extend_from_slice(b"502,");
    text.extend(std::iter::repeat_n(b'x', 2 * 1024 * 1024));
    text.extend_from_slice(b",B2B,Qualification,2026-01-01\n");
    text.extend_from_slice(b"503,Too short,B2B\n");
    text.extend_from_slice(b"504,Caf\xe9,B2B,Qualification,2026-01-01\n");
    let file = db.file("cells.csv");
    std::fs::write(&file, &text).unwrap();
    let stderr = db.refuse(&["import", file.to_str().unwrap()]);
    assert!(
        stderr.contains("line 3, column Deal Name: the cell is longer than 1 MB"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 4, column 4: the row has 3 cells but the header has 5"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 5, column Deal Name: the cell is not UTF-8 text"),
        "{stderr}"
    );
    assert!(stderr.contains("3 bad rows"), "{stderr}");
    assert_eq!(db.deals().len(), 5);
}

#[test]
fn reimporting_a_dealdeck_export_updates_the_same_deals() {
    let db = hubspot_db();
    let before = db.deals();
    for format in ["csv", "json"] {
        let file = db.file(&format!("again.{format}"));
        db.run(&[
            "export",
            "--format",
            format,
            "--out",
            file.to_str().unwrap(),
        ]);
        let out = db.run(&["import", file.to_str().unwrap()]);
        assert!(out.contains("0 deals created, 5 updated"), "{out}");
    }
    let after = db.deals();
    assert_eq!(after.len(), before.len());
    for (old, new) in before.iter().zip(&after) {
        assert_eq!(old["id"], new["id"]);
        assert_eq!(old["title"], new["title"]);
        assert_eq!(old["updated_at"], new["updated_at"]);
        // Each re-import is a write, so a board holding the old version notices.
        assert_eq!(
            new["version"].as_i64(),
            old["version"].as_i64().map(|v| v + 2)
        );
    }
    assert_eq!(history(&db.show(1)).len(), 4);
}

#[test]
fn a_close_date_that_disagrees_with_the_stage_dates_follows_the_history() {
    let db = Db::new();
    db.run(&["pipeline", "apply", "--template", "b2b"]);
    let file = db.file("late-close.csv");
    std::fs::write(
        &file,
        "Record ID,Deal Name,Pipeline,Deal Stage,Amount,Close Date,Create Date,\
         Date entered \"Qualification (B2B)\",Date exited \"Qualification (B2B)\",\
         Date entered \"Closed won (B2B)\"\n\
         7,Late paperwork,B2B,Closed won,1000,2026-02-10 09:00,2026-01-05 09:00,\
         2026-01-05 09:00,2026-02-04 09:00,2026-02-04 09:00\n",
    )
    .unwrap();
    db.run(&["import", file.to_str().unwrap()]);
    let deal = db.show(1);
    assert_eq!(deal["closed_at"], "2026-02-04T09:00:00Z");
    assert_eq!(deal["history"][1]["entered_at"], "2026-02-04T09:00:00Z");
    assert!(db.run(&["check"]).starts_with("ok:"));
}
