//! A file's header and one data row read against it: cells by column name, one-line text
//! checked and mended, dates and currencies parsed, every problem collected with its column.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::Currency;

use super::RowError;
use super::dates::{parse_day, parse_moment};

/// A file's header row: names as written (trimmed) and matched case-insensitively.
#[derive(Clone, Debug)]
pub struct Header {
    names: Vec<String>,
    /// Keyed by the name as written, so the usual capitalisation needs no allocation.
    exact: HashMap<String, usize>,
    index: HashMap<String, usize>,
}

impl Header {
    pub fn new<I: IntoIterator<Item = String>>(names: I) -> Header {
        let names: Vec<String> = names.into_iter().map(|n| n.trim().to_string()).collect();
        let mut index = HashMap::new();
        let mut exact = HashMap::new();
        for (i, name) in names.iter().enumerate() {
            let first = *index.entry(name.to_lowercase()).or_insert(i);
            exact.entry(name.clone()).or_insert(first);
        }
        Header {
            names,
            exact,
            index,
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    pub fn position(&self, key: &str) -> Option<usize> {
        match self.exact.get(key) {
            Some(i) => Some(*i),
            None => self.index.get(&key.to_lowercase()).copied(),
        }
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The first name written twice (case-insensitively, blank names aside) with the 1-based
    /// positions of both columns: which of the two a field would come from is a guess.
    pub fn duplicate(&self) -> Option<(usize, usize)> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, name) in self.names.iter().enumerate() {
            if name.is_empty() {
                continue;
            }
            if let Some(first) = seen.insert(name.to_lowercase(), i) {
                return Some((first + 1, i + 1));
            }
        }
        None
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Lets `canonical` find the column written `alias` (another language's label, an
    /// internal property name), unless the file also has `canonical` itself.
    pub fn alias(&mut self, canonical: &str, alias: &str) {
        if self.has(canonical) {
            return;
        }
        if let Some(i) = self.position(alias) {
            self.index.insert(canonical.to_lowercase(), i);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// One data row with its header; collects every problem found while reading it.
pub struct Row<'a> {
    pub header: &'a Header,
    pub fields: &'a [String],
    pub line: u64,
    pub errors: Vec<RowError>,
    /// What was changed on the way in without refusing the row (tabs folded, …).
    pub warnings: Vec<RowError>,
}

impl<'a> Row<'a> {
    pub fn new(header: &'a Header, fields: &'a [String], line: u64) -> Row<'a> {
        Row {
            header,
            fields,
            line,
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The column's name as the file writes it (or `key` when the file lacks it).
    pub fn column(&self, key: &str) -> String {
        self.header
            .position(key)
            .and_then(|i| self.header.names.get(i))
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    pub fn fail(&mut self, key: &str, reason: impl std::fmt::Display) {
        self.errors.push(RowError {
            line: self.line,
            column: self.column(key),
            reason: reason.to_string(),
        });
    }

    /// The trimmed cell under `key`; `None` when the column is missing or the cell is blank.
    pub fn get(&self, key: &str) -> Option<&'a str> {
        let fields = self.fields;
        self.header
            .position(key)
            .and_then(|i| fields.get(i))
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    }

    pub fn cell(&self, index: usize) -> Option<&'a str> {
        let fields = self.fields;
        fields
            .get(index)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    }

    /// A one-line text field, checked like the deal form checks it. Tabs and line breaks
    /// (spreadsheet cells often hold them) are folded to one space with a warning, since
    /// refusing the file for them would make the person edit every such cell by hand.
    pub fn text(&mut self, key: &str, what: &'static str) -> Option<String> {
        let raw = self.get(key)?;
        let folded = fold_breaks(raw);
        if let std::borrow::Cow::Owned(_) = folded {
            self.warnings.push(RowError {
                line: self.line,
                column: self.column(key),
                reason: format!("tabs or line breaks in the {what} were folded to one space"),
            });
        }
        let value = folded.as_ref();
        match crate::domain::text::optional_line(value, what, crate::domain::text::MAX_FIELD_CHARS)
        {
            Ok(value) => value,
            Err(e) => {
                self.fail(key, e);
                None
            }
        }
    }

    pub fn required_text(&mut self, key: &str, what: &'static str) -> Option<String> {
        let found = self.text(key, what);
        if found.is_none() && self.get(key).is_none() {
            self.fail(key, format!("the {what} is missing"));
        }
        found
    }

    pub fn moment(&mut self, key: &str) -> Option<DateTime<Utc>> {
        let text = self.get(key)?;
        match parse_moment(text) {
            Ok(moment) => Some(moment),
            Err(e) => {
                self.fail(key, e);
                None
            }
        }
    }

    pub fn moment_at(&mut self, index: usize) -> Option<DateTime<Utc>> {
        let text = self.cell(index)?;
        match parse_moment(text) {
            Ok(moment) => Some(moment),
            Err(e) => {
                let column = self.header.names.get(index).cloned().unwrap_or_default();
                self.errors.push(RowError {
                    line: self.line,
                    column,
                    reason: e,
                });
                None
            }
        }
    }

    pub fn date(&mut self, key: &str) -> Option<NaiveDate> {
        let text = self.get(key)?;
        match parse_day(text) {
            Ok(date) => Some(date),
            Err(e) => {
                self.fail(key, e);
                None
            }
        }
    }

    pub fn currency(&mut self, key: &str) -> Option<Currency> {
        let text = self.get(key)?;
        match text.parse::<Currency>() {
            Ok(currency) => Some(currency),
            Err(e) => {
                self.fail(key, e);
                None
            }
        }
    }

    /// A probability as spreadsheets write it: `60%`, `60`, `0.6` (or `0,6`).
    pub fn percent(&mut self, key: &str) -> Option<u8> {
        let text = self.get(key)?;
        match parse_percent(text) {
            Some(p) => Some(p),
            None => {
                self.fail(
                    key,
                    format!(
                        "{:?} is not a probability from 0 to 100 %",
                        super::cut(text, 60)
                    ),
                );
                None
            }
        }
    }

    pub fn amount(&self, key: &str) -> Option<(String, String)> {
        self.get(key)
            .map(|text| (self.column(key), text.to_string()))
    }
}

/// `60%`, `60` and `0.6` are all 60; a fraction is only read as one when it has a decimal
/// mark and is at most 1.
pub fn parse_percent(text: &str) -> Option<u8> {
    let trimmed = text.trim();
    let (number, percent) = match trimmed.strip_suffix('%') {
        Some(rest) => (rest.trim(), true),
        None => (trimmed, false),
    };
    let value: f64 = number.replace(',', ".").parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    let fraction = !percent && number.contains(['.', ',']) && value <= 1.0;
    let value = if fraction { value * 100.0 } else { value };
    (0.0..=100.0).contains(&value).then(|| value.round() as u8)
}

/// `text` cut to at most `limit` characters (with `…`), for echoing a value in a message.
pub fn cut(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// Whether a character breaks a one-line field: tab, line feed, carriage return and the
/// other line and paragraph separators.
fn is_break(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// `text` with every run of whitespace that holds a break replaced by one space; borrowed
/// when there is nothing to fold.
pub fn fold_breaks(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_break) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let mut run_breaks = false;
    for c in text.chars() {
        if c.is_whitespace() {
            run.push(c);
            run_breaks |= is_break(c);
            continue;
        }
        if run_breaks {
            out.push(' ');
        } else {
            out.push_str(&run);
        }
        run.clear();
        run_breaks = false;
        out.push(c);
    }
    // A trailing run is dropped: the cell is trimmed anyway.
    std::borrow::Cow::Owned(out.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_fold_to_one_space_and_other_spacing_stays() {
        assert_eq!(fold_breaks("Acme  BV"), "Acme  BV");
        assert!(matches!(fold_breaks("Acme"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(fold_breaks("Acme\t\tBV"), "Acme BV");
        assert_eq!(fold_breaks("Acme \r\n BV  x"), "Acme BV  x");
        assert_eq!(fold_breaks("Alpha\rBeta\n"), "Alpha Beta");
    }

    #[test]
    fn percents_read_in_every_spreadsheet_shape() {
        for (text, want) in [
            ("60%", 60),
            ("60", 60),
            ("0.6", 60),
            ("0,6", 60),
            ("1.0", 100),
        ] {
            assert_eq!(parse_percent(text), Some(want), "{text}");
        }
        assert_eq!(parse_percent("1"), Some(1));
        assert_eq!(parse_percent("120%"), None);
        assert_eq!(parse_percent("high"), None);
    }

    #[test]
    fn duplicate_header_names_are_found_with_both_positions() {
        let header = Header::new(["Amount", "", "Deal Name", "", "amount"].map(String::from));
        assert_eq!(header.duplicate(), Some((1, 5)));
        let header = Header::new(["A", "", "B", ""].map(String::from));
        assert_eq!(header.duplicate(), None);
    }
}
