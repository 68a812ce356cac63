//! The store's own rules, shared by every backend: what a write refuses or derives before
//! any SQL runs, so SQLite and PostgreSQL cannot drift apart.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::domain::text::{echo, same_name};
use crate::domain::{
    Deal, NewDeal, Pipeline, PipelineDef, PipelineId, PipelineRef, Stage, StageDef, StageId,
    StageKind, check_required,
};
use crate::metrics::ExchangeRate;

use super::board::BoardCard;
use super::board_pages::{BoardPage, PageAsk};
use super::bulk::{HistoricDeal, HistoricVisit};
use super::checklists::{Checklist, ChecklistItem};
use super::error::{Result, StoreError};

/// Refuses a change made against a version someone has moved past.
pub(crate) fn check_version(deal: &Deal, expected: Option<i64>) -> Result<()> {
    match expected {
        Some(expected) if expected != deal.version => Err(StoreError::Conflict {
            deal: deal.id,
            expected,
            found: deal.version,
        }),
        _ => Ok(()),
    }
}

/// A typed deal as the history it starts with: its stage (the first open one unless
/// named), its required data points checked, and closed at `at` when it starts closed.
pub(crate) fn new_deal_history(
    new: NewDeal,
    pipeline: &Pipeline,
    reasons: &[String],
    at: DateTime<Utc>,
) -> Result<(HistoricDeal, Stage)> {
    let stage = match new.stage_id {
        Some(id) => pipeline.stage(id),
        None => pipeline.first_open_stage(),
    }
    .ok_or_else(|| {
        StoreError::NotFound(format!(
            "pipeline {} has no such stage",
            echo(&pipeline.name)
        ))
    })?
    .clone();
    // A required data point gates entry into its stage, whether by a move or by creation.
    check_required(&stage, &new.extra).map_err(StoreError::invalid)?;
    let (closed_at, lost_reason) = match stage.kind {
        StageKind::Open => (None, None),
        StageKind::Won => (Some(at), None),
        StageKind::Lost => {
            let reason = new.lost_reason.as_deref().ok_or_else(|| {
                StoreError::invalid(format!(
                    "stage {} is a lost stage: give a lost reason",
                    echo(&stage.name)
                ))
            })?;
            (
                Some(at),
                Some(crate::domain::lost_reason::canonical_reason(
                    reason, reasons,
                )),
            )
        }
    };
    let first_visit = HistoricVisit {
        stage_id: stage.id,
        entered_at: at,
        exited_at: None,
        reason: lost_reason.clone(),
        by: None,
    };
    let historic = HistoricDeal {
        deal: NewDeal {
            stage_id: Some(stage.id),
            qualification: new.qualification.or(stage_qualification(&stage)),
            ..new
        },
        created_at: at,
        closed_at,
        archived_at: None,
        lost_reason,
        won_note: None,
        source_ref: None,
        visits: vec![first_visit],
    };
    Ok((historic, stage))
}

/// The qualification a stage named MQL, SAL or SQL gives the deals that enter it (seed 004).
pub(crate) fn stage_qualification(stage: &Stage) -> Option<crate::domain::Qualification> {
    crate::domain::Qualification::parse(&stage.name)
}

/// Archiving an archived deal, or unarchiving one that is not, is refused.
pub(crate) fn check_archive_change(deal: &Deal, archived_at: Option<DateTime<Utc>>) -> Result<()> {
    match (deal.archived_at, archived_at) {
        (Some(_), Some(_)) => Err(StoreError::invalid(format!(
            "deal {} is already archived",
            deal.id
        ))),
        (None, None) => Err(StoreError::invalid(format!(
            "deal {} is not archived",
            deal.id
        ))),
        _ => Ok(()),
    }
}

/// The pipeline called `name` (case-insensitive), or the default one when `name` is `None`.
pub(crate) fn pipeline_named(
    pipelines: Vec<Pipeline>,
    name: Option<&str>,
    default: Option<PipelineId>,
) -> Result<Pipeline> {
    match name {
        Some(name) => {
            let wanted = name.trim().to_lowercase();
            let known: Vec<String> = pipelines.iter().map(|p| echo(&p.name)).collect();
            pipelines
                .into_iter()
                .find(|p| p.name.to_lowercase() == wanted)
                .ok_or_else(|| {
                    StoreError::NotFound(format!(
                        "pipeline {} does not exist; the pipelines are {}",
                        echo(name),
                        known.join(", ")
                    ))
                })
        }
        None => {
            let index = pipelines
                .iter()
                .position(|p| Some(p.id) == default)
                .unwrap_or(0);
            pipelines
                .into_iter()
                .nth(index)
                .ok_or_else(|| StoreError::NotFound("the database has no pipelines".into()))
        }
    }
}

/// Whether a stage name of a definition names `stage`.
pub(crate) fn same_stage(stage: &Stage, name: &str) -> bool {
    stage.name.to_lowercase() == name.trim().to_lowercase()
}

