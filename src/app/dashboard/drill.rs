//! The drill-down: which deals are behind a dashboard row (a stage's open and stale deals,
//! a lost reason, a month of the forecast, an owner), picked from the rows in memory by the
//! figures' own rules, and the list the person then moves through (`Enter` on one: on the
//! board).

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;

use crate::domain::dates::start_of_day;
use crate::domain::history::seconds_to_days;
use crate::domain::{Currency, Deal, DealHistory, DealId, Pipeline, StageId, StageKind, Timestamp};

use super::Zone;
use crate::metrics::OwnerFilter;

/// At most this many deals are listed (the title says how many there were).
pub const LISTED: usize = 500;

/// What a row stands for, as the figures counted it.
#[derive(Clone, Debug, PartialEq)]
pub enum Behind {
    /// The deals open in the stage at the as-of moment; `expected_days` marks the stale ones.
    Stage {
        stage: StageId,
        expected_days: Option<f64>,
    },
    /// The deals lost in the period with this reason (compared case-insensitively).
    LostReason(String),
    /// The deals open at the as-of moment expected to close in the month starting on this day.
    Month(NaiveDate),
    /// The owner's open deals and those won or lost in the period.
    Owner(OwnerFilter),
}

/// Everything the pick needs: the row, the period and moment of the figures, and the owner
/// the figures are restricted to.
#[derive(Clone, Debug, PartialEq)]
pub struct DrillRequest {
    pub behind: Behind,
    /// What the list is headed with ("Qualified: open deals").
    pub title: String,
    pub pipeline: Pipeline,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub as_of: DateTime<Utc>,
    pub zone: Zone,
    /// The owner the figures are restricted to: only their deals are picked.
    pub owner: Option<OwnerFilter>,
}

/// One deal picked from the rows: where it stands at the as-of moment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Picked {
    pub deal: DealId,
    pub stage: StageId,
    /// Days in that stage at the as-of moment.
    pub days: f64,
    pub stale: bool,
}

/// One line of the list: the picked deal with what the store says of it.
#[derive(Clone, Debug, PartialEq)]
pub struct DrillRow {
    pub deal: DealId,
    pub title: String,
    pub organization: Option<String>,
    pub amount: Decimal,
    pub currency: Currency,
    pub stage: StageId,
    pub days: f64,
    pub stale: bool,
}

impl DrillRow {
    pub fn of(picked: &Picked, deal: &Deal) -> DrillRow {
        DrillRow {
            deal: picked.deal,
            title: deal.title.clone(),
            organization: deal.organization.clone(),
            amount: deal.amount,
            currency: deal.currency,
            stage: picked.stage,
            days: picked.days,
            stale: picked.stale,
        }
    }
}

/// The list on screen.
#[derive(Clone, Debug, PartialEq)]
pub struct DrillDown {
    pub title: String,
    pub rows: Vec<DrillRow>,
    /// How many deals are behind the row (more than `rows` past [`LISTED`]).
    pub total: usize,
    pub selected: usize,
}

/// The deals behind `request.behind` among `deals`, stale ones first, then longest in stage.
pub fn pick(deals: &[DealHistory], request: &DrillRequest) -> Vec<Picked> {
    match request.zone {
        Zone::Local => pick_in(deals, request, &chrono::Local),
        Zone::Utc => pick_in(deals, request, &Utc),
    }
}

fn pick_in<Tz: TimeZone>(deals: &[DealHistory], request: &DrillRequest, zone: &Tz) -> Vec<Picked> {
    let as_of = Timestamp::from(request.as_of);
    let start = Timestamp::from(start_of_day(zone, request.from));
    let end = Timestamp::from(request.to.succ_opt().map_or_else(
        || start_of_day(zone, request.to),
        |next| start_of_day(zone, next),
    ));
    let in_period = |moment: Timestamp| start <= moment && moment < end && moment <= as_of;
    let kind_of = |stage: StageId| request.pipeline.stage(stage).map(|s| s.kind);
    let mut picked: Vec<Picked> = deals
        .iter()
        .filter(|deal| {
            request
                .owner
                .as_ref()
                .is_none_or(|owner| owner.matches(deal.owner.as_ref()))
        })
        .filter_map(|deal| {
            let cover = deal.covering(as_of)?;
            let kind = kind_of(cover.stage_id)?;
            let days = seconds_to_days(as_of.seconds_since(cover.entered_at));
            let open = kind == StageKind::Open;
            let closed_in_period = kind != StageKind::Open && in_period(cover.entered_at);
            let mut stale = false;
            let behind = match &request.behind {
                Behind::Stage {
                    stage,
                    expected_days,
                } => {
                    stale = in_period(cover.entered_at)
                        && expected_days.is_some_and(|limit| days > limit);
                    cover.stage_id == *stage
                }
                Behind::LostReason(reason) => {
                    kind == StageKind::Lost
                        && closed_in_period
                        && lost_reason(deal, cover).to_lowercase() == reason.to_lowercase()
                }
                Behind::Month(first) => {
                    open && deal
                        .expected_close_date
                        .is_some_and(|d| d.year() == first.year() && d.month() == first.month())
                }
                Behind::Owner(owner) => {
                    owner.matches(deal.owner.as_ref()) && (open || closed_in_period)
                }
            };
            behind.then_some(Picked {
                deal: deal.id,
                stage: cover.stage_id,
                days,
                stale,
            })
        })
        .collect();
    picked.sort_by(|a, b| {
        b.stale
            .cmp(&a.stale)
            .then(b.days.total_cmp(&a.days))
            .then(a.deal.cmp(&b.deal))
    });
    picked
}

/// The reason a lost deal is counted under, as the lost-reasons figure has it.
fn lost_reason<'a>(deal: &'a DealHistory, cover: &'a crate::domain::Stay) -> &'a str {
    let is_current = deal.visits.last().is_some_and(|v| std::ptr::eq(v, cover));
    cover
        .reason()
        .or(if is_current {
            deal.lost_reason.as_ref().map(|r| r.as_str())
        } else {
            None
        })
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .unwrap_or("(no reason given)")
}
