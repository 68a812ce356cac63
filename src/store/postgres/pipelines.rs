//! Pipelines and stages on the server: reading them, and applying a definition, with the
//! rules of `store::rules` (the same as SQLite's `apply_in`).

use chrono::{DateTime, Utc};
use postgres::GenericClient;

use crate::domain::{Pipeline, PipelineDef, PipelineId, Playbook, Stage, StageId, StageKind};

use super::super::error::{Result, StoreError};
use super::super::pipelines::ApplyReport;
use super::super::rules::{check_stage_change, same_stage, stage_unchanged};
use super::rows::{currency, kind, percent};

pub(super) fn load_pipelines(client: &mut impl GenericClient) -> Result<Vec<Pipeline>> {
    let mut pipelines = Vec::new();
    let mut targets = Vec::new();
    for row in client.query(
        "SELECT id, name, currency, expected_days_factor, converts_to FROM pipeline ORDER BY id",
        &[],
    )? {
        targets.push(row.try_get::<_, Option<i64>>(4)?.map(PipelineId));
        pipelines.push(Pipeline {
            id: PipelineId(row.try_get(0)?),
            name: row.try_get(1)?,
            currency: currency(row.try_get(2)?)?,
            expected_days_factor: row.try_get(3)?,
            stages: Vec::new(),
            converts_to: None,
        });
    }
    super::super::rules::name_targets(&mut pipelines, &targets);
    for row in client.query(
        "SELECT id, pipeline_id, name, position, kind, probability, rot_days, expected_days, playbook,
                target_conversion
         FROM stage ORDER BY pipeline_id, position, id",
        &[],
    )? {
        let playbook: &str = row.try_get(8)?;
        let rot_days: Option<i32> = row.try_get(6)?;
        let stage = Stage {
            id: StageId(row.try_get(0)?),
            pipeline_id: PipelineId(row.try_get(1)?),
            name: row.try_get(2)?,
            position: row.try_get(3)?,
            kind: kind(row.try_get(4)?).unwrap_or(StageKind::Open),
            probability: percent(Some(row.try_get(5)?))?.unwrap_or(0),
            rot_days: rot_days.and_then(|d| u32::try_from(d).ok()),
            expected_days: row.try_get(7)?,
            target_conversion: percent(row.try_get(9)?)?,
            playbook: serde_json::from_str::<Playbook>(playbook).unwrap_or_default(),
        };
        if let Some(pipeline) = pipelines.iter_mut().find(|p| p.id == stage.pipeline_id) {
            pipeline.stages.push(stage);
        }
    }
    Ok(pipelines)
}

pub(super) fn load_pipeline(client: &mut impl GenericClient, id: PipelineId) -> Result<Pipeline> {
    load_pipelines(client)?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| StoreError::NotFound(format!("pipeline {} does not exist", id.0)))
}

pub(super) fn default_pipeline_id(client: &mut impl GenericClient) -> Result<Option<PipelineId>> {
    let value: Option<String> = client
        .query_opt(
            "SELECT value FROM setting WHERE key = 'default_pipeline'",
            &[],
        )?
        .map(|row| row.try_get(0))
        .transpose()?;
    Ok(value.and_then(|v| v.parse().ok()).map(PipelineId))
}

pub(super) fn lost_reasons(client: &mut impl GenericClient) -> Result<Vec<String>> {
    let rows = client.query("SELECT name FROM lost_reason ORDER BY position, id", &[])?;
    rows.iter()
        .map(|row| Ok(row.try_get(0)?))
        .collect::<Result<Vec<String>>>()
}

fn playbook_json(def: &crate::domain::StageDef) -> Result<String> {
    serde_json::to_string(&def.playbook())
        .map_err(|e| StoreError::invalid(format!("playbook: {e}")))
}

fn count(client: &mut impl GenericClient, sql: &str, id: i64) -> Result<i64> {
    Ok(client.query_one(sql, &[&id])?.try_get(0)?)
}

