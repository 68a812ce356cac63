//! Runs what `update` asked for against the store and puts the outcome back into the state.
//! Each command is one store call, so one transaction: a failure leaves nothing half-done.

use std::collections::BTreeMap;

use crate::domain::{Contact, DealId, DealPatch, NewDeal, StageKind, parse_amount, parse_date};
use crate::store::{Result, Store, StoreError};

use super::state::{AppState, Change, DealForm, FieldKind, Mode};

/// A request from `update` for the store.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    None,
    /// Read the pipelines and the current pipeline's cards again.
    Reload,
    LoadDetail(DealId),
    /// Read the whole deal and open the edit form on it.
    OpenEditForm(DealId),
    Move {
        deal: DealId,
        to: crate::domain::StageId,
        reason: Option<String>,
        version: i64,
    },
    /// Move a closed deal back into the open stage it was last in (its stage history).
    Reopen {
        deal: DealId,
        version: i64,
    },
    EditReason {
        deal: DealId,
        version: i64,
        reason: String,
    },
    Archive {
        deal: DealId,
        version: i64,
    },
    AddNote {
        deal: DealId,
        body: String,
    },
    SaveForm(Box<DealForm>),
    Undo(Change),
    Redo(Change),
    /// Work the dashboard's figures out again from the rows already read (period, target).
    RecomputeDashboard,
}

impl Command {
    /// Whether running it may change what the dashboard's rows hold (a write, or a pipeline
    /// switch read by `Reload`).
    pub fn changes_dashboard_rows(&self) -> bool {
        !matches!(
            self,
            Command::None
                | Command::LoadDetail(_)
                | Command::OpenEditForm(_)
                | Command::AddNote { .. }
                | Command::RecomputeDashboard
        )
    }
}

/// Everything the board needs from the store for the current pipeline.
pub fn load(store: &Store, state: &mut AppState, keep: Option<DealId>) -> Result<()> {
    load_pipelines(store, state)?;
    load_cards(store, state, keep)
}

/// The pipelines (keeping the current one, else the default) and the lost reasons.
pub fn load_pipelines(store: &Store, state: &mut AppState) -> Result<()> {
    let pipelines = store.pipelines()?;
    if pipelines.is_empty() {
        return Err(StoreError::NotFound(
            "the database has no pipeline; add one with `dealdeck pipeline apply`".into(),
        ));
    }
    let current = state.current_pipeline().map(|p| p.id);
    state.pipeline = match current {
        Some(id) => pipelines.iter().position(|p| p.id == id).unwrap_or(0),
        None => store
            .default_pipeline_id()?
            .and_then(|id| pipelines.iter().position(|p| p.id == id))
            .unwrap_or(0),
    };
    state.pipelines = pipelines;
    state.lost_reasons = store.lost_reasons()?;
    Ok(())
}

/// The current pipeline's cards, keeping the focus on `keep` when it is still there.
pub fn load_cards(store: &Store, state: &mut AppState, keep: Option<DealId>) -> Result<()> {
    let Some(pipeline) = state.current_pipeline().map(|p| p.id) else {
        return Ok(());
    };
    let deals = store.board_cards(pipeline, state.closed_since())?;
    state.overdue = store.deals_with_overdue_activity(pipeline, state.now)?;
    state.set_deals(deals, keep);
    Ok(())
}

pub fn run(store: &mut Store, state: &mut AppState, command: Command) {
    let outcome = execute(store, state, command);
    if let Err(error) = outcome {
        state.error(error.to_string());
        // What is on screen may be stale (another process changed the deal): show the truth.
        if let Err(error) = load(store, state, None) {
            state.error(error.to_string());
        }
    }
    if let Mode::Detail(detail) = &state.mode {
        let id = detail.deal;
        if let Err(error) = load_detail(store, state, id) {
            state.error(error.to_string());
        }
    }
}

/// Re-reads one deal's card after a change to it: a move must not reload 10 000 cards.
fn refresh(store: &Store, state: &mut AppState, id: DealId) -> Result<()> {
    let card = store.board_card(id, state.closed_since())?;
    state.replace_card(id, card);
    Ok(())
}

fn load_detail(store: &Store, state: &mut AppState, id: DealId) -> Result<()> {
    let full = store.deal(id)?;
    let history = store.history(id)?;
    let notes = store.notes(id)?;
    if let Mode::Detail(detail) = &mut state.mode
        && detail.deal == id
    {
        detail.full = Some(Box::new(full));
        detail.history = history;
        detail.notes = notes;
    }
    Ok(())
}

