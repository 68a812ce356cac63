//! Runs the store's side of a [`Command`]: one store call (one transaction) per command,
//! reading the state but never changing it; what happened goes back to `update` as an
//! [`Outcome`]. The dashboard's commands run beside this in [`super::App::execute`].

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::domain::moves::{MoveError, missing_required};
use crate::domain::text::printable;
use crate::domain::{Contact, Deal, DealId, DealPatch, NewDeal, Stage, StageId, StageKind};
use crate::domain::{Pipeline, parse_amount_naming, parse_date};
use crate::store::{BoardCard, Repository, Result, StoreError};

use super::command::{BoardData, Command, DetailData, Outcome, Replay};
use super::state::{AppState, BoardState, Change, DealForm, FieldKind};

/// Runs one store command; a failure becomes [`Outcome::Failed`].
pub fn execute(store: &mut dyn Repository, state: &AppState, command: Command) -> Option<Outcome> {
    let reload = !matches!(command, Command::Reload);
    match run(store, state, command) {
        Ok(outcome) => outcome,
        Err(error) => Some(Outcome::Failed {
            error: error.into(),
            reload,
        }),
    }
}

fn run(store: &mut dyn Repository, state: &AppState, command: Command) -> Result<Option<Outcome>> {
    let now = state.now;
    Ok(Some(match command {
        // Not the store's: App::execute runs these.
        Command::None
        | Command::Batch(_)
        | Command::RecomputeDashboard(_)
        | Command::RefreshDashboard(_)
        | Command::DrillDown(_)
        | Command::NoteInEditor(_) => return Ok(None),
        Command::SetTask { deal, task, done } => {
            let checklist = if done {
                store.tick_task(deal, &task, now)?
            } else {
                store.untick_task(deal, &task)?
            };
            Outcome::TaskSet {
                checklist: Box::new(checklist),
                task,
                done,
            }
        }
        Command::LoadChecklist(deal) => Outcome::Checklist(Box::new(store.checklist(deal)?)),
        Command::CompleteActivity(activity) => {
            let record = store.complete_activity(activity, None, now)?;
            let deal = record.activity.deal_id;
            Outcome::ActivityDone {
                record: Box::new(record),
                card: card(store, state, deal)?,
                steps: steps(store, state, deal)?,
            }
        }
        Command::ScheduleActivity(new) => {
            let activity = store.add_activity(&new, now)?;
            Outcome::Scheduled {
                steps: steps(store, state, activity.deal_id)?,
                activity: Box::new(activity),
            }
        }
        Command::RescheduleActivity { activity, patch } => {
            let edit = store.edit_activity(activity, &patch)?;
            Outcome::Rescheduled {
                steps: steps(store, state, edit.after.deal_id)?,
                edit: Box::new(edit),
            }
        }
        Command::LogCall { deal, outcome } => {
            let new = crate::store::NewActivity {
                deal,
                kind: crate::domain::ActivityKind::Call,
                due: crate::domain::Due::At(now),
                note: None,
            };
            let record = store.log_done_activity(&new, outcome.as_deref(), now)?;
            Outcome::CallLogged {
                record: Box::new(record),
                card: card(store, state, deal)?,
                steps: steps(store, state, deal)?,
            }
        }
        Command::LoadAgenda => {
            let pipeline = state.current_pipeline().map(|p| p.id);
            let window = match state.dashboard.zone {
                super::dashboard::Zone::Local => crate::domain::AgendaWindow::local(now),
                super::dashboard::Zone::Utc => {
                    crate::domain::AgendaWindow::in_zone(now, &chrono::Utc)
                }
            };
            Outcome::Agenda(Box::new(store.agenda(pipeline, &window)?))
        }
        Command::Reload => Outcome::Board(Box::new(load_board(store, state)?)),
        Command::LoadChange(notices) => super::live::load_change(store, state, notices)?,
        Command::LoadColumns { needle } => {
            let pipeline = current(state)?;
            let asks = state.board.first_pages(pipeline, state.cards_shown());
            let read = store.board_read(
                pipeline,
                state.closed_since(),
                now,
                &asks,
                state.board.card_filter(&needle),
                true,
            )?;
            Outcome::Columns {
                read: Box::new(read),
                needle,
            }
        }
        Command::LoadCards { asks, needle } => {
            let pipeline = current(state)?;
            let read = store.board_read(
                pipeline,
                state.closed_since(),
                now,
                &asks,
                state.board.card_filter(&needle),
                false,
            )?;
            Outcome::Cards {
                read: Box::new(read),
                needle,
            }
        }
        Command::LoadDetail(id) => Outcome::Detail(Box::new(DetailData {
            deal: store.deal(id)?,
            history: store.history(id)?,
            notes: store.notes(id)?,
            // A deal whose stage is gone still shows its fields.
            checklist: store.checklist(id).ok(),
            activities: store.activities_of(id)?,
        })),
        Command::OpenEditForm(id) => {
            let deal = store.deal(id)?;
            Outcome::EditForm(Box::new(super::board::form::edit_form(state, deal, None)))
        }
        Command::Move {
            deal,
            to,
            reason,
            version,
        } => match store.move_deal(deal, to, reason.as_deref(), Some(version), now) {
            Ok(record) => Outcome::Moved {
                record,
                reason,
                card: card(store, state, deal)?,
                reopened: false,
            },
            // A missing data point is filled in right here, not on the command line.
            Err(StoreError::Rule(rule))
                if matches!(
                    rule.downcast_ref::<MoveError>(),
                    Some(MoveError::MissingDataPoints { .. })
                ) =>
            {
                match data_point_form(store, state, deal, to) {
                    Some((form, why)) => Outcome::NeedsDataPoint {
                        form: Box::new(form),
                        why,
                    },
                    None => return Err(StoreError::Rule(rule)),
                }
            }
            Err(error) => return Err(error),
        },
        Command::Convert { deal, version } => super::convert::run(store, state, deal, version)?,
        Command::Reopen { deal, version } => {
            let to = reopen_stage(store, state, deal)?;
            let record = store.move_deal(deal, to.id, None, Some(version), now)?;
            Outcome::Moved {
                record,
                reason: None,
                card: card(store, state, deal)?,
                reopened: true,
            }
        }
        Command::EditReason {
            deal,
            version,
            reason,
        } => {
            let before = store.deal(deal)?;
            let patch = DealPatch {
                lost_reason: Some(reason),
                ..DealPatch::default()
            };
            let after = store.edit_deal(deal, Some(version), &patch, now)?;
            Outcome::Edited {
                before: Box::new(before),
                after: Box::new(after),
                card: card(store, state, deal)?,
                reason: true,
            }
        }
        Command::Archive { deal, version } => {
            let after = store.archive_deal(deal, Some(version), now)?;
            Outcome::Archived {
                deal,
                version: after.version,
                card: card(store, state, deal)?,
            }
        }
        Command::AddNote { deal, body } => {
            store.add_note(deal, &body, now)?;
            Outcome::NoteAdded {
                deal,
                card: card(store, state, deal)?,
            }
        }
        Command::SaveForm(form) => save_form(store, state, *form)?,
        Command::Undo(change) => replay(store, state, change, Replay::Undo)?,
        Command::Redo(change) => replay(store, state, change, Replay::Redo)?,
    }))
}

