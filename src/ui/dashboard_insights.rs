//! The dashboard's "What the figures say" panel: the report's insights (`metrics::insights`),
//! one sentence each with its figures, drawn into whatever rectangle the layout gives it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::domain::text::printable;
use crate::metrics::Report;

const TITLE: &str = " What the figures say ";
const MARK: &str = "▸ ";

/// Rows the panel wants at `width` (borders included), at most `max_rows`; 0 when the
/// figures say nothing, so the panel takes no room.
pub fn insights_height(report: &Report, width: u16, max_rows: u16) -> u16 {
    if report.insights.is_empty() {
        return 0;
    }
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let lines: usize = report
        .insights
        .iter()
        .map(|i| (MARK.width() + printable(&i.text).width()).div_ceil(inner))
        .sum();
    let wanted = u16::try_from(lines).unwrap_or(u16::MAX).saturating_add(2);
    wanted.min(max_rows)
}

/// Draws the report's insights into `area`, one wrapped sentence each; what does not fit is
/// counted in the title so nothing is dropped silently.
pub fn draw_insights(frame: &mut Frame, area: Rect, report: &Report) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let inner_rows = usize::from(area.height.saturating_sub(2));
    let inner = usize::from(area.width.saturating_sub(2)).max(1);
    let mut used = 0;
    let mut shown = 0;
    let mut lines: Vec<Line> = Vec::new();
    for insight in &report.insights {
        let text = printable(&insight.text).into_owned();
        let rows = (MARK.width() + text.width()).div_ceil(inner).max(1);
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
        format!("{TITLE}(+{hidden} more: `dealdeck report`) ")
    } else {
        TITLE.to_string()
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(Color::DarkGray))
        .title(Span::styled(
            title,
            Style::default().add_modifier(Modifier::BOLD),
        ));
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        area,
    );
}
