//! The rows behind the dashboard (a pipeline's deals with their history, and the exchange
//! rates, read at one snapshot), kept current after the board's own writes one deal at a
//! time, and the view model computed from them: what the tab draws.

use chrono::{DateTime, Local, TimeZone, Utc};
use rust_decimal::Decimal;

use crate::domain::{DealHistory, DealId, Pipeline, PipelineId};
use crate::metrics::{ExchangeRates, OwnerFilter, Report, ReportRequest, compute};
use crate::store::Repository;

use super::{PeriodChoice, Zone};

/// What the Dashboard tab shows: the figures, which period they cover and the goal input.
#[derive(Clone, Debug, PartialEq)]
pub struct DashboardView {
    pub report: Report,
    /// "This quarter", "Last 90 days", "2026-01-01 – 2026-03-31", …
    pub period_label: String,
    /// The as-of moment as the person reads it (local time).
    pub as_of_label: String,
    /// The revenue target as the person is typing it, while the goal editor is open.
    pub goal_input: Option<String>,
}

/// A pipeline's deals with their history and the exchange rates, as read at one moment.
#[derive(Debug)]
pub struct LoadedRows {
    pub pipeline: PipelineId,
    pub deals: Vec<DealHistory>,
    pub rates: ExchangeRates,
}

impl LoadedRows {
    /// Reads the rows and the rates at one snapshot.
    pub fn read(store: &dyn Repository, pipeline: PipelineId) -> crate::store::Result<LoadedRows> {
        store.at_one_snapshot(|store| {
            Ok(LoadedRows {
                pipeline,
                deals: store.deal_histories(pipeline)?,
                rates: store.exchange_rates()?,
            })
        })
    }

    /// Puts `deal` as it is on disk now into the rows (after a write to it): replaced,
    /// added, or dropped when it is gone or in another pipeline. One deal's read instead of
    /// every deal's: the rows stay in id order, as a full read has them.
    pub fn refresh_deal(
        &mut self,
        store: &dyn Repository,
        deal: DealId,
    ) -> crate::store::Result<()> {
        let fresh = store.deal_history(self.pipeline, deal)?;
        match (self.deals.binary_search_by_key(&deal, |d| d.id), fresh) {
            (Ok(at), Some(fresh)) => self.deals[at] = fresh,
            (Err(at), Some(fresh)) => self.deals.insert(at, fresh),
            (Ok(at), None) => {
                self.deals.remove(at);
            }
            (Err(_), None) => {}
        }
        Ok(())
    }

    /// Every figure for `choice` as of `as_of`, with calendar dates read in `zone`.
    pub fn view(
        &self,
        pipeline: &Pipeline,
        choice: PeriodChoice,
        as_of: DateTime<Utc>,
        target: Option<Decimal>,
        owner: Option<&OwnerFilter>,
        zone: Zone,
    ) -> DashboardView {
        match zone {
            Zone::Local => self.view_in(pipeline, choice, as_of, target, owner, &Local),
            Zone::Utc => self.view_in(pipeline, choice, as_of, target, owner, &Utc),
        }
    }

    fn view_in<Tz: TimeZone>(
        &self,
        pipeline: &Pipeline,
        choice: PeriodChoice,
        as_of: DateTime<Utc>,
        target: Option<Decimal>,
        owner: Option<&OwnerFilter>,
        zone: &Tz,
    ) -> DashboardView
    where
        Tz::Offset: std::fmt::Display,
    {
        let today = as_of.with_timezone(zone).date_naive();
        let request = ReportRequest {
            period: choice.period(today, &self.deals, zone),
            as_of,
            target,
            owner: owner.cloned(),
        };
        DashboardView {
            report: compute(pipeline, &self.deals, &self.rates, &request, zone),
            period_label: choice.label(),
            as_of_label: crate::i18n::numbers().date_time(as_of.with_timezone(zone).naive_local()),
            goal_input: None,
        }
    }
}

/// What the figures are asked for: the thread computes them right after reading the rows, so
/// taking in a read costs the event loop nothing when nothing changed meanwhile.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewRequest {
    pub pipeline: Pipeline,
    pub period: PeriodChoice,
    pub as_of: DateTime<Utc>,
    pub target: Option<Decimal>,
    /// Only this owner's deals count (the dashboard's owner filter), when set.
    pub owner: Option<OwnerFilter>,
    pub zone: Zone,
}

/// A finished read: the rows, and the figures for the request it was started with.
#[derive(Debug)]
pub struct FinishedRead {
    pub rows: LoadedRows,
    pub view: DashboardView,
    pub request: ViewRequest,
}
