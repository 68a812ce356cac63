//! HubSpot deal exports: property labels as headers, and per-stage `Date entered` /
//! `Date exited` columns from which the stage history is rebuilt.

use chrono::{DateTime, Utc};

use super::{
    Header, ImportedDeal, ImportedVisit, Row, StageColumns, StageRef, closing_kind, shown,
};

pub fn is_hubspot(header: &Header) -> bool {
    header.has("Deal Name") || header.has("Deal Stage")
}

/// Makes `current` the last, open visit: appended at `at` (or when the previous one ends)
/// unless the history already ends there.
pub fn end_in(visits: &mut Vec<ImportedVisit>, current: StageRef, column: &str, at: DateTime<Utc>) {
    let same = |a: &StageRef, b: &StageRef| match (a, b) {
        (StageRef::Named(a), StageRef::Named(b)) => a.to_lowercase() == b.to_lowercase(),
        (a, b) => a == b,
    };
    match visits.last_mut() {
        Some(last) if same(&last.stage, &current) => {}
        Some(last) => {
            let entered_at = if at >= last.entered_at {
                at
            } else {
                last.exited_at
                    .unwrap_or(last.entered_at)
                    .max(last.entered_at)
            };
            last.exited_at = Some(entered_at);
            visits.push(ImportedVisit {
                stage: current,
                column: column.to_string(),
                entered_at,
                exited_at: None,
                reason: None,
            });
        }
        None => visits.push(ImportedVisit {
            stage: current,
            column: column.to_string(),
            entered_at: at,
            exited_at: None,
            reason: None,
        }),
    }
    if let Some(last) = visits.last_mut() {
        last.exited_at = None;
    }
}

/// Reads one HubSpot row; problems are left in `row.errors`.
pub fn parse(row: &mut Row<'_>, stage_columns: &StageColumns) -> Option<ImportedDeal> {
    let record = row.get("Record ID").map(str::to_string);
    let title = row.required_text("Deal Name", "deal name");
    let pipeline = row
        .get("Pipeline")
        .map(|name| (row.column("Pipeline"), name.to_string()));
    let stage = row.get("Deal Stage").map(str::to_string);
    if stage.is_none() {
        row.fail("Deal Stage", "the deal stage is missing");
    }
    let currency_key = if row.header.has("Currency") {
        "Currency"
    } else {
        "Deal currency code"
    };
    let currency = row.currency(currency_key);
    let amount = row.amount("Amount");
    let close = row.moment("Close Date");
    let created = row.moment("Create Date");
    let owner = row.text("Deal owner", "owner");
    let organization = row.text("Associated Company", "organization");
    let contact_name = row.text("Associated Contact", "contact name");
    let lost_reason = row.text("Closed Lost Reason", "lost reason");
    let won_note = row.text("Closed Won Reason", "won note");
    let pipeline_name = pipeline.as_ref().map(|(_, name)| name.clone());
    let mut visits = stage_columns.visits(row, pipeline_name.as_deref());
    if let (Some(created), Some(first)) = (created, visits.first())
        && first.entered_at < created
    {
        // A deal cannot be in a stage before it exists; which date is wrong is the
        // person's call, not ours.
        let reason = format!(
            "the stage was entered ({}) before the deal's Create Date ({})",
            shown(first.entered_at),
            shown(created)
        );
        let column = first.column.clone();
        row.errors.push(super::RowError {
            line: row.line,
            column,
            reason,
        });
        return None;
    }
    let created_at = match (created, visits.first()) {
        (Some(created), Some(first)) => created.min(first.entered_at),
        (Some(created), None) => created,
        (None, Some(first)) => first.entered_at,
        (None, None) => {
            if row.get("Create Date").is_none() {
                row.fail("Create Date", "the create date is missing");
            }
            return None;
        }
    };
    let stage = stage?;
    let closing = closing_kind(&stage).is_some();
    if closing && visits.is_empty() && close.is_some_and(|c| c > created_at) {
        visits.push(ImportedVisit {
            stage: StageRef::FirstOpen,
            column: row.column("Create Date"),
            entered_at: created_at,
            exited_at: None,
            reason: None,
        });
    }
    let at = match close {
        Some(close) if closing => close,
        _ => visits
            .last()
            .map_or(created_at, |v| v.exited_at.unwrap_or(v.entered_at)),
    };
    end_in(
        &mut visits,
        StageRef::Named(stage),
        &row.column("Deal Stage"),
        at,
    );
    Some(ImportedDeal {
        line: row.line,
        source_ref: record.map(|r| ("hubspot".to_string(), r)),
        kept: None,
        pipeline,
        amount,
        currency,
        title: title?,
        organization,
        contact: crate::domain::Contact {
            name: contact_name,
            email: None,
            phone: None,
        },
        owner,
        probability_override: None,
        expected_close_date: close.map(|c| c.with_timezone(&chrono::Local).date_naive()),
        source: None,
        qualification: None,
        extra: Default::default(),
        created_at,
        closed_at: close,
        archived_at: None,
        lost_reason,
        won_note,
        visits,
        status: None,
    })
}