/// Refuses to drop or re-kind a stage deals depend on. `visits` counts the stage's history
/// and is asked only when the stage would be dropped.
pub(crate) fn check_stage_change(
    stage: &Stage,
    def: &PipelineDef,
    deals_now: i64,
    visits: impl FnOnce() -> Result<i64>,
) -> Result<()> {
    let pipeline = def.name.trim();
    match def.stages.iter().find(|d| same_stage(stage, &d.name)) {
        None => {
            if deals_now > 0 {
                return Err(StoreError::invalid(format!(
                    "stage {} still holds {deals_now} deal(s); move them out before removing it from pipeline {}",
                    echo(&stage.name),
                    echo(pipeline)
                )));
            }
            let visits = visits()?;
            if visits > 0 {
                return Err(StoreError::invalid(format!(
                    "stage {} appears in the history of past deals ({visits} visits) and cannot be removed from pipeline {}",
                    echo(&stage.name),
                    echo(pipeline)
                )));
            }
            Ok(())
        }
        Some(new) if new.kind != stage.kind && deals_now > 0 => Err(StoreError::invalid(format!(
            "stage {} holds {deals_now} deal(s), so its kind cannot change from {} to {}",
            echo(&stage.name),
            stage.kind.as_str(),
            new.kind.as_str()
        ))),
        Some(_) => Ok(()),
    }
}

/// Whether applying `new` at `position` leaves `old` as it was (for the apply report).
pub(crate) fn stage_unchanged(old: &Stage, position: usize, new: &StageDef) -> bool {
    old.name == new.name.trim()
        && old.position == position as i64
        && old.kind == new.kind
        && old.probability == new.effective_probability()
        && old.rot_days == new.rot_days
        && old.expected_days == new.expected_days
        && old.target_conversion == new.target_conversion
        && old.playbook == new.playbook()
}

/// `existing` with open stages `names` inserted before its won and lost stages.
pub(crate) fn with_open_stages(existing: &Pipeline, names: &[String]) -> Result<PipelineDef> {
    let mut def = PipelineDef::of(existing);
    let at = def
        .stages
        .iter()
        .position(|s| s.kind != StageKind::Open)
        .unwrap_or(def.stages.len());
    for (offset, name) in names.iter().enumerate() {
        def.stages.insert(
            at + offset,
            StageDef {
                name: name.trim().to_string(),
                kind: StageKind::Open,
                probability: Some(0),
                rot_days: None,
                expected_days: None,
                target_conversion: None,
                trigger: Vec::new(),
                responsibilities: Vec::new(),
                documents: Vec::new(),
                data_points: Vec::new(),
                tasks: Vec::new(),
                communication: Vec::new(),
            },
        );
    }
    def.validate().map_err(StoreError::rule)?;
    Ok(def)
}

/// A stage's tasks as an untouched checklist (a deal that entered before checklists existed).
pub(crate) fn stage_tasks(stage: &Stage) -> Vec<ChecklistItem> {
    stage
        .playbook
        .tasks
        .iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| ChecklistItem {
            task: t.trim().to_string(),
            done_at: None,
        })
        .collect()
}

/// The task of `checklist` that a tick (`done_at` set) or untick changes, as stored;
/// refused when there is no such task or it is already as asked.
pub(crate) fn task_to_change(
    checklist: &Checklist,
    task: &str,
    done_at: Option<DateTime<Utc>>,
) -> Result<String> {
    let deal = checklist.deal;
    let item = checklist
        .items
        .iter()
        .find(|i| same_name(&i.task, task))
        .ok_or_else(|| {
            let tasks: Vec<String> = checklist.items.iter().map(|i| echo(&i.task)).collect();
            let known = if tasks.is_empty() {
                "it has no tasks".to_string()
            } else {
                format!("its tasks are {}", tasks.join(", "))
            };
            StoreError::invalid(format!(
                "deal {deal}'s checklist in stage {} has no task {}; {known}",
                echo(&checklist.stage_name),
                echo(task)
            ))
        })?;
    match (item.done_at, done_at) {
        (Some(_), Some(_)) => Err(StoreError::invalid(format!(
            "task {} of deal {deal} is already done; nothing was changed",
            echo(&item.task)
        ))),
        (None, None) => Err(StoreError::invalid(format!(
            "task {} of deal {deal} is not done; nothing was changed",
            echo(&item.task)
        ))),
        _ => Ok(item.task.clone()),
    }
}

/// Refuses a rate that is not a positive price of one currency in another.
pub(crate) fn check_rate(rate: &ExchangeRate) -> Result<()> {
    if rate.rate <= Decimal::ZERO {
        return Err(StoreError::invalid(format!(
            "exchange rate {} must be more than zero",
            rate.rate
        )));
    }
    if rate.base == rate.currency {
        return Err(StoreError::invalid(format!(
            "an exchange rate from {} to itself is always 1",
            rate.base
        )));
    }
    Ok(())
}

/// A historic deal checked for writing: its history whole, its fields valid, and what every
/// backend stores from them (the current stage, the amount in minor units, the data points as
/// JSON, the source split into system and record).
pub(crate) struct CheckedDeal {
    pub deal: NewDeal,
    pub stage: StageId,
    pub amount_minor: i64,
    pub extra: String,
    pub source_system: Option<String>,
    pub source_id: Option<String>,
}

