//! The deal detail pane: every field, the checklist, activities, notes, stage history and
//! the stage's playbook, scrolled as one; what it laid out goes back to `update` as `Drawn`.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{fit, money};
use crate::app::dashboard::Zone;
use crate::app::state::Detail;
use crate::app::{Action, AppState, KeyMode};
use crate::domain::text::printable;
use crate::domain::{Activity, Deal, Due};

/// How many done activities the pane lists, newest first.
const RECENT_DONE: usize = 5;

/// What the pane laid out, for `update` to scroll and follow the cursor by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DetailLayout {
    pub visible: usize,
    pub max_scroll: usize,
    /// The line of the checklist's first task, counted from the top of the content.
    pub tasks_top: usize,
}

fn day(moment: DateTime<Utc>) -> String {
    crate::i18n::numbers().date(moment.date_naive())
}

/// " · NAME" after a timeline entry, when who made it is known.
fn by(who: Option<&String>) -> String {
    who.map(|who| format!(" · {}", printable(who)))
        .unwrap_or_default()
}

fn field_line<'a>(label: &str, value: Option<String>) -> Line<'a> {
    Line::from(format!(
        "{label:>14}: {}",
        value
            .map(|v| printable(&v).into_owned())
            .unwrap_or_else(|| "—".into())
    ))
}

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, detail: &Detail) -> DetailLayout {
    frame.render_widget(Clear, area);
    let Some(deal) = detail.full.as_deref() else {
        frame.render_widget(
            Paragraph::new(crate::t!(
                "detail-unreadable",
                close = super::key(state, KeyMode::Detail, Action::Close)
            ))
            .block(Block::bordered()),
            area,
        );
        return DetailLayout::default();
    };
    let title = format!(
        " {} ",
        crate::t!(
            "detail-title",
            id = deal.id.to_string(),
            deal = fit(&deal.title, usize::from(area.width.saturating_sub(20)))
        )
    );
    let key = |action| super::key(state, KeyMode::Detail, action);
    let block = Block::bordered().title(title).title_bottom(format!(
        " {} ",
        crate::t!(
            "detail-keys",
            close = key(Action::Close),
            scroll = format!("{}{}", key(Action::ScrollUp), key(Action::ScrollDown)),
            tick = key(Action::ToggleTask),
            note = key(Action::AddNote),
            editor = key(Action::EditorNote),
            edit = key(Action::EditDeal),
            reason = key(Action::EditReason),
        )
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .spacing(2)
            .areas(inner);
    let left_lines = fields(state, detail, deal, usize::from(left.width));
    let (right_lines, tasks_top) = right_column(state, detail, deal, usize::from(right.width));
    let visible = usize::from(inner.height);
    let height = left_lines.len().max(right_lines.len());
    let max_scroll = height.saturating_sub(visible);
    let scroll = detail.scroll.min(max_scroll);
    let offset = (u16::try_from(scroll).unwrap_or(u16::MAX), 0);
    frame.render_widget(Paragraph::new(left_lines).scroll(offset), left);
    frame.render_widget(Paragraph::new(right_lines).scroll(offset), right);
    DetailLayout {
        visible,
        max_scroll,
        tasks_top,
    }
}

/// `text` cut into lines of at most `width` columns at spaces (a longer word is split),
/// the lines after the first indented by `indent` spaces.
fn wrap(text: &str, width: usize, indent: usize) -> Vec<String> {
    let width = width.max(indent + 8);
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.split('\n') {
        let paragraph = printable(paragraph);
        let mut line = if lines.is_empty() {
            String::new()
        } else {
            " ".repeat(indent)
        };
        let mut used = line.width();
        let mut fresh = true;
        for word in paragraph.split(' ') {
            if !fresh {
                if used + 1 + word.width() > width {
                    lines.push(std::mem::replace(&mut line, " ".repeat(indent)));
                    used = indent;
                } else {
                    line.push(' ');
                    used += 1;
                }
            }
            for ch in word.chars() {
                let ch_width = ch.width().unwrap_or(0);
                if used + ch_width > width && used > indent {
                    lines.push(std::mem::replace(&mut line, " ".repeat(indent)));
                    used = indent;
                }
                line.push(ch);
                used += ch_width;
            }
            fresh = false;
        }
        lines.push(line);
    }
    lines
}

fn heading<'a>(text: String) -> Line<'a> {
    Line::from(text.bold())
}

fn due_text(state: &AppState, due: Due) -> String {
    let numbers = crate::i18n::numbers();
    match due {
        Due::Day(day) => numbers.date(day),
        Due::At(at) => match state.dashboard.zone {
            Zone::Utc => numbers.date_time(at.naive_utc()),
            Zone::Local => numbers.date_time(at.with_timezone(&chrono::Local).naive_local()),
        },
    }
}

fn is_overdue(state: &AppState, activity: &Activity) -> bool {
    match state.dashboard.zone {
        Zone::Utc => activity.is_overdue_in(state.now, &Utc),
        Zone::Local => activity.is_overdue_in(state.now, &chrono::Local),
    }
}

/// The checklist (with its cursor), activities, notes and the stage's playbook; and the
/// line of the first task.
fn right_column<'a>(
    state: &AppState,
    detail: &Detail,
    deal: &Deal,
    width: usize,
) -> (Vec<Line<'a>>, usize) {
    let mut lines = Vec::new();
    let stage = state.stage(deal.stage_id);
    match &detail.checklist {
        Some(checklist) => {
            lines.push(heading(crate::t!(
                "detail-checklist-of",
                stage = printable(&checklist.stage_name).into_owned(),
                done = checklist.done(),
                total = checklist.items.len()
            )));
            if checklist.items.is_empty() {
                lines.push(Line::from(
                    format!(" ({})", crate::t!("detail-no-tasks")).dim(),
                ));
            }
            for (i, item) in checklist.items.iter().enumerate() {
                let tick = if item.done_at.is_some() { "[x]" } else { "[ ]" };
                let here = i == detail.cursor;
                let pointer = if here { "›" } else { " " };
                let text = fit(&format!("{pointer}{tick} {}", item.task), width);
                let style = if here {
                    Style::new().reversed()
                } else if item.done_at.is_some() {
                    Style::new().dim()
                } else {
                    Style::new()
                };
                lines.push(Line::styled(text, style));
            }
        }
        None => lines.push(heading(crate::t!("detail-checklist"))),
    }
    let tasks_top = 1;
    activities(&mut lines, state, detail, deal, width);
    lines.push(Line::from(""));
    lines.push(heading(crate::t!(
        "detail-notes",
        count = detail.notes.len()
    )));
    if let Some(input) = &detail.note_input {
        let prompt = format!(
            "> {}█  ({})",
            input,
            crate::t!(
                "detail-note-keys",
                accept = super::key(state, KeyMode::Prompt, Action::Accept),
                cancel = super::key(state, KeyMode::Prompt, Action::Cancel)
            )
        );
        for line in wrap(&prompt, width, 2) {
            lines.push(Line::from(line.yellow()));
        }
    }
    for note in detail.notes.iter().rev() {
        let text = format!(
            " {}{}  {}",
            day(note.created_at),
            by(note.by.as_ref()),
            note.body
        );
        lines.extend(wrap(&text, width, 13).into_iter().map(Line::from));
    }
    if let Some(stage) = stage {
        playbook(&mut lines, deal, stage, width);
    }
    (lines, tasks_top)
}

/// Planned activities (overdue ones marked `*`), then the latest done ones with what came
/// of them.
fn activities(
    lines: &mut Vec<Line<'_>>,
    state: &AppState,
    detail: &Detail,
    deal: &Deal,
    width: usize,
) {
    let planned: Vec<&Activity> = detail
        .activities
        .iter()
        .filter(|a| a.is_planned())
        .collect();
    let mut done: Vec<&Activity> = detail
        .activities
        .iter()
        .filter(|a| !a.is_planned())
        .collect();
    done.sort_by_key(|a| std::cmp::Reverse((a.done_at, a.id)));
    lines.push(Line::from(""));
    lines.push(heading(crate::t!(
        "detail-activities",
        planned = planned.len(),
        done = done.len()
    )));
    if planned.is_empty() && deal.status == crate::domain::StageKind::Open {
        lines.push(Line::from(
            format!(" {}", crate::t!("detail-no-next-step")).italic(),
        ));
    }
    for activity in planned {
        let overdue = is_overdue(state, activity);
        let marker = if overdue { "*" } else { " " };
        let mut text = format!(
            "{marker}{} {}",
            due_text(state, activity.due),
            super::board::activity_word(activity.kind)
        );
        if overdue {
            text.push_str(&format!(" ({})", crate::t!("detail-overdue")));
        }
        text.push_str(&by(activity.by.as_ref()));
        if let Some(note) = &activity.note {
            text.push_str(&format!(": {note}"));
        }
        for (i, line) in wrap(&text, width, 2).into_iter().enumerate() {
            lines.push(if overdue && i == 0 {
                Line::from(line.red())
            } else {
                Line::from(line)
            });
        }
    }
    let earlier = done.len().saturating_sub(RECENT_DONE);
    for activity in done.into_iter().take(RECENT_DONE) {
        let when = activity.done_at.map(day).unwrap_or_default();
        let mut text = format!(
            "✓{when} {}{}",
            super::board::activity_word(activity.kind),
            by(activity.done_by.as_ref().or(activity.by.as_ref()))
        );
        if let Some(said) = activity.outcome.as_ref().or(activity.note.as_ref()) {
            text.push_str(&format!(": {said}"));
        }
        lines.extend(
            wrap(&text, width, 2)
                .into_iter()
                .map(|l| Line::from(l.dim())),
        );
    }
    if earlier > 0 {
        lines.push(Line::from(
            format!(" … {}", crate::t!("detail-done-earlier", count = earlier)).dim(),
        ));
    }
}

/// The stage's playbook (its tasks are the checklist above).
fn playbook(lines: &mut Vec<Line<'_>>, deal: &Deal, stage: &crate::domain::Stage, width: usize) {
    lines.push(Line::from(""));
    lines.push(heading(crate::t!(
        "detail-playbook",
        stage = printable(&stage.name).into_owned()
    )));
    let book = &stage.playbook;
    let mut section = |name: String, items: Vec<String>| {
        if items.is_empty() {
            return;
        }
        lines.push(Line::from(name.underlined()));
        for item in items {
            let text = format!(" • {item}");
            lines.extend(wrap(&text, width, 3).into_iter().map(Line::from));
        }
    };
    section(crate::t!("detail-trigger"), book.trigger.clone());
    section(
        crate::t!("detail-responsibilities"),
        book.responsibilities.clone(),
    );
    section(crate::t!("detail-documents"), book.documents.clone());
    let required_word = format!(" ({})", crate::t!("detail-required"));
    section(
        crate::t!("detail-data-points"),
        book.data_points
            .iter()
            .map(|p| {
                let value = deal
                    .extra
                    .iter()
                    .find(|(k, _)| crate::domain::text::same_name(k, &p.name))
                    .map_or("—", |(_, v)| v.as_str());
                let required = if p.required {
                    required_word.as_str()
                } else {
                    ""
                };
                format!("{}{required}: {value}", p.name)
            })
            .collect(),
    );
    section(
        crate::t!("detail-communication"),
        book.communication.clone(),
    );
    if book.is_empty() {
        lines.push(Line::from(
            format!(" ({})", crate::t!("detail-no-playbook")).dim(),
        ));
    }
}

/// Every field of the deal, then its stage history.
fn fields<'a>(state: &AppState, detail: &Detail, deal: &Deal, width: usize) -> Vec<Line<'a>> {
    let entered_stage_at = detail
        .history
        .iter()
        .find(|visit| visit.is_open())
        .map_or(deal.created_at, |visit| visit.entered_at);
    let stage = state.stage(deal.stage_id);
    let stage_name = stage.map(|s| s.name.clone()).unwrap_or_default();
    let probability = stage.map(|s| deal.effective_probability(s.probability));
    let numbers = crate::i18n::numbers();
    let mut fields = vec![
        field_line(&crate::t!("detail-field-title"), Some(deal.title.clone())),
        field_line(
            &crate::t!("detail-field-organization"),
            deal.organization.clone(),
        ),
        field_line(
            &crate::t!("detail-field-contact"),
            deal.contact.name.clone(),
        ),
        field_line(&crate::t!("detail-field-email"), deal.contact.email.clone()),
        field_line(&crate::t!("detail-field-phone"), deal.contact.phone.clone()),
        field_line(&crate::t!("detail-field-owner"), deal.owner.clone()),
        field_line(
            &crate::t!("detail-field-amount"),
            Some(format!(
                "{} {}",
                money(state, deal.amount, deal.currency),
                deal.currency
            )),
        ),
        field_line(
            &crate::t!("detail-field-probability"),
            probability.map(|p| {
                let p = numbers.whole_percent(u32::from(p));
                if deal.probability_override.is_some() {
                    format!("{p} ({})", crate::t!("detail-override"))
                } else {
                    p
                }
            }),
        ),
        field_line(
            &crate::t!("detail-field-stage"),
            Some(format!(
                "{stage_name} ({})",
                crate::app::board::status_word(deal.status)
            )),
        ),
        field_line(
            &crate::t!("detail-field-in-stage"),
            Some(crate::t!(
                "detail-days",
                days = (state.now - entered_stage_at).num_days().max(0)
            )),
        ),
        field_line(
            &crate::t!("detail-field-close-date"),
            deal.expected_close_date.map(|d| numbers.date(d)),
        ),
        field_line(&crate::t!("detail-field-source"), deal.source.clone()),
        field_line(
            &crate::t!("detail-field-qualification"),
            deal.qualification.map(|q| q.as_str().to_string()),
        ),
        field_line(
            &crate::t!("detail-field-lost-reason"),
            deal.lost_reason.clone(),
        ),
        field_line(&crate::t!("detail-field-won-note"), deal.won_note.clone()),
        field_line(
            &crate::t!("detail-field-created"),
            Some(day(deal.created_at)),
        ),
        field_line(&crate::t!("detail-field-closed"), deal.closed_at.map(day)),
        field_line(
            &crate::t!("detail-field-last-activity"),
            Some(day(deal.last_activity_at)),
        ),
    ];
    if deal.updated_by.is_some() {
        fields.push(field_line(
            &crate::t!("detail-field-changed-by"),
            deal.updated_by.clone(),
        ));
    }
    // A lead's conversion, shown only where there is one (seed 004).
    for (label, other) in [
        (crate::t!("detail-field-converted-to"), deal.converted_to),
        (crate::t!("detail-field-from-lead"), deal.from_lead),
    ] {
        if let Some(other) = other {
            fields.push(field_line(
                &label,
                Some(crate::t!("detail-deal-ref", id = other.to_string())),
            ));
        }
    }
    for (key, value) in &deal.extra {
        fields.push(field_line(&fit(key, 14), Some(value.clone())));
    }
    fields.push(Line::from(""));
    fields.push(Line::from(crate::t!("detail-stage-history").bold()));
    for visit in &detail.history {
        let name = state
            .stage(visit.stage_id)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| crate::t!("detail-stage-ref", id = visit.stage_id.0.to_string()));
        let until = visit
            .exited_at
            .map(day)
            .unwrap_or_else(|| crate::t!("detail-now"));
        let days = crate::t!(
            "detail-days-short",
            days = numbers.float(visit.days(state.now), 1)
        );
        let head = format!(" {} → {:<10} {days:>7}  ", day(visit.entered_at), until);
        let reason = visit
            .reason
            .as_ref()
            .map(|reason| format!(" ({})", printable(reason)))
            .unwrap_or_default();
        let who = by(visit.by.as_ref());
        // Who entered the stage stays in view: a long stage name is cut for it instead.
        let name = if who.is_empty() {
            printable(&name).into_owned()
        } else {
            let room = width.saturating_sub(head.width() + reason.width() + who.width());
            fit(&name, room.max(8))
        };
        fields.push(Line::from(format!("{head}{name}{reason}{who}")));
    }
    fields.into_iter().map(|l| fit_line(l, width)).collect()
}

/// A line cut to the column (fields and history are one line each).
fn fit_line(line: Line<'_>, width: usize) -> Line<'_> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    if text.width() <= width {
        return line;
    }
    let style = line.spans.first().map_or(Style::new(), |s| s.style);
    Line::styled(fit(&text, width), style)
}

#[cfg(test)]
mod tests {
    use super::wrap;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn wrapping_keeps_to_the_width_indents_and_keeps_line_breaks() {
        let lines = wrap("✓2026-05-11 email: Signed the NDA after a long wait", 20, 2);
        assert!(lines.iter().all(|l| l.width() <= 20), "{lines:?}");
        assert!(lines[1..].iter().all(|l| l.starts_with("  ")), "{lines:?}");
        assert_eq!(lines.join(" ").split_whitespace().count(), 9);
        assert_eq!(wrap("one\ntwo", 20, 1), ["one", " two"]);
        let long = wrap(&"x".repeat(50), 20, 0);
        assert_eq!(long.len(), 3);
        assert_eq!(wrap("a\u{7}b", 20, 0), ["a\\u{7}b"]);
    }
}
