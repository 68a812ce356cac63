//! One import's row handling: each row parsed by its format, its pipeline and stages
//! matched to the database (or planned, when the file names a pipeline that does not exist),
//! and upserted inside the import's transaction.

use rust_decimal::Decimal;

use crate::domain::{DecimalSeparator, NewDeal, Pipeline, StageId, StageKind, parse_amount};
use crate::store::{HistoricDeal, HistoricVisit, ImportSession, KeptStamps, StoreError, Upserted};

use super::followup::Rates;
use super::import::{ImportError, ImportOptions, ImportSummary, KEPT_WARNINGS};
use super::plan::Planner;
use super::table::Event;
use super::{Format, Header, ImportedDeal, Row, RowError, StageColumns, StageRef, closing_kind};

/// Which rows a reading of the file handles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    /// The first reading: every row, planning pipelines the database lacks.
    All,
    /// The second: only rows whose pipeline the first planned and has now been created.
    Waiting,
}

/// What the header tells about every row.
struct FileContext {
    format: Format,
    header: Header,
    stage_columns: StageColumns,
    /// Per column: whether a deal field reads it (else a non-empty cell is kept as a data point).
    used: Vec<bool>,
}

/// Everything a row needs besides itself.
pub struct Session<'s, 'a> {
    importer: &'s mut (dyn ImportSession + 'a),
    options: &'s ImportOptions,
    default_pipeline: String,
    decimal: DecimalSeparator,
    pub summary: ImportSummary,
    pub errors: Vec<RowError>,
    pub unknown_stages: Vec<(String, String)>,
    pub pass: Pass,
    /// Whether the rows come from a CSV file (where dealdeck escapes formula-like cells).
    pub from_csv: bool,
    file: Option<FileContext>,
    planner: Planner,
    /// Stated exchange rates of the deals imported, resolved once every row is read.
    rates: Rates,
    /// Conversion links of a dealdeck file, written once every deal is in.
    links: super::links::Links,
}

/// The source as people name it, for notes the import writes.
fn source_label(format: Format) -> &'static str {
    match format {
        Format::Hubspot => "HubSpot",
        Format::Pipedrive => "Pipedrive",
        Format::Dealdeck => "dealdeck",
        Format::Mapped => "mapped",
    }
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

impl<'s, 'a> Session<'s, 'a> {
    pub fn new(
        importer: &'s mut (dyn ImportSession + 'a),
        options: &'s ImportOptions,
        default_pipeline: String,
        decimal: DecimalSeparator,
    ) -> Session<'s, 'a> {
        Session {
            importer,
            options,
            default_pipeline,
            decimal,
            summary: ImportSummary::default(),
            errors: Vec::new(),
            unknown_stages: Vec::new(),
            pass: Pass::All,
            from_csv: false,
            file: None,
            planner: Planner::default(),
            rates: Rates::default(),
            links: Default::default(),
        }
    }
}

impl Session<'_, '_> {
    pub fn event(&mut self, event: Event<'_>) -> Result<(), ImportError> {
        match event {
            Event::Header(header) => self.header(header),
            Event::Pipelines(defs) => self.pipelines(defs),
            Event::Bad(errors) => {
                if self.pass == Pass::All {
                    self.errors.extend(errors);
                }
                Ok(())
            }
            Event::Row { line, fields } => self.row(fields, line),
        }
    }

    fn header(&mut self, mut header: Header) -> Result<(), ImportError> {
        let format = if self.options.mapping.is_some() {
            Format::Mapped
        } else {
            match self.options.format {
                Some(format) => format,
                None => super::import::detect(&header)
                    .ok_or_else(|| ImportError::File(super::columns::unknown_layout(&header)))?,
            }
        };
        super::columns::add_aliases(format, &mut header);
        super::columns::check_required(format, &header, self.options.mapping.as_ref())
            .map_err(ImportError::File)?;
        let used = super::columns::used(format, &header, self.options.mapping.as_ref());
        if self.pass == Pass::All {
            self.summary.format = Some(format);
            self.summary.columns =
                super::columns::destinations(format, &header, self.options.mapping.as_ref());
        }
        self.planner.stage_texts = super::stages::stage_texts(&header);
        self.file = Some(FileContext {
            format,
            stage_columns: StageColumns::of(&header),
            header,
            used,
        });
        Ok(())
    }

    /// Creates the pipelines a dealdeck export defines that the database lacks; existing
    /// ones (by name) are left as they are.
    fn pipelines(&mut self, defs: Vec<crate::domain::PipelineDef>) -> Result<(), ImportError> {
        if self.pass != Pass::All {
            return Ok(());
        }
        for def in super::links::targets_first(defs) {
            if self.pipeline_index(&def.name).is_some() {
                continue;
            }
            self.importer.create_pipeline(&def).map_err(|e| {
                if e.is_bad_input() {
                    ImportError::File(format!(
                        "pipeline {:?} in the file cannot be created: {e}",
                        super::cut(&def.name, 60)
                    ))
                } else {
                    ImportError::Store(e)
                }
            })?;
            self.summary.created_pipelines.push(def);
        }
        Ok(())
    }

    pub fn has_plans(&self) -> bool {
        self.planner.has_plans()
    }

