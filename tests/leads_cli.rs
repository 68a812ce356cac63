//! Leads into deals from the command line (seed 004): `deal convert`, the links in
//! `deal show`, `converts_to` in `pipeline show`, the lead and sales funnels, and an export
//! whose import keeps the link.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;
use serde_json::Value;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let env = Env {
            dir: tempfile::tempdir().unwrap(),
        };
        env.ok(&["pipeline", "apply", "--template", "leads"]);
        env
    }

    fn cmd(&self, db: &str) -> Command {
        let mut cmd = Command::cargo_bin("dealdeck").unwrap();
        cmd.env_remove("DEALDECK_DB")
            .env("LANG", "C")
            // The report's periods are local days: one zone, whatever the machine's.
            .env("TZ", "UTC")
            .env("HOME", self.dir.path().join("home"))
            .env("DEALDECK_CONFIG", self.dir.path().join("no-config.toml"))
            .arg("--db")
            .arg(self.dir.path().join(db));
        cmd
    }

    fn ok_on(&self, db: &str, args: &[&str]) -> String {
        let out = self.cmd(db).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        self.ok_on("deals.db", args)
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    fn fails(&self, args: &[&str]) -> String {
        let out = self.cmd("deals.db").args(args).output().unwrap();
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
        String::from_utf8(out.stderr).unwrap()
    }

    fn add_lead(&self) -> String {
        self.ok(&[
            "deal",
            "add",
            "--pipeline",
            "Leads",
            "--title",
            "Webinar signup",
            "--amount",
            "1250.50",
            "--org",
            "Acme",
            "--contact",
            "Ada",
            "--owner",
            "sam",
            "--set",
            "Lead source=Webinar",
        ])
        .trim()
        .to_string()
    }
}

#[test]
fn pipeline_show_names_the_pipeline_it_converts_to() {
    let env = Env::new();
    assert_eq!(
        env.json(&["pipeline", "show", "Leads", "--json"])["converts_to"],
        "Services"
    );
    assert!(
        env.ok(&["pipeline", "show", "Leads"])
            .contains("converts to Services")
    );
    assert!(
        env.ok(&["pipeline", "show", "Leads", "--toml"])
            .contains("converts_to = \"Services\"")
    );
    let services = env.json(&["pipeline", "show", "--json"]);
    assert!(services.get("converts_to").is_none(), "{services}");

    let file = env.dir.path().join("loop.toml");
    let toml = env
        .ok(&["pipeline", "show", "Services", "--toml"])
        .replacen(
            "name = \"Services\"\n",
            "name = \"Services\"\nconverts_to = \"Leads\"\n",
            1,
        );
    std::fs::write(&file, toml).unwrap();
    let error = env.fails(&["pipeline", "apply", file.to_str().unwrap()]);
    assert!(error.contains("cycle"), "{error}");
    std::fs::write(
        &file,
        env.ok(&["pipeline", "show", "Leads", "--toml"])
            .replace("converts_to = \"Services\"", "converts_to = \"Renewals\""),
    )
    .unwrap();
    let error = env.fails(&["pipeline", "apply", file.to_str().unwrap()]);
    assert!(
        error.contains("\"Renewals\"") && error.contains("does not exist"),
        "{error}"
    );
}

