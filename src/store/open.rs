//! Opening a file safely: recognise it, refuse what is not ours, migrate what is older.

use std::fs::OpenOptions;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::error::{Result, StoreError};
use super::schema::{APPLICATION_ID, LATEST_VERSION, MIGRATIONS};

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
pub(crate) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// What the file on disk is, judged before SQLite writes anything to it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Found {
    /// No file, or an empty one: a new database.
    Nothing,
    /// A dealdeck database at this schema version.
    Dealdeck(i64),
}

/// Reads the 100-byte SQLite header of `file` (just opened, at `path`) and checks the file
/// is whole. Returns whether it is in WAL mode already (so configuring it writes nothing).
pub(crate) fn inspect_header(path: &Path, file: &std::fs::File) -> Result<bool> {
    let display = || path.display().to_string();
    let length = file.metadata().map_err(|e| StoreError::io(path, e))?.len();
    if length == 0 {
        return Ok(false);
    }
    let mut header = [0_u8; 100];
    let read = read_start(file, &mut header).map_err(|e| StoreError::io(path, e))?;
    if read < SQLITE_MAGIC.len() || &header[..16] != SQLITE_MAGIC {
        return Err(StoreError::NotDealdeck {
            path: display(),
            detail: "it is not an SQLite file".into(),
        });
    }
    if read < 100 || length < 512 {
        return Err(StoreError::Corrupt {
            path: display(),
            detail: "the file is truncated".into(),
        });
    }
    let u32_at = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536_u64,
        n if n >= 512 && n.is_power_of_two() => u64::from(n),
        n => {
            return Err(StoreError::Corrupt {
                path: display(),
                detail: format!("its header gives an impossible page size of {n}"),
            });
        }
    };
    let page_count = u64::from(u32_at(28));
    let header_is_current = u32_at(24) == u32_at(92);
    // A process killed mid-checkpoint can leave page 1 (and so the page count) written before
    // the file grew; the write-ahead log still holds every page and SQLite replays it on open.
    // The size only has to match when there is no log waiting to be replayed.
    let mut log = path.as_os_str().to_os_string();
    log.push("-wal");
    let log_pending = std::fs::metadata(std::path::PathBuf::from(log)).is_ok_and(|m| m.len() > 0);
    if header_is_current && !log_pending && page_count > 0 && length < page_count * page_size {
        return Err(StoreError::Corrupt {
            path: display(),
            detail: format!(
                "the file is truncated: {length} bytes where its header promises {}",
                page_count * page_size
            ),
        });
    }
    Ok(header[18] == 2 && header[19] == 2)
}

/// Reads the first bytes of `file`, wherever its position is (the handle is reused).
#[cfg(unix)]
fn read_start(file: &std::fs::File, buffer: &mut [u8]) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buffer, 0)
}

#[cfg(not(unix))]
fn read_start(mut file: &std::fs::File, buffer: &mut [u8]) -> std::io::Result<usize> {
    use std::io::Seek;
    file.seek(std::io::SeekFrom::Start(0))?;
    std::io::Read::read(&mut file, buffer)
}

/// Creates a new, empty file readable by its owner only.
fn create_private_file(path: &Path) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        // Another process created it a moment ago; opening it is what both want.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(StoreError::io(path, e)),
    }
}

/// Builds a complete new database under a temporary name beside `path` and links it into
/// place, so no other process ever sees a half-made file. If another process got there
/// first, its file wins and ours is dropped.
pub(crate) fn create_database(
    path: &Path,
    seed: impl FnOnce(&mut Connection) -> Result<()>,
) -> Result<()> {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    name.push(format!(".new-{}-{nanos}", std::process::id()));
    let staging = path.with_file_name(name);
    let built = (|| {
        create_private_file(&staging)?;
        let mut conn = Connection::open_with_flags(&staging, OpenFlags::SQLITE_OPEN_READ_WRITE)
            .map_err(|e| classify(&staging, e))?;
        configure(&staging, &conn, true)?;
        migrate(&mut conn, 0)?;
        seed(&mut conn)?;
        // Closing the only connection folds the WAL into the file and removes it.
        conn.close().map_err(|(_, e)| classify(&staging, e))?;
        match std::fs::hard_link(&staging, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            Err(e) => Err(StoreError::io(path, e)),
        }
    })();
    for suffix in ["", "-wal", "-shm"] {
        let mut leftover = staging.as_os_str().to_os_string();
        leftover.push(suffix);
        let _ = std::fs::remove_file(std::path::PathBuf::from(leftover));
    }
    built
}

/// Opens an existing `path`, whose header was inspected, and identifies it without writing
/// to it.
pub(crate) fn connect(path: &Path) -> Result<(Connection, Found)> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| classify(path, e))?;
    let found = identify(path, &conn)?;
    Ok((conn, found))
}

