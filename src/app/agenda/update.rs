//! The Agenda tab's keys: move through the rows, jump to a deal on the board, mark done
//! (then plan the next step), reschedule, schedule or log a call on the row's deal, and lose
//! a gone-quiet deal. Other card keys do nothing here but say where they work.

use crate::app::action::Action;
use crate::app::board::schedule::{self, Purpose, Target};
use crate::app::command::Command;
use crate::app::state::{AppState, LostReasonEditor, Mode, Tab};
use crate::domain::StageKind;

/// The lost reason `X` on a gone-quiet deal preselects: the seeds' "prune dead leads".
pub const QUIET_REASON: &str = "No response";

/// A key on the Agenda tab with nothing open.
pub fn update(state: &mut AppState, action: Action) -> Command {
    let count = state.agenda.rows().len();
    match action {
        Action::FocusDown => {
            state.agenda.selected = (state.agenda.selected + 1).min(count.saturating_sub(1));
            Command::None
        }
        Action::FocusUp => {
            state.agenda.selected = state
                .agenda
                .selected
                .min(count.saturating_sub(1))
                .saturating_sub(1);
            Command::None
        }
        Action::OpenDetail => {
            let Some(row) = state.agenda.selected_row() else {
                state.info(crate::t!("msg-agenda-empty"));
                return Command::None;
            };
            state.tab = Tab::Board;
            // Columns are read in pages: a deal further down is read in first.
            let stage = state.agenda.selected_stage();
            if let Some(ask) = stage.and_then(|stage| state.board.reach(row.deal, stage)) {
                return Command::LoadCards {
                    asks: vec![ask],
                    needle: state.board.needle(),
                };
            }
            if state.deal_by_id(row.deal).is_some() {
                state.focus_on(row.deal);
            } else {
                state.info(crate::t!("msg-not-on-board"));
            }
            Command::None
        }
        Action::MarkDone => match state.agenda.selected_item() {
            Some(item) => Command::CompleteActivity(item.activity.id),
            None => {
                state.info(crate::t!("msg-quiet-not-done"));
                Command::None
            }
        },
        Action::Schedule | Action::LogCall => {
            let Some(target) = selected_target(state) else {
                state.info(crate::t!("msg-agenda-empty"));
                return Command::None;
            };
            let purpose = if action == Action::LogCall {
                Purpose::LogCall
            } else {
                Purpose::Schedule
            };
            schedule::open(
                state,
                target,
                purpose,
                schedule::default_kind(purpose),
                None,
            );
            Command::None
        }
        Action::Reschedule => {
            let Some(item) = state.agenda.selected_item().cloned() else {
                state.info(crate::t!("msg-quiet-not-planned"));
                return Command::None;
            };
            let target = Target {
                deal: item.activity.deal_id,
                title: item.deal_title,
                stage: Some(item.stage_id),
            };
            let purpose = Purpose::Reschedule(item.activity.id);
            schedule::open(state, target, purpose, item.activity.kind, None);
            Command::None
        }
        Action::MarkLost => lose_quiet_deal(state),
        Action::Close | Action::Quit => Command::None,
        _ => {
            // The cards are not on screen: a W or an a here must not change a deal unseen.
            let key = state.keymap.label_for(Action::BoardTab);
            state.info(crate::t!("msg-board-tab-key", key = key));
            Command::None
        }
    }
}

/// The deal of the selected row, with what the schedule input shows of it.
fn selected_target(state: &AppState) -> Option<Target> {
    let row = state.agenda.selected_row()?;
    if let Some(item) = state.agenda.selected_item() {
        return Some(Target {
            deal: item.activity.deal_id,
            title: item.deal_title.clone(),
            stage: Some(item.stage_id),
        });
    }
    let quiet = state.agenda.agenda.as_ref()?.gone_quiet.get(row.index)?;
    Some(Target {
        deal: quiet.deal_id,
        title: quiet.title.clone(),
        stage: Some(quiet.stage_id),
    })
}

/// `X` on a gone-quiet deal: the usual lost-reason picker, "No response" preselected.
fn lose_quiet_deal(state: &mut AppState) -> Command {
    let Some(row) = state
        .agenda
        .selected_row()
        .filter(|row| row.section == super::Section::GoneQuiet)
    else {
        let key = state.keymap.label_for(Action::MarkLost);
        state.info(crate::t!("msg-lose-quiet", key = key));
        return Command::None;
    };
    let Some(card) = state.deal_by_id(row.deal).cloned() else {
        state.info(crate::t!("msg-not-on-board"));
        return Command::None;
    };
    let Some(lost) = state
        .current_pipeline()
        .and_then(|p| p.stages.iter().find(|s| s.kind == StageKind::Lost))
        .map(|stage| stage.id)
    else {
        return Command::None;
    };
    let listed = state
        .lost_reasons
        .iter()
        .position(|r| r.trim().eq_ignore_ascii_case(QUIET_REASON));
    state.mode = Mode::LostReason(LostReasonEditor {
        deal: card.id,
        version: card.version,
        to: Some(lost),
        // A list without the reason gets it typed instead.
        input: if listed.is_some() {
            String::new()
        } else {
            QUIET_REASON.to_string()
        },
        selected: listed,
        from_detail: false,
    });
    Command::None
}
