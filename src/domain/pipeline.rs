//! Pipelines, their stages and playbooks, and the TOML definition that templates and
//! `pipeline apply` share.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::money::Currency;
use super::text::{TextError, check_name, cut, echo};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PipelineId(pub i64);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StageId(pub i64);

/// Whether a deal in this stage is still being worked, won or lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StageKind {
    Open,
    Won,
    Lost,
}

impl StageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StageKind::Open => "open",
            StageKind::Won => "won",
            StageKind::Lost => "lost",
        }
    }

    pub fn parse(text: &str) -> Option<StageKind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "open" => Some(StageKind::Open),
            "won" => Some(StageKind::Won),
            "lost" => Some(StageKind::Lost),
            _ => None,
        }
    }

    pub fn is_closed(self) -> bool {
        self != StageKind::Open
    }
}

/// A piece of data to collect in a stage; a required one gates entry into the stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataPoint {
    pub name: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
}

/// The six pillars of a stage (seed 001): what puts a deal here and how to work it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Playbook {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trigger: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responsibilities: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_points: Vec<DataPoint>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub communication: Vec<String>,
}

impl Playbook {
    pub fn is_empty(&self) -> bool {
        *self == Playbook::default()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    pub id: StageId,
    pub pipeline_id: PipelineId,
    pub name: String,
    pub position: i64,
    pub kind: StageKind,
    pub probability: u8,
    pub rot_days: Option<u32>,
    pub expected_days: Option<f64>,
    /// The conversion rate (percent) the team aims for in this open stage (seed 003).
    pub target_conversion: Option<u8>,
    pub playbook: Playbook,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pipeline {
    pub id: PipelineId,
    pub name: String,
    pub currency: Currency,
    pub expected_days_factor: f64,
    /// In board order.
    pub stages: Vec<Stage>,
    /// The pipeline a won deal here becomes a deal of (`converts_to`, seed 004's leads).
    pub converts_to: Option<PipelineRef>,
}

/// Another pipeline as a pipeline names it: its id, and its name for showing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PipelineRef {
    pub id: PipelineId,
    pub name: String,
}

impl Pipeline {
    pub fn stage(&self, id: StageId) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    /// Finds a stage by name, ignoring case and surrounding space.
    pub fn stage_named(&self, name: &str) -> Option<&Stage> {
        let wanted = name.trim();
        self.stages.iter().find(|s| {
            s.name.eq_ignore_ascii_case(wanted) || s.name.to_lowercase() == wanted.to_lowercase()
        })
    }

    pub fn first_open_stage(&self) -> Option<&Stage> {
        self.stages.iter().find(|s| s.kind == StageKind::Open)
    }

    pub fn won_stage(&self) -> Option<&Stage> {
        self.stages.iter().find(|s| s.kind == StageKind::Won)
    }

    pub fn lost_stage(&self) -> Option<&Stage> {
        self.stages.iter().find(|s| s.kind == StageKind::Lost)
    }

    /// The stage before or after `from` in board order.
    pub fn neighbour(&self, from: StageId, step: isize) -> Option<&Stage> {
        let index = self.stages.iter().position(|s| s.id == from)?;
        let target = index.checked_add_signed(step)?;
        self.stages.get(target)
    }
}

/// A template or a `pipeline apply` file, as written in TOML (PRODUCT.md §2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineDef {
    pub name: String,
    #[serde(default = "default_currency")]
    pub currency: String,
    #[serde(default = "default_factor")]
    pub expected_days_factor: f64,
    /// The pipeline (by name) a won deal here is converted into a deal of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub converts_to: Option<String>,
    pub stages: Vec<StageDef>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageDef {
    pub name: String,
    pub kind: StageKind,
    #[serde(default)]
    pub probability: Option<u8>,
    #[serde(default)]
    pub rot_days: Option<u32>,
    #[serde(default)]
    pub expected_days: Option<f64>,
    /// Percent of the deals leaving this open stage that should advance (1 to 100).
    #[serde(default)]
    pub target_conversion: Option<u8>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub trigger: Vec<String>,
    #[serde(default)]
    pub responsibilities: Vec<String>,
    #[serde(default)]
    pub documents: Vec<String>,
    #[serde(default)]
    pub data_points: Vec<DataPoint>,
    #[serde(default)]
    pub tasks: Vec<String>,
    #[serde(default)]
    pub communication: Vec<String>,
}

impl StageDef {
    pub fn playbook(&self) -> Playbook {
        Playbook {
            trigger: self.trigger.clone(),
            responsibilities: self.responsibilities.clone(),
            documents: self.documents.clone(),
            data_points: self.data_points.clone(),
            tasks: self.tasks.clone(),
            communication: self.communication.clone(),
        }
    }

