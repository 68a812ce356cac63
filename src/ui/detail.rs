//! The deal detail pane: every field, the stage's playbook, stage history and notes.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{fit, money};
use crate::app::state::Detail;
use crate::app::{Action, AppState, KeyMode};
use crate::domain::text::printable;

fn day(moment: DateTime<Utc>) -> String {
    moment.format("%Y-%m-%d").to_string()
}

fn field_line<'a>(label: &str, value: Option<String>) -> Line<'a> {
    Line::from(format!(
        "{label:>14}: {}",
        value
            .map(|v| printable(&v).into_owned())
            .unwrap_or_else(|| "—".into())
    ))
}

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, detail: &Detail) {
    frame.render_widget(Clear, area);
    let Some(deal) = detail.full.as_deref() else {
        frame.render_widget(
            Paragraph::new(format!(
                "this deal could not be read ({} closes)",
                super::key(state, KeyMode::Detail, Action::Close)
            ))
            .block(Block::bordered()),
            area,
        );
        return;
    };
    let entered_stage_at = detail
        .history
        .iter()
        .find(|visit| visit.is_open())
        .map_or(deal.created_at, |visit| visit.entered_at);
    let stage = state.stage(deal.stage_id);
    let title = format!(
        " Deal {} — {} ",
        deal.id,
        fit(&deal.title, usize::from(area.width.saturating_sub(20)))
    );
    let block = Block::bordered().title(title).title_bottom(format!(
        " {} close · {} edit, data points · {} lost reason · {} add note ",
        super::key(state, KeyMode::Detail, Action::Close),
        super::key(state, KeyMode::Detail, Action::EditDeal),
        super::key(state, KeyMode::Detail, Action::EditReason),
        super::key(state, KeyMode::Detail, Action::AddNote)
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .spacing(2)
            .areas(inner);

    let stage_name = stage.map(|s| s.name.clone()).unwrap_or_default();
    let probability = stage.map(|s| deal.effective_probability(s.probability));
    let mut fields = vec![
        field_line("Title", Some(deal.title.clone())),
        field_line("Organization", deal.organization.clone()),
        field_line("Contact", deal.contact.name.clone()),
        field_line("E-mail", deal.contact.email.clone()),
        field_line("Phone", deal.contact.phone.clone()),
        field_line("Owner", deal.owner.clone()),
        field_line(
            "Amount",
            Some(format!(
                "{} {}",
                money(state, deal.amount, deal.currency),
                deal.currency
            )),
        ),
        field_line(
            "Probability",
            probability.map(|p| {
                if deal.probability_override.is_some() {
                    format!("{p}% (override)")
                } else {
                    format!("{p}%")
                }
            }),
        ),
        field_line(
            "Stage",
            Some(format!("{stage_name} ({})", deal.status.as_str())),
        ),
        field_line(
            "In stage",
            Some(format!(
                "{} days",
                (state.now - entered_stage_at).num_days().max(0)
            )),
        ),
        field_line(
            "Close date",
            deal.expected_close_date.map(|d| d.to_string()),
        ),
        field_line("Source", deal.source.clone()),
        field_line(
            "Qualification",
            deal.qualification.map(|q| q.as_str().to_string()),
        ),
        field_line("Lost reason", deal.lost_reason.clone()),
        field_line("Won note", deal.won_note.clone()),
        field_line("Created", Some(day(deal.created_at))),
        field_line("Closed", deal.closed_at.map(day)),
        field_line("Last activity", Some(day(deal.last_activity_at))),
    ];
    for (key, value) in &deal.extra {
        fields.push(field_line(&fit(key, 14), Some(value.clone())));
    }
    fields.push(Line::from(""));
    fields.push(Line::from("Stage history".bold()));
    for visit in &detail.history {
        let name = state
            .stage(visit.stage_id)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| format!("stage {}", visit.stage_id.0));
        let until = visit.exited_at.map(day).unwrap_or_else(|| "now".into());
        let mut line = format!(
            " {} → {:<10} {:>6.1}d  {}",
            day(visit.entered_at),
            until,
            visit.days(state.now),
            printable(&name)
        );
        if let Some(reason) = &visit.reason {
            line.push_str(&format!(" ({})", printable(reason)));
        }
        fields.push(Line::from(line));
    }
    frame.render_widget(Paragraph::new(fields), left);

    let mut right_lines = Vec::new();
    if let Some(stage) = stage {
        right_lines.push(Line::from(
            format!("Playbook: {}", printable(&stage.name)).bold(),
        ));
        let book = &stage.playbook;
        let mut section = |heading: &str, items: Vec<String>| {
            if items.is_empty() {
                return;
            }
            right_lines.push(Line::from(heading.to_string().underlined()));
            for item in items {
                right_lines.push(Line::from(format!(" {}", printable(&item))));
            }
        };
        section(
            "Trigger",
            book.trigger.iter().map(|t| format!("• {t}")).collect(),
        );
        section(
            "Responsibilities",
            book.responsibilities
                .iter()
                .map(|t| format!("• {t}"))
                .collect(),
        );
        section(
            "Documents",
            book.documents.iter().map(|t| format!("• {t}")).collect(),
        );
        section(
            "Data points",
            book.data_points
                .iter()
                .map(|p| {
                    let value = deal
                        .extra
                        .iter()
                        .find(|(k, _)| crate::domain::text::same_name(k, &p.name))
                        .map(|(_, v)| v.clone());
                    let required = if p.required { " (required)" } else { "" };
                    match value {
                        Some(v) => format!("• {}{required}: {v}", p.name),
                        None => format!("• {}{required}: —", p.name),
                    }
                })
                .collect(),
        );
        section(
            "Tasks",
            book.tasks.iter().map(|t| format!("[ ] {t}")).collect(),
        );
        section(
            "Communication",
            book.communication
                .iter()
                .map(|t| format!("• {t}"))
                .collect(),
        );
        if book.is_empty() {
            right_lines.push(Line::from(" (no playbook for this stage)".dim()));
        }
    }
    right_lines.push(Line::from(""));
    right_lines.push(Line::from(format!("Notes ({})", detail.notes.len()).bold()));
    if let Some(input) = &detail.note_input {
        right_lines.push(Line::from(
            format!(
                "> {}█  ({} saves, {} cancels)",
                printable(input),
                super::key(state, KeyMode::Prompt, Action::Accept),
                super::key(state, KeyMode::Prompt, Action::Cancel)
            )
            .yellow(),
        ));
    }
    for note in detail.notes.iter().rev() {
        right_lines.push(Line::from(format!(
            " {}  {}",
            day(note.created_at),
            printable(&note.body)
        )));
    }
    frame.render_widget(
        Paragraph::new(right_lines).wrap(Wrap { trim: false }),
        right,
    );
}
