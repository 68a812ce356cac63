//! Reading amounts the way Dutch, Swedish and English-speaking reps type them.
//!
//! The rule, in order:
//! 1. A currency sign or ISO code before or after the number names the amount's currency
//!    (`€ 12.000`, `12 000 kr`, `SEK 1 500`, `$ 40`); the Dutch whole-amount mark `,-` is
//!    dropped (`€ 12.000,-`). A sign several currencies share means the expected currency when
//!    that is one of them (`kr` on a NOK deal is NOK), else the first one listed in
//!    [`SIGN_CURRENCIES`] (`kr` is SEK, `$` USD, `¥` JPY). [`parse_amount`] refuses an amount that
//!    names another currency than the one expected; [`parse_amount_naming`] returns it.
//! 2. Spaces (also NBSP and narrow NBSP) and apostrophes are always group separators.
//! 3. When both `.` and `,` occur, the one that comes last is the decimal separator.
//! 4. A separator that occurs more than once is a group separator (`1.234.567`).
//! 5. A single `.` or `,` followed by exactly three digits, with one to three digits before it
//!    (`1.234`, `1,234`), could be either: the number locale decides. Any other single
//!    separator is the decimal separator (`12,5`, `12.50`).
//!
//! Groups must be well formed (one to three digits, then threes) and negative numbers,
//! exponents, `NaN`, underscores and more decimals than the currency allows are refused.

use std::str::FromStr;

use rust_decimal::Decimal;
use thiserror::Error;

use super::money::{Currency, MAX_WHOLE_UNITS};
use super::text::echo;

/// Which character a lone, ambiguous separator means in this locale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DecimalSeparator {
    #[default]
    Dot,
    Comma,
}

impl DecimalSeparator {
    pub fn as_char(self) -> char {
        match self {
            DecimalSeparator::Dot => '.',
            DecimalSeparator::Comma => ',',
        }
    }

    /// The separator used to group thousands when printing for people.
    pub fn group_char(self) -> char {
        match self {
            DecimalSeparator::Dot => ',',
            DecimalSeparator::Comma => '.',
        }
    }

    /// Reads the POSIX locale variables in their order of precedence
    /// (`LC_ALL`, then `LC_NUMERIC`, then `LANG`).
    pub fn from_env() -> Self {
        ["LC_ALL", "LC_NUMERIC", "LANG"]
            .iter()
            .filter_map(|var| std::env::var(var).ok())
            .find(|value| !value.is_empty())
            .map(|value| Self::from_locale_name(&value))
            .unwrap_or_default()
    }

    /// `nl_NL.UTF-8` and `sv_SE` write a decimal comma; `en_US`, `C` and unknown ones a dot.
    pub fn from_locale_name(name: &str) -> Self {
        const COMMA_LANGUAGES: &[&str] = &[
            "nl", "sv", "de", "fr", "es", "it", "pt", "da", "fi", "nb", "nn", "no", "pl", "cs",
            "sk", "ru", "uk", "tr", "el", "hu", "ro", "bg", "hr", "sl", "sr", "lt", "lv", "et",
            "is", "id", "vi", "ca", "eu", "gl", "af",
        ];
        let language = name
            .split(['_', '.', '@', '-'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if COMMA_LANGUAGES.contains(&language.as_str()) {
            DecimalSeparator::Comma
        } else {
            DecimalSeparator::Dot
        }
    }
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum AmountError {
    #[error("the amount is empty; type a number such as 12000 or 12.500,50")]
    Empty,
    #[error("amount {} is negative; amounts are zero or more", echo(.0))]
    Negative(String),
    #[error(
        "amount {} is not a number; type digits with an optional decimal separator, such as 12.500,50 or 12,500.50",
        echo(.0)
    )]
    NotANumber(String),
    #[error(
        "amount {} has misplaced group separators; groups after the first have three digits",
        echo(.0)
    )]
    BadGrouping(String),
    #[error("amount {} has {found} decimals but {currency} allows {allowed}", echo(.input))]
    TooManyDecimals {
        input: String,
        found: usize,
        allowed: u32,
        currency: Currency,
    },
    #[error(
        "amount {} has {found} decimals but {currency} allows {allowed}; if its \"{mark}\" groups thousands, set decimal_separator = \"{other}\" in config.toml",
        echo(.input),
        other = if *.mark == '.' { "comma" } else { "dot" }
    )]
    AmbiguousSeparator {
        input: String,
        found: usize,
        allowed: u32,
        currency: Currency,
        mark: char,
    },
    #[error("amount {} is too large; the limit is 999,999,999,999", echo(.0))]
    TooLarge(String),
    #[error("amount {} is in {named}, not {expected}", echo(.input))]
    OtherCurrency {
        input: String,
        named: Currency,
        expected: Currency,
    },
}

const CURRENCY_SIGNS: &[char] = &['€', '$', '£', '¥'];

