//! Running an import: stream the file row by row, match pipelines and stages by name, and
//! upsert every deal inside one transaction that is committed only when no row was bad.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::domain::{DecimalSeparator, NewDeal, Pipeline, StageId, StageKind, parse_amount};
use crate::store::{
    HistoricDeal, HistoricVisit, Importer, KeptStamps, Store, StoreError, Upserted,
};

use super::sniff::{GuardedReader, MAX_COLUMNS, MAX_FIELD_BYTES, SAMPLE_BYTES, Shape, sniff};
use super::{Format, Header, ImportedDeal, Row, RowError, StageColumns, StageRef, closing_kind};

#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// `None` detects the format from the header.
    pub format: Option<Format>,
    /// Puts every deal in this pipeline instead of the one the file names.
    pub pipeline: Option<String>,
    pub dry_run: bool,
    pub create_stages: bool,
    /// How a lone `1.234` reads when the settings say so; else a `;`-separated file means a
    /// decimal comma and anything else follows the locale.
    pub decimal_separator: Option<DecimalSeparator>,
    pub progress: bool,
    pub now: DateTime<Utc>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub format: Option<Format>,
    pub rows: u64,
    pub created: u64,
    pub updated: u64,
    /// `(pipeline, stage)` of every stage `--create-stages` added.
    pub added_stages: Vec<(String, String)>,
    /// What was changed on the way in, the first [`KEPT_WARNINGS`] of them.
    pub warnings: Vec<RowError>,
    /// How many warnings there were in all.
    pub warning_count: u64,
}

/// At most this many warnings are kept for the summary; the rest are only counted.
pub const KEPT_WARNINGS: usize = 1000;

/// Why nothing was imported.
#[derive(Debug)]
pub enum ImportError {
    /// The file as a whole cannot be read (empty, binary, not a known layout).
    File(String),
    /// Some rows are bad; every one is listed. `fatal` is set when reading stopped early.
    Rows {
        errors: Vec<RowError>,
        unknown_stages: Vec<(String, String)>,
        fatal: Option<String>,
    },
    Store(StoreError),
}

impl From<StoreError> for ImportError {
    fn from(error: StoreError) -> Self {
        ImportError::Store(error)
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::File(why) => write!(f, "{why}; nothing was imported"),
            ImportError::Store(error) => write!(f, "{error}; nothing was imported"),
            ImportError::Rows {
                errors,
                unknown_stages,
                fatal,
            } => {
                for error in errors {
                    writeln!(f, "{error}")?;
                }
                if let Some(fatal) = fatal {
                    writeln!(f, "{fatal}")?;
                }
                if !unknown_stages.is_empty() {
                    let names: Vec<String> = unknown_stages
                        .iter()
                        .map(|(p, s)| format!("{s:?} ({p})"))
                        .collect();
                    writeln!(
                        f,
                        "unknown stages: {}; add them to the pipeline, or pass --create-stages",
                        names.join(", ")
                    )?;
                }
                match errors.len() {
                    0 => write!(f, "the file could not be read; nothing was imported"),
                    1 => write!(f, "1 bad row; nothing was imported"),
                    n => write!(f, "{n} bad rows; nothing was imported"),
                }
            }
        }
    }
}

/// Everything a row needs besides itself.
struct Session<'s, 'a> {
    importer: &'s mut Importer<'a>,
    options: &'s ImportOptions,
    default_pipeline: String,
    decimal: DecimalSeparator,
    summary: ImportSummary,
    errors: Vec<RowError>,
    unknown_stages: Vec<(String, String)>,
}

