//! The repository layer: the only code that touches SQL. One transaction per user action.

mod bulk;
mod deals;
mod error;
mod import;
mod maintenance;
mod open;
mod pipelines;
mod rows;
pub mod schema;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior};

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
        let (mut conn, found) = open::connect(path)?;
        let mut migration_backup = None;
        match found {
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
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            migration_backup,
        };
        store.seed_defaults()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn migration_backup(&self) -> Option<&Path> {
        self.migration_backup.as_deref()
    }

    /// Fills a new database with the default pipeline and lost reasons; a no-op afterwards.
    fn seed_defaults(&mut self) -> Result<()> {
        let empty: bool = self.conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM pipeline) AND NOT EXISTS (SELECT 1 FROM lost_reason)",
            [],
            |row| row.get(0),
        )?;
        if !empty {
            return Ok(());
        }
        let def = crate::templates::template(crate::templates::DEFAULT_TEMPLATE)
            .ok_or_else(|| StoreError::invalid("the default pipeline template is missing"))?
            .map_err(StoreError::invalid)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
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
