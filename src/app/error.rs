//! The board's own errors, typed: the store's, the dashboard's background read, the files
//! checked before each access. Shown on screen as one sentence each.

use thiserror::Error;

use crate::store::StoreError;

#[derive(Debug, Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "{file} was cut short or replaced by another program; nothing more is read or written: quit and open the board again"
    )]
    SharedMemory { file: String },
    #[error("the background read of the dashboard's rows stopped")]
    ReadStopped,
}
