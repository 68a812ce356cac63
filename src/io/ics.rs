//! Planned activities as an iCalendar file (RFC 5545): one VEVENT per call, e-mail, meeting
//! or follow-up, one VTODO per task, each with a UID that stays the same across exports so a
//! calendar that imports the file again updates its entries instead of duplicating them.

use chrono::Duration;
use icalendar::{Calendar, Component, Event, EventLike, Todo};

use crate::domain::{ActivityKind, Due};
use crate::store::AgendaItem;

/// How long a timed activity blocks in a calendar; a day's activity is all-day.
fn length(kind: ActivityKind) -> Duration {
    match kind {
        ActivityKind::Meeting => Duration::hours(1),
        ActivityKind::Call => Duration::minutes(30),
        _ => Duration::minutes(15),
    }
}

/// The UID of an activity: unique within the workspace, the same in every export.
pub fn uid(activity_id: i64, workspace: &str) -> String {
    format!("activity-{activity_id}@{workspace}.dealdeck")
}

/// The calendar of `items` (planned activities); done ones are left out.
pub fn calendar(items: &[AgendaItem], workspace: &str) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//dealdeck//activities//EN"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .name("dealdeck activities");
    for item in items.iter().filter(|i| i.activity.is_planned()) {
        let activity = &item.activity;
        let summary = format!(
            "{}: {}",
            capitalised(activity.kind.label()),
            item.deal_title
        );
        let mut description = format!("Deal {} in stage {}", activity.deal_id, item.stage_name);
        if let Some(note) = &activity.note {
            description.push_str("\n\n");
            description.push_str(note);
        }
        let uid = uid(activity.id.0, workspace);
        if activity.kind == ActivityKind::Task {
            let mut todo = Todo::new();
            todo.uid(&uid)
                .summary(&summary)
                .description(&description)
                .timestamp(activity.created_at);
            match activity.due {
                Due::Day(day) => todo.due(day),
                Due::At(at) => todo.due(at),
            };
            calendar.push(todo.done());
        } else {
            let mut event = Event::new();
            event
                .uid(&uid)
                .summary(&summary)
                .description(&description)
                .timestamp(activity.created_at);
            match activity.due {
                Due::Day(day) => event.starts(day).ends(day + Duration::days(1)),
                Due::At(at) => event.starts(at).ends(at + length(activity.kind)),
            };
            calendar.push(event.done());
        }
    }
    calendar.done().to_string()
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A stable id for the workspace in a database, from the moment its first pipeline was made
/// (which no command changes): FNV-1a, so it is the same in every build.
pub fn workspace_id(first_pipeline_created: i64) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in format!("dealdeck:{first_pipeline_created}").bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("ws-{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_id_is_stable_and_tells_databases_apart() {
        assert_eq!(workspace_id(1_764_000_000), workspace_id(1_764_000_000));
        assert_ne!(workspace_id(1_764_000_000), workspace_id(1_764_000_001));
        assert_eq!(workspace_id(0).len(), 19);
    }
}
