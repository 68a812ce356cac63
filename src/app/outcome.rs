//! `update` for what commands did: each [`Outcome`] is put into the state here, and may ask
//! for the next command (a reload of the detail pane after a note, a fresh read of the
//! dashboard's rows after a write). The only other place the state changes is `update`.

use super::action::Action;
use super::command::{BoardData, Command, Outcome, Replay};
use super::state::{AppState, Change, Mode};

pub fn outcome(state: &mut AppState, outcome: Outcome) -> Command {
    match outcome {
        Outcome::Board(data) => {
            show_board(state, *data);
            let mut next = vec![refresh_dashboard(state)];
            if let Mode::Detail(detail) = &state.mode {
                next.push(Command::LoadDetail(detail.deal));
            }
            next.push(state.board_pages());
            Command::Batch(next)
        }
        Outcome::Columns { read, needle } => {
            state.set_columns(*read, needle);
            state.board_pages()
        }
        Outcome::Cards { read, needle } => {
            state.board.add_pages(*read, &needle);
            state.board_pages()
        }
        Outcome::Detail(data) => {
            if let Mode::Detail(detail) = &mut state.mode
                && detail.deal == data.deal.id
            {
                detail.full = Some(Box::new(data.deal));
                detail.history = data.history;
                detail.notes = data.notes;
            }
            Command::None
        }
        Outcome::EditForm(form) => {
            state.mode = Mode::Form(form);
            Command::None
        }
        Outcome::Moved {
            record,
            reason,
            card,
            reopened,
        } => {
            let (deal, to) = (record.deal, record.to_stage);
            let stage = state.stage(to).map(|s| s.name.clone()).unwrap_or_default();
            record_change(state, Change::UndoMove { record, reason });
            let read = state.replace_card(deal, card, false);
            if reopened {
                state.info(format!("reopened in {stage}"));
            } else {
                state.info(format!("moved to {stage}"));
            }
            Command::Batch(vec![read, refresh_dashboard(state)])
        }
        Outcome::Edited {
            before,
            after,
            card,
            reason,
        } => {
            let deal = after.id;
            let shown = after.lost_reason.clone().unwrap_or_default();
            record_change(
                state,
                Change::Edit {
                    deal,
                    version: after.version,
                    restore: before,
                    replaced: after,
                },
            );
            let read = state.replace_card(deal, card, false);
            if reason {
                state.info(format!("lost reason is now {shown:?}"));
            } else {
                state.info("deal saved");
            }
            let then = Command::Batch(vec![read, refresh_dashboard(state)]);
            with_detail(state, deal, then)
        }
        Outcome::Archived {
            deal,
            version,
            card,
        } => {
            record_change(
                state,
                Change::Archive {
                    deal,
                    version,
                    archive: false,
                },
            );
            let read = state.replace_card(deal, card, false);
            let undo = state.keymap.label_for(Action::Undo);
            state.info(format!("archived ({undo} brings it back)"));
            Command::Batch(vec![read, refresh_dashboard(state)])
        }
        Outcome::NoteAdded { deal, card } => {
            let read = state.replace_card(deal, card, false);
            state.info("note added");
            // Notes are not in the dashboard's figures; the pane shows the new one.
            with_detail(state, deal, read)
        }
        Outcome::Added { deal, card } => {
            let read = state.replace_card(deal, card, true);
            state.info(format!("added deal {deal}"));
            Command::Batch(vec![read, refresh_dashboard(state)])
        }
        Outcome::Replayed {
            way,
            inverse,
            card,
            what,
        } => {
            let deal = inverse.deal();
            let (same, other, verb) = match way {
                Replay::Undo => (&mut state.undo, &mut state.redo, "undid"),
                Replay::Redo => (&mut state.redo, &mut state.undo, "redid"),
            };
            if inverse.version() != 0 {
                follow_version(same, &inverse);
            }
            other.push(inverse);
            let read = state.replace_card(deal, card, false);
            state.info(format!("{verb} {what}"));
            Command::Batch(vec![read, refresh_dashboard(state)])
        }
        Outcome::NeedsDataPoint { form, why } => {
            state.mode = Mode::Form(form);
            state.error(why);
            Command::None
        }
        Outcome::Figures { view, request } => {
            let dashboard = &mut state.dashboard;
            dashboard.failed = None;
            // Computed for what was asked then; again if the period, target or pipeline
            // changed meanwhile (the clock moving on alone does not count).
            let asked = *request;
            let pipeline = asked.pipeline.id;
            match state.view_request() {
                Some(now)
                    if now
                        != (super::dashboard::ViewRequest {
                            as_of: now.as_of,
                            ..asked
                        }) =>
                {
                    Command::RecomputeDashboard(Box::new(now))
                }
                _ => {
                    let mut view = *view;
                    if let Mode::GoalInput { input } = &state.mode {
                        view.goal_input = Some(input.clone());
                    }
                    state.dashboard.view_for = Some(pipeline);
                    state.dashboard.view = Some(view);
                    Command::None
                }
            }
        }
        Outcome::ActivityDone(record) => {
            let kind = record.activity.kind.label();
            state.info(format!(
                "{kind} marked done ({} undoes)",
                state.keymap.label_for(Action::Undo)
            ));
            record_change(state, Change::UndoDone(record));
            // The cards' next steps and overdue markers changed: read the board again.
            Command::Reload
        }
        Outcome::Agenda(agenda) => {
            state.agenda.agenda = Some(*agenda);
            let last = state.agenda.rows().len().saturating_sub(1);
            state.agenda.selected = state.agenda.selected.min(last);
            Command::None
        }
        Outcome::DashboardFailed(error) => {
            state.dashboard.failed = Some(error);
            Command::None
        }
        Outcome::Failed { error, reload } => {
            state.error(error.to_string());
            // What is on screen may be stale (another process changed the deal): show the
            // truth, unless reading it is what failed.
            if reload {
                Command::Reload
            } else {
                Command::None
            }
        }
    }
}

