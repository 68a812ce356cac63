//! Running an import: open the file (CSV in any common encoding, a workbook, dealdeck JSON,
//! or standard input), read it row by row, create the pipelines it names that do not exist,
//! and upsert every deal inside one transaction that is committed only when no row was bad.

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::domain::{DecimalSeparator, PipelineDef};
use crate::store::{Repository, StoreError};

use super::input::{Input, Opened};
use super::mapping::Mapping;
use super::session::{Pass, Session};
use super::table::Event;
use super::{Format, RowError};

#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// `None` detects the format from the header.
    pub format: Option<Format>,
    /// Columns named by a mapping file (`--map`); sets the format to [`Format::Mapped`].
    pub mapping: Option<Mapping>,
    /// Puts every deal in this pipeline instead of the one the file names.
    pub pipeline: Option<String>,
    /// The workbook sheet to read; else the first with a header row.
    pub sheet: Option<String>,
    pub dry_run: bool,
    pub create_stages: bool,
    /// How a lone `1.234` reads when the settings say so; else a `;`-separated file means a
    /// decimal comma and anything else follows the locale.
    pub decimal_separator: Option<DecimalSeparator>,
    pub progress: bool,
    pub now: DateTime<Utc>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportSummary {
    pub format: Option<Format>,
    pub opened: Opened,
    pub rows: u64,
    pub created: u64,
    pub updated: u64,
    /// `(pipeline, stage)` of every stage `--create-stages` added.
    pub added_stages: Vec<(String, String)>,
    /// Pipelines the file named that did not exist, as they were created.
    pub created_pipelines: Vec<PipelineDef>,
    /// `(column, what it became)` for every column of the header.
    pub columns: Vec<(String, String)>,
    /// What was changed on the way in, the first [`KEPT_WARNINGS`] of them.
    pub warnings: Vec<RowError>,
    /// How many warnings there were in all.
    pub warning_count: u64,
    /// Activities, notes and checklist items of a dealdeck JSON export (branch actio).
    pub sections: super::activities_json::SectionCounts,
    /// Follow-ups planned from the file's next-activity column (none twice per deal and due).
    pub planned_activities: u64,
    /// Exchange rates stored from the file (HubSpot's `Exchange rate`), dated the close date.
    pub exchange_rates: Vec<super::followup::ImportedRate>,
    /// The company currency those rates convert into, and whether the file shows it
    /// (`true`) or each deal's pipeline currency was assumed (`false`).
    pub company_currency: Option<(crate::domain::Currency, bool)>,
}

/// At most this many warnings are kept for the summary; the rest are only counted.
pub const KEPT_WARNINGS: usize = 1000;
/// The same mistake is listed for this many rows, then counted.
pub const SHOWN_PER_MISTAKE: usize = 20;

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

/// The errors as printed: each distinct mistake (same column, same reason) for its first
/// [`SHOWN_PER_MISTAKE`] rows, then `… and N more rows: …` for the rest.
pub fn summarised(errors: &[RowError]) -> Vec<String> {
    use std::collections::HashMap;
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    let mut lines = Vec::new();
    let mut more: Vec<((&str, &str), usize)> = Vec::new();
    for error in errors {
        let key = (error.column.as_str(), error.reason.as_str());
        let count = seen.entry(key).or_insert(0);
        *count += 1;
        if *count <= SHOWN_PER_MISTAKE {
            lines.push(error.to_string());
        } else if *count == SHOWN_PER_MISTAKE + 1 {
            more.push((key, 0));
        }
    }
    for (key, count) in &mut more {
        *count = seen[key] - SHOWN_PER_MISTAKE;
        let rows = if *count == 1 { "row" } else { "rows" };
        lines.push(format!(
            "… and {count} more {rows}: column {}: {}",
            key.0, key.1
        ));
    }
    lines
}

