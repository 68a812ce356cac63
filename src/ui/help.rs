//! The `?` overlay: every binding of the live keymap, so remapped keys show as they are.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

use super::centered;
use crate::app::{Action, AppState};

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState) {
    let mut lines: Vec<Line> = Action::BINDABLE
        .iter()
        .map(|&action| {
            Line::from(format!(
                " {:<16} {}",
                state.keymap.label_for(action),
                action.description()
            ))
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(
        " ! rotting (idle past the stage's rot days)   * overdue follow-up",
    ));
    lines.push(Line::from(
        " sums marked + leave out cards in another currency",
    ));
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let popup = centered(area, 72, height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Keys (any key closes) ")),
        popup,
    );
}
