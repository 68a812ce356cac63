//! The Board tab: its keys (focus, moves, won/lost, detail, new, edit, filter, archive) and
//! the modes opened from it: the detail pane, the deal form and the lost-reason editor.
//! Its state is the board part of [`AppState`] (columns, cards, focus, filter).

pub mod detail;
pub mod form;
pub mod lost_reason;
pub mod people;
pub mod schedule;
pub mod state;

use crate::domain::{Pipeline, Stage, StageId, StageKind};
use crate::store::BoardCard;

use super::action::{Action, Msg};
use super::command::Command;
use super::state::{AppState, Detail, LostReasonEditor, Mode};
use super::update::edit_text;

/// A deal's status as the screens say it (`open`, `won`, `lost` in English).
pub fn status_word(kind: StageKind) -> String {
    match kind {
        StageKind::Open => crate::t!("board-status-open"),
        StageKind::Won => crate::t!("board-status-won"),
        StageKind::Lost => crate::t!("board-status-lost"),
    }
}

/// A key on the Board tab with nothing open.
pub fn update(state: &mut AppState, action: Action) -> Command {
    match action {
        Action::FocusLeft => {
            state.board.focus_column = state.board.focus_column.saturating_sub(1);
            Command::None
        }
        Action::FocusRight => {
            if state.board.focus_column + 1 < state.board.columns.len() {
                state.board.focus_column += 1;
            }
            Command::None
        }
        Action::FocusDown => {
            step_card(state, 1);
            // Scrolling down a column reads its next page once the margin runs short.
            state.board_pages()
        }
        Action::FocusUp => {
            step_card(state, -1);
            Command::None
        }
        Action::MoveLeft => move_by(state, -1),
        Action::MoveRight => move_by(state, 1),
        Action::MarkWon => super::convert::on_mark_won(state)
            .unwrap_or_else(|| move_to_kind(state, StageKind::Won)),
        Action::MarkLost => move_to_kind(state, StageKind::Lost),
        Action::OpenDetail => match state.focused_deal() {
            Some(deal) => {
                let id = deal.id;
                state.mode = Mode::Detail(Detail::new(id));
                Command::LoadDetail(id)
            }
            None => Command::None,
        },
        Action::NewDeal => {
            state.mode = Mode::Form(Box::new(form::new_form(state)));
            Command::None
        }
        Action::EditDeal => match state.focused_deal() {
            Some(deal) => Command::OpenEditForm(deal.id),
            None => Command::None,
        },
        Action::EditReason => {
            let id = state.focused_deal().map(|d| d.id);
            lost_reason::open(state, id, false);
            Command::None
        }
        // A note on the focused deal: its pane opens with the note being typed, or with
        // the editor started on it.
        Action::AddNote | Action::EditorNote => match state.focused_deal() {
            Some(deal) => {
                let id = deal.id;
                let mut detail = Detail::new(id);
                if action == Action::AddNote {
                    detail.note_input = Some(String::new());
                }
                state.mode = Mode::Detail(detail);
                if action == Action::EditorNote {
                    Command::Batch(vec![Command::LoadDetail(id), Command::NoteInEditor(id)])
                } else {
                    Command::LoadDetail(id)
                }
            }
            None => Command::None,
        },
        Action::Filter => {
            state.mode = Mode::Filter;
            Command::None
        }
        Action::ToggleMine => people::toggle_mine(state),
        Action::Archive => {
            if let Some(deal) = state.focused_deal() {
                state.mode = Mode::ConfirmArchive {
                    deal: deal.id,
                    version: deal.version,
                };
            }
            Command::None
        }
        Action::Schedule => schedule::open_on_focused(state, schedule::Purpose::Schedule),
        Action::LogCall => schedule::open_on_focused(state, schedule::Purpose::LogCall),
        Action::MarkDone | Action::Reschedule => {
            let key = state.keymap.label_for(Action::AgendaTab);
            state.info(crate::t!("board-key-on-agenda", key = key));
            Command::None
        }
        Action::PeriodThisMonth
        | Action::PeriodThisQuarter
        | Action::PeriodThisYear
        | Action::PeriodLast90Days
        | Action::PeriodAllTime
        | Action::PeriodCustom
        | Action::GoalTarget => {
            // Dashboard keys do nothing here but say where they work.
            let key = state.keymap.label_for(Action::DashboardTab);
            state.info(crate::t!("board-key-on-dashboard", key = key));
            Command::None
        }
        _ => Command::None,
    }
}

/// The filter prompt: typing narrows the cards at once (the store reads the matching cards
/// and sums their figures); accept keeps it, cancel clears it.
pub fn filter(state: &mut AppState, msg: Msg) -> Command {
    match msg {
        Msg::Do(Action::Cancel) => state.board.filter.clear(),
        Msg::Do(Action::Accept) => {}
        _ => {
            let mut filter = std::mem::take(&mut state.board.filter);
            edit_text(&mut filter, &msg);
            state.board.filter = filter;
            state.mode = Mode::Filter;
        }
    }
    let needle = state.board.needle();
    if needle == state.board.read_filter {
        Command::None
    } else {
        Command::LoadColumns { needle }
    }
}

fn step_card(state: &mut AppState, step: isize) {
    let column = state.board.focus_column;
    let Some(len) = state
        .board
        .columns
        .get(column)
        .map(|c| c.count.max(c.cards.len()))
    else {
        return;
    };
    if let Some(position) = state.board.focus_card.get_mut(column) {
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
        let text = crate::t!(
            "board-closed-reopen",
            status = status_word(deal.status),
            key = state.keymap.label_for(Action::MoveLeft)
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
            let text = crate::t!(
                "board-last-open-stage",
                stage = format!("{here:?}"),
                won = state.keymap.label_for(Action::MarkWon),
                lost = state.keymap.label_for(Action::MarkLost)
            );
            state.info(text);
            Command::None
        }
        None => {
            state.info(crate::t!(
                "board-first-open-stage",
                stage = format!("{here:?}")
            ));
            Command::None
        }
    }
}

/// The nearest open stage `step`'s way from `from`, skipping closed ones.
fn open_neighbour(pipeline: &Pipeline, from: StageId, step: isize) -> Option<&Stage> {
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
        state.info(crate::t!("board-already", status = status_word(kind)));
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
