//! HubSpot-style per-stage `Date entered` / `Date exited` columns and the stage history
//! they describe.

use super::dates::shown;
use super::{Header, ImportedVisit, Row, RowError, StageRef};

/// The `Stage (Pipeline)` text of a per-stage date column, without quotes.
pub fn stage_column_text<'a>(name: &'a str, prefix: &str) -> Option<&'a str> {
    let head = name.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = name[prefix.len()..].trim();
    let rest = rest
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or(rest)
        .trim();
    (!rest.is_empty()).then_some(rest)
}

/// `"Stage (Pipeline)"` of a per-stage date column, split into its two names at the last
/// ` (`; [`stage_in`] does better when the deal's pipeline is known.
pub fn stage_column(name: &str, prefix: &str) -> Option<(String, Option<String>)> {
    let rest = stage_column_text(name, prefix)?;
    match rest.strip_suffix(')').and_then(|r| r.rsplit_once(" (")) {
        Some((stage, pipeline)) if !stage.trim().is_empty() => {
            Some((stage.trim().to_string(), Some(pipeline.trim().to_string())))
        }
        _ => Some((rest.to_string(), None)),
    }
}

/// The stage a column's `Stage (Pipeline)` text names for a deal in `pipeline`, or `None`
/// when the column belongs to another pipeline. The pipeline's name is matched as a suffix,
/// so parentheses inside names (`Lead (Sales (EU))`) are fine.
pub fn stage_in(text: &str, pipeline: Option<&str>) -> Option<String> {
    if let Some(pipeline) = pipeline {
        let suffix = format!(" ({})", pipeline.trim());
        let cut = text.len().saturating_sub(suffix.len());
        if let (Some(stage), Some(tail)) = (text.get(..cut), text.get(cut..))
            && tail.to_lowercase() == suffix.to_lowercase()
            && !stage.trim().is_empty()
        {
            return Some(stage.trim().to_string());
        }
    }
    match text.strip_suffix(')').and_then(|r| r.rsplit_once(" (")) {
        // Names another pipeline.
        Some(_) if pipeline.is_some() => None,
        Some((stage, _)) if !stage.trim().is_empty() => Some(stage.trim().to_string()),
        _ => Some(text.to_string()),
    }
}

pub const DATE_ENTERED: &str = "Date entered ";
pub const DATE_EXITED: &str = "Date exited ";
/// HubSpot Professional: time spent in a stage over all visits.
pub const CUMULATIVE_TIME: &str = "Cumulative time in ";
/// HubSpot Professional: `Date entered current stage` is not a stage called "current stage".
pub const CURRENT_STAGE: &str = "current stage";

/// The `Stage (Pipeline)` text of a per-stage column (entered, exited or cumulative time),
/// except `Date entered current stage`.
pub fn per_stage_text(name: &str) -> Option<&str> {
    let text = stage_column_text(name, DATE_ENTERED)
        .or_else(|| stage_column_text(name, DATE_EXITED))
        .or_else(|| stage_column_text(name, CUMULATIVE_TIME))?;
    (!text.eq_ignore_ascii_case(CURRENT_STAGE)).then_some(text)
}

/// The per-stage texts of a header in header order, each once: the order the exporting
/// tool lists its stages in, which is the pipeline's order.
pub fn stage_texts(header: &Header) -> Vec<String> {
    let mut texts: Vec<String> = Vec::new();
    for name in header.names() {
        if let Some(text) = per_stage_text(name)
            && !texts.iter().any(|t| t.eq_ignore_ascii_case(text))
        {
            texts.push(text.to_string());
        }
    }
    texts
}

/// The column title HubSpot uses for entering a stage.
pub fn entered_column(stage: &str, pipeline: &str) -> String {
    format!("{DATE_ENTERED}\"{stage} ({pipeline})\"")
}

pub fn exited_column(stage: &str, pipeline: &str) -> String {
    format!("{DATE_EXITED}\"{stage} ({pipeline})\"")
}

/// `(Stage (Pipeline) text, entered column, exited column)` of one stage's date columns.
pub type StageDateColumns = (String, Option<usize>, Option<usize>);

