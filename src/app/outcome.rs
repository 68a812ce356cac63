//! `update` for what commands did: each [`Outcome`] is put into the state here, and may ask
//! for the next command (a reload of the detail pane after a note, a fresh read of the
//! dashboard's rows after a write). The only other place the state changes is `update`.

use super::action::Action;
use super::agenda::words;
use super::board::schedule;
use super::command::{BoardData, Command, Outcome, Replay};
use super::keymap::KeyMode;
use super::state::{AppState, Change, Mode};

pub fn outcome(state: &mut AppState, outcome: Outcome) -> Command {
    match outcome {
        Outcome::Board(data) => {
            show_board(state, *data);
            let mut next = vec![refresh_dashboard(state, None)];
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
                detail.activities = data.activities;
                detail.checklist = data.checklist;
                let tasks = detail.checklist.as_ref().map_or(0, |c| c.items.len());
                detail.cursor = detail.cursor.min(tasks.saturating_sub(1));
            }
            if let Mode::Detail(detail) = &state.mode
                && let Some(checklist) = detail.checklist.clone()
            {
                set_progress(state, &checklist);
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
                state.info(crate::t!("msg-reopened", stage = stage));
            } else {
                state.info(crate::t!("msg-moved", stage = stage));
            }
            // A new stage brings its own checklist: the card's progress is read again.
            Command::Batch(vec![
                read,
                refresh_dashboard(state, Some(deal)),
                Command::LoadChecklist(deal),
            ])
        }
        Outcome::Converted { converted, card } => {
            super::convert::converted(state, *converted, card)
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
                state.info(crate::t!(
                    "msg-lost-reason-now",
                    reason = format!("{shown:?}")
                ));
            } else {
                state.info(crate::t!("msg-deal-saved"));
            }
            let then = Command::Batch(vec![read, refresh_dashboard(state, Some(deal))]);
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
            state.info(crate::t!("msg-archived", key = undo));
            Command::Batch(vec![read, refresh_dashboard(state, Some(deal))])
        }
        Outcome::NoteAdded { deal, card } => {
            let read = state.replace_card(deal, card, false);
            state.info(crate::t!("msg-note-added"));
            // Notes are not in the dashboard's figures; the pane shows the new one.
            with_detail(state, deal, read)
        }
        Outcome::Added { deal, card } => {
            let read = state.replace_card(deal, card, true);
            state.info(crate::t!("msg-deal-added", deal = deal.to_string()));
            Command::Batch(vec![read, refresh_dashboard(state, Some(deal))])
        }
        Outcome::Replayed {
            way,
            inverse,
            card,
            what,
            steps,
        } => {
            let deal = inverse.deal();
            if let Some(steps) = steps {
                schedule::apply_steps(state, steps);
            }
            let what = words::change_noun(what);
            let (same, other, text) = match way {
                Replay::Undo => (
                    &mut state.undo,
                    &mut state.redo,
                    crate::t!("msg-undid", what = what),
                ),
                Replay::Redo => (
                    &mut state.redo,
                    &mut state.undo,
                    crate::t!("msg-redid", what = what),
                ),
            };
            if inverse.version() != 0 {
                follow_version(same, &inverse);
            }
            other.push(inverse);
            let read = state.replace_card(deal, card, false);
            state.info(text);
            // A move or a tick changes the checklist: the pane (or the card) reads it again.
            let then = Command::Batch(vec![read, refresh_dashboard(state, Some(deal))]);
            match &state.mode {
                Mode::Detail(detail) if detail.deal == deal => {
                    Command::Batch(vec![then, Command::LoadDetail(deal)])
                }
                _ => Command::Batch(vec![then, Command::LoadChecklist(deal)]),
            }
        }
        Outcome::TaskSet {
            checklist,
            task,
            done,
        } => {
            let deal = checklist.deal;
            set_progress(state, &checklist);
            if let Mode::Detail(detail) = &mut state.mode
                && detail.deal == deal
            {
                detail.checklist = Some(*checklist);
            }
            let shown = format!("{:?}", crate::domain::text::printable(&task));
            let key = state
                .keymap
                .label_in(crate::app::KeyMode::Detail, Action::Undo);
            state.info(if done {
                crate::t!("msg-ticked", task = shown, key = key)
            } else {
                crate::t!("msg-unticked", task = shown, key = key)
            });
            record_change(
                state,
                Change::Task {
                    deal,
                    task,
                    done: !done,
                },
            );
            Command::None
        }
        Outcome::Checklist(checklist) => {
            set_progress(state, &checklist);
            if let Mode::Detail(detail) = &mut state.mode
                && detail.deal == checklist.deal
            {
                detail.cursor = detail.cursor.min(checklist.items.len().saturating_sub(1));
                detail.checklist = Some(*checklist);
            }
            Command::None
        }
        Outcome::EditorNote { deal, written } => match written {
            Ok(Some(body)) => Command::AddNote { deal, body },
            Ok(None) => {
                state.info(crate::t!("msg-note-empty"));
                Command::None
            }
            Err(why) => {
                state.error(why);
                Command::None
            }
        },
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
        Outcome::ActivityDone {
            record,
            card,
            steps,
        } => {
            let deal = record.activity.deal_id;
            let kind = words::kind_label(record.activity.kind);
            let target = schedule::card_target(state, deal).or_else(|| agenda_target(state, deal));
            record_change(state, Change::UndoDone(record));
            let read = state.replace_card(deal, card, false);
            schedule::apply_steps(state, steps);
            let cancel = state.keymap.label_in(KeyMode::Prompt, Action::Cancel);
            state.info(crate::t!("msg-marked-done", kind = kind, key = cancel));
            if let Some(target) = target {
                schedule::offer_next_step(state, target);
            }
            Command::Batch(vec![read, refresh_dashboard(state, Some(deal))])
        }
        Outcome::Scheduled { activity, steps } => {
            let deal = activity.deal_id;
            let text = crate::t!(
                "msg-scheduled",
                kind = words::kind_label(activity.kind),
                due = due_label(activity.due),
                key = state.keymap.label_for(Action::Undo)
            );
            record_change(state, Change::Unschedule(activity));
            schedule::apply_steps(state, steps);
            state.info(text);
            let then = refresh_dashboard(state, Some(deal));
            with_detail(state, deal, then)
        }
        Outcome::Rescheduled { edit, steps } => {
            let deal = edit.after.deal_id;
            let text = crate::t!(
                "msg-rescheduled",
                kind = words::kind_label(edit.after.kind),
                due = due_label(edit.after.due),
                key = state.keymap.label_for(Action::Undo)
            );
            let crate::store::ActivityEdit { before, after } = *edit;
            record_change(
                state,
                Change::RestoreActivity {
                    restore: Box::new(before),
                    replaced: Box::new(after),
                },
            );
            schedule::apply_steps(state, steps);
            state.info(text);
            let then = refresh_dashboard(state, Some(deal));
            with_detail(state, deal, then)
        }
        Outcome::CallLogged {
            record,
            card,
            steps,
        } => {
            let deal = record.activity.deal_id;
            let key = state.keymap.label_for(Action::Undo);
            let text = match &record.activity.outcome {
                Some(_) => crate::t!("msg-call-logged-outcome", key = key),
                None => crate::t!("msg-call-logged", key = key),
            };
            record_change(state, Change::UnlogDone(record));
            let read = state.replace_card(deal, card, false);
            schedule::apply_steps(state, steps);
            state.info(text);
            let then = Command::Batch(vec![read, refresh_dashboard(state, Some(deal))]);
            with_detail(state, deal, then)
        }
        Outcome::DrillDown(list) => {
            // Only over the dashboard it was asked from, and nothing else opened meanwhile.
            if state.tab == crate::app::state::Tab::Dashboard && state.mode == Mode::Normal {
                state.mode = Mode::DrillDown(list);
            }
            Command::None
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
        Outcome::ChangedElsewhere {
            board,
            deals,
            notices,
        } => super::live::changed_elsewhere(state, *board, &deals, &notices),
        Outcome::Failed { error, reload } => {
            state.error(super::error_text::app_error(&error));
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

/// The dashboard's rows are stale after a write (to `deal`) or a reload: its figures are
/// marked as updating (and dropped if they are another pipeline's), and the rows read again
/// (only `deal`'s, when given).
pub(super) fn refresh_dashboard(
    state: &mut AppState,
    deal: Option<crate::domain::DealId>,
) -> Command {
    state.dashboard.loading = true;
    let pipeline = state.current_pipeline().map(|p| p.id);
    if state.dashboard.view_for != pipeline {
        state.dashboard.view = None;
    }
    // The agenda is small: read it again now when it is on screen (its tab reads it on
    // opening otherwise), so a write or another process's change shows at once.
    if state.tab == crate::app::state::Tab::Agenda {
        Command::Batch(vec![Command::RefreshDashboard(deal), Command::LoadAgenda])
    } else {
        Command::RefreshDashboard(deal)
    }
}

/// The deal of an agenda row (a deal not on the board: closed long ago, another filter).
fn agenda_target(state: &AppState, deal: crate::domain::DealId) -> Option<schedule::Target> {
    let agenda = state.agenda.agenda.as_ref()?;
    let item = [&agenda.overdue, &agenda.today, &agenda.week]
        .into_iter()
        .flatten()
        .find(|item| item.activity.deal_id == deal)?;
    Some(schedule::Target {
        deal,
        title: item.deal_title.clone(),
        stage: Some(item.stage_id),
    })
}

/// A due date as a message says it: the day, or the day and time in the local zone.
fn due_label(due: crate::domain::Due) -> String {
    words::due_text(due, super::dashboard::Zone::Local)
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

/// The card's checklist progress, as `checklist` says it is now.
fn set_progress(state: &mut AppState, checklist: &crate::store::Checklist) {
    let progress = (checklist.done(), checklist.items.len());
    state.board.checklists.insert(checklist.deal, progress);
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