fn execute(store: &mut Store, state: &mut AppState, command: Command) -> Result<()> {
    let now = state.now;
    match command {
        // The dashboard's rows live beside the store in `App`, which runs this itself.
        Command::None | Command::LoadDetail(_) | Command::RecomputeDashboard => Ok(()),
        Command::OpenEditForm(id) => {
            let deal = store.deal(id)?;
            let form = super::form::edit_form(state, deal, None);
            state.mode = Mode::Form(Box::new(form));
            Ok(())
        }
        Command::Reload => load(store, state, None),
        Command::Move {
            deal,
            to,
            reason,
            version,
        } => {
            let record = match store.move_deal(deal, to, reason.as_deref(), Some(version), now) {
                Ok(record) => record,
                Err(error) => {
                    // A missing data point is filled in right here, not on the command line.
                    if let Some((form, why)) = data_point_form(store, state, deal, to) {
                        state.mode = Mode::Form(Box::new(form));
                        state.error(why);
                        return Ok(());
                    }
                    return Err(error);
                }
            };
            let stage = state
                .stage(record.to_stage)
                .map(|s| s.name.clone())
                .unwrap_or_default();
            record_change(state, Change::UndoMove { record, reason });
            refresh(store, state, deal)?;
            state.info(format!("moved to {stage}"));
            Ok(())
        }
        Command::Reopen { deal, version } => {
            let to = reopen_stage(store, state, deal)?;
            let record = store.move_deal(deal, to.id, None, Some(version), now)?;
            record_change(
                state,
                Change::UndoMove {
                    record,
                    reason: None,
                },
            );
            refresh(store, state, deal)?;
            state.info(format!("reopened in {}", to.name));
            Ok(())
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
            let shown = after.lost_reason.clone().unwrap_or_default();
            record_change(state, edit_change(before, after));
            refresh(store, state, deal)?;
            state.info(format!("lost reason is now {shown:?}"));
            Ok(())
        }
        Command::Archive { deal, version } => {
            let after = store.archive_deal(deal, Some(version), now)?;
            record_change(
                state,
                Change::Archive {
                    deal,
                    version: after.version,
                    archive: false,
                },
            );
            refresh(store, state, deal)?;
            state.info("archived (u brings it back)");
            Ok(())
        }
        Command::AddNote { deal, body } => {
            store.add_note(deal, &body, now)?;
            refresh(store, state, deal)?;
            state.info("note added");
            Ok(())
        }
        Command::SaveForm(form) => save_form(store, state, *form),
        Command::Undo(change) => replay(store, state, change, now, Replay::Undo),
        Command::Redo(change) => replay(store, state, change, now, Replay::Redo),
    }
}

/// When the deal lacks a data point that `to` requires: the edit form with that point
/// focused, and the message saying so.
fn data_point_form(
    store: &Store,
    state: &AppState,
    id: DealId,
    to: crate::domain::StageId,
) -> Option<(DealForm, String)> {
    let deal = store.deal(id).ok()?;
    let stage = state.stage(to)?;
    let refusal = crate::domain::moves::plan_move(&deal, stage, Some("-"), &[], state.now).err()?;
    let crate::domain::moves::MoveError::MissingDataPoint { stage, data_point } = refusal else {
        return None;
    };
    let why =
        format!("stage {stage:?} requires the data point {data_point:?}: fill it in, Enter saves");
    Some((super::form::edit_form(state, deal, Some(to)), why))
}

/// The open stage a closed deal was last in, from its history; the pipeline's first open
/// stage for a deal that was never open (added straight into won or lost).
fn reopen_stage(store: &Store, state: &AppState, deal: DealId) -> Result<crate::domain::Stage> {
    let history = store.history(deal)?;
    let last_open = history.iter().rev().find_map(|visit| {
        state
            .stage(visit.stage_id)
            .filter(|stage| stage.kind == StageKind::Open)
    });
    last_open
        .or_else(|| state.current_pipeline().and_then(|p| p.first_open_stage()))
        .cloned()
        .ok_or_else(|| StoreError::NotFound("the pipeline has no open stage".into()))
}

/// Which way a change is replayed: an undo's inverse goes on the redo stack, and back.
#[derive(Clone, Copy)]
enum Replay {
    Undo,
    Redo,
}

/// Applies an undone or redone `change` and files its inverse on the other stack.
fn replay(
    store: &mut Store,
    state: &mut AppState,
    change: Change,
    now: chrono::DateTime<chrono::Utc>,
    way: Replay,
) -> Result<()> {
    let what = change.describe();
    let (inverse, deal) = apply(store, change, now)?;
    let (same, other, verb) = match way {
        Replay::Undo => (&mut state.undo, &mut state.redo, "undid"),
        Replay::Redo => (&mut state.redo, &mut state.undo, "redid"),
    };
    follow_version(same, &inverse);
    other.push(inverse);
    refresh(store, state, deal)?;
    state.info(format!("{verb} {what}"));
    Ok(())
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

fn edit_change(before: crate::domain::Deal, after: crate::domain::Deal) -> Change {
    Change::Edit {
        deal: after.id,
        version: after.version,
        restore: Box::new(before),
        replaced: Box::new(after),
    }
}

/// Applies an undo or redo step; returns the step that takes it back.
fn apply(
    store: &mut Store,
    change: Change,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(Change, DealId)> {
    Ok(match change {
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

fn save_form(store: &mut Store, state: &mut AppState, form: DealForm) -> Result<()> {
    let now = state.now;
    let Some(pipeline) = state.current_pipeline().cloned() else {
        return Err(StoreError::NotFound("no pipeline is open".into()));
    };
    let currency = form
        .editing
        .as_ref()
        .map_or(pipeline.currency, |d| d.currency);
    let amount = form_value(&form, FieldKind::Amount)
        .map(|text| parse_amount(&text, state.separator, currency))
        .transpose()
        .map_err(StoreError::invalid)?;
    let close_date = form_value(&form, FieldKind::CloseDate)
        .map(|text| parse_date(&text))
        .transpose()
        .map_err(StoreError::invalid)?;
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
                expected_close_date: Some(close_date),
                extra: Some(super::form::form_extra(&form, before.extra.clone())),
                ..DealPatch::default()
            };
            let after = store.edit_deal(before.id, Some(before.version), &patch, now)?;
            let id = after.id;
            record_change(state, edit_change(before, after));
            refresh(store, state, id)?;
            state.info("deal saved");
        }
        None => {
            // The stage decided when the form opened, whose data points it asked for.
            let stage_id = form.stage;
            let new = NewDeal {
                pipeline_id: pipeline.id,
                stage_id,
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
                extra: super::form::form_extra(&form, BTreeMap::new()),
            };
            let deal = store.add_deal(&new, now)?;
            refresh(store, state, deal.id)?;
            state.info(format!("added deal {}", deal.id));
        }
    }
    Ok(())
}
