//! Activities (calls, e-mails, meetings, tasks, follow-ups) and the rules around them: when
//! one is overdue, which is a deal's next step, when a deal has gone quiet.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use super::dates::{rfc3339, start_of_day};
use super::deal::DealId;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ActivityId(pub i64);

impl std::fmt::Display for ActivityId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Call,
    Email,
    Meeting,
    Task,
    FollowUp,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 5] = [
        ActivityKind::Call,
        ActivityKind::Email,
        ActivityKind::Meeting,
        ActivityKind::Task,
        ActivityKind::FollowUp,
    ];

    /// The stored form (`follow_up`).
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::Call => "call",
            ActivityKind::Email => "email",
            ActivityKind::Meeting => "meeting",
            ActivityKind::Task => "task",
            ActivityKind::FollowUp => "follow_up",
        }
    }

    /// The form people type and read (`follow-up`), used by the command line and JSON.
    pub fn label(self) -> &'static str {
        match self {
            ActivityKind::FollowUp => "follow-up",
            other => other.as_str(),
        }
    }

    /// The kind after this one, for cycling through them with one key.
    pub fn next(self) -> ActivityKind {
        let at = ActivityKind::ALL
            .iter()
            .position(|k| *k == self)
            .unwrap_or(0);
        ActivityKind::ALL[(at + 1) % ActivityKind::ALL.len()]
    }

    pub fn parse(text: &str) -> Option<ActivityKind> {
        match text
            .trim()
            .to_ascii_lowercase()
            .replace(['-', ' '], "_")
            .as_str()
        {
            "call" => Some(ActivityKind::Call),
            "email" | "e_mail" => Some(ActivityKind::Email),
            "meeting" => Some(ActivityKind::Meeting),
            "task" => Some(ActivityKind::Task),
            "follow_up" | "followup" => Some(ActivityKind::FollowUp),
            _ => None,
        }
    }
}

/// When an activity is due: on a day (no time), or at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    Day(NaiveDate),
    At(DateTime<Utc>),
}

impl Due {
    /// The moment it sorts and is stored by: a day's first instant in `zone`.
    pub fn moment_in<Tz: TimeZone>(self, zone: &Tz) -> DateTime<Utc> {
        match self {
            Due::Day(day) => start_of_day(zone, day),
            Due::At(at) => at,
        }
    }

    /// A stored `(moment, all_day)` pair read back; a day is read in `zone`.
    pub fn from_stored<Tz: TimeZone>(moment: DateTime<Utc>, all_day: bool, zone: &Tz) -> Due {
        if all_day {
            Due::Day(moment.with_timezone(zone).date_naive())
        } else {
            Due::At(moment)
        }
    }

    pub fn is_all_day(self) -> bool {
        matches!(self, Due::Day(_))
    }

    /// `YYYY-MM-DD` for a day, RFC 3339 in UTC for a moment (the JSON `due_at`).
    pub fn to_text(self) -> String {
        match self {
            Due::Day(day) => day.format("%Y-%m-%d").to_string(),
            Due::At(at) => rfc3339(at),
        }
    }

    /// Past due at `now`: a moment before `now`, or a day before today in `zone`.
    pub fn is_past<Tz: TimeZone>(self, now: DateTime<Utc>, zone: &Tz) -> bool {
        match self {
            Due::Day(day) => day < now.with_timezone(zone).date_naive(),
            Due::At(at) => at < now,
        }
    }
}

/// A call, e-mail, meeting, task or follow-up on a deal; planned until `done_at` is set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activity {
    pub id: ActivityId,
    pub deal_id: DealId,
    pub kind: ActivityKind,
    pub due: Due,
    pub note: Option<String>,
    pub done_at: Option<DateTime<Utc>>,
    /// What came of it, written when it was marked done.
    pub outcome: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Who planned (or logged) it; `None` before team mode.
    pub by: Option<String>,
    /// Who marked it done; `None` while planned and before team mode.
    pub done_by: Option<String>,
}

impl Activity {
    pub fn is_planned(&self) -> bool {
        self.done_at.is_none()
    }

    /// Planned and past due at `now` in `zone`.
    pub fn is_overdue_in<Tz: TimeZone>(&self, now: DateTime<Utc>, zone: &Tz) -> bool {
        self.is_planned() && self.due.is_past(now, zone)
    }

    /// Planned and past due at `now` in the local time zone.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.is_overdue_in(now, &chrono::Local)
    }
}

