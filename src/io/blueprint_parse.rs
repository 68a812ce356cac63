//! One Blueprint sheet, as cells, into a pipeline definition: every bad cell is one error
//! naming its sheet, row and column, and all of them are collected before anything is applied.

use crate::domain::text::{check_name, echo};
use crate::domain::{Currency, DataPoint, PipelineDef, StageDef, StageKind};

use super::blueprint::{COLUMNS, CURRENCY, Column, FACTOR, PIPELINE, REQUIRED};

/// A cell as read from a workbook or a CSV file.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A spreadsheet error value or a cell that cannot be text (`#N/A`, not UTF-8).
    Bad(String),
}

impl Cell {
    fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, a number written the way a person would.
    fn text(&self) -> String {
        match self {
            Cell::Empty | Cell::Bad(_) => String::new(),
            Cell::Text(text) => text.clone(),
            Cell::Number(number) => number_text(*number),
        }
    }
}

pub fn number_text(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{number:.0}")
    } else {
        number.to_string()
    }
}

/// A sheet's cells by row, from row 1 and column A.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Grid {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

impl Grid {
    fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Cell::Empty)
    }

    fn key(&self, row: usize) -> String {
        self.cell(row, 0).text().trim().to_lowercase()
    }
}

/// One reason the file cannot be applied, where a person finds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellError {
    pub sheet: String,
    /// 1-based; `None` for the sheet as a whole.
    pub row: Option<usize>,
    /// 0-based; shown as a letter.
    pub column: Option<usize>,
    pub reason: String,
}

impl std::fmt::Display for CellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "sheet {}", echo(&self.sheet))?;
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(column) = self.column {
            write!(f, ", column {}", column_letter(column))?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// `A` for 0, `Z` for 25, `AA` for 26.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

struct Errors<'g> {
    sheet: &'g str,
    list: Vec<CellError>,
}

impl Errors<'_> {
    fn at(&mut self, row: usize, column: usize, reason: String) {
        self.list.push(CellError {
            sheet: self.sheet.to_string(),
            row: Some(row + 1),
            column: Some(column),
            reason,
        });
    }

    fn sheet(&mut self, reason: String) {
        self.list.push(CellError {
            sheet: self.sheet.to_string(),
            row: None,
            column: None,
            reason,
        });
    }
}

const SETTINGS: [&str; 3] = [PIPELINE, CURRENCY, FACTOR];

/// Whether a sheet is laid out as a Blueprint at all (others, such as an export's Deals
/// sheet, are skipped): a header row starting `Stage`, or a `Pipeline` setting.
pub fn is_blueprint(grid: &Grid) -> bool {
    (0..grid.rows.len()).any(|row| {
        let key = grid.key(row);
        key == "stage" || key == PIPELINE.to_lowercase()
    })
}

/// The sheet's pipeline, or every reason it cannot be one.
pub fn parse(grid: &Grid) -> Result<PipelineDef, Vec<CellError>> {
    let mut errors = Errors {
        sheet: &grid.name,
        list: Vec::new(),
    };
    let Some(header) = (0..grid.rows.len()).find(|&row| grid.key(row) == "stage") else {
        errors.sheet(format!(
            "no header row: the stages need a row whose first cell is {:?}, then {}",
            Column::Stage.title(),
            titles_list()
        ));
        return Err(errors.list);
    };
    let settings = read_settings(grid, header, &mut errors);
    let columns = read_header(grid, header, &mut errors);
    let mut stages: Vec<(usize, StageDef)> = Vec::new();
    // Every named row, read or not, so a second "Talk" is caught even when the first is bad.
    let mut names: Vec<(usize, String)> = Vec::new();
    if let Some(columns) = &columns {
        for row in header + 1..grid.rows.len() {
            let cells = &grid.rows[row];
            if cells.iter().all(Cell::is_empty) {
                continue;
            }
            for (col, cell) in cells.iter().enumerate() {
                if !cell.is_empty() && !columns.iter().any(|(c, _)| *c == col) {
                    errors.at(
                        row,
                        col,
                        "this cell is in a column without a header; add the header or clear it"
                            .into(),
                    );
                }
            }
            if let Some(stage) = read_stage(grid, row, columns, &mut names, &mut errors) {
                stages.push((row, stage));
            }
        }
    }
    if columns.is_some() && errors.list.is_empty() {
        check_kinds(&stages, &mut errors);
    }
    let (Some((name, currency, factor)), true) = (settings, errors.list.is_empty()) else {
        return Err(errors.list);
    };
    let def = PipelineDef {
        name,
        currency,
        expected_days_factor: factor,
        stages: stages.into_iter().map(|(_, s)| s).collect(),
        // Not a Blueprint column: `pipeline apply` keeps the pipeline's own.
        converts_to: None,
    };
    // Every rule was checked cell by cell above; this catches any the cells cannot show.
    def.validate().map_err(|e| {
        vec![CellError {
            sheet: grid.name.clone(),
            row: None,
            column: None,
            reason: e.to_string(),
        }]
    })?;
    Ok(def)
}

