//! HubSpot deal exports: property labels as headers, and per-stage `Date entered` /
//! `Date exited` columns from which the stage history is rebuilt.

use chrono::{DateTime, Utc};

use super::{
    Header, ImportedDeal, ImportedVisit, Row, StageColumns, StageRef, closing_kind, shown,
};

pub fn is_hubspot(header: &Header) -> bool {
    if super::columns::foreign_layout(header).is_some() {
        return false;
    }
    ["Deal Name", "Deal Stage", "dealname", "dealstage"]
        .iter()
        .chain(super::labels::HUBSPOT_MARKS)
        .any(|c| header.has(c))
}

/// A pipeline as the file names it: `default` is HubSpot's id for "Sales Pipeline".
fn pipeline_label(name: &str) -> String {
    if name.eq_ignore_ascii_case("default") {
        "Sales Pipeline".to_string()
    } else {
        name.to_string()
    }
}

/// A stage as the file names it, internal ids of the default pipeline read as its labels.
pub fn stage_label(name: &str) -> String {
    super::plan::HUBSPOT_DEFAULT
        .iter()
        .find(|(id, _, _)| id.eq_ignore_ascii_case(name.trim()))
        .map_or_else(|| name.to_string(), |(_, label, _)| label.to_string())
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
                by: None,
            });
        }
        None => visits.push(ImportedVisit {
            stage: current,
            column: column.to_string(),
            entered_at: at,
            exited_at: None,
            reason: None,
            by: None,
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
        .map(|name| (row.column("Pipeline"), pipeline_label(name)));
    let stage = row.get("Deal Stage").map(stage_label);
    if stage.is_none() {
        row.fail("Deal Stage", "the deal stage is missing");
    }
    let currency = row.currency("Currency");
    let amount = row.amount("Amount");
    let close = row.moment("Close Date");
    let created = row.moment("Create Date");
    let entered_current = row.moment("Date entered current stage");
    let owner = row.text("Deal owner", "owner");
    let organization = row.text("Associated Company", "organization");
    let contacts = row.text("Associated Contact", "contact name");
    let lost_reason = row.text("Closed Lost Reason", "lost reason");
    let won_note = row.text("Closed Won Reason", "won note");
    let probability = row.percent("Deal probability");
    let notes = match row.get("Deal Description") {
        None => Vec::new(),
        Some(text) => match crate::domain::text::check_note(text) {
            Ok(note) => vec![note],
            Err(e) => {
                row.fail("Deal Description", e);
                Vec::new()
            }
        },
    };
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
        (Some(created), _) => created,
        (None, Some(first)) => first.entered_at,
        // A view export may lack Create Date: the earliest date the row gives stands in.
        (None, None) => match entered_current.or(close) {
            Some(moment) => moment,
            None => {
                // A bad Create Date is already reported; only a missing one is news.
                if row.get("Create Date").is_none() {
                    row.fail(
                        "Create Date",
                        "the row gives no date at all (no Create Date, stage dates or Close Date)",
                    );
                }
                return None;
            }
        },
    };
    let stage = stage?;
    let closing = closing_kind(&stage).is_some();
    if visits.is_empty() {
        // Without per-stage dates: the first open stage from creation, then the current
        // stage from when it was entered (or the close, for a closed deal).
        let entered = entered_current.or(close.filter(|_| closing));
        if entered.is_some_and(|at| at > created_at) {
            visits.push(ImportedVisit {
                stage: StageRef::FirstOpen,
                column: row.column("Create Date"),
                entered_at: created_at,
                exited_at: None,
                reason: None,
                by: None,
            });
        }
    }
    let at = match (close, entered_current) {
        (Some(close), _) if closing => close,
        (_, Some(entered)) => entered,
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
    let mut extra = std::collections::BTreeMap::new();
    let mut names = contacts
        .as_deref()
        .map(|all| {
            all.split(';')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    if names.len() > 1 {
        // dealdeck keeps one contact per deal; the others are kept beside it.
        extra.insert("Contacts".to_string(), names.join("; "));
    }
    let contact_name = if names.is_empty() {
        None
    } else {
        Some(names.swap_remove(0))
    };
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
        probability_override: probability,
        expected_close_date: close.map(|c| c.with_timezone(&chrono::Local).date_naive()),
        source: None,
        qualification: None,
        extra,
        created_at,
        closed_at: close,
        archived_at: None,
        lost_reason,
        won_note,
        visits,
        status: None,
        notes,
        from_lead: None,
    })
}