fn identify(path: &Path, conn: &Connection) -> Result<Found> {
    let display = || path.display().to_string();
    let pragma = |name: &str| -> Result<i64> {
        conn.query_row(&format!("PRAGMA {name}"), [], |row| row.get(0))
            .map_err(|e| classify(path, e))
    };
    let application_id = pragma("application_id")?;
    let user_version = pragma("user_version")?;
    let objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))
        .map_err(|e| classify(path, e))?;
    if application_id == 0 && user_version == 0 && objects == 0 {
        return Ok(Found::Nothing);
    }
    if application_id != i64::from(APPLICATION_ID) {
        return Err(StoreError::NotDealdeck {
            path: display(),
            detail: if application_id == 0 {
                format!(
                    "it is an SQLite database of another program, with {objects} tables and indexes"
                )
            } else {
                format!("its application id is {application_id:#x}")
            },
        });
    }
    if user_version > LATEST_VERSION {
        return Err(StoreError::NewerSchema {
            path: display(),
            found: user_version,
            supported: LATEST_VERSION,
        });
    }
    Ok(Found::Dealdeck(user_version))
}

/// Turns SQLite's error codes into sentences about the file.
pub(crate) fn classify(path: &Path, error: rusqlite::Error) -> StoreError {
    let display = path.display().to_string();
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotDealdeck {
            path: display,
            detail: "SQLite cannot read it".into(),
        },
        _ => StoreError::sqlite_at(&display, error),
    }
}

/// Sets the per-connection pragmas; only called once the file is known to be ours.
/// Switching to WAL writes the header, so a file opened only to be read keeps its journal.
pub(crate) fn configure(path: &Path, conn: &Connection, switch_to_wal: bool) -> Result<()> {
    if switch_to_wal {
        conn.execute_batch("PRAGMA journal_mode = WAL;")
            .map_err(|e| classify(path, e))?;
    }
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;",
    )
    .map_err(|e| classify(path, e))
}

/// Runs the migrations after `from`, each in its own immediate transaction.
pub(crate) fn migrate(conn: &mut Connection, from: i64) -> Result<()> {
    migrate_to(conn, from, LATEST_VERSION)
}

/// Runs migrations `from..to`; tests use it to build an older schema.
pub fn migrate_to(conn: &mut Connection, from: i64, to: i64) -> Result<()> {
    for version in from..to {
        let sql = usize::try_from(version)
            .ok()
            .and_then(|i| MIGRATIONS.get(i))
            .ok_or_else(|| {
                StoreError::invalid(format!("no migration from schema version {version}"))
            })?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // A second process opening the same new file may have migrated it while we waited.
        let current: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if current > version {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Migrates an older file under the write lock, so of several processes opening it at once
/// one backs it up and migrates while the rest wait, then find it current. Returns where the
/// backup went, or `None` when another process had migrated it meanwhile.
pub(crate) fn migrate_locked(
    conn: &mut Connection,
    path: &Path,
    guard: &super::guard::Guard,
) -> Result<Option<PathBuf>> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| classify(path, e))?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if version >= LATEST_VERSION {
        return Ok(None);
    }
    // A damaged file is neither copied as if sound nor migrated.
    guard.before_write()?;
    let backup = backup_before_migration(path, version)?;
    for step in version..LATEST_VERSION {
        let sql = usize::try_from(step)
            .ok()
            .and_then(|i| MIGRATIONS.get(i))
            .ok_or_else(|| {
                StoreError::invalid(format!("no migration from schema version {step}"))
            })?;
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.pragma_update(None, "user_version", LATEST_VERSION)?;
    tx.commit()?;
    Ok(Some(backup))
}

/// Writes a consistent copy of the database beside it before a migration:
/// `deals.db` at version 1 is saved as `deals.db.v1-backup-20261122T153000` (then `-2`, `-3`
/// when that name is taken; a name is claimed atomically, so two copies never share one).
/// The copy is read on a connection of its own: the migrating one holds the write lock.
pub(crate) fn backup_before_migration(path: &Path, version: i64) -> Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
    let mut base = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    base.push(format!(".v{version}-backup-{stamp}"));
    let source = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(path, e))?;
    for attempt in 1..100 {
        let mut name = base.clone();
        if attempt > 1 {
            name.push(format!("-{attempt}"));
        }
        let target = path.with_file_name(name);
        let mut copy = match super::safe_file::NewFile::create(&target, false, &[]) {
            Err(StoreError::Exists { .. }) => continue,
            other => other?,
        };
        source
            .backup(
                rusqlite::MAIN_DB,
                copy.temp_path(),
                rusqlite::backup::NO_PROGRESS,
            )
            .map_err(|e| classify(path, e))?;
        match copy.commit() {
            Err(StoreError::Exists { .. }) => continue,
            other => return other.map(|()| target),
        }
    }
    Err(StoreError::invalid(format!(
        "cannot find a free backup name beside {}",
        path.display()
    )))
}
