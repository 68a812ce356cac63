//! Two dealdeck processes editing the same deal at once lose nothing: every edit the binary
//! acknowledged is in the file at the end, and every edit it refused is refused with the
//! "changed elsewhere" sentence and wrote nothing.

// A test or benchmark reports failure by panicking: unwrap and expect are its asserts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// Edits per writer; each is one `dealdeck deal edit` process.
const EDITS: usize = 500;
/// Every this many edits a writer passes `--expect-version` with the version its previous
/// edit reported; the other writer has usually moved on, so these are mostly refused.
const GUARDED_EVERY: usize = 7;

fn dealdeck(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dealdeck"));
    cmd.env_remove("DEALDECK_DB")
        .env_remove("LC_ALL")
        .env_remove("LC_NUMERIC")
        .env("LANG", "C")
        .env("DEALDECK_CONFIG", db.with_extension("no-config"))
        .arg("--db")
        .arg(db);
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// What one writer saw: the data points and field value it was told were stored, and the
/// data points it was told were refused.
#[derive(Default)]
struct Outcome {
    acknowledged: BTreeMap<String, String>,
    refused: Vec<String>,
    last_field: Option<String>,
}

/// Writer `w` sets its own field (`--org` or `--owner`) and one fresh data point per edit.
fn writer(db: PathBuf, w: usize) -> Outcome {
    let field = if w == 0 { "--org" } else { "--owner" };
    let mut outcome = Outcome::default();
    let mut version: Option<i64> = None;
    for i in 0..EDITS {
        let key = format!("w{w}-point-{i:03}");
        let value = format!("value {w}/{i}");
        let field_value = format!("writer {w} edit {i}");
        let mut cmd = dealdeck(&db);
        cmd.args(["deal", "edit", "1", field, &field_value, "--set"])
            .arg(format!("{key}={value}"));
        let guarded = i % GUARDED_EVERY == GUARDED_EVERY - 1 && version.is_some();
        if guarded && let Some(v) = version {
            cmd.args(["--expect-version", &v.to_string()]);
        }
        let out: Output = cmd.output().unwrap();
        let stdout = text(&out.stdout);
        let stderr = text(&out.stderr);
        match out.status.code() {
            Some(0) => {
                // "updated deal 1 (version N)"
                let n = stdout
                    .trim()
                    .rsplit_once("(version ")
                    .and_then(|(_, rest)| rest.trim_end_matches(')').parse().ok())
                    .unwrap_or_else(|| panic!("writer {w} edit {i}: odd output {stdout:?}"));
                version = Some(n);
                outcome.acknowledged.insert(key, value);
                outcome.last_field = Some(field_value);
            }
            Some(1) if guarded => {
                let expected = format!(
                    "dealdeck: deal 1 was changed elsewhere since it was read (version {}, now ",
                    version.unwrap_or_default()
                );
                assert!(
                    stderr.starts_with(&expected)
                        && stderr.ends_with("); reload it and try again\n")
                        && stderr.lines().count() == 1
                        && stdout.is_empty(),
                    "writer {w} edit {i}: a refusal must be the changed-elsewhere sentence, got {stderr:?}"
                );
                outcome.refused.push(key);
            }
            code => panic!(
                "writer {w} edit {i} (guarded: {guarded}) ended with {code:?}: {stderr}{stdout}"
            ),
        }
    }
    outcome
}

#[test]
fn two_processes_editing_one_deal_lose_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("two.db");
    let added = dealdeck(&db)
        .args(["deal", "add", "--title", "Contested deal"])
        .output()
        .unwrap();
    assert!(added.status.success(), "{}", text(&added.stderr));
    assert_eq!(text(&added.stdout).trim(), "1");

    let started = std::time::Instant::now();
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let db = db.clone();
            std::thread::spawn(move || writer(db, w))
        })
        .collect();
    let outcomes: Vec<Outcome> = writers.into_iter().map(|t| t.join().unwrap()).collect();
    let elapsed = started.elapsed();

    let shown = dealdeck(&db)
        .args(["deal", "show", "1", "--json"])
        .output()
        .unwrap();
    assert!(shown.status.success(), "{}", text(&shown.stderr));
    let deal: Value = serde_json::from_slice(&shown.stdout).unwrap();
    let points = deal["data_points"].as_object().unwrap();

    let mut lost = Vec::new();
    let mut acknowledged = 0;
    for outcome in &outcomes {
        for (key, value) in &outcome.acknowledged {
            acknowledged += 1;
            if points.get(key).and_then(Value::as_str) != Some(value.as_str()) {
                lost.push(key.clone());
            }
        }
        for key in &outcome.refused {
            assert!(
                !points.contains_key(key),
                "refused edit {key} was written anyway"
            );
        }
    }
    let refused: usize = outcomes.iter().map(|o| o.refused.len()).sum();
    println!(
        "{acknowledged} acknowledged, {refused} refused as changed elsewhere, {} lost, in {elapsed:.1?}",
        lost.len()
    );
    assert!(
        lost.is_empty(),
        "{} of {acknowledged} acknowledged data points lost, e.g. {:?}",
        lost.len(),
        &lost[..lost.len().min(5)]
    );
    assert_eq!(
        points.len(),
        acknowledged,
        "nothing but what was acknowledged"
    );
    assert_eq!(acknowledged + refused, 2 * EDITS);
    // Each writer's own field ends as its last acknowledged edit left it.
    assert_eq!(
        deal["organization"].as_str(),
        outcomes[0].last_field.as_deref()
    );
    assert_eq!(deal["owner"].as_str(), outcomes[1].last_field.as_deref());
    // The version counts every acknowledged write: none was applied twice or skipped.
    assert_eq!(deal["version"].as_i64(), Some(1 + acknowledged as i64));
}