/// The checks a deal row passes before any backend writes it.
pub(crate) fn check_deal_row(historic: &HistoricDeal) -> Result<CheckedDeal> {
    historic.check_history().map_err(StoreError::invalid)?;
    let deal = historic.deal.validated().map_err(StoreError::rule)?;
    let stage = historic
        .visits
        .last()
        .map(|v| v.stage_id)
        .ok_or_else(|| StoreError::invalid("the deal has no stage history"))?;
    let (source_system, source_id) = historic.source_ref.clone().unzip();
    let amount_minor = super::rows::amount_minor(deal.amount, deal.currency)?;
    let extra = super::rows::extra_json(&deal.extra)?;
    Ok(CheckedDeal {
        deal,
        stage,
        amount_minor,
        extra,
        source_system,
        source_id,
    })
}

/// The pages for `asks`, each read on (with `page`) until the card its focus follows is in.
pub(crate) fn read_pages(
    asks: &[PageAsk],
    mut page: impl FnMut(&PageAsk) -> Result<Vec<BoardCard>>,
) -> Result<Vec<BoardPage>> {
    let mut pages = Vec::with_capacity(asks.len());
    for ask in asks {
        let mut cards = page(ask)?;
        let mut more = cards.len() >= ask.limit;
        if let Some(through) = ask.through {
            while more && cards.last().is_some_and(|c| c.id < through) {
                let next = PageAsk {
                    after: cards.last().map(|c| c.id),
                    ..ask.clone()
                };
                let further = page(&next)?;
                more = further.len() >= ask.limit;
                cards.extend(further);
            }
        }
        pages.push(BoardPage {
            ask: ask.clone(),
            cards,
            more,
        });
    }
    Ok(pages)
}

/// The stage `to` a move of `deal` enters, found in the deal's own pipeline.
pub(crate) fn move_target(pipelines: Vec<Pipeline>, deal: &Deal, to: StageId) -> Result<Stage> {
    let pipeline = pipelines
        .into_iter()
        .find(|p| p.id == deal.pipeline_id)
        .ok_or_else(|| {
            StoreError::NotFound(format!("pipeline {} does not exist", deal.pipeline_id.0))
        })?;
    pipeline.stage(to).cloned().ok_or_else(|| {
        StoreError::invalid(format!(
            "stage {} is not in pipeline {}",
            to.0,
            echo(&pipeline.name)
        ))
    })
}

/// Fills in each pipeline's `converts_to` from the target ids read beside it (in order).
pub(crate) fn name_targets(pipelines: &mut [Pipeline], targets: &[Option<PipelineId>]) {
    let names: Vec<(PipelineId, String)> =
        pipelines.iter().map(|p| (p.id, p.name.clone())).collect();
    for (pipeline, target) in pipelines.iter_mut().zip(targets) {
        pipeline.converts_to = target.and_then(|id| {
            names
                .iter()
                .find(|(known, _)| *known == id)
                .map(|(id, name)| PipelineRef {
                    id: *id,
                    name: name.clone(),
                })
        });
    }
}

/// The pipeline `def`'s `converts_to` names, checked against the stored `pipelines` (with
/// `this` among them): it must exist, be another pipeline, and not lead back to `this`
/// through the targets' own `converts_to`.
pub(crate) fn conversion_target(
    pipelines: &[Pipeline],
    def: &PipelineDef,
    this: PipelineId,
) -> Result<Option<PipelineId>> {
    let Some(name) = def.converts_to.as_deref() else {
        return Ok(None);
    };
    let pipeline = echo(def.name.trim());
    let target = pipelines
        .iter()
        .find(|p| same_name(&p.name, name))
        .ok_or_else(|| {
            let known: Vec<String> = pipelines
                .iter()
                .filter(|p| p.id != this)
                .map(|p| echo(&p.name))
                .collect();
            StoreError::invalid(format!(
                "pipeline {pipeline} converts to {}, which does not exist; the other pipelines are {}",
                echo(name),
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            ))
        })?;
    if target.id == this {
        return Err(StoreError::invalid(format!(
            "pipeline {pipeline} cannot convert its deals into deals of itself; name another pipeline in converts_to"
        )));
    }
    let mut path = vec![echo(def.name.trim()), echo(&target.name)];
    let mut next = target.converts_to.as_ref().map(|t| t.id);
    while let Some(id) = next {
        let Some(step) = pipelines.iter().find(|p| p.id == id) else {
            break;
        };
        path.push(echo(&step.name));
        if step.id == this {
            return Err(StoreError::invalid(format!(
                "pipeline {pipeline} cannot convert to {}: that makes a cycle ({})",
                echo(&target.name),
                path.join(" → ")
            )));
        }
        if path.len() > pipelines.len() + 1 {
            break;
        }
        next = step.converts_to.as_ref().map(|t| t.id);
    }
    Ok(Some(target.id))
}
