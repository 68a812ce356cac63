//! The activities, notes and checklists of dealdeck's JSON export: written after the deals
//! as three more top-level lists, one element per line, and read back by a second streaming
//! pass over the file once its deals are in the import's transaction. Readers that know only
//! `pipelines` and `deals` skip these keys.

use std::io::Write;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::domain::{Activity, ActivityId, ActivityKind, DealId, Due};
use crate::store::{ChecklistRow, ImportSession, NoteRow, Repository, StoreError, Written};

use super::export::{ExportError, rfc3339};
use super::import::ImportError;
use super::input::Bytes;
use super::sniff::LineLimit;
use super::{RowError, parse_day, parse_moment};

/// An activity as the export writes it; the keys of `activity list --json` where they overlap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedActivity {
    pub id: i64,
    pub deal: i64,
    /// `call`, `email`, `meeting`, `task` or `follow-up`.
    pub kind: String,
    /// `YYYY-MM-DD` for a day, RFC 3339 for a moment.
    pub due_at: String,
    pub done_at: Option<String>,
    pub note: Option<String>,
    pub outcome: Option<String>,
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// Who marked it done; left out when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_by: Option<String>,
}

impl ExportedActivity {
    pub fn new(activity: &Activity) -> Self {
        ExportedActivity {
            id: activity.id.0,
            deal: activity.deal_id.0,
            kind: activity.kind.label().to_string(),
            due_at: activity.due.to_text(),
            done_at: activity.done_at.map(rfc3339),
            note: activity.note.clone(),
            outcome: activity.outcome.clone(),
            created_at: rfc3339(activity.created_at),
            by: activity.by.clone(),
            done_by: activity.done_by.clone(),
        }
    }

    pub fn to_activity(&self) -> Result<Activity, String> {
        let kind = ActivityKind::parse(&self.kind).ok_or_else(|| {
            format!(
                "kind {:?} is not call, email, meeting, task or follow-up",
                self.kind
            )
        })?;
        let due = if self.due_at.trim().len() == 10 {
            Due::Day(parse_day(&self.due_at)?)
        } else {
            Due::At(parse_moment(&self.due_at)?)
        };
        if self.id <= 0 || self.deal <= 0 {
            return Err("id and deal must be dealdeck ids (1 or more)".into());
        }
        Ok(Activity {
            id: ActivityId(self.id),
            deal_id: DealId(self.deal),
            kind,
            due,
            note: self.note.clone(),
            done_at: self.done_at.as_deref().map(parse_moment).transpose()?,
            outcome: self.outcome.clone(),
            created_at: parse_moment(&self.created_at)?,
            by: self.by.clone(),
            done_by: self.done_by.clone(),
        })
    }
}

/// A note, with the name of the stage the deal was in when it was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedNote {
    pub id: i64,
    pub deal: i64,
    pub stage: String,
    pub body: String,
    pub created_at: String,
    /// Who wrote it; left out when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

impl ExportedNote {
    pub fn new(note: &NoteRow) -> Self {
        ExportedNote {
            id: note.id,
            deal: note.deal_id.0,
            stage: note.stage.clone(),
            body: note.body.clone(),
            created_at: rfc3339(note.created_at),
            by: note.by.clone(),
        }
    }

    fn to_row(&self) -> Result<NoteRow, String> {
        if self.id <= 0 || self.deal <= 0 {
            return Err("id and deal must be dealdeck ids (1 or more)".into());
        }
        Ok(NoteRow {
            id: self.id,
            deal_id: DealId(self.deal),
            stage: self.stage.clone(),
            body: self.body.clone(),
            created_at: parse_moment(&self.created_at)?,
            by: self.by.clone(),
        })
    }
}

/// One checklist task of a deal in a stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedChecklistItem {
    pub deal: i64,
    pub stage: String,
    pub task: String,
    pub position: i64,
    pub done_at: Option<String>,
}

impl ExportedChecklistItem {
    pub fn new(item: &ChecklistRow) -> Self {
        ExportedChecklistItem {
            deal: item.deal_id.0,
            stage: item.stage.clone(),
            task: item.task.clone(),
            position: item.position,
            done_at: item.done_at.map(rfc3339),
        }
    }

    fn to_row(&self) -> Result<ChecklistRow, String> {
        if self.deal <= 0 {
            return Err("deal must be a dealdeck id (1 or more)".into());
        }
        Ok(ChecklistRow {
            deal_id: DealId(self.deal),
            stage: self.stage.clone(),
            task: self.task.clone(),
            position: self.position,
            done_at: self.done_at.as_deref().map(parse_moment).transpose()?,
        })
    }
}

fn write_list<W: Write, T: Serialize>(
    out: &mut W,
    key: &str,
    stream: impl FnOnce(&mut dyn FnMut(&T) -> Result<(), ExportError>) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    write!(out, ",\n\"{key}\": [")?;
    let mut written = 0u64;
    stream(&mut |element| {
        out.write_all(if written == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, element)?;
        written += 1;
        Ok(())
    })?;
    out.write_all(if written == 0 { b"]" } else { b"\n]" })?;
    Ok(())
}

