//! The deal detail pane: its keys (close, edit, lost reason, note, undo) and the inline
//! note being typed.

use crate::app::action::{Action, Msg};
use crate::app::command::Command;
use crate::app::state::{AppState, Detail, Mode};
use crate::app::update::edit_text;

pub fn update(state: &mut AppState, mut detail: Detail, msg: Msg) -> Command {
    if let Some(mut note) = detail.note_input.take() {
        let deal = detail.deal;
        let command = match msg {
            Msg::Do(Action::Cancel) => Command::None,
            Msg::Do(Action::Accept) => Command::AddNote { deal, body: note },
            _ => {
                edit_text(&mut note, &msg);
                detail.note_input = Some(note);
                Command::None
            }
        };
        state.mode = Mode::Detail(detail);
        return command;
    }
    let Msg::Do(action) = msg else {
        state.mode = Mode::Detail(detail);
        return Command::None;
    };
    state.message = None;
    match action {
        Action::Close => Command::None,
        Action::EditReason => {
            if !super::lost_reason::open(state, Some(detail.deal), true) {
                state.mode = Mode::Detail(detail);
            }
            Command::None
        }
        Action::EditDeal => Command::OpenEditForm(detail.deal),
        Action::AddNote => {
            detail.note_input = Some(String::new());
            state.mode = Mode::Detail(detail);
            Command::None
        }
        Action::Schedule => super::schedule::open_from_detail(state, detail),
        Action::Help => {
            state.mode = Mode::Help { scroll: 0 };
            Command::None
        }
        // Undo and redo act on the board, which comes back to show what changed.
        Action::Undo | Action::Redo => crate::app::update::update(state, Msg::Do(action)),
        _ => {
            state.mode = Mode::Detail(detail);
            Command::None
        }
    }
}
