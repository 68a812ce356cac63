//! Demo activities that follow each stage's `communication` habits: mostly done in the past,
//! a next step planned on most open deals, a few overdue, and a minority of laggards that went
//! quiet (rotting), so the rotting marker picks out the real stragglers.

use chrono::{DateTime, Duration, Local, NaiveTime, Utc};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use crate::domain::dates::local_to_utc;
use crate::domain::{ActivityKind, Due, Pipeline, Stage, StageKind};
use crate::store::{HistoricActivity, HistoricDeal};

const OUTCOMES: &[&str] = &[
    "Reached; agreed the next step",
    "Left a voicemail",
    "Sent the summary and the next steps",
    "Interested; waiting for their internal review",
    "No answer; trying again later",
    "Answered their questions on pricing",
];

/// Of the open deals that have been in their stage longer than its `rot_days`, the share
/// left alone: tuned so that about 15 % of open cards rot at 100 000 deals.
const LAGGARD_SHARE: f64 = 0.3;

/// What a stage's habits ask for: "e-mail or call" is either, "meeting by video" a meeting.
fn habits(stage: &Stage) -> Vec<(ActivityKind, &str)> {
    let mut found = Vec::new();
    for habit in &stage.playbook.communication {
        let text = habit.to_lowercase();
        let mut push = |kind| found.push((kind, habit.as_str()));
        if text.contains("meeting") || text.contains("video") {
            push(ActivityKind::Meeting);
        }
        if text.contains("call") || text.contains("phone") {
            push(ActivityKind::Call);
        }
        if text.contains("e-mail") || text.contains("email") {
            push(ActivityKind::Email);
        }
    }
    found.push((ActivityKind::FollowUp, "Follow up on the open questions"));
    found
}

fn seconds_between(rng: &mut ChaCha8Rng, from: DateTime<Utc>, to: DateTime<Utc>) -> DateTime<Utc> {
    let span = (to - from).num_seconds().max(1);
    from + Duration::seconds(rng.random_range(0..span))
}

fn done_activity(
    rng: &mut ChaCha8Rng,
    habits: &[(ActivityKind, &str)],
    at: DateTime<Utc>,
) -> HistoricActivity {
    let (kind, habit) = habits[rng.random_range(0..habits.len())];
    let planned = at - Duration::hours(rng.random_range(2..96));
    HistoricActivity {
        kind,
        due: Due::At(at - Duration::minutes(rng.random_range(0..90))),
        note: rng.random_bool(0.3).then(|| habit.to_string()),
        done_at: Some(at),
        outcome: rng
            .random_bool(0.4)
            .then(|| OUTCOMES[rng.random_range(0..OUTCOMES.len())].to_string()),
        created_at: planned,
    }
}

/// A next step around `at`: on a day, or at a round hour of working time.
fn planned_activity(
    rng: &mut ChaCha8Rng,
    habits: &[(ActivityKind, &str)],
    at: DateTime<Utc>,
    created_at: DateTime<Utc>,
) -> HistoricActivity {
    let (kind, habit) = habits[rng.random_range(0..habits.len())];
    let day = at.with_timezone(&Local).date_naive();
    let due = if rng.random_bool(0.5) {
        Due::Day(day)
    } else {
        let time = NaiveTime::from_hms_opt(rng.random_range(9..17), 0, 0).unwrap_or(NaiveTime::MIN);
        Due::At(local_to_utc(&Local, day.and_time(time)))
    };
    HistoricActivity {
        kind,
        due,
        note: Some(habit.to_string()),
        done_at: None,
        outcome: None,
        created_at,
    }
}

/// Done activities over `[from, to]`, one every week or two, the last at `to`.
fn spread(
    rng: &mut ChaCha8Rng,
    habits: &[(ActivityKind, &str)],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    out: &mut Vec<HistoricActivity>,
) {
    let days = (to - from).num_days();
    let count = (days / rng.random_range(10..20)).clamp(0, 1);
    for _ in 0..count {
        let at = seconds_between(rng, from, to);
        out.push(done_activity(rng, habits, at));
    }
    // The last thing done on the stay is at its end: that is what rotting reads.
    out.push(done_activity(rng, habits, to));
}

/// A checklist task and when it was ticked.
type Tick = (String, Option<DateTime<Utc>>);

/// The deal's activities and the checklist of its current stage (`(task, ticked at)`).
pub(super) fn plan(
    rng: &mut ChaCha8Rng,
    pipeline: &Pipeline,
    deal: &HistoricDeal,
    as_of: DateTime<Utc>,
) -> (Vec<HistoricActivity>, Vec<Tick>) {
    let mut activities = Vec::new();
    let Some((current, past)) = deal.visits.split_last() else {
        return (activities, Vec::new());
    };
    for visit in past {
        if let (Some(stage), Some(left)) = (pipeline.stage(visit.stage_id), visit.exited_at) {
            // Short or skipped stays often pass without a logged activity.
            if rng.random_bool(0.7) {
                let habits = habits(stage);
                spread(rng, &habits, visit.entered_at, left, &mut activities);
            }
        }
    }
    let Some(stage) = pipeline.stage(current.stage_id) else {
        return (activities, Vec::new());
    };
    if stage.kind != StageKind::Open {
        return (activities, Vec::new());
    }
    let habits = habits(stage);
    let entered = current.entered_at;
    let rot = Duration::days(i64::from(stage.rot_days.unwrap_or(30)));
    let stay = as_of - entered;
    // A laggard: long in its stage, nothing done for longer than the stage allows.
    let laggard = stay > rot && rng.random_bool(LAGGARD_SHARE);
    let last_touch = if laggard {
        seconds_between(rng, entered, as_of - rot)
    } else {
        let recent = as_of - Duration::seconds(rng.random_range(0..(rot.num_seconds() * 6 / 10)));
        recent.max(entered)
    };
    if last_touch > entered + Duration::hours(1) {
        spread(rng, &habits, entered, last_touch, &mut activities);
    }
    let roll = rng.random_range(0..100);
    if laggard {
        // Half of the laggards still have a follow-up, long overdue; the rest went quiet.
        if roll < 50 {
            let due = seconds_between(rng, last_touch, as_of - Duration::days(1));
            activities.push(planned_activity(rng, &habits, due, last_touch));
        }
    } else if roll < 8 {
        let due = as_of - Duration::hours(rng.random_range(24..24 * 6));
        activities.push(planned_activity(rng, &habits, due.max(entered), last_touch));
    } else if roll < 92 {
        let due = as_of + Duration::hours(rng.random_range(1..24 * 12));
        activities.push(planned_activity(rng, &habits, due, last_touch));
    }
    let expected = Duration::days(i64::from(stage.rot_days.unwrap_or(14)));
    let progress = (stay.num_seconds() as f64 / expected.num_seconds().max(1) as f64).min(0.9);
    let checklist = stage
        .playbook
        .tasks
        .iter()
        .map(|task| {
            let ticked = rng.random_bool(progress).then(|| {
                seconds_between(rng, entered, last_touch.max(entered + Duration::seconds(1)))
            });
            (task.clone(), ticked)
        })
        .collect();
    (activities, checklist)
}
