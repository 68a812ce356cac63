//! The Dutch and Swedish pipeline templates from the real binary (issue 15): listed, applied,
//! shown in the reps' language, and a lead converting inside its own language set.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

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

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("dealdeck").unwrap();
        cmd.env_remove("DEALDECK_DB")
            .env_remove("LC_ALL")
            .env("LANG", "C")
            .env("TZ", "UTC")
            .env("HOME", self.dir.path().join("home"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("DEALDECK_CONFIG", self.dir.path().join("no-config.toml"))
            .arg("--db")
            .arg(self.dir.path().join("deals.db"));
        cmd
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
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
}

#[test]
fn a_pipeline_from_services_nl_shows_its_dutch_stages_and_playbooks() {
    let env = Env::new();
    let listed = env.ok(&["pipeline", "templates"]);
    for key in [
        "services-nl",
        "services-sv",
        "b2b-nl",
        "b2b-sv",
        "classic-nl",
        "classic-sv",
        "leads-nl",
        "leads-sv",
    ] {
        assert!(listed.contains(key), "{key} missing from:\n{listed}");
    }
    let applied = env.ok(&["pipeline", "apply", "--template", "services-nl"]);
    assert!(
        applied.contains("created pipeline \"Diensten\""),
        "{applied}"
    );

    let shown = env.ok(&["pipeline", "show", "Diensten"]);
    assert!(shown.starts_with("Diensten (EUR"), "{shown}");
    for stage in [
        "Consultatie gepland",
        "Mondelinge interesse bevestigd",
        "Voorwaarden finalisatie",
        "Ter ondertekening verzonden",
        "Gewonnen",
        "Verloren",
    ] {
        assert!(shown.contains(stage), "{stage} missing from:\n{shown}");
    }
    assert!(shown.contains("Behoeftebepaling"), "{shown}");
    // The English default pipeline is still there, untouched, beside the Dutch one.
    let english = env.ok(&["pipeline", "show", "Services"]);
    assert!(english.contains("Consultation scheduled"), "{english}");

    let id = env.ok(&[
        "deal",
        "add",
        "--pipeline",
        "Diensten",
        "--title",
        "Zonnepanelen",
        "--amount",
        "12500",
    ]);
    let id = id.trim();
    env.ok(&["deal", "move", id, "Mondelinge interesse bevestigd"]);
    let deal = env.json(&["deal", "show", id, "--json"]);
    assert_eq!(deal["pipeline"], "Diensten");
    assert_eq!(deal["stage"], "Mondelinge interesse bevestigd");
}

#[test]
fn a_swedish_lead_converts_into_the_swedish_services_pipeline_in_kronor() {
    let env = Env::new();
    // Before its target exists, the error names the template that makes it.
    let out = env
        .cmd()
        .args(["pipeline", "apply", "--template", "leads-sv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let error = String::from_utf8(out.stderr).unwrap();
    assert!(
        error.contains("--template services-sv") && error.contains("Tjänster"),
        "{error}"
    );

    env.ok(&["pipeline", "apply", "--template", "services-sv"]);
    env.ok(&["pipeline", "apply", "--template", "leads-sv"]);
    let leads = env.ok(&["pipeline", "show", "Leadkvalificering"]);
    assert!(leads.contains("converts to Tjänster"), "{leads}");
    assert!(leads.contains("SEK"), "{leads}");

    let lead = env.ok(&[
        "deal",
        "add",
        "--pipeline",
        "Leadkvalificering",
        "--title",
        "Webbinarieanmälan",
        "--amount",
        "15000",
    ]);
    let converted = env.json(&["deal", "convert", lead.trim(), "--json"]);
    assert_eq!(converted["lead"]["stage"], "Konverterad");
    let deal = converted["deal"]["id"].as_i64().unwrap().to_string();
    let deal = env.json(&["deal", "show", &deal, "--json"]);
    assert_eq!(deal["pipeline"], "Tjänster");
    assert_eq!(deal["stage"], "Konsultation bokad");
    assert_eq!(deal["currency"], "SEK");
    assert_eq!(deal["qualification"], "SQL");
}
