//! The `?` overlay: every binding of the live keymap, so remapped keys show as they are, and
//! on the Dashboard tab each figure's one-line definition.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

use super::dashboard::FIGURE_DEFINITIONS;
use super::{centered, fit};
use crate::app::{Action, AppState, Tab};

const LEGEND: [&str; 2] = [
    " ! rotting (idle past the stage's rot days)   * overdue follow-up",
    " a + after a total: cards in another currency are left out",
];

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState) {
    let entries: Vec<String> = Action::BINDABLE
        .iter()
        .map(|&action| {
            format!(
                " {:<11} {}",
                fit(&state.keymap.label_for(action), 11),
                action.description()
            )
        })
        .collect();
    let legend: Vec<String> = match state.tab {
        Tab::Board => LEGEND.iter().map(|l| l.to_string()).collect(),
        Tab::Dashboard => FIGURE_DEFINITIONS
            .iter()
            .map(|(figure, definition)| format!(" {figure:<14} {definition}"))
            .collect(),
    };
    // Short terminals get the bindings in two columns rather than cut off.
    let one_column = entries.len() + legend.len() + 3 <= usize::from(area.height);
    // The figures' definitions are longer than the board's legend.
    let one_column_width = if state.tab == Tab::Dashboard { 100 } else { 72 };
    let (columns, width) = if one_column {
        (1, one_column_width)
    } else {
        (2, 120)
    };
    let rows = entries.len().div_ceil(columns);
    let height = u16::try_from(rows + legend.len() + 3).unwrap_or(u16::MAX);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::bordered().title(" Keys (any key closes) ");
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [table, legend_area] = Layout::vertical([
        Constraint::Length(u16::try_from(rows + 1).unwrap_or(u16::MAX)),
        Constraint::Min(0),
    ])
    .areas(inner);
    let parts =
        Layout::horizontal(vec![Constraint::Ratio(1, columns as u32); columns]).split(table);
    for (part, chunk) in parts.iter().zip(entries.chunks(rows)) {
        let width = usize::from(part.width);
        let lines: Vec<Line> = chunk.iter().map(|e| Line::from(fit(e, width))).collect();
        frame.render_widget(Paragraph::new(lines), *part);
    }
    let width = usize::from(legend_area.width);
    let lines: Vec<Line> = legend.iter().map(|l| Line::from(fit(l, width))).collect();
    frame.render_widget(Paragraph::new(lines), legend_area);
}
