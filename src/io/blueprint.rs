//! The Blueprint workbook of seed 001: one sheet per pipeline, a row per stage, the columns in
//! the seed's order of priority. `pipeline blueprint` and the export's Blueprint sheets write
//! it here; `blueprint_read` reads it back into pipeline definitions.

use std::path::Path;

use rust_xlsxwriter::{
    DataValidation, DataValidationRule, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

use crate::domain::{DataPoint, PipelineDef, StageDef};

/// The settings rows above the stages: column A names the setting, column B holds it.
pub const PIPELINE: &str = "Pipeline";
pub const CURRENCY: &str = "Currency";
pub const FACTOR: &str = "Expected days factor";

/// What marks a required data point in its cell: `Budget (required)`.
pub const REQUIRED: &str = " (required)";

/// Rows (0-based) of the layout: the settings, the note row, the header, then the stages.
const SETTINGS_ROWS: [&str; 3] = [PIPELINE, CURRENCY, FACTOR];
const NOTE_ROW: u32 = 4;
pub const HEADER_ROW: u32 = 5;

/// Excel's limit on the characters of one cell.
const CELL_CHARS: usize = 32_767;

/// The stage columns in the seed's order of priority, each with its header note.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Stage,
    Kind,
    Probability,
    Trigger,
    Responsibilities,
    Documents,
    DataPoints,
    Tasks,
    Communication,
    RotDays,
    ExpectedDays,
    TargetConversion,
}

pub const COLUMNS: [Column; 12] = [
    Column::Stage,
    Column::Kind,
    Column::Probability,
    Column::Trigger,
    Column::Responsibilities,
    Column::Documents,
    Column::DataPoints,
    Column::Tasks,
    Column::Communication,
    Column::RotDays,
    Column::ExpectedDays,
    Column::TargetConversion,
];

impl Column {
    pub fn title(self) -> &'static str {
        match self {
            Column::Stage => "Stage",
            Column::Kind => "Kind",
            Column::Probability => "Probability",
            Column::Trigger => "Trigger",
            Column::Responsibilities => "Responsibilities",
            Column::Documents => "Documents",
            Column::DataPoints => "Data points",
            Column::Tasks => "Tasks",
            Column::Communication => "Communication",
            Column::RotDays => "Rot days",
            Column::ExpectedDays => "Expected days",
            Column::TargetConversion => "Target conversion",
        }
    }

    /// The header note: what the column holds, in one sentence.
    pub fn note(self) -> &'static str {
        match self {
            Column::Stage => {
                "One row per stage in board order; each stage factual, inspectable and buyer-centred."
            }
            Column::Kind => {
                "open while the deal is worked, won or lost once it closes: exactly one won and at least one lost stage."
            }
            Column::Probability => {
                "The chance (0-100 %) that a deal in this stage is won; won is always 100, lost 0."
            }
            Column::Trigger => "The buyer's action that puts a deal in this stage.",
            Column::Responsibilities => "What the rep owns while the deal is in this stage.",
            Column::Documents => {
                "The documents that set expectations and formalise agreements in this stage."
            }
            Column::DataPoints => {
                "The information to collect for delivery; mark one (required) to make it a condition for entering the stage."
            }
            Column::Tasks => "The actions that must happen here to keep the deal moving.",
            Column::Communication => "How the buyer is contacted and kept informed in this stage.",
            Column::RotDays => "Optional: idle this many days and the deal is rotting.",
            Column::ExpectedDays => {
                "Optional: the days a deal should take here; else worked out from history."
            }
            Column::TargetConversion => {
                "Optional, open stages: the percent of deals leaving the stage that should advance."
            }
        }
    }

    pub fn is_list(self) -> bool {
        matches!(
            self,
            Column::Trigger
                | Column::Responsibilities
                | Column::Documents
                | Column::DataPoints
                | Column::Tasks
                | Column::Communication
        )
    }

    /// The column's position in the sheet (A = 0).
    pub fn index(self) -> u16 {
        COLUMNS.iter().position(|c| *c == self).unwrap_or(0) as u16
    }
}

/// A data point as its line in the cell.
pub fn data_point_line(point: &DataPoint) -> String {
    if point.required {
        format!("{}{REQUIRED}", point.name)
    } else {
        point.name.clone()
    }
}