pub fn import_file(
    store: &mut Store,
    path: &Path,
    options: &ImportOptions,
) -> Result<ImportSummary, ImportError> {
    let cannot =
        |e: std::io::Error| ImportError::File(format!("cannot read {}: {e}", path.display()));
    let mut file = File::open(path).map_err(cannot)?;
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut sample = Vec::with_capacity(SAMPLE_BYTES);
    (&mut file)
        .take(SAMPLE_BYTES as u64)
        .read_to_end(&mut sample)
        .map_err(cannot)?;
    let sniffed = sniff(&sample).map_err(ImportError::File)?;
    drop(sample);
    file.seek(SeekFrom::Start(sniffed.skip as u64))
        .map_err(cannot)?;
    let default_pipeline = store
        .pipeline_named(options.pipeline.as_deref())
        .map_err(|e| ImportError::File(e.to_string()))?
        .name;
    let mut importer = store.importer()?;
    let mut session = Session {
        importer: &mut importer,
        options,
        default_pipeline,
        decimal: options
            .decimal_separator
            .unwrap_or_else(DecimalSeparator::from_env),
        summary: ImportSummary::default(),
        errors: Vec::new(),
        unknown_stages: Vec::new(),
    };
    let fatal = match sniffed.shape {
        Shape::Json => session
            .json(super::sniff::LineLimit::new(BufReader::new(file)))
            .err(),
        Shape::Csv { delimiter } => {
            if delimiter == b';' && options.decimal_separator.is_none() {
                // Semicolon CSV is what spreadsheets write where the comma is the decimal mark.
                session.decimal = DecimalSeparator::Comma;
            }
            session.csv(file, delimiter, total).err()
        }
    };
    if let Some(ImportError::File(why)) = &fatal
        && session.errors.is_empty()
    {
        return Err(ImportError::File(why.clone()));
    }
    if let Some(ImportError::Store(error)) = fatal {
        return Err(ImportError::Store(error));
    }
    if fatal.is_none() && session.errors.is_empty() && session.summary.rows == 0 {
        return Err(ImportError::File(
            "the file has a header row but no deals; there is nothing to import".into(),
        ));
    }
    if fatal.is_some() || !session.errors.is_empty() {
        return Err(ImportError::Rows {
            errors: std::mem::take(&mut session.errors),
            unknown_stages: std::mem::take(&mut session.unknown_stages),
            fatal: fatal.map(|f| match f {
                ImportError::File(why) => why,
                other => other.to_string(),
            }),
        });
    }
    let summary = std::mem::take(&mut session.summary);
    if !options.dry_run {
        importer.commit()?;
    }
    Ok(summary)
}

fn is_constraint(error: &StoreError) -> bool {
    matches!(error, StoreError::Sqlite(e)
        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation))
}

/// Why a row was not imported: its own errors, or the database's.
enum Refused {
    Rows(Vec<RowError>),
    Store(StoreError),
}

impl Refused {
    fn one(error: RowError) -> Refused {
        Refused::Rows(vec![error])
    }
}

/// Why a stage could not be matched: the row's fault, or the database's.
enum StageFailure {
    Row(String),
    Store(StoreError),
}

fn detect(header: &Header) -> Option<Format> {
    if super::native::is_native(header) {
        Some(Format::Dealdeck)
    } else if super::pipedrive::is_pipedrive(header) {
        Some(Format::Pipedrive)
    } else if super::hubspot::is_hubspot(header) {
        Some(Format::Hubspot)
    } else {
        None
    }
}

fn utf8_fields(
    record: &csv::ByteRecord,
    line: u64,
    header: Option<&Header>,
) -> Result<Vec<String>, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut fields = Vec::with_capacity(record.len());
    for (i, bytes) in record.iter().enumerate() {
        let column = header
            .and_then(|h| h.names().get(i).cloned())
            .unwrap_or_else(|| format!("{}", i + 1));
        if bytes.len() > MAX_FIELD_BYTES {
            errors.push(RowError {
                line,
                column,
                reason: format!(
                    "the cell is longer than {} MB",
                    MAX_FIELD_BYTES / (1024 * 1024)
                ),
            });
            fields.push(String::new());
            continue;
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => fields.push(text.to_string()),
            Err(_) => {
                errors.push(RowError {
                    line,
                    column,
                    reason: "the cell is not UTF-8 text".into(),
                });
                fields.push(String::new());
            }
        }
    }
    if errors.is_empty() {
        Ok(fields)
    } else {
        Err(errors)
    }
}

