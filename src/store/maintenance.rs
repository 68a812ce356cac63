//! Keeping the file healthy: online backups and integrity checks.

use std::path::Path;

use rusqlite::{Connection, MAIN_DB};

use super::Store;
use super::error::{Result, StoreError};
use super::safe_file::{FileInUse, NewFile};

/// What `check` found; empty `problems` means the file is sound.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckReport {
    pub schema_version: i64,
    pub pipelines: i64,
    pub deals: i64,
    pub visits: i64,
    pub problems: Vec<String>,
}

/// Copies the database page by page with SQLite's online backup API, so the copy is
/// consistent even while other processes write. The copy appears only once complete, never
/// over the database's own files, and over an existing file only when `replace`.
pub(crate) fn backup_to(
    conn: &Connection,
    target: &Path,
    replace: bool,
    in_use: &[FileInUse],
) -> Result<()> {
    let mut copy = NewFile::create(target, replace, in_use)?;
    conn.backup(MAIN_DB, copy.temp_path(), rusqlite::backup::NO_PROGRESS)
        .map_err(|error| match error.sqlite_error_code() {
            // The temporary file is ours; what the person must hear about is the target.
            Some(_) => StoreError::sqlite_at(&target.display().to_string(), error),
            None => error.into(),
        })?;
    copy.commit()
}

/// dealdeck's rules as queries for the ids breaking them, in SQL both backends run.
pub(crate) const RULES: &[(&str, &str)] = &[
    (
        "deals with more than one open stage visit",
        "SELECT deal_id FROM stage_visit WHERE exited_at IS NULL GROUP BY deal_id HAVING count(*) > 1",
    ),
    (
        "stages of a kind other than open, won or lost",
        "SELECT id FROM stage WHERE kind NOT IN ('open', 'won', 'lost')",
    ),
    (
        "deals without an open stage visit",
        "SELECT d.id FROM deal d WHERE NOT EXISTS
           (SELECT 1 FROM stage_visit v WHERE v.deal_id = d.id AND v.exited_at IS NULL)",
    ),
    (
        "deals whose open visit is in another stage",
        "SELECT d.id FROM deal d JOIN stage_visit v ON v.deal_id = d.id AND v.exited_at IS NULL
         WHERE v.stage_id <> d.stage_id",
    ),
    (
        "won or lost deals without a close date",
        "SELECT d.id FROM deal d JOIN stage s ON s.id = d.stage_id WHERE s.kind <> 'open' AND d.closed_at IS NULL",
    ),
    (
        "open deals with a close date",
        "SELECT d.id FROM deal d JOIN stage s ON s.id = d.stage_id WHERE s.kind = 'open' AND d.closed_at IS NOT NULL",
    ),
    (
        "closed deals whose close date is not when they entered their closing stage",
        "SELECT d.id FROM deal d JOIN stage s ON s.id = d.stage_id
         JOIN stage_visit v ON v.deal_id = d.id AND v.exited_at IS NULL
         WHERE s.kind <> 'open' AND d.closed_at <> v.entered_at",
    ),
    (
        "lost deals without a reason",
        "SELECT d.id FROM deal d JOIN stage s ON s.id = d.stage_id
         WHERE s.kind = 'lost' AND (d.lost_reason IS NULL OR trim(d.lost_reason) = '')",
    ),
    (
        "pipelines without exactly one won stage",
        "SELECT p.id FROM pipeline p WHERE (SELECT count(*) FROM stage s WHERE s.pipeline_id = p.id AND s.kind = 'won') <> 1",
    ),
    (
        "pipelines without a lost stage",
        "SELECT p.id FROM pipeline p WHERE NOT EXISTS (SELECT 1 FROM stage s WHERE s.pipeline_id = p.id AND s.kind = 'lost')",
    ),
];

/// Rows returned by an invariant query, as `"<label>: <ids>"` when there are any.
fn offenders(conn: &Connection, label: &str, sql: &str) -> Result<Option<String>> {
    let mut statement = conn.prepare(sql)?;
    let ids = statement
        .query_map([], |row| row.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if ids.is_empty() {
        return Ok(None);
    }
    let shown: Vec<String> = ids.iter().take(10).map(i64::to_string).collect();
    let more = if ids.len() > 10 {
        format!(" and {} more", ids.len() - 10)
    } else {
        String::new()
    };
    Ok(Some(format!("{label}: {}{more}", shown.join(", "))))
}

impl Store {
    /// A consistent copy of the database at `target`, safe while it is in use; `target` must
    /// not exist yet.
    pub fn backup(&self, target: &Path) -> Result<()> {
        self.backup_replacing(target, false)
    }

    /// As [`Store::backup`]; with `replace`, an existing `target` is replaced (atomically),
    /// unless it is one of the database's own files.
    pub fn backup_replacing(&self, target: &Path, replace: bool) -> Result<()> {
        backup_to(&self.conn, target, replace, &self.files_in_use())
    }

    /// SQLite's own checks (`quick_check`, or `integrity_check` when `full`), foreign keys,
    /// and dealdeck's rules: one open visit per deal in the deal's stage, closed deals
    /// stamped, lost deals with a reason, one won stage per pipeline.
    pub fn check(&self, full: bool) -> Result<CheckReport> {
        let conn = &self.conn;
        // A file with a foreign schema may lack a table; its counts are then 0, and the
        // schema problems say why.
        let foreign = !self.foreign_schema.is_empty();
        // A damaged page can make a count fail too: it is then 0, and the integrity check's
        // lines below name the damage.
        let count = |table: &str| -> Result<i64> {
            match conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)) {
                Err(_) if foreign => Ok(0),
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::DatabaseCorrupt =>
                {
                    Ok(0)
                }
                other => Ok(other?),
            }
        };
        let mut report = CheckReport {
            schema_version: conn.query_row("PRAGMA user_version", [], |r| r.get(0))?,
            pipelines: count("pipeline")?,
            deals: count("deal")?,
            visits: count("stage_visit")?,
            problems: self
                .foreign_schema
                .iter()
                .map(|difference| format!("schema: {difference}"))
                .collect(),
        };
        let pragma = if full {
            "PRAGMA integrity_check"
        } else {
            "PRAGMA quick_check"
        };
        let mut statement = conn.prepare(pragma)?;
        let lines = statement
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let damage = super::guard::problem_lines(&lines);
        if !damage.is_empty() {
            // The rules below read every row: on damaged pages they fail rather than report.
            report
                .problems
                .extend(damage.into_iter().map(|line| format!("sqlite: {line}")));
            return Ok(report);
        }
        let mut statement = conn.prepare("PRAGMA foreign_key_check")?;
        let broken = statement
            .query_map([], |row| {
                Ok(format!(
                    "{} row {} points at a missing {}",
                    row.get::<_, String>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        report.problems.extend(
            broken
                .into_iter()
                .map(|line| format!("foreign key: {line}")),
        );
        for (label, sql) in RULES {
            match offenders(conn, label, sql) {
                Err(_) if foreign => report.problems.push(format!("cannot check for {label}")),
                found => report.problems.extend(found?),
            }
        }
        Ok(report)
    }
}
