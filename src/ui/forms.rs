//! The new-deal and edit-deal form, with each field's parse error under it; data points a
//! stage requires are marked `*`, with the stage named below the fields.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use unicode_width::UnicodeWidthStr;

use super::{centered, fit};
use crate::app::state::{DealForm, FieldKind, FormField};
use crate::app::{Action, AppState, KeyMode};
use crate::domain::text::printable;

/// The widest a label column gets; longer data point names are cut.
const MAX_LABEL: usize = 24;

fn is_required(form: &DealForm, field: &FormField) -> bool {
    match field.kind {
        FieldKind::DataPoint(i) => form
            .data_points
            .get(i)
            .is_some_and(|p| p.required_by.is_some()),
        _ => false,
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, form: &DealForm) {
    let width = area.width.min(72);
    let inner = usize::from(width.saturating_sub(2));
    // Labels line up; a data point's name widens the column up to a point, then is cut.
    let label_width = form
        .fields
        .iter()
        .map(|f| form.label(f).width() + usize::from(is_required(form, f)))
        .max()
        .unwrap_or(0)
        .clamp(12, MAX_LABEL);
    let indent = label_width + 2;
    let errors: usize = form
        .fields
        .iter()
        .filter_map(|f| f.error.as_deref())
        .map(|e| wrap(e, inner.saturating_sub(indent).max(10)).len())
        .sum();
    let required: Vec<&str> = form
        .fields
        .iter()
        .filter_map(|f| match f.kind {
            FieldKind::DataPoint(i) => form.data_points.get(i)?.required_by.as_deref(),
            _ => None,
        })
        .collect();
    let mut stages: Vec<&str> = Vec::new();
    for stage in &required {
        if !stages.contains(stage) {
            stages.push(stage);
        }
    }
    let legend = if stages.is_empty() {
        None
    } else {
        let quoted: Vec<String> = stages
            .iter()
            .map(|s| format!("{:?}", printable(s)))
            .collect();
        Some(format!(
            " * {}",
            crate::t!("form-required-legend", stages = quoted.join(", "))
        ))
    };
    let legend_lines = usize::from(legend.is_some());
    let height = u16::try_from(form.fields.len() + errors + 4 + legend_lines).unwrap_or(u16::MAX);
    let popup = centered(area, width, height);
    let mut lines = Vec::new();
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focused;
        let mut name = form.label(field);
        if is_required(form, field) {
            name = format!("{}*", fit(&name, label_width - 1));
        } else {
            name = fit(&name, label_width);
        }
        let label = format!("{name:>label_width$}: ");
        let value_width = inner.saturating_sub(label.width() + 1);
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
            for part in wrap(error, inner.saturating_sub(indent).max(10)) {
                lines.push(Line::from(format!("{:>indent$}{part}", "").red()));
            }
        }
    }
    if let Some(legend) = legend {
        lines.push(Line::from(fit(&legend, inner).dim()));
    }
    lines.push(Line::from(""));
    let key = |action| super::key(state, KeyMode::Form, action);
    lines.push(Line::from(
        format!(
            " {}",
            crate::t!(
                "form-keys",
                accept = key(Action::Accept),
                next = key(Action::NextField),
                previous = key(Action::PreviousField),
                cancel = key(Action::Cancel)
            )
        )
        .dim(),
    ));
    let title = match &form.editing {
        Some(deal) => format!(
            " {} ",
            crate::t!("form-title-edit", id = deal.id.to_string())
        ),
        None => format!(" {} ", crate::t!("form-title-new")),
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
