//! `dealdeck report --json` on a generated demo database, checked figure by figure against
//! straight SQL over `deal` and `stage_visit`; and the `fx` commands' effect on the report.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

use rusqlite::Connection;
use serde_json::Value;

fn dealdeck(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dealdeck"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("DEALDECK_CONFIG", db.with_extension("no-config.toml"))
        .env("TZ", "UTC")
        .env("CI", "true")
        .output()
        .unwrap()
}

fn json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Minor units (cents) as the decimal string the JSON carries.
fn cents(minor: i64) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}

/// `value / 100` cents rounded half away from zero (weighted sums carry percent × cents).
fn percent_cents(value: i64) -> String {
    cents((value + 50).div_euclid(100))
}

const AS_OF: i64 = 1_782_863_999; // 2026-06-30T23:59:59Z
const FROM: i64 = 1_775_001_600; // 2026-04-01T00:00:00Z
const TO_EXCLUSIVE: i64 = 1_782_864_000; // 2026-07-01T00:00:00Z

/// Each deal's visit covering `AS_OF`, with its stage.
const COVERING: &str = "
    SELECT d.id AS deal, d.amount_minor AS amount, d.created_at AS created,
           COALESCE(d.probability_override, s.probability) AS probability,
           s.kind AS kind, s.name AS stage, v.entered_at AS entered, v.reason AS reason
    FROM deal d
    JOIN stage_visit v ON v.deal_id = d.id
    JOIN stage s ON s.id = v.stage_id
    WHERE d.created_at <= ?1 AND v.entered_at <= ?1 AND (v.exited_at IS NULL OR v.exited_at > ?1)";