fn titles_list() -> String {
    let titles: Vec<&str> = COLUMNS.iter().map(|c| c.title()).collect();
    titles.join(", ")
}

/// The settings above the header: `(name, currency, factor)`.
fn read_settings(
    grid: &Grid,
    header: usize,
    errors: &mut Errors<'_>,
) -> Option<(String, String, f64)> {
    let mut found: [Option<usize>; 3] = [None; 3];
    for row in 0..header {
        let key = grid.key(row);
        match SETTINGS.iter().position(|s| s.to_lowercase() == key) {
            Some(index) => {
                if let Some(first) = found[index] {
                    errors.at(
                        row,
                        0,
                        format!("{} is already set on row {}", SETTINGS[index], first + 1),
                    );
                } else {
                    found[index] = Some(row);
                }
            }
            // The row right above the header holds the column notes.
            None if row + 1 == header => {}
            None if grid.rows[row].iter().all(Cell::is_empty) => {}
            None => errors.at(
                row,
                0,
                format!(
                    "{} is not a setting; above the header go {PIPELINE}, {CURRENCY} and {FACTOR} (and the notes, right above it)",
                    echo(grid.cell(row, 0).text().trim())
                ),
            ),
        }
    }
    let value = |index: usize| found[index].map(|row| (row, grid.cell(row, 1)));
    let name = match value(0) {
        None => {
            errors.sheet(format!(
                "no {PIPELINE} row: put {PIPELINE:?} in column A above the header and the pipeline's name beside it"
            ));
            None
        }
        Some((row, cell)) => bad_cell(cell, row, 1, errors).and_then(|()| {
            let name = cell.text().trim().to_string();
            match check_name(&name) {
                Ok(()) => Some(name),
                Err(e) => {
                    errors.at(row, 1, format!("pipeline name: {e}"));
                    None
                }
            }
        }),
    };
    let currency = match value(1) {
        None => Some("EUR".to_string()),
        Some((_, cell)) if cell.is_empty() => Some("EUR".to_string()),
        Some((row, cell)) => bad_cell(cell, row, 1, errors).and_then(|()| {
            let text = cell.text();
            match text.parse::<Currency>() {
                Ok(currency) => Some(currency.code().to_string()),
                Err(e) => {
                    errors.at(row, 1, e.to_string());
                    None
                }
            }
        }),
    };
    let factor = match value(2) {
        None => Some(2.0),
        Some((_, cell)) if cell.is_empty() => Some(2.0),
        Some((row, cell)) => {
            let parsed = number(cell, FACTOR).and_then(|n| {
                (n.is_finite() && n > 0.0)
                    .then_some(n)
                    .ok_or_else(|| format!("{FACTOR} {} must be more than zero", number_text(n)))
            });
            parsed.map_err(|reason| errors.at(row, 1, reason)).ok()
        }
    };
    Some((name?, currency?, factor?))
}

fn bad_cell(cell: &Cell, row: usize, col: usize, errors: &mut Errors<'_>) -> Option<()> {
    match cell {
        Cell::Bad(reason) => {
            errors.at(row, col, reason.clone());
            None
        }
        _ => Some(()),
    }
}

