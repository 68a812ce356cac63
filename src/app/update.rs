//! The pure heart of the board: a message (a bound action or a typed key) changes the state
//! and may ask for a command. Routed here by mode, then by tab; each tab's and mode's own
//! rules live in its module. Nothing here touches the database or the terminal.

use ratatui::crossterm::event::{KeyEvent, KeyModifiers};

use super::action::{Action, Msg};
use super::command::Command;
use super::state::{AppState, Mode, Tab};

pub fn update(state: &mut AppState, msg: Msg) -> Command {
    if msg == Msg::Do(Action::Quit) {
        state.quit = true;
        return Command::None;
    }
    let mode = std::mem::replace(&mut state.mode, Mode::Normal);
    match mode {
        Mode::Normal => {
            let Msg::Do(action) = msg else {
                return Command::None;
            };
            state.message = None;
            if let Some(command) = shared(state, action) {
                return command;
            }
            match state.tab {
                Tab::Board => super::board::update(state, action),
                Tab::Dashboard => super::dashboard::update::update(state, action),
                Tab::Agenda => super::agenda::update::update(state, action),
            }
        }
        Mode::Detail(detail) => super::board::detail::update(state, detail, msg),
        Mode::Form(form) => super::board::form::update(state, *form, msg),
        Mode::LostReason(editor) => super::board::lost_reason::update(state, editor, msg),
        Mode::Filter => super::board::filter(state, msg),
        Mode::GoalInput { input } => super::dashboard::update::goal_input(state, input, msg),
        Mode::PeriodInput { input } => super::dashboard::update::period_input(state, input, msg),
        Mode::Schedule(input) => super::board::schedule::update(state, *input, msg),
        Mode::Help { scroll } => {
            if let Some(scroll) = help_scroll(state, scroll, msg) {
                state.mode = Mode::Help { scroll };
            }
            Command::None
        }
        Mode::ConfirmArchive { deal, version } => {
            if msg == Msg::Do(Action::Confirm) {
                return Command::Archive { deal, version };
            }
            state.info(crate::t!("board-archive-cancelled"));
            Command::None
        }
        Mode::PipelinePicker { selected } => picker(state, selected, msg),
        Mode::DrillDown(list) => super::dashboard::navigate::drill_list(state, list, msg),
    }
}

/// The keys that work alike on every tab: tabs, help, pipelines, undo and redo.
fn shared(state: &mut AppState, action: Action) -> Option<Command> {
    Some(match action {
        Action::NextTab => {
            state.tab = match state.tab {
                Tab::Board => Tab::Dashboard,
                Tab::Dashboard => Tab::Agenda,
                Tab::Agenda => Tab::Board,
            };
            if state.tab == Tab::Agenda {
                Command::LoadAgenda
            } else {
                Command::None
            }
        }
        Action::BoardTab => {
            state.tab = Tab::Board;
            Command::None
        }
        Action::DashboardTab => {
            state.tab = Tab::Dashboard;
            Command::None
        }
        Action::AgendaTab => {
            state.tab = Tab::Agenda;
            Command::LoadAgenda
        }
        Action::Help => {
            state.mode = Mode::Help { scroll: 0 };
            Command::None
        }
        Action::SwitchPipeline => {
            state.mode = Mode::PipelinePicker {
                selected: state.pipeline,
            };
            Command::None
        }
        Action::Undo => match state.undo.pop() {
            Some(change) => Command::Undo(change),
            None => {
                state.info(crate::t!("board-nothing-to-undo"));
                Command::None
            }
        },
        Action::Redo => match state.redo.pop() {
            Some(change) => Command::Redo(change),
            None => {
                state.info(crate::t!("board-nothing-to-redo"));
                Command::None
            }
        },
        _ => return None,
    })
}

/// The pipeline switcher: the picker's keys move and choose, the board follows.
fn picker(state: &mut AppState, selected: usize, msg: Msg) -> Command {
    let last = state.pipelines.len().saturating_sub(1);
    let selected = match msg {
        Msg::Do(Action::PickNext) => (selected + 1).min(last),
        Msg::Do(Action::PickPrevious) => selected.saturating_sub(1),
        Msg::Do(Action::Accept) => {
            if selected == state.pipeline {
                return Command::None;
            }
            state.pipeline = selected;
            state.board.focus_column = 0;
            state.board.focus_card.clear();
            return Command::Reload;
        }
        Msg::Do(Action::Cancel) => return Command::None,
        _ => selected,
    };
    state.mode = Mode::PipelinePicker { selected };
    Command::None
}

/// Where a scrolling key takes the keys overlay, by the page the overlay last drew; `None`
/// for any other key, which closes it.
fn help_scroll(state: &AppState, scroll: usize, msg: Msg) -> Option<usize> {
    let drawn = state.drawn;
    let page = drawn.help_visible.saturating_sub(1).max(1);
    let scroll = scroll.min(drawn.help_max_scroll);
    let next = match msg {
        Msg::Do(Action::ScrollDown) => scroll + 1,
        Msg::Do(Action::ScrollUp) => scroll.saturating_sub(1),
        Msg::Do(Action::PageDown) => scroll + page,
        Msg::Do(Action::PageUp) => scroll.saturating_sub(page),
        Msg::Do(Action::ScrollTop) => 0,
        Msg::Do(Action::ScrollBottom) => drawn.help_max_scroll,
        _ => return None,
    };
    Some(next.min(drawn.help_max_scroll))
}

/// Edits `text` with a typed key; true when the key was a text edit.
pub fn edit_text(text: &mut String, msg: &Msg) -> bool {
    let Msg::Text(key) = msg else {
        return false;
    };
    edit_with(text, key)
}

fn edit_with(text: &mut String, key: &KeyEvent) -> bool {
    use ratatui::crossterm::event::KeyCode;
    match key.code {
        KeyCode::Char(ch)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            text.push(ch);
            true
        }
        KeyCode::Backspace => {
            text.pop();
            true
        }
        _ => false,
    }
}
