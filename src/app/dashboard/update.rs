//! The Dashboard tab's keys: periods, the custom range prompt and the goal planner's prompt.
//! Card keys do nothing here (the cards are not on screen) but say where they work.

use rust_decimal::Decimal;

use crate::app::action::{Action, Msg};
use crate::app::command::Command;
use crate::app::state::{AppState, Mode};
use crate::app::update::edit_text;
use crate::domain::parse_amount;

use super::{PeriodChoice, parse_period};

/// A key on the Dashboard tab with nothing open.
pub fn update(state: &mut AppState, action: Action) -> Command {
    if let Some(command) = super::navigate::scroll(state, action) {
        return command;
    }
    match action {
        Action::DashboardDeals => super::navigate::open_row(state),
        Action::OwnerFilter => super::figures_of::next_owner(state),
        Action::PeriodThisMonth => set_period(state, PeriodChoice::ThisMonth),
        Action::PeriodThisQuarter => set_period(state, PeriodChoice::ThisQuarter),
        Action::PeriodThisYear => set_period(state, PeriodChoice::ThisYear),
        Action::PeriodLast90Days => set_period(state, PeriodChoice::Last90Days),
        Action::PeriodAllTime => set_period(state, PeriodChoice::AllTime),
        Action::PeriodCustom => {
            state.mode = Mode::PeriodInput {
                input: String::new(),
            };
            Command::None
        }
        Action::GoalTarget => {
            state.mode = Mode::GoalInput {
                input: String::new(),
            };
            show_goal_input(state, Some(String::new()));
            Command::None
        }
        Action::Close | Action::Quit => Command::None,
        _ => {
            // The cards are not on screen: a W or an a here must not change a deal unseen.
            let key = state.keymap.label_for(Action::BoardTab);
            state.info(crate::t!("dash-msg-board-key", key = key));
            Command::None
        }
    }
}

fn set_period(state: &mut AppState, choice: PeriodChoice) -> Command {
    if state.dashboard.period == choice {
        return Command::None;
    }
    state.dashboard.period = choice;
    recompute(state)
}

/// The figures again from the rows in memory, for what is asked now.
fn recompute(state: &AppState) -> Command {
    state.view_request().map_or(Command::None, |request| {
        Command::RecomputeDashboard(Box::new(request))
    })
}

/// The goal planner shows what is being typed; the view is in the state, so it is set here.
fn show_goal_input(state: &mut AppState, input: Option<String>) {
    if let Some(view) = &mut state.dashboard.view {
        view.goal_input = input;
    }
}

pub fn goal_input(state: &mut AppState, mut input: String, msg: Msg) -> Command {
    match msg {
        Msg::Do(Action::Cancel) => {
            show_goal_input(state, None);
            Command::None
        }
        Msg::Do(Action::Accept) => {
            let text = input.trim();
            if text.is_empty() {
                show_goal_input(state, None);
                state.dashboard.target = None;
                state.info(crate::t!("dash-msg-goal-cleared"));
                return recompute(state);
            }
            let currency = state
                .current_pipeline()
                .map(|p| p.currency)
                .unwrap_or_default();
            match parse_amount(text, state.separator, currency) {
                Ok(target) if target > Decimal::ZERO => {
                    show_goal_input(state, None);
                    state.dashboard.target = Some(target);
                    recompute(state)
                }
                Ok(_) => {
                    state.error(crate::t!("dash-msg-target-positive"));
                    state.mode = Mode::GoalInput { input };
                    Command::None
                }
                Err(error) => {
                    state.error(crate::t!(
                        "dash-msg-target-error",
                        error = error.to_string()
                    ));
                    state.mode = Mode::GoalInput { input };
                    Command::None
                }
            }
        }
        _ => {
            if edit_text(&mut input, &msg) {
                state.message = None;
                show_goal_input(state, Some(input.clone()));
            }
            state.mode = Mode::GoalInput { input };
            Command::None
        }
    }
}

pub fn period_input(state: &mut AppState, mut input: String, msg: Msg) -> Command {
    match msg {
        Msg::Do(Action::Cancel) => Command::None,
        Msg::Do(Action::Accept) => match parse_period(&input) {
            Ok(period) => {
                state.dashboard.period = PeriodChoice::Custom(period);
                recompute(state)
            }
            Err(error) => {
                state.error(error.localised());
                state.mode = Mode::PeriodInput { input };
                Command::None
            }
        },
        _ => {
            if edit_text(&mut input, &msg) {
                state.message = None;
            }
            state.mode = Mode::PeriodInput { input };
            Command::None
        }
    }
}
