//! Import and export (PRODUCT.md §6): reading HubSpot, Pipedrive and dealdeck files into deals
//! with their stage history, and writing every deal back out as CSV, JSON or Excel.

pub mod export;
pub mod hubspot;
pub mod ics;
pub mod import;
pub mod native;
pub mod pipedrive;
pub mod sniff;
pub mod xlsx;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

use crate::domain::{
    Contact, Currency, DayEdge, Qualification, StageKind, parse_date, parse_datetime,
};
use crate::store::KeptStamps;

/// The layouts `import` understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Hubspot,
    Pipedrive,
    /// What `dealdeck export` writes (CSV or JSON).
    Dealdeck,
}

impl Format {
    pub fn source_system(self) -> &'static str {
        match self {
            Format::Hubspot => "hubspot",
            Format::Pipedrive => "pipedrive",
            Format::Dealdeck => "dealdeck",
        }
    }
}

/// One reason a row cannot be imported: `line N, column C: reason`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub column: String,
    pub reason: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.reason
        )
    }
}

/// A stage as a file names it, or as the history rules imply it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StageRef {
    Named(String),
    FirstOpen,
    Won,
    Lost,
}

/// One stay in a stage as read from the file; `column` is where it came from, for errors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedVisit {
    pub stage: StageRef,
    pub column: String,
    pub entered_at: DateTime<Utc>,
    pub exited_at: Option<DateTime<Utc>>,
    pub reason: Option<String>,
}

/// A row read from a file, before its pipeline and stage names are matched to the database.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedDeal {
    pub line: u64,
    pub source_ref: Option<(String, String)>,
    /// Only dealdeck's own files keep ids and stamps.
    pub kept: Option<KeptStamps>,
    /// `(column, name)` of the pipeline the file gives.
    pub pipeline: Option<(String, String)>,
    /// `(column, text)` of the amount; parsed once the currency is known.
    pub amount: Option<(String, String)>,
    pub currency: Option<Currency>,
    pub title: String,
    pub organization: Option<String>,
    pub contact: Contact,
    pub owner: Option<String>,
    pub probability_override: Option<u8>,
    pub expected_close_date: Option<NaiveDate>,
    pub source: Option<String>,
    pub qualification: Option<Qualification>,
    pub extra: BTreeMap<String, String>,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub archived_at: Option<DateTime<Utc>>,
    pub lost_reason: Option<String>,
    pub won_note: Option<String>,
    /// Oldest first; the last is the deal's current stage.
    pub visits: Vec<ImportedVisit>,
    /// The status the file states, checked against the current stage's kind.
    pub status: Option<(String, StageKind)>,
}

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

    pub fn amount(&self, key: &str) -> Option<(String, String)> {
        self.get(key)
            .map(|text| (self.column(key), text.to_string()))
    }
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

/// The number of days Excel counts from 1899-12-30 for serial-number dates.
fn excel_serial(text: &str) -> Option<NaiveDateTime> {
    // Spreadsheets in comma-decimal locales write the day fraction after a comma.
    let (whole, fraction) = text.split_once(['.', ',']).unwrap_or((text, ""));
    if whole.is_empty()
        || whole.len() > 6
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let days: i64 = whole.parse().ok()?;
    let fraction: f64 = format!("0.{fraction}0").parse().ok()?;
    let seconds = (fraction * 86_400.0).round() as i64;
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    epoch.checked_add_signed(Duration::days(days) + Duration::seconds(seconds))
}

/// A moment as exports write it: ISO or day-first dates and date-times (local time unless an
/// offset is given), or an Excel serial number (local wall-clock time).
pub fn parse_moment(text: &str) -> Result<DateTime<Utc>, String> {
    if let Some(moment) = quick_moment(text.trim()) {
        return Ok(moment);
    }
    match parse_datetime(text, DayEdge::Start) {
        Ok(moment) => Ok(moment),
        Err(error) => match excel_serial(text.trim()) {
            Some(naive) => parse_datetime(
                &naive.format("%Y-%m-%d %H:%M:%S").to_string(),
                DayEdge::Start,
            )
            .map_err(|e| e.to_string()),
            None => Err(error.to_string()),
        },
    }
}

