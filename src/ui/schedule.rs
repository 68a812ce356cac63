//! The inline schedule input, drawn over the card (or in the middle of the Agenda and the
//! detail pane): the kind, the date being typed, and the stage's communication habits as
//! templates. Key names come from the live keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{centered, fit};
use crate::app::board::schedule::{Purpose, ScheduleInput, kind_for_habit};
use crate::app::{Action, AppState, KeyMode};

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
        Purpose::Schedule => ("Schedule", "schedule"),
        Purpose::NextStep => ("Next step", "schedule"),
        Purpose::Reschedule(_) => ("Reschedule", "move"),
        Purpose::LogCall => ("Log a call done now", "log"),
    };
    if input.purpose == Purpose::LogCall {
        lines.push(Line::from(format!(
            "outcome: {}█",
            fit(&input.input, inner.saturating_sub(11))
        )));
        lines.push(Line::from(
            fit(
                &format!(
                    "optional: {} with nothing typed logs it",
                    key(Action::Accept)
                ),
                inner,
            )
            .dim(),
        ));
    } else {
        lines.push(Line::from(format!(
            "kind: {}  ({} next kind)",
            input.kind.label(),
            key(Action::NextKind)
        )));
        lines.push(Line::from(format!(
            "when: {}█",
            fit(&input.input, inner.saturating_sub(8))
        )));
        lines.push(Line::from(
            fit("e.g. tomorrow, +3d, fri 14:00, 2026-12-03", inner).dim(),
        ));
    }
    if !input.templates.is_empty() {
        lines.push(Line::from(
            fit(
                &format!(
                    "stage habits ({}{} picks one as the note):",
                    key(Action::PickPrevious),
                    key(Action::PickNext)
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
            let kind = kind_for_habit(text).label();
            let room = inner.saturating_sub(kind.len() + 5);
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
    let name = fit(&input.title, inner.saturating_sub(title.len() + 6));
    let bottom = format!(
        " {} {accept} · {} cancel ",
        key(Action::Accept),
        key(Action::Cancel)
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
