//! The pure heart of the board: an action changes the state and may ask for a store command.
//! Nothing here touches the database or the terminal.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::{Stage, StageId, StageKind, parse_amount};
use crate::store::BoardCard;

use super::dashboard::PeriodChoice;

use super::action::Action;
use super::command::Command;
use super::dashboard::parse_period;
use super::state::{AppState, Detail, LostReasonEditor, Mode, Tab};

pub fn update(state: &mut AppState, action: Action) -> Command {
    if action == Action::Quit {
        state.quit = true;
        return Command::None;
    }
    if let Action::Input(key) = action {
        return input(state, key);
    }
    if let Mode::Detail(_) = state.mode {
        return detail_action(state, action);
    }
    state.message = None;
    if state.tab == Tab::Dashboard && acts_on_cards(action) {
        // The cards are not on screen: a W or an a here must not change a deal unseen.
        state.info(format!(
            "that key works on the Board tab ({})",
            state.keymap.label_for(Action::BoardTab)
        ));
        return Command::None;
    }
    match action {
        Action::FocusLeft => {
            state.focus_column = state.focus_column.saturating_sub(1);
            Command::None
        }
        Action::FocusRight => {
            if state.focus_column + 1 < state.columns.len() {
                state.focus_column += 1;
            }
            Command::None
        }
        Action::FocusDown => {
            step_card(state, 1);
            Command::None
        }
        Action::FocusUp => {
            step_card(state, -1);
            Command::None
        }
        Action::MoveLeft => move_by(state, -1),
        Action::MoveRight => move_by(state, 1),
        Action::MarkWon => move_to_kind(state, StageKind::Won),
        Action::MarkLost => move_to_kind(state, StageKind::Lost),
        Action::OpenDetail => match state.focused_deal() {
            Some(deal) => {
                let id = deal.id;
                state.mode = Mode::Detail(Detail {
                    deal: id,
                    full: None,
                    history: Vec::new(),
                    notes: Vec::new(),
                    note_input: None,
                });
                Command::LoadDetail(id)
            }
            None => Command::None,
        },
        Action::Close => {
            state.mode = Mode::Normal;
            Command::None
        }
        Action::NewDeal => {
            state.mode = Mode::Form(Box::new(super::form::new_form(state)));
            Command::None
        }
        Action::EditDeal => match deal_to_edit(state) {
            Some(id) => Command::OpenEditForm(id),
            None => Command::None,
        },
        Action::EditReason => {
            open_reason_editor(state);
            Command::None
        }
        Action::AddNote => Command::None,
        Action::Filter => {
            state.mode = Mode::Filter;
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
                state.info("nothing to undo");
                Command::None
            }
        },
        Action::Redo => match state.redo.pop() {
            Some(change) => Command::Redo(change),
            None => {
                state.info("nothing to redo");
                Command::None
            }
        },
        Action::Archive => {
            if let Some(deal) = state.focused_deal() {
                state.mode = Mode::ConfirmArchive {
                    deal: deal.id,
                    version: deal.version,
                };
            }
            Command::None
        }
        Action::NextTab => {
            state.tab = match state.tab {
                Tab::Board => Tab::Dashboard,
                Tab::Dashboard => Tab::Board,
            };
            Command::None
        }
        Action::BoardTab => {
            state.tab = Tab::Board;
            Command::None
        }
        Action::DashboardTab => {
            state.tab = Tab::Dashboard;
            Command::None
        }
        Action::PeriodThisMonth => set_period(state, PeriodChoice::ThisMonth),
        Action::PeriodThisQuarter => set_period(state, PeriodChoice::ThisQuarter),
        Action::PeriodThisYear => set_period(state, PeriodChoice::ThisYear),
        Action::PeriodLast90Days => set_period(state, PeriodChoice::Last90Days),
        Action::PeriodAllTime => set_period(state, PeriodChoice::AllTime),
        Action::PeriodCustom => {
            if on_dashboard(state) {
                state.mode = Mode::PeriodInput {
                    input: String::new(),
                };
            }
            Command::None
        }
        Action::GoalTarget => {
            if on_dashboard(state) {
                state.mode = Mode::GoalInput {
                    input: String::new(),
                };
                show_goal_input(state, Some(String::new()));
            }
            Command::None
        }
        Action::Help => {
            state.mode = Mode::Help { scroll: 0 };
            Command::None
        }
        Action::Quit | Action::Input(_) => Command::None,
    }
}

/// The actions on the focused card or the board's columns.
fn acts_on_cards(action: Action) -> bool {
    matches!(
        action,
        Action::FocusLeft
            | Action::FocusRight
            | Action::FocusDown
            | Action::FocusUp
            | Action::MoveLeft
            | Action::MoveRight
            | Action::MarkWon
            | Action::MarkLost
            | Action::OpenDetail
            | Action::NewDeal
            | Action::EditDeal
            | Action::EditReason
            | Action::AddNote
            | Action::Filter
            | Action::Archive
    )
}