/// Creates the pipeline or updates the one of the same name (see SQLite's `apply_in`).
pub(super) fn apply_in(
    client: &mut impl GenericClient,
    def: &PipelineDef,
    now: DateTime<Utc>,
) -> Result<ApplyReport> {
    let currency = def.currency().map_err(StoreError::rule)?;
    let existing = load_pipelines(client)?
        .into_iter()
        .find(|p| p.name.to_lowercase() == def.name.trim().to_lowercase());
    let mut report = ApplyReport {
        pipeline: def.name.trim().to_string(),
        ..ApplyReport::default()
    };
    let name = def.name.trim();
    let pipeline_id = match &existing {
        Some(pipeline) => {
            client.execute(
                "UPDATE pipeline SET name = $2, currency = $3, expected_days_factor = $4 WHERE id = $1",
                &[&pipeline.id.0, &name, &currency.code(), &def.expected_days_factor],
            )?;
            pipeline.id
        }
        None => {
            let row = client.query_one(
                "INSERT INTO pipeline (name, currency, expected_days_factor, created_at)
                 VALUES ($1, $2, $3, $4) RETURNING id",
                &[
                    &name,
                    &currency.code(),
                    &def.expected_days_factor,
                    &now.timestamp(),
                ],
            )?;
            report.created = true;
            PipelineId(row.try_get(0)?)
        }
    };
    let target =
        super::super::rules::conversion_target(&load_pipelines(client)?, def, pipeline_id)?;
    client.execute(
        "UPDATE pipeline SET converts_to = $2 WHERE id = $1",
        &[&pipeline_id.0, &target.map(|t| t.0)],
    )?;
    let old_stages = existing.map(|p| p.stages).unwrap_or_default();
    for stage in &old_stages {
        let deals_now = count(
            client,
            "SELECT count(*) FROM deal WHERE stage_id = $1",
            stage.id.0,
        )?;
        check_stage_change(stage, def, deals_now, || {
            count(
                client,
                "SELECT count(*) FROM stage_visit WHERE stage_id = $1 OR from_stage_id = $1",
                stage.id.0,
            )
        })?;
    }
    for stage in old_stages
        .iter()
        .filter(|s| !def.stages.iter().any(|d| same_stage(s, &d.name)))
    {
        client.execute("DELETE FROM stage WHERE id = $1", &[&stage.id.0])?;
        report.removed.push(stage.name.clone());
    }
    // Free the won slot first so a won stage can move to another name within one apply.
    for stage in old_stages.iter().filter(|s| s.kind == StageKind::Won) {
        if def
            .stages
            .iter()
            .any(|d| same_stage(stage, &d.name) && d.kind != StageKind::Won)
        {
            client.execute(
                "UPDATE stage SET kind = 'open', probability = 0 WHERE id = $1",
                &[&stage.id.0],
            )?;
        }
    }
    for (position, new) in def.stages.iter().enumerate() {
        let playbook = playbook_json(new)?;
        let name = new.name.trim();
        let probability = i32::from(new.effective_probability());
        let rot_days = new.rot_days.map(|d| i32::try_from(d).unwrap_or(i32::MAX));
        let position_value = position as i64;
        let target = new.target_conversion.map(i32::from);
        match old_stages.iter().find(|s| same_stage(s, &new.name)) {
            Some(old) => {
                client.execute(
                    "UPDATE stage SET name = $1, position = $2, kind = $3, probability = $4,
                       rot_days = $5, expected_days = $6, playbook = $7, target_conversion = $8
                     WHERE id = $9",
                    &[
                        &name,
                        &position_value,
                        &new.kind.as_str(),
                        &probability,
                        &rot_days,
                        &new.expected_days,
                        &playbook,
                        &target,
                        &old.id.0,
                    ],
                )?;
                if !stage_unchanged(old, position, new) {
                    report.updated.push(name.to_string());
                }
            }
            None => {
                client.execute(
                    "INSERT INTO stage (name, position, kind, probability, rot_days, expected_days,
                       playbook, target_conversion, pipeline_id)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    &[
                        &name,
                        &position_value,
                        &new.kind.as_str(),
                        &probability,
                        &rot_days,
                        &new.expected_days,
                        &playbook,
                        &target,
                        &pipeline_id.0,
                    ],
                )?;
                report.added.push(name.to_string());
            }
        }
    }
    client.execute(
        "INSERT INTO setting (key, value) VALUES ('default_pipeline', $1) ON CONFLICT (key) DO NOTHING",
        &[&pipeline_id.0.to_string()],
    )?;
    Ok(report)
}
