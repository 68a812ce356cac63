//! The manager's figures of `dealdeck report --json` (issue 14): per owner, by month, the
//! goal's remainder, the weekly windows as local calendar weeks across DST, each week's rate,
//! and every deal without an exchange rate named.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

use rusqlite::{Connection, params};
use serde_json::Value;

fn dealdeck_in(db: &Path, zone: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dealdeck"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("DEALDECK_CONFIG", db.with_extension("no-config.toml"))
        .env("TZ", zone)
        .env("CI", "true")
        .output()
        .unwrap()
}

fn dealdeck(db: &Path, args: &[&str]) -> Output {
    dealdeck_in(db, "UTC", args)
}

fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn json(output: &Output) -> Value {
    serde_json::from_str(&ok(output)).unwrap()
}

/// A money string as cents, so sums are exact.
fn cents(value: &Value) -> i64 {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("not money: {value}"));
    let (whole, fraction) = text.split_once('.').unwrap();
    let sign = if whole.starts_with('-') { -1 } else { 1 };
    whole.parse::<i64>().unwrap() * 100 + sign * fraction.parse::<i64>().unwrap()
}

fn demo(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("demo.db");
    let made = Command::new(env!("CARGO_BIN_EXE_dealdeck"))
        .args(["demo", "--deals", "600", "--out"])
        .arg(&db)
        .args(["--as-of", "2026-06-30", "--seed", "7"])
        .env("DEALDECK_CONFIG", dir.join("none.toml"))
        .env("TZ", "UTC")
        .output()
        .unwrap();
    ok(&made);
    db
}

/// A new deal's id.
fn add(db: &Path, args: &[&str]) -> i64 {
    let mut all = vec!["deal", "add", "--title", "Test deal"];
    all.extend_from_slice(args);
    ok(&dealdeck(db, &all)).trim().parse().unwrap()
}

