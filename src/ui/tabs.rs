//! The top line (tabs, pipeline, filter) and the pipeline switcher.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{centered, fit};
use crate::app::{Action, AppState, KeyMode, Tab};

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState) {
    let tab = |name: String, number: char, this: Tab| {
        let text = format!(" {number} {name} ");
        if state.tab == this {
            Span::styled(
                text,
                Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            )
        } else {
            Span::raw(text)
        }
    };
    let mut spans = vec![
        tab(crate::t!("tab-board"), '1', Tab::Board),
        Span::raw("│"),
        tab(crate::t!("tab-dashboard"), '2', Tab::Dashboard),
        Span::raw("│"),
        tab(crate::t!("tab-agenda"), '3', Tab::Agenda),
        Span::raw("  "),
    ];
    if let Some(pipeline) = state.current_pipeline() {
        spans.push(Span::raw(crate::t!(
            "tabs-pipeline",
            name = fit(&pipeline.name, 30),
            currency = pipeline.currency.to_string()
        )));
    }
    if !state.board.filter.is_empty() {
        spans.push(Span::raw("  "));
        spans.push(crate::t!("tabs-filter", text = fit(&state.board.filter, 30)).yellow());
    }
    if let Some(user) = &state.board.mine {
        spans.push(Span::raw("  "));
        spans.push(crate::t!("tabs-mine", user = fit(user, 20)).yellow());
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn draw_picker(frame: &mut Frame, area: Rect, state: &AppState, selected: usize) {
    let height = u16::try_from(state.pipelines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let popup = centered(area, 44, height);
    frame.render_widget(Clear, popup);
    let lines: Vec<Line> = state
        .pipelines
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let text = format!(" {} ", fit(&p.name, 38));
            if i == selected {
                Line::from(text.reversed())
            } else {
                Line::from(text)
            }
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(format!(
            " {} ",
            crate::t!(
                "tabs-switch-pipeline",
                accept = super::key(state, KeyMode::Picker, Action::Accept),
                cancel = super::key(state, KeyMode::Picker, Action::Cancel)
            )
        ))),
        popup,
    );
}
