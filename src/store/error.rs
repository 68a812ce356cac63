//! What can go wrong in the store, each as one sentence a person can act on.

use std::path::Path;

use thiserror::Error;

use crate::domain::DealId;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{path} is not a dealdeck database ({detail}); it was left untouched")]
    NotDealdeck { path: String, detail: String },
    #[error("{path} is damaged ({detail}); it was left untouched, restore it from a backup")]
    Corrupt { path: String, detail: String },
    #[error(
        "{path} was written by a newer dealdeck (schema version {found}, this one knows up to {supported}); it was left untouched"
    )]
    NewerSchema {
        path: String,
        found: i64,
        supported: i64,
    },
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
    #[error("database error: {0}")]
    Sqlite(#[source] rusqlite::Error),
}

impl StoreError {
    /// The person asked for something that cannot be (a missing deal, a bad value): exit 2.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            StoreError::NotFound(_) | StoreError::Invalid(_) | StoreError::Rule(_)
        )
    }

    pub(crate) fn io(path: &Path, source: std::io::Error) -> StoreError {
        StoreError::Io {
            path: path.display().to_string(),
            source,
        }
    }

    pub(crate) fn invalid(message: impl std::fmt::Display) -> StoreError {
        StoreError::Invalid(message.to_string())
    }

    /// A domain rule refused the value; its typed error is kept.
    pub(crate) fn rule(error: impl std::error::Error + Send + Sync + 'static) -> StoreError {
        StoreError::Rule(Box::new(error))
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match error.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Corrupt {
                path: "the database".into(),
                detail: error.to_string(),
            },
            _ => StoreError::Sqlite(error),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