/// The deal's next step: its earliest planned activity (ties by id, the first planned).
pub fn next_step<'a, Tz: TimeZone>(
    activities: impl IntoIterator<Item = &'a Activity>,
    zone: &Tz,
) -> Option<&'a Activity> {
    activities
        .into_iter()
        .filter(|a| a.is_planned())
        .min_by_key(|a| (a.due.moment_in(zone), a.id))
}

/// Rotting: nothing happened on the deal (an activity done, a note, a move) for `rot_days`.
pub fn is_rotting(last_activity_at: DateTime<Utc>, rot_days: u32, now: DateTime<Utc>) -> bool {
    now - last_activity_at >= Duration::days(i64::from(rot_days))
}

/// The day boundaries the agenda is cut by, in one time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AgendaWindow {
    pub now: DateTime<Utc>,
    /// The first instant of today.
    pub today_start: DateTime<Utc>,
    /// The first instant of tomorrow.
    pub tomorrow_start: DateTime<Utc>,
    /// The first instant after the next seven days (tomorrow up to a week from today).
    pub week_end: DateTime<Utc>,
}

impl AgendaWindow {
    pub fn in_zone<Tz: TimeZone>(now: DateTime<Utc>, zone: &Tz) -> AgendaWindow {
        let today = now.with_timezone(zone).date_naive();
        let day = |n: i64| start_of_day(zone, today + Duration::days(n));
        AgendaWindow {
            now,
            today_start: day(0),
            tomorrow_start: day(1),
            week_end: day(8),
        }
    }

    pub fn local(now: DateTime<Utc>) -> AgendaWindow {
        AgendaWindow::in_zone(now, &chrono::Local)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn activity(id: i64, due: Due, done: bool) -> Activity {
        let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        Activity {
            id: ActivityId(id),
            deal_id: DealId(1),
            kind: ActivityKind::Call,
            due,
            note: None,
            done_at: done.then_some(at),
            outcome: None,
            created_at: at,
            by: None,
            done_by: None,
        }
    }

    #[test]
    fn kinds_read_both_spellings_and_cycle() {
        assert_eq!(
            ActivityKind::parse("follow-up"),
            Some(ActivityKind::FollowUp)
        );
        assert_eq!(
            ActivityKind::parse("follow_up"),
            Some(ActivityKind::FollowUp)
        );
        assert_eq!(ActivityKind::FollowUp.label(), "follow-up");
        assert_eq!(ActivityKind::FollowUp.as_str(), "follow_up");
        assert_eq!(ActivityKind::parse("visit"), None);
        assert_eq!(ActivityKind::FollowUp.next(), ActivityKind::Call);
    }

    #[test]
    fn a_day_is_overdue_only_once_it_has_passed() {
        let zone = FixedOffset::east_opt(3600).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        let late_that_day = Utc.with_ymd_and_hms(2026, 3, 5, 22, 30, 0).unwrap();
        let next_day = Utc.with_ymd_and_hms(2026, 3, 5, 23, 30, 0).unwrap();
        let a = activity(1, Due::Day(day), false);
        assert!(!a.is_overdue_in(late_that_day, &zone));
        assert!(a.is_overdue_in(next_day, &zone));
        let timed = activity(2, Due::At(late_that_day), false);
        assert!(timed.is_overdue_in(next_day, &zone));
        assert!(!activity(3, Due::At(late_that_day), true).is_overdue_in(next_day, &zone));
    }

    #[test]
    fn the_next_step_is_the_earliest_planned() {
        let zone = Utc;
        let t = |d| Due::At(Utc.with_ymd_and_hms(2026, 3, d, 9, 0, 0).unwrap());
        let all = [
            activity(1, t(3), true),
            activity(2, t(9), false),
            activity(3, t(5), false),
            activity(4, t(5), false),
        ];
        assert_eq!(next_step(&all, &zone).map(|a| a.id), Some(ActivityId(3)));
        assert_eq!(next_step(&all[..1], &zone), None);
    }

    #[test]
    fn rotting_counts_whole_days_since_the_last_thing() {
        let last = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
        assert!(!is_rotting(
            last,
            14,
            last + Duration::days(14) - Duration::seconds(1)
        ));
        assert!(is_rotting(last, 14, last + Duration::days(14)));
    }

    #[test]
    fn the_window_follows_the_zone() {
        let zone = FixedOffset::east_opt(3600).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 3, 5, 23, 30, 0).unwrap(); // 00:30 on the 6th
        let window = AgendaWindow::in_zone(now, &zone);
        assert_eq!(
            window.today_start,
            Utc.with_ymd_and_hms(2026, 3, 5, 23, 0, 0).unwrap()
        );
        assert_eq!(window.week_end - window.tomorrow_start, Duration::days(7));
    }
}
