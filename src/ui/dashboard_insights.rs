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
        .map(|i| wrapped_rows(&printable(&i.text), inner))
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

/// Rows a marked sentence takes when wrapped at word boundaries into `width` cells, as the
/// paragraph wraps it (a word longer than a row is cut).
fn wrapped_rows(text: &str, width: usize) -> usize {
    let width = width.max(1);
    let mut rows = 1;
    let mut used = MARK.width();
    // The mark ends in its own space: the first word needs none before it.
    let mut gap = 0;
    for word in text.split_whitespace() {
        let w = word.width();
        if used + gap + w <= width {
            used += gap + w;
        } else if w <= width {
            rows += 1;
            used = w;
        } else {
            // Cut across rows: what is left of the word starts the last one.
            let total = used + gap + w;
            rows += (total - 1) / width;
            used = (total - 1) % width + 1;
        }
        gap = 1;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::wrapped_rows;

    #[test]
    fn sentences_wrap_at_words_like_the_paragraph() {
        // "▸ " + "ab cd" fits in 7 cells; at 6 "cd" moves to a second row.
        assert_eq!(wrapped_rows("ab cd", 7), 1);
        assert_eq!(wrapped_rows("ab cd", 6), 2);
        assert_eq!(wrapped_rows("", 10), 1);
        assert_eq!(wrapped_rows("abcdefghij", 4), 3);
    }
}
