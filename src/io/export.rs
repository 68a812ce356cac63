//! Writing every deal (archived too) with all its fields and its stage history: CSV with
//! HubSpot-style per-stage date columns plus the exact history, and JSON with nested history.

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::{Deal, Pipeline, PipelineId, StageVisit};
use crate::store::{DealFilter, ExportStamps, Repository, StoreError};

use super::native::{COLUMNS, HistoryEntry, escape_cell};
use super::{entered_column, exited_column};

pub use crate::domain::dates::rfc3339;

/// A deal as export files carry it, in the field order of [`COLUMNS`].
#[derive(Debug, Serialize)]
pub struct ExportedDeal {
    pub id: i64,
    pub title: String,
    pub pipeline: String,
    pub stage: String,
    pub status: &'static str,
    pub amount: String,
    pub currency: &'static str,
    pub organization: Option<String>,
    pub contact: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub owner: Option<String>,
    pub probability_override: Option<u8>,
    pub expected_close_date: Option<String>,
    pub source: Option<String>,
    pub qualification: Option<&'static str>,
    pub lost_reason: Option<String>,
    pub won_note: Option<String>,
    pub created_at: String,
    pub closed_at: Option<String>,
    pub archived_at: Option<String>,
    pub updated_at: String,
    pub last_activity_at: String,
    pub version: i64,
    pub source_system: Option<String>,
    pub source_id: Option<String>,
    pub data_points: BTreeMap<String, String>,
    pub history: Vec<HistoryEntry>,
    pub from_lead: Option<i64>,
    pub converted_to: Option<i64>,
}

fn stage_name(pipeline: &Pipeline, visit: &StageVisit) -> String {
    pipeline
        .stage(visit.stage_id)
        .map_or_else(|| format!("#{}", visit.stage_id.0), |s| s.name.clone())
}

impl ExportedDeal {
    pub fn new(
        deal: &Deal,
        pipeline: &Pipeline,
        visits: &[StageVisit],
        stamps: Option<&ExportStamps>,
    ) -> Self {
        let (source_system, source_id) = stamps.and_then(|s| s.source_ref.clone()).unzip();
        ExportedDeal {
            id: deal.id.0,
            title: deal.title.clone(),
            pipeline: pipeline.name.clone(),
            stage: pipeline
                .stage(deal.stage_id)
                .map_or_else(|| format!("#{}", deal.stage_id.0), |s| s.name.clone()),
            status: deal.status.as_str(),
            amount: deal.currency.format_plain(deal.amount),
            currency: deal.currency.code(),
            organization: deal.organization.clone(),
            contact: deal.contact.name.clone(),
            contact_email: deal.contact.email.clone(),
            contact_phone: deal.contact.phone.clone(),
            owner: deal.owner.clone(),
            probability_override: deal.probability_override,
            expected_close_date: deal
                .expected_close_date
                .map(|d| d.format("%Y-%m-%d").to_string()),
            source: deal.source.clone(),
            qualification: deal.qualification.map(|q| q.as_str()),
            lost_reason: deal.lost_reason.clone(),
            won_note: deal.won_note.clone(),
            created_at: rfc3339(deal.created_at),
            closed_at: deal.closed_at.map(rfc3339),
            archived_at: deal.archived_at.map(rfc3339),
            updated_at: rfc3339(deal.updated_at),
            last_activity_at: rfc3339(stamps.map_or(deal.last_activity_at, |s| s.last_activity_at)),
            version: deal.version,
            source_system,
            source_id,
            data_points: deal.extra.clone(),
            history: visits
                .iter()
                .map(|v| HistoryEntry {
                    stage: stage_name(pipeline, v),
                    entered_at: rfc3339(v.entered_at),
                    exited_at: v.exited_at.map(rfc3339),
                    reason: v.reason.clone(),
                    by: v.by.clone(),
                })
                .collect(),
            from_lead: deal.from_lead.map(|id| id.0),
            converted_to: deal.converted_to.map(|id| id.0),
        }
    }

