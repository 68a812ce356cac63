//! Command-line failures and their exit codes: 2 for bad usage or input, 1 for the rest.

use crate::domain::text::printable_lines;
use crate::store::StoreError;

/// Shown with every control, bidi and zero-width character made visible: a message may carry
/// stage names, file text or values read from the database, and it goes straight to a terminal.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The person typed something that cannot be: exit 2.
    #[error("{}", printable_lines(.0))]
    BadInput(String),
    /// Something failed that the input did not cause: exit 1.
    #[error("{}", printable_lines(.0))]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_reach_the_terminal_inert() {
        let error = CliError::bad("stage \u{1b}]52;c;aGk=\u{7} and \u{202e}txt\nline two");
        let shown = error.to_string();
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
            "{shown}"
        );
        assert!(!shown.contains('\u{202e}'), "{shown}");
        assert!(shown.contains("\\u{1b}]52;c;aGk=\\u{7}"), "{shown}");
        assert!(shown.contains("\nline two"), "line breaks stay: {shown}");
        let failed: CliError = StoreError::NotFound("pipeline \u{9b}2J".into()).into();
        assert!(!failed.to_string().contains('\u{9b}'));
    }
}
