//! `dealdeck print` and opening the board from the real binary, without a terminal.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use assert_cmd::Command;
use common::*;

fn dealdeck(f: &Fixture) -> Command {
    let mut command = Command::cargo_bin("dealdeck").unwrap();
    command
        .env("DEALDECK_CONFIG", f.dir.path().join("no-config.toml"))
        .env_remove("DEALDECK_DB")
        .arg("--db")
        .arg(&f.path);
    command
}

#[test]
fn print_board_renders_one_screen_of_plain_text() {
    let f = fixture();
    let output = dealdeck(&f)
        .args(["print", "board", "--width", "80", "--height", "24"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(text.lines().count(), 24);
    assert!(text.contains("Consultation"), "{text}");
    assert!(text.contains("Solar installation"), "{text}");
    assert!(text.contains("Σ 49,350.00 EUR"), "{text}");
    assert!(!text.contains('\u{1b}'), "plain text, no escape sequences");
}

#[test]
fn print_dashboard_shows_the_dashboard_figures() {
    let f = fixture();
    let output = dealdeck(&f)
        .args(["print", "dashboard", "--width", "70", "--height", "15"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(text.lines().count(), 15);
    // Runs of spaces are column padding: compare the words in order.
    let words: Vec<String> = text
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let shows = |figure: &str| words.iter().any(|line| line.contains(figure));
    // The fixture's three open deals (12,500 + 30,600 + 6,250) in the first stage (20 %):
    // the figures the dashboard computed, not a label that is always drawn.
    for figure in [
        "Open deals 3",
        "Open value 49,350",
        "Weighted 9,870",
        "Consultation scheduled 3 49,350",
    ] {
        assert!(shows(figure), "{figure:?} missing:\n{text}");
    }
    assert!(
        !text.contains("computing"),
        "figures, not a placeholder:\n{text}"
    );
}

#[test]
fn the_board_without_a_terminal_says_so() {
    let f = fixture();
    let output = dealdeck(&f).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("needs a terminal"), "{stderr}");
}

#[test]
fn print_agenda_shows_the_sections_with_a_planned_activity() {
    let f = fixture();
    dealdeck(&f)
        .args(["activity", "add", &f.ids[0].to_string(), "--kind", "call"])
        .args(["--due", "tomorrow", "--note", "ask for the budget"])
        .assert()
        .success();
    let output = dealdeck(&f)
        .args(["print", "agenda", "--width", "100", "--height", "24"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(text.lines().count(), 24);
    for section in ["Overdue (0)", "Today (0)", "Next 7 days (1)", "Gone quiet"] {
        assert!(text.contains(section), "{section} in\n{text}");
    }
    assert!(text.contains("call"), "{text}");
    assert!(!text.contains('\u{1b}'), "plain text, no escape sequences");
}

#[test]
fn print_at_a_size_too_small_for_any_screen_is_bad_usage_on_stderr() {
    let f = fixture();
    for (screen, width, height) in [
        ("board", "59", "40"),
        ("dashboard", "120", "14"),
        ("agenda", "10", "5"),
    ] {
        let output = dealdeck(&f)
            .args(["print", screen, "--width", width, "--height", height])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{screen} {width}×{height}");
        assert!(output.stdout.is_empty(), "nothing on stdout");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains(&format!("--width {width} --height {height} is too small"))
                && stderr.contains("60×15"),
            "{stderr}"
        );
    }
    // The smallest size that is drawn at all is drawn.
    let output = dealdeck(&f)
        .args(["print", "board", "--width", "60", "--height", "15"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap().lines().count(),
        15
    );
}