/// Writes `,"activities": [...], "notes": [...], "checklists": [...]` as the rows are read;
/// call it inside the export's snapshot, after the deals.
pub fn write_sections<W: Write>(store: &dyn Repository, out: &mut W) -> Result<(), ExportError> {
    write_list(out, "activities", |each| {
        store.for_each_activity(|a, _| each(&ExportedActivity::new(a)))
    })?;
    write_list(out, "notes", |each| {
        store.for_each_note(|n| each(&ExportedNote::new(n)))
    })?;
    write_list(out, "checklists", |each| {
        store.for_each_checklist_item(|c| each(&ExportedChecklistItem::new(c)))
    })?;
    Ok(())
}

/// What the second pass wrote: `(created, updated)` per list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SectionCounts {
    pub activities: (u64, u64),
    pub notes: (u64, u64),
    pub checklist_items: (u64, u64),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Activities,
    Notes,
    Checklists,
}

impl Section {
    fn key(self) -> &'static str {
        match self {
            Section::Activities => "activities",
            Section::Notes => "notes",
            Section::Checklists => "checklists",
        }
    }
}

struct Pass<'x> {
    importer: &'x mut dyn ImportSession,
    counts: SectionCounts,
    errors: Vec<RowError>,
    store_failure: Option<StoreError>,
}

impl Pass<'_> {
    fn apply(&mut self, section: Section, number: u64, value: serde_json::Value) {
        let fail = |reason: String| RowError {
            line: number,
            column: section.key().to_string(),
            reason,
        };
        let written = match section {
            Section::Activities => serde_json::from_value::<ExportedActivity>(value)
                .map_err(|e| e.to_string())
                .and_then(|a| a.to_activity())
                .map(|a| self.importer.upsert_activity(&a)),
            Section::Notes => serde_json::from_value::<ExportedNote>(value)
                .map_err(|e| e.to_string())
                .and_then(|n| n.to_row())
                .map(|n| self.importer.upsert_note(&n)),
            Section::Checklists => serde_json::from_value::<ExportedChecklistItem>(value)
                .map_err(|e| e.to_string())
                .and_then(|c| c.to_row())
                .map(|c| self.importer.upsert_checklist_item(&c)),
        };
        let counts = match section {
            Section::Activities => &mut self.counts.activities,
            Section::Notes => &mut self.counts.notes,
            Section::Checklists => &mut self.counts.checklist_items,
        };
        match written {
            Ok(Ok(Written::Created)) => counts.0 += 1,
            Ok(Ok(Written::Updated)) => counts.1 += 1,
            Ok(Err(
                error @ (StoreError::NotFound(_) | StoreError::Invalid(_) | StoreError::Rule(_)),
            )) => self.errors.push(fail(error.to_string())),
            Ok(Err(error)) => {
                if self.store_failure.is_none() {
                    self.store_failure = Some(error);
                }
            }
            Err(reason) => self.errors.push(fail(reason)),
        }
    }
}

struct List<'p, 'x> {
    pass: &'p mut Pass<'x>,
    section: Section,
}

impl<'de> DeserializeSeed<'de> for List<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for List<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "a JSON list of {}", self.section.key())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut number = 0u64;
        while let Some(value) = seq.next_element::<serde_json::Value>()? {
            number += 1;
            if self.pass.store_failure.is_none() {
                self.pass.apply(self.section, number, value);
            }
        }
        Ok(())
    }
}

struct Top<'p, 'x> {
    pass: &'p mut Pass<'x>,
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a dealdeck JSON export")
    }
    // A bare list of deals (an older export) has none of these sections.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            let section = match key.as_str() {
                "activities" => Section::Activities,
                "notes" => Section::Notes,
                "checklists" => Section::Checklists,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            map.next_value_seed(List {
                pass: &mut *self.pass,
                section,
            })?;
        }
        Ok(())
    }
}

/// Reads the activities, notes and checklists of a dealdeck JSON export into `importer`,
/// whose deals are already written. Every bad element is listed; nothing is committed here.
pub fn import_sections(
    bytes: &Bytes,
    importer: &mut dyn ImportSession,
) -> Result<SectionCounts, ImportError> {
    let reader = bytes
        .reader()
        .map_err(|e| ImportError::File(format!("cannot read the file: {e}")))?;
    let mut pass = Pass {
        importer,
        counts: SectionCounts::default(),
        errors: Vec::new(),
        store_failure: None,
    };
    let mut deserializer =
        serde_json::Deserializer::from_reader(LineLimit::new(std::io::BufReader::new(reader)));
    deserializer
        .deserialize_any(Top { pass: &mut pass })
        .map_err(|e| ImportError::File(format!("the JSON is malformed: {e}")))?;
    if let Some(error) = pass.store_failure {
        return Err(ImportError::Store(error));
    }
    if !pass.errors.is_empty() {
        return Err(ImportError::Rows {
            errors: pass.errors,
            unknown_stages: Vec::new(),
            fatal: None,
        });
    }
    Ok(pass.counts)
}