/// The board's data into the state, keeping the focus on the card that had it.
pub fn show_board(state: &mut AppState, data: BoardData) {
    state.pipelines = data.pipelines;
    state.pipeline = data.pipeline;
    state.lost_reasons = data.lost_reasons;
    state.set_columns(data.read, data.needle);
}

/// The dashboard's rows are stale after a write or a reload: its figures are marked as
/// updating (and dropped if they are another pipeline's), and the rows read again.
fn refresh_dashboard(state: &mut AppState) -> Command {
    state.dashboard.loading = true;
    let pipeline = state.current_pipeline().map(|p| p.id);
    if state.dashboard.view_for != pipeline {
        state.dashboard.view = None;
    }
    // The agenda is small: read it again now when it is on screen (its tab reads it on
    // opening otherwise), so a write or another process's change shows at once.
    if state.tab == crate::app::state::Tab::Agenda {
        Command::Batch(vec![Command::RefreshDashboard, Command::LoadAgenda])
    } else {
        Command::RefreshDashboard
    }
}

/// `then`, and a reload of the detail pane when it shows `deal`.
fn with_detail(state: &AppState, deal: crate::domain::DealId, then: Command) -> Command {
    match &state.mode {
        Mode::Detail(detail) if detail.deal == deal => {
            Command::Batch(vec![then, Command::LoadDetail(deal)])
        }
        _ => then,
    }
}

/// The next step for the same deal on `stack` now starts from the version `done` left.
fn follow_version(stack: &mut [Change], done: &Change) {
    if let Some(next) = stack.iter_mut().rev().find(|c| c.deal() == done.deal()) {
        next.set_version(done.version());
    }
}

/// A new change by the person: undoable, and it ends whatever could be redone.
fn record_change(state: &mut AppState, change: Change) {
    state.undo.push(change);
    state.redo.clear();
}
