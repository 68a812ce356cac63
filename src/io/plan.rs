//! Pipelines made from the file when it names one the database lacks. The rule, also in
//! docs/import-export.md: open stages in the order the exporting tool lists its per-stage
//! columns (HubSpot), else HubSpot's own order for its default pipeline, else by the median
//! time from a deal's creation to its entering the stage (ties: first seen in the file);
//! won and lost stages from the stage names and statuses; an open stage's probability is the
//! median of the file's probability column for open deals in it, else spread evenly.

use std::collections::HashMap;

use crate::domain::{Currency, PipelineDef, StageDef, StageKind};

use super::{ImportedDeal, StageRef, closing_kind, stage_in};

/// What the rows of one missing pipeline say about its stages.
#[derive(Clone, Debug, Default)]
struct Observed {
    /// The name as first written.
    name: String,
    /// `(stage name as first written, kind, seconds after creation it was entered)`.
    stages: Vec<(String, StageKind, Vec<i64>)>,
    probabilities: HashMap<String, Vec<u8>>,
    currencies: HashMap<String, u64>,
}

#[derive(Debug, Default)]
pub struct Planner {
    /// Per-stage column texts of the header, in order (see [`super::stages::stage_texts`]).
    pub stage_texts: Vec<String>,
    /// Keyed by the lowercased pipeline name, in order of first appearance.
    pipelines: Vec<(String, Observed)>,
}

/// HubSpot's default ("Sales Pipeline") stages in its order, with its probabilities.
pub const HUBSPOT_DEFAULT: &[(&str, &str, u8)] = &[
    ("appointmentscheduled", "Appointment Scheduled", 20),
    ("qualifiedtobuy", "Qualified To Buy", 40),
    ("presentationscheduled", "Presentation Scheduled", 60),
    ("decisionmakerboughtin", "Decision Maker Bought-In", 80),
    ("contractsent", "Contract Sent", 90),
    ("closedwon", "Closed Won", 100),
    ("closedlost", "Closed Lost", 0),
];

fn median(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    Some(values[values.len() / 2])
}

impl Planner {
    pub fn has_plans(&self) -> bool {
        !self.pipelines.is_empty()
    }

    pub fn planned(&self, pipeline: &str) -> bool {
        let key = pipeline.trim().to_lowercase();
        self.pipelines.iter().any(|(k, _)| *k == key)
    }

    pub fn observe(&mut self, pipeline: &str, deal: &ImportedDeal) {
        let key = pipeline.trim().to_lowercase();
        let index = match self.pipelines.iter().position(|(k, _)| *k == key) {
            Some(index) => index,
            None => {
                self.pipelines.push((
                    key,
                    Observed {
                        name: pipeline.trim().to_string(),
                        ..Default::default()
                    },
                ));
                self.pipelines.len() - 1
            }
        };
        let observed = &mut self.pipelines[index].1;
        let last = deal.visits.len().saturating_sub(1);
        for (at, visit) in deal.visits.iter().enumerate() {
            match &visit.stage {
                StageRef::Named(name) => {
                    // The stated status is the current stage's kind; names tell the rest.
                    let stated = deal.status.as_ref().map(|(_, kind)| *kind);
                    let kind = match stated {
                        Some(kind) if at == last => kind,
                        _ => closing_kind(name).unwrap_or(StageKind::Open),
                    };
                    let offset = (visit.entered_at - deal.created_at).num_seconds();
                    let wanted = name.trim().to_lowercase();
                    match observed
                        .stages
                        .iter_mut()
                        .find(|(n, _, _)| n.to_lowercase() == wanted)
                    {
                        Some(stage) => stage.2.push(offset),
                        None => observed
                            .stages
                            .push((name.trim().to_string(), kind, vec![offset])),
                    }
                    let open_now = deal
                        .status
                        .as_ref()
                        .is_none_or(|(_, s)| *s == StageKind::Open);
                    if at == last
                        && kind == StageKind::Open
                        && open_now
                        && let Some(p) = deal.probability_override
                    {
                        observed.probabilities.entry(wanted).or_default().push(p);
                    }
                }
                // Pipedrive's won and lost are statuses: the stages are always added.
                StageRef::Won | StageRef::Lost | StageRef::FirstOpen => {}
            }
        }
        if let Some(currency) = deal.currency {
            *observed.currencies.entry(currency.to_string()).or_default() += 1;
        }
    }

