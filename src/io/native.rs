//! dealdeck's own file layout: every field of a deal plus its exact stage history, so an
//! export imports back without losing anything. The CSV and the JSON share the field set.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::{DealId, Qualification, StageKind};
use crate::store::KeptStamps;

use super::{ImportedDeal, ImportedVisit, Row, StageColumns, StageRef};

/// `(CSV column, JSON field)` of every deal field, in file order; per-stage
/// `Date entered` / `Date exited` columns follow these in the CSV.
pub const COLUMNS: &[(&str, &str)] = &[
    ("Record ID", "id"),
    ("Title", "title"),
    ("Pipeline", "pipeline"),
    ("Stage", "stage"),
    ("Status", "status"),
    ("Amount", "amount"),
    ("Currency", "currency"),
    ("Organization", "organization"),
    ("Contact", "contact"),
    ("Contact Email", "contact_email"),
    ("Contact Phone", "contact_phone"),
    ("Owner", "owner"),
    ("Probability Override", "probability_override"),
    ("Expected Close Date", "expected_close_date"),
    ("Source", "source"),
    ("Qualification", "qualification"),
    ("Lost Reason", "lost_reason"),
    ("Won Note", "won_note"),
    ("Created At", "created_at"),
    ("Closed At", "closed_at"),
    ("Archived At", "archived_at"),
    ("Updated At", "updated_at"),
    ("Last Activity At", "last_activity_at"),
    ("Version", "version"),
    ("Source System", "source_system"),
    ("Source ID", "source_id"),
    ("Data Points", "data_points"),
    ("Stage History", "history"),
    // A converted lead and the deal it became name each other (seed 004); an import links
    // them from the deal's side.
    ("From Lead", "from_lead"),
    ("Converted To", "converted_to"),
];

/// Whether a header row is dealdeck's own.
pub fn is_native(header: &super::Header) -> bool {
    header.has("Stage History")
        || (header.has("Record ID") && header.has("Title") && header.has("Status"))
}

