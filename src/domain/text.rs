//! Rules for the free text people type into names, titles and notes, and how stored text is
//! made safe to print.
//!
//! Display rule (terminal, `print`, error messages): control characters (C0, DEL, C1, so every
//! escape sequence), the bidirectional controls (U+061C, U+200E–200F, U+202A–202E,
//! U+2066–2069), the zero-width characters (U+200B–200D, U+2060, U+FEFF) and the line and
//! paragraph separators (U+2028–2029) are shown visibly in Rust's `\u{..}` form instead of
//! acting on the screen. They are not refused on input (an import may carry them, and an emoji
//! sequence needs U+200D), only ever shown visibly. A value echoed in an error is also cut to
//! [`ECHO_CHARS`] characters with "…".

use thiserror::Error;

/// Names (pipelines, stages, reasons) are short and single-line.
pub const MAX_NAME_CHARS: usize = 120;
/// Titles, organizations, contacts and owners.
pub const MAX_FIELD_CHARS: usize = 500;
/// Notes and other long text.
pub const MAX_NOTE_CHARS: usize = 20_000;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum TextError {
    #[error("the {0} is empty")]
    Empty(&'static str),
    #[error("the {what} is {found} characters long; the limit is {limit}")]
    TooLong {
        what: &'static str,
        found: usize,
        limit: usize,
    },
    #[error("the {0} contains control characters; use plain text on one line")]
    ControlCharacters(&'static str),
}

/// A name is required, one line, no control characters, at most [`MAX_NAME_CHARS`].
pub fn check_name(name: &str) -> Result<(), TextError> {
    check_line(name, "name", MAX_NAME_CHARS).map(|_| ())
}

/// Trims `text` and checks it is a non-empty single line of at most `limit` characters.
pub fn check_line(text: &str, what: &'static str, limit: usize) -> Result<String, TextError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(TextError::Empty(what));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(TextError::ControlCharacters(what));
    }
    let found = trimmed.chars().count();
    if found > limit {
        return Err(TextError::TooLong { what, found, limit });
    }
    Ok(trimmed.to_string())
}

/// Like [`check_line`] but an empty value means "none".
pub fn optional_line(
    text: &str,
    what: &'static str,
    limit: usize,
) -> Result<Option<String>, TextError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        check_line(text, what, limit).map(Some)
    }
}

/// Multi-line text (notes): newlines and tabs are fine, other control characters are not.
pub fn check_note(text: &str) -> Result<String, TextError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(TextError::Empty("note"));
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(TextError::ControlCharacters("note"));
    }
    let found = trimmed.chars().count();
    if found > MAX_NOTE_CHARS {
        return Err(TextError::TooLong {
            what: "note",
            found,
            limit: MAX_NOTE_CHARS,
        });
    }
    Ok(trimmed.to_string())
}

/// Two reasons (or names) are the same when they match case-insensitively after trimming.
pub fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_checked() {
        assert_eq!(check_line("  Acme  ", "title", 10), Ok("Acme".into()));
        assert_eq!(check_line(" ", "title", 10), Err(TextError::Empty("title")));
        assert_eq!(
            check_line("a\u{1b}[2J", "title", 10),
            Err(TextError::ControlCharacters("title"))
        );
        assert!(matches!(
            check_line(&"x".repeat(11), "title", 10),
            Err(TextError::TooLong { found: 11, .. })
        ));
        assert!(same_name(" Price too high", "price TOO high "));
    }
}

/// Text from the database made safe for a terminal: control characters (and so every escape
/// sequence), bidi controls and zero-width characters become visible `\u{..}` forms instead of
/// acting on the screen.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    escape_where(text, is_unsafe)
}

/// Like [`printable`] but keeps line breaks and tabs: for messages of several lines.
pub fn printable_lines(text: &str) -> std::borrow::Cow<'_, str> {
    escape_where(text, |ch| is_unsafe(ch) && ch != '\n' && ch != '\t')
}

fn escape_where(text: &str, unsafe_char: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(&unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        if unsafe_char(ch) {
            out.extend(ch.escape_unicode());
        } else {
            out.push(ch);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Control characters, and the invisible characters that can disguise or reorder text.
pub fn is_unsafe(ch: char) -> bool {
    ch.is_control()
        || matches!(
            ch,
            '\u{061c}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// How many characters of a bad value an error message repeats.
pub const ECHO_CHARS: usize = 60;

/// A value a person gave, quoted for an error message: cut to [`ECHO_CHARS`] characters with
/// "…", every control, bidi or zero-width character shown as `\u{..}`. Every error that
/// repeats a user-supplied value goes through this.
pub fn echo(value: &str) -> String {
    let mut chars = value.chars();
    let head: String = chars.by_ref().take(ECHO_CHARS).collect();
    let mut quoted = format!("{head:?}");
    if chars.next().is_some() {
        quoted.insert(quoted.len() - 1, '…');
    }
    quoted
}

/// `text` cut to `limit` characters with "…", for messages that quote a value somewhere inside
/// (a parser's sentence) where [`echo`] cannot be applied to the value alone.
pub fn cut(text: &str, limit: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(limit) {
        Some((at, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..at])),
        None => std::borrow::Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod printable_tests {
    use super::{printable, printable_lines};

    #[test]
    fn escape_sequences_are_neutralised() {
        assert_eq!(printable("Acme"), "Acme");
        assert_eq!(printable("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        assert_eq!(printable("日本 🚀"), "日本 🚀");
        assert_eq!(
            printable("a\u{202e}b\u{200b}c\u{feff}"),
            "a\\u{202e}b\\u{200b}c\\u{feff}"
        );
        assert_eq!(printable("x\u{9b}2J\u{2060}"), "x\\u{9b}2J\\u{2060}");
        assert_eq!(printable_lines("a\nb\u{1b}"), "a\nb\\u{1b}");
    }

    #[test]
    fn echoed_values_are_cut_and_inert() {
        use super::echo;
        assert_eq!(echo("12,3,4"), "\"12,3,4\"");
        let long = "9".repeat(266_000);
        let shown = echo(&long);
        assert_eq!(shown, format!("\"{}…\"", "9".repeat(60)));
        assert_eq!(echo("a\u{1b}]52;c;x\u{7}"), "\"a\\u{1b}]52;c;x\\u{7}\"");
        assert_eq!(echo("\u{202e}abc"), "\"\\u{202e}abc\"");
    }
}
