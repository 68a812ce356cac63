//! Turning rows into domain types and back: timestamps, money, JSON columns.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row};

use crate::domain::{
    Contact, Currency, Deal, DealId, PipelineId, Qualification, StageId, StageKind, StageVisit,
    VisitId,
};

use super::error::{Result, StoreError};

pub(crate) fn ts(moment: DateTime<Utc>) -> i64 {
    moment.timestamp()
}

fn conversion(column: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, Type::Text, message.into())
}

pub(crate) fn moment(row: &Row<'_>, column: usize) -> rusqlite::Result<DateTime<Utc>> {
    let seconds: i64 = row.get(column)?;
    DateTime::from_timestamp(seconds, 0)
        .ok_or_else(|| conversion(column, format!("timestamp {seconds} is out of range")))
}

pub(crate) fn optional_moment(
    row: &Row<'_>,
    column: usize,
) -> rusqlite::Result<Option<DateTime<Utc>>> {
    match row.get::<_, Option<i64>>(column)? {
        None => Ok(None),
        Some(_) => moment(row, column).map(Some),
    }
}

pub(crate) fn currency(row: &Row<'_>, column: usize) -> rusqlite::Result<Currency> {
    let code: String = row.get(column)?;
    code.parse()
        .map_err(|e: crate::domain::money::CurrencyError| conversion(column, e.to_string()))
}

/// The columns [`deal_from_row`] reads, in order.
pub(crate) const DEAL_COLUMNS: &str = "d.id, d.pipeline_id, d.stage_id, s.kind, d.title, d.organization, \
     d.contact_name, d.contact_email, d.contact_phone, d.owner, d.amount_minor, d.currency, \
     d.probability_override, d.expected_close_date, d.source, d.qualification, d.lost_reason, \
     d.won_note, d.created_at, d.closed_at, d.archived_at, d.updated_at, d.last_activity_at, \
     d.version, d.extra, d.updated_by, \
     (SELECT lc.deal_id FROM lead_conversion lc WHERE lc.lead_id = d.id), \
     (SELECT lc.lead_id FROM lead_conversion lc WHERE lc.deal_id = d.id)";

pub(crate) const DEAL_FROM: &str = "FROM deal d JOIN stage s ON s.id = d.stage_id";

pub(crate) fn deal_from_row(row: &Row<'_>) -> rusqlite::Result<Deal> {
    let kind: String = row.get(3)?;
    let currency = currency(row, 11)?;
    let amount_minor: i64 = row.get(10)?;
    let date: Option<String> = row.get(13)?;
    let expected_close_date = date
        .map(|d| {
            NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .map_err(|e| conversion(13, format!("{d:?}: {e}")))
        })
        .transpose()?;
    let qualification: Option<String> = row.get(15)?;
    let extra: String = row.get(24)?;
    Ok(Deal {
        id: DealId(row.get(0)?),
        pipeline_id: PipelineId(row.get(1)?),
        stage_id: StageId(row.get(2)?),
        status: StageKind::parse(&kind)
            .ok_or_else(|| conversion(3, format!("stage kind {kind:?}")))?,
        title: row.get(4)?,
        organization: row.get(5)?,
        contact: Contact {
            name: row.get(6)?,
            email: row.get(7)?,
            phone: row.get(8)?,
        },
        owner: row.get(9)?,
        amount: currency.from_minor(amount_minor),
        currency,
        probability_override: row.get(12)?,
        expected_close_date,
        source: row.get(14)?,
        qualification: qualification.as_deref().and_then(Qualification::parse),
        lost_reason: row.get(16)?,
        won_note: row.get(17)?,
        created_at: moment(row, 18)?,
        closed_at: optional_moment(row, 19)?,
        archived_at: optional_moment(row, 20)?,
        updated_at: moment(row, 21)?,
        last_activity_at: moment(row, 22)?,
        version: row.get(23)?,
        extra: serde_json::from_str(&extra).map_err(|e| conversion(24, e.to_string()))?,
        updated_by: row.get(25)?,
        converted_to: row.get::<_, Option<i64>>(26)?.map(DealId),
        from_lead: row.get::<_, Option<i64>>(27)?.map(DealId),
    })
}

pub(crate) const VISIT_COLUMNS: &str =
    "id, deal_id, stage_id, from_stage_id, entered_at, exited_at, reason, by_user";

pub(crate) fn visit_from_row(row: &Row<'_>) -> rusqlite::Result<StageVisit> {
    Ok(StageVisit {
        id: VisitId(row.get(0)?),
        deal_id: DealId(row.get(1)?),
        stage_id: StageId(row.get(2)?),
        from_stage_id: row.get::<_, Option<i64>>(3)?.map(StageId),
        entered_at: moment(row, 4)?,
        exited_at: optional_moment(row, 5)?,
        reason: row.get(6)?,
        by: row.get(7)?,
    })
}

pub(crate) fn load_deal(conn: &Connection, id: DealId) -> Result<Deal> {
    conn.query_row(
        &format!("SELECT {DEAL_COLUMNS} {DEAL_FROM} WHERE d.id = ?1"),
        [id.0],
        deal_from_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("deal {id} does not exist")))
}

pub(crate) fn amount_minor(amount: rust_decimal::Decimal, currency: Currency) -> Result<i64> {
    currency.to_minor(amount).ok_or_else(|| {
        StoreError::invalid(format!(
            "amount {amount} cannot be stored exactly in {currency}"
        ))
    })
}

pub(crate) fn extra_json(extra: &std::collections::BTreeMap<String, String>) -> Result<String> {
    serde_json::to_string(extra).map_err(|e| StoreError::Value {
        what: "data points",
        source: Box::new(e),
    })
}
