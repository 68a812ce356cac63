//! The inline schedule input, drawn over the card (or in the middle of the Agenda and the
//! detail pane): the kind, the date being typed, and the stage's communication habits as
//! templates. Key names come from the live keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{centered, fit};
use crate::app::agenda::words::kind_label;
use crate::app::board::schedule::{Purpose, ScheduleInput, kind_for_habit};
use crate::app::{Action, AppState, KeyMode};
use crate::t;

const WIDTH: u16 = 56;
const MAX_TEMPLATES: usize = 5;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    anchor: Option<Rect>,
    state: &AppState,
    input: &ScheduleInput,
) {
    let key = |action| super::key(state, KeyMode::Prompt, action);
    let width = WIDTH.min(area.width);
    let inner = usize::from(width.saturating_sub(2));
    let mut lines = Vec::new();
    let (title, accept) = match input.purpose {
        Purpose::Schedule => (
            t!("schedule-title-schedule"),
            t!("schedule-accept-schedule"),
        ),
        Purpose::NextStep => (
            t!("schedule-title-next-step"),
            t!("schedule-accept-schedule"),
        ),
        Purpose::Reschedule(_) => (t!("schedule-title-reschedule"), t!("schedule-accept-move")),
        Purpose::LogCall => (t!("schedule-title-log-call"), t!("schedule-accept-log")),
    };
    if input.purpose == Purpose::LogCall {
        lines.push(typed_line(&t!("schedule-outcome"), &input.input, inner));
        let hint = t!("schedule-optional", key = key(Action::Accept));
        lines.push(Line::from(fit(&hint, inner).dim()));
    } else {
        let kind = t!(
            "schedule-kind",
            kind = kind_label(input.kind),
            key = key(Action::NextKind)
        );
        lines.push(Line::from(fit(&kind, inner)));
        lines.push(typed_line(&t!("schedule-when"), &input.input, inner));
        lines.push(Line::from(fit(&t!("schedule-examples"), inner).dim()));
    }
    if !input.templates.is_empty() {
        lines.push(Line::from(
            fit(
                &t!(
                    "schedule-habits",
                    keys = format!("{}{}", key(Action::PickPrevious), key(Action::PickNext))
                ),
                inner,
            )
            .dim(),
        ));
        let first = input
            .template
            .map_or(0, |s| (s + 1).saturating_sub(MAX_TEMPLATES));
        for (i, text) in input
            .templates
            .iter()
            .enumerate()
            .skip(first)
            .take(MAX_TEMPLATES)
        {
            let kind = kind_label(kind_for_habit(text));
            let room = inner.saturating_sub(kind.width() + 5);
            let line = format!("  {} [{kind}]", fit(text, room));
            lines.push(if input.template == Some(i) {
                Line::from(line.reversed())
            } else {
                Line::from(line)
            });
        }
    }
    let height = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let popup = match anchor {
        Some(card) => {
            let x = card.x.min(area.right().saturating_sub(width));
            let y = card.y.min(area.bottom().saturating_sub(height));
            Rect::new(x, y, width, height)
        }
        None => centered(area, width, height),
    };
    let name = fit(&input.title, inner.saturating_sub(title.width() + 6));
    let bottom = format!(
        " {} {accept} · {} {} ",
        key(Action::Accept),
        key(Action::Cancel),
        t!("schedule-cancel")
    );
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(format!(" {title}: {name} "))
                .title_bottom(bottom),
        ),
        popup,
    );
}

/// `label text█`: what is being typed after its label, cut to what the popup leaves.
fn typed_line(label: &str, typed: &str, inner: usize) -> Line<'static> {
    // The label, a space, and the cursor block.
    let room = inner.saturating_sub(label.width() + 3);
    Line::from(format!("{label} {}█", fit(typed, room)))
}
