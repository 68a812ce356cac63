//! Command-line failures and their exit codes: 2 for bad usage or input, 1 for the rest.

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The person typed something that cannot be: exit 2.
    #[error("{0}")]
    BadInput(String),
    /// Something failed that the input did not cause: exit 1.
    #[error("{0}")]
    Failed(String),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::BadInput(_) => 2,
            CliError::Failed(_) => 1,
        }
    }

    pub fn bad(message: impl std::fmt::Display) -> CliError {
        CliError::BadInput(message.to_string())
    }

    pub fn failed(message: impl std::fmt::Display) -> CliError {
        CliError::Failed(message.to_string())
    }
}

impl From<StoreError> for CliError {
    fn from(error: StoreError) -> Self {
        if error.is_bad_input() {
            CliError::BadInput(error.to_string())
        } else {
            CliError::Failed(error.to_string())
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(error: std::io::Error) -> Self {
        CliError::Failed(error.to_string())
    }
}

pub type CliResult<T = ()> = Result<T, CliError>;