/// Everything the board shows from the store: the pipelines (keeping the current one, else
/// the default), the lost reasons, and the current pipeline's cards.
pub fn load_board(store: &dyn Repository, state: &AppState) -> Result<BoardData> {
    let pipelines = store.pipelines()?;
    let pipeline = pick_pipeline(store, state, &pipelines)?;
    board_of(store, state, pipelines, pipeline)
}

/// Which of `pipelines` the board shows: the one shown before, else the default.
pub fn pick_pipeline(
    store: &dyn Repository,
    state: &AppState,
    pipelines: &[Pipeline],
) -> Result<usize> {
    if pipelines.is_empty() {
        return Err(StoreError::NotFound(crate::t!("msg-no-pipeline")));
    }
    Ok(match state.current_pipeline().map(|p| p.id) {
        Some(id) => pipelines.iter().position(|p| p.id == id).unwrap_or(0),
        None => store
            .default_pipeline_id()?
            .and_then(|id| pipelines.iter().position(|p| p.id == id))
            .unwrap_or(0),
    })
}

/// The board's data for `pipelines[pipeline]`, the pipelines already read.
pub fn board_of(
    store: &dyn Repository,
    state: &AppState,
    pipelines: Vec<Pipeline>,
    pipeline: usize,
) -> Result<BoardData> {
    let shown = &pipelines[pipeline];
    let needle = state.board.needle();
    // Another pipeline starts at the top of its columns.
    let asks = if state.current_pipeline().is_some_and(|p| p.id == shown.id) {
        state.board.first_pages(shown, state.cards_shown())
    } else {
        BoardState::default().first_pages(shown, state.cards_shown())
    };
    let filter = state.board.card_filter(&needle);
    let read = store.board_read(shown, state.closed_since(), state.now, &asks, filter, true)?;
    Ok(BoardData {
        read,
        needle,
        lost_reasons: store.lost_reasons()?,
        pipelines,
        pipeline,
    })
}

