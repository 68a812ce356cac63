//! Stage history (one visit per stay in a stage) and notes; activities are in `activity`.
//! A visit has one type, [`StageVisit`]; [`DealHistory`] holds a deal's visits as compact
//! [`Stay`] rows, the form the figures read when a whole pipeline's history is in memory.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::deal::DealId;
use super::money::Currency;
use super::pipeline::StageId;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct VisitId(pub i64);

/// One stay of a deal in a stage: `[entered_at, exited_at)`, open while `exited_at` is `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageVisit {
    pub id: VisitId,
    pub deal_id: DealId,
    pub stage_id: StageId,
    pub from_stage_id: Option<StageId>,
    pub entered_at: DateTime<Utc>,
    pub exited_at: Option<DateTime<Utc>>,
    /// The lost reason given when the deal entered a lost stage; kept after a reopen.
    pub reason: Option<String>,
}

impl StageVisit {
    pub fn is_open(&self) -> bool {
        self.exited_at.is_none()
    }

    /// Whether the deal was in this stage at `moment` (half-open interval).
    pub fn covers(&self, moment: DateTime<Utc>) -> bool {
        self.entered_at <= moment && self.exited_at.is_none_or(|exit| exit > moment)
    }

    /// Fractional days spent in the stage, up to `now` for an open visit.
    pub fn days(&self, now: DateTime<Utc>) -> f64 {
        let end = self.exited_at.unwrap_or(now);
        seconds_to_days((end - self.entered_at).num_seconds())
    }
}

/// Days are fractional: seconds / 86 400.
pub fn seconds_to_days(seconds: i64) -> f64 {
    seconds as f64 / 86_400.0
}

/// A moment as history rows hold it: whole seconds since the Unix epoch, the way the store
/// keeps it. Plain integers keep a walk over millions of stays cheap; calendar dates are only
/// worked out where a figure needs one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Seconds from `earlier` to `self`, negative when `earlier` is later.
    pub fn seconds_since(self, earlier: Timestamp) -> i64 {
        self.0.saturating_sub(earlier.0)
    }

    /// `None` only for a moment chrono cannot hold (hundreds of millennia away).
    pub fn to_datetime(self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp(self.0, 0)
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(moment: DateTime<Utc>) -> Timestamp {
        Timestamp(moment.timestamp())
    }
}

/// Text that most rows lack, one pointer wide (a `Box<str>` is two): a lost reason on a
/// stay. A million deals hold several million stays, so every word of a stay counts.
#[derive(Clone, PartialEq, Eq)]
pub struct ThinText(Box<Box<str>>);

