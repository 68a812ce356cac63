//! `dealdeck activity …` and `dealdeck deal checklist` as a script uses them: JSON shapes,
//! due-date forms, windows, exit codes and error sentences, and the iCalendar export parsed
//! back with a real iCalendar parser.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::BufReader;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
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

    /// A database with one deal (id 1) in the first stage of the default pipeline.
    fn with_deal() -> Env {
        let env = Env::new();
        env.ok(&["deal", "add", "--title", "Cloud migration"]);
        env
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("deals.db")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary on `db`, in UTC, with no user config.
    fn cmd_on(&self, db: &Path) -> Command {
        let mut cmd = Command::cargo_bin("dealdeck").unwrap();
        cmd.env_remove("DEALDECK_DB")
            .env("TZ", "UTC")
            .env("LANG", "C")
            .env("HOME", self.dir.path().join("home"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("DEALDECK_CONFIG", self.dir.path().join("no-config.toml"))
            .arg("--db")
            .arg(db);
        cmd
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd_on(&self.db()).args(args).output().unwrap();
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

    /// Runs a command that must fail with `code`; returns its stderr, which must be one line.
    fn fails_on(&self, db: &Path, code: i32, args: &[&str]) -> String {
        let out = self.cmd_on(db).args(args).output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
        stderr
    }

    fn fails(&self, code: i32, args: &[&str]) -> String {
        self.fails_on(&self.db(), code, args)
    }
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

#[test]
fn add_list_done_edit_delete_round_trip() {
    let env = Env::with_deal();
    let added = env.json(&[
        "activity",
        "add",
        "1",
        "--kind",
        "follow-up",
        "--due",
        "tomorrow",
        "--note",
        "Send the case study",
        "--json",
    ]);
    let keys: Vec<&str> = added
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "by",
            "deal",
            "deal_title",
            "done_at",
            "done_by",
            "due_at",
            "id",
            "kind",
            "note",
            "overdue"
        ],
        "exactly the documented keys"
    );
    assert_eq!(added["deal"], 1);
    assert_eq!(added["deal_title"], "Cloud migration");
    assert_eq!(added["kind"], "follow-up");
    assert_eq!(added["due_at"], day_text(today() + Duration::days(1)));
    assert_eq!(added["done_at"], Value::Null);
    assert_eq!(added["note"], "Send the case study");
    assert_eq!(added["overdue"], false);
    let id = added["id"].as_i64().unwrap().to_string();

    let plain = env.ok(&[
        "activity",
        "add",
        "1",
        "--kind",
        "call",
        "--due",
        "2020-01-06 09:30",
    ]);
    let call = plain.trim().to_string();
    let listed = env.json(&["activity", "list", "--json"]);
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["id"].to_string(), call, "oldest due first");
    assert_eq!(listed[0]["due_at"], "2020-01-06T09:30:00Z");
    assert_eq!(listed[0]["overdue"], true);

    let done = env.ok(&[
        "activity",
        "done",
        &call,
        "--note",
        "Reached; wants a quote",
    ]);
    assert!(
        done.contains(&format!("activity {call}")) && done.contains("done"),
        "{done}"
    );
    let again = env.fails(2, &["activity", "done", &call]);
    assert!(
        again.contains(&format!("activity {call} was already done")) && again.lines().count() == 1,
        "{again}"
    );
    // Done activities leave the to-do list but stay in the deal's own list.
    assert_eq!(
        env.json(&["activity", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let of_deal = env.json(&["activity", "list", "--deal", "1", "--json"]);
    assert_eq!(of_deal.as_array().unwrap().len(), 2);
    assert!(of_deal[0]["done_at"].is_string());
    assert_eq!(
        of_deal[0]["overdue"], false,
        "a done activity is not overdue"
    );
    let text = env.ok(&["activity", "list", "--deal", "1"]);
    assert!(
        text.contains("Reached; wants a quote"),
        "the outcome is shown: {text}"
    );

    env.ok(&[
        "activity", "edit", &id, "--kind", "meeting", "--due", "+2w", "--note", "",
    ]);
    let edited = &env.json(&["activity", "list", "--json"])[0];
    assert_eq!(edited["kind"], "meeting");
    assert_eq!(edited["due_at"], day_text(today() + Duration::days(14)));
    assert_eq!(edited["note"], Value::Null, "an empty --note removes it");
    let nothing = env.fails(2, &["activity", "edit", &id]);
    assert!(nothing.contains("nothing to change"), "{nothing}");

    let deleted = env.ok(&["activity", "delete", &id]);
    assert!(
        deleted.contains(&format!("deleted activity {id}")),
        "{deleted}"
    );
    assert_eq!(
        env.json(&["activity", "list", "--json"]),
        Value::Array(vec![])
    );
    let missing = env.fails(2, &["activity", "delete", &id]);
    assert!(
        missing.contains(&format!("activity {id} does not exist")),
        "{missing}"
    );
    let no_deal = env.fails(
        2,
        &["activity", "add", "99", "--kind", "call", "--due", "today"],
    );
    assert!(no_deal.contains("deal 99 does not exist"), "{no_deal}");
}

#[test]
fn due_dates_take_words_offsets_weekdays_and_times() {
    let env = Env::with_deal();
    let due = |text: &str| {
        env.json(&[
            "activity", "add", "1", "--kind", "task", "--due", text, "--json",
        ])["due_at"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(due("today"), day_text(today()));
    assert_eq!(due("+3d"), day_text(today() + Duration::days(3)));
    assert_eq!(due("2026-12-03 14:05"), "2026-12-03T14:05:00Z");
    let friday = (1..=7)
        .map(|n| today() + Duration::days(n))
        .find(|d| d.weekday() == Weekday::Fri)
        .unwrap();
    for name in ["fri", "vrijdag", "fredag"] {
        assert_eq!(due(name), day_text(friday), "{name}");
    }
    assert_eq!(due("fre 14:00"), format!("{}T14:00:00Z", day_text(friday)));
}

#[test]
fn bad_dates_and_kinds_are_refused_naming_the_value() {
    let env = Env::with_deal();
    for (due, named) in [
        ("someday", "\"someday\""),
        ("2026-02-30", "\"2026-02-30\""),
        ("fri 25:00", "\"25:00\""),
        ("+3x", "\"+3x\""),
        ("-1d", "\"-1d\""),
        ("9999-01-01", "out of range"),
    ] {
        let error = env.fails(2, &["activity", "add", "1", "--kind", "call", "--due", due]);
        assert!(
            error.contains(named) && error.lines().count() == 1,
            "{due}: {error}"
        );
    }
    let long = "x".repeat(500);
    let error = env.fails(
        2,
        &["activity", "add", "1", "--kind", "call", "--due", &long],
    );
    assert!(
        error.contains(&format!("{}…", "x".repeat(60))) && error.len() < 250,
        "{error}"
    );
    let error = env.fails(
        2,
        &["activity", "add", "1", "--kind", "visit", "--due", "today"],
    );
    assert!(
        error.contains("kind \"visit\" is not call, email"),
        "{error}"
    );
    let error = env.fails(2, &["activity", "edit", "1", "--due", "soon"]);
    assert!(error.contains("\"soon\""), "{error}");
    assert_eq!(
        env.json(&["activity", "list", "--json"]),
        Value::Array(vec![])
    );
}

#[test]
fn windows_split_overdue_today_and_the_week() {
    let env = Env::with_deal();
    let add = |due: &str| {
        env.ok(&["activity", "add", "1", "--kind", "call", "--due", due])
            .trim()
            .to_string()
    };
    let yesterday = add(&day_text(today() - Duration::days(1)));
    let past_moment = add("2020-03-02 10:00");
    let today_id = add("today");
    let in_three = add("+3d");
    add("+20d");
    let ids = |flag: &str| -> Vec<String> {
        env.json(&["activity", "list", flag, "--json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].to_string())
            .collect()
    };
    assert_eq!(ids("--overdue"), [past_moment, yesterday]);
    assert_eq!(ids("--today"), [today_id]);
    assert_eq!(ids("--week"), [in_three]);
    let today_json = &env.json(&["activity", "list", "--today", "--json"])[0];
    assert_eq!(
        today_json["overdue"], false,
        "a day is overdue once it has passed"
    );
    let error = env.fails(2, &["activity", "list", "--overdue", "--today"]);
    assert!(error.contains("cannot be used with"), "{error}");
}

#[test]
fn stored_text_is_printed_neutralised() {
    let env = Env::with_deal();
    // Typed: a bidi override passes the note check but must not reach a terminal raw.
    env.ok(&[
        "activity",
        "add",
        "1",
        "--kind",
        "call",
        "--due",
        "today",
        "--note",
        "ring \u{202e}back",
    ]);
    // Stored by another program: an escape sequence in the note and the deal's title.
    env.ok(&["activity", "add", "1", "--kind", "email", "--due", "today"]);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(
        "UPDATE activity SET note = 'x' || char(27) || ']52;c;aGk=' || char(7) WHERE id = 2;
         UPDATE deal SET title = 'T' || char(27) || '[2J' WHERE id = 1;",
    )
    .unwrap();
    drop(conn);
    let text = env.ok(&["activity", "list"]);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}'),
        "{text}"
    );
    assert!(
        text.contains("\\u{1b}") && text.contains("\\u{202e}"),
        "{text}"
    );
    let json = env.ok(&["activity", "list", "--json"]);
    assert!(
        !json.contains('\u{1b}') && !json.contains('\u{202e}'),
        "{json}"
    );
    let checklist = env.ok(&["deal", "checklist", "1"]);
    assert!(!checklist.contains('\u{1b}'), "{checklist}");
}

#[test]
fn deal_checklist_ticks_and_unticks_by_task_name() {
    let env = Env::with_deal();
    let shown = env.json(&["deal", "checklist", "1", "--json"]);
    assert_eq!(shown["stage"], "Consultation scheduled");
    assert_eq!(shown["done"], 0);
    assert_eq!(shown["total"], 2);
    assert_eq!(shown["tasks"][0]["task"], "Needs assessment");
    let ticked = env.json(&[
        "deal",
        "checklist",
        "1",
        "--done",
        "needs ASSESSMENT",
        "--json",
    ]);
    assert_eq!(ticked["done"], 1);
    assert_eq!(ticked["tasks"][0]["done"], true);
    assert!(ticked["tasks"][0]["done_at"].is_string());
    let text = env.ok(&["deal", "checklist", "1"]);
    assert!(
        text.contains("1/2 done") && text.contains("[x] Needs assessment"),
        "{text}"
    );
    let again = env.fails(2, &["deal", "checklist", "1", "--done", "Needs assessment"]);
    assert!(again.contains("already done"), "{again}");
    let unknown = env.fails(2, &["deal", "checklist", "1", "--done", "Dance"]);
    assert!(
        unknown.contains("no task \"Dance\"") && unknown.contains("\"Needs assessment\""),
        "{unknown}"
    );
    env.ok(&["deal", "checklist", "1", "--undo", "Needs assessment"]);
    assert_eq!(env.json(&["deal", "checklist", "1", "--json"])["done"], 0);
    let error = env.fails(2, &["deal", "checklist", "1", "--undo", "Needs assessment"]);
    assert!(error.contains("is not done"), "{error}");
    // Entering a stage makes its tasks the checklist.
    env.ok(&["deal", "move", "1", "Verbal interest confirmed"]);
    let moved = env.json(&["deal", "checklist", "1", "--json"]);
    assert_eq!(moved["stage"], "Verbal interest confirmed");
    assert_eq!(moved["tasks"][0]["task"], "Technical validation");
    let both = env.fails(2, &["deal", "checklist", "1", "--done", "a", "--undo", "b"]);
    assert!(both.contains("cannot be used with"), "{both}");
}

#[test]
fn reading_commands_never_create_a_database() {
    let env = Env::new();
    let missing = env.path("missing.db");
    for args in [
        &["activity", "list"][..],
        &["activity", "export", "--format", "ics"],
        &["deal", "checklist", "1"],
        &["deal", "checklist", "1", "--done", "Needs assessment"],
        &["activity", "done", "1"],
        &["activity", "add", "1", "--kind", "call", "--due", "today"],
    ] {
        let error = env.fails_on(&missing, 2, args);
        assert!(error.contains("no database at"), "{args:?}: {error}");
        assert!(!missing.exists(), "{args:?} created the file");
    }
}

/// Every physical line of an iCalendar text is at most 75 octets and ends with CRLF.
fn assert_folded(ics: &str) {
    assert!(ics.ends_with("\r\n"), "lines end with CRLF");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "line over 75 octets: {line:?}");
        assert!(!line.contains('\n'), "a bare LF inside a line: {line:?}");
    }
}

fn parse_ics(text: &str) -> ical::parser::ical::component::IcalCalendar {
    let mut parser = ical::IcalParser::new(BufReader::new(text.as_bytes()));
    let calendar = parser
        .next()
        .expect("one calendar")
        .expect("a valid calendar");
    assert!(parser.next().is_none(), "exactly one calendar");
    calendar
}

fn property<'a>(properties: &'a [ical::property::Property], name: &str) -> &'a str {
    properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
        .unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn ics_export_parses_with_stable_uids_folding_and_escaping() {
    let env = Env::new();
    let title =
        "Roll-out; phase 2, Nordhavn Logistics AB — the long title of a deal that needs folding";
    env.ok(&["deal", "add", "--title", title]);
    let meeting = env.ok(&[
        "activity",
        "add",
        "1",
        "--kind",
        "meeting",
        "--due",
        "2026-12-03 14:00",
        "--note",
        "Agenda: scope, price; timeline",
    ]);
    let task = env.ok(&[
        "activity",
        "add",
        "1",
        "--kind",
        "task",
        "--due",
        "2026-12-04",
    ]);
    let done = env.ok(&["activity", "add", "1", "--kind", "call", "--due", "today"]);
    env.ok(&["activity", "done", done.trim()]);

    let out = env.path("agenda.ics");
    env.ok(&[
        "activity",
        "export",
        "--format",
        "ics",
        "--out",
        out.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert_folded(&text);
    let calendar = parse_ics(&text);
    assert_eq!(calendar.events.len(), 1, "the done call is left out");
    assert_eq!(calendar.todos.len(), 1, "a task is a VTODO");
    let event = &calendar.events[0].properties;
    assert_eq!(
        property(event, "SUMMARY"),
        format!("Meeting: {}", title.replace(';', "\\;").replace(',', "\\,"))
    );
    assert_eq!(property(event, "DTSTART"), "20261203T140000Z");
    assert_eq!(property(event, "DTEND"), "20261203T150000Z");
    assert!(property(event, "DESCRIPTION").contains("Agenda: scope\\, price\\; timeline"));
    let uid = property(event, "UID").to_string();
    assert!(
        uid.starts_with(&format!("activity-{}@", meeting.trim())),
        "{uid}"
    );
    let todo = &calendar.todos[0].properties;
    assert_eq!(property(todo, "DUE"), "20261204");
    assert!(property(todo, "UID").starts_with(&format!("activity-{}@", task.trim())));

    // Exported again (to standard output): the same UIDs, so calendars update in place.
    let again = parse_ics(&env.ok(&["activity", "export", "--format", "ics"]));
    assert_eq!(property(&again.events[0].properties, "UID"), uid);
    // Another database gives other UIDs.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let other = Env::with_deal();
    other.ok(&[
        "activity",
        "add",
        "1",
        "--kind",
        "meeting",
        "--due",
        "2026-12-03 14:00",
    ]);
    let theirs = parse_ics(&other.ok(&["activity", "export", "--format", "ics"]));
    assert_ne!(property(&theirs.events[0].properties, "UID"), uid);
}

#[test]
fn ics_export_follows_the_export_file_rules() {
    let env = Env::with_deal();
    let out = env.path("agenda.ics");
    std::fs::write(&out, "keep me").unwrap();
    let exists = env.fails(
        2,
        &[
            "activity",
            "export",
            "--format",
            "ics",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(exists.contains("already exists"), "{exists}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    env.ok(&[
        "activity",
        "export",
        "--format",
        "ics",
        "--out",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("BEGIN:VCALENDAR\r\n")
    );
    let db = env.db();
    let over = env.fails(
        2,
        &[
            "activity",
            "export",
            "--format",
            "ics",
            "--out",
            db.to_str().unwrap(),
            "--force",
        ],
    );
    assert!(over.contains("writing there would destroy it"), "{over}");
    let bad = env.fails(2, &["activity", "export", "--format", "csv"]);
    assert!(bad.contains("csv"), "{bad}");
}

#[test]
fn every_option_has_help() {
    let env = Env::new();
    for command in [
        &["activity", "add", "--help"][..],
        &["activity", "list", "--help"],
        &["activity", "done", "--help"],
        &["activity", "edit", "--help"],
        &["activity", "delete", "--help"],
        &["activity", "export", "--help"],
        &["deal", "checklist", "--help"],
    ] {
        let help = env.ok(command);
        let options = help.split("Options:").nth(1).unwrap_or("");
        let arguments = help.split("Arguments:").nth(1).unwrap_or("");
        let lines: Vec<&str> = options
            .lines()
            .chain(arguments.lines().take_while(|l| !l.is_empty()))
            .map(str::trim)
            .collect();
        for (at, line) in lines.iter().enumerate() {
            if line.starts_with('-') || line.starts_with('<') {
                // The description is on the same line, or on the next when the name is long.
                let same_line = line.split_whitespace().count() >= 3;
                let next = lines.get(at + 1).copied().unwrap_or("");
                let below = !next.is_empty() && !next.starts_with('-') && !next.starts_with('<');
                assert!(same_line || below, "{command:?}: no help for {line:?}");
            }
        }
    }
}
