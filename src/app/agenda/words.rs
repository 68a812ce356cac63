//! The Agenda's and the schedule input's words in the rep's language: activity kinds, the
//! names of an undone change, and due dates written the locale's way. The stored and typed
//! forms (`follow-up`, JSON, the command line) stay as the domain spells them.

use crate::app::dashboard::Zone;
use crate::domain::{ActivityKind, Due};

/// An activity's kind as the screens show it (`follow-up`, nl `opvolging`, sv `uppföljning`).
pub fn kind_label(kind: ActivityKind) -> String {
    match kind {
        ActivityKind::Call => crate::t!("agenda-kind-call"),
        ActivityKind::Email => crate::t!("agenda-kind-email"),
        ActivityKind::Meeting => crate::t!("agenda-kind-meeting"),
        ActivityKind::Task => crate::t!("agenda-kind-task"),
        ActivityKind::FollowUp => crate::t!("agenda-kind-follow-up"),
    }
}

/// What an undo or redo step changed, from [`crate::app::state::Change::describe`]'s English
/// noun; an unknown noun is shown as it is.
pub fn change_noun(what: &str) -> String {
    match what {
        "move" => crate::t!("msg-change-move"),
        "conversion" => crate::t!("msg-change-conversion"),
        "edit" => crate::t!("msg-change-edit"),
        "done" => crate::t!("msg-change-done"),
        "tick" => crate::t!("msg-change-tick"),
        "untick" => crate::t!("msg-change-untick"),
        "schedule" => crate::t!("msg-change-schedule"),
        "reschedule" => crate::t!("msg-change-reschedule"),
        "logged call" => crate::t!("msg-change-logged-call"),
        "archive" => crate::t!("msg-change-archive"),
        "unarchive" => crate::t!("msg-change-unarchive"),
        other => other.to_string(),
    }
}

/// A due as the locale writes it: the day, or the day and time in `zone`.
pub fn due_text(due: Due, zone: Zone) -> String {
    let numbers = crate::i18n::numbers();
    match due {
        Due::Day(day) => numbers.date(day),
        Due::At(at) => match zone {
            Zone::Utc => numbers.date_time(at.naive_utc()),
            Zone::Local => numbers.date_time(at.with_timezone(&chrono::Local).naive_local()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Language, Locale, scoped};

    #[test]
    fn kinds_and_changes_keep_their_english_words() {
        let _en = scoped(Locale::of(Language::En));
        for kind in ActivityKind::ALL {
            assert_eq!(kind_label(kind), kind.label());
        }
        assert_eq!(change_noun("logged call"), "logged call");
    }

    #[test]
    fn dates_follow_the_locale() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 6, 4).unwrap_or_default();
        let _nl = scoped(Locale::of(Language::Nl));
        assert_eq!(due_text(Due::Day(day), Zone::Utc), "04-06-2026");
        assert_eq!(kind_label(ActivityKind::FollowUp), "opvolging");
    }
}
