//! The deal detail pane: its keys (close, edit, lost reason, notes, checklist, scrolling,
//! undo) and the inline note being typed.

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
        Action::ScrollDown
        | Action::ScrollUp
        | Action::PageDown
        | Action::PageUp
        | Action::ScrollTop
        | Action::ScrollBottom => {
            detail.scroll = scrolled(state, detail.scroll, action);
            state.mode = Mode::Detail(detail);
            Command::None
        }
        Action::NextTask | Action::PreviousTask => {
            let tasks = detail.checklist.as_ref().map_or(0, |c| c.items.len());
            detail.cursor = if action == Action::NextTask {
                (detail.cursor + 1).min(tasks.saturating_sub(1))
            } else {
                detail.cursor.saturating_sub(1)
            };
            detail.scroll = showing_task(state, detail.scroll, detail.cursor);
            state.mode = Mode::Detail(detail);
            Command::None
        }
        Action::ToggleTask => {
            let item = detail
                .checklist
                .as_ref()
                .and_then(|c| c.items.get(detail.cursor));
            let command = match item {
                Some(item) => Command::SetTask {
                    deal: detail.deal,
                    task: item.task.clone(),
                    done: item.done_at.is_none(),
                },
                None => {
                    state.info(crate::t!("detail-no-tasks-to-tick"));
                    Command::None
                }
            };
            state.mode = Mode::Detail(detail);
            command
        }
        Action::EditorNote => {
            let deal = detail.deal;
            state.mode = Mode::Detail(detail);
            Command::NoteInEditor(deal)
        }
        // A step on this deal is taken back in the pane, which reads the deal again.
        Action::Undo | Action::Redo if next_step_is_on(state, action, detail.deal) => {
            let change = if action == Action::Undo {
                state.undo.pop()
            } else {
                state.redo.pop()
            };
            state.mode = Mode::Detail(detail);
            match (action, change) {
                (Action::Undo, Some(change)) => Command::Undo(change),
                (_, Some(change)) => Command::Redo(change),
                (_, None) => Command::None,
            }
        }
        // Other undo and redo act on the board, which comes back to show what changed.
        Action::Undo | Action::Redo => crate::app::update::update(state, Msg::Do(action)),
        _ => {
            state.mode = Mode::Detail(detail);
            Command::None
        }
    }
}

/// Whether the step undo (or redo) would take next is on `deal`.
fn next_step_is_on(state: &AppState, action: Action, deal: crate::domain::DealId) -> bool {
    let stack = if action == Action::Undo {
        &state.undo
    } else {
        &state.redo
    };
    stack.last().is_some_and(|change| change.deal() == deal)
}

/// Where a scrolling key takes the pane, by the page the view last drew.
fn scrolled(state: &AppState, scroll: usize, action: Action) -> usize {
    let drawn = state.drawn;
    let page = drawn.detail_visible.saturating_sub(1).max(1);
    let scroll = scroll.min(drawn.detail_max_scroll);
    let next = match action {
        Action::ScrollDown => scroll + 1,
        Action::ScrollUp => scroll.saturating_sub(1),
        Action::PageDown => scroll + page,
        Action::PageUp => scroll.saturating_sub(page),
        Action::ScrollTop => 0,
        _ => drawn.detail_max_scroll,
    };
    next.min(drawn.detail_max_scroll)
}

/// The scroll that keeps the task under the cursor on screen (one line per task).
fn showing_task(state: &AppState, scroll: usize, cursor: usize) -> usize {
    let drawn = state.drawn;
    let line = drawn.detail_tasks_top + cursor;
    let visible = drawn.detail_visible.max(1);
    let scroll = if line < scroll {
        line
    } else if line >= scroll + visible {
        line + 1 - visible
    } else {
        scroll
    };
    scroll.min(drawn.detail_max_scroll)
}
