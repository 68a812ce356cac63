//! The workbook's Activities and Notes sheets: one row per activity (planned and done) and
//! per note, with typed date cells, written in constant memory like the deals sheet.

use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::domain::Due;
use crate::store::Repository;

use super::export::ExportError;
use super::xlsx::{error, write_date};

/// The Activities sheet's header, in column order.
pub const ACTIVITY_TITLES: &[&str] = &[
    "Activity ID",
    "Deal ID",
    "Deal",
    "Kind",
    "Due",
    "Status",
    "Done At",
    "Note",
    "Outcome",
    "Created At",
    "By",
];

/// The Notes sheet's header, in column order.
pub const NOTE_TITLES: &[&str] = &["Note ID", "Deal ID", "Stage", "Created At", "Note"];

pub fn write_activities(
    store: &dyn Repository,
    workbook: &mut Workbook,
) -> Result<(), ExportError> {
    let bold = Format::new().set_bold();
    let stamp = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = workbook
        .add_worksheet_with_constant_memory()
        .map_err(error)?;
    sheet.set_name("Activities").map_err(error)?;
    sheet.set_column_width(2, 40).map_err(error)?;
    sheet.set_column_width(7, 40).map_err(error)?;
    sheet.set_column_width(8, 40).map_err(error)?;
    sheet.set_freeze_panes(1, 0).map_err(error)?;
    for (col, title) in ACTIVITY_TITLES.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, *title, &bold)
            .map_err(error)?;
    }
    let mut row = 0u32;
    store.for_each_activity(|activity, title| {
        row += 1;
        sheet
            .write_number(row, 0, activity.id.0 as f64)
            .map_err(error)?;
        sheet
            .write_number(row, 1, activity.deal_id.0 as f64)
            .map_err(error)?;
        sheet.write_string(row, 2, title).map_err(error)?;
        sheet
            .write_string(row, 3, activity.kind.label())
            .map_err(error)?;
        match activity.due {
            Due::Day(date) => {
                let date = ExcelDateTime::from_ymd(
                    date.year() as u16,
                    date.month() as u8,
                    date.day() as u8,
                )
                .map_err(error)?;
                sheet
                    .write_datetime_with_format(row, 4, date, &day)
                    .map_err(error)?;
            }
            Due::At(at) => write_date(sheet, row, 4, Some(at), &stamp)?,
        }
        let status = if activity.done_at.is_some() {
            "done"
        } else {
            "planned"
        };
        sheet.write_string(row, 5, status).map_err(error)?;
        write_date(sheet, row, 6, activity.done_at, &stamp)?;
        for (col, text) in [
            (7, &activity.note),
            (8, &activity.outcome),
            (10, &activity.by),
        ] {
            if let Some(text) = text {
                sheet.write_string(row, col, text).map_err(error)?;
            }
        }
        write_date(sheet, row, 9, Some(activity.created_at), &stamp)?;
        Ok::<_, ExportError>(())
    })
}

pub fn write_notes(store: &dyn Repository, workbook: &mut Workbook) -> Result<(), ExportError> {
    let bold = Format::new().set_bold();
    let stamp = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let sheet = workbook
        .add_worksheet_with_constant_memory()
        .map_err(error)?;
    sheet.set_name("Notes").map_err(error)?;
    sheet.set_column_width(4, 80).map_err(error)?;
    sheet.set_freeze_panes(1, 0).map_err(error)?;
    for (col, title) in NOTE_TITLES.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, *title, &bold)
            .map_err(error)?;
    }
    let mut row = 0u32;
    store.for_each_note(|note| {
        row += 1;
        sheet.write_number(row, 0, note.id as f64).map_err(error)?;
        sheet
            .write_number(row, 1, note.deal_id.0 as f64)
            .map_err(error)?;
        sheet.write_string(row, 2, &note.stage).map_err(error)?;
        write_date(sheet, row, 3, Some(note.created_at), &stamp)?;
        sheet.write_string(row, 4, &note.body).map_err(error)?;
        Ok::<_, ExportError>(())
    })
}
