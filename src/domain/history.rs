//! Stage history (one visit per stay in a stage) and notes; activities are in `activity`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::deal::DealId;
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
    }
}