/// A list as one cell, one item per line. A line break inside an item would split it on the
/// way back, so it becomes a space.
fn list_cell(items: impl Iterator<Item = String>) -> String {
    items
        .map(|item| item.replace("\r\n", " ").replace(['\n', '\r'], " "))
        .collect::<Vec<_>>()
        .join("\n")
}

fn list_text(stage: &StageDef, column: Column) -> String {
    let plain = |items: &[String]| list_cell(items.iter().cloned());
    match column {
        Column::Trigger => plain(&stage.trigger),
        Column::Responsibilities => plain(&stage.responsibilities),
        Column::Documents => plain(&stage.documents),
        Column::DataPoints => list_cell(stage.data_points.iter().map(data_point_line)),
        Column::Tasks => plain(&stage.tasks),
        Column::Communication => plain(&stage.communication),
        _ => String::new(),
    }
}

/// Why a blueprint cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum BlueprintWriteError {
    #[error(
        "stage {stage}: its {column} are {found} characters, more than a cell holds ({CELL_CHARS})"
    )]
    CellTooLong {
        stage: String,
        column: &'static str,
        found: usize,
    },
    #[error("cannot write the workbook: {0}")]
    Xlsx(#[from] XlsxError),
}

/// A sheet name Excel accepts for `name`, unlike any in `taken` (compared ignoring case).
pub fn sheet_name(name: &str, prefix: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_control() || "[]:*?/\\".contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim().trim_matches('\'').trim();
    let base = match (prefix, clean) {
        ("", "") => "Pipeline".to_string(),
        ("", _) if clean.eq_ignore_ascii_case("history") => format!("{clean} pipeline"),
        ("", _) => clean.to_string(),
        (_, "") => prefix.to_string(),
        _ => format!("{prefix} {clean}"),
    };
    let fits = |text: &str, room: usize| -> String {
        let mut out = String::new();
        for c in text.chars() {
            if out.encode_utf16().count() + c.len_utf16() > room {
                break;
            }
            out.push(c);
        }
        out.trim_end().trim_end_matches('\'').to_string()
    };
    let free = |candidate: &str| !taken.iter().any(|t| t.eq_ignore_ascii_case(candidate));
    let first = fits(&base, 31);
    if free(&first) {
        return first;
    }
    (2..)
        .map(|n| {
            let tail = format!(" ({n})");
            format!("{}{tail}", fits(&base, 31 - tail.len()))
        })
        .find(|candidate| free(candidate))
        .unwrap_or(first)
}

/// Adds a Blueprint sheet named `name` for `def`, or a blank one to fill in when `def` is
/// `None`. The one layout every blueprint has, the export's included.
pub fn add_sheet(
    workbook: &mut Workbook,
    name: &str,
    def: Option<&PipelineDef>,
) -> Result<(), BlueprintWriteError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(name)?;
    write_sheet(sheet, def)
}

fn write_sheet(
    sheet: &mut Worksheet,
    def: Option<&PipelineDef>,
) -> Result<(), BlueprintWriteError> {
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let note = Format::new()
        .set_italic()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_font_color(0x0059_5959);
    for (row, key) in SETTINGS_ROWS.iter().enumerate() {
        sheet.write_string_with_format(row as u32, 0, *key, &bold)?;
    }
    match def {
        Some(def) => {
            sheet.write_string(0, 1, &def.name)?;
            sheet.write_string(1, 1, &def.currency)?;
            sheet.write_number(2, 1, def.expected_days_factor)?;
        }
        None => {
            sheet.write_string(1, 1, "EUR")?;
            sheet.write_number(2, 1, 2.0)?;
        }
    }
    for column in COLUMNS {
        let col = column.index();
        sheet.write_string_with_format(NOTE_ROW, col, column.note(), &note)?;
        sheet.write_string_with_format(HEADER_ROW, col, column.title(), &bold)?;
        let width = if column.is_list() { 40 } else { 14 };
        sheet.set_column_width(col, if col == 0 { 28 } else { width })?;
    }
    sheet.set_row_height(NOTE_ROW, 75)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 1)?;
    let stages = def.map_or(&[][..], |d| d.stages.as_slice());
    for (offset, stage) in stages.iter().enumerate() {
        write_stage(sheet, HEADER_ROW + 1 + offset as u32, stage, &wrap)?;
    }
    validations(
        sheet,
        HEADER_ROW + 1,
        HEADER_ROW + 1 + stages.len() as u32 + 50,
    )?;
    Ok(())
}