/// The currencies a sign (or `kr`) can stand for, the usual one first.
pub const SIGN_CURRENCIES: &[(&str, &[&str])] = &[
    ("€", &["EUR"]),
    ("$", &["USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"]),
    ("£", &["GBP"]),
    ("¥", &["JPY", "CNY"]),
    ("kr", &["SEK", "NOK", "DKK", "ISK"]),
];

/// The currency `word` (a sign, `kr` or an ISO code) names, read in the light of `expected`.
fn named_currency(word: &str, expected: Currency) -> Option<Currency> {
    if word.len() == 3
        && let Ok(currency) = word.parse::<Currency>()
    {
        return Some(currency);
    }
    let (_, codes) = SIGN_CURRENCIES
        .iter()
        .find(|(sign, _)| sign.eq_ignore_ascii_case(word))?;
    if codes.contains(&expected.code()) {
        return Some(expected);
    }
    codes.first().and_then(|code| code.parse().ok())
}
const SPACE_GROUPS: &[char] = &[' ', '\u{a0}', '\u{202f}', '\u{2009}'];
const APOSTROPHE_GROUPS: &[char] = &['\'', '\u{2019}'];

/// Parses an amount typed by a person into an exact decimal for `currency`; an amount that
/// names another currency (`SEK 1 500` for a EUR deal) is refused, naming both.
pub fn parse_amount(
    input: &str,
    locale: DecimalSeparator,
    currency: Currency,
) -> Result<Decimal, AmountError> {
    let (amount, named) = parse_amount_naming(input, locale, currency)?;
    match named {
        Some(named) if named != currency => Err(AmountError::OtherCurrency {
            input: input.to_string(),
            named,
            expected: currency,
        }),
        _ => Ok(amount),
    }
}

/// Parses an amount and returns the currency it names, if any (`SEK 1 500` names SEK); its
/// decimals are checked against that currency, else against `expected`.
pub fn parse_amount_naming(
    input: &str,
    locale: DecimalSeparator,
    expected: Currency,
) -> Result<(Decimal, Option<Currency>), AmountError> {
    let (text, word) = strip_currency(input.trim());
    let named = word.and_then(|w| named_currency(w, expected));
    let currency = named.unwrap_or(expected);
    // The whole-amount mark says which separator is the decimal one: in `€ 12.000,-` the
    // `.` can only group thousands, whatever the locale.
    let (text, locale) = match (text.strip_suffix(",-"), text.strip_suffix(".-")) {
        (Some(rest), _) => (rest.trim_end(), DecimalSeparator::Comma),
        (None, Some(rest)) => (rest.trim_end(), DecimalSeparator::Dot),
        (None, None) => (text, locale),
    };
    if text.is_empty() {
        return if input.trim().is_empty() {
            Err(AmountError::Empty)
        } else {
            Err(AmountError::NotANumber(input.to_string()))
        };
    }
    let not_a_number = || AmountError::NotANumber(input.to_string());
    if text.starts_with(['-', '\u{2212}']) {
        let rest = &text[text.chars().next().map_or(0, char::len_utf8)..];
        if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || ".,".contains(c)) {
            return Err(AmountError::Negative(input.to_string()));
        }
        return Err(not_a_number());
    }
    let is_group_only = |c: char| SPACE_GROUPS.contains(&c) || APOSTROPHE_GROUPS.contains(&c);
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || is_group_only(c))
    {
        return Err(not_a_number());
    }
    let first_is_digit = text.chars().next().is_some_and(|c| c.is_ascii_digit());
    let last_is_digit = text.chars().last().is_some_and(|c| c.is_ascii_digit());
    if !first_is_digit || !last_is_digit {
        return Err(not_a_number());
    }

    let decimal_at = decimal_separator_position(text, locale, is_group_only)
        .map_err(|()| AmountError::BadGrouping(input.to_string()))?;
    let (whole, fraction) = match decimal_at {
        Some(at) => (&text[..at], &text[at + 1..]),
        None => (text, ""),
    };
    if !fraction.chars().all(|c| c.is_ascii_digit()) {
        return Err(AmountError::BadGrouping(input.to_string()));
    }
    let digits = whole_digits(whole).ok_or_else(|| AmountError::BadGrouping(input.to_string()))?;

    let significant = digits.trim_start_matches('0');
    if significant.len() > MAX_WHOLE_UNITS.to_string().len() {
        return Err(AmountError::TooLarge(input.to_string()));
    }
    if fraction.len() > currency.minor_units() as usize {
        // A lone `1.234` the number locale read as decimals: name the setting that decides.
        let lone_mark = text.matches(['.', ',']).count() == 1 && !text.contains(is_group_only);
        if let (true, Some(at)) = (
            lone_mark && fraction.len() == 3 && whole.len() <= 3,
            decimal_at,
        ) {
            return Err(AmountError::AmbiguousSeparator {
                input: input.to_string(),
                found: fraction.len(),
                allowed: currency.minor_units(),
                currency,
                mark: char::from(text.as_bytes()[at]),
            });
        }
        return Err(AmountError::TooManyDecimals {
            input: input.to_string(),
            found: fraction.len(),
            allowed: currency.minor_units(),
            currency,
        });
    }
    let whole_part = if significant.is_empty() {
        "0"
    } else {
        significant
    };
    let canonical = if fraction.is_empty() {
        whole_part.to_string()
    } else {
        format!("{whole_part}.{fraction}")
    };
    let amount = Decimal::from_str(&canonical).map_err(|_| not_a_number())?;
    Ok((amount, named))
}

