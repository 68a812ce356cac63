//! The bottom line: the latest message, a prompt, or key hints read from the live keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{fit, key};
use crate::app::state::Message;
use crate::app::{Action, AppState, KeyMode, Mode, Tab};

/// The actions the footer advertises, most useful first; the rest are in the help overlay.
const HINTS: &[(Action, &str)] = &[
    (Action::Help, "help"),
    (Action::MoveRight, "move"),
    (Action::MarkWon, "won"),
    (Action::MarkLost, "lost"),
    (Action::OpenDetail, "detail"),
    (Action::NewDeal, "new"),
    (Action::Filter, "filter"),
    (Action::Undo, "undo"),
    (Action::Quit, "quit"),
];

/// The Dashboard tab's hints: its period and goal keys instead of the card moves.
const DASHBOARD_HINTS: &[(Action, &str)] = &[
    (Action::Help, "help"),
    (Action::DashboardDown, "row"),
    (Action::DashboardDeals, "deals"),
    (Action::DashboardPageDown, "page"),
    (Action::OwnerFilter, "owner"),
    (Action::PeriodThisMonth, "month"),
    (Action::PeriodThisQuarter, "quarter"),
    (Action::PeriodThisYear, "year"),
    (Action::PeriodLast90Days, "90 days"),
    (Action::PeriodAllTime, "all"),
    (Action::PeriodCustom, "from–to"),
    (Action::GoalTarget, "goal"),
    (Action::SwitchPipeline, "pipeline"),
    (Action::Quit, "quit"),
];

/// The Agenda tab's hints: moving through the rows, jumping to the deal, the rep's keys.
const AGENDA_HINTS: &[(Action, &str)] = &[
    (Action::Help, "help"),
    (Action::FocusDown, "down"),
    (Action::FocusUp, "up"),
    (Action::OpenDetail, "go to deal"),
    (Action::MarkDone, "done"),
    (Action::Reschedule, "reschedule"),
    (Action::Schedule, "follow-up"),
    (Action::BoardTab, "board"),
    (Action::SwitchPipeline, "pipeline"),
    (Action::Quit, "quit"),
];

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState) {
    let width = usize::from(area.width);
    let accept = key(state, KeyMode::Prompt, Action::Accept);
    let cancel = key(state, KeyMode::Prompt, Action::Cancel);
    let line = match (&state.mode, &state.message) {
        (Mode::Filter, _) => Line::from(format!(
            "/{}█  ({accept} keeps, {cancel} clears)",
            fit(&state.board.filter, width.saturating_sub(30))
        )),
        (Mode::ConfirmArchive { deal, .. }, _) => {
            let title = state
                .deal_by_id(*deal)
                .map(|d| fit(&d.title, 40))
                .unwrap_or_default();
            let yes = key(state, KeyMode::Confirm, Action::Confirm);
            Line::from(
                format!("archive {title:?}? {yes} to confirm, any other key cancels").yellow(),
            )
        }
        (Mode::PeriodInput { input }, message) => {
            let prompt = format!(
                "period from–to: {}█  ",
                fit(input, width.saturating_sub(40))
            );
            match message {
                Some(Message::Error(text)) => Line::from(vec![
                    prompt.into(),
                    fit(text, width.saturating_sub(input.len() + 20))
                        .red()
                        .bold(),
                ]),
                _ => Line::from(format!(
                    "{prompt}(e.g. 2026-01-01 2026-03-31; {accept} sets, {cancel} cancels)"
                )),
            }
        }
        (Mode::GoalInput { input }, None) => Line::from(format!(
            "target: {}█  (in the pipeline's currency; {accept} sets, empty clears, {cancel} cancels)",
            fit(input, 30)
        )),
        (_, Some(Message::Error(text))) => Line::from(fit(text, width).red().bold()),
        (_, Some(Message::Info(text))) => Line::from(fit(text, width).green()),
        (_, None) if state.offline.is_some() => Line::from(
            fit(state.offline.as_deref().unwrap_or_default(), width)
                .yellow()
                .bold(),
        ),
        (_, None) => Line::from(fit(&hints(state), width).dim()),
    };
    frame.render_widget(Paragraph::new(line), area);
}

pub fn hints(state: &AppState) -> String {
    let hints = match state.tab {
        Tab::Board => HINTS,
        Tab::Dashboard => DASHBOARD_HINTS,
        Tab::Agenda => AGENDA_HINTS,
    };
    hints
        .iter()
        .filter_map(|(action, label)| {
            let key = state.keymap.keys_for(*action).next()?;
            Some(format!("{} {label}", key.label()))
        })
        .collect::<Vec<_>>()
        .join("  ")
}
