//! Turning PostgreSQL rows into domain types: the same columns and conversions as the SQLite
//! side (src/store/rows.rs), read by position.

use chrono::{DateTime, Local, NaiveDate, Utc};
use postgres::{GenericClient, Row};

use crate::domain::{
    Activity, ActivityId, ActivityKind, Contact, Currency, Deal, DealId, Due, PipelineId,
    Qualification, StageId, StageKind, StageVisit, VisitId,
};

use super::super::board::BoardCard;
use super::super::error::{Result, StoreError};

fn bad(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        path: "the database server".into(),
        detail: what.to_string(),
    }
}

pub(super) fn moment(seconds: i64) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp(seconds, 0)
        .ok_or_else(|| bad(format!("timestamp {seconds} is out of range")))
}

pub(super) fn optional_moment(seconds: Option<i64>) -> Result<Option<DateTime<Utc>>> {
    seconds.map(moment).transpose()
}

pub(super) fn currency(code: &str) -> Result<Currency> {
    code.parse()
        .map_err(|e: crate::domain::money::CurrencyError| bad(e))
}

pub(super) fn kind(text: &str) -> Result<StageKind> {
    StageKind::parse(text).ok_or_else(|| bad(format!("stage kind {text:?}")))
}

pub(super) fn percent(value: Option<i32>) -> Result<Option<u8>> {
    value
        .map(|v| u8::try_from(v).map_err(|_| bad(format!("probability {v}"))))
        .transpose()
}

/// The columns [`deal_from_row`] reads, in order (as in SQLite's `DEAL_COLUMNS`).
pub(super) const DEAL_COLUMNS: &str = "d.id, d.pipeline_id, d.stage_id, s.kind, d.title, d.organization, \
     d.contact_name, d.contact_email, d.contact_phone, d.owner, d.amount_minor, d.currency, \
     d.probability_override, d.expected_close_date, d.source, d.qualification, d.lost_reason, \
     d.won_note, d.created_at, d.closed_at, d.archived_at, d.updated_at, d.last_activity_at, \
     d.version, d.extra, d.updated_by, \
     (SELECT lc.deal_id FROM lead_conversion lc WHERE lc.lead_id = d.id), \
     (SELECT lc.lead_id FROM lead_conversion lc WHERE lc.deal_id = d.id)";

pub(super) const DEAL_FROM: &str = "FROM deal d JOIN stage s ON s.id = d.stage_id";

pub(super) fn deal_from_row(row: &Row) -> Result<Deal> {
    let currency = currency(row.try_get(11)?)?;
    let qualification: Option<&str> = row.try_get(15)?;
    let extra: &str = row.try_get(24)?;
    Ok(Deal {
        id: DealId(row.try_get(0)?),
        pipeline_id: PipelineId(row.try_get(1)?),
        stage_id: StageId(row.try_get(2)?),
        status: kind(row.try_get(3)?)?,
        title: row.try_get(4)?,
        organization: row.try_get(5)?,
        contact: Contact {
            name: row.try_get(6)?,
            email: row.try_get(7)?,
            phone: row.try_get(8)?,
        },
        owner: row.try_get(9)?,
        amount: currency.from_minor(row.try_get(10)?),
        currency,
        probability_override: percent(row.try_get(12)?)?,
        expected_close_date: row.try_get::<_, Option<NaiveDate>>(13)?,
        source: row.try_get(14)?,
        qualification: qualification.and_then(Qualification::parse),
        lost_reason: row.try_get(16)?,
        won_note: row.try_get(17)?,
        created_at: moment(row.try_get(18)?)?,
        closed_at: optional_moment(row.try_get(19)?)?,
        archived_at: optional_moment(row.try_get(20)?)?,
        updated_at: moment(row.try_get(21)?)?,
        last_activity_at: moment(row.try_get(22)?)?,
        version: row.try_get(23)?,
        extra: serde_json::from_str(extra).map_err(|e| bad(format!("data points: {e}")))?,
        updated_by: row.try_get(25)?,
        converted_to: row.try_get::<_, Option<i64>>(26)?.map(DealId),
        from_lead: row.try_get::<_, Option<i64>>(27)?.map(DealId),
    })
}