/// One deal's next step and overdue marker as they are now (read like `next_steps` and
/// `deals_with_overdue_activity` do for the whole board, in the local zone).
fn steps(
    store: &dyn Repository,
    state: &AppState,
    deal: DealId,
) -> Result<super::command::DealSteps> {
    let activities = store.activities_of(deal)?;
    let next = crate::domain::next_step(&activities, &chrono::Local).cloned();
    let overdue = activities.iter().any(|a| a.is_overdue(state.now));
    Ok(super::command::DealSteps {
        deal,
        next,
        overdue,
    })
}

/// The pipeline on screen, which a board read needs.
fn current(state: &AppState) -> Result<&Pipeline> {
    state
        .current_pipeline()
        .ok_or_else(|| StoreError::NotFound(crate::t!("msg-no-pipeline-open")))
}

/// One deal's card as it is now: a change must not reload 10 000 cards.
fn card(store: &dyn Repository, state: &AppState, id: DealId) -> Result<Option<BoardCard>> {
    store.board_card(id, state.closed_since())
}

/// When the deal lacks a data point that `to` requires: the edit form with that point
/// focused, and the message saying so.
fn data_point_form(
    store: &dyn Repository,
    state: &AppState,
    id: DealId,
    to: StageId,
) -> Option<(DealForm, String)> {
    let deal = store.deal(id).ok()?;
    let stage = state.stage(to)?;
    let missing = missing_required(stage, &deal.extra);
    if missing.is_empty() {
        return None;
    }
    let names: Vec<String> = missing
        .iter()
        .map(|n| format!("{:?}", printable(n)))
        .collect();
    let save = state
        .keymap
        .label_in(crate::app::KeyMode::Form, crate::app::Action::Accept);
    let why = crate::t!(
        "msg-needs-data-points",
        count = names.len(),
        stage = format!("{:?}", printable(&stage.name)),
        names = names.join(", "),
        key = save,
    );
    Some((super::board::form::edit_form(state, deal, Some(to)), why))
}

/// The open stage a closed deal was last in, from its history; the pipeline's first open
/// stage for a deal that was never open (added straight into won or lost).
fn reopen_stage(store: &dyn Repository, state: &AppState, deal: DealId) -> Result<Stage> {
    let history = store.history(deal)?;
    let last_open = history.iter().rev().find_map(|visit| {
        state
            .stage(visit.stage_id)
            .filter(|stage| stage.kind == StageKind::Open)
    });
    last_open
        .or_else(|| state.current_pipeline().and_then(|p| p.first_open_stage()))
        .cloned()
        .ok_or_else(|| StoreError::NotFound(crate::t!("msg-no-open-stage")))
}

/// Applies an undone or redone `change`; the outcome carries the step that takes it back.
fn replay(
    store: &mut dyn Repository,
    state: &AppState,
    change: Change,
    way: Replay,
) -> Result<Outcome> {
    let what = change.describe();
    let activity = change.is_activity();
    let (inverse, deal) = apply(store, change, state.now)?;
    // An activity's change moves the card's next step, which is not part of the card.
    let steps = if activity {
        Some(steps(store, state, deal)?)
    } else {
        None
    };
    Ok(Outcome::Replayed {
        way,
        inverse,
        card: card(store, state, deal)?,
        what,
        steps,
    })
}

/// Applies an undo or redo step; returns the step that takes it back.
fn apply(
    store: &mut dyn Repository,
    change: Change,
    now: DateTime<Utc>,
) -> Result<(Change, DealId)> {
    Ok(match change {
        Change::UndoDone(record) => {
            let activity = store.undo_done(&record)?;
            let deal = activity.deal_id;
            let redo = Change::Done {
                deal,
                activity: activity.id,
            };
            (redo, deal)
        }
        Change::Done { deal, activity } => {
            let record = store.complete_activity(activity, None, now)?;
            (Change::UndoDone(Box::new(record)), deal)
        }
        Change::Task { deal, task, done } => {
            if done {
                store.tick_task(deal, &task, now)?;
            } else {
                store.untick_task(deal, &task)?;
            }
            let undo = Change::Task {
                deal,
                task,
                done: !done,
            };
            (undo, deal)
        }
        Change::Unschedule(activity) => {
            let deleted = store.delete_activity(activity.id)?;
            let deal = deleted.deal_id;
            (Change::PutBack(Box::new(deleted)), deal)
        }
        Change::PutBack(activity) => {
            let restored = store.restore_activity(&activity)?;
            let deal = restored.deal_id;
            (Change::Unschedule(Box::new(restored)), deal)
        }
        Change::RestoreActivity { restore, replaced } => {
            let restored = store.restore_activity(&restore)?;
            let deal = restored.deal_id;
            let inverse = Change::RestoreActivity {
                restore: replaced,
                replaced: Box::new(restored),
            };
            (inverse, deal)
        }
        Change::UnlogDone(record) => {
            store.unlog_done(&record)?;
            let deal = record.activity.deal_id;
            (Change::RelogDone(record), deal)
        }
        Change::RelogDone(record) => {
            let record = store.relog_done(&record)?;
            let deal = record.activity.deal_id;
            (Change::UnlogDone(Box::new(record)), deal)
        }
        Change::Unconvert(record) => super::convert::undo(store, &record)?,
        Change::Convert { deal, version } => super::convert::redo(store, deal, version, now)?,
        Change::UndoMove { record, reason } => {
            let deal = store.undo_move(&record)?;
            (
                Change::Move {
                    deal: record.deal,
                    to: record.to_stage,
                    reason,
                    version: deal.version,
                },
                record.deal,
            )
        }
        Change::Move {
            deal,
            to,
            reason,
            version,
        } => {
            let record = store.move_deal(deal, to, reason.as_deref(), Some(version), now)?;
            (Change::UndoMove { record, reason }, deal)
        }
        Change::Edit {
            deal,
            version,
            restore,
            replaced,
        } => {
            let result =
                store.edit_deal(deal, Some(version), &DealPatch::restoring(&restore), now)?;
            (
                Change::Edit {
                    deal,
                    version: result.version,
                    restore: replaced,
                    replaced: Box::new(result),
                },
                deal,
            )
        }
        Change::Archive {
            deal,
            version,
            archive,
        } => {
            let result = if archive {
                store.archive_deal(deal, Some(version), now)?
            } else {
                store.unarchive_deal(deal, Some(version), now)?
            };
            (
                Change::Archive {
                    deal,
                    version: result.version,
                    archive: !archive,
                },
                deal,
            )
        }
    })
}

