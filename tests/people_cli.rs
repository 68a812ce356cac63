//! Who the current user is on the command line (`--user`, `$DEALDECK_USER`, config `user`,
//! the login name), what it records, and `deal list --mine`.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use assert_cmd::Command;
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

    fn db(&self) -> PathBuf {
        self.dir.path().join("deals.db")
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    /// The binary on this env's database; the login name is `login`, nothing else names a
    /// user unless the test says so.
    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("dealdeck").unwrap();
        cmd.env_remove("DEALDECK_DB")
            .env_remove("DEALDECK_USER")
            .env_remove("LC_ALL")
            .env_remove("LC_NUMERIC")
            .env("LANG", "C")
            .env("USER", "login")
            .env("LOGNAME", "login")
            .env("HOME", self.dir.path().join("home"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("DEALDECK_CONFIG", self.config())
            .arg("--db")
            .arg(self.db());
        cmd
    }

    fn run(&self, cmd: &mut Command) -> String {
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        self.run(self.cmd().args(args))
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// Adds a deal as whoever `setup` makes the user; returns it as JSON.
    fn add_as(&self, title: &str, setup: impl FnOnce(&mut Command)) -> Value {
        let mut cmd = self.cmd();
        setup(&mut cmd);
        cmd.args(["deal", "add", "--title", title, "--json"]);
        serde_json::from_str(&self.run(&mut cmd)).unwrap()
    }

    fn fails(&self, cmd: &mut Command) -> String {
        let out = cmd.output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).unwrap()
    }
}

#[test]
fn the_user_is_the_flag_else_the_environment_else_the_config_else_the_login_name() {
    let env = Env::new();
    assert_eq!(env.add_as("Login", |_| {})["owner"], "login");
    std::fs::write(env.config(), "user = \"  Config Person \"\n").unwrap();
    assert_eq!(env.add_as("Config", |_| {})["owner"], "Config Person");
    let from_env = env.add_as("Env", |cmd| {
        cmd.env("DEALDECK_USER", "envy");
    });
    assert_eq!(from_env["owner"], "envy");
    let from_flag = env.add_as("Flag", |cmd| {
        cmd.env("DEALDECK_USER", "envy").args(["--user", "ana"]);
    });
    assert_eq!(from_flag["owner"], "ana");
    // Who made it is recorded, not only the owner.
    let id = from_flag["id"].to_string();
    let shown = env.json(&["deal", "show", &id, "--json"]);
    assert_eq!(shown["history"][0]["by"], "ana");
    assert_eq!(shown["updated_by"], "ana");
}

#[test]
fn an_empty_or_control_character_name_is_refused() {
    let env = Env::new();
    let error = env.fails(env.cmd().args(["--user", "  ", "deal", "list"]));
    assert!(error.contains("user name from --user is empty"), "{error}");
    let error = env.fails(
        env.cmd()
            .env("DEALDECK_USER", "ana\u{1b}[2J")
            .args(["deal", "list"]),
    );
    assert!(
        error.contains("$DEALDECK_USER contains control characters"),
        "{error}"
    );
    assert!(!error.contains('\u{1b}'), "{error:?}");
    std::fs::write(env.config(), "user = \"\"\n").unwrap();
    let error = env.fails(env.cmd().args(["deal", "list"]));
    assert!(error.contains("config.toml is empty"), "{error}");
    assert!(!env.db().exists(), "nothing was created");
}

#[test]
fn moves_notes_and_edits_record_who_made_them() {
    let env = Env::new();
    let id = env.json(&[
        "--user", "ana", "deal", "add", "--title", "Kappa", "--owner", "Bo", "--json",
    ]);
    assert_eq!(id["owner"], "Bo", "a given owner is kept");
    let id = id["id"].to_string();
    env.ok(&[
        "--user",
        "bo",
        "deal",
        "move",
        &id,
        "Verbal interest confirmed",
    ]);
    env.ok(&["--user", "cy", "deal", "note", &id, "Wants a demo"]);
    let shown = env.json(&["deal", "show", &id, "--json"]);
    let by: Vec<&Value> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| &v["by"])
        .collect();
    assert_eq!(by, ["ana", "bo"]);
    assert_eq!(shown["updated_by"], "bo");
    let text = env.ok(&["deal", "show", &id]);
    assert!(text.contains("· by bo"), "{text}");
    assert!(text.contains("· by cy: Wants a demo"), "{text}");
    env.ok(&["--user", "dee", "deal", "edit", &id, "--title", "Kappa 2"]);
    let shown = env.json(&["deal", "show", &id, "--json"]);
    assert_eq!(shown["updated_by"], "dee");
}

#[test]
fn an_owner_given_empty_is_nobody() {
    let env = Env::new();
    let deal = env.json(&["deal", "add", "--title", "Lambda", "--owner", "", "--json"]);
    assert_eq!(deal["owner"], Value::Null);
}

#[test]
fn deal_list_mine_is_the_current_user_s_deals_ignoring_case() {
    let env = Env::new();
    for (title, owner) in [
        ("One", "Ana"),
        ("Two", "bo"),
        ("Three", " ANA "),
        ("Four", ""),
    ] {
        env.ok(&["deal", "add", "--title", title, "--owner", owner]);
    }
    let titles = |listed: Value| -> Vec<String> {
        listed
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["title"].as_str().unwrap().to_string())
            .collect()
    };
    let mine = env.json(&["--user", "ana", "deal", "list", "--mine", "--json"]);
    assert_eq!(titles(mine), ["One", "Three"]);
    let mine = env.json(&["--user", "BO", "deal", "list", "--mine", "--json"]);
    assert_eq!(titles(mine), ["Two"]);
    let text = env.ok(&["--user", "ana", "deal", "list", "--mine"]);
    assert!(text.contains("One") && !text.contains("Two"), "{text}");
    let all = env.json(&["--user", "ana", "deal", "list", "--json"]);
    assert_eq!(titles(all).len(), 4);
}

#[test]
fn the_json_export_carries_who_made_each_visit_and_note_into_another_file() {
    let env = Env::new();
    let id = env.add_as("Mu", |cmd| {
        cmd.args(["--user", "ana"]);
    })["id"]
        .to_string();
    env.ok(&[
        "--user",
        "bo",
        "deal",
        "move",
        &id,
        "Verbal interest confirmed",
    ]);
    env.ok(&["--user", "cy", "deal", "note", &id, "Signed soon"]);
    let file = env.dir.path().join("out.json");
    env.ok(&[
        "export",
        "--format",
        "json",
        "--out",
        file.to_str().unwrap(),
    ]);
    let exported: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(exported["deals"][0]["history"][1]["by"], "bo");

    let other = Env::new();
    other.ok(&["--user", "zed", "import", file.to_str().unwrap()]);
    let shown = other.json(&["deal", "show", &id, "--json"]);
    assert_eq!(shown["owner"], "ana", "import keeps the file's owner");
    let by: Vec<&Value> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| &v["by"])
        .collect();
    assert_eq!(by, ["ana", "bo"]);
    let text = other.ok(&["deal", "show", &id]);
    assert!(text.contains("· by cy: Signed soon"), "{text}");
}
