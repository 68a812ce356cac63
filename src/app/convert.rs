//! `W` on a lead (seed 004): in a pipeline that names `converts_to`, marking a deal won
//! converts it — the lead goes to its won stage and a linked deal opens in the target
//! pipeline at SQL, in one store call; `u` deletes that deal and reopens the lead.

use chrono::{DateTime, Utc};

use crate::domain::{DealId, StageKind};
use crate::store::{ConversionRecord, Converted, Repository, Result};

use super::action::Action;
use super::command::{Command, Outcome};
use super::state::{AppState, Change};

/// `W`'s command when the focused deal is an open lead of a converting pipeline; `None`
/// leaves `W` an ordinary move into the won stage.
pub fn on_mark_won(state: &AppState) -> Option<Command> {
    let pipeline = state.current_pipeline()?;
    pipeline.converts_to.as_ref()?;
    let deal = state.focused_deal()?;
    (deal.status == StageKind::Open).then_some(Command::Convert {
        deal: deal.id,
        version: deal.version,
    })
}

/// The executor's half: the one store call, and the lead's card as it is now.
pub fn run(
    store: &mut dyn Repository,
    state: &AppState,
    deal: DealId,
    version: i64,
) -> Result<Outcome> {
    let converted = store.convert_lead(deal, None, Some(version), state.now)?;
    Ok(Outcome::Converted {
        card: store.board_card(deal, state.closed_since())?,
        converted: Box::new(converted),
    })
}

/// Undoes a conversion (`Change::Unconvert`); the step that redoes it comes back.
pub fn undo(store: &mut dyn Repository, record: &ConversionRecord) -> Result<(Change, DealId)> {
    let lead = store.undo_conversion(record)?;
    Ok((
        Change::Convert {
            deal: lead.id,
            version: lead.version,
        },
        lead.id,
    ))
}

/// Redoes a conversion (`Change::Convert`); the step that undoes it comes back.
pub fn redo(
    store: &mut dyn Repository,
    deal: DealId,
    version: i64,
    now: DateTime<Utc>,
) -> Result<(Change, DealId)> {
    let converted = store.convert_lead(deal, None, Some(version), now)?;
    Ok((Change::Unconvert(Box::new(converted.record)), deal))
}

/// The outcome's half: the lead's card patched, the undo step kept, and where the deal went.
pub fn converted(
    state: &mut AppState,
    converted: Converted,
    card: Option<crate::store::BoardCard>,
) -> Command {
    let lead = converted.lead.id;
    let into = state
        .pipelines
        .iter()
        .find(|p| p.id == converted.deal.pipeline_id)
        .map(|p| p.name.clone());
    let undo = state.keymap.label_for(Action::Undo);
    state
        .undo
        .push(Change::Unconvert(Box::new(converted.record)));
    state.redo.clear();
    let read = state.replace_card(lead, card, false);
    let deal = converted.deal.id.to_string();
    state.info(match into {
        Some(pipeline) => crate::t!(
            "convert-done-in",
            deal = deal,
            pipeline = pipeline,
            key = undo
        ),
        None => crate::t!("convert-done", deal = deal, key = undo),
    });
    Command::Batch(vec![
        read,
        super::outcome::refresh_dashboard(state, Some(lead)),
        Command::LoadChecklist(lead),
    ])
}