pub(super) const VISIT_COLUMNS: &str =
    "id, deal_id, stage_id, from_stage_id, entered_at, exited_at, reason, by_user";

pub(super) fn visit_from_row(row: &Row) -> Result<StageVisit> {
    Ok(StageVisit {
        id: VisitId(row.try_get(0)?),
        deal_id: DealId(row.try_get(1)?),
        stage_id: StageId(row.try_get(2)?),
        from_stage_id: row.try_get::<_, Option<i64>>(3)?.map(StageId),
        entered_at: moment(row.try_get(4)?)?,
        exited_at: optional_moment(row.try_get(5)?)?,
        reason: row.try_get(6)?,
        by: row.try_get(7)?,
    })
}

pub(super) fn load_deal(client: &mut impl GenericClient, id: DealId) -> Result<Deal> {
    let row = client
        .query_opt(
            &format!("SELECT {DEAL_COLUMNS} {DEAL_FROM} WHERE d.id = $1"),
            &[&id.0],
        )?
        .ok_or_else(|| StoreError::NotFound(format!("deal {id} does not exist")))?;
    deal_from_row(&row)
}

pub(super) const ACTIVITY_COLUMNS: &str = "a.id, a.deal_id, a.kind, a.due_at, a.all_day, a.note, a.done_at, a.outcome, a.created_at, a.by_user, a.done_by";

/// Reads [`ACTIVITY_COLUMNS`] from column 0; a due day is read in the local zone.
pub(super) fn activity_from_row(row: &Row) -> Result<Activity> {
    let kind: &str = row.try_get(2)?;
    let kind = ActivityKind::parse(kind).ok_or_else(|| bad(format!("activity kind {kind:?}")))?;
    Ok(Activity {
        id: ActivityId(row.try_get(0)?),
        deal_id: DealId(row.try_get(1)?),
        kind,
        due: Due::from_stored(moment(row.try_get(3)?)?, row.try_get(4)?, &Local),
        note: row.try_get(5)?,
        done_at: optional_moment(row.try_get(6)?)?,
        outcome: row.try_get(7)?,
        created_at: moment(row.try_get(8)?)?,
        by: row.try_get(9)?,
        done_by: row.try_get(10)?,
    })
}

pub(super) fn load_activity(client: &mut impl GenericClient, id: ActivityId) -> Result<Activity> {
    let row = client
        .query_opt(
            &format!("SELECT {ACTIVITY_COLUMNS} FROM activity a WHERE a.id = $1"),
            &[&id.0],
        )?
        .ok_or_else(|| StoreError::NotFound(format!("activity {id} does not exist")))?;
    activity_from_row(&row)
}

pub(super) const CARD_COLUMNS: &str = "d.id, d.stage_id, s.kind, d.title, d.organization, d.contact_name, \
     d.owner, d.amount_minor, d.currency, d.probability_override, d.lost_reason, \
     d.last_activity_at, d.version, v.entered_at";

pub(super) const CARD_FROM: &str = "FROM deal d JOIN stage s ON s.id = d.stage_id \
     JOIN stage_visit v ON v.deal_id = d.id AND v.exited_at IS NULL";

pub(super) fn card_from_row(row: &Row) -> Result<BoardCard> {
    let currency = currency(row.try_get(8)?)?;
    Ok(BoardCard {
        id: DealId(row.try_get(0)?),
        stage_id: StageId(row.try_get(1)?),
        status: kind(row.try_get(2)?)?,
        title: row.try_get(3)?,
        organization: row.try_get(4)?,
        contact_name: row.try_get(5)?,
        owner: row.try_get(6)?,
        amount: currency.from_minor(row.try_get(7)?),
        currency,
        probability_override: percent(row.try_get(9)?)?,
        lost_reason: row.try_get(10)?,
        last_activity_at: moment(row.try_get(11)?)?,
        version: row.try_get(12)?,
        entered_stage_at: moment(row.try_get(13)?)?,
    })
}
