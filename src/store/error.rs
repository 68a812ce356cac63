//! What can go wrong in the store, each as one sentence a person can act on.

use std::path::Path;

use thiserror::Error;

use crate::domain::DealId;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{path} is not a dealdeck database ({detail}); it was left untouched")]
    NotDealdeck { path: String, detail: String },
    // Where a read meets the damage first, the sentence points the same ways out as a
    // refused write's (`Damaged`).
    #[error(
        "{path} is damaged ({detail}); it was left untouched: `dealdeck check` shows the damage and `dealdeck backup NEW.db` saves what can still be read"
    )]
    Corrupt { path: String, detail: String },
    /// Found by the integrity check a write waits for: nothing was written.
    #[error(
        "{path} is damaged ({detail}); nothing was written to it: `dealdeck check` shows the damage and `dealdeck backup NEW.db` saves what can still be read"
    )]
    Damaged { path: String, detail: String },
    #[error(
        "{path} has tables, indexes or triggers dealdeck did not make ({detail}); it was left untouched, `dealdeck check --full` lists them"
    )]
    ForeignSchema { path: String, detail: String },
    #[error(
        "{path} was written by a newer dealdeck (schema version {found}, this one knows up to {supported}); it was left untouched"
    )]
    NewerSchema {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error(
        "no database at {path}; check the path, or create one with `dealdeck deal add`, `import` or `demo`"
    )]
    NoDatabase { path: String },
    #[error(
        "{path} is an empty file, not a dealdeck database; it was left untouched (a command that adds data, such as `deal add`, makes it one)"
    )]
    EmptyFile { path: String },
    #[error("{path} was deleted or replaced since it was opened; nothing was saved")]
    Replaced { path: String },
    /// The operating system refused the file: read-only, disk full, no access.
    #[error("cannot {action} {path}: {problem}")]
    Storage {
        action: &'static str,
        path: String,
        problem: String,
    },
    #[error("{path} already exists; choose another name, or pass --force to replace it")]
    Exists { path: String },
    #[error("{path} is {what}; writing there would destroy it, choose another file")]
    InUse { path: String, what: String },
    #[error("cannot use {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    NotFound(String),
    #[error(
        "deal {deal} was changed elsewhere since it was read (version {expected}, now {found}); reload it and try again"
    )]
    Conflict {
        deal: DealId,
        expected: i64,
        found: i64,
    },
    #[error("{0}")]
    Invalid(String),
    /// A value the domain's rules refuse (a bad amount, a move the pipeline forbids): the
    /// domain's own typed error, kept as it is so callers can match on it.
    #[error(transparent)]
    Rule(Box<dyn std::error::Error + Send + Sync>),
    /// A stored or to-be-stored value that cannot be converted, with what it is and why.
    #[error("{what}: {source}")]
    Value {
        what: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error(
        "the database is busy: another process has held its write lock for too long; try again"
    )]
    Busy,
    /// A streamed read was stopped by its reader, whose own error is passed on instead.
    #[error("the read was stopped")]
    Stopped,
    #[error("database error: {0}")]
    Sqlite(#[source] rusqlite::Error),
    /// An error from a PostgreSQL server; `url` is always the redacted form.
    #[error("the database server {url} reported: {detail}")]
    Server {
        url: String,
        detail: String,
        /// The SQLSTATE code, when the server sent one.
        code: Option<String>,
    },
    /// The connection to the server broke (it restarted, the network went away): whatever
    /// was not yet committed was not saved.
    #[error("the connection to the database server {url} was lost ({detail})")]
    Disconnected { url: String, detail: String },
}

impl StoreError {
    /// The person asked for something that cannot be (a missing deal, a bad value): exit 2.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            StoreError::NotFound(_)
                | StoreError::Invalid(_)
                | StoreError::NoDatabase { .. }
                | StoreError::EmptyFile { .. }
                | StoreError::Exists { .. }
                | StoreError::InUse { .. }
                | StoreError::Rule(_)
        )
    }

    /// An I/O error about `path`, in the words of the storage errors where it is one of them.
    pub(crate) fn io(path: &Path, source: std::io::Error) -> StoreError {
        use std::io::ErrorKind;
        let (action, problem) = match source.kind() {
            ErrorKind::PermissionDenied => ("open", "permission denied"),
            ErrorKind::ReadOnlyFilesystem => ("write", "the file system is read-only"),
            ErrorKind::StorageFull => ("write", "the disk is full"),
            ErrorKind::QuotaExceeded => ("write", "the disk quota is used up"),
            _ => {
                return StoreError::Io {
                    path: path.display().to_string(),
                    source,
                };
            }
        };
        StoreError::Storage {
            action,
            path: path.display().to_string(),
            problem: problem.into(),
        }
    }

    pub(crate) fn invalid(message: impl std::fmt::Display) -> StoreError {
        StoreError::Invalid(message.to_string())
    }

    /// A domain rule refused the value; its typed error is kept.
    pub(crate) fn rule(error: impl std::error::Error + Send + Sync + 'static) -> StoreError {
        StoreError::Rule(Box::new(error))
    }

    /// Maps an SQLite error about the file `path` (shown as given) to a sentence naming it.
    pub(crate) fn sqlite_at(path: &str, error: rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode;
        let storage = |action: &'static str, problem: &str| StoreError::Storage {
            action,
            path: path.to_string(),
            problem: problem.to_string(),
        };
        match error.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Corrupt {
                path: path.to_string(),
                detail: error.to_string(),
            },
            Some(ErrorCode::ReadOnly) => storage("write", "the file or its folder is read-only"),
            Some(ErrorCode::DiskFull) => storage("write", "the disk is full"),
            Some(ErrorCode::PermissionDenied) => storage("open", "permission denied"),
            // SQLite also creates `-wal` and `-shm` files beside the database.
            Some(ErrorCode::CannotOpen) if Path::new(path).exists() => {
                storage("open", "it or its folder is read-only or not accessible")
            }
            Some(ErrorCode::CannotOpen) => {
                storage("open", "its folder is missing or not accessible")
            }
            // SQLite reports a full disk met while growing its shared-memory file as I/O.
            Some(ErrorCode::SystemIoFailure) if disk_is_full(Path::new(path)) => {
                storage("write", "the disk is full")
            }
            Some(ErrorCode::SystemIoFailure) => storage("read or write", &error.to_string()),
            _ => StoreError::Sqlite(error),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        // A commit the write guard turned into a rollback carries the guard's reason.
        if let Some(refusal) = super::guard::take_refusal(&error) {
            return refusal;
        }
        StoreError::sqlite_at(&super::guard::path_in_use(), error)
    }
}

/// Whether the file system holding `path` has no space left for us.
fn disk_is_full(path: &Path) -> bool {
    #[cfg(unix)]
    {
        rustix::fs::statvfs(super::leftovers::folder_of(path)).is_ok_and(|s| s.f_bavail == 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