    /// Where the header lists `stage` of `pipeline`, if it does.
    fn column_order(&self, pipeline: &str, stage: &str) -> Option<usize> {
        self.stage_texts.iter().position(|text| {
            stage_in(text, Some(pipeline)).is_some_and(|s| s.eq_ignore_ascii_case(stage))
        })
    }

    /// One definition per planned pipeline, in order of first appearance.
    pub fn definitions(&self) -> Result<Vec<PipelineDef>, String> {
        let mut defs = Vec::new();
        for (_, observed) in &self.pipelines {
            // Stages the header lists for this pipeline exist even when no deal is in them.
            let suffix = format!(" ({})", observed.name).to_lowercase();
            let mut all = observed.stages.clone();
            for text in &self.stage_texts {
                if !text.to_lowercase().ends_with(&suffix) {
                    continue;
                }
                if let Some(stage) = stage_in(text, Some(&observed.name))
                    && !all.iter().any(|(n, _, _)| n.eq_ignore_ascii_case(&stage))
                {
                    let kind = closing_kind(&stage).unwrap_or(StageKind::Open);
                    all.push((stage, kind, Vec::new()));
                }
            }
            let mut open: Vec<(Option<usize>, Option<i64>, usize, &str)> = Vec::new();
            let mut won: Option<&str> = None;
            let mut lost: Vec<&str> = Vec::new();
            for (seen, (name, kind, offsets)) in all.iter().enumerate() {
                match kind {
                    StageKind::Open => {
                        let hubspot = HUBSPOT_DEFAULT
                            .iter()
                            .position(|(_, label, _)| label.eq_ignore_ascii_case(name));
                        let order = self.column_order(&observed.name, name).or(hubspot);
                        let mut offsets = offsets.clone();
                        open.push((order, median(&mut offsets), seen, name));
                    }
                    StageKind::Won => {
                        won.get_or_insert(name);
                    }
                    StageKind::Lost => lost.push(name),
                }
            }
            // Listed stages first in their listed order, then the rest by median entry time.
            open.sort_by_key(|(order, median, seen, _)| (order.is_none(), *order, *median, *seen));
            if open.is_empty() {
                return Err(format!(
                    "pipeline {:?} cannot be created from the file: none of its deals is in an open stage; create it with `dealdeck pipeline apply`",
                    observed.name
                ));
            }
            let count = open.len();
            let mut stages: Vec<StageDef> = Vec::new();
            for (i, (_, _, _, name)) in open.iter().enumerate() {
                let mut found = observed
                    .probabilities
                    .get(&name.to_lowercase())
                    .cloned()
                    .unwrap_or_default();
                found.sort_unstable();
                let hubspot = HUBSPOT_DEFAULT
                    .iter()
                    .find(|(_, label, _)| label.eq_ignore_ascii_case(name))
                    .map(|(_, _, p)| *p);
                let probability = found
                    .get(found.len() / 2)
                    .copied()
                    .or(hubspot)
                    .unwrap_or(((i + 1) * 100 / (count + 1)) as u8);
                stages.push(stage(name, StageKind::Open, probability));
            }
            stages.push(stage(won.unwrap_or("Won"), StageKind::Won, 100));
            if lost.is_empty() {
                lost.push("Lost");
            }
            for name in lost {
                stages.push(stage(name, StageKind::Lost, 0));
            }
            let currency = observed
                .currencies
                .iter()
                .max_by_key(|(code, count)| (**count, std::cmp::Reverse((*code).clone())))
                .map_or_else(|| Currency::EUR.to_string(), |(code, _)| code.clone());
            let def = PipelineDef {
                name: observed.name.clone(),
                currency,
                expected_days_factor: 2.0,
                converts_to: None,
                stages,
            };
            def.validate().map_err(|e| {
                format!(
                    "pipeline {:?} cannot be created from the file: {e}",
                    observed.name
                )
            })?;
            defs.push(def);
        }
        Ok(defs)
    }
}

fn stage(name: &str, kind: StageKind, probability: u8) -> StageDef {
    StageDef {
        name: name.to_string(),
        kind,
        probability: Some(probability),
        rot_days: None,
        expected_days: None,
        target_conversion: None,
        trigger: Vec::new(),
        responsibilities: Vec::new(),
        documents: Vec::new(),
        data_points: Vec::new(),
        tasks: Vec::new(),
        communication: Vec::new(),
    }
}