fn scalar(conn: &Connection, sql: &str) -> i64 {
    let mut statement = conn.prepare(sql).unwrap();
    // Bind only the moments the query mentions (?1 as of, ?2 period start, ?3 period end).
    let params = [AS_OF, FROM, TO_EXCLUSIVE];
    let used = &params[..statement.parameter_count()];
    statement
        .query_row(rusqlite::params_from_iter(used), |row| {
            row.get::<_, Option<i64>>(0)
        })
        .unwrap()
        .unwrap_or(0)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn report_json_on_demo_data_matches_straight_sql() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let demo = Command::new(env!("CARGO_BIN_EXE_dealdeck"))
        // Past 20 000 deals, so the history is read by several readers and walked in parts,
        // as on a real large database.
        .args(["demo", "--deals", "21000", "--out"])
        .arg(&db)
        .args(["--as-of", "2026-06-30", "--seed", "5"])
        .env("DEALDECK_CONFIG", dir.path().join("none.toml"))
        .env("TZ", "UTC")
        .output()
        .unwrap();
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let report = json(&dealdeck(
        &db,
        &[
            "report",
            "--as-of",
            "2026-06-30",
            "--from",
            "2026-04-01",
            "--to",
            "2026-06-30",
            "--target",
            "250000",
            "--json",
        ],
    ));
    let conn = Connection::open(&db).unwrap();
    let only_pipeline: i64 = conn
        .query_row("SELECT COUNT(*) FROM pipeline", [], |r| r.get(0))
        .unwrap();
    assert_eq!(only_pipeline, 1, "the demo writes one pipeline");

    assert_eq!(report["as_of"], "2026-06-30T23:59:59Z");
    assert_eq!(report["from"], "2026-04-01");
    let count = |where_: &str| {
        scalar(
            &conn,
            &format!("SELECT COUNT(*) FROM ({COVERING}) WHERE {where_}"),
        )
    };
    let sum = |expr: &str, where_: &str| {
        scalar(
            &conn,
            &format!("SELECT SUM({expr}) FROM ({COVERING}) WHERE {where_}"),
        )
    };
    let won = "kind = 'won' AND entered >= ?2 AND entered < ?3";
    let lost = "kind = 'lost' AND entered >= ?2 AND entered < ?3";

    let open_deals = count("kind = 'open'");
    assert!(open_deals > 100, "the demo has open deals: {open_deals}");
    assert_eq!(report["open_deals"], open_deals);
    assert_eq!(report["open_value"], cents(sum("amount", "kind = 'open'")));
    assert_eq!(
        report["weighted_value"],
        percent_cents(sum("amount * probability", "kind = 'open'"))
    );
    let won_deals = count(won);
    let lost_deals = count(lost);
    assert!(won_deals > 0 && lost_deals > 0);
    assert_eq!(report["won_deals"], won_deals);
    assert_eq!(report["lost_deals"], lost_deals);
    assert_eq!(report["won_value"], cents(sum("amount", won)));
    let win_rate = won_deals as f64 / (won_deals + lost_deals) as f64;
    assert!(close(report["win_rate"].as_f64().unwrap(), win_rate));
    let cycle_seconds = sum("entered - created", won);
    let avg_cycle = cycle_seconds as f64 / 86_400.0 / won_deals as f64;
    assert!(close(report["avg_cycle_days"].as_f64().unwrap(), avg_cycle));

    // Per stage: average days over completed visits, and this period's completed/advanced.
    let stages = report["stages"].as_array().unwrap();
    assert_eq!(stages.len(), 4);
    for figures in stages {
        let name = figures["name"].as_str().unwrap();
        let (avg_seconds, completed, advanced, open_here): (f64, i64, i64, i64) = conn
            .query_row(
                "SELECT
                   (SELECT AVG(v.exited_at - v.entered_at) FROM stage_visit v
                     WHERE v.stage_id = s.id AND v.exited_at <= ?1),
                   (SELECT COUNT(*) FROM stage_visit v
                     WHERE v.stage_id = s.id AND v.entered_at >= ?2 AND v.entered_at < ?3
                       AND v.exited_at <= ?1),
                   (SELECT COUNT(*) FROM stage_visit v
                     JOIN stage_visit n ON n.deal_id = v.deal_id AND n.entered_at = v.exited_at
                                       AND n.id <> v.id
                     JOIN stage ns ON ns.id = n.stage_id
                     WHERE v.stage_id = s.id AND v.entered_at >= ?2 AND v.entered_at < ?3
                       AND v.exited_at <= ?1
                       AND (ns.kind = 'won' OR (ns.kind = 'open' AND ns.position > s.position))),
                   (SELECT COUNT(*) FROM stage_visit v JOIN deal d ON d.id = v.deal_id
                     WHERE v.stage_id = s.id AND d.created_at <= ?1 AND v.entered_at <= ?1
                       AND (v.exited_at IS NULL OR v.exited_at > ?1))
                 FROM stage s WHERE s.name = ?4",
                rusqlite::params![AS_OF, FROM, TO_EXCLUSIVE, name],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .unwrap();
        assert!(completed > 0, "{name}");
        assert_eq!(figures["completed"], completed, "{name}");
        assert_eq!(figures["advanced"], advanced, "{name}");
        assert_eq!(figures["open_deals"], open_here, "{name}");
        let avg_days = avg_seconds / 86_400.0;
        assert!(
            close(figures["avg_days_in_stage"].as_f64().unwrap(), avg_days),
            "{name}"
        );
        assert!(close(
            figures["expected_days"].as_f64().unwrap(),
            avg_days * 2.0
        ));
    }

    // Lost reasons: most deals first, counts from the covering lost visits.
    let reasons = report["lost_reasons"].as_array().unwrap();
    let mut by_sql: Vec<(String, i64)> = {
        let mut statement = conn
            .prepare(&format!(
                "SELECT reason, COUNT(*) FROM ({COVERING}) WHERE {lost} GROUP BY reason"
            ))
            .unwrap();
        statement
            .query_map([AS_OF, FROM, TO_EXCLUSIVE], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    by_sql.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let from_report: Vec<(String, i64)> = reasons
        .iter()
        .map(|r| {
            (
                r["reason"].as_str().unwrap().to_string(),
                r["deals"].as_i64().unwrap(),
            )
        })
        .collect();
    let mut sorted_report = from_report.clone();
    sorted_report.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    assert_eq!(sorted_report, by_sql);
    assert!(from_report.windows(2).all(|w| w[0].1 >= w[1].1));

    // Funnel: the cohort created in the period reaches the first stage.
    let cohort = scalar(
        &conn,
        "SELECT COUNT(*) FROM deal WHERE created_at >= ?2 AND created_at < ?3 AND created_at <= ?1",
    );
    assert_eq!(report["funnel"][0]["reached"], cohort);
    let reached_won = scalar(
        &conn,
        "SELECT COUNT(DISTINCT d.id) FROM deal d JOIN stage_visit v ON v.deal_id = d.id
         JOIN stage s ON s.id = v.stage_id
         WHERE d.created_at >= ?2 AND d.created_at < ?3 AND v.entered_at <= ?1 AND s.kind = 'won'",
    );
    let last = &report["funnel"][3];
    assert!(close(
        last["next_step_rate"].as_f64().unwrap(),
        reached_won as f64 / last["reached"].as_f64().unwrap()
    ));

    // Goal: ceil(target / average won deal).
    let won_value_cents = sum("amount", won);
    let needed = (25_000_000_u64 * won_deals as u64).div_ceil(won_value_cents as u64);
    assert_eq!(report["goal"]["won_needed"], needed);

    // Weekly: the last window ends at as_of and agrees with the headline figures.
    let weekly = report["weekly"].as_array().unwrap();
    assert_eq!(weekly.len(), 12);
    assert_eq!(weekly[11]["week_end"], "2026-06-30");
    assert_eq!(weekly[11]["open_deals"], open_deals);
    assert_eq!(weekly[11]["weighted_value"], report["weighted_value"]);
    let won_last_week = scalar(
        &conn,
        "SELECT COUNT(DISTINCT v.deal_id) FROM stage_visit v JOIN stage s ON s.id = v.stage_id
         WHERE s.kind = 'won' AND v.entered_at > ?1 - 7 * 86400 AND v.entered_at <= ?1",
    );
    assert_eq!(weekly[11]["won"], won_last_week);
    assert_eq!(report["warnings"], Value::Array(vec![]));
}

#[test]
fn deals_in_another_currency_need_a_rate() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fx.db");
    let add = |amount: &str, currency: &str| {
        let out = dealdeck(
            &db,
            &[
                "deal",
                "add",
                "--title",
                "Import",
                "--amount",
                amount,
                "--currency",
                currency,
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    add("1000", "EUR");
    add("2000", "USD");
    let before = json(&dealdeck(&db, &["report", "--json"]));
    assert_eq!(before["open_deals"], 2);
    assert_eq!(before["open_value"], "1000.00");
    let warnings = before["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].as_str().unwrap().contains("USD"));

    let set = dealdeck(&db, &["fx", "set", "USD", "0.5", "--date", "2020-01-01"]);
    assert!(set.status.success());
    let after = json(&dealdeck(&db, &["report", "--json"]));
    assert_eq!(after["open_value"], "2000.00");
    assert_eq!(after["warnings"], Value::Array(vec![]));
    let list = json(&dealdeck(&db, &["fx", "list", "--json"]));
    assert_eq!(list[0]["currency"], "USD");
    assert_eq!(list[0]["base"], "EUR");
    assert_eq!(list[0]["rate"], "0.5");

    for (args, named) in [
        (vec!["fx", "set", "USD", "NaN"], "\"NaN\""),
        (vec!["fx", "set", "USD", "-3"], "\"-3\""),
        (vec!["fx", "set", "DOLLAR", "1.1"], "DOLLAR"),
        (vec!["report", "--as-of", "yesterday-ish"], "yesterday-ish"),
        (vec!["report", "--target", "lots"], "lots"),
        (
            vec!["report", "--from", "2026-05-01", "--to", "2026-04-01"],
            "2026-05-01",
        ),
    ] {
        let out = dealdeck(&db, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(named), "{args:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    }
}

/// The cells of a table line: text separated by runs of two or more spaces, each with the
/// display columns it starts and ends at.
fn cells(line: &str) -> Vec<(usize, usize, String)> {
    let chars: Vec<char> = line.chars().collect();
    let mut cells = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ' ' {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !(chars[i] == ' ' && chars.get(i + 1).is_none_or(|c| *c == ' ')) {
            i += 1;
        }
        cells.push((start, i, chars[start..i].iter().collect()));
    }
    cells
}

/// Every table of the text report (an upper-case header line and the lines under it up to
/// a blank line) has its columns lined up: each column's cells all start at the header's
/// start (left-aligned) or all end at the header's end (right-aligned).
fn assert_tables_aligned(text: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let mut tables = 0;
    let mut i = 0;
    while i < lines.len() {
        let header = lines[i];
        let is_header = header.contains("  ")
            && header.chars().any(char::is_alphabetic)
            && !header.chars().any(char::is_lowercase);
        if !is_header {
            i += 1;
            continue;
        }
        tables += 1;
        let columns = cells(header);
        let mut rows = 0;
        i += 1;
        while i < lines.len() && !lines[i].trim().is_empty() {
            let row = cells(lines[i]);
            assert_eq!(
                row.len(),
                columns.len(),
                "cells of {:?} under {header:?}",
                lines[i]
            );
            for (k, ((start, end, cell), (head_start, head_end, head))) in
                row.iter().zip(&columns).enumerate()
            {
                let left = start == head_start;
                let right = end == head_end;
                assert!(
                    left || right,
                    "column {k} ({head}) cell {cell:?} at {start}..{end}, header at {head_start}..{head_end}:\n{text}"
                );
                // The first column is the row's name: always left-aligned.
                if k == 0 {
                    assert!(left, "{cell:?} is not left-aligned:\n{text}");
                }
            }
            rows += 1;
            i += 1;
        }
        assert!(rows > 0, "table {header:?} has rows:\n{text}");
    }
    tables
}

#[test]
fn the_text_report_is_aligned_and_complete() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("text.db");
    // `report` only reads: a missing database is refused, so the empty one is made first.
    drop(dealdeck::store::Store::open(&db).unwrap());
    // Amounts of very different widths, and a lost deal, so the columns have to be padded.
    for (title, amount) in [("Audit", "1250000"), ("Fit-out", "800"), ("Roof", "7")] {
        let add = dealdeck(&db, &["deal", "add", "--title", title, "--amount", amount]);
        assert!(
            add.status.success(),
            "{}",
            String::from_utf8_lossy(&add.stderr)
        );
    }
    let moved = dealdeck(
        &db,
        &["deal", "move", "2", "Closed lost", "--reason", "no budget"],
    );
    assert!(
        moved.status.success(),
        "{}",
        String::from_utf8_lossy(&moved.stderr)
    );
    let out = dealdeck(&db, &["report", "--target", "10000"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for heading in [
        "Open deals",
        "Win rate",
        "Stages",
        "Funnel",
        "Lost reasons",
        "Goal",
        "Owners",
        "Forecast by month",
        "Weekly trend",
    ] {
        assert!(text.contains(heading), "{heading} missing:\n{text}");
    }
    assert!(text.contains("n/a"), "undefined ratios show n/a:\n{text}");
    assert!(text.contains("1,250,007.00"), "the open value:\n{text}");
    // Figures, stages, funnel, lost reasons, goal, owners, months and weekly trend.
    assert_eq!(assert_tables_aligned(&text), 8, "{text}");
}

#[test]
fn the_alignment_check_catches_a_misaligned_column() {
    let aligned = "STAGE  OPEN   VALUE\nLead      1   10.00\nWon      12  100.00\n";
    assert_eq!(assert_tables_aligned(aligned), 1);
    // "12" one column right of where its header ends.
    let shifted = "STAGE  OPEN   VALUE\nLead      1   10.00\nWon       12  100.00\n";
    let outcome = std::panic::catch_unwind(|| assert_tables_aligned(shifted));
    assert!(outcome.is_err(), "a value one column off is caught");
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn report_json_has_exactly_the_keys_of_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("keys.db");
    let add = dealdeck(
        &db,
        &["deal", "add", "--title", "Audit", "--amount", "12500"],
    );
    assert!(add.status.success());
    let lost = dealdeck(
        &db,
        &["deal", "add", "--title", "Fit-out", "--amount", "800"],
    );
    let id = String::from_utf8(lost.stdout).unwrap().trim().to_string();
    let moved = dealdeck(
        &db,
        &["deal", "move", &id, "Closed lost", "--reason", "no budget "],
    );
    assert!(
        moved.status.success(),
        "{}",
        String::from_utf8_lossy(&moved.stderr)
    );
    let with_goal = json(&dealdeck(&db, &["report", "--json", "--target", "100000"]));
    let mut top = keys(&with_goal);
    top.sort_unstable();
    let mut expected = vec![
        "pipeline",
        "currency",
        "from",
        "to",
        "as_of",
        "open_deals",
        "open_value",
        "weighted_value",
        "won_deals",
        "lost_deals",
        "won_value",
        "win_rate",
        "avg_deal_size",
        "avg_cycle_days",
        "sales_velocity_per_day",
        "forecast",
        "owners",
        "forecast_by_month",
        "stages",
        "funnel",
        "lost_reasons",
        "goal",
        "weekly",
        "insights",
        "warnings",
    ];
    expected.sort_unstable();
    assert_eq!(top, expected);
    let mut stage = keys(&with_goal["stages"][0]);
    stage.sort_unstable();
    assert_eq!(
        stage,
        vec![
            "advanced",
            "avg_days_in_stage",
            "below_target",
            "completed",
            "conversion_rate",
            "expected_days",
            "name",
            "open_deals",
            "open_value",
            "stale",
            "target_conversion",
            "weighted_value"
        ]
    );
    let mut funnel = keys(&with_goal["funnel"][0]);
    funnel.sort_unstable();
    assert_eq!(
        funnel,
        vec!["cumulative_rate", "next_step_rate", "reached", "stage"]
    );
    let mut goal = keys(&with_goal["goal"]);
    goal.sort_unstable();
    assert_eq!(
        goal,
        vec![
            "remaining",
            "remaining_won_needed",
            "stages",
            "target",
            "won_needed",
            "won_so_far"
        ]
    );
    let mut goal_stage = keys(&with_goal["goal"]["stages"][0]);
    goal_stage.sort_unstable();
    assert_eq!(
        goal_stage,
        vec![
            "gap",
            "have",
            "needed",
            "needed_at_target",
            "remaining_gap",
            "remaining_needed",
            "stage"
        ]
    );
    let mut owner = keys(&with_goal["owners"][0]);
    owner.sort_unstable();
    assert_eq!(
        owner,
        vec![
            "avg_cycle_days",
            "avg_deal_size",
            "forecast",
            "lost_deals",
            "open_deals",
            "open_value",
            "owner",
            "weighted_value",
            "win_rate",
            "won_deals",
            "won_value"
        ]
    );
    let mut month = keys(&with_goal["forecast_by_month"][0]);
    month.sort_unstable();
    assert_eq!(
        month,
        vec!["deals", "month", "value", "weighted", "won_value"]
    );
    let mut week = keys(&with_goal["weekly"][0]);
    week.sort_unstable();
    assert_eq!(
        week,
        vec!["lost", "open_deals", "week_end", "weighted_value", "won"]
    );
    let mut reason = keys(&with_goal["lost_reasons"][0]);
    reason.sort_unstable();
    assert_eq!(reason, vec!["deals", "reason", "value"]);
    assert_eq!(with_goal["lost_reasons"][0]["reason"], "No budget");
    assert_eq!(with_goal["lost_reasons"][0]["value"], "800.00");
    assert_eq!(with_goal["win_rate"], 0.0);
    assert_eq!(with_goal["open_value"], "12500.00");
    assert_eq!(with_goal["goal"]["target"], "100000.00");
    assert!(with_goal["avg_deal_size"].is_null());

    let without_goal = json(&dealdeck(&db, &["report", "--json"]));
    assert!(without_goal.get("goal").is_none());
}

#[test]
fn report_says_what_the_figures_say_with_the_figures_it_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("insights.db");
    drop(dealdeck::store::Store::open(&db).unwrap());
    // The first stage aims at 50 %; ten deals all lost from it, for the same reason.
    let services = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/pipelines/services.toml"
    ))
    .unwrap()
    .replacen("rot_days = 14", "rot_days = 14\ntarget_conversion = 50", 1);
    let file = dir.path().join("services.toml");
    std::fs::write(&file, services).unwrap();
    let applied = dealdeck(&db, &["pipeline", "apply", file.to_str().unwrap()]);
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    for n in 0..10 {
        let title = format!("Deal {n}");
        let add = dealdeck(&db, &["deal", "add", "--title", &title, "--amount", "100"]);
        let id = String::from_utf8(add.stdout).unwrap().trim().to_string();
        let moved = dealdeck(
            &db,
            &["deal", "move", &id, "Closed lost", "--reason", "No budget"],
        );
        assert!(moved.status.success());
    }
    let report = json(&dealdeck(&db, &["report", "--json"]));
    let insights = report["insights"].as_array().unwrap();
    let rules: Vec<&str> = insights
        .iter()
        .map(|i| i["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        vec!["entry-bar-too-high", "below-target", "lost-reason-growing"],
        "{insights:?}"
    );
    let below = &insights[1];
    assert_eq!(below["stage"], "Consultation scheduled");
    assert!(below["lost_reason"].is_null());
    assert_eq!(
        below["text"],
        "Consultation scheduled converts 0.0% against its target of 50%: 0 of 10 advanced"
    );
    assert_eq!(below["figures"]["advanced"], 0);
    assert_eq!(below["figures"]["completed"], 10);
    assert_eq!(below["figures"]["target_conversion"], 50);
    assert_eq!(insights[2]["lost_reason"], "No budget");
    assert_eq!(insights[2]["figures"]["last_weeks"], 10);

    let text = dealdeck(&db, &["report"]);
    let text = String::from_utf8(text.stdout).unwrap();
    let said = text.split("What the figures say\n").nth(1).unwrap();
    assert!(
        said.contains("- Consultation scheduled converts 0.0% against its target of 50%"),
        "{said}"
    );
    assert_eq!(said.lines().count(), 3, "{said}");
}