impl ThinText {
    pub fn new(text: &str) -> ThinText {
        ThinText(Box::new(text.into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ThinText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

/// `exited` of a stay still running: no real moment is this late.
const STILL_IN_STAGE: i64 = i64::MAX;

/// A [`StageVisit`] as a history row: the stage, the half-open stay `[entered_at, exited_at)`
/// and its lost reason, in 32 bytes; the deal it belongs to holds it. The deal and the stage it
/// came from are left out (the deal's row has the one, the previous stay the other).
#[derive(Clone, PartialEq, Eq)]
pub struct Stay {
    pub stage_id: StageId,
    pub entered_at: Timestamp,
    /// [`STILL_IN_STAGE`] while open: a sentinel, where an `Option` would double the field.
    exited: i64,
    reason: Option<ThinText>,
}

impl Stay {
    pub fn new(
        stage_id: StageId,
        entered_at: Timestamp,
        exited_at: Option<Timestamp>,
        reason: Option<&str>,
    ) -> Stay {
        Stay {
            stage_id,
            entered_at,
            // A stored exit at the sentinel itself is refused by the store long before.
            exited: exited_at.map_or(STILL_IN_STAGE, |exit| exit.0.min(STILL_IN_STAGE - 1)),
            reason: reason.map(ThinText::new),
        }
    }

    /// When the deal left the stage; `None` while it is still there.
    pub fn exited_at(&self) -> Option<Timestamp> {
        (self.exited != STILL_IN_STAGE).then_some(Timestamp(self.exited))
    }

    /// Ends (or with `None` reopens) the stay.
    pub fn set_exited_at(&mut self, exit: Option<Timestamp>) {
        self.exited = exit.map_or(STILL_IN_STAGE, |exit| exit.0.min(STILL_IN_STAGE - 1));
    }

    /// The lost reason given when the deal entered a lost stage; kept after a reopen.
    pub fn reason(&self) -> Option<&str> {
        self.reason.as_ref().map(ThinText::as_str)
    }

    pub fn is_open(&self) -> bool {
        self.exited == STILL_IN_STAGE
    }

    /// Whether the deal was in this stage at `moment` (half-open interval).
    pub fn covers(&self, moment: Timestamp) -> bool {
        self.entered_at.0 <= moment.0 && self.exited > moment.0
    }
}

impl std::fmt::Debug for Stay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stay")
            .field("stage_id", &self.stage_id)
            .field("entered_at", &self.entered_at)
            .field("exited_at", &self.exited_at())
            .field("reason", &self.reason())
            .finish()
    }
}

impl From<&StageVisit> for Stay {
    fn from(visit: &StageVisit) -> Stay {
        Stay::new(
            visit.stage_id,
            visit.entered_at.into(),
            visit.exited_at.map(Timestamp::from),
            visit.reason.as_deref(),
        )
    }
}

/// A deal's owner as history rows hold it: one shared allocation per owner (a team has a
/// handful), so a million rows cost a pointer each, not a string each.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OwnerName(std::sync::Arc<Box<str>>);

impl OwnerName {
    pub fn new(name: &str) -> OwnerName {
        OwnerName(std::sync::Arc::new(name.into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for OwnerName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

/// Hands out one [`OwnerName`] per distinct owner while rows are read.
#[derive(Default)]
pub struct OwnerNames {
    known: std::collections::HashMap<Box<str>, OwnerName>,
}

impl OwnerNames {
    /// The shared name for `text`; `None` for a missing or blank owner.
    pub fn name(&mut self, text: Option<&str>) -> Option<OwnerName> {
        let text = text?;
        if text.trim().is_empty() {
            return None;
        }
        if let Some(known) = self.known.get(text) {
            return Some(known.clone());
        }
        let name = OwnerName::new(text);
        self.known.insert(text.into(), name.clone());
        Some(name)
    }
}

/// What the figures need of one deal: its money, its dates and every stay, oldest first.
#[derive(Clone, Debug, PartialEq)]
pub struct DealHistory {
    pub id: DealId,
    /// Only for a deal in another currency than its pipeline's: that is the one a figure
    /// ever names (a warning when there is no exchange rate), and leaving the rest out saves
    /// a tenth of the rows at a million deals.
    pub title: Option<ThinText>,
    pub amount: Decimal,
    pub currency: Currency,
    pub probability_override: Option<u8>,
    pub expected_close_date: Option<NaiveDate>,
    pub created_at: Timestamp,
    /// The deal's current lost reason; the history's own reason is preferred when present.
    pub lost_reason: Option<ThinText>,
    /// The rep who owns the deal; `None` when no one does (or the stored text is blank).
    pub owner: Option<OwnerName>,
    /// Oldest first.
    pub visits: Vec<Stay>,
}

impl DealHistory {
    /// The stay the deal was in at `moment` (half-open stays, so exactly one or none).
    pub fn covering(&self, moment: Timestamp) -> Option<&Stay> {
        if self.created_at > moment {
            return None;
        }
        self.visits.iter().rev().find(|v| v.covers(moment))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub id: i64,
    pub deal_id: DealId,
    /// The stage the deal was in when the note was written.
    pub stage_id: StageId,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn visits_are_half_open() {
        let t = |h| Utc.with_ymd_and_hms(2026, 1, 1, h, 0, 0).unwrap();
        let visit = StageVisit {
            id: VisitId(1),
            deal_id: DealId(1),
            stage_id: StageId(1),
            from_stage_id: None,
            entered_at: t(1),
            exited_at: Some(t(13)),
            reason: None,
        };
        assert!(visit.covers(t(1)));
        assert!(!visit.covers(t(13)));
        assert_eq!(visit.days(t(20)), 0.5);
        let stay = Stay::from(&visit);
        assert!(stay.covers(t(1).into()));
        assert!(!stay.covers(t(13).into()));
        assert_eq!(stay.exited_at(), Some(t(13).into()));
    }

    #[test]
    fn a_stay_is_four_words_and_an_open_one_covers_every_later_moment() {
        assert_eq!(std::mem::size_of::<Stay>(), 32);
        assert_eq!(std::mem::size_of::<DealHistory>(), 88);
        let mut stay = Stay::new(StageId(1), Timestamp(10), None, Some("Price"));
        assert!(stay.is_open() && stay.covers(Timestamp(i64::MAX - 1)));
        assert_eq!(stay.reason(), Some("Price"));
        stay.set_exited_at(Some(Timestamp(20)));
        assert_eq!(stay.exited_at(), Some(Timestamp(20)));
        assert!(!stay.covers(Timestamp(20)));
    }
}