    /// The cells of [`COLUMNS`], unescaped.
    pub fn cells(&self) -> Result<Vec<String>, serde_json::Error> {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let history = serde_json::to_string(&self.history)?;
        let points = if self.data_points.is_empty() {
            String::new()
        } else {
            serde_json::to_string(&self.data_points)?
        };
        Ok(vec![
            self.id.to_string(),
            self.title.clone(),
            self.pipeline.clone(),
            self.stage.clone(),
            self.status.to_string(),
            self.amount.clone(),
            self.currency.to_string(),
            text(&self.organization),
            text(&self.contact),
            text(&self.contact_email),
            text(&self.contact_phone),
            text(&self.owner),
            self.probability_override
                .map(|p| p.to_string())
                .unwrap_or_default(),
            text(&self.expected_close_date),
            text(&self.source),
            self.qualification.unwrap_or_default().to_string(),
            text(&self.lost_reason),
            text(&self.won_note),
            self.created_at.clone(),
            text(&self.closed_at),
            text(&self.archived_at),
            self.updated_at.clone(),
            self.last_activity_at.clone(),
            self.version.to_string(),
            text(&self.source_system),
            text(&self.source_id),
            points,
            history,
            id_cell(self.from_lead),
            id_cell(self.converted_to),
        ])
    }
}

fn id_cell(id: Option<i64>) -> String {
    id.map(|id| id.to_string()).unwrap_or_default()
}

