//! The rules of moving a deal between stages, decided before anything is written.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::deal::Deal;
use super::lost_reason::canonical_reason;
use super::pipeline::{Stage, StageId, StageKind};
use super::text::{MAX_NAME_CHARS, check_line, echo};

/// What a move changes on the deal and records on the new visit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MovePlan {
    pub to: StageId,
    pub closed_at: Option<DateTime<Utc>>,
    pub lost_reason: Option<String>,
    /// The reason recorded on the new visit (lost stages only), so it survives a reopen.
    pub visit_reason: Option<String>,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum MoveError {
    #[error("deal {deal} is already in stage {}", echo(.stage))]
    SameStage { deal: i64, stage: String },
    #[error("stage {} is a lost stage: give a lost reason (for example --reason \"Price too high\")", echo(.stage))]
    ReasonRequired { stage: String },
    #[error("lost reason: {0}")]
    BadReason(super::text::TextError),
    #[error("stage {} is not in the deal's pipeline", echo(.stage))]
    OtherPipeline { stage: String },
    #[error("deal {0} is archived; unarchive it before moving it")]
    Archived(i64),
    #[error("{}", missing_message(.stage, .data_points))]
    MissingDataPoints {
        stage: String,
        data_points: Vec<String>,
    },
}

/// The gate's sentence, shared by a move and a creation into the stage.
fn missing_message(stage: &str, points: &[String]) -> String {
    let names: Vec<String> = points.iter().map(|p| echo(p)).collect();
    let sets: Vec<String> = names.iter().map(|n| format!("--set {n}=...")).collect();
    let (noun, pronoun) = if points.len() == 1 {
        ("data point", "it")
    } else {
        ("data points", "them")
    };
    format!(
        "stage {} requires the {noun} {}; give {pronoun} first ({})",
        echo(stage),
        names.join(", "),
        sets.join(" ")
    )
}

/// The required data points of `stage` that `extra` lacks (or holds empty), in playbook order.
pub fn missing_required(stage: &Stage, extra: &BTreeMap<String, String>) -> Vec<String> {
    stage
        .playbook
        .data_points
        .iter()
        .filter(|point| {
            point.required
                && !extra.iter().any(|(key, value)| {
                    super::text::same_name(key, &point.name) && !value.trim().is_empty()
                })
        })
        .map(|point| point.name.clone())
        .collect()
}

/// Refuses entry into `stage` while a required data point is missing.
pub fn check_required(stage: &Stage, extra: &BTreeMap<String, String>) -> Result<(), MoveError> {
    let missing = missing_required(stage, extra);
    if missing.is_empty() {
        Ok(())
    } else {
        Err(MoveError::MissingDataPoints {
            stage: stage.name.clone(),
            data_points: missing,
        })
    }
}

/// Decides what moving `deal` into `to` means.
///
/// A lost stage needs a reason; entering won records the close; going back to an open stage
/// reopens the deal (clears `closed_at` and the reason; the old reason stays on its visit).
pub fn plan_move(
    deal: &Deal,
    to: &Stage,
    reason: Option<&str>,
    known_reasons: &[String],
    at: DateTime<Utc>,
) -> Result<MovePlan, MoveError> {
    if to.pipeline_id != deal.pipeline_id {
        return Err(MoveError::OtherPipeline {
            stage: to.name.clone(),
        });
    }
    if deal.is_archived() {
        return Err(MoveError::Archived(deal.id.0));
    }
    if to.id == deal.stage_id {
        return Err(MoveError::SameStage {
            deal: deal.id.0,
            stage: to.name.clone(),
        });
    }
    check_required(to, &deal.extra)?;
    match to.kind {
        StageKind::Lost => {
            let typed = reason.filter(|r| !r.trim().is_empty()).ok_or_else(|| {
                MoveError::ReasonRequired {
                    stage: to.name.clone(),
                }
            })?;
            let checked =
                check_line(typed, "lost reason", MAX_NAME_CHARS).map_err(MoveError::BadReason)?;
            let reason = canonical_reason(&checked, known_reasons);
            Ok(MovePlan {
                to: to.id,
                closed_at: Some(at),
                lost_reason: Some(reason.clone()),
                visit_reason: Some(reason),
            })
        }
        StageKind::Won => Ok(MovePlan {
            to: to.id,
            closed_at: Some(at),
            lost_reason: None,
            visit_reason: None,
        }),
        StageKind::Open => Ok(MovePlan {
            to: to.id,
            closed_at: None,
            lost_reason: None,
            visit_reason: None,
        }),
    }
}
