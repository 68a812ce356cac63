//! Reading a Blueprint back: a workbook (`.xlsx`, `.xls`, `.ods`, every Blueprint sheet in
//! it) or a CSV file of the same layout (one pipeline), into pipeline definitions for
//! `pipeline apply`, with every bad cell reported at once.

use std::path::Path;

use super::blueprint_parse::{Cell, CellError, Grid, is_blueprint, parse};
use crate::domain::PipelineDef;

/// A Blueprint is a few pipelines of a few dozen stages; anything far larger is not one.
const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
const MAX_ROWS: usize = 10_000;
const MAX_COLUMNS: usize = 200;

/// What the file holds: its pipelines by sheet, and the sheets that are not Blueprints.
#[derive(Clone, Debug, PartialEq)]
pub struct Blueprints {
    pub pipelines: Vec<(String, PipelineDef)>,
    pub skipped: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum BlueprintError {
    /// The file as a whole cannot be read.
    #[error("{0}")]
    File(String),
    /// Every bad cell, one per line.
    #[error("{} cell(s) cannot be applied, so nothing was written:\n{}", .0.len(), lines(.0))]
    Cells(Vec<CellError>),
}

fn lines(errors: &[CellError]) -> String {
    let lines: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
    lines.join("\n")
}

/// Whether `path` names a file this module reads (by its extension).
pub fn is_spreadsheet(path: &Path) -> bool {
    matches!(
        extension(path).as_str(),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" | "csv"
    )
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Reads every Blueprint sheet of the file at `path`.
pub fn read(path: &Path) -> Result<Blueprints, BlueprintError> {
    let shown = path.display().to_string();
    let size = std::fs::metadata(path)
        .map_err(|e| BlueprintError::File(format!("cannot read {shown}: {e}")))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(BlueprintError::File(format!(
            "{shown} is {size} bytes; a Blueprint is at most {MAX_FILE_BYTES}"
        )));
    }
    let grids = if extension(path) == "csv" {
        let bytes = std::fs::read(path)
            .map_err(|e| BlueprintError::File(format!("cannot read {shown}: {e}")))?;
        let name = path
            .file_stem()
            .map_or_else(|| "CSV".to_string(), |s| s.to_string_lossy().into_owned());
        vec![csv_grid(&bytes, name).map_err(|e| BlueprintError::File(format!("{shown}: {e}")))?]
    } else {
        workbook_grids(path, &shown)?
    };
    from_grids(grids)
}

/// The pipelines of the Blueprint sheets among `grids`, or every reason they cannot be.
pub fn from_grids(grids: Vec<Grid>) -> Result<Blueprints, BlueprintError> {
    let mut found = Blueprints {
        pipelines: Vec::new(),
        skipped: Vec::new(),
    };
    let mut errors = Vec::new();
    for grid in grids {
        if !is_blueprint(&grid) {
            found.skipped.push(grid.name);
            continue;
        }
        match parse(&grid) {
            Err(mut bad) => errors.append(&mut bad),
            Ok(def) => {
                let same = |(_, d): &&(String, PipelineDef)| {
                    d.name.to_lowercase() == def.name.to_lowercase()
                };
                if let Some((sheet, _)) = found.pipelines.iter().find(same) {
                    errors.push(CellError {
                        sheet: grid.name.clone(),
                        row: Some(1),
                        column: Some(1),
                        reason: format!(
                            "pipeline {} is already described by sheet {}",
                            crate::domain::text::echo(&def.name),
                            crate::domain::text::echo(sheet)
                        ),
                    });
                } else {
                    found.pipelines.push((grid.name, def));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(BlueprintError::Cells(errors));
    }
    if found.pipelines.is_empty() {
        return Err(BlueprintError::File(format!(
            "no sheet is a Blueprint (sheets: {}); a Blueprint sheet has a {:?} row and a header row starting with {:?}",
            found.skipped.join(", "),
            super::blueprint::PIPELINE,
            super::blueprint::Column::Stage.title()
        )));
    }
    Ok(found)
}

fn workbook_grids(path: &Path, shown: &str) -> Result<Vec<Grid>, BlueprintError> {
    use calamine::Reader;
    let mut workbook = calamine::open_workbook_auto(path)
        .map_err(|e| BlueprintError::File(format!("{shown} cannot be read as a workbook: {e}")))?;
    let mut grids = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(|e| {
            BlueprintError::File(format!("cannot read sheet {name:?} of {shown}: {e}"))
        })?;
        grids.push(range_grid(&range, name).map_err(BlueprintError::File)?);
    }
    Ok(grids)
}

fn range_grid(range: &calamine::Range<calamine::Data>, name: String) -> Result<Grid, String> {
    let (top, left) = range.start().unwrap_or((0, 0));
    let (height, width) = range.get_size();
    let (top, left) = (top as usize, left as usize);
    if top + height > MAX_ROWS || left + width > MAX_COLUMNS {
        return Err(format!(
            "sheet {name:?} reaches row {} and column {}; a Blueprint has at most {MAX_ROWS} rows and {MAX_COLUMNS} columns",
            top + height,
            left + width
        ));
    }
    let mut rows = vec![Vec::new(); top];
    for row in range.rows() {
        let mut cells = vec![Cell::Empty; left];
        cells.extend(row.iter().map(cell));
        rows.push(cells);
    }
    Ok(Grid { name, rows })
}

fn cell(data: &calamine::Data) -> Cell {
    use calamine::Data;
    match data {
        Data::Empty => Cell::Empty,
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => {
            Cell::Text(text.clone())
        }
        Data::Float(number) => Cell::Number(*number),
        Data::Int(number) => Cell::Number(*number as f64),
        Data::Bool(value) => Cell::Text(value.to_string()),
        Data::DateTime(moment) => Cell::Bad(format!(
            "the cell holds a date (serial {}), not text or a number",
            moment.as_f64()
        )),
        Data::Error(error) => Cell::Bad(format!("the cell holds the spreadsheet error {error}")),
    }
}

/// A CSV file as one grid; the delimiter is what the first line uses (`,`, `;` or tab).
fn csv_grid(bytes: &[u8], name: String) -> Result<Grid, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |d: u8| first_line.iter().filter(|b| **b == d).count();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| count(*d))
        .filter(|d| count(*d) > 0)
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    // The reader skips blank lines; they are still rows of the sheet a person looks at.
    let mut next_line = 1;
    for record in reader.byte_records() {
        let record = record.map_err(|e| format!("cannot read the CSV: {e}"))?;
        let line = record.position().map_or(next_line, |p| p.line());
        if line > MAX_ROWS as u64 || record.len() > MAX_COLUMNS {
            return Err(format!(
                "a Blueprint has at most {MAX_ROWS} rows and {MAX_COLUMNS} columns"
            ));
        }
        for _ in next_line..line {
            rows.push(Vec::new());
        }
        let breaks: u64 = record
            .iter()
            .map(|f| f.iter().filter(|b| **b == b'\n').count() as u64)
            .sum();
        next_line = line + breaks + 1;
        rows.push(
            record
                .iter()
                .map(|field| match std::str::from_utf8(field) {
                    Ok("") => Cell::Empty,
                    Ok(text) => Cell::Text(text.to_string()),
                    Err(_) => Cell::Bad("the cell is not UTF-8 text".into()),
                })
                .collect(),
        );
    }
    Ok(Grid { name, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_with_semicolons_and_a_bom_reads_as_cells() {
        let grid = csv_grid(
            b"\xEF\xBB\xBFPipeline;Renewals\n\nStage;Kind\n\"Talk\";open\n",
            "r".into(),
        )
        .unwrap();
        assert_eq!(grid.rows[0][0], Cell::Text("Pipeline".into()));
        assert_eq!(grid.rows[3][0], Cell::Text("Talk".into()));
    }
}
