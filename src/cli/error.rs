//! Command-line failures and their exit codes: 2 for bad usage or input, 1 for the rest.
//! Failures from the store, files and exports keep their cause as `source()`, so the binary's
//! edge can show the whole chain.

use crate::domain::text::printable_lines;
use crate::io::export::ExportError;
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
    /// The store refused or failed; bad input (a missing deal, a bad value) exits 2.
    #[error("{}", printable_lines(&.0.to_string()))]
    Store(#[source] StoreError),
    /// Reading or writing a file or the terminal failed: exit 1.
    #[error("{}", printable_lines(&.0.to_string()))]
    Io(#[source] std::io::Error),
    /// An export could not be read or written: exit 1 (2 when the store calls it bad input).
    #[error("{}", printable_lines(&.0.to_string()))]
    Export(#[source] ExportError),
    /// A failure with what was being done in front of its cause: exit 1.
    #[error("{}", printable_lines(&format!("{context}: {source}")))]
    Caused {
        context: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::BadInput(_) => 2,
            CliError::Store(error) | CliError::Export(ExportError::Store(error))
                if error.is_bad_input() =>
            {
                2
            }
            _ => 1,
        }
    }

    pub fn bad(message: impl std::fmt::Display) -> CliError {
        CliError::BadInput(message.to_string())
    }

    pub fn failed(message: impl std::fmt::Display) -> CliError {
        CliError::Failed(message.to_string())
    }

    /// `context` (what was being done, naming the value) with `source` as its cause.
    pub fn caused(
        context: impl std::fmt::Display,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> CliError {
        CliError::Caused {
            context: context.to_string(),
            source: source.into(),
        }
    }
}

impl From<StoreError> for CliError {
    fn from(error: StoreError) -> Self {
        CliError::Store(error)
    }
}

impl From<std::io::Error> for CliError {
    fn from(error: std::io::Error) -> Self {
        CliError::Io(error)
    }
}

impl From<ExportError> for CliError {
    fn from(error: ExportError) -> Self {
        CliError::Export(error)
    }
}

pub type CliResult<T = ()> = Result<T, CliError>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error;

    #[test]
    fn store_failures_keep_their_exit_code_and_cause() {
        let missing = CliError::from(StoreError::NotFound("deal 9 does not exist".into()));
        assert_eq!(missing.exit_code(), 2);
        assert_eq!(missing.to_string(), "deal 9 does not exist");

        let sqlite = rusqlite::Error::InvalidColumnName("x".into());
        let failed = CliError::from(StoreError::Sqlite(sqlite));
        assert_eq!(failed.exit_code(), 1);
        // The store error is the next link of the chain, and its own cause the one after.
        let store = failed.source();
        assert!(store.is_some_and(|s| s.to_string().contains("x")));
    }

    #[test]
    fn a_refused_value_keeps_the_domain_error_through_store_and_cli() {
        use crate::domain::DealError;
        let refused = || DealError::NegativeAmount {
            amount: rust_decimal::Decimal::NEGATIVE_ONE,
        };
        let error = CliError::from(StoreError::rule(refused()));
        assert_eq!(error.exit_code(), 2);
        assert_eq!(error.to_string(), refused().to_string());
        let CliError::Store(StoreError::Rule(inner)) = &error else {
            panic!("not a store rule: {error:?}");
        };
        assert_eq!(inner.downcast_ref::<DealError>(), Some(&refused()));
    }

    #[test]
    fn an_import_error_is_an_error_whose_cause_is_the_store_error() {
        let error = crate::io::import::ImportError::Store(StoreError::Busy);
        let source = error.source().map(ToString::to_string);
        assert_eq!(source, Some(StoreError::Busy.to_string()));
    }

    #[test]
    fn a_caused_failure_names_its_context_and_keeps_the_cause() {
        let io = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied");
        let error = CliError::caused("cannot write out.csv", io);
        assert_eq!(error.exit_code(), 1);
        assert_eq!(error.to_string(), "cannot write out.csv: denied");
        assert_eq!(
            error.source().map(ToString::to_string).as_deref(),
            Some("denied")
        );
    }

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