/// Per-stage `Date entered` / `Date exited` columns of a header, in header order.
#[derive(Clone, Debug, Default)]
pub struct StageColumns {
    pub stages: Vec<StageDateColumns>,
}

impl StageColumns {
    pub fn of(header: &Header) -> StageColumns {
        let mut columns = StageColumns::default();
        for (i, name) in header.names().iter().enumerate() {
            let (text, entered) = match stage_column_text(name, DATE_ENTERED) {
                Some(text) => (text, true),
                None => match stage_column_text(name, DATE_EXITED) {
                    Some(text) => (text, false),
                    None => continue,
                },
            };
            if text.eq_ignore_ascii_case(CURRENT_STAGE) {
                continue;
            }
            let wanted = text.to_lowercase();
            let slot = match columns
                .stages
                .iter()
                .position(|s| s.0.to_lowercase() == wanted)
            {
                Some(slot) => slot,
                None => {
                    columns.stages.push((text.to_string(), None, None));
                    columns.stages.len() - 1
                }
            };
            if entered {
                columns.stages[slot].1 = Some(i);
            } else {
                columns.stages[slot].2 = Some(i);
            }
        }
        columns
    }

    /// The visits the stage dates describe for a deal in `pipeline`, in date order, each
    /// closed at the next one's entry; stages of other pipelines are ignored.
    pub fn visits(&self, row: &mut Row<'_>, pipeline: Option<&str>) -> Vec<ImportedVisit> {
        let mut visits = Vec::new();
        for (text, entered, exited) in &self.stages {
            let Some(entered_index) = *entered else {
                continue;
            };
            if row.cell(entered_index).is_none() {
                continue;
            }
            let Some(stage) = stage_in(text, pipeline) else {
                continue;
            };
            let Some(entered_at) = row.moment_at(entered_index) else {
                continue;
            };
            let exited_at = exited.and_then(|i| row.moment_at(i));
            if let (Some(exit), Some(exited_index)) = (exited_at, *exited)
                && exit < entered_at
            {
                // Reordering the two would invent a history the file does not state.
                row.errors.push(RowError {
                    line: row.line,
                    column: row.header.names()[exited_index].clone(),
                    reason: format!(
                        "the stage was exited ({}) before it was entered ({})",
                        shown(exit),
                        shown(entered_at)
                    ),
                });
                continue;
            }
            visits.push(ImportedVisit {
                stage: StageRef::Named(stage),
                column: row.header.names()[entered_index].clone(),
                entered_at,
                exited_at,
                reason: None,
                by: None,
            });
        }
        visits.sort_by_key(|v| v.entered_at);
        chain(&mut visits);
        visits
    }
}

/// Closes every visit where the next begins, keeping an earlier recorded exit.
pub fn chain(visits: &mut [ImportedVisit]) {
    for i in 1..visits.len() {
        let next = visits[i].entered_at;
        let previous = &mut visits[i - 1];
        previous.exited_at = Some(match previous.exited_at {
            Some(exit) if exit <= next && exit >= previous.entered_at => exit,
            _ => next,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_columns_split_stage_and_pipeline() {
        assert_eq!(
            stage_column("Date entered \"Closed Won (Sales Pipeline)\"", DATE_ENTERED),
            Some(("Closed Won".into(), Some("Sales Pipeline".into())))
        );
        assert_eq!(
            stage_column("date ENTERED \"Lead\"", DATE_ENTERED),
            Some(("Lead".into(), None))
        );
        assert_eq!(stage_column("Deal Name", DATE_ENTERED), None);
    }

    #[test]
    fn stage_columns_match_the_deals_pipeline_even_with_parentheses() {
        assert_eq!(
            stage_in("Lead (call back) (Sales (EU))", Some("sales (eu)")),
            Some("Lead (call back)".into())
        );
        assert_eq!(stage_in("Lead (Sales (EU))", Some("Partners")), None);
        assert_eq!(stage_in("Lead (Sales)", None), Some("Lead".into()));
        assert_eq!(stage_in("Lead", Some("Sales")), Some("Lead".into()));
    }
}
