//! The dashboard's "What the figures say" panel: the report's insights (`metrics::insights`),
//! one sentence each with its figures, drawn into whatever rectangle the layout gives it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use crate::app::dashboard::layout::{INSIGHT_MARK as MARK, wrapped_rows};
use crate::domain::text::printable;
use crate::metrics::Report;

/// Draws the report's insights into `area`, one wrapped sentence each; what does not fit is
/// counted in the title so nothing is dropped silently.
pub fn draw_insights(buf: &mut Buffer, area: Rect, report: &Report) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let inner_rows = usize::from(area.height.saturating_sub(2));
    let inner = usize::from(area.width.saturating_sub(2)).max(1);
    let mut used = 0;
    let mut shown = 0;
    let mut lines: Vec<Line> = Vec::new();
    for insight in &report.insights {
        let said = insight.localised();
        let text = printable(&said).into_owned();
        let rows = wrapped_rows(&text, inner);
        if used + rows > inner_rows && shown > 0 {
            break;
        }
        used += rows;
        shown += 1;
        lines.push(Line::from(vec![
            Span::styled(MARK, Style::default().fg(Color::Yellow)),
            Span::raw(text),
        ]));
    }
    let hidden = report.insights.len() - shown;
    let title = if hidden > 0 {
        format!(
            " {} {} ",
            crate::t!("insight-title"),
            crate::t!("insight-more", count = hidden)
        )
    } else {
        format!(" {} ", crate::t!("insight-title"))
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(super::theme::secondary()))
        .title(Span::styled(
            title,
            Style::default().add_modifier(Modifier::BOLD),
        ));
    Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}