/// Finds the byte index of the decimal separator, if any, by the rules in the module docs.
fn decimal_separator_position(
    text: &str,
    locale: DecimalSeparator,
    is_group_only: impl Fn(char) -> bool,
) -> Result<Option<usize>, ()> {
    let dots = text.matches('.').count();
    let commas = text.matches(',').count();
    let has_other_groups = text.chars().any(&is_group_only);
    let last_of = |c: char| text.rfind(c);
    match (dots, commas) {
        (0, 0) => Ok(None),
        (d, c) if d > 0 && c > 0 => {
            let (dot_at, comma_at) = (last_of('.'), last_of(','));
            let (decimal_char, decimal_count) = if dot_at > comma_at {
                ('.', d)
            } else {
                (',', c)
            };
            if decimal_count > 1 {
                return Err(());
            }
            Ok(last_of(decimal_char))
        }
        (n, 0) | (0, n) if n > 1 => Ok(None),
        _ => {
            let sep = if dots == 1 { '.' } else { ',' };
            let at = last_of(sep).ok_or(())?;
            let after = &text[at + 1..];
            let before_digits = text[..at]
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .count();
            let ambiguous = !has_other_groups
                && after.len() == 3
                && after.chars().all(|c| c.is_ascii_digit())
                && (1..=3).contains(&before_digits)
                && before_digits == text[..at].len();
            if ambiguous && sep != locale.as_char() {
                Ok(None)
            } else {
                Ok(Some(at))
            }
        }
    }
}

/// The digits of the whole part, provided its grouping is well formed.
fn whole_digits(whole: &str) -> Option<String> {
    let groups: Vec<&str> = whole.split(|c: char| !c.is_ascii_digit()).collect();
    let separators: Vec<char> = whole.chars().filter(|c| !c.is_ascii_digit()).collect();
    if separators.is_empty() {
        return Some(whole.to_string());
    }
    // One kind of group separator per number; NBSP variants of a space count as a space.
    let family = |c: char| {
        if SPACE_GROUPS.contains(&c) {
            ' '
        } else if APOSTROPHE_GROUPS.contains(&c) {
            '\''
        } else {
            c
        }
    };
    if separators
        .iter()
        .any(|&c| family(c) != family(separators[0]))
    {
        return None;
    }
    let (first, rest) = groups.split_first()?;
    let well_formed = (1..=3).contains(&first.len()) && rest.iter().all(|g| g.len() == 3);
    well_formed.then(|| groups.concat())
}

/// Drops a leading or trailing currency sign or code (`€`, `EUR`, `kr`, `SEK`) and returns
/// what is left with the sign or code that was dropped (the last one, when there are several).
fn strip_currency(text: &str) -> (&str, Option<&str>) {
    let mut word = None;
    let sign_len = |c: &char| c.len_utf8();
    if let Some(sign) = text.chars().next().filter(|c| CURRENCY_SIGNS.contains(c)) {
        word = Some(&text[..sign_len(&sign)]);
    }
    let mut text = text.trim_start_matches(CURRENCY_SIGNS).trim();
    if let Some(sign) = text.chars().last().filter(|c| CURRENCY_SIGNS.contains(c)) {
        word = Some(&text[text.len() - sign_len(&sign)..]);
    }
    text = text.trim_end_matches(CURRENCY_SIGNS).trim();
    let leading_letters = text.chars().take_while(char::is_ascii_alphabetic).count();
    if is_currency_word(&text[..leading_letters]) {
        word = Some(&text[..leading_letters]);
        text = text[leading_letters..].trim_start_matches('.').trim();
    }
    let trailing = text
        .trim_end_matches('.')
        .chars()
        .rev()
        .take_while(char::is_ascii_alphabetic)
        .count();
    if trailing > 0 {
        let body = text.trim_end_matches('.');
        let cut = body.len() - trailing;
        if is_currency_word(&body[cut..]) {
            word = Some(&body[cut..]);
            text = body[..cut].trim();
        }
    }
    (text, word)
}

fn is_currency_word(word: &str) -> bool {
    match word.len() {
        2 => word.eq_ignore_ascii_case("kr"),
        3 => word.parse::<Currency>().is_ok(),
        _ => false,
    }
}

#[cfg(test)]
mod tests;
