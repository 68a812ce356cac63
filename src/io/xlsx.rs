//! The Excel workbook export: a deals sheet with typed money and date cells and frozen
//! headers, an Activities and a Notes sheet, and a Blueprint sheet per pipeline with its stages and playbooks (seed 001, `io::blueprint`).

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::store::Repository;

use super::export::{ExportError, Layout, csv_header, for_each_deal, stage_dates};

pub(super) fn error(e: XlsxError) -> ExportError {
    ExportError::Xlsx(e)
}

pub(super) fn write_date(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    moment: Option<chrono::DateTime<chrono::Utc>>,
    format: &Format,
) -> Result<(), ExportError> {
    if let Some(moment) = moment {
        let date = ExcelDateTime::from_timestamp(moment.timestamp()).map_err(error)?;
        sheet
            .write_datetime_with_format(row, col, date, format)
            .map_err(error)?;
    }
    Ok(())
}

/// Writes the workbook to `path`; returns how many deals it holds. The deals sheet is
/// written in constant-memory mode: each row goes to a temporary file beside `path` as it is
/// read, so memory stays flat at any number of deals.
pub fn write_xlsx(store: &dyn Repository, path: &Path) -> Result<u64, ExportError> {
    store.at_one_snapshot(|store| {
        let layout = Layout::load(store)?;
        let mut workbook = Workbook::new();
        // Beside the output rather than in /tmp, which may be memory-backed.
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            workbook.set_tempdir(dir).map_err(error)?;
        }
        let count = write_deals(store, &layout, &mut workbook)?;
        super::xlsx_activities::write_activities(store, &mut workbook)?;
        super::xlsx_activities::write_notes(store, &mut workbook)?;
        write_blueprint(&layout, &mut workbook)?;
        workbook.save(path).map_err(error)?;
        Ok(count)
    })
}

fn write_deals(
    store: &dyn Repository,
    layout: &Layout,
    workbook: &mut Workbook,
) -> Result<u64, ExportError> {
    let bold = Format::new().set_bold();
    let stamp = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let money = Format::new().set_num_format("#,##0.00");

    let header = csv_header(layout);
    let stage_columns = layout.stage_columns();
    let sheet = workbook
        .add_worksheet_with_constant_memory()
        .map_err(error)?;
    sheet.set_name("Deals").map_err(error)?;
    // Column settings go first: a constant-memory sheet writes its rows as they come.
    sheet.set_column_width(1, 40).map_err(error)?;
    sheet.set_freeze_panes(1, 2).map_err(error)?;
    for (col, title) in header.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, title, &bold)
            .map_err(error)?;
    }
    let mut row = 0u32;
    for_each_deal(store, layout, |exported, deal, pipeline, visits| {
        row += 1;
        let cells = exported.cells()?;
        for (col, (cell, (_, field))) in cells.iter().zip(super::native::COLUMNS).enumerate() {
            let col = col as u16;
            match *field {
                "id" | "version" | "probability_override" | "from_lead" | "converted_to" => {
                    if let Ok(number) = cell.parse::<i64>() {
                        sheet.write_number(row, col, number as f64).map_err(error)?;
                    }
                }
                "amount" => {
                    // A spreadsheet cell is a double; amounts up to 10^12 with two decimals
                    // convert exactly to the displayed cents.
                    let number = rust_decimal::prelude::ToPrimitive::to_f64(&deal.amount)
                        .unwrap_or_default();
                    sheet
                        .write_number_with_format(row, col, number, &money)
                        .map_err(error)?;
                }
                "created_at" => write_date(sheet, row, col, Some(deal.created_at), &stamp)?,
                "closed_at" => write_date(sheet, row, col, deal.closed_at, &stamp)?,
                "archived_at" => write_date(sheet, row, col, deal.archived_at, &stamp)?,
                "updated_at" => write_date(sheet, row, col, Some(deal.updated_at), &stamp)?,
                "expected_close_date" => {
                    if let Some(date) = deal.expected_close_date {
                        use chrono::Datelike;
                        let date = ExcelDateTime::from_ymd(
                            date.year() as u16,
                            date.month() as u8,
                            date.day() as u8,
                        )
                        .map_err(error)?;
                        sheet
                            .write_datetime_with_format(row, col, date, &day)
                            .map_err(error)?;
                    }
                }
                _ if cell.is_empty() => {}
                _ => {
                    sheet.write_string(row, col, cell).map_err(error)?;
                }
            }
        }
        let mut col = cells.len() as u16;
        for (stage_pipeline, stage) in &stage_columns {
            let (entered, exited) = if stage_pipeline.id == pipeline.id {
                stage_dates(visits, stage.id)
            } else {
                (None, None)
            };
            write_date(sheet, row, col, entered, &stamp)?;
            write_date(sheet, row, col + 1, exited, &stamp)?;
            col += 2;
        }
        Ok(())
    })
}

/// One Blueprint sheet per pipeline, in the layout `pipeline blueprint` writes (and
/// `pipeline apply` reads back).
fn write_blueprint(layout: &Layout, workbook: &mut Workbook) -> Result<(), ExportError> {
    let mut taken: Vec<String> = ["Deals", "Activities", "Notes"].map(String::from).to_vec();
    for pipeline in &layout.pipelines {
        let name = super::blueprint::sheet_name(&pipeline.name, "Blueprint", &taken);
        let def = crate::domain::PipelineDef::of(pipeline);
        super::blueprint::add_sheet(workbook, &name, Some(&def)).map_err(ExportError::Blueprint)?;
        taken.push(name);
    }
    Ok(())
}