/// Why an export stopped: the store could not be read or the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the export: {0}")]
    Write(#[source] std::io::Error),
    #[error("cannot write the export: {0}")]
    Csv(#[source] csv::Error),
    #[error("cannot write the export: {0}")]
    Json(#[source] serde_json::Error),
    #[error("cannot write the workbook: {0}")]
    Xlsx(#[source] rust_xlsxwriter::XlsxError),
    #[error("cannot write the Blueprint: {0}")]
    Blueprint(#[source] super::blueprint::BlueprintWriteError),
}

impl From<std::io::Error> for ExportError {
    fn from(error: std::io::Error) -> Self {
        ExportError::Write(error)
    }
}

impl From<csv::Error> for ExportError {
    fn from(error: csv::Error) -> Self {
        match error.kind() {
            csv::ErrorKind::Io(io) => ExportError::Write(std::io::Error::new(io.kind(), error)),
            _ => ExportError::Csv(error),
        }
    }
}

impl From<serde_json::Error> for ExportError {
    fn from(error: serde_json::Error) -> Self {
        match error.io_error_kind() {
            Some(kind) => ExportError::Write(std::io::Error::new(kind, error)),
            None => ExportError::Json(error),
        }
    }
}

impl ExportError {
    /// The reader of standard output went away (`| head`): not a failure of the export.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, ExportError::Write(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// The pipelines an export lays its columns out by; the deals themselves are streamed.
pub struct Layout {
    pub pipelines: Vec<Pipeline>,
}

impl Layout {
    pub fn load(store: &dyn Repository) -> Result<Layout, StoreError> {
        Ok(Layout {
            pipelines: store.pipelines()?,
        })
    }

    pub fn pipeline(&self, id: PipelineId) -> Option<&Pipeline> {
        self.pipelines.iter().find(|p| p.id == id)
    }

    /// `(pipeline, stage)` of every stage, for the per-stage date columns.
    pub fn stage_columns(&self) -> Vec<(&Pipeline, &crate::domain::Stage)> {
        self.pipelines
            .iter()
            .flat_map(|p| p.stages.iter().map(move |s| (p, s)))
            .collect()
    }
}

/// Calls `each` with every deal (archived too) in id order, its pipeline and its visits;
/// only the current deal is in memory. Call it inside [`Store::at_one_snapshot`], with the
/// layout read there, so the deals match the pipelines. Returns how many were passed.
pub fn for_each_deal(
    store: &dyn Repository,
    layout: &Layout,
    mut each: impl FnMut(&ExportedDeal, &Deal, &Pipeline, &[StageVisit]) -> Result<(), ExportError>,
) -> Result<u64, ExportError> {
    let filter = DealFilter {
        include_archived: true,
        ..DealFilter::default()
    };
    let mut count = 0;
    store.for_each_deal_with_history(&filter, |deal, visits, stamps| {
        let Some(pipeline) = layout.pipeline(deal.pipeline_id) else {
            return Ok::<_, ExportError>(());
        };
        let exported = ExportedDeal::new(deal, pipeline, visits, Some(stamps));
        each(&exported, deal, pipeline, visits)?;
        count += 1;
        Ok(())
    })?;
    Ok(count)
}

/// When the deal first entered and last left `stage`, as HubSpot's columns mean it.
pub fn stage_dates(
    visits: &[StageVisit],
    stage: crate::domain::StageId,
) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    let mut entered = None;
    let mut exited = None;
    for visit in visits.iter().filter(|v| v.stage_id == stage) {
        entered = entered.or(Some(visit.entered_at));
        exited = visit.exited_at;
    }
    (entered, exited)
}

/// The full CSV header: deal fields, then entered/exited per stage of every pipeline.
pub fn csv_header(layout: &Layout) -> Vec<String> {
    let mut header: Vec<String> = COLUMNS.iter().map(|(label, _)| label.to_string()).collect();
    for (pipeline, stage) in layout.stage_columns() {
        header.push(entered_column(&stage.name, &pipeline.name));
        header.push(exited_column(&stage.name, &pipeline.name));
    }
    header
}

/// Writes the CSV row by row as the deals are read; returns how many deals it holds.
pub fn write_csv<W: Write>(store: &dyn Repository, out: W) -> Result<u64, ExportError> {
    let mut writer = csv::WriterBuilder::new().from_writer(out);
    let count = store.at_one_snapshot(|store| {
        let layout = Layout::load(store)?;
        let header = csv_header(&layout);
        writer.write_record(header.iter().map(|h| escape_cell(h).into_owned()))?;
        let stage_columns = layout.stage_columns();
        let mut row: Vec<String> = Vec::with_capacity(header.len());
        for_each_deal(store, &layout, |exported, _, pipeline, visits| {
            row.clear();
            row.extend(exported.cells()?);
            for (stage_pipeline, stage) in &stage_columns {
                let (entered, exited) = if stage_pipeline.id == pipeline.id {
                    stage_dates(visits, stage.id)
                } else {
                    (None, None)
                };
                row.push(entered.map(rfc3339).unwrap_or_default());
                row.push(exited.map(rfc3339).unwrap_or_default());
            }
            for cell in &row {
                writer.write_field(escape_cell(cell).as_bytes())?;
            }
            writer.write_record(std::iter::empty::<&[u8]>())?;
            Ok(())
        })
    })?;
    writer.flush()?;
    Ok(count)
}

/// `{"pipelines": [...], "deals": [...], "activities": [...], "notes": [...], "checklists":
/// [...]}`: every pipeline's definition (stages, probabilities, playbooks) first, so an
/// import into an empty database recreates them before the deals that need them, and the
/// deals before what hangs on them; one element per line, written as the rows are read.
pub fn write_json<W: Write>(store: &dyn Repository, mut out: W) -> Result<u64, ExportError> {
    let count = store.at_one_snapshot(|store| {
        let layout = Layout::load(store)?;
        out.write_all(b"{\"pipelines\": [")?;
        for (i, pipeline) in layout.pipelines.iter().enumerate() {
            out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut out, &crate::domain::PipelineDef::of(pipeline))?;
        }
        out.write_all(b"\n],\n\"deals\": [")?;
        let mut written = 0u64;
        let count = for_each_deal(store, &layout, |exported, _, _, _| {
            out.write_all(if written == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut out, exported)?;
            written += 1;
            Ok(())
        })?;
        out.write_all(b"\n]")?;
        super::activities_json::write_sections(store, &mut out)?;
        Ok::<_, ExportError>(count)
    })?;
    out.write_all(b"}\n")?;
    out.flush()?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::native::unescape_cell;

    #[test]
    fn formula_cells_are_escaped_and_restored_exactly() {
        for text in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1",
            "-5",
            "@me",
            "\tx",
            "\rx",
            "'quoted",
            "plain",
        ] {
            let escaped = escape_cell(text);
            assert!(
                !escaped.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{escaped}"
            );
            assert_eq!(unescape_cell(&escaped), text);
        }
    }
}
