//! The Agenda tab's keys: move through the rows, jump to a deal on the board. Card keys do
//! nothing here (no card is focused) but say where they work.

use crate::app::action::Action;
use crate::app::command::Command;
use crate::app::state::{AppState, Tab};

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
                state.info("nothing on the agenda");
                return Command::None;
            };
            state.tab = Tab::Board;
            if state.deal_by_id(row.deal).is_some() {
                state.focus_on(row.deal);
            } else {
                state.info("that deal is not on the board (filtered or archived)");
            }
            Command::None
        }
        Action::MarkDone => match state.agenda.selected_item() {
            Some(item) => Command::CompleteActivity(item.activity.id),
            None => {
                state.info("a gone-quiet deal has no activity to mark done");
                Command::None
            }
        },
        Action::Close | Action::Quit => Command::None,
        _ => {
            // The cards are not on screen: a W or an a here must not change a deal unseen.
            let key = state.keymap.label_for(Action::BoardTab);
            state.info(format!("that key works on the Board tab ({key})"));
            Command::None
        }
    }
}