#[test]
fn deal_convert_wins_the_lead_and_opens_its_deal_at_sql_once() {
    let env = Env::new();
    let lead = env.add_lead();
    let shown = env.json(&["deal", "show", &lead, "--json"]);
    assert_eq!(shown["qualification"], "MQL");
    assert_eq!(shown["converted_to"], Value::Null);
    env.ok(&["deal", "move", &lead, "SAL"]);
    assert_eq!(
        env.json(&["deal", "show", &lead, "--json"])["qualification"],
        "SAL"
    );

    let converted = env.json(&["deal", "convert", &lead, "--json"]);
    let deal = converted["deal"]["id"].as_i64().unwrap().to_string();
    assert_eq!(converted["lead"]["stage"], "Converted");
    assert_eq!(converted["lead"]["status"], "won");
    let (lead_json, deal_json) = (
        env.json(&["deal", "show", &lead, "--json"]),
        env.json(&["deal", "show", &deal, "--json"]),
    );
    assert_eq!(lead_json["converted_to"].to_string(), deal);
    assert_eq!(deal_json["from_lead"].to_string(), lead);
    assert_eq!(deal_json["pipeline"], "Services");
    assert_eq!(deal_json["stage"], "Consultation scheduled");
    assert_eq!(deal_json["qualification"], "SQL");
    for key in [
        "title",
        "organization",
        "contact",
        "owner",
        "amount",
        "currency",
        "data_points",
    ] {
        assert_eq!(deal_json[key], lead_json[key], "{key}");
    }
    assert_eq!(deal_json["amount"], "1250.50");
    assert_eq!(deal_json["created_at"], lead_json["closed_at"]);
    let text = env.ok(&["deal", "show", &lead]);
    assert!(
        text.contains(&format!(
            "converted to        deal {deal} — Webinar signup (Services)"
        )),
        "{text}"
    );
    let text = env.ok(&["deal", "show", &deal]);
    assert!(
        text.contains(&format!(
            "from lead           deal {lead} — Webinar signup (Leads)"
        )),
        "{text}"
    );

    let error = env.fails(&["deal", "convert", &lead]);
    assert!(
        error.contains("already converted") && error.contains(&deal),
        "{error}"
    );
    let error = env.fails(&["deal", "convert", &deal]);
    assert!(
        error.contains("\"Services\"") && error.contains("--pipeline"),
        "{error}"
    );
    let error = env.fails(&["deal", "convert", &deal, "--pipeline", "Nowhere"]);
    assert!(error.contains("\"Nowhere\""), "{error}");
    let error = env.fails(&["deal", "convert", "999"]);
    assert!(error.contains("999"), "{error}");
    assert_eq!(
        env.json(&["deal", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // Into a pipeline named on the command line; a stale version is refused.
    let other = env.add_lead();
    let error = env.fails(&["deal", "convert", &other, "--expect-version", "7"]);
    assert!(error.contains("changed"), "{error}");
    env.ok(&["pipeline", "apply", "--template", "b2b"]);
    let b2b = env
        .json(&["pipeline", "list", "--json"])
        .as_array()
        .unwrap()[2]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let text = env.ok(&["deal", "convert", &other, "--pipeline", &b2b]);
    assert!(text.contains("into deal") && text.contains(&b2b), "{text}");
}

#[test]
fn moving_through_the_lead_stages_sets_the_qualification() {
    let env = Env::new();
    let lead = env.add_lead();
    // SQL needs its buying signal first: refused, the lead stays an MQL.
    let error = env.fails(&["deal", "move", &lead, "SQL"]);
    assert!(error.contains("Buying signal"), "{error}");
    assert_eq!(
        env.json(&["deal", "show", &lead, "--json"])["qualification"],
        "MQL"
    );
    // With it the move sets SQL, and back to MQL sets MQL.
    env.ok(&[
        "deal",
        "edit",
        &lead,
        "--set",
        "Buying signal=Asked for a quote",
    ]);
    let moved = env.json(&["deal", "move", &lead, "SQL", "--json"]);
    assert_eq!(moved["qualification"], "SQL");
    assert_eq!(
        env.json(&["deal", "move", &lead, "MQL", "--json"])["qualification"],
        "MQL"
    );
}

/// A lead created last year and converted now: the lead funnel counts it where it began,
/// the sales funnel from its conversion.
#[test]
fn the_funnels_count_a_converted_lead_from_its_conversion() {
    let env = Env::new();
    let file = env.dir.path().join("old.csv");
    std::fs::write(
        &file,
        "Title,Pipeline,Stage,Status,Amount,Currency,Created At,Stage History\n\
         Old lead,Leads,SAL,open,500.00,EUR,2025-01-10T09:00:00Z,\"[{\"\"stage\"\":\"\"MQL\"\",\"\"entered_at\"\":\"\"2025-01-10T09:00:00Z\"\",\"\"exited_at\"\":\"\"2025-01-20T09:00:00Z\"\"},{\"\"stage\"\":\"\"SAL\"\",\"\"entered_at\"\":\"\"2025-01-20T09:00:00Z\"\",\"\"exited_at\"\":null}]\"\n",
    )
    .unwrap();
    env.ok(&["import", file.to_str().unwrap()]);
    let converted = env.json(&["deal", "convert", "1", "--json"]);
    let today = converted["deal"]["created_at"].as_str().unwrap()[..10].to_string();

    let then = ["--from", "2025-01-01", "--to", "2025-03-31", "--json"];
    let leads_then = env.json(&[&["report", "--pipeline", "Leads"][..], &then].concat());
    let reached: Vec<(String, u64)> = leads_then["funnel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["stage"].as_str().unwrap().to_string(),
                f["reached"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        reached,
        [("MQL".into(), 1), ("SAL".into(), 1), ("SQL".into(), 1)],
        "the lead reached every lead stage: it was converted"
    );
    let sales_then = env.json(&[&["report", "--pipeline", "Services"][..], &then].concat());
    assert_eq!(
        sales_then["funnel"][0]["reached"], 0,
        "{}",
        sales_then["funnel"]
    );

    let now = ["--from", &today, "--to", &today, "--json"];
    let sales_now = env.json(&[&["report", "--pipeline", "Services"][..], &now].concat());
    assert_eq!(
        sales_now["funnel"][0]["reached"], 1,
        "{}",
        sales_now["funnel"]
    );
    assert_eq!(sales_now["open_deals"], 1);
    let leads_now = env.json(&[&["report", "--pipeline", "Leads"][..], &now].concat());
    assert_eq!(
        leads_now["won_deals"], 1,
        "converted counts as won in the lead report"
    );
    assert!(
        env.ok(&["report", "--pipeline", "Leads"])
            .contains("Funnel")
    );
}

#[test]
fn an_export_and_its_import_keep_the_link() {
    let env = Env::new();
    let lead = env.add_lead();
    let deal = env.json(&["deal", "convert", &lead, "--json"])["deal"]["id"].to_string();
    for format in ["json", "csv"] {
        let out = env.dir.path().join(format!("all.{format}"));
        env.ok(&["export", "--format", format, "--out", out.to_str().unwrap()]);
        let db = format!("copy-{format}.db");
        env.ok_on(&db, &["import", out.to_str().unwrap()]);
        let shown = |id: &str| -> Value {
            serde_json::from_str(&env.ok_on(&db, &["deal", "show", id, "--json"])).unwrap()
        };
        assert_eq!(shown(&lead)["converted_to"].to_string(), deal, "{format}");
        assert_eq!(shown(&deal)["from_lead"].to_string(), lead, "{format}");
        // Importing the same file again changes nothing about the link.
        env.ok_on(&db, &["import", out.to_str().unwrap()]);
        assert_eq!(shown(&deal)["from_lead"].to_string(), lead, "{format}");
    }
    let text = std::fs::read_to_string(env.dir.path().join("all.json")).unwrap();
    assert!(
        text.contains("\"from_lead\":") && text.contains("\"converted_to\":"),
        "{text}"
    );
}