/// The shapes exports write by the million (`2026-03-01`, `2026-03-01 09:30`,
/// `2026-03-01 09:30:00`, `2026-03-01T09:30:00Z`), read without chrono's format machinery;
/// anything else (or anything odd) is left to [`parse_datetime`], which gives the same result.
fn quick_moment(text: &str) -> Option<DateTime<Utc>> {
    use chrono::{LocalResult, TimeZone};
    let bytes = text.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = bytes.get(range)?;
        digits.iter().try_fold(0u32, |acc, b| {
            b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
        })
    };
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(number(0..4)? as i32, number(5..7)?, number(8..10)?)?;
    if !(1900..=2200).contains(&chrono::Datelike::year(&date)) {
        return None;
    }
    let (time, utc) = match bytes.len() {
        10 => (chrono::NaiveTime::MIN, false),
        16 | 19 | 20 => {
            if !matches!(bytes[10], b' ' | b'T') || bytes[13] != b':' {
                return None;
            }
            let seconds = if bytes.len() >= 19 {
                if bytes[16] != b':' {
                    return None;
                }
                number(17..19)?
            } else {
                0
            };
            let utc = match bytes.len() {
                20 if bytes[19] == b'Z' && bytes[10] == b'T' => true,
                20 => return None,
                _ => false,
            };
            let time = chrono::NaiveTime::from_hms_opt(number(11..13)?, number(14..16)?, seconds)?;
            (time, utc)
        }
        _ => return None,
    };
    let naive = date.and_time(time);
    if utc {
        return Some(naive.and_utc());
    }
    match chrono::Local.from_local_datetime(&naive) {
        LocalResult::Single(moment) => Some(moment.with_timezone(&Utc)),
        // DST gaps and overlaps: the full parser knows the rule.
        _ => None,
    }
}

/// A calendar date, as [`parse_moment`] reads it.
pub fn parse_day(text: &str) -> Result<NaiveDate, String> {
    match parse_date(text) {
        Ok(date) => Ok(date),
        Err(error) => match excel_serial(text.trim()) {
            Some(naive) => {
                parse_date(&naive.date().format("%Y-%m-%d").to_string()).map_err(|e| e.to_string())
            }
            None => Err(error.to_string()),
        },
    }
}

/// The `Stage (Pipeline)` text of a per-stage date column, without quotes.
pub fn stage_column_text<'a>(name: &'a str, prefix: &str) -> Option<&'a str> {
    let head = name.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = name[prefix.len()..].trim();
    let rest = rest
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or(rest)
        .trim();
    (!rest.is_empty()).then_some(rest)
}

/// `"Stage (Pipeline)"` of a per-stage date column, split into its two names at the last
/// ` (`; [`stage_in`] does better when the deal's pipeline is known.
pub fn stage_column(name: &str, prefix: &str) -> Option<(String, Option<String>)> {
    let rest = stage_column_text(name, prefix)?;
    match rest.strip_suffix(')').and_then(|r| r.rsplit_once(" (")) {
        Some((stage, pipeline)) if !stage.trim().is_empty() => {
            Some((stage.trim().to_string(), Some(pipeline.trim().to_string())))
        }
        _ => Some((rest.to_string(), None)),
    }
}

