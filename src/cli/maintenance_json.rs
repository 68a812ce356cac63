//! The result objects `check --json` and `backup --json` print for scripts (keys in README,
//! Maintenance): one JSON object on stdout, the exit code as without `--json`.

use std::path::Path;

use serde::Serialize;

use crate::store::CheckReport;

/// `check --json`: `ok` is false exactly when `problems` is not empty (the exit code is 1 then).
#[derive(Debug, Serialize)]
pub struct CheckJson {
    pub ok: bool,
    pub database: String,
    pub schema_version: i64,
    pub pipelines: i64,
    pub deals: i64,
    pub stage_visits: i64,
    pub problems: Vec<String>,
}

impl CheckJson {
    pub fn new(database: String, report: &CheckReport) -> CheckJson {
        CheckJson {
            ok: report.problems.is_empty(),
            database,
            schema_version: report.schema_version,
            pipelines: report.pipelines,
            deals: report.deals,
            stage_visits: report.visits,
            problems: report.problems.clone(),
        }
    }
}

/// `backup --json`: where from, where to, and how big the copy is; `rows` only from a server,
/// whose backup copies rows (a file's is copied page by page).
#[derive(Debug, Serialize)]
pub struct BackupJson {
    pub source: String,
    pub file: String,
    pub bytes: u64,
    pub seconds: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
}

impl BackupJson {
    pub fn new(source: String, file: &Path, seconds: f64, rows: Option<u64>) -> BackupJson {
        BackupJson {
            source,
            file: file.display().to_string(),
            bytes: std::fs::metadata(file).map_or(0, |meta| meta.len()),
            // Milliseconds are all a script needs, and keep the output stable to read.
            seconds: (seconds * 1000.0).round() / 1000.0,
            rows,
        }
    }
}
