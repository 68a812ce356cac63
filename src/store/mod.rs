//! The repository layer: the only code that touches SQL. One transaction per user action.

mod board;
mod board_pages;
mod bulk;
mod deals;
mod error;
mod import;
mod maintenance;
mod metrics_rows;
mod open;
mod pipelines;
mod rows;
pub mod schema;
mod stream;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior};

pub use board::BoardCard;
pub use board_pages::ColumnSums;
pub use bulk::{BulkWriter, HistoricDeal, HistoricVisit};
pub use deals::{DealFilter, MoveRecord};
pub use error::{Result, StoreError};
pub use import::{ExportStamps, Importer, KeptStamps, Upserted};
pub use maintenance::CheckReport;
pub use open::migrate_to;
pub use pipelines::ApplyReport;

use crate::domain::lost_reason::DEFAULT_LOST_REASONS;

/// An open dealdeck database file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Where the pre-migration copy went, when opening migrated an older schema.
    migration_backup: Option<PathBuf>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens `path`, creating a new database (mode 0600, default pipeline and lost reasons)
    /// when there is none. A foreign, damaged or newer file is refused and left untouched; an
    /// older schema is copied to a backup beside it, then migrated.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        // Opening is idempotent, so a lock held by another process that is creating or
        // switching the same file to WAL (which reports busy at once) is simply waited out.
        let started = std::time::Instant::now();
        loop {
            match Store::open_once(path) {
                Err(StoreError::Busy) if started.elapsed() < open::BUSY_TIMEOUT => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                outcome => return outcome,
            }
        }
    }

    fn open_once(path: &Path) -> Result<Store> {
        if !path.exists() {
            open::create_database(path, seed_defaults)?;
        }
        let (mut conn, found) = open::connect(path)?;
        let mut migration_backup = None;
        match found {
            // An empty file (created by hand, say): made a database in place.
            open::Found::Nothing => {
                open::configure(path, &conn)?;
                open::migrate(&mut conn, 0)?;
            }
            open::Found::Dealdeck(version) if version < schema::LATEST_VERSION => {
                migration_backup = Some(open::backup_before_migration(&conn, path, version)?);
                open::configure(path, &conn)?;
                open::migrate(&mut conn, version)?;
            }
            open::Found::Dealdeck(_) => open::configure(path, &conn)?,
        }
        seed_defaults(&mut conn)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            migration_backup,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn migration_backup(&self) -> Option<&Path> {
        self.migration_backup.as_deref()
    }

    /// Changes whenever another connection commits; cheap enough to poll.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))?)
    }

    /// Makes bulk writes to a brand-new file fast: no fsync per commit. Only for files that
    /// are thrown away if the process dies (demo output before its final rename).
    pub fn relax_durability_for_new_file(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA synchronous = OFF;")?;
        Ok(())
    }

    /// Folds the write-ahead log into the main file, so the file alone is complete.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    }
}

/// Fills a new database with the default pipeline and lost reasons; a no-op afterwards.
fn seed_defaults(conn: &mut Connection) -> Result<()> {
    let is_empty = |conn: &Connection| -> Result<bool> {
        Ok(conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM pipeline) AND NOT EXISTS (SELECT 1 FROM lost_reason)",
            [],
            |row| row.get(0),
        )?)
    };
    if !is_empty(conn)? {
        return Ok(());
    }
    let def = crate::templates::template(crate::templates::DEFAULT_TEMPLATE)
        .ok_or_else(|| StoreError::invalid("the default pipeline template is missing"))?
        .map_err(StoreError::invalid)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Checked again under the write lock: another process may have seeded it meanwhile.
    if !is_empty(&tx)? {
        return Ok(());
    }
    for (position, reason) in DEFAULT_LOST_REASONS.iter().enumerate() {
        tx.execute(
            "INSERT INTO lost_reason (name, position) VALUES (?1, ?2)",
            rusqlite::params![reason, position as i64],
        )?;
    }
    pipelines::apply_in(&tx, &def, chrono::Utc::now())?;
    tx.commit()?;
    Ok(())
}
