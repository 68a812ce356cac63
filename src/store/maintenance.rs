//! Keeping the file healthy: online backups and integrity checks.

use std::path::Path;

use rusqlite::{Connection, MAIN_DB};

use super::Store;
use super::error::{Result, StoreError};

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
/// consistent even while other processes write. The copy appears only once complete.
pub(crate) fn backup_to(conn: &Connection, target: &Path) -> Result<()> {
    if target.exists() {
        return Err(StoreError::invalid(format!(
            "{} already exists; choose a new file name",
            target.display()
        )));
    }
    let mut partial = target.as_os_str().to_os_string();
    partial.push(".partial");
    let partial = std::path::PathBuf::from(partial);
    let _ = std::fs::remove_file(&partial);
    let copied = conn.backup(MAIN_DB, &partial, rusqlite::backup::NO_PROGRESS);
    if let Err(error) = copied {
        let _ = std::fs::remove_file(&partial);
        return Err(match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::CannotOpen) => StoreError::invalid(format!(
                "cannot write a backup to {}: its folder is missing or not writable",
                target.display()
            )),
            _ => error.into(),
        });
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&partial, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| StoreError::io(&partial, e))?;
    }
    std::fs::rename(&partial, target).map_err(|e| StoreError::io(target, e))
}

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
    /// A consistent copy of the database at `target`, safe while it is in use.
    pub fn backup(&self, target: &Path) -> Result<()> {
        backup_to(&self.conn, target)
    }

    /// SQLite's own checks (`quick_check`, or `integrity_check` when `full`), foreign keys,
    /// and dealdeck's rules: one open visit per deal in the deal's stage, closed deals
    /// stamped, lost deals with a reason, one won stage per pipeline.
    pub fn check(&self, full: bool) -> Result<CheckReport> {
        let conn = &self.conn;
        let mut report = CheckReport {
            schema_version: conn.query_row("PRAGMA user_version", [], |r| r.get(0))?,
            pipelines: conn.query_row("SELECT count(*) FROM pipeline", [], |r| r.get(0))?,
            deals: conn.query_row("SELECT count(*) FROM deal", [], |r| r.get(0))?,
            visits: conn.query_row("SELECT count(*) FROM stage_visit", [], |r| r.get(0))?,
            problems: Vec::new(),
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
        report.problems.extend(
            lines
                .into_iter()
                .filter(|line| line != "ok")
                .map(|line| format!("sqlite: {line}")),
        );
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
        let rules: &[(&str, &str)] = &[
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
        for (label, sql) in rules {
            report.problems.extend(offenders(conn, label, sql)?);
        }
        Ok(report)
    }
}