/// Rewrites a deal's history: created at the first visit's moment, then one visit per
/// `(stage, entered_at)`, each ending when the next begins; the deal ends in the last stage.
fn set_history(conn: &Connection, deal: i64, path: &[(&str, i64)]) {
    let stage = |name: &str| -> (i64, String) {
        conn.query_row(
            "SELECT id, kind FROM stage WHERE name = ?1",
            [name],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap()
    };
    conn.execute("DELETE FROM stage_visit WHERE deal_id = ?1", [deal])
        .unwrap();
    let mut from: Option<i64> = None;
    for (i, (name, entered)) in path.iter().enumerate() {
        let (id, _) = stage(name);
        let exited = path.get(i + 1).map(|next| next.1);
        conn.execute(
            "INSERT INTO stage_visit (deal_id, stage_id, from_stage_id, entered_at, exited_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![deal, id, from, entered, exited],
        )
        .unwrap();
        from = Some(id);
    }
    let (last, kind) = stage(path.last().unwrap().0);
    let closed = (kind != "open").then(|| path.last().unwrap().1);
    conn.execute(
        "UPDATE deal SET stage_id = ?2, created_at = ?3, closed_at = ?4 WHERE id = ?1",
        params![deal, last, path[0].1, closed],
    )
    .unwrap();
}

const OWNER_FIGURES: [&str; 10] = [
    "open_deals",
    "open_value",
    "weighted_value",
    "won_deals",
    "lost_deals",
    "won_value",
    "win_rate",
    "avg_deal_size",
    "avg_cycle_days",
    "forecast",
];

#[test]
fn owners_add_up_to_the_totals_and_owner_restricts_every_figure() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    // One deal nobody owns, open and expected in the period, so the `null` row has money.
    let unowned = add(&db, &["--amount", "5000", "--close-date", "2026-06-20"]);
    let conn = Connection::open(&db).unwrap();
    // Created 2026-05-28, before as_of.
    set_history(&conn, unowned, &[("Consultation scheduled", 1_779_926_400)]);
    drop(conn);
    let period = [
        "--as-of",
        "2026-06-30",
        "--from",
        "2026-04-01",
        "--to",
        "2026-06-30",
    ];
    let mut args = vec!["report", "--json"];
    args.extend_from_slice(&period);
    let report = json(&dealdeck(&db, &args));
    let owners = report["owners"].as_array().unwrap();
    assert!(owners.len() >= 3, "the demo has several owners: {owners:?}");
    assert!(owners.last().unwrap()["owner"].is_null(), "{owners:?}");
    for count in ["open_deals", "won_deals", "lost_deals"] {
        let sum: u64 = owners.iter().map(|o| o[count].as_u64().unwrap()).sum();
        assert_eq!(sum, report[count].as_u64().unwrap(), "{count}");
    }
    for money in ["open_value", "weighted_value", "won_value", "forecast"] {
        let sum: i64 = owners.iter().map(|o| cents(&o[money])).sum();
        assert_eq!(sum, cents(&report[money]), "{money}");
    }
    assert!(report["won_deals"].as_u64().unwrap() > 0);

    for row in owners {
        let name = row["owner"].as_str().unwrap_or("");
        let mut args = args.clone();
        args.extend_from_slice(&["--owner", name]);
        let only = json(&dealdeck(&db, &args));
        for figure in OWNER_FIGURES {
            assert_eq!(only[figure], row[figure], "{name:?}: {figure}");
        }
        assert_eq!(only["owner_filter"]["owner"], row["owner"]);
        assert_eq!(only["owners"].as_array().unwrap().len(), 1, "{name:?}");
        assert_eq!(only["owners"][0], *row);
    }
    // Case and spaces do not matter; an unknown owner has nothing.
    let first = owners[0]["owner"].as_str().unwrap();
    let mut shouted = args.clone();
    let upper = format!("  {}  ", first.to_uppercase());
    shouted.extend_from_slice(&["--owner", &upper]);
    assert_eq!(
        json(&dealdeck(&db, &shouted))["open_deals"],
        owners[0]["open_deals"]
    );
    let mut nobody = args.clone();
    nobody.extend_from_slice(&["--owner", "No Such Rep"]);
    let none = json(&dealdeck(&db, &nobody));
    assert_eq!(none["open_deals"], 0);
    assert_eq!(none["owners"], serde_json::json!([]));

    // The text report shows the owners table; `print dashboard --owner` takes the option.
    let mut text = vec!["report"];
    text.extend_from_slice(&period);
    let out = ok(&dealdeck(&db, &text));
    assert!(out.contains("Owners") && out.contains(first), "{out}");
    assert!(out.contains("Forecast by month"), "{out}");
    // The dashboard restricted alike: its open deals are the owner's now.
    let now = json(&dealdeck(&db, &["report", "--json", "--owner", first]));
    let shown = ok(&dealdeck(
        &db,
        &[
            "print",
            "dashboard",
            "--owner",
            first,
            "--width",
            "200",
            "--height",
            "50",
        ],
    ));
    let everyone = ok(&dealdeck(
        &db,
        &["print", "dashboard", "--width", "200", "--height", "50"],
    ));
    let open_deals = |screen: &str| -> u64 {
        let at = screen.find("Open deals ").unwrap() + "Open deals ".len();
        let digits: String = screen[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().unwrap()
    };
    assert_eq!(
        open_deals(&shown),
        now["open_deals"].as_u64().unwrap(),
        "{shown}"
    );
    assert!(open_deals(&everyone) > open_deals(&shown), "{everyone}");
}

#[test]
fn months_sum_to_the_open_weighted_value_expected_in_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let report = json(&dealdeck(
        &db,
        &["report", "--as-of", "2026-06-30", "--json"],
    ));
    let months = report["forecast_by_month"].as_array().unwrap();
    let names: Vec<&str> = months
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"
        ]
    );
    assert!(months[0]["won_value"].is_string());
    assert!(months[1..].iter().all(|m| m["won_value"].is_null()));

    // Straight SQL: open deals at as_of expected to close from June to November 2026.
    let conn = Connection::open(&db).unwrap();
    let as_of = 1_782_863_999_i64; // 2026-06-30T23:59:59Z
    let (deals, value, weighted): (i64, i64, i64) = conn
        .query_row(
            "SELECT COUNT(*), COALESCE(SUM(d.amount_minor), 0),
                    COALESCE(SUM(d.amount_minor * COALESCE(d.probability_override, s.probability)), 0)
             FROM deal d JOIN stage_visit v ON v.deal_id = d.id JOIN stage s ON s.id = v.stage_id
             WHERE d.created_at <= ?1 AND v.entered_at <= ?1
               AND (v.exited_at IS NULL OR v.exited_at > ?1) AND s.kind = 'open'
               AND d.expected_close_date BETWEEN '2026-06-01' AND '2026-11-30'",
            [as_of],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .unwrap();
    assert!(deals > 0, "the demo expects deals to close in these months");
    let count: i64 = months.iter().map(|m| m["deals"].as_i64().unwrap()).sum();
    let sum = |key: &str| months.iter().map(|m| cents(&m[key])).sum::<i64>();
    assert_eq!(count, deals);
    assert_eq!(sum("value"), value);
    // Each month rounds its weighted value to the cent: within half a cent per month.
    assert!(
        (sum("weighted") * 100 - weighted).abs() <= 50 * 6,
        "{weighted}"
    );

    // The goal's remainder beside the whole target.
    let goal = json(&dealdeck(
        &db,
        &[
            "report",
            "--as-of",
            "2026-06-30",
            "--target",
            "100000000",
            "--json",
        ],
    ))["goal"]
        .clone();
    assert_eq!(goal["won_so_far"], report["won_value"]);
    assert_eq!(
        cents(&goal["remaining"]),
        100_000_000 * 100 - cents(&report["won_value"])
    );
    let (whole, rest) = (
        goal["won_needed"].as_u64().unwrap(),
        goal["remaining_won_needed"].as_u64().unwrap(),
    );
    assert!(rest <= whole && rest > 0, "{goal}");
    assert!(goal["stages"][0]["remaining_needed"].as_u64().unwrap() >= rest);
}

