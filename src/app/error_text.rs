//! The domain's errors as the board shows them: in the rep's language. The command line keeps
//! each error's English `Display` (scripts and logs read it); the TUI calls these instead.

use crate::domain::text::TextError;
use crate::domain::text::echo;
use crate::domain::{AmountError, DateError, DealError, DueError, MoveError};
use crate::store::StoreError;

use super::error::AppError;

/// One sentence for an error the board met, in the current language where it is one of the
/// domain's; other errors (the store's files, the server) keep their own sentence.
pub fn app_error(error: &AppError) -> String {
    match error {
        AppError::Store(error) => store_error(error),
        AppError::SharedMemory { file } => crate::t!("error-shared-memory", file = file.as_str()),
        AppError::ReadStopped => crate::t!("error-read-stopped"),
    }
}

/// A store error: a domain rule's refusal localised, the rest as the store words it.
pub fn store_error(error: &StoreError) -> String {
    match error {
        StoreError::Rule(rule) => rule_error(rule.as_ref()).unwrap_or_else(|| error.to_string()),
        other => other.to_string(),
    }
}

/// The domain error inside a store's `Rule`, when it is one the board knows.
fn rule_error(rule: &(dyn std::error::Error + Send + Sync + 'static)) -> Option<String> {
    if let Some(e) = rule.downcast_ref::<AmountError>() {
        return Some(amount(e));
    }
    if let Some(e) = rule.downcast_ref::<DateError>() {
        return Some(date(e));
    }
    if let Some(e) = rule.downcast_ref::<DueError>() {
        return Some(due(e));
    }
    if let Some(e) = rule.downcast_ref::<TextError>() {
        return Some(text(e));
    }
    if let Some(e) = rule.downcast_ref::<DealError>() {
        return Some(deal(e));
    }
    rule.downcast_ref::<MoveError>().map(moves)
}

/// An amount the parser refused; the ambiguous separator's says how to set
/// `decimal_separator` (a config key, so it stays as it is spelled in config.toml).
pub fn amount(error: &AmountError) -> String {
    match error {
        AmountError::Empty => crate::t!("error-amount-empty"),
        AmountError::Negative(input) => {
            crate::t!("error-amount-negative", amount = echo(input))
        }
        AmountError::NotANumber(input) => {
            crate::t!("error-amount-not-a-number", amount = echo(input))
        }
        AmountError::BadGrouping(input) => {
            crate::t!("error-amount-grouping", amount = echo(input))
        }
        AmountError::TooManyDecimals {
            input,
            found,
            allowed,
            currency,
        } => crate::t!(
            "error-amount-decimals",
            amount = echo(input),
            found = *found,
            allowed = u64::from(*allowed),
            currency = currency.to_string(),
        ),
        AmountError::AmbiguousSeparator {
            input,
            found,
            allowed,
            currency,
            mark,
        } => crate::t!(
            "error-amount-ambiguous",
            amount = echo(input),
            found = *found,
            allowed = u64::from(*allowed),
            currency = currency.to_string(),
            mark = mark.to_string(),
            other = if *mark == '.' { "comma" } else { "dot" },
        ),
        AmountError::TooLarge(input) => crate::t!(
            "error-amount-too-large",
            amount = echo(input),
            limit = crate::i18n::numbers().count(crate::domain::money::MAX_WHOLE_UNITS),
        ),
        AmountError::OtherCurrency {
            input,
            named,
            expected,
        } => crate::t!(
            "error-amount-other-currency",
            amount = echo(input),
            named = named.to_string(),
            expected = expected.to_string(),
        ),
    }
}

/// A calendar date (a deal's expected close date) the parser refused.
pub fn date(error: &DateError) -> String {
    match error {
        DateError::Empty => crate::t!("error-date-empty"),
        DateError::Invalid(input) => crate::t!("error-date-invalid", date = echo(input)),
        DateError::OutOfRange(input) => crate::t!("error-date-range", date = echo(input)),
    }
}

/// A due date typed into the schedule input.
pub fn due(error: &DueError) -> String {
    match error {
        DueError::Empty => crate::t!("error-due-empty"),
        DueError::Invalid(input) => crate::t!("error-due-invalid", due = echo(input)),
        DueError::BadTime(input) => crate::t!("error-due-time", time = echo(input)),
        DueError::OutOfRange(input) => crate::t!("error-due-range", due = echo(input)),
    }
}

/// A name, title or note the text rules refused.
pub fn text(error: &TextError) -> String {
    match error {
        TextError::Empty(what) => crate::t!("error-text-empty", what = field_name(what)),
        TextError::TooLong { what, found, limit } => crate::t!(
            "error-text-too-long",
            what = field_name(what),
            found = *found,
            limit = *limit,
        ),
        TextError::ControlCharacters(what) => {
            crate::t!("error-text-control", what = field_name(what))
        }
    }
}

/// A deal the domain refused as saved from the form.
pub fn deal(error: &DealError) -> String {
    match error {
        DealError::Text(error) => text(error),
        DealError::Email(input) => crate::t!("error-email", email = echo(input)),
        // The rest name stored values (exact amounts, ids) in the English sentence.
        other => other.to_string(),
    }
}

/// A move the pipeline refused.
pub fn moves(error: &MoveError) -> String {
    match error {
        MoveError::SameStage { deal, stage } => crate::t!(
            "error-move-same-stage",
            deal = deal.to_string(),
            stage = echo(stage)
        ),
        MoveError::ReasonRequired { stage } => {
            crate::t!("error-move-reason", stage = echo(stage))
        }
        MoveError::BadReason(error) => crate::t!("error-move-bad-reason", why = text(error)),
        MoveError::Archived(deal) => crate::t!("error-move-archived", deal = deal.to_string()),
        // Names the command line's `--set` flags and other pipelines: its own sentence.
        other => other.to_string(),
    }
}

/// What a text rule names (`title`, `lost reason`) in the current language; an unknown one
/// as the domain spells it.
fn field_name(what: &str) -> String {
    match what {
        "title" => crate::t!("error-field-title"),
        "name" => crate::t!("error-field-name"),
        "note" => crate::t!("error-field-note"),
        "lost reason" => crate::t!("error-field-lost-reason"),
        "organization" => crate::t!("error-field-organization"),
        "contact name" => crate::t!("error-field-contact-name"),
        "owner" => crate::t!("error-field-owner"),
        "data point name" => crate::t!("error-field-data-point-name"),
        "data point value" => crate::t!("error-field-data-point-value"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Currency, DecimalSeparator, parse_amount, parse_due};
    use crate::i18n::{Language, Locale, scoped};

    /// A Dutch `12.500` under a decimal dot (`LANG=C`): it could be either.
    fn ambiguous() -> AmountError {
        let error = parse_amount("12.500", DecimalSeparator::Dot, Currency::default()).unwrap_err();
        assert!(
            matches!(error, AmountError::AmbiguousSeparator { .. }),
            "{error:?}"
        );
        error
    }

    #[test]
    fn english_is_the_domain_sentence() {
        let _en = scoped(Locale::of(Language::En));
        let error = ambiguous();
        assert_eq!(amount(&error), error.to_string());
        let due_error = parse_due("someday", chrono::Utc::now()).unwrap_err();
        assert_eq!(due(&due_error), due_error.to_string());
        assert_eq!(
            text(&TextError::Empty("title")),
            TextError::Empty("title").to_string()
        );
        assert_eq!(
            amount(&AmountError::TooLarge("1e99".into())),
            AmountError::TooLarge("1e99".into()).to_string()
        );
    }

    #[test]
    fn an_ambiguous_amount_in_dutch_names_decimal_separator() {
        let _nl = scoped(Locale::of(Language::Nl));
        let said = amount(&ambiguous());
        assert!(said.starts_with("bedrag \"12.500\""), "{said}");
        assert!(said.contains("3 decimalen"), "{said}");
        assert!(
            said.contains("zet dan decimal_separator = \"comma\" in config.toml"),
            "{said}"
        );
        let too_large = amount(&AmountError::TooLarge("1e99".into()));
        assert!(too_large.ends_with("999.999.999.999"), "{too_large}");
    }

    #[test]
    fn a_store_rule_is_said_in_swedish_and_other_errors_as_they_are() {
        let _sv = scoped(Locale::of(Language::Sv));
        let rule = StoreError::rule(AmountError::Empty);
        assert!(store_error(&rule).starts_with("beloppet är tomt"));
        let moved = StoreError::rule(MoveError::Archived(7));
        assert_eq!(
            store_error(&moved),
            "affär 7 är arkiverad; ta den ur arkivet innan du flyttar den"
        );
        let busy = StoreError::Busy;
        assert_eq!(store_error(&busy), busy.to_string());
        let field = text(&TextError::TooLong {
            what: "title",
            found: 1200,
            limit: 500,
        });
        assert_eq!(field, "titeln har 1\u{a0}200 tecken; gränsen är 500");
    }
}