/// The header's columns: `(sheet column, Column)`; `None` when it cannot be read.
fn read_header(
    grid: &Grid,
    header: usize,
    errors: &mut Errors<'_>,
) -> Option<Vec<(usize, Column)>> {
    let before = errors.list.len();
    let mut columns: Vec<(usize, Column)> = Vec::new();
    for (col, cell) in grid.rows[header].iter().enumerate() {
        if cell.is_empty() {
            continue;
        }
        let title = cell.text().trim().to_lowercase();
        match COLUMNS.iter().find(|c| c.title().to_lowercase() == title) {
            None => errors.at(
                header,
                col,
                format!(
                    "{} is not a Blueprint column; the columns are {}",
                    echo(cell.text().trim()),
                    titles_list()
                ),
            ),
            Some(column) => match columns.iter().find(|(_, c)| c == column) {
                Some((first, _)) => errors.at(
                    header,
                    col,
                    format!(
                        "{} is already column {}",
                        column.title(),
                        column_letter(*first)
                    ),
                ),
                None => columns.push((col, *column)),
            },
        }
    }
    if !columns.iter().any(|(_, c)| *c == Column::Kind) {
        errors.at(
            header,
            grid.rows[header].len(),
            "the header has no Kind column; every stage needs its kind (open, won or lost)".into(),
        );
    }
    (errors.list.len() == before).then_some(columns)
}

/// A number from a cell: a number cell, or text such as `20`, `20 %` or `1,5`.
fn number(cell: &Cell, what: &str) -> Result<f64, String> {
    match cell {
        Cell::Number(n) => Ok(*n),
        Cell::Bad(reason) => Err(reason.clone()),
        Cell::Empty => Err(format!("{what} is empty")),
        Cell::Text(text) => {
            let trimmed = text.trim().trim_end_matches('%').trim();
            let plain = if trimmed.contains('.') {
                trimmed.to_string()
            } else {
                trimmed.replace(',', ".")
            };
            plain
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .ok_or_else(|| format!("{what} {} is not a number", echo(text.trim())))
        }
    }
}

/// A whole number from `low` to `high`.
fn whole(cell: &Cell, what: &str, low: u32, high: u32, unit: &str) -> Result<u32, String> {
    let n = number(cell, what)?;
    if n.fract() != 0.0 || n < f64::from(low) || n > f64::from(high) {
        return Err(format!(
            "{what} {} is not allowed; use a whole number from {low} to {high}{unit}",
            number_text(n)
        ));
    }
    Ok(n as u32)
}

fn list(cell: &Cell) -> Vec<String> {
    cell.text()
        .replace("\r\n", "\n")
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect()
}

fn data_point(line: String) -> DataPoint {
    let marker = REQUIRED.trim();
    let cut = line.len().saturating_sub(marker.len());
    if line.is_char_boundary(cut) && line[cut..].eq_ignore_ascii_case(marker) {
        let name = line[..cut].trim_end().to_string();
        if !name.is_empty() {
            return DataPoint {
                name,
                required: true,
            };
        }
    }
    DataPoint {
        name: line,
        required: false,
    }
}