/// One DST change: as of the Sunday a week after it (a bare date: its last local second),
/// window 10 is the week holding the change and 11 the week after. The moments are UTC
/// seconds of local times in `zone`.
struct DstCase {
    zone: &'static str,
    as_of: &'static str,
    /// The 12 week ends, oldest first, as `YYYY-MM-DD` of the first one.
    first_week_end: &'static str,
    last_second_of_week_9: i64,
    first_second_of_week_10: i64,
    last_second_of_week_10: i64,
    first_second_of_week_11: i64,
}

const DST_CASES: [DstCase; 4] = [
    // Europe/Amsterdam, 2026-03-29: 02:00 CET becomes 03:00 CEST.
    DstCase {
        zone: "Europe/Amsterdam",
        as_of: "2026-04-05",
        first_week_end: "2026-01-18",
        last_second_of_week_9: 1_774_220_399, // 2026-03-22 23:59:59 CET
        first_second_of_week_10: 1_774_220_400, // 2026-03-23 00:00:00 CET
        last_second_of_week_10: 1_774_821_599, // 2026-03-29 23:59:59 CEST
        first_second_of_week_11: 1_774_821_600, // 2026-03-30 00:00:00 CEST
    },
    // Europe/Amsterdam, 2026-10-25: 03:00 CEST becomes 02:00 CET.
    DstCase {
        zone: "Europe/Amsterdam",
        as_of: "2026-11-01",
        first_week_end: "2026-08-16",
        last_second_of_week_9: 1_792_360_799, // 2026-10-18 23:59:59 CEST
        first_second_of_week_10: 1_792_360_800, // 2026-10-19 00:00:00 CEST
        last_second_of_week_10: 1_792_969_199, // 2026-10-25 23:59:59 CET
        first_second_of_week_11: 1_792_969_200, // 2026-10-26 00:00:00 CET
    },
    // America/New_York, 2026-03-08: 02:00 EST becomes 03:00 EDT.
    DstCase {
        zone: "America/New_York",
        as_of: "2026-03-15",
        first_week_end: "2025-12-28",
        last_second_of_week_9: 1_772_427_599, // 2026-03-01 23:59:59 EST
        first_second_of_week_10: 1_772_427_600, // 2026-03-02 00:00:00 EST
        last_second_of_week_10: 1_773_028_799, // 2026-03-08 23:59:59 EDT
        first_second_of_week_11: 1_773_028_800, // 2026-03-09 00:00:00 EDT
    },
    // America/New_York, 2026-11-01: 02:00 EDT becomes 01:00 EST.
    DstCase {
        zone: "America/New_York",
        as_of: "2026-11-08",
        first_week_end: "2026-08-23",
        last_second_of_week_9: 1_792_987_199, // 2026-10-25 23:59:59 EDT
        first_second_of_week_10: 1_792_987_200, // 2026-10-26 00:00:00 EDT
        last_second_of_week_10: 1_793_595_599, // 2026-11-01 23:59:59 EST
        first_second_of_week_11: 1_793_595_600, // 2026-11-02 00:00:00 EST
    },
];