/// The stage a column's `Stage (Pipeline)` text names for a deal in `pipeline`, or `None`
/// when the column belongs to another pipeline. The pipeline's name is matched as a suffix,
/// so parentheses inside names (`Lead (Sales (EU))`) are fine.
pub fn stage_in(text: &str, pipeline: Option<&str>) -> Option<String> {
    if let Some(pipeline) = pipeline {
        let suffix = format!(" ({})", pipeline.trim());
        let cut = text.len().saturating_sub(suffix.len());
        if let (Some(stage), Some(tail)) = (text.get(..cut), text.get(cut..))
            && tail.to_lowercase() == suffix.to_lowercase()
            && !stage.trim().is_empty()
        {
            return Some(stage.trim().to_string());
        }
    }
    match text.strip_suffix(')').and_then(|r| r.rsplit_once(" (")) {
        // Names another pipeline.
        Some(_) if pipeline.is_some() => None,
        Some((stage, _)) if !stage.trim().is_empty() => Some(stage.trim().to_string()),
        _ => Some(text.to_string()),
    }
}

pub const DATE_ENTERED: &str = "Date entered ";
pub const DATE_EXITED: &str = "Date exited ";

/// The column title HubSpot uses for entering a stage.
pub fn entered_column(stage: &str, pipeline: &str) -> String {
    format!("{DATE_ENTERED}\"{stage} ({pipeline})\"")
}

pub fn exited_column(stage: &str, pipeline: &str) -> String {
    format!("{DATE_EXITED}\"{stage} ({pipeline})\"")
}

/// `(Stage (Pipeline) text, entered column, exited column)` of one stage's date columns.
pub type StageDateColumns = (String, Option<usize>, Option<usize>);

/// Per-stage `Date entered` / `Date exited` columns of a header, in header order.
#[derive(Clone, Debug, Default)]
pub struct StageColumns {
    pub stages: Vec<StageDateColumns>,
}

impl StageColumns {
    pub fn of(header: &Header) -> StageColumns {
        let mut columns = StageColumns::default();
        for (i, name) in header.names().iter().enumerate() {
            let (text, entered) = match stage_column_text(name, DATE_ENTERED) {
                Some(text) => (text, true),
                None => match stage_column_text(name, DATE_EXITED) {
                    Some(text) => (text, false),
                    None => continue,
                },
            };
            let wanted = text.to_lowercase();
            let slot = match columns
                .stages
                .iter()
                .position(|s| s.0.to_lowercase() == wanted)
            {
                Some(slot) => slot,
                None => {
                    columns.stages.push((text.to_string(), None, None));
                    columns.stages.len() - 1
                }
            };
            if entered {
                columns.stages[slot].1 = Some(i);
            } else {
                columns.stages[slot].2 = Some(i);
            }
        }
        columns
    }

    /// The visits the stage dates describe for a deal in `pipeline`, in date order, each
    /// closed at the next one's entry; stages of other pipelines are ignored.
    pub fn visits(&self, row: &mut Row<'_>, pipeline: Option<&str>) -> Vec<ImportedVisit> {
        let mut visits = Vec::new();
        for (text, entered, exited) in &self.stages {
            let Some(entered_index) = *entered else {
                continue;
            };
            if row.cell(entered_index).is_none() {
                continue;
            }
            let Some(stage) = stage_in(text, pipeline) else {
                continue;
            };
            let Some(entered_at) = row.moment_at(entered_index) else {
                continue;
            };
            let exited_at = exited.and_then(|i| row.moment_at(i));
            if let (Some(exit), Some(exited_index)) = (exited_at, *exited)
                && exit < entered_at
            {
                // Reordering the two would invent a history the file does not state.
                row.errors.push(RowError {
                    line: row.line,
                    column: row.header.names()[exited_index].clone(),
                    reason: format!(
                        "the stage was exited ({}) before it was entered ({})",
                        shown(exit),
                        shown(entered_at)
                    ),
                });
                continue;
            }
            visits.push(ImportedVisit {
                stage: StageRef::Named(stage),
                column: row.header.names()[entered_index].clone(),
                entered_at,
                exited_at,
                reason: None,
            });
        }
        visits.sort_by_key(|v| v.entered_at);
        chain(&mut visits);
        visits
    }
}

