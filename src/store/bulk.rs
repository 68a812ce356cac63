//! Writing many deals with their full history in one transaction (demo data, imports).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, ToSql, Transaction, TransactionBehavior, params};

use crate::domain::{DealId, NewDeal, StageId};

use super::Store;
use super::error::Result;
use super::rows::ts;
use super::rules::CheckedDeal;

/// One past stay in a stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoricVisit {
    pub stage_id: StageId,
    pub entered_at: DateTime<Utc>,
    pub exited_at: Option<DateTime<Utc>>,
    pub reason: Option<String>,
    /// Who moved the deal into the stage, when known.
    pub by: Option<String>,
}

/// A deal as it stands after a known history: its current stage is the last visit's.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoricDeal {
    pub deal: NewDeal,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub archived_at: Option<DateTime<Utc>>,
    pub lost_reason: Option<String>,
    pub won_note: Option<String>,
    /// `(system, record id)` of the source the deal came from, for re-imports.
    pub source_ref: Option<(String, String)>,
    /// Oldest first; every visit but the last is closed, and the last is open.
    pub visits: Vec<HistoricVisit>,
}

impl HistoricDeal {
    /// Checks the history is a proper chain of visits.
    pub fn check_history(&self) -> std::result::Result<(), String> {
        let (last, earlier) = self
            .visits
            .split_last()
            .ok_or("the deal has no stage history")?;
        if last.exited_at.is_some() {
            return Err("the last stage visit must still be open".into());
        }
        if earlier.iter().any(|v| v.exited_at.is_none()) {
            return Err("only the last stage visit may be open".into());
        }
        if self.visits.windows(2).any(|pair| {
            pair[0]
                .exited_at
                .is_some_and(|exit| exit > pair[1].entered_at)
        }) {
            return Err("stage visits overlap or are out of date order".into());
        }
        if self
            .visits
            .iter()
            .any(|v| v.exited_at.is_some_and(|exit| exit < v.entered_at))
        {
            return Err("a stage visit ends before it begins".into());
        }
        Ok(())
    }
}

/// Holds one immediate transaction; nothing is visible to others until [`BulkWriter::commit`].
pub struct BulkWriter<'a> {
    pub(super) tx: Transaction<'a>,
    pub(super) written: u64,
}

impl Store {
    pub fn bulk_writer(&mut self) -> Result<BulkWriter<'_>> {
        self.conn.set_prepared_statement_cache_capacity(64);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        Ok(BulkWriter { tx, written: 0 })
    }
}

impl BulkWriter<'_> {
    /// Inserts the deal and its visits; the caller has matched stages to the pipeline.
    pub fn insert(&mut self, historic: &HistoricDeal) -> Result<DealId> {
        let id = insert_historic(&self.tx, historic)?;
        self.written += 1;
        Ok(id)
    }

    pub fn written(&self) -> u64 {
        self.written
    }

    /// Makes every inserted deal visible at once; dropping the writer instead writes nothing.
    pub fn commit(self) -> Result<u64> {
        self.tx.commit()?;
        Ok(self.written)
    }
}

/// The deal columns every writer sets, in the order [`deal_row_values`] binds them.
pub(crate) const DEAL_ROW_COLUMNS: &str = "pipeline_id, stage_id, title, organization, \
     contact_name, contact_email, contact_phone, owner, amount_minor, currency, \
     probability_override, expected_close_date, source, qualification, lost_reason, won_note, \
     created_at, closed_at, archived_at, updated_at, last_activity_at, extra, source_system, \
     source_id";

/// When a deal written from its history was last touched: when it entered its current stage.
pub(crate) fn derived_update(historic: &HistoricDeal) -> DateTime<Utc> {
    historic
        .visits
        .last()
        .map_or(historic.created_at, |v| v.entered_at)
        .max(historic.created_at)
}

/// The checked values of [`DEAL_ROW_COLUMNS`] for `historic`, with the given stamps.
pub(crate) fn deal_row_values(
    historic: &HistoricDeal,
    updated_at: DateTime<Utc>,
    last_activity_at: DateTime<Utc>,
) -> Result<Vec<Box<dyn ToSql>>> {
    let CheckedDeal {
        deal,
        stage,
        amount_minor: amount,
        extra,
        source_system: system,
        source_id: record,
    } = super::rules::check_deal_row(historic)?;
    Ok(vec![
        Box::new(deal.pipeline_id.0),
        Box::new(stage.0),
        Box::new(deal.title),
        Box::new(deal.organization),
        Box::new(deal.contact.name),
        Box::new(deal.contact.email),
        Box::new(deal.contact.phone),
        Box::new(deal.owner),
        Box::new(amount),
        Box::new(deal.currency.code()),
        Box::new(deal.probability_override),
        Box::new(
            deal.expected_close_date
                .map(|d| d.format("%Y-%m-%d").to_string()),
        ),
        Box::new(deal.source),
        Box::new(deal.qualification.map(|q| q.as_str())),
        Box::new(historic.lost_reason.clone()),
        Box::new(historic.won_note.clone()),
        Box::new(ts(historic.created_at)),
        Box::new(historic.closed_at.map(ts)),
        Box::new(historic.archived_at.map(ts)),
        Box::new(ts(updated_at)),
        Box::new(ts(last_activity_at)),
        Box::new(extra),
        Box::new(system),
        Box::new(record),
    ])
}

/// Writes the deal's visits in order, each coming from the stage before it.
pub(crate) fn insert_visits(
    conn: &Connection,
    deal: DealId,
    visits: &[HistoricVisit],
) -> Result<()> {
    let mut statement = conn.prepare_cached(
        "INSERT INTO stage_visit (deal_id, stage_id, from_stage_id, entered_at, exited_at, reason,
                                  by_user)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut from: Option<i64> = None;
    for v in visits {
        statement.execute(params![
            deal.0,
            v.stage_id.0,
            from,
            ts(v.entered_at),
            v.exited_at.map(ts),
            v.reason,
            v.by
        ])?;
        from = Some(v.stage_id.0);
    }
    Ok(())
}

/// Inserts a deal row and its visits; every new deal, typed or historic, is written here.
/// `id` and `version` are kept from a lossless import; otherwise SQLite picks the id.
pub(crate) fn insert_deal(
    conn: &Connection,
    historic: &HistoricDeal,
    kept: Option<(DealId, i64)>,
    updated_at: DateTime<Utc>,
    last_activity_at: DateTime<Utc>,
) -> Result<DealId> {
    let mut values = deal_row_values(historic, updated_at, last_activity_at)?;
    values.push(Box::new(kept.map(|(id, _)| id.0)));
    values.push(Box::new(kept.map_or(1, |(_, version)| version)));
    conn.prepare_cached(&format!(
        "INSERT INTO deal ({DEAL_ROW_COLUMNS}, id, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                 ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)"
    ))?
    .execute(rusqlite::params_from_iter(values.iter()))?;
    let id = DealId(conn.last_insert_rowid());
    insert_visits(conn, id, &historic.visits)?;
    Ok(id)
}

/// A new deal from its history, stamped as last touched when it entered its current stage.
pub(crate) fn insert_historic(conn: &Connection, historic: &HistoricDeal) -> Result<DealId> {
    let touched = derived_update(historic);
    insert_deal(conn, historic, None, touched, touched)
}