#[test]
fn weekly_windows_are_seven_local_days_across_both_dst_changes() {
    let dir = tempfile::tempdir().unwrap();
    for (n, case) in DST_CASES.iter().enumerate() {
        let db = dir.path().join(format!("dst-{n}.db"));
        let won_at = [
            case.last_second_of_week_9,
            case.first_second_of_week_10,
            case.last_second_of_week_10,
            case.first_second_of_week_11,
        ];
        let ids: Vec<i64> = won_at
            .iter()
            .map(|_| add(&db, &["--amount", "1000"]))
            .collect();
        // A deal open from before the trend on, lost at week 11's first second.
        let leaving = add(&db, &["--amount", "1000"]);
        let conn = Connection::open(&db).unwrap();
        for (id, won) in ids.iter().zip(won_at) {
            set_history(
                &conn,
                *id,
                &[
                    ("Consultation scheduled", won - 86_400 * 200),
                    ("Closed won", won),
                ],
            );
        }
        set_history(
            &conn,
            leaving,
            &[
                (
                    "Consultation scheduled",
                    case.first_second_of_week_10 - 86_400 * 200,
                ),
                ("Closed lost", case.first_second_of_week_11),
            ],
        );
        drop(conn);
        let report = json(&dealdeck_in(
            &db,
            case.zone,
            &["report", "--as-of", case.as_of, "--json"],
        ));
        let weekly = report["weekly"].as_array().unwrap();
        assert_eq!(weekly.len(), 12);
        let ends: Vec<chrono::NaiveDate> = weekly
            .iter()
            .map(|w| w["week_end"].as_str().unwrap().parse().unwrap())
            .collect();
        assert_eq!(ends[0].to_string(), case.first_week_end, "{}", case.zone);
        assert_eq!(ends[11].to_string(), case.as_of, "{}", case.zone);
        for pair in ends.windows(2) {
            assert_eq!(
                (pair[1] - pair[0]).num_days(),
                7,
                "{}: {ends:?}",
                case.as_of
            );
        }
        let won: Vec<u64> = weekly.iter().map(|w| w["won"].as_u64().unwrap()).collect();
        assert_eq!(
            won,
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 1],
            "{} as of {}",
            case.zone,
            case.as_of
        );
        let lost: Vec<u64> = weekly.iter().map(|w| w["lost"].as_u64().unwrap()).collect();
        assert_eq!(lost[11], 1, "{}", case.as_of);
        // Open at week 10's end (it left a second after), not at 11's.
        let open: Vec<u64> = weekly
            .iter()
            .map(|w| w["open_deals"].as_u64().unwrap())
            .collect();
        // (The deal won at week 11's first second was still open at week 10's end.)
        assert_eq!(open[10], 2, "{}: {open:?}", case.as_of);
        assert_eq!(open[11], 0, "{}: {open:?}", case.as_of);
    }
}

#[test]
fn a_week_converts_with_the_rate_valid_at_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fx.db");
    let deal = add(&db, &["--amount", "1000", "--currency", "SEK"]);
    let conn = Connection::open(&db).unwrap();
    // Open in the first stage (20 %) since 2026-01-01.
    set_history(&conn, deal, &[("Consultation scheduled", 1_767_225_600)]);
    drop(conn);
    // No rate before 2026-02-01; 0.1 from then, 0.2 from 2026-03-01.
    ok(&dealdeck(
        &db,
        &["fx", "set", "SEK", "0.1", "--date", "2026-02-01"],
    ));
    ok(&dealdeck(
        &db,
        &["fx", "set", "SEK", "0.2", "--date", "2026-03-01"],
    ));
    let report = json(&dealdeck(
        &db,
        &["report", "--as-of", "2026-03-22", "--json"],
    ));
    let weekly = report["weekly"].as_array().unwrap();
    let by_end = |day: &str| {
        weekly
            .iter()
            .find(|w| w["week_end"] == day)
            .unwrap_or_else(|| panic!("no week ending {day}: {weekly:?}"))["weighted_value"]
            .clone()
    };
    assert_eq!(by_end("2026-01-25"), "0.00"); // no rate yet
    assert_eq!(by_end("2026-02-01"), "20.00"); // 1000 × 0.1 × 20 %
    assert_eq!(by_end("2026-02-22"), "20.00");
    assert_eq!(by_end("2026-03-01"), "40.00"); // 1000 × 0.2 × 20 %
    assert_eq!(by_end("2026-03-22"), "40.00");
    assert_eq!(report["weighted_value"], "40.00");
    // Left out of the early weeks: named, with the last week it is missing from.
    let warnings = report["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let warning = warnings[0].as_str().unwrap();
    assert!(
        warning.contains(&format!("deal {deal} ")) && warning.contains("2026-01-25"),
        "{warning}"
    );
}

#[test]
fn every_deal_without_a_rate_is_named_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rates.db");
    add(&db, &["--amount", "100"]);
    let ids: Vec<i64> = (0..25)
        .map(|_| add(&db, &["--amount", "100", "--currency", "SEK"]))
        .collect();
    let report = json(&dealdeck(&db, &["report", "--json"]));
    let warnings: Vec<&str> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(warnings.len(), 25, "{warnings:?}");
    for (id, warning) in ids.iter().zip(&warnings) {
        assert!(warning.starts_with(&format!("deal {id} ")), "{warning}");
    }
    assert_eq!(report["open_value"], "100.00");
    // The text report summarises on stderr: a few named, the rest counted.
    let text = dealdeck(&db, &["report"]);
    let stderr = String::from_utf8_lossy(&text.stderr);
    assert!(text.status.success());
    assert_eq!(stderr.lines().count(), 11, "{stderr}");
    assert!(stderr.contains("15 more deals"), "{stderr}");
}
