//! Pipedrive deal exports: `Deal - …` columns; the history is rebuilt from the creation,
//! the last stage change and the won or lost time, as far as the file tells.

use crate::domain::StageKind;

use super::{Header, ImportedDeal, ImportedVisit, Row, StageRef, shown};

pub fn is_pipedrive(header: &Header) -> bool {
    header
        .names()
        .iter()
        .any(|n| super::labels::strip_pipedrive_prefix(n).is_some())
}

/// Reads one Pipedrive row; problems are left in `row.errors`.
pub fn parse(row: &mut Row<'_>) -> Option<ImportedDeal> {
    let record = row.get("Deal - ID").map(str::to_string);
    let title = row.required_text("Deal - Title", "title");
    let pipeline = row
        .get("Deal - Pipeline")
        .map(|name| (row.column("Deal - Pipeline"), name.to_string()));
    let stage = row.get("Deal - Stage").map(str::to_string);
    if stage.is_none() {
        row.fail("Deal - Stage", "the stage is missing");
    }
    let status = match row.get("Deal - Status") {
        None => StageKind::Open,
        Some(text) => match text.to_lowercase().as_str() {
            // English, Dutch and Swedish, as the export's language writes them.
            "open" | "öppen" => StageKind::Open,
            "won" | "gewonnen" | "vunnen" => StageKind::Won,
            "lost" | "verloren" | "förlorad" => StageKind::Lost,
            _ => {
                row.fail(
                    "Deal - Status",
                    format!("{text:?} is not Open, Won or Lost"),
                );
                StageKind::Open
            }
        },
    };
    let currency = row.currency("Deal - Currency of Value");
    let probability = row.percent("Deal - Probability");
    let source = row.text("Deal - Source channel", "source");
    let closed_on = row.moment("Deal - Deal closed on");
    let archive_time = row.moment("Deal - Archive time");
    let archived = match row.get("Deal - Archive status") {
        None => false,
        Some(text) => match text.to_lowercase().as_str() {
            "archived" | "true" | "yes" | "1" | "gearchiveerd" | "arkiverad" => true,
            "not archived" | "false" | "no" | "0" | "niet gearchiveerd" | "inte arkiverad" => false,
            _ => {
                row.fail(
                    "Deal - Archive status",
                    format!("{:?} is not Archived or Not archived", super::cut(text, 60)),
                );
                false
            }
        },
    };
    let amount = row.amount("Deal - Value");
    let lost_reason = row.text("Deal - Lost reason", "lost reason");
    let expected_close_date = row.date("Deal - Expected close date");
    let created = row.moment("Deal - Deal created");
    if row.get("Deal - Deal created").is_none() {
        row.fail("Deal - Deal created", "the creation date is missing");
    }
    let won_time = row.moment("Deal - Won time");
    let lost_time = row.moment("Deal - Lost time");
    let stage_change = row.moment("Deal - Last stage change");
    let organization = row.text("Deal - Organization", "organization");
    let contact_name = row.text("Deal - Contact person", "contact name");
    let owner = row.text("Deal - Owner", "owner");
    let created_at = created?;
    let stage = stage?;
    let (closing, closing_column) = match status {
        StageKind::Open => (None, ""),
        StageKind::Won => (won_time, "Deal - Won time"),
        StageKind::Lost => (lost_time, "Deal - Lost time"),
    };
    let (closing, closing_column) = match (closing, closed_on) {
        (None, Some(on)) if status.is_closed() => (Some(on), "Deal - Deal closed on"),
        _ => (closing, closing_column),
    };
    if status.is_closed() && closing.is_none() {
        row.fail(closing_column, "a closed deal needs the time it closed");
        return None;
    }
    if let Some(closed) = closing
        && closed < created_at
    {
        // Moving it silently would invent a history; the person knows which date is wrong.
        row.fail(
            closing_column,
            format!(
                "the deal closed ({}) before it was created ({})",
                shown(closed),
                shown(created_at)
            ),
        );
        return None;
    }
    let archived_at = archived.then(|| archive_time.or(closing).unwrap_or(created_at));
    let mut visits = Vec::new();
    let mut current_from = created_at;
    if let Some(change) = stage_change.filter(|c| *c > created_at) {
        let change = closing.map_or(change, |closed| change.min(closed));
        visits.push(ImportedVisit {
            stage: StageRef::FirstOpen,
            column: row.column("Deal - Deal created"),
            entered_at: created_at,
            exited_at: Some(change),
            reason: None,
            by: None,
        });
        current_from = change;
    }
    visits.push(ImportedVisit {
        stage: StageRef::Named(stage),
        column: row.column("Deal - Stage"),
        entered_at: current_from,
        exited_at: None,
        reason: None,
        by: None,
    });
    if let Some(closed) = closing {
        let closed = closed.max(current_from);
        if let Some(last) = visits.last_mut() {
            last.exited_at = Some(closed);
        }
        visits.push(ImportedVisit {
            stage: if status == StageKind::Won {
                StageRef::Won
            } else {
                StageRef::Lost
            },
            column: row.column("Deal - Status"),
            entered_at: closed,
            exited_at: None,
            reason: None,
            by: None,
        });
    }
    Some(ImportedDeal {
        line: row.line,
        source_ref: record.map(|r| ("pipedrive".to_string(), r)),
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
        expected_close_date,
        source,
        qualification: None,
        extra: Default::default(),
        created_at,
        closed_at: closing,
        archived_at,
        lost_reason,
        won_note: None,
        visits,
        status: Some((row.column("Deal - Status"), status)),
        notes: Vec::new(),
        from_lead: None,
    })
}