/// A moment as an error message shows it: UTC, to the minute.
pub fn shown(moment: DateTime<Utc>) -> String {
    moment.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Closes every visit where the next begins, keeping an earlier recorded exit.
pub fn chain(visits: &mut [ImportedVisit]) {
    for i in 1..visits.len() {
        let next = visits[i].entered_at;
        let previous = &mut visits[i - 1];
        previous.exited_at = Some(match previous.exited_at {
            Some(exit) if exit <= next && exit >= previous.entered_at => exit,
            _ => next,
        });
    }
}

/// Whether a stage name from another tool means "won" or "lost" (`Closed Won`, `Lost`).
pub fn closing_kind(name: &str) -> Option<StageKind> {
    let words: Vec<String> = name
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    if words
        .iter()
        .any(|w| w == "won" || w == "gewonnen" || w == "vunnen")
    {
        Some(StageKind::Won)
    } else if words
        .iter()
        .any(|w| w == "lost" || w == "verloren" || w == "förlorad")
    {
        Some(StageKind::Lost)
    } else {
        None
    }
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
    fn duplicate_header_names_are_found_with_both_positions() {
        let header = Header::new(["Amount", "", "Deal Name", "", "amount"].map(String::from));
        assert_eq!(header.duplicate(), Some((1, 5)));
        let header = Header::new(["A", "", "B", ""].map(String::from));
        assert_eq!(header.duplicate(), None);
    }

    #[test]
    fn excel_serials_count_from_1899_12_30() {
        let moment = excel_serial("45292.5").unwrap();
        assert_eq!(moment.to_string(), "2024-01-01 12:00:00");
        assert_eq!(
            excel_serial("45292,25").unwrap().to_string(),
            "2024-01-01 06:00:00"
        );
        assert!(excel_serial("12a").is_none());
        assert!(excel_serial("").is_none());
    }

    #[test]
    fn quick_moments_agree_with_the_full_parser() {
        for text in [
            "2026-03-01",
            "2026-03-01 09:30",
            "2026-03-01T09:30",
            "2026-03-01 09:30:15",
            "2026-03-01T09:30:15Z",
            "2024-02-29 23:59:59",
        ] {
            assert_eq!(
                quick_moment(text),
                Some(parse_datetime(text, DayEdge::Start).unwrap()),
                "{text}"
            );
        }
        for text in [
            "2026-02-30",
            "2026-03-01 25:00",
            "1899-12-31",
            "2026-03-01T09:30:15+02:00",
            "01-03-2026",
        ] {
            assert_eq!(quick_moment(text), None, "{text}");
        }
    }

    #[test]
    fn stage_columns_split_stage_and_pipeline() {
        assert_eq!(
            stage_column("Date entered \"Closed Won (Sales Pipeline)\"", DATE_ENTERED),
            Some(("Closed Won".into(), Some("Sales Pipeline".into())))
        );
        assert_eq!(
            stage_column("date ENTERED \"Lead\"", DATE_ENTERED),
            Some(("Lead".into(), None))
        );
        assert_eq!(stage_column("Deal Name", DATE_ENTERED), None);
    }

    #[test]
    fn stage_columns_match_the_deals_pipeline_even_with_parentheses() {
        assert_eq!(
            stage_in("Lead (call back) (Sales (EU))", Some("sales (eu)")),
            Some("Lead (call back)".into())
        );
        assert_eq!(stage_in("Lead (Sales (EU))", Some("Partners")), None);
        assert_eq!(stage_in("Lead (Sales)", None), Some("Lead".into()));
        assert_eq!(stage_in("Lead", Some("Sales")), Some("Lead".into()));
    }

    #[test]
    fn closing_names_are_recognised() {
        assert_eq!(closing_kind("Closed Won"), Some(StageKind::Won));
        assert_eq!(closing_kind("closed lost"), Some(StageKind::Lost));
        assert_eq!(closing_kind("Contract sent"), None);
    }
}
