//! What terminal users expect of a clap program: completion scripts that a shell accepts, a
//! man page that renders, and a one-line description on every option and argument.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;
use clap::CommandFactory;

fn dealdeck(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("dealdeck")
        .unwrap()
        .args(args)
        .env_remove("DEALDECK_DB")
        .env("HOME", dir.path())
        .env("DEALDECK_CONFIG", dir.path().join("no-config.toml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Whether `tool` is installed here.
fn installed(tool: &str) -> bool {
    Process::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Runs `program args` with `input` on stdin; returns (success, stdout, stderr).
fn pipe(program: &str, args: &[&str], input: &str) -> (bool, String, String) {
    let mut child = Process::new(program)
        .args(args)
        .env("MANWIDTH", "80")
        .env("LANG", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_bash_completion_script_parses_and_completes_subcommands() {
    let script = dealdeck(&["completions", "bash"]);
    assert!(script.contains("complete -F _dealdeck"), "{script}");
    assert!(script.contains("pipeline"), "{script}");
    let (ok, _, stderr) = pipe("bash", &["-n"], &script);
    assert!(ok, "bash -n refused the completion script: {stderr}");
}

#[test]
fn every_documented_shell_gets_a_script() {
    for (shell, marker) in [
        ("zsh", "#compdef dealdeck"),
        ("fish", "complete -c dealdeck"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = dealdeck(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: {script}");
    }
    // zsh is checked where installed; bash, above, is required.
    if installed("zsh") {
        let script = dealdeck(&["completions", "zsh"]);
        let (ok, _, stderr) = pipe("zsh", &["-n"], &script);
        assert!(ok, "zsh -n refused the completion script: {stderr}");
    }
}

#[test]
fn an_unknown_shell_is_refused_with_exit_2() {
    let out = Command::cargo_bin("dealdeck")
        .unwrap()
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tcsh"));
}

#[test]
fn the_man_page_is_roff_and_renders() {
    let page = dealdeck(&["man"]);
    assert!(page.contains("\n.TH dealdeck 1"), "{page}");
    assert!(page.contains(".SH SUBCOMMANDS"), "{page}");
    // `man -l` as the issue asks, else groff itself; under CI one of them must be there.
    let rendered = if installed("man") {
        Some(pipe("man", &["-l", "-"], &page))
    } else if installed("groff") {
        Some(pipe("groff", &["-man", "-Tutf8"], &page))
    } else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "neither man nor groff is installed: the man page cannot be rendered under CI"
        );
        eprintln!("note: neither man nor groff is installed; the page was not rendered");
        None
    };
    if let Some((ok, text, stderr)) = rendered {
        assert!(ok, "rendering the man page failed: {stderr}");
        assert!(text.contains("NAME"), "{text}");
        assert!(text.contains("dealdeck-completions"), "{text}");
        assert!(!text.contains(".TH"), "unrendered roff: {text}");
    }
}

/// Every option and positional argument of every command, hidden ones aside, with its path.
fn undescribed(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
    for arg in command.get_arguments() {
        let id = arg.get_id().as_str();
        if arg.is_hide_set() || id == "help" || id == "version" {
            continue;
        }
        let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
        let help = help.trim();
        let name = arg
            .get_long()
            .map(|long| format!("--{long}"))
            .unwrap_or_else(|| format!("<{}>", id.to_uppercase()));
        if help.is_empty() {
            missing.push(format!("{path} {name}: no description"));
        } else if help.lines().count() > 1 || help.to_lowercase().contains("see readme") {
            missing.push(format!(
                "{path} {name}: not a one-line description: {help:?}"
            ));
        }
    }
    for sub in command.get_subcommands() {
        if sub.is_hide_set() || sub.get_name() == "help" {
            continue;
        }
        undescribed(sub, &format!("{path} {}", sub.get_name()), missing);
    }
}

#[test]
fn every_option_and_argument_of_every_command_has_a_one_line_description() {
    let mut missing = Vec::new();
    undescribed(&dealdeck::cli::Cli::command(), "dealdeck", &mut missing);
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// The binary on `db`, with no user config; returns its exit code and stdout.
fn on(db: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::cargo_bin("dealdeck")
        .unwrap()
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DEALDECK_DB")
        .env("LANG", "C")
        .env("HOME", db.parent().unwrap())
        .env("DEALDECK_CONFIG", db.with_extension("no-config.toml"))
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn check_and_backup_print_json_objects_for_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("deals.db");
    assert_eq!(on(&db, &["deal", "add", "--title", "Sound"]).0, Some(0));
    let (code, out) = on(&db, &["check", "--json"]);
    assert_eq!(code, Some(0), "{out}");
    let check: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(check["ok"], true);
    assert_eq!(check["database"], db.display().to_string());
    assert_eq!(check["deals"], 1);
    assert_eq!(check["stage_visits"], 1);
    assert!(check["pipelines"].as_i64().unwrap() >= 1);
    assert!(check["schema_version"].as_i64().unwrap() >= 1);
    assert_eq!(check["problems"], serde_json::json!([]));

    let copy = dir.path().join("copy.db");
    let (code, out) = on(&db, &["backup", copy.to_str().unwrap(), "--json"]);
    assert_eq!(code, Some(0), "{out}");
    let backup: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(backup["source"], db.display().to_string());
    assert_eq!(backup["file"], copy.display().to_string());
    assert_eq!(
        backup["bytes"].as_u64().unwrap(),
        std::fs::metadata(&copy).unwrap().len()
    );
    assert!(backup["seconds"].as_f64().unwrap() >= 0.0);
    assert!(backup.get("rows").is_none(), "{backup}");

    // Behind dealdeck's back: a note pointing at a missing deal.
    let sqlite = rusqlite::Connection::open(&db).unwrap();
    sqlite
        .execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO note (deal_id, stage_id, body, created_at) VALUES (77, 1, 'x', 0);",
        )
        .unwrap();
    drop(sqlite);
    let (code, out) = on(&db, &["check", "--json"]);
    assert_eq!(code, Some(1), "{out}");
    let broken: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(broken["ok"], false);
    let problems = broken["problems"].as_array().unwrap();
    assert!(!problems.is_empty(), "{broken}");
    assert!(
        problems
            .iter()
            .any(|p| p.as_str().unwrap().contains("note")),
        "{broken}"
    );
}

#[test]
fn deal_list_shows_each_deals_pipeline() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("deals.db");
    assert_eq!(on(&db, &["deal", "add", "--title", "Sound"]).0, Some(0));
    assert_eq!(
        on(&db, &["pipeline", "apply", "--template", "b2b"]).0,
        Some(0)
    );
    let add = ["deal", "add", "--title", "Rack", "--pipeline", "B2B"];
    assert_eq!(on(&db, &add).0, Some(0));
    let (code, table) = on(&db, &["deal", "list"]);
    assert_eq!(code, Some(0), "{table}");
    let lines: Vec<Vec<&str>> = table
        .lines()
        .map(|line| line.split_whitespace().collect())
        .collect();
    assert_eq!(
        lines[0][..4],
        ["ID", "PIPELINE", "STAGE", "STATUS"],
        "{table}"
    );
    let row = |title: &str| {
        lines
            .iter()
            .find(|cells| cells.contains(&title))
            .unwrap_or_else(|| panic!("{title} missing: {table}"))
            .clone()
    };
    assert_eq!(row("Sound")[1], "Services", "{table}");
    assert_eq!(row("Rack")[1], "B2B", "{table}");
    let (_, json) = on(&db, &["deal", "list", "--json"]);
    let deals: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(deals[1]["pipeline"], "B2B", "{deals}");
}

#[test]
fn every_amount_form_the_help_names_is_accepted_under_the_c_locale() {
    let command = dealdeck::cli::Cli::command();
    let deal = command.find_subcommand("deal").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("deals.db");
    for sub in ["add", "edit"] {
        let help = deal
            .find_subcommand(sub)
            .unwrap()
            .get_arguments()
            .find(|arg| arg.get_id() == "amount")
            .unwrap()
            .get_help()
            .unwrap()
            .to_string();
        for (form, amount) in [
            ("12000", "12000.00"),
            ("12.500,50", "12500.50"),
            ("12 000 kr", "12000.00"),
            ("\"€ 12.000,-\"", "12000.00"),
            ("SEK 1500", "1500.00"),
        ] {
            assert!(
                help.contains(form),
                "deal {sub} --amount: {form} missing: {help}"
            );
            let form = form.trim_matches('"');
            let currency = if form.contains("kr") || form.contains("SEK") {
                "SEK"
            } else {
                "EUR"
            };
            let args = [
                "deal",
                "add",
                "--title",
                "x",
                "--currency",
                currency,
                "--amount",
                form,
                "--json",
            ];
            let (code, out) = on(&db, &args);
            assert_eq!(code, Some(0), "{form}: {out}");
            let added: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(added["amount"], amount, "{form}");
        }
    }
}
