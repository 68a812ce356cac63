//! Rules for the free text people type into names, titles and notes.

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
/// sequence) become visible `\u{..}` forms instead of acting on the screen.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        if is_unsafe(ch) {
            out.push_str(&ch.escape_unicode().to_string());
        } else {
            out.push(ch);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Control characters and the bidirectional overrides that can disguise text.
fn is_unsafe(ch: char) -> bool {
    ch.is_control() || matches!(ch, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod printable_tests {
    use super::printable;

    #[test]
    fn escape_sequences_are_neutralised() {
        assert_eq!(printable("Acme"), "Acme");
        assert_eq!(printable("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        assert_eq!(printable("日本 🚀"), "日本 🚀");
    }
}