    /// Creates every planned pipeline inside the import's transaction.
    pub fn create_planned(&mut self) -> Result<(), ImportError> {
        let defs = self.planner.definitions().map_err(ImportError::File)?;
        for def in &defs {
            self.importer.create_pipeline(def).map_err(|e| {
                if e.is_bad_input() {
                    ImportError::File(format!("pipeline {:?} could not be created: {e}", def.name))
                } else {
                    ImportError::Store(e)
                }
            })?;
        }
        self.summary.created_pipelines = defs;
        Ok(())
    }

    /// The pipeline a deal goes to: `--pipeline`, else the file's, else the default.
    fn pipeline_of(&self, deal: &ImportedDeal) -> (String, String) {
        match (&self.options.pipeline, &deal.pipeline) {
            (Some(name), _) => ("--pipeline".to_string(), name.clone()),
            (None, Some((column, name))) => (column.clone(), name.clone()),
            (None, None) => ("Pipeline".to_string(), self.default_pipeline.clone()),
        }
    }

    fn row(&mut self, fields: &[String], line: u64) -> Result<(), ImportError> {
        let Some(file) = &self.file else {
            return Err(ImportError::File("the file has no header row".into()));
        };
        let format = file.format;
        // dealdeck's CSV escapes formula-like cells with `'` (unescaping is its exact
        // inverse); its JSON holds every value as it is.
        let unescaped: Vec<String>;
        let fields = if self.from_csv
            && format == Format::Dealdeck
            && fields.iter().any(|f| f.starts_with('\''))
        {
            unescaped = fields
                .iter()
                .map(|f| super::native::unescape_cell(f).to_string())
                .collect();
            &unescaped
        } else {
            fields
        };
        let mut row = Row::new(&file.header, fields, line);
        let parsed = match format {
            Format::Dealdeck => super::native::parse(&mut row, &file.stage_columns),
            Format::Hubspot => super::hubspot::parse(&mut row, &file.stage_columns),
            Format::Pipedrive => super::pipedrive::parse(&mut row),
            Format::Mapped => match &self.options.mapping {
                Some(mapping) => super::mapping::parse(&mut row, mapping),
                None => None,
            },
        };
        let kept = if format == Format::Dealdeck {
            Default::default()
        } else {
            super::columns::kept(&mut row, &file.used)
        };
        let follow = super::followup::read(format, &mut row);
        let first = self.pass == Pass::All;
        if first {
            self.summary.rows += 1;
        }
        if !row.errors.is_empty() {
            if first {
                self.errors.append(&mut row.errors);
            }
            return Ok(());
        }
        if first {
            for warning in row.warnings.drain(..) {
                self.summary.warning_count += 1;
                if self.summary.warnings.len() < KEPT_WARNINGS {
                    self.summary.warnings.push(warning);
                }
            }
        }
        let Some(mut parsed) = parsed else {
            return Ok(());
        };
        for (key, value) in kept {
            parsed.extra.entry(key).or_insert(value);
        }
        let (_, pipeline) = self.pipeline_of(&parsed);
        let exists = self.pipeline_index(&pipeline).is_some();
        match self.pass {
            Pass::All if !exists => {
                self.planner.observe(&pipeline, &parsed);
                return Ok(());
            }
            Pass::Waiting if !self.planner.planned(&pipeline) => return Ok(()),
            _ => {}
        }
        let decimal = if format == Format::Dealdeck {
            DecimalSeparator::Dot
        } else {
            self.decimal
        };
        let notes = std::mem::take(&mut parsed.notes);
        let created_at = parsed.created_at;
        let (file_id, from_lead) = (parsed.kept.as_ref().map(|k| k.id), parsed.from_lead);
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
            Ok(outcome) => {
                let id = match outcome {
                    Upserted::Created(id) => {
                        self.summary.created += 1;
                        id
                    }
                    Upserted::Updated(id) => {
                        self.summary.updated += 1;
                        id
                    }
                };
                self.links.note(file_id, id, from_lead);
                for note in &notes {
                    self.importer.note_once(id, note, created_at)?;
                }
                if let Some(due) = follow.next_activity {
                    let note = format!("Next activity, from the {} export", source_label(format));
                    if self
                        .importer
                        .planned_activity_once(id, due, &note, self.options.now)?
                    {
                        self.summary.planned_activities += 1;
                    }
                }
                if let Some(stated) = follow.rate {
                    let pipeline_currency = self
                        .importer
                        .pipelines()
                        .iter()
                        .find(|p| p.id == historic.deal.pipeline_id)
                        .map(|p| p.currency);
                    if let Some(pipeline_currency) = pipeline_currency {
                        self.rates.note(
                            &historic,
                            stated,
                            decimal,
                            pipeline_currency,
                            &mut self.summary,
                        );
                    }
                }
            }
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

    /// Links every converted lead of the file to its deal (see [`super::links::Links`]).
    pub fn store_links(&mut self) -> Result<(), ImportError> {
        self.links.store(self.importer, &mut self.summary)?;
        Ok(())
    }

    /// Stores the rates the deals stated (see [`Rates::store`]).
    pub fn store_rates(&mut self) -> Result<(), ImportError> {
        self.rates.store(self.importer, &mut self.summary)?;
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
        let (pipeline_column, pipeline_name) = self.pipeline_of(&deal);
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
                        by: visit.by.clone(),
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
