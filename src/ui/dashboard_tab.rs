//! The Dashboard tab in the board: the figures kept in the state, or "computing…" while the
//! rows are still being read in the background; the drill-down list over it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::centered;
use super::dashboard::{Look, Viewport, draw_scrolled};
use crate::app::AppState;
use crate::domain::text::printable;

/// Draws the tab; returns the panels' viewport, which `update` scrolls by.
pub fn draw(frame: &mut Frame, area: Rect, state: &AppState) -> Viewport {
    let Some(view) = &state.dashboard.view else {
        let text = match &state.dashboard.failed {
            Some(error) if !state.dashboard.loading => {
                crate::t!("dash-read-failed", error = printable(error).as_ref())
            }
            _ => crate::t!("dash-computing"),
        };
        let text = Paragraph::new(text)
            .centered()
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(format!(" {} ", crate::t!("tab-dashboard"))));
        frame.render_widget(text, centered(area, 60, 5));
        return Viewport::default();
    };
    let accept = state
        .keymap
        .label_in(crate::app::KeyMode::Prompt, crate::app::Action::Accept);
    let owner = crate::app::dashboard::figures_of::owner_label(state);
    let look = Look {
        scroll: state.dashboard.scroll,
        cursor: Some(state.dashboard.cursor),
        owner: owner.as_deref(),
        accept: &accept,
    };
    let viewport = draw_scrolled(frame, area, view, &look);
    if state.dashboard.loading {
        // The figures stay readable while fresh rows are read; the corner says they may lag.
        let updating = format!(" {} ", crate::t!("dash-updating"));
        let width = unicode_width::UnicodeWidthStr::width(updating.as_str()) as u16;
        if area.width > width {
            let corner = Rect::new(area.right() - width, area.y, width, 1);
            frame.render_widget(Paragraph::new(updating.black().on_yellow()), corner);
        }
    }
    viewport
}
