//! The Dashboard tab's place on the board branch; the metrics view replaces it at merge.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Paragraph};

use crate::app::AppState;

pub fn draw(frame: &mut Frame, area: Rect, _state: &AppState) {
    let text = Paragraph::new("Dashboard: metrics are computed by `dealdeck report`")
        .block(Block::bordered().title(" Dashboard "));
    frame.render_widget(text, area);
}