fn read_stage(
    grid: &Grid,
    row: usize,
    columns: &[(usize, Column)],
    earlier: &mut Vec<(usize, String)>,
    errors: &mut Errors<'_>,
) -> Option<StageDef> {
    let before = errors.list.len();
    let at = |column: Column| columns.iter().find(|(_, c)| *c == column).map(|(i, _)| *i);
    let cell = |column: Column| at(column).map_or(&Cell::Empty, |col| grid.cell(row, col));
    for (col, column) in columns {
        if let Cell::Bad(reason) = grid.cell(row, *col) {
            errors.at(row, *col, format!("{}: {reason}", column.title()));
        }
    }
    let mut fail = |column: Column, reason: String| {
        let col = at(column).unwrap_or(0);
        errors.at(row, col, reason);
    };
    let mut fail_bad = |column: Column, reason: String| {
        if !matches!(cell(column), Cell::Bad(_)) {
            fail(column, reason);
        }
    };
    let name = cell(Column::Stage).text().trim().to_string();
    match check_name(&name) {
        Err(e) => fail_bad(Column::Stage, format!("stage name: {e}")),
        Ok(()) => {
            let key = name.to_lowercase();
            match earlier.iter().find(|(_, seen)| *seen == key) {
                Some((first, _)) => fail_bad(
                    Column::Stage,
                    format!("stage {} is already on row {}", echo(&name), first + 1),
                ),
                None => earlier.push((row, key)),
            }
        }
    }
    let kind_text = cell(Column::Kind).text();
    let kind = StageKind::parse(&kind_text);
    if kind.is_none() {
        let reason = if kind_text.trim().is_empty() {
            "Kind is empty; use open, won or lost".to_string()
        } else {
            format!("Kind {} is not open, won or lost", echo(kind_text.trim()))
        };
        fail_bad(Column::Kind, reason);
    }
    let optional = |column: Column| (!cell(column).is_empty()).then(|| cell(column));
    let probability = match (kind, optional(Column::Probability)) {
        (_, None) => {
            if kind == Some(StageKind::Open) {
                fail_bad(
                    Column::Probability,
                    "Probability is empty; an open stage needs one (0 to 100)".into(),
                );
            }
            None
        }
        (kind, Some(value)) => match whole(value, "Probability", 0, 100, " (percent)") {
            Err(reason) => {
                fail_bad(Column::Probability, reason);
                None
            }
            Ok(p) => {
                let p = p as u8;
                let rule = match kind {
                    Some(StageKind::Won) if p != 100 => Some("a won stage is always 100"),
                    Some(StageKind::Lost) if p != 0 => Some("a lost stage is always 0"),
                    _ => None,
                };
                if let Some(rule) = rule {
                    fail_bad(
                        Column::Probability,
                        format!("Probability {p} is not allowed; {rule}"),
                    );
                }
                Some(p)
            }
        },
    };
    let rot_days = optional(Column::RotDays).and_then(|value| {
        whole(value, "Rot days", 1, u32::MAX, "")
            .map_err(|reason| fail_bad(Column::RotDays, reason))
            .ok()
    });
    let expected_days = optional(Column::ExpectedDays).and_then(|value| {
        number(value, "Expected days")
            .and_then(|n| {
                (n > 0.0).then_some(n).ok_or_else(|| {
                    format!("Expected days {} must be more than zero", number_text(n))
                })
            })
            .map_err(|reason| fail_bad(Column::ExpectedDays, reason))
            .ok()
    });
    let target_conversion = optional(Column::TargetConversion).and_then(|value| {
        if kind.is_some_and(StageKind::is_closed) {
            fail_bad(
                Column::TargetConversion,
                "Target conversion is for open stages only; a won or lost stage has no conversion"
                    .into(),
            );
            return None;
        }
        whole(value, "Target conversion", 1, 100, " (percent)")
            .map_err(|reason| fail_bad(Column::TargetConversion, reason))
            .ok()
            .map(|t| t as u8)
    });
    if errors.list.len() != before {
        return None;
    }
    Some(StageDef {
        name,
        kind: kind?,
        probability,
        rot_days,
        expected_days,
        target_conversion,
        trigger: list(cell(Column::Trigger)),
        responsibilities: list(cell(Column::Responsibilities)),
        documents: list(cell(Column::Documents)),
        data_points: list(cell(Column::DataPoints))
            .into_iter()
            .map(data_point)
            .collect(),
        tasks: list(cell(Column::Tasks)),
        communication: list(cell(Column::Communication)),
    })
}

/// The pipeline's shape: stages, one won, at least one lost, at least one open.
fn check_kinds(stages: &[(usize, StageDef)], errors: &mut Errors<'_>) {
    let rows = |kind: StageKind| -> Vec<String> {
        stages
            .iter()
            .filter(|(_, s)| s.kind == kind)
            .map(|(row, _)| (row + 1).to_string())
            .collect()
    };
    if stages.is_empty() {
        errors.sheet("the sheet has no stages: add a row per stage under the header".into());
        return;
    }
    let won = rows(StageKind::Won);
    if won.len() != 1 {
        let found = if won.is_empty() {
            "none".to_string()
        } else {
            format!("rows {}", won.join(", "))
        };
        errors.sheet(format!(
            "the pipeline needs exactly one won stage (found {found})"
        ));
    }
    if rows(StageKind::Lost).is_empty() {
        errors.sheet("the pipeline needs at least one lost stage".into());
    }
    if rows(StageKind::Open).is_empty() {
        errors.sheet("the pipeline needs at least one open stage for deals to start in".into());
    }
}

#[cfg(test)]
#[path = "blueprint_parse_tests.rs"]
mod tests;
