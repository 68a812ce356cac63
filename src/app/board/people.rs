//! "My deals" on the board (`o`): the columns show only the cards the current user owns, read
//! and summed by the store as the `/` filter is, and combined with it.

use super::super::command::Command;
use super::super::state::AppState;

/// Turns "my deals" on or off and reads the columns again; refused when nobody is known.
pub fn toggle_mine(state: &mut AppState) -> Command {
    if state.board.mine.take().is_some() {
        state.info(crate::t!("msg-everyone"));
    } else if state.user.is_empty() {
        state.error(crate::t!("msg-mine-needs-user"));
        return Command::None;
    } else {
        state.board.mine = Some(state.user.clone());
        state.info(crate::t!("msg-mine", user = state.user.as_str()));
    }
    Command::LoadColumns {
        needle: state.board.needle(),
    }
}