impl Session<'_, '_> {
    fn csv(&mut self, file: File, delimiter: u8, total: u64) -> Result<(), ImportError> {
        let guard = GuardedReader::new(BufReader::with_capacity(64 * 1024, file), delimiter);
        let consumed = guard.consumed.clone();
        let lines = guard.lines.clone();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(guard);
        let mut record = csv::ByteRecord::new();
        let read = |reader: &mut csv::Reader<GuardedReader<BufReader<File>>>,
                    record: &mut csv::ByteRecord| {
            reader.read_byte_record(record).map_err(|e| match e.kind() {
                csv::ErrorKind::Io(io) => ImportError::File(io.to_string()),
                _ => ImportError::File(e.to_string()),
            })
        };
        if !read(&mut reader, &mut record)? {
            return Err(ImportError::File(
                "the file is empty; there is nothing to import".into(),
            ));
        }
        if record.len() > MAX_COLUMNS {
            return Err(ImportError::File(format!(
                "the header has {} columns; at most {MAX_COLUMNS} are supported",
                record.len()
            )));
        }
        let names = utf8_fields(&record, 1, None).map_err(|errors| {
            ImportError::File(
                errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
        let header = Header::new(names);
        if let Some((first, second)) = header.duplicate() {
            let name = |at: usize| super::cut(&header.names()[at - 1], 60);
            return Err(ImportError::File(format!(
                "the header has two columns named alike: column {first} ({:?}) and column {second} ({:?}); rename or remove one",
                name(first),
                name(second)
            )));
        }
        let format = match self.options.format {
            Some(format) => format,
            None => detect(&header).ok_or_else(|| {
                ImportError::File(
                    "the first row is not a header dealdeck knows: expected a HubSpot export (Deal Name, Deal Stage, …), a Pipedrive export (Deal - Title, Deal - Stage, …) or a dealdeck export (Record ID, Title, Status, …); see docs/import-export.md"
                        .into(),
                )
            })?,
        };
        self.summary.format = Some(format);
        let stage_columns = StageColumns::of(&header);
        let progress = (self.options.progress && total > 0).then(|| {
            let bar = indicatif::ProgressBar::new(total);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
        while read(&mut reader, &mut record)? {
            let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
            if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                continue;
            }
            if record.len() != header.len() {
                self.errors.push(RowError {
                    line,
                    column: format!("{}", record.len().min(header.len()) + 1),
                    reason: format!(
                        "the row has {} cells but the header has {}",
                        record.len(),
                        header.len()
                    ),
                });
                continue;
            }
            let mut fields = match utf8_fields(&record, line, Some(&header)) {
                Ok(fields) => fields,
                Err(errors) => {
                    self.errors.extend(errors);
                    continue;
                }
            };
            if format == Format::Dealdeck {
                for field in &mut fields {
                    if field.starts_with('\'') {
                        *field = super::native::unescape_cell(field).to_string();
                    }
                }
            }
            self.row(format, &header, &stage_columns, &fields, line)?;
            if let Some(bar) = &progress
                && self.summary.rows.is_multiple_of(1024)
            {
                bar.set_position(consumed.get());
            }
        }
        if let Some(bar) = progress {
            bar.finish_and_clear();
        }
        Ok(())
    }

    fn json(
        &mut self,
        reader: super::sniff::LineLimit<BufReader<File>>,
    ) -> Result<(), ImportError> {
        use serde::de::{Deserializer, SeqAccess, Visitor};
        struct Each<'x, 's, 'a, 'b> {
            session: &'x mut Session<'s, 'a>,
            header: &'b Header,
            failure: &'x mut Option<ImportError>,
        }
        impl<'de> Visitor<'de> for Each<'_, '_, '_, '_> {
            type Value = ();
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON list of deals")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
                let columns = StageColumns::default();
                let mut number = 0u64;
                while let Some(value) = seq.next_element::<serde_json::Value>()? {
                    number += 1;
                    let fields = match super::native::json_cells(&value) {
                        Ok(fields) => fields,
                        Err(reason) => {
                            self.session.errors.push(RowError {
                                line: number,
                                column: "-".into(),
                                reason,
                            });
                            continue;
                        }
                    };
                    if let Err(e) =
                        self.session
                            .row(Format::Dealdeck, self.header, &columns, &fields, number)
                    {
                        *self.failure = Some(e);
                        return Ok(());
                    }
                }
                Ok(())
            }
        }
        self.summary.format = Some(Format::Dealdeck);
        let header = Header::new(
            super::native::COLUMNS
                .iter()
                .map(|(label, _)| label.to_string()),
        );
        let mut failure = None;
        let mut deserializer = serde_json::Deserializer::from_reader(reader);
        deserializer
            .deserialize_seq(Each {
                session: self,
                header: &header,
                failure: &mut failure,
            })
            .map_err(|e| {
                if e.is_io() {
                    ImportError::File(e.to_string())
                } else {
                    ImportError::File(format!("the JSON is malformed: {e}"))
                }
            })?;
        match failure {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn row(
        &mut self,
        format: Format,
        header: &Header,
        stage_columns: &StageColumns,
        fields: &[String],
        line: u64,
    ) -> Result<(), ImportError> {
        self.summary.rows += 1;
        let mut row = Row::new(header, fields, line);
        let parsed = match format {
            Format::Dealdeck => super::native::parse(&mut row, stage_columns),
            Format::Hubspot => super::hubspot::parse(&mut row, stage_columns),
            Format::Pipedrive => super::pipedrive::parse(&mut row),
        };
        if !row.errors.is_empty() {
            self.errors.append(&mut row.errors);
            return Ok(());
        }
        for warning in row.warnings.drain(..) {
            self.summary.warning_count += 1;
            if self.summary.warnings.len() < KEPT_WARNINGS {
                self.summary.warnings.push(warning);
            }
        }
        let Some(parsed) = parsed else {
            return Ok(());
        };
        let decimal = if format == Format::Dealdeck {
            DecimalSeparator::Dot
        } else {
            self.decimal
        };
        let (historic, kept) = match self.resolve(parsed, decimal, format) {
            Ok(found) => found,
            Err(Refused::Rows(mut errors)) => {
                self.errors.append(&mut errors);
                return Ok(());
            }
            Err(Refused::Store(error)) => return Err(ImportError::Store(error)),
        };
        match self
            .importer
            .upsert(&historic, kept.as_ref(), self.options.now)
        {
            Ok(Upserted::Created(_)) => self.summary.created += 1,
            Ok(Upserted::Updated(_)) => self.summary.updated += 1,
            // Only what the row itself caused is the row's fault; a database that cannot be
            // written (read-only, full, failing) stops the whole import.
            Err(error) if error.is_bad_input() || is_constraint(&error) => {
                self.errors.push(RowError {
                    line,
                    column: if format == Format::Dealdeck {
                        "Record ID"
                    } else {
                        "-"
                    }
                    .into(),
                    reason: error.to_string(),
                })
            }
            Err(error) => return Err(ImportError::Store(error)),
        }
        Ok(())
    }

    fn pipeline_index(&self, name: &str) -> Option<usize> {
        let wanted = name.trim().to_lowercase();
        self.importer
            .pipelines()
            .iter()
            .position(|p| p.name.to_lowercase() == wanted)
    }

    /// Matches a stage reference to the pipeline, adding it when `--create-stages` allows.
    fn stage(&mut self, index: usize, reference: &StageRef) -> Result<StageId, StageFailure> {
        let pipeline: &Pipeline = &self.importer.pipelines()[index];
        let found = match reference {
            StageRef::FirstOpen => pipeline.first_open_stage(),
            StageRef::Won => pipeline.won_stage(),
            StageRef::Lost => pipeline.lost_stage(),
            StageRef::Named(name) => {
                pipeline
                    .stage_named(name)
                    .or_else(|| match closing_kind(name) {
                        Some(StageKind::Won) => pipeline.won_stage(),
                        Some(StageKind::Lost) => pipeline.lost_stage(),
                        _ => None,
                    })
            }
        };
        if let Some(stage) = found {
            return Ok(stage.id);
        }
        let StageRef::Named(name) = reference else {
            return Err(StageFailure::Row(format!(
                "pipeline {:?} lacks that kind of stage",
                pipeline.name
            )));
        };
        let pipeline_name = pipeline.name.clone();
        if !self.options.create_stages {
            let known: Vec<&str> = pipeline.stages.iter().map(|s| s.name.as_str()).collect();
            let key = (pipeline_name.clone(), name.clone());
            if !self
                .unknown_stages
                .iter()
                .any(|(p, s)| p == &key.0 && s.to_lowercase() == key.1.to_lowercase())
            {
                self.unknown_stages.push(key);
            }
            return Err(StageFailure::Row(format!(
                "unknown stage {name:?} in pipeline {pipeline_name:?} (its stages are {}); pass --create-stages to add it",
                known.join(", ")
            )));
        }
        self.importer
            .add_open_stages(&pipeline_name, std::slice::from_ref(name))
            .map_err(|e| {
                if e.is_bad_input() {
                    StageFailure::Row(e.to_string())
                } else {
                    StageFailure::Store(e)
                }
            })?;
        self.summary
            .added_stages
            .push((pipeline_name, name.trim().to_string()));
        let pipeline = &self.importer.pipelines()[index];
        pipeline
            .stage_named(name)
            .map(|s| s.id)
            .ok_or_else(|| StageFailure::Row(format!("stage {name:?} could not be added")))
    }

    fn resolve(
        &mut self,
        deal: ImportedDeal,
        decimal: DecimalSeparator,
        format: Format,
    ) -> Result<(HistoricDeal, Option<KeptStamps>), Refused> {
        let line = deal.line;
        let fail = |column: &str, reason: String| RowError {
            line,
            column: column.to_string(),
            reason,
        };
        let (pipeline_column, pipeline_name) = match (&self.options.pipeline, &deal.pipeline) {
            (None, Some((column, name))) => (column.clone(), name.clone()),
            _ => ("Pipeline".to_string(), self.default_pipeline.clone()),
        };
        let Some(index) = self.pipeline_index(&pipeline_name) else {
            let known: Vec<String> = self
                .importer
                .pipelines()
                .iter()
                .map(|p| p.name.clone())
                .collect();
            return Err(Refused::one(fail(
                &pipeline_column,
                format!(
                    "pipeline {pipeline_name:?} does not exist (the pipelines are {}); create it with `dealdeck pipeline apply` or pass --pipeline",
                    known.join(", ")
                ),
            )));
        };
        let native = format == Format::Dealdeck;
        let mut errors = Vec::new();
        let mut visits: Vec<HistoricVisit> = Vec::with_capacity(deal.visits.len());
        for visit in &deal.visits {
            match self.stage(index, &visit.stage) {
                Ok(stage_id) => {
                    // Two rules can name the same stage (first open stage, then the current one).
                    if !native
                        && let Some(last) = visits.last_mut()
                        && last.stage_id == stage_id
                    {
                        last.exited_at = visit.exited_at;
                        continue;
                    }
                    visits.push(HistoricVisit {
                        stage_id,
                        entered_at: visit.entered_at,
                        exited_at: visit.exited_at,
                        reason: visit.reason.clone(),
                    })
                }
                Err(StageFailure::Store(error)) => return Err(Refused::Store(error)),
                Err(StageFailure::Row(reason)) => {
                    if !errors.iter().any(|e: &RowError| e.reason == reason) {
                        errors.push(fail(&visit.column, reason));
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(Refused::Rows(errors));
        }
        let pipeline = &self.importer.pipelines()[index];
        let current = visits
            .last()
            .and_then(|v| pipeline.stage(v.stage_id))
            .ok_or_else(|| Refused::one(fail("Stage", "the deal has no stage".into())))?;
        let kind = current.kind;
        if let Some((column, stated)) = &deal.status
            && *stated != kind
        {
            return Err(Refused::one(fail(
                column,
                format!(
                    "status {} does not match stage {:?}, which is a {} stage",
                    stated.as_str(),
                    current.name,
                    kind.as_str()
                ),
            )));
        }
        let currency = deal.currency.unwrap_or(pipeline.currency);
        let amount = match &deal.amount {
            None => Decimal::ZERO,
            Some((column, text)) => parse_amount(text, decimal, currency)
                .map_err(|e| Refused::one(fail(column, e.to_string())))?,
        };
        let mut closed_at = deal.closed_at;
        let mut expected_close_date = deal.expected_close_date;
        let mut lost_reason = deal.lost_reason.clone();
        let mut created_at = deal.created_at;
        if !native {
            if kind == StageKind::Open {
                closed_at = None;
            } else {
                // The moment the deal entered its won or lost stage is its close: metrics and
                // the board read it from the history, so the two must never disagree.
                let entered = visits.last().map(|v| v.entered_at);
                closed_at = entered.or(closed_at);
                if format == Format::Hubspot {
                    expected_close_date = None;
                }
            }
            if kind != StageKind::Lost {
                lost_reason = None;
            } else if let Some(last) = visits.last_mut()
                && last.reason.is_none()
            {
                last.reason = lost_reason.clone();
            }
            if let Some(first) = visits.first() {
                created_at = created_at.min(first.entered_at);
            }
        }
        let mut new = NewDeal::new(pipeline.id, deal.title.clone(), currency);
        new.stage_id = Some(current.id);
        new.organization = deal.organization.clone();
        new.contact = deal.contact.clone();
        new.owner = deal.owner.clone();
        new.amount = amount;
        new.probability_override = deal.probability_override;
        new.expected_close_date = expected_close_date;
        new.source = deal.source.clone();
        new.qualification = deal.qualification;
        new.lost_reason = lost_reason.clone();
        new.extra = deal.extra.clone();
        if let Err(e) = new.validated() {
            let column = match e {
                crate::domain::DealError::NegativeAmount { .. }
                | crate::domain::DealError::AmountDecimals { .. }
                | crate::domain::DealError::AmountTooLarge { .. } => deal
                    .amount
                    .as_ref()
                    .map_or("Amount".to_string(), |(c, _)| c.clone()),
                _ => "-".to_string(),
            };
            return Err(Refused::one(fail(&column, e.to_string())));
        }
        let historic = HistoricDeal {
            deal: new,
            created_at,
            closed_at,
            archived_at: deal.archived_at,
            lost_reason,
            won_note: deal.won_note.clone(),
            source_ref: deal.source_ref.clone(),
            visits,
        };
        if let Err(reason) = historic.check_history() {
            let column = deal
                .visits
                .first()
                .map_or("-".to_string(), |v| v.column.clone());
            return Err(Refused::one(fail(&column, reason)));
        }
        Ok((historic, deal.kept))
    }
}