    /// The probability the stage gets: won is always 100 and lost always 0.
    pub fn effective_probability(&self) -> u8 {
        match self.kind {
            StageKind::Won => 100,
            StageKind::Lost => 0,
            StageKind::Open => self.probability.unwrap_or(0),
        }
    }
}

fn default_currency() -> String {
    "EUR".to_string()
}

fn default_factor() -> f64 {
    2.0
}

/// `trigger = "..."` and `trigger = ["...", "..."]` both read as a list.
fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(text) => vec![text],
        OneOrMany::Many(list) => list,
    })
}

#[derive(Debug, Error, PartialEq)]
pub enum PipelineDefError {
    #[error("{0}")]
    Toml(String),
    #[error("pipeline name: {0}")]
    Name(TextError),
    #[error("stage name in pipeline {}: {error}", echo(.pipeline))]
    StageName { pipeline: String, error: TextError },
    #[error("pipeline {} has no stages", echo(.0))]
    NoStages(String),
    #[error("pipeline {} has stage {} twice", echo(.pipeline), echo(.stage))]
    DuplicateStage { pipeline: String, stage: String },
    #[error("pipeline {} has {found} won stages; it needs exactly one", echo(.pipeline))]
    WonStages { pipeline: String, found: usize },
    #[error("pipeline {} has no lost stage; it needs at least one", echo(.0))]
    NoLostStage(String),
    #[error("pipeline {} has no open stage; deals need somewhere to start", echo(.0))]
    NoOpenStage(String),
    #[error("stage {}: probability {found} is not allowed; {rule}", echo(.stage))]
    Probability {
        stage: String,
        found: u8,
        rule: &'static str,
    },
    #[error("stage {} needs a probability (0 to 100)", echo(.0))]
    MissingProbability(String),
    #[error("stage {}: target_conversion {found} is not allowed; {rule}", echo(.stage))]
    TargetConversion {
        stage: String,
        found: u8,
        rule: &'static str,
    },
    #[error("stage {}: {field} must be more than zero", echo(.stage))]
    NotPositive { stage: String, field: &'static str },
    #[error("pipeline {}: expected_days_factor {found} must be a number more than zero", echo(.pipeline))]
    Factor { pipeline: String, found: f64 },
    #[error("pipeline {}: {error}", echo(.pipeline))]
    Currency { pipeline: String, error: String },
    #[error("pipeline {} cannot convert its deals into deals of itself; name another pipeline in converts_to", echo(.0))]
    ConvertsToItself(String),
    #[error("pipeline {}: converts_to: {error}", echo(.pipeline))]
    ConvertsTo { pipeline: String, error: TextError },
}

impl PipelineDef {
    /// Parses and validates a pipeline file.
    pub fn from_toml(text: &str) -> Result<PipelineDef, PipelineDefError> {
        // The position and the parser's sentence, not its copy of the offending line (which
        // may be a 266 KB value); the sentence itself is cut like any echoed value.
        let def: PipelineDef = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(String::new(), |span| {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                format!("line {line}, column {column}: ")
            });
            let message = e.message().trim().replace('\n', "; ");
            PipelineDefError::Toml(format!("{at}{}", cut(&message, 200)))
        })?;
        def.validate()?;
        Ok(def)
    }

    pub fn currency(&self) -> Result<Currency, PipelineDefError> {
        self.currency.parse().map_err(
            |e: super::money::CurrencyError| PipelineDefError::Currency {
                pipeline: self.name.clone(),
                error: e.to_string(),
            },
        )
    }

    pub fn validate(&self) -> Result<(), PipelineDefError> {
        check_name(&self.name).map_err(PipelineDefError::Name)?;
        self.currency()?;
        let pipeline = || self.name.clone();
        if !(self.expected_days_factor.is_finite() && self.expected_days_factor > 0.0) {
            return Err(PipelineDefError::Factor {
                pipeline: pipeline(),
                found: self.expected_days_factor,
            });
        }
        if let Some(target) = &self.converts_to {
            check_name(target).map_err(|error| PipelineDefError::ConvertsTo {
                pipeline: pipeline(),
                error,
            })?;
            if super::text::same_name(target, &self.name) {
                return Err(PipelineDefError::ConvertsToItself(pipeline()));
            }
        }
        if self.stages.is_empty() {
            return Err(PipelineDefError::NoStages(pipeline()));
        }
        let mut seen: Vec<String> = Vec::with_capacity(self.stages.len());
        for stage in &self.stages {
            check_name(&stage.name).map_err(|error| PipelineDefError::StageName {
                pipeline: pipeline(),
                error,
            })?;
            let key = stage.name.trim().to_lowercase();
            if seen.contains(&key) {
                return Err(PipelineDefError::DuplicateStage {
                    pipeline: pipeline(),
                    stage: stage.name.clone(),
                });
            }
            seen.push(key);
            let bad = |found, rule| PipelineDefError::Probability {
                stage: stage.name.clone(),
                found,
                rule,
            };
            match (stage.kind, stage.probability) {
                (StageKind::Won, Some(p)) if p != 100 => {
                    return Err(bad(p, "a won stage is always 100"));
                }
                (StageKind::Lost, Some(p)) if p != 0 => {
                    return Err(bad(p, "a lost stage is always 0"));
                }
                (StageKind::Open, Some(p)) if p > 100 => return Err(bad(p, "use 0 to 100")),
                (StageKind::Open, None) => {
                    return Err(PipelineDefError::MissingProbability(stage.name.clone()));
                }
                _ => {}
            }
            match (stage.kind, stage.target_conversion) {
                (StageKind::Won | StageKind::Lost, Some(found)) => {
                    return Err(PipelineDefError::TargetConversion {
                        stage: stage.name.clone(),
                        found,
                        rule: "only an open stage has a conversion rate",
                    });
                }
                (StageKind::Open, Some(found)) if !(1..=100).contains(&found) => {
                    return Err(PipelineDefError::TargetConversion {
                        stage: stage.name.clone(),
                        found,
                        rule: "use 1 to 100 (percent)",
                    });
                }
                _ => {}
            }
            if stage.rot_days == Some(0) {
                return Err(PipelineDefError::NotPositive {
                    stage: stage.name.clone(),
                    field: "rot_days",
                });
            }
            if stage
                .expected_days
                .is_some_and(|d| !(d.is_finite() && d > 0.0))
            {
                return Err(PipelineDefError::NotPositive {
                    stage: stage.name.clone(),
                    field: "expected_days",
                });
            }
        }
        let count = |kind| self.stages.iter().filter(|s| s.kind == kind).count();
        if count(StageKind::Open) == 0 {
            return Err(PipelineDefError::NoOpenStage(pipeline()));
        }
        if count(StageKind::Won) != 1 {
            return Err(PipelineDefError::WonStages {
                pipeline: pipeline(),
                found: count(StageKind::Won),
            });
        }
        if count(StageKind::Lost) == 0 {
            return Err(PipelineDefError::NoLostStage(pipeline()));
        }
        Ok(())
    }

    /// The definition of a stored pipeline, so it can be shown or written back as TOML.
    pub fn of(pipeline: &Pipeline) -> PipelineDef {
        PipelineDef {
            name: pipeline.name.clone(),
            currency: pipeline.currency.code().to_string(),
            expected_days_factor: pipeline.expected_days_factor,
            converts_to: pipeline.converts_to.as_ref().map(|t| t.name.clone()),
            stages: pipeline
                .stages
                .iter()
                .map(|s| StageDef {
                    name: s.name.clone(),
                    kind: s.kind,
                    probability: Some(s.probability),
                    rot_days: s.rot_days,
                    expected_days: s.expected_days,
                    target_conversion: s.target_conversion,
                    trigger: s.playbook.trigger.clone(),
                    responsibilities: s.playbook.responsibilities.clone(),
                    documents: s.playbook.documents.clone(),
                    data_points: s.playbook.data_points.clone(),
                    tasks: s.playbook.tasks.clone(),
                    communication: s.playbook.communication.clone(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
name = "Renewals"
[[stages]]
name = "Talking"
kind = "open"
probability = 50
trigger = "Customer asked for a renewal quote"
[[stages]]
name = "Renewed"
kind = "won"
[[stages]]
name = "Churned"
kind = "lost"
"#;

    #[test]
    fn a_minimal_file_reads_with_defaults() {
        let def = PipelineDef::from_toml(MINIMAL).unwrap();
        assert_eq!(def.currency, "EUR");
        assert_eq!(def.expected_days_factor, 2.0);
        assert_eq!(
            def.stages[0].trigger,
            vec!["Customer asked for a renewal quote"]
        );
        assert_eq!(def.stages[1].effective_probability(), 100);
    }

    #[test]
    fn rules_are_enforced_with_named_values() {
        let two_won = MINIMAL.replace("kind = \"lost\"", "kind = \"won\"");
        assert!(matches!(
            PipelineDef::from_toml(&two_won),
            Err(PipelineDefError::WonStages { found: 2, .. })
        ));
        let lost_prob = MINIMAL.replace("kind = \"lost\"", "kind = \"lost\"\nprobability = 5");
        let err = PipelineDef::from_toml(&lost_prob).unwrap_err().to_string();
        assert!(err.contains("\"Churned\"") && err.contains('5'), "{err}");
        let dup = MINIMAL.replace("Renewed", "talking");
        assert!(matches!(
            PipelineDef::from_toml(&dup),
            Err(PipelineDefError::DuplicateStage { .. })
        ));
        let unknown = MINIMAL.replace("kind = \"open\"", "kind = \"open\"\ncolour = \"red\"");
        assert!(
            PipelineDef::from_toml(&unknown)
                .unwrap_err()
                .to_string()
                .contains("colour")
        );
        let targeted = MINIMAL.replace(
            "probability = 50",
            "probability = 50\ntarget_conversion = 35",
        );
        let def = PipelineDef::from_toml(&targeted).unwrap();
        assert_eq!(def.stages[0].target_conversion, Some(35));
        let text = toml::to_string(&def).unwrap();
        assert_eq!(PipelineDef::from_toml(&text).unwrap(), def, "{text}");
        let over = MINIMAL.replace(
            "probability = 50",
            "probability = 50\ntarget_conversion = 101",
        );
        let err = PipelineDef::from_toml(&over).unwrap_err().to_string();
        assert!(err.contains("101") && err.contains("\"Talking\""), "{err}");
        let zero = MINIMAL.replace(
            "probability = 50",
            "probability = 50\ntarget_conversion = 0",
        );
        assert!(matches!(
            PipelineDef::from_toml(&zero),
            Err(PipelineDefError::TargetConversion { found: 0, .. })
        ));
        let on_won = MINIMAL.replace("kind = \"won\"", "kind = \"won\"\ntarget_conversion = 50");
        let err = PipelineDef::from_toml(&on_won).unwrap_err().to_string();
        assert!(
            err.contains("\"Renewed\"") && err.contains("open stage"),
            "{err}"
        );
        let bad_currency = format!("currency = \"EURO\"\n{MINIMAL}");
        assert!(
            PipelineDef::from_toml(&bad_currency)
                .unwrap_err()
                .to_string()
                .contains("EURO")
        );
    }
}
