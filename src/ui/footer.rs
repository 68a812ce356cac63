//! The bottom line: the latest message, a prompt, or key hints read from the live keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{fit, key};
use crate::app::state::Message;
use crate::app::{Action, AppState, KeyMode, Mode, Tab};

/// The actions the footer advertises, most useful first, each with its catalogue key (the
/// hint's word); the rest are in the help overlay.
const HINTS: &[(Action, &str)] = &[
    (Action::Help, "footer-help"),
    (Action::MoveRight, "footer-move"),
    (Action::MarkWon, "footer-won"),
    (Action::MarkLost, "footer-lost"),
    (Action::OpenDetail, "footer-detail"),
    (Action::NewDeal, "footer-new"),
    (Action::Filter, "footer-filter"),
    (Action::Undo, "footer-undo"),
    (Action::Quit, "footer-quit"),
];

/// The Dashboard tab's hints: its period and goal keys instead of the card moves.
const DASHBOARD_HINTS: &[(Action, &str)] = &[
    (Action::Help, "footer-help"),
    (Action::DashboardDown, "footer-row"),
    (Action::DashboardDeals, "footer-deals"),
    (Action::DashboardPageDown, "footer-page"),
    (Action::OwnerFilter, "footer-owner"),
    (Action::PeriodThisMonth, "footer-month"),
    (Action::PeriodThisQuarter, "footer-quarter"),
    (Action::PeriodThisYear, "footer-year"),
    (Action::PeriodLast90Days, "footer-90-days"),
    (Action::PeriodAllTime, "footer-all"),
    (Action::PeriodCustom, "footer-from-to"),
    (Action::GoalTarget, "footer-goal"),
    (Action::SwitchPipeline, "footer-pipeline"),
    (Action::Quit, "footer-quit"),
];

/// The Agenda tab's hints: moving through the rows, jumping to the deal, the rep's keys.
const AGENDA_HINTS: &[(Action, &str)] = &[
    (Action::Help, "footer-help"),
    (Action::FocusDown, "footer-down"),
    (Action::FocusUp, "footer-up"),
    (Action::OpenDetail, "footer-go-to-deal"),
    (Action::MarkDone, "footer-done"),
    (Action::Reschedule, "footer-reschedule"),
    (Action::Schedule, "footer-follow-up"),
    (Action::BoardTab, "footer-board"),
    (Action::SwitchPipeline, "footer-pipeline"),
    (Action::Quit, "footer-quit"),
];

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState) {
    let width = usize::from(area.width);
    let accept = key(state, KeyMode::Prompt, Action::Accept);
    let cancel = key(state, KeyMode::Prompt, Action::Cancel);
    let line = match (&state.mode, &state.message) {
        (Mode::Filter, _) => Line::from(format!(
            "/{}█  ({})",
            fit(&state.board.filter, width.saturating_sub(30)),
            crate::t!(
                "footer-filter-keys",
                accept = accept.as_str(),
                cancel = cancel.as_str()
            )
        )),
        (Mode::ConfirmArchive { deal, .. }, _) => {
            let title = state
                .deal_by_id(*deal)
                .map(|d| fit(&d.title, 40))
                .unwrap_or_default();
            let yes = key(state, KeyMode::Confirm, Action::Confirm);
            Line::from(
                crate::t!(
                    "footer-confirm-archive",
                    title = format!("{title:?}"),
                    yes = yes
                )
                .yellow(),
            )
        }
        (Mode::PeriodInput { input }, message) => {
            let prompt = format!(
                "{} {}█  ",
                crate::t!("footer-period-prompt"),
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
                    "{prompt}({})",
                    crate::t!(
                        "footer-period-keys",
                        accept = accept.as_str(),
                        cancel = cancel.as_str()
                    )
                )),
            }
        }
        (Mode::GoalInput { input }, None) => Line::from(format!(
            "{} {}█  ({})",
            crate::t!("footer-goal-prompt"),
            fit(input, 30),
            crate::t!(
                "footer-goal-keys",
                accept = accept.as_str(),
                cancel = cancel.as_str()
            )
        )),
        (_, Some(Message::Error(text))) => Line::from(fit(text, width).red().bold()),
        // Done on screen only once on disk: until the sync says so, not yet in green.
        (_, Some(Message::Info(text))) if state.saving.is_some() => {
            let saving = format!("  {}", crate::t!("footer-saving"));
            let room = width.saturating_sub(saving.chars().count());
            Line::from(vec![fit(text, room).into(), saving.dim()])
        }
        (_, Some(Message::Info(text))) => Line::from(fit(text, width).green()),
        (_, None) if state.offline.is_some() => Line::from(
            fit(state.offline.as_deref().unwrap_or_default(), width)
                .yellow()
                .bold(),
        ),
        (_, None) if state.saving.is_some() => Line::from(
            fit(
                &format!("{}  {}", crate::t!("footer-saving"), hints(state)),
                width,
            )
            .dim(),
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
            Some(format!("{} {}", key.label(), crate::i18n::text(label, &[])))
        })
        .collect::<Vec<_>>()
        .join("  ")
}