/// Dashboard keys do nothing on the board but say where they work.
fn on_dashboard(state: &mut AppState) -> bool {
    if state.tab != Tab::Dashboard {
        state.info(format!(
            "that key works on the Dashboard tab ({})",
            state.keymap.label_for(Action::DashboardTab)
        ));
        return false;
    }
    true
}

fn set_period(state: &mut AppState, choice: PeriodChoice) -> Command {
    if !on_dashboard(state) || state.dashboard.period == choice {
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

fn goal_input(state: &mut AppState, mut input: String, key: KeyEvent) -> (Mode, Command) {
    match key.code {
        KeyCode::Esc => {
            show_goal_input(state, None);
            (Mode::Normal, Command::None)
        }
        KeyCode::Enter => {
            let text = input.trim();
            if text.is_empty() {
                show_goal_input(state, None);
                state.dashboard.target = None;
                state.info("goal target cleared");
                return (Mode::Normal, recompute(state));
            }
            let currency = state
                .current_pipeline()
                .map(|p| p.currency)
                .unwrap_or_default();
            match parse_amount(text, state.separator, currency) {
                Ok(target) if target > rust_decimal::Decimal::ZERO => {
                    show_goal_input(state, None);
                    state.dashboard.target = Some(target);
                    (Mode::Normal, recompute(state))
                }
                Ok(_) => {
                    state.error("a revenue target must be more than zero");
                    (Mode::GoalInput { input }, Command::None)
                }
                Err(error) => {
                    state.error(format!("target: {error}"));
                    (Mode::GoalInput { input }, Command::None)
                }
            }
        }
        _ => {
            if edit_text(&mut input, &key) {
                state.message = None;
                show_goal_input(state, Some(input.clone()));
            }
            (Mode::GoalInput { input }, Command::None)
        }
    }
}

fn period_input(state: &mut AppState, mut input: String, key: KeyEvent) -> (Mode, Command) {
    match key.code {
        KeyCode::Esc => (Mode::Normal, Command::None),
        KeyCode::Enter => match parse_period(&input) {
            Ok(period) => {
                state.dashboard.period = PeriodChoice::Custom(period);
                (Mode::Normal, recompute(state))
            }
            Err(error) => {
                state.error(error.to_string());
                (Mode::PeriodInput { input }, Command::None)
            }
        },
        _ => {
            if edit_text(&mut input, &key) {
                state.message = None;
            }
            (Mode::PeriodInput { input }, Command::None)
        }
    }
}

fn step_card(state: &mut AppState, step: isize) {
    let column = state.focus_column;
    let Some(len) = state.columns.get(column).map(|c| c.cards.len()) else {
        return;
    };
    if let Some(position) = state.focus_card.get_mut(column) {
        *position = position
            .saturating_add_signed(step)
            .min(len.saturating_sub(1));
    }
}

/// H/L: one open stage over. Closing a deal is W's and X's alone (the won column may sit
/// right beside a lost card); H on a closed deal reopens it where it was last open.
fn move_by(state: &mut AppState, step: isize) -> Command {
    let Some(deal) = state.focused_deal().cloned() else {
        return Command::None;
    };
    let Some(pipeline) = state.current_pipeline() else {
        return Command::None;
    };
    if deal.status != StageKind::Open {
        if step < 0 {
            return Command::Reopen {
                deal: deal.id,
                version: deal.version,
            };
        }
        let text = format!(
            "the deal is {}; {} reopens it",
            deal.status.as_str(),
            state.keymap.label_for(Action::MoveLeft)
        );
        state.info(text);
        return Command::None;
    }
    let here = pipeline
        .stage(deal.stage_id)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    match open_neighbour(pipeline, deal.stage_id, step).cloned() {
        Some(target) => enter_stage(state, &deal, &target),
        None if step > 0 => {
            let text = format!(
                "{here:?} is the last open stage: {} marks the deal won, {} lost",
                state.keymap.label_for(Action::MarkWon),
                state.keymap.label_for(Action::MarkLost)
            );
            state.info(text);
            Command::None
        }
        None => {
            state.info(format!("{here:?} is the first open stage"));
            Command::None
        }
    }
}

/// The nearest open stage `step`'s way from `from`, skipping closed ones.
fn open_neighbour(
    pipeline: &crate::domain::Pipeline,
    from: StageId,
    step: isize,
) -> Option<&Stage> {
    let index = pipeline.stages.iter().position(|s| s.id == from)?;
    let mut at = index;
    loop {
        at = at.checked_add_signed(step.signum())?;
        let stage = pipeline.stages.get(at)?;
        if stage.kind == StageKind::Open {
            return Some(stage);
        }
    }
}

fn move_to_kind(state: &mut AppState, kind: StageKind) -> Command {
    let Some(deal) = state.focused_deal().cloned() else {
        return Command::None;
    };
    let Some(target) = state
        .current_pipeline()
        .and_then(|p| p.stages.iter().find(|s| s.kind == kind))
        .cloned()
    else {
        return Command::None;
    };
    if target.id == deal.stage_id {
        state.info(format!("the deal is already {}", kind.as_str()));
        return Command::None;
    }
    enter_stage(state, &deal, &target)
}

/// Entering a lost stage, by any route, first asks why (the move and its reason are saved
/// together); any other stage is entered at once.
fn enter_stage(state: &mut AppState, deal: &BoardCard, target: &Stage) -> Command {
    if target.kind == StageKind::Lost {
        state.mode = Mode::LostReason(LostReasonEditor {
            deal: deal.id,
            version: deal.version,
            to: Some(target.id),
            input: String::new(),
            selected: Some(0),
            from_detail: false,
        });
        return Command::None;
    }
    Command::Move {
        deal: deal.id,
        to: target.id,
        reason: None,
        version: deal.version,
    }
}

/// `r`: change the reason of a lost deal (the focused one, or the one in the detail pane).
fn open_reason_editor(state: &mut AppState) {
    let from_detail = matches!(state.mode, Mode::Detail(_));
    let id = match &state.mode {
        Mode::Detail(detail) => Some(detail.deal),
        _ => state.focused_deal().map(|d| d.id),
    };
    let Some(deal) = id.and_then(|id| state.deal_by_id(id)).cloned() else {
        return;
    };
    if deal.status != StageKind::Lost {
        state.info("only a lost deal has a lost reason to edit");
        return;
    }
    state.mode = Mode::LostReason(LostReasonEditor {
        deal: deal.id,
        version: deal.version,
        to: None,
        input: deal.lost_reason.clone().unwrap_or_default(),
        selected: None,
        from_detail,
    });
}

fn detail_action(state: &mut AppState, action: Action) -> Command {
    match action {
        Action::Close | Action::OpenDetail => {
            state.mode = Mode::Normal;
            Command::None
        }
        Action::EditReason => {
            open_reason_editor(state);
            Command::None
        }
        Action::EditDeal => match deal_to_edit(state) {
            Some(id) => Command::OpenEditForm(id),
            None => Command::None,
        },
        Action::AddNote => {
            if let Mode::Detail(detail) = &mut state.mode {
                detail.note_input = Some(String::new());
            }
            Command::None
        }
        Action::Help => {
            state.mode = Mode::Help { scroll: 0 };
            Command::None
        }
        Action::Undo | Action::Redo => {
            state.mode = Mode::Normal;
            update(state, action)
        }
        _ => Command::None,
    }
}

/// Edits `text` with a typed key; true when the key was a text edit.
pub(super) fn edit_text(text: &mut String, key: &KeyEvent) -> bool {
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

/// Where a scrolling key takes the keys overlay, by the page the overlay last drew; `None`
/// for any other key, which closes it.
fn help_scroll(state: &AppState, scroll: usize, key: KeyCode) -> Option<usize> {
    let drawn = state.drawn;
    let page = drawn.help_visible.saturating_sub(1).max(1);
    let scroll = scroll.min(drawn.help_max_scroll);
    let next = match key {
        KeyCode::Down | KeyCode::Char('j') => scroll + 1,
        KeyCode::Up | KeyCode::Char('k') => scroll.saturating_sub(1),
        KeyCode::PageDown | KeyCode::Char(' ') => scroll + page,
        KeyCode::PageUp => scroll.saturating_sub(page),
        KeyCode::Home => 0,
        KeyCode::End => drawn.help_max_scroll,
        _ => return None,
    };
    Some(next.min(drawn.help_max_scroll))
}

fn input(state: &mut AppState, key: KeyEvent) -> Command {
    let mode = std::mem::replace(&mut state.mode, Mode::Normal);
    let (mode, command) = match mode {
        Mode::Normal => (Mode::Normal, Command::None),
        Mode::Help { scroll } => match help_scroll(state, scroll, key.code) {
            Some(scroll) => (Mode::Help { scroll }, Command::None),
            None => (Mode::Normal, Command::None),
        },
        Mode::Filter => {
            let mut filter = std::mem::take(&mut state.filter);
            let changed = edit_text(&mut filter, &key);
            state.filter = filter;
            if changed {
                state.rebuild_columns(None);
            }
            match key.code {
                KeyCode::Esc => {
                    state.filter.clear();
                    state.rebuild_columns(None);
                    (Mode::Normal, Command::None)
                }
                KeyCode::Enter => (Mode::Normal, Command::None),
                _ => (Mode::Filter, Command::None),
            }
        }
        Mode::LostReason(editor) => reason_input(state, editor, key),
        Mode::ConfirmArchive { deal, version } => match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => {
                (Mode::Normal, Command::Archive { deal, version })
            }
            _ => {
                state.info("archive cancelled");
                (Mode::Normal, Command::None)
            }
        },
        Mode::PipelinePicker { selected } => {
            let last = state.pipelines.len().saturating_sub(1);
            match key.code {
                KeyCode::Down | KeyCode::Char('j') => (
                    Mode::PipelinePicker {
                        selected: (selected + 1).min(last),
                    },
                    Command::None,
                ),
                KeyCode::Up | KeyCode::Char('k') => (
                    Mode::PipelinePicker {
                        selected: selected.saturating_sub(1),
                    },
                    Command::None,
                ),
                KeyCode::Enter => {
                    if selected != state.pipeline {
                        state.pipeline = selected;
                        state.focus_column = 0;
                        state.focus_card.clear();
                        (Mode::Normal, Command::Reload)
                    } else {
                        (Mode::Normal, Command::None)
                    }
                }
                KeyCode::Esc => (Mode::Normal, Command::None),
                _ => (Mode::PipelinePicker { selected }, Command::None),
            }
        }
        Mode::Form(form) => super::form::form_input(state, *form, key),
        Mode::GoalInput { input } => goal_input(state, input, key),
        Mode::PeriodInput { input } => period_input(state, input, key),
        Mode::Detail(mut detail) => {
            let mut command = Command::None;
            if let Some(mut note) = detail.note_input.take() {
                match key.code {
                    KeyCode::Esc => {}
                    KeyCode::Enter => {
                        command = Command::AddNote {
                            deal: detail.deal,
                            body: note,
                        };
                    }
                    _ => {
                        edit_text(&mut note, &key);
                        detail.note_input = Some(note);
                    }
                }
            }
            (Mode::Detail(detail), command)
        }
    };
    state.mode = mode;
    command
}

fn reason_input(
    state: &mut AppState,
    mut editor: LostReasonEditor,
    key: KeyEvent,
) -> (Mode, Command) {
    let matches = editor.matches(&state.lost_reasons).len();
    match key.code {
        KeyCode::Esc => {
            state.info("cancelled: nothing was written");
            let command = if editor.from_detail {
                Command::LoadDetail(editor.deal)
            } else {
                Command::None
            };
            (back_from_editor(&editor), command)
        }
        KeyCode::Enter => {
            let Some(reason) = editor.chosen(&state.lost_reasons) else {
                state.error("type a lost reason or pick one from the list");
                return (Mode::LostReason(editor), Command::None);
            };
            let command = match editor.to {
                Some(to) => Command::Move {
                    deal: editor.deal,
                    to,
                    reason: Some(reason),
                    version: editor.version,
                },
                None => Command::EditReason {
                    deal: editor.deal,
                    version: editor.version,
                    reason,
                },
            };
            (back_from_editor(&editor), command)
        }
        KeyCode::Down => {
            editor.selected = match editor.selected {
                _ if matches == 0 => None,
                None => Some(0),
                Some(i) => Some((i + 1).min(matches - 1)),
            };
            (Mode::LostReason(editor), Command::None)
        }
        KeyCode::Up => {
            // Up past the first match goes back to the typed text.
            editor.selected = match editor.selected {
                None | Some(0) => None,
                Some(i) => Some(i - 1),
            };
            (Mode::LostReason(editor), Command::None)
        }
        _ => {
            if edit_text(&mut editor.input, &key) {
                let matches = editor.matches(&state.lost_reasons).len();
                editor.selected = (matches > 0 && !editor.input.trim().is_empty()).then_some(0);
                if editor.input.is_empty() && editor.to.is_some() {
                    editor.selected = Some(0);
                }
            }
            (Mode::LostReason(editor), Command::None)
        }
    }
}

/// Leaving the reason editor returns to the detail pane it was opened from, if any.
fn back_from_editor(editor: &LostReasonEditor) -> Mode {
    if editor.from_detail {
        Mode::Detail(Detail {
            deal: editor.deal,
            full: None,
            history: Vec::new(),
            notes: Vec::new(),
            note_input: None,
        })
    } else {
        Mode::Normal
    }
}

/// Which deal `e` edits: the one in the detail pane, else the focused card.
fn deal_to_edit(state: &AppState) -> Option<crate::domain::DealId> {
    match &state.mode {
        Mode::Detail(detail) => Some(detail.deal),
        _ => state.focused_deal().map(|d| d.id),
    }
}
