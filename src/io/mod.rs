//! Import and export (PRODUCT.md §6): reading HubSpot, Pipedrive and dealdeck files into deals
//! with their stage history, and writing every deal back out as CSV, JSON or Excel.

pub mod activities_json;
pub mod blueprint;
pub mod blueprint_parse;
pub mod blueprint_read;
pub mod columns;
pub mod dates;
pub mod export;
pub mod followup;
pub mod hubspot;
pub mod ics;
pub mod import;
pub mod input;
pub mod json;
pub mod labels;
pub mod links;
pub mod mapping;
pub mod native;
pub mod pipedrive;
pub mod plan;
pub mod row;
pub mod session;
pub mod sniff;
pub mod stages;
pub mod table;
pub mod xlsx;
mod xlsx_activities;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::{Contact, Currency, DealId, Qualification, StageKind};
use crate::store::KeptStamps;

pub use dates::{parse_day, parse_moment, shown};
pub use row::{Header, Row, cut, fold_breaks};
pub use stages::{
    CUMULATIVE_TIME, CURRENT_STAGE, DATE_ENTERED, DATE_EXITED, StageColumns, StageDateColumns,
    chain, entered_column, exited_column, per_stage_text, stage_column, stage_column_text,
    stage_in,
};

/// The layouts `import` understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Hubspot,
    Pipedrive,
    /// What `dealdeck export` writes (CSV or JSON).
    Dealdeck,
    /// Any spreadsheet, its columns named by a mapping file (`--map`).
    Mapped,
}

impl Format {
    pub fn source_system(self) -> &'static str {
        match self {
            Format::Hubspot => "hubspot",
            Format::Pipedrive => "pipedrive",
            Format::Dealdeck => "dealdeck",
            Format::Mapped => "mapped",
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
    /// Who moved the deal into the stage (dealdeck's own files only).
    pub by: Option<String>,
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
    /// Notes the file holds (a HubSpot `Deal Description`), added once each.
    pub notes: Vec<String>,
    /// The lead (by the file's id) this deal was converted from: a dealdeck file's link.
    pub from_lead: Option<DealId>,
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
    fn closing_names_are_recognised() {
        assert_eq!(closing_kind("Closed Won"), Some(StageKind::Won));
        assert_eq!(closing_kind("closed lost"), Some(StageKind::Lost));
        assert_eq!(closing_kind("Contract sent"), None);
    }
}
