//! The repository layer: the only code that touches SQL. One transaction per user action.

mod activities;
mod agenda;
mod board;
mod board_pages;
mod board_sums;
mod bulk;
mod bulk_activities;
mod checklists;
mod checkpoint;
mod conversion;
mod deal_list;
mod deals;
mod error;
mod expected;
mod export_activities;
mod guard;
mod import;
mod leftovers;
pub mod live;
mod maintenance;
mod metrics_rows;
mod open;
mod people;
mod pipelines;
pub mod postgres;
pub mod repository;
mod rows;
mod rules;
pub mod safe_file;
pub mod schema;
mod sqlite;
mod stream;
pub mod sync_behind;
pub mod transfer;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::{Connection, TransactionBehavior};

pub use activities::{ActivityEdit, ActivityPatch, DoneRecord, NewActivity};
pub use agenda::{
    AGENDA_PAGE, ActivityFilter, ActivityWindow, Agenda, AgendaCounts, AgendaItem, AgendaSection,
    QuietDeal,
};
pub use board::BoardCard;
pub use board_pages::{
    BoardMarks, BoardPage, BoardRead, CardFilter, ColumnSums, PageAsk, card_matches,
};
pub use board_sums::BoardRates;
pub use bulk::{BulkWriter, HistoricDeal, HistoricVisit};
pub use bulk_activities::HistoricActivity;
pub use checklists::{Checklist, ChecklistItem};
pub use conversion::{ConversionRecord, Converted};
pub use deals::{DealFilter, MoveRecord};
pub use error::{Result, StoreError};
pub use export_activities::{ChecklistRow, NoteRow};
pub use import::activities::Written;
pub use import::{ExportStamps, Importer, KeptStamps, Upserted};
pub use live::{ChangeFeed, FeedEvent, Notice};
pub use maintenance::CheckReport;
pub use open::migrate_to;
pub use pipelines::ApplyReport;
pub use postgres::PgStore;
pub use repository::{ImportSession, Location, Repository};
pub use transfer::{Cell, Copied, Progress, TableLoad, TableShape, TableSink, WorkspaceSchema};

use crate::domain::lost_reason::default_lost_reasons;

/// An open dealdeck database file.
pub struct Store {
    /// The board's log syncer (`Repository::sync_behind`). First, so that dropping the store
    /// syncs what it wrote before the connection closes.
    syncer: Option<sync_behind::Syncer>,
    conn: Connection,
    path: PathBuf,
    /// Where the pre-migration copy went, when opening migrated an older schema.
    migration_backup: Option<PathBuf>,
    guard: Arc<guard::Guard>,
    /// Differences from dealdeck's schema, for a file opened with [`Access::Inspect`].
    foreign_schema: Vec<String>,
    /// Who every write is recorded as made by (`Repository::act_as`); `None`: nobody named.
    user: Option<String>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// How a command means to use the file; only [`Access::Create`] ever makes one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Reading only: the database must exist. Nothing is checked ahead of a write.
    Read,
    /// Writing to an existing database: its integrity check starts at once, in the
    /// background, and the first write waits for it.
    Write,
    /// As `Write`, but a missing file (or an empty one) becomes a new database.
    Create,
    /// `check` and `backup`: as `Read`, but a file whose schema is not dealdeck's is opened
    /// so the differences can be listed; it is never written.
    Inspect,
}

