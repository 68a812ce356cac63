//! The new-deal and edit-deal form, with each field's parse error under it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{centered, fit};
use crate::app::AppState;
use crate::app::state::DealForm;

pub fn draw(frame: &mut Frame, area: Rect, _state: &AppState, form: &DealForm) {
    let width = area.width.min(72);
    let inner = usize::from(width.saturating_sub(2));
    let errors: usize = form
        .fields
        .iter()
        .filter_map(|f| f.error.as_deref())
        .map(|e| wrap(e, inner.saturating_sub(14).max(10)).len())
        .sum();
    let height = u16::try_from(form.fields.len() + errors + 4).unwrap_or(u16::MAX);
    let popup = centered(area, width, height);
    let mut lines = Vec::new();
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focused;
        let label = format!("{:>12}: ", field.kind.label());
        let value_width = inner.saturating_sub(label.chars().count() + 1);
        let mut value = fit(&field.value, value_width);
        if focused {
            value.push('█');
        }
        let style = if focused {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let label_span = if field.error.is_some() {
            Span::styled(label, style.red())
        } else {
            Span::styled(label, style)
        };
        lines.push(Line::from(vec![label_span, Span::styled(value, style)]));
        if let Some(error) = &field.error {
            for part in wrap(error, inner.saturating_sub(14).max(10)) {
                lines.push(Line::from(format!("{:>14}{part}", "").red()));
            }
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(
        " Enter save · Tab/↓ next · ↑ previous · Esc cancel".dim(),
    ));
    let title = match &form.editing {
        Some(deal) => format!(" Edit deal {} ", deal.id),
        None => " New deal ".to_string(),
    };
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        popup,
    );
}

/// Splits a message into lines of at most `width` columns at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let word = fit(word, width);
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
