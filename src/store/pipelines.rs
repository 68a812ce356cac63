//! Pipelines and stages: reading them, and applying a definition (template or file).

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::domain::{Pipeline, PipelineDef, PipelineId, Playbook, Stage, StageId, StageKind};

use super::Store;
use super::error::{Result, StoreError};
use super::rows::{currency, ts};

/// What `apply` changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApplyReport {
    pub pipeline: String,
    pub created: bool,
    pub added: Vec<String>,
    pub updated: Vec<String>,
    pub removed: Vec<String>,
}

pub(crate) fn load_pipelines(conn: &Connection) -> Result<Vec<Pipeline>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, name, currency, expected_days_factor, converts_to FROM pipeline ORDER BY id",
    )?;
    let mut targets = Vec::new();
    let mut pipelines = statement
        .query_map([], |row| {
            targets.push(row.get::<_, Option<i64>>(4)?.map(PipelineId));
            Ok(Pipeline {
                id: PipelineId(row.get(0)?),
                name: row.get(1)?,
                currency: currency(row, 2)?,
                expected_days_factor: row.get(3)?,
                stages: Vec::new(),
                converts_to: None,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    super::rules::name_targets(&mut pipelines, &targets);
    let mut statement = conn.prepare_cached(
        "SELECT id, pipeline_id, name, position, kind, probability, rot_days, expected_days, playbook,
                target_conversion
         FROM stage ORDER BY pipeline_id, position, id",
    )?;
    let stages = statement
        .query_map([], |row| {
            let kind: String = row.get(4)?;
            let playbook: String = row.get(8)?;
            Ok(Stage {
                id: StageId(row.get(0)?),
                pipeline_id: PipelineId(row.get(1)?),
                name: row.get(2)?,
                position: row.get(3)?,
                kind: StageKind::parse(&kind).unwrap_or(StageKind::Open),
                probability: row.get(5)?,
                rot_days: row.get(6)?,
                expected_days: row.get(7)?,
                target_conversion: row.get(9)?,
                playbook: serde_json::from_str::<Playbook>(&playbook).unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for stage in stages {
        if let Some(pipeline) = pipelines.iter_mut().find(|p| p.id == stage.pipeline_id) {
            pipeline.stages.push(stage);
        }
    }
    Ok(pipelines)
}

fn playbook_json(def: &crate::domain::StageDef) -> Result<String> {
    serde_json::to_string(&def.playbook())
        .map_err(|e| StoreError::invalid(format!("playbook: {e}")))
}

impl Store {
    /// Every pipeline with its stages in board order.
    pub fn pipelines(&self) -> Result<Vec<Pipeline>> {
        load_pipelines(&self.conn)
    }

    pub fn pipeline(&self, id: PipelineId) -> Result<Pipeline> {
        self.pipelines()?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| StoreError::NotFound(format!("pipeline {} does not exist", id.0)))
    }

    /// The pipeline called `name` (case-insensitive), or the default one when `name` is `None`.
    pub fn pipeline_named(&self, name: Option<&str>) -> Result<Pipeline> {
        super::rules::pipeline_named(self.pipelines()?, name, self.default_pipeline_id()?)
    }

    pub fn default_pipeline_id(&self) -> Result<Option<PipelineId>> {
        let value: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM setting WHERE key = 'default_pipeline'",
                [],
                |row| row.get(0),
            )
            .optional()?;
        Ok(value.and_then(|v| v.parse().ok()).map(PipelineId))
    }

    /// Creates the pipeline or updates the one of the same name: stages are matched by name,
    /// new ones added, and a stage that still has deals or history is never dropped.
    pub fn apply_pipeline(&mut self, def: &PipelineDef) -> Result<ApplyReport> {
        def.validate().map_err(StoreError::rule)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let report = apply_in(&tx, def, chrono::Utc::now())?;
        tx.commit()?;
        Ok(report)
    }

    /// Applies every definition in one transaction; rolled back with `dry_run`.
    pub fn apply_pipelines(
        &mut self,
        defs: &[PipelineDef],
        dry_run: bool,
    ) -> Result<Vec<ApplyReport>> {
        for def in defs {
            def.validate().map_err(StoreError::rule)?;
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now = chrono::Utc::now();
        let reports = defs
            .iter()
            .map(|def| apply_in(&tx, def, now))
            .collect::<Result<Vec<_>>>()?;
        if dry_run {
            tx.rollback()?;
        } else {
            tx.commit()?;
        }
        Ok(reports)
    }
}

pub(crate) fn apply_in(
    conn: &Connection,
    def: &PipelineDef,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ApplyReport> {
    let currency = def.currency().map_err(StoreError::rule)?;
    let existing = load_pipelines(conn)?
        .into_iter()
        .find(|p| p.name.to_lowercase() == def.name.trim().to_lowercase());
    let mut report = ApplyReport {
        pipeline: def.name.trim().to_string(),
        ..ApplyReport::default()
    };
    let pipeline_id = match &existing {
        Some(pipeline) => {
            conn.execute(
                "UPDATE pipeline SET name = ?2, currency = ?3, expected_days_factor = ?4 WHERE id = ?1",
                params![pipeline.id.0, def.name.trim(), currency.code(), def.expected_days_factor],
            )?;
            pipeline.id
        }
        None => {
            conn.execute(
                "INSERT INTO pipeline (name, currency, expected_days_factor, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![def.name.trim(), currency.code(), def.expected_days_factor, ts(now)],
            )?;
            report.created = true;
            PipelineId(conn.last_insert_rowid())
        }
    };
    let target = super::rules::conversion_target(&load_pipelines(conn)?, def, pipeline_id)?;
    conn.execute(
        "UPDATE pipeline SET converts_to = ?2 WHERE id = ?1",
        params![pipeline_id.0, target.map(|t| t.0)],
    )?;
    let old_stages = existing.map(|p| p.stages).unwrap_or_default();
    let matches = super::rules::same_stage;

    // Refuse before changing anything: dropping or re-kinding a stage that deals depend on.
    for stage in &old_stages {
        let deals_now: i64 = conn.query_row(
            "SELECT count(*) FROM deal WHERE stage_id = ?1",
            [stage.id.0],
            |r| r.get(0),
        )?;
        super::rules::check_stage_change(stage, def, deals_now, || {
            Ok(conn.query_row(
                "SELECT count(*) FROM stage_visit WHERE stage_id = ?1 OR from_stage_id = ?1",
                [stage.id.0],
                |r| r.get(0),
            )?)
        })?;
    }
    for stage in old_stages
        .iter()
        .filter(|s| !def.stages.iter().any(|d| matches(s, &d.name)))
    {
        conn.execute("DELETE FROM stage WHERE id = ?1", [stage.id.0])?;
        report.removed.push(stage.name.clone());
    }
    // Free the won slot first so a won stage can move to another name within one apply.
    for stage in old_stages.iter().filter(|s| s.kind == StageKind::Won) {
        if def
            .stages
            .iter()
            .any(|d| matches(stage, &d.name) && d.kind != StageKind::Won)
        {
            conn.execute(
                "UPDATE stage SET kind = 'open', probability = 0 WHERE id = ?1",
                [stage.id.0],
            )?;
        }
    }
    for (position, new) in def.stages.iter().enumerate() {
        let playbook = playbook_json(new)?;
        let values = params![
            new.name.trim(),
            position as i64,
            new.kind.as_str(),
            new.effective_probability(),
            new.rot_days,
            new.expected_days,
            playbook,
            new.target_conversion
        ];
        match old_stages.iter().find(|s| matches(s, &new.name)) {
            Some(old) => {
                let mut with_id: Vec<&dyn rusqlite::ToSql> = values.to_vec();
                with_id.push(&old.id.0);
                conn.execute(
                    "UPDATE stage SET name = ?1, position = ?2, kind = ?3, probability = ?4, rot_days = ?5,
                     expected_days = ?6, playbook = ?7, target_conversion = ?8 WHERE id = ?9",
                    with_id.as_slice(),
                )?;
                let unchanged = super::rules::stage_unchanged(old, position, new);
                if !unchanged {
                    report.updated.push(new.name.trim().to_string());
                }
            }
            None => {
                let mut with_pipeline: Vec<&dyn rusqlite::ToSql> = values.to_vec();
                with_pipeline.push(&pipeline_id.0);
                conn.execute(
                    "INSERT INTO stage (name, position, kind, probability, rot_days, expected_days, playbook,
                       target_conversion, pipeline_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    with_pipeline.as_slice(),
                )?;
                report.added.push(new.name.trim().to_string());
            }
        }
    }
    conn.execute(
        "INSERT INTO setting (key, value) VALUES ('default_pipeline', ?1) ON CONFLICT (key) DO NOTHING",
        [pipeline_id.0.to_string()],
    )?;
    Ok(report)
}