impl std::error::Error for ImportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ImportError::Store(error) => Some(error),
            ImportError::File(_) | ImportError::Rows { .. } => None,
        }
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
                for line in summarised(errors) {
                    writeln!(f, "{line}")?;
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

pub fn detect(header: &super::Header) -> Option<Format> {
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

/// Reads the whole input once, handing each event to the session.
fn read_pass(
    session: &mut Session<'_, '_>,
    input: &Input,
    bar: Option<&indicatif::ProgressBar>,
) -> Result<(), ImportError> {
    let progress = |bytes: u64| {
        if let Some(bar) = bar {
            bar.set_position(bytes);
        }
    };
    let mut visit = |event: Event<'_>| session.event(event);
    match input {
        Input::Csv {
            bytes, delimiter, ..
        } => super::table::csv(bytes, *delimiter, &progress, &mut visit),
        Input::Sheet(sheet) => super::table::sheet(sheet, &mut visit),
        Input::Json { bytes } => super::json::read(bytes, &mut visit),
    }
}

/// Imports `path` (`-` reads standard input).
pub fn import_file(
    store: &mut dyn Repository,
    path: &Path,
    options: &ImportOptions,
) -> Result<ImportSummary, ImportError> {
    let (input, opened) =
        super::input::open(path, options.sheet.as_deref()).map_err(ImportError::File)?;
    let default_pipeline = store
        .pipeline_named(None)
        .map_err(|e| ImportError::File(e.to_string()))?
        .name;
    let mut decimal = options
        .decimal_separator
        .unwrap_or_else(DecimalSeparator::from_env);
    match &input {
        // Semicolon CSV is what spreadsheets write where the comma is the decimal mark.
        Input::Csv {
            delimiter: b';', ..
        } if options.decimal_separator.is_none() => decimal = DecimalSeparator::Comma,
        // Typed numbers come out of a workbook with a dot.
        Input::Sheet(_) => decimal = DecimalSeparator::Dot,
        _ => {}
    }
    let total = match &input {
        Input::Csv { total, .. } => *total,
        _ => 0,
    };
    let bar = (options.progress && total > 0).then(|| {
        let bar = indicatif::ProgressBar::new(total);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let mut importer = store.importer()?;
    let mut session = Session::new(&mut *importer, options, default_pipeline, decimal);
    session.summary.opened = opened;
    session.from_csv = matches!(input, Input::Csv { .. });
    let mut fatal = read_pass(&mut session, &input, bar.as_ref()).err();
    if fatal.is_none() && session.has_plans() {
        // Pipelines the file names but the database lacks: created as the rows describe
        // them, then the rows that were waiting for them are read again.
        match session.create_planned() {
            Ok(()) => {
                session.pass = Pass::Waiting;
                fatal = read_pass(&mut session, &input, None).err();
            }
            Err(error) => fatal = Some(error),
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
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
    session.store_rates()?;
    session.store_links()?;
    let mut summary = std::mem::take(&mut session.summary);
    drop(session);
    if let Input::Json { bytes } = &input {
        summary.sections = super::activities_json::import_sections(bytes, &mut *importer)?;
    }
    if !options.dry_run {
        importer.commit()?;
    }
    Ok(summary)
}

/// A starting mapping for `path` (see [`super::mapping::suggest`]): its header, and the
/// distinct values of the column that looks like the stage, to fill the won and lost lists.
pub fn suggest_mapping(path: &Path, sheet: Option<&str>) -> Result<String, String> {
    let (input, _) = super::input::open(path, sheet)?;
    let mut header: Option<super::Header> = None;
    let mut stage_at = None;
    let mut values: Vec<String> = Vec::new();
    let mut visit = |event: Event<'_>| {
        match event {
            Event::Header(found) => {
                stage_at = super::mapping::stage_column(&found);
                header = Some(found);
            }
            Event::Row { fields, .. } => {
                if let Some(value) = stage_at.and_then(|i| fields.get(i)).map(|v| v.trim())
                    && !value.is_empty()
                    && values.len() < 200
                    && !values.iter().any(|v| v == value)
                {
                    values.push(value.to_string());
                }
            }
            Event::Bad(_) | Event::Pipelines(_) => {}
        }
        Ok(())
    };
    let read = match &input {
        Input::Csv {
            bytes, delimiter, ..
        } => super::table::csv(bytes, *delimiter, &|_| {}, &mut visit),
        Input::Sheet(found) => super::table::sheet(found, &mut visit),
        Input::Json { .. } => {
            return Err("a dealdeck JSON export needs no mapping; import it as it is".into());
        }
    };
    read.map_err(|e| match e {
        ImportError::File(why) => why,
        other => other.to_string(),
    })?;
    let header = header.ok_or("the file has no header row")?;
    Ok(super::mapping::suggest(&header, &values))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_mistake_is_listed_twenty_times_then_counted() {
        let mut errors: Vec<RowError> = (2..479)
            .map(|line| RowError {
                line,
                column: "Amount".into(),
                reason: "amount 'twelve' is not a number".into(),
            })
            .collect();
        errors.push(RowError {
            line: 480,
            column: "Stage".into(),
            reason: "other".into(),
        });
        let lines = summarised(&errors);
        assert_eq!(lines.len(), 22);
        assert_eq!(
            lines[0],
            "line 2, column Amount: amount 'twelve' is not a number"
        );
        assert_eq!(lines[20], "line 480, column Stage: other");
        assert_eq!(
            lines[21],
            "… and 457 more rows: column Amount: amount 'twelve' is not a number"
        );
    }
}