/// Prefixes a cell a spreadsheet would run as a formula with `'`; a cell that already
/// starts with `'` gets one too, so [`unescape_cell`] is its exact inverse.
pub fn escape_cell(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

pub fn unescape_cell(text: &str) -> &str {
    text.strip_prefix('\'').unwrap_or(text)
}

/// One visit as the `Stage History` cell and the JSON `history` array write it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub stage: String,
    pub entered_at: String,
    pub exited_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Who moved the deal into the stage; left out when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

/// Reads one native row; problems are left in `row.errors`.
pub fn parse(row: &mut Row<'_>, stage_columns: &StageColumns) -> Option<ImportedDeal> {
    let id = row
        .get("Record ID")
        .and_then(|text| match text.parse::<i64>() {
            Ok(id) if id > 0 => Some(DealId(id)),
            _ => {
                row.fail("Record ID", format!("{text:?} is not a dealdeck deal id"));
                None
            }
        });
    let title = row.required_text("Title", "title");
    let pipeline = row
        .get("Pipeline")
        .map(|name| (row.column("Pipeline"), name.to_string()));
    let stage = row.get("Stage").map(str::to_string);
    let status = row
        .get("Status")
        .and_then(|text| match StageKind::parse(text) {
            Some(kind) => Some((row.column("Status"), kind)),
            None => {
                row.fail("Status", format!("{text:?} is not open, won or lost"));
                None
            }
        });
    let currency = row.currency("Currency");
    let amount = row.amount("Amount");
    let organization = row.text("Organization", "organization");
    let contact = crate::domain::Contact {
        name: row.text("Contact", "contact name"),
        email: row.text("Contact Email", "e-mail address"),
        phone: row.text("Contact Phone", "phone number"),
    };
    let owner = row.text("Owner", "owner");
    let probability_override =
        row.get("Probability Override")
            .and_then(|text| match text.parse::<u8>() {
                Ok(p) if p <= 100 => Some(p),
                _ => {
                    row.fail("Probability Override", format!("{text:?} is not 0 to 100"));
                    None
                }
            });
    let expected_close_date = row.date("Expected Close Date");
    let source = row.text("Source", "source");
    let qualification =
        row.get("Qualification")
            .and_then(|text| match Qualification::parse(text) {
                Some(q) => Some(q),
                None => {
                    row.fail("Qualification", format!("{text:?} is not MQL, SAL or SQL"));
                    None
                }
            });
    let lost_reason = row.text("Lost Reason", "lost reason");
    let won_note = row.text("Won Note", "won note");
    let created_at = row.moment("Created At");
    if row.get("Created At").is_none() {
        row.fail("Created At", "the creation date is missing");
    }
    let closed_at = row.moment("Closed At");
    let archived_at = row.moment("Archived At");
    let updated_at = row.moment("Updated At");
    let last_activity_at = row.moment("Last Activity At");
    let version = row
        .get("Version")
        .and_then(|text| match text.parse::<i64>() {
            Ok(v) if v > 0 => Some(v),
            _ => {
                row.fail("Version", format!("{text:?} is not a version number"));
                None
            }
        });
    let from_lead = row
        .get("From Lead")
        .and_then(|text| match text.parse::<i64>() {
            Ok(id) if id > 0 => Some(DealId(id)),
            _ => {
                row.fail("From Lead", format!("{text:?} is not a dealdeck deal id"));
                None
            }
        });
    let source_ref = match (row.get("Source System"), row.get("Source ID")) {
        (Some(system), Some(record)) => Some((system.to_string(), record.to_string())),
        (None, None) => None,
        _ => {
            row.fail("Source ID", "Source System and Source ID go together");
            None
        }
    };
    let extra: BTreeMap<String, String> = match row.get("Data Points") {
        None => BTreeMap::new(),
        Some(text) => match serde_json::from_str(text) {
            Ok(points) => points,
            Err(e) => {
                row.fail(
                    "Data Points",
                    format!("not a JSON object of names to texts: {e}"),
                );
                BTreeMap::new()
            }
        },
    };
    let created_at = created_at?;
    let mut visits = match row.get("Stage History") {
        Some(text) => history(row, text)?,
        None => {
            let pipeline_name = pipeline.as_ref().map(|(_, name)| name.as_str());
            stage_columns.visits(row, pipeline_name)
        }
    };
    if row.get("Stage History").is_none() {
        let Some(stage) = stage.clone() else {
            row.fail("Stage", "the stage is missing");
            return None;
        };
        let at = closed_at.unwrap_or(created_at);
        super::hubspot::end_in(
            &mut visits,
            StageRef::Named(stage),
            &row.column("Stage"),
            at,
        );
    } else if let (Some(stage), Some(last)) = (&stage, visits.last())
        && !matches!(&last.stage, StageRef::Named(n) if n.to_lowercase() == stage.to_lowercase())
    {
        row.fail(
            "Stage",
            format!("the deal is in {stage:?} but its stage history ends elsewhere"),
        );
    }
    let kept = id.map(|id| {
        let updated_at = updated_at.unwrap_or(created_at);
        KeptStamps {
            id,
            updated_at,
            last_activity_at: last_activity_at.unwrap_or(updated_at),
            version: version.unwrap_or(1),
        }
    });
    Some(ImportedDeal {
        line: row.line,
        source_ref,
        kept,
        pipeline,
        amount,
        currency,
        title: title?,
        organization,
        contact,
        owner,
        probability_override,
        expected_close_date,
        source,
        qualification,
        extra,
        created_at,
        closed_at,
        archived_at,
        lost_reason,
        won_note,
        visits,
        status,
        notes: Vec::new(),
        from_lead,
    })
}

fn history(row: &mut Row<'_>, text: &str) -> Option<Vec<ImportedVisit>> {
    let entries: Vec<HistoryEntry> = match serde_json::from_str(text) {
        Ok(entries) => entries,
        Err(e) => {
            row.fail(
                "Stage History",
                format!("not a JSON list of stage visits: {e}"),
            );
            return None;
        }
    };
    let column = row.column("Stage History");
    let mut visits = Vec::with_capacity(entries.len());
    for entry in entries {
        let entered_at = super::parse_moment(&entry.entered_at);
        let exited_at = entry
            .exited_at
            .as_deref()
            .map(super::parse_moment)
            .transpose();
        match (entered_at, exited_at) {
            (Ok(entered_at), Ok(exited_at)) => visits.push(ImportedVisit {
                stage: StageRef::Named(entry.stage),
                column: column.clone(),
                entered_at,
                exited_at,
                reason: entry.reason,
                by: entry.by,
            }),
            (Err(e), _) | (_, Err(e)) => {
                row.fail("Stage History", e);
                return None;
            }
        }
    }
    Some(visits)
}

/// A JSON export element flattened into the CSV's cells (same columns as [`COLUMNS`]).
pub fn json_cells(value: &serde_json::Value) -> Result<Vec<String>, String> {
    let object = value
        .as_object()
        .ok_or("each element of the JSON list must be a deal object")?;
    Ok(COLUMNS
        .iter()
        .map(|(_, key)| match object.get(*key) {
            None | Some(serde_json::Value::Null) => String::new(),
            Some(serde_json::Value::String(text)) => text.clone(),
            Some(other) => other.to_string(),
        })
        .collect())
}