fn form_value(form: &DealForm, kind: FieldKind) -> Option<String> {
    form.fields
        .iter()
        .find(|f| f.kind == kind)
        .map(|f| f.value.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn save_form(store: &mut dyn Repository, state: &AppState, form: DealForm) -> Result<Outcome> {
    let now = state.now;
    let Some(pipeline) = state.current_pipeline().cloned() else {
        return Err(StoreError::NotFound(crate::t!("msg-no-pipeline-open")));
    };
    let expected = form
        .editing
        .as_ref()
        .map_or(pipeline.currency, |d| d.currency);
    // `SEK 1 500` names its currency: a new deal takes it, an edit is refused by the store
    // unless the deal is in it (`amount_currency`), never stored as that many of another.
    let (amount, named) = match form_value(&form, FieldKind::Amount) {
        Some(text) => parse_amount_naming(&text, state.separator, expected)
            .map(|(amount, named)| (Some(amount), named))
            // Typed, so the board can say it in the rep's language (`error_text`).
            .map_err(StoreError::rule)?,
        None => (None, None),
    };
    let currency = named.unwrap_or(expected);
    let close_date = form_value(&form, FieldKind::CloseDate)
        .map(|text| parse_date(&text))
        .transpose()
        .map_err(StoreError::rule)?;
    let title = form_value(&form, FieldKind::Title).unwrap_or_default();
    match form.editing.clone() {
        Some(before) => {
            let patch = DealPatch {
                title: Some(title),
                organization: Some(form_value(&form, FieldKind::Organization)),
                contact_name: Some(form_value(&form, FieldKind::ContactName)),
                contact_email: Some(form_value(&form, FieldKind::ContactEmail)),
                owner: Some(form_value(&form, FieldKind::Owner)),
                amount: Some(amount.unwrap_or_default()),
                amount_currency: named,
                expected_close_date: Some(close_date),
                extra: Some(super::board::form::form_extra(&form, before.extra.clone())),
                ..DealPatch::default()
            };
            let after: Deal = store.edit_deal(before.id, Some(before.version), &patch, now)?;
            let id = after.id;
            Ok(Outcome::Edited {
                before: Box::new(before),
                after: Box::new(after),
                card: card(store, state, id)?,
                reason: false,
            })
        }
        None => {
            let new = NewDeal {
                pipeline_id: pipeline.id,
                // The stage decided when the form opened, whose data points it asked for.
                stage_id: form.stage,
                title,
                organization: form_value(&form, FieldKind::Organization),
                contact: Contact {
                    name: form_value(&form, FieldKind::ContactName),
                    email: form_value(&form, FieldKind::ContactEmail),
                    phone: None,
                },
                owner: form_value(&form, FieldKind::Owner),
                amount: amount.unwrap_or_default(),
                currency,
                probability_override: None,
                expected_close_date: close_date,
                source: None,
                qualification: None,
                lost_reason: None,
                extra: super::board::form::form_extra(&form, BTreeMap::new()),
            };
            let deal = store.add_deal(&new, now)?;
            Ok(Outcome::Added {
                deal: deal.id,
                card: card(store, state, deal.id)?,
            })
        }
    }
}
