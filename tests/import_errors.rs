//! `dealdeck import` refusing what it cannot trust and accepting what it can mend: duplicated
//! headers, impossible stage dates, carriage returns and tabs inside cells, and a database
//! that cannot be written (one sentence, exit 1, nothing half-written).

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

struct Db {
    dir: tempfile::TempDir,
}

impl Db {
    fn new() -> Db {
        let db = Db {
            dir: tempfile::tempdir().unwrap(),
        };
        db.run(&["pipeline", "apply", "--template", "b2b"]);
        db
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("deals.db")
    }

    fn write(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_string()
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

    fn output(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }

    fn run(&self, args: &[&str]) -> String {
        let output = self.output(args);
        assert!(
            output.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// Runs a command that must fail with exit code 2; returns its stderr.
    fn refuse(&self, args: &[&str]) -> String {
        let output = self.output(args);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        stderr
    }

    fn deals(&self) -> Vec<Value> {
        match serde_json::from_str(&self.run(&["deal", "list", "--json", "--archived"])).unwrap() {
            Value::Array(deals) => deals,
            other => panic!("not a list: {other}"),
        }
    }
}

const HUBSPOT_HEAD: &str = "Record ID,Deal Name,Pipeline,Deal Stage,Amount,Currency,Create Date,Associated Company,\
Date entered \"Qualification (B2B)\",Date exited \"Qualification (B2B)\",\
Date entered \"Discovery (B2B)\",Date exited \"Discovery (B2B)\"";

#[test]
fn a_duplicated_header_is_refused_naming_both_columns() {
    let db = Db::new();
    let file = db.write(
        "dup.csv",
        b"Record ID,Deal Name,Deal Stage,Create Date,Amount,Currency,amount\n\
          1,Acme,Discovery,2026-01-05,100,EUR,200\n",
    );
    let stderr = db.refuse(&["import", "--pipeline", "B2B", &file]);
    assert!(
        stderr.contains("column 5 (\"Amount\") and column 7 (\"amount\")"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    assert!(db.deals().is_empty());
}

#[test]
fn a_hubspot_stage_exited_before_it_was_entered_is_a_row_error() {
    let db = Db::new();
    let file = db.write(
        "exited.csv",
        format!(
            "{HUBSPOT_HEAD}\n\
             1,Acme,B2B,Discovery,100,EUR,2026-01-05 09:00,Acme BV,2026-01-05 09:00,2026-01-10 09:00,2026-01-10 09:00,\n\
             2,Beta,B2B,Discovery,100,EUR,2026-01-05 09:00,Beta BV,2026-01-05 09:00,2026-01-02 09:00,2026-01-10 09:00,\n"
        )
        .as_bytes(),
    );
    let stderr = db.refuse(&["import", &file]);
    assert!(
        stderr.contains(
            "line 3, column Date exited \"Qualification (B2B)\": the stage was exited (2026-01-02 09:00 UTC) before it was entered (2026-01-05 09:00 UTC)"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 bad row; nothing was imported"),
        "{stderr}"
    );
    assert!(db.deals().is_empty());
}

#[test]
fn a_hubspot_stage_entered_before_the_create_date_is_a_row_error() {
    let db = Db::new();
    let file = db.write(
        "early.csv",
        format!(
            "{HUBSPOT_HEAD}\n\
             1,Acme,B2B,Discovery,100,EUR,2026-01-05 09:00,Acme BV,2026-01-05 09:00,2026-01-10 09:00,2026-01-10 09:00,\n\
             2,Beta,B2B,Discovery,100,EUR,2026-01-05 09:00,Beta BV,2026-01-01 09:00,2026-01-10 09:00,2026-01-10 09:00,\n"
        )
        .as_bytes(),
    );
    let stderr = db.refuse(&["import", &file]);
    assert!(
        stderr.contains(
            "line 3, column Date entered \"Qualification (B2B)\": the stage was entered (2026-01-01 09:00 UTC) before the deal's Create Date (2026-01-05 09:00 UTC)"
        ),
        "{stderr}"
    );
    assert!(db.deals().is_empty());
}

#[test]
fn a_bare_cr_inside_a_quoted_field_stays_inside_the_field() {
    for ending in ["\n", "\r\n"] {
        let db = Db::new();
        let rows = [
            HUBSPOT_HEAD,
            "1,\"Alpha\rBeta\",B2B,Discovery,100,EUR,2026-01-05 09:00,\"Org\rX\",2026-01-05 09:00,2026-01-10 09:00,2026-01-10 09:00,",
            "2,Gamma,B2B,Discovery,250,EUR,2026-01-06 09:00,Gamma BV,2026-01-06 09:00,2026-01-11 09:00,2026-01-11 09:00,",
            "3,Delta,B2B,Nowhere,1,EUR,2026-01-06 09:00,,,,,",
        ];
        let file = db.write("cr.csv", (rows.join(ending) + ending).as_bytes());
        // The CR neither ends the row nor counts as a line: the bad row is line 4.
        let stderr = db.refuse(&["import", &file]);
        assert!(stderr.contains("line 4, column Deal Stage"), "{stderr}");
        assert!(stderr.contains("1 bad row"), "{stderr}");

        let file = db.write("cr.csv", (rows[..3].join(ending) + ending).as_bytes());
        let out = db.run(&["import", &file]);
        assert!(out.contains("2 deals created"), "{out}");
        let deals = db.deals();
        assert_eq!(deals[0]["title"], "Alpha Beta");
        assert_eq!(deals[0]["organization"], "Org X");
        assert_eq!(deals[0]["amount"], "100.00");
        assert_eq!(deals[0]["stage"], "Discovery");
        assert_eq!(deals[1]["title"], "Gamma");
        assert_eq!(deals[1]["amount"], "250.00");
    }
}

#[test]
fn tabs_and_newlines_in_a_title_are_folded_with_a_warning() {
    let db = Db::new();
    let file = db.write(
        "tabs.csv",
        format!(
            "{HUBSPOT_HEAD}\n\
             1,\"Big\tdeal\n  phase 2\",B2B,Discovery,100,EUR,2026-01-05 09:00,Acme BV,2026-01-05 09:00,2026-01-10 09:00,2026-01-10 09:00,\n\
             2,Plain  spacing,B2B,Discovery,100,EUR,2026-01-05 09:00,Beta BV,2026-01-05 09:00,2026-01-10 09:00,2026-01-10 09:00,\n"
        )
        .as_bytes(),
    );
    let out = db.run(&["import", &file]);
    assert!(
        out.contains(
            "warning: line 2, column Deal Name: tabs or line breaks in the deal name were folded to one space"
        ),
        "{out}"
    );
    assert!(out.contains("2 deals created"), "{out}");
    assert_eq!(out.matches("warning:").count(), 1, "{out}");
    let deals = db.deals();
    assert_eq!(deals[0]["title"], "Big deal phase 2");
    assert_eq!(deals[1]["title"], "Plain  spacing");
}

/// A HubSpot file of `rows` deals in Discovery.
fn many_rows(rows: usize) -> Vec<u8> {
    let mut text = String::from("Record ID,Deal Name,Deal Stage,Create Date,Amount\n");
    for i in 0..rows {
        text.push_str(&format!(
            "{i},Deal number {i} with a title long enough to grow the log,Discovery,2026-01-01,{i}\n"
        ));
    }
    text.into_bytes()
}

/// A store error is one sentence naming the database, exit 1, with nothing written.
fn assert_one_store_error(db: &Db, output: &Output, why: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.lines().count(),
        1,
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(!stderr.contains("line "), "{stderr}");
    assert!(
        stderr.contains(&format!("{}", db.path().display())),
        "{stderr}"
    );
    assert!(stderr.contains(why), "{stderr}");
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    assert!(db.deals().is_empty());
    db.run(&["check", "--full"]);
}

#[test]
fn a_database_that_fills_up_mid_import_is_one_error_not_one_per_row() {
    let db = Db::new();
    let file = db.write("many.csv", &many_rows(20_000));
    // RLIMIT_FSIZE (512-byte blocks) just above the database's size: the write-ahead log
    // cannot grow, so SQLite fails on a later row, as on a full disk. Works as root too.
    let blocks = std::fs::metadata(db.path()).unwrap().len() / 512 + 64;
    let bin = std::path::PathBuf::from(env!("CARGO_BIN_EXE_dealdeck"));
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -f {blocks}; trap '' XFSZ; exec \"$0\" --db \"$1\" import --pipeline B2B \"$2\""
        ))
        .arg(&bin)
        .arg(db.path())
        .arg(&file)
        .env("DEALDECK_CONFIG", db.dir.path().join("no-config.toml"))
        .env_remove("DEALDECK_DB")
        .output()
        .unwrap();
    assert_one_store_error(&db, &output, "error");
}

#[cfg(unix)]
#[test]
fn a_read_only_database_is_one_error_naming_the_file() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let db = Db::new();
    let file = db.write("many.csv", &many_rows(2_000));
    std::fs::set_permissions(db.path(), std::fs::Permissions::from_mode(0o444)).unwrap();
    let bin = std::path::PathBuf::from(env!("CARGO_BIN_EXE_dealdeck"));
    let root = std::fs::metadata(&file).unwrap().uid() == 0;
    let mut cmd = if root {
        // Root writes through file modes; the unprivileged user `nobody` does not. The
        // directory is the temp dir's, made writable so only the file's mode stops it.
        std::fs::set_permissions(db.dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        let mut cmd = std::process::Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin);
        cmd
    } else {
        std::process::Command::new(&bin)
    };
    cmd.env("DEALDECK_CONFIG", db.dir.path().join("no-config.toml"))
        .env("HOME", db.dir.path())
        .env_remove("DEALDECK_DB")
        .arg("--db")
        .arg(db.path())
        .args(["import", "--pipeline", "B2B", &file]);
    let output = match cmd.output() {
        Ok(output) => output,
        Err(e) if root => {
            println!(
                "setpriv unavailable ({e}); the read-only case is covered by the full-disk test only"
            );
            return;
        }
        Err(e) => panic!("{e}"),
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    if root && stderr.contains("Permission denied") && !stderr.contains("readonly") {
        // `nobody` cannot reach the binary (a private home): nothing to learn here.
        println!("nobody cannot run {}: {stderr}", bin.display());
        return;
    }
    assert_one_store_error(&db, &output, "read-only");
}