impl Store {
    /// Opens `path`, creating a new database (mode 0600, default pipeline and lost reasons)
    /// when there is none. A foreign, damaged or newer file is refused and left untouched; an
    /// older schema is copied to a backup beside it, then migrated.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Store::open_with(path.as_ref(), Access::Create)
    }

    /// Opens an existing database to read and write it; creates nothing.
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Store> {
        Store::open_with(path.as_ref(), Access::Write)
    }

    /// Opens `path` for `access`; see [`Access`].
    pub fn open_with(path: &Path, access: Access) -> Result<Store> {
        Store::open_retrying(path, path, access)
    }

    /// A new database under a temporary name that will become `shown` (demo output):
    /// errors name `shown`, never the temporary file.
    pub(crate) fn open_staged(temp: &Path, shown: &Path) -> Result<Store> {
        Store::open_retrying(temp, shown, Access::Create)
    }

    fn open_retrying(path: &Path, shown: &Path, access: Access) -> Result<Store> {
        // Opening is idempotent, so a lock held by another process that is creating or
        // switching the same file to WAL (which reports busy at once) is simply waited out.
        let started = std::time::Instant::now();
        loop {
            match Store::open_once(path, shown, access) {
                Err(StoreError::Busy) if started.elapsed() < open::BUSY_TIMEOUT => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                outcome => return outcome,
            }
        }
    }

    fn open_once(path: &Path, shown: &Path, access: Access) -> Result<Store> {
        leftovers::sweep(path);
        match std::fs::metadata(path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if access != Access::Create {
                    return Err(StoreError::NoDatabase {
                        path: shown.display().to_string(),
                    });
                }
                open::create_database(path, seed_defaults)?;
            }
            Err(e) => return Err(StoreError::io(shown, e)),
        }
        // Closing any handle on the file drops every POSIX lock this process holds on it,
        // which SQLite relies on (another process would take this one's connections for
        // gone, and checkpoint and delete the log under them): the handle read here stays
        // open as long as any store on the file does.
        let opened = guard::FileId::of(path);
        let verification = guard::Verification::shared(path, opened);
        let was_wal = verification.inspect_header(path, shown)?;
        let (mut conn, found) = open::connect(path)?;
        let mut foreign_schema = Vec::new();
        if found == open::Found::Nothing && access != Access::Create {
            return Err(StoreError::EmptyFile {
                path: shown.display().to_string(),
            });
        }
        if let open::Found::Dealdeck(version) = found {
            foreign_schema = expected::differences(&conn, version)?;
            // Another process migrated between our reads of the version and of the schema:
            // not foreign, just newer than we looked; opening again sees it whole.
            let now: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
            if !foreign_schema.is_empty() && now != version {
                return Err(StoreError::Busy);
            }
            if !foreign_schema.is_empty() && access != Access::Inspect {
                return Err(StoreError::ForeignSchema {
                    path: shown.display().to_string(),
                    detail: expected::summary(&foreign_schema),
                });
            }
        }
        let foreign = (!foreign_schema.is_empty()).then(|| expected::summary(&foreign_schema));
        let guard = Arc::new(guard::Guard::new(path, shown, foreign, verification));
        // Replaced between the two looks: the connection may hold the old file; try again.
        if guard.identity() != opened {
            return Err(StoreError::Busy);
        }
        guard::Guard::install(&guard, &mut conn)?;
        let reading = matches!(access, Access::Read | Access::Inspect);
        // Switching a file to WAL writes its header: a damaged file must not get even that.
        if !was_wal && !reading {
            guard.before_write()?;
        }
        open::configure(path, &conn, !reading || was_wal)?;
        let mut migration_backup = None;
        match found {
            // An empty file (created by hand, or the temporary file of a demo).
            open::Found::Nothing => open::migrate(&mut conn, 0)?,
            open::Found::Dealdeck(version)
                if version < schema::LATEST_VERSION && foreign_schema.is_empty() =>
            {
                migration_backup = open::migrate_locked(&mut conn, path, &guard)?;
            }
            open::Found::Dealdeck(_) => {}
        }
        if !reading {
            guard.verify_in_background();
            seed_defaults(&mut conn)?;
        }
        people::register(&conn)?;
        Ok(Store {
            syncer: None,
            conn,
            path: shown.to_path_buf(),
            migration_backup,
            guard,
            foreign_schema,
            user: None,
        })
    }

    /// Fails with [`StoreError::Replaced`] when the path no longer leads to the file that was
    /// opened (deleted, or another file moved there). Every commit checks it; a board that
    /// polls for changes calls it too (via [`Store::data_version`]).
    pub fn check_still_at_path(&self) -> Result<()> {
        self.guard.still_at_path()
    }

    /// The files this store has open, which no export or backup may be written over.
    pub fn files_in_use(&self) -> Vec<safe_file::FileInUse> {
        Store::files_of(&self.path)
    }

    /// The files SQLite keeps for a database at `path`: the file, its log, its shared memory.
    pub fn files_of(path: &Path) -> Vec<safe_file::FileInUse> {
        safe_file::database_files(path)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn migration_backup(&self) -> Option<&Path> {
        self.migration_backup.as_deref()
    }

    /// Changes whenever another connection commits; cheap enough to poll. Fails once the
    /// file at the path is no longer the one opened, so a poll notices a deleted database.
    pub fn data_version(&self) -> Result<i64> {
        self.check_still_at_path()?;
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
    let def = crate::templates::template(crate::templates::default_template_key())
        .ok_or_else(|| StoreError::invalid("the default pipeline template is missing"))?
        .map_err(StoreError::invalid)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Checked again under the write lock: another process may have seeded it meanwhile.
    if !is_empty(&tx)? {
        return Ok(());
    }
    for (position, reason) in default_lost_reasons().iter().enumerate() {
        tx.execute(
            "INSERT INTO lost_reason (name, position) VALUES (?1, ?2)",
            rusqlite::params![reason, position as i64],
        )?;
    }
    pipelines::apply_in(&tx, &def, chrono::Utc::now())?;
    tx.commit()?;
    Ok(())
}