fn write_stage(
    sheet: &mut Worksheet,
    row: u32,
    stage: &StageDef,
    wrap: &Format,
) -> Result<(), BlueprintWriteError> {
    for column in COLUMNS {
        let col = column.index();
        let number = match column {
            Column::Stage => {
                sheet.write_string_with_format(row, col, &stage.name, wrap)?;
                None
            }
            Column::Kind => {
                sheet.write_string_with_format(row, col, stage.kind.as_str(), wrap)?;
                None
            }
            Column::Probability => Some(f64::from(stage.effective_probability())),
            Column::RotDays => stage.rot_days.map(f64::from),
            Column::ExpectedDays => stage.expected_days,
            Column::TargetConversion => stage.target_conversion.map(f64::from),
            _ => {
                let text = list_text(stage, column);
                let found = text.chars().count();
                if found > CELL_CHARS {
                    return Err(BlueprintWriteError::CellTooLong {
                        stage: crate::domain::text::echo(&stage.name),
                        column: column.title(),
                        found,
                    });
                }
                if !text.is_empty() {
                    sheet.write_string_with_format(row, col, &text, wrap)?;
                }
                None
            }
        };
        if let Some(number) = number {
            sheet.write_number_with_format(row, col, number, wrap)?;
        }
    }
    Ok(())
}

/// Drop-downs and number checks where the stages go, so a spreadsheet catches a slip early.
fn validations(sheet: &mut Worksheet, first: u32, last: u32) -> Result<(), XlsxError> {
    let kinds = DataValidation::new()
        .allow_list_strings(&["open", "won", "lost"])?
        .set_error_message("Use open, won or lost.")?;
    let col = Column::Kind.index();
    sheet.add_data_validation(first, col, last, col, &kinds)?;
    for (column, low) in [
        (Column::Probability, 0),
        (Column::TargetConversion, 1),
        (Column::RotDays, 1),
    ] {
        let high = if column == Column::RotDays {
            100_000
        } else {
            100
        };
        let check = DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(low, high))
            .set_error_message(format!("Use a whole number from {low} to {high}."))?;
        let col = column.index();
        sheet.add_data_validation(first, col, last, col, &check)?;
    }
    Ok(())
}

/// Writes a workbook of one Blueprint sheet per pipeline, or a blank one to fill in.
pub fn write_workbook(defs: &[PipelineDef], path: &Path) -> Result<(), BlueprintWriteError> {
    let mut workbook = Workbook::new();
    let mut taken = Vec::new();
    if defs.is_empty() {
        add_sheet(&mut workbook, "Blueprint", None)?;
    }
    for def in defs {
        let name = sheet_name(&def.name, "", &taken);
        add_sheet(&mut workbook, &name, Some(def))?;
        taken.push(name);
    }
    workbook.save(path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_what_excel_accepts_and_unique() {
        assert_eq!(sheet_name("B2B", "", &[]), "B2B");
        assert_eq!(sheet_name("a/b:c", "", &[]), "a-b-c");
        assert_eq!(sheet_name("History", "", &[]), "History pipeline");
        assert_eq!(sheet_name("B2B", "Blueprint", &[]), "Blueprint B2B");
        let long = "x".repeat(40);
        assert_eq!(sheet_name(&long, "", &[]).len(), 31);
        let taken = vec![sheet_name(&long, "", &[])];
        let second = sheet_name(&long, "", &taken);
        assert!(second.ends_with(" (2)") && second.len() == 31, "{second}");
        assert_eq!(sheet_name("b2b", "", &["B2B".into()]), "b2b (2)");
        for name in ["B2B", "a/b:c", "History", &long, "'quoted'"] {
            rust_xlsxwriter::utility::check_sheet_name(&sheet_name(name, "", &[])).unwrap();
        }
    }

    #[test]
    fn a_line_break_inside_an_item_cannot_split_it() {
        let items = ["one\ntwo".to_string(), "three".to_string()];
        assert_eq!(list_cell(items.into_iter()), "one two\nthree");
    }
}
