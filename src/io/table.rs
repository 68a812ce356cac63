//! Rows of a CSV file or a workbook sheet, as text cells with the line (or sheet row) a person
//! would look at. Typed workbook cells become the text an export would hold: dates as
//! `YYYY-MM-DD HH:MM:SS`, numbers in plain decimal with a dot.

use super::import::ImportError;
use super::input::{Bytes, Sheet};
use super::sniff::{GuardedReader, MAX_COLUMNS, MAX_FIELD_BYTES};
use super::{Header, RowError};

/// What reading a table yields, in order: the header once, then rows or unreadable rows.
pub enum Event<'a> {
    Header(Header),
    Row { line: u64, fields: &'a [String] },
    Bad(Vec<RowError>),
}

pub type Visit<'v> = dyn FnMut(Event<'_>) -> Result<(), ImportError> + 'v;

fn check_header(names: &[String]) -> Result<Header, ImportError> {
    if names.len() > MAX_COLUMNS {
        return Err(ImportError::File(format!(
            "the header has {} columns; at most {MAX_COLUMNS} are supported",
            names.len()
        )));
    }
    let header = Header::new(names.iter().cloned());
    if let Some((first, second)) = header.duplicate() {
        let name = |at: usize| super::cut(&header.names()[at - 1], 60);
        return Err(ImportError::File(format!(
            "the header has two columns named alike: column {first} ({:?}) and column {second} ({:?}); rename or remove one",
            name(first),
            name(second)
        )));
    }
    Ok(header)
}

fn utf8_fields(
    record: &csv::ByteRecord,
    line: u64,
    header: Option<&Header>,
    fields: &mut Vec<String>,
) -> Vec<RowError> {
    let mut errors = Vec::new();
    fields.clear();
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
    errors
}

/// Reads a CSV file; `progress` is told how many bytes were read now and then.
pub fn csv(
    bytes: &Bytes,
    delimiter: u8,
    progress: &dyn Fn(u64),
    visit: &mut Visit<'_>,
) -> Result<(), ImportError> {
    let source = bytes
        .reader()
        .map_err(|e| ImportError::File(format!("cannot read the file: {e}")))?;
    let guard = GuardedReader::new(
        std::io::BufReader::with_capacity(64 * 1024, source),
        delimiter,
    );
    let consumed = guard.consumed.clone();
    let lines = guard.lines.clone();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(guard);
    let mut record = csv::ByteRecord::new();
    let mut read = |record: &mut csv::ByteRecord| {
        reader.read_byte_record(record).map_err(|e| match e.kind() {
            csv::ErrorKind::Io(io) => ImportError::File(io.to_string()),
            _ => ImportError::File(e.to_string()),
        })
    };
    if !read(&mut record)? {
        return Err(ImportError::File(
            "the file is empty; there is nothing to import".into(),
        ));
    }
    let mut fields = Vec::new();
    let errors = utf8_fields(&record, 1, None, &mut fields);
    if !errors.is_empty() {
        let why: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        return Err(ImportError::File(why.join("; ")));
    }
    let header = check_header(&fields)?;
    let width = header.len();
    let header_for_cells = header.clone();
    visit(Event::Header(header))?;
    let mut count = 0u64;
    while read(&mut record)? {
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        if record.len() != width {
            visit(Event::Bad(vec![RowError {
                line,
                column: format!("{}", record.len().min(width) + 1),
                reason: format!(
                    "the row has {} cells but the header has {width}",
                    record.len()
                ),
            }]))?;
            continue;
        }
        let errors = utf8_fields(&record, line, Some(&header_for_cells), &mut fields);
        if !errors.is_empty() {
            visit(Event::Bad(errors))?;
            continue;
        }
        visit(Event::Row {
            line,
            fields: &fields,
        })?;
        count += 1;
        if count.is_multiple_of(1024) {
            progress(consumed.get());
        }
    }
    Ok(())
}

/// A typed cell as text; `Err` for a spreadsheet error value (`#N/A`, `#REF!`).
fn cell_text(cell: &calamine::Data) -> Result<String, String> {
    use calamine::Data;
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) => {
            if number.fract() == 0.0 && number.abs() < 1e15 {
                format!("{number:.0}")
            } else {
                // Shortest text that reads back as the same number, never an exponent.
                let text = number.to_string();
                if text.contains('e') {
                    format!("{number:.6}")
                } else {
                    text
                }
            }
        }
        Data::Bool(value) => value.to_string(),
        // A duration (time-in-stage columns) as whole seconds.
        Data::DateTime(moment) if moment.is_duration() => moment
            .as_duration()
            .map_or_else(String::new, |d| d.num_seconds().to_string()),
        Data::DateTime(moment) => match moment.as_datetime() {
            Some(naive) => naive.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => return Err(format!("date serial {} is out of range", moment.as_f64())),
        },
        Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Error(error) => return Err(format!("the cell holds the spreadsheet error {error}")),
    })
}

/// Reads a sheet: the first non-empty row is the header; lines are the sheet's row numbers.
pub fn sheet(sheet: &Sheet, visit: &mut Visit<'_>) -> Result<(), ImportError> {
    let first_row = sheet.range.start().map_or(0, |(row, _)| u64::from(row));
    let mut rows = sheet.range.rows().enumerate();
    let mut header: Option<Header> = None;
    let mut fields = Vec::new();
    for (index, row) in rows.by_ref() {
        let line = first_row + index as u64 + 1;
        let mut errors = Vec::new();
        fields.clear();
        for (i, cell) in row.iter().enumerate() {
            match cell_text(cell) {
                Ok(text) => fields.push(text),
                Err(reason) => {
                    errors.push(RowError {
                        line,
                        column: header
                            .as_ref()
                            .and_then(|h| h.names().get(i).cloned())
                            .unwrap_or_else(|| format!("{}", i + 1)),
                        reason,
                    });
                    fields.push(String::new());
                }
            }
        }
        if fields.iter().all(|f| f.trim().is_empty()) && errors.is_empty() {
            continue;
        }
        let Some(known) = &header else {
            if !errors.is_empty() {
                let why: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
                return Err(ImportError::File(why.join("; ")));
            }
            // Trailing blank header cells are the sheet's used range, not columns.
            while fields.last().is_some_and(|f| f.trim().is_empty()) {
                fields.pop();
            }
            let found = check_header(&fields)?;
            header = Some(found.clone());
            visit(Event::Header(found))?;
            continue;
        };
        if !errors.is_empty() {
            visit(Event::Bad(errors))?;
            continue;
        }
        fields.resize(known.len().max(fields.len()), String::new());
        if fields[known.len()..].iter().any(|f| !f.trim().is_empty()) {
            visit(Event::Bad(vec![RowError {
                line,
                column: format!("{}", known.len() + 1),
                reason: format!(
                    "the row has cells beyond the header's {} columns",
                    known.len()
                ),
            }]))?;
            continue;
        }
        fields.truncate(known.len());
        visit(Event::Row {
            line,
            fields: &fields,
        })?;
    }
    if header.is_none() {
        return Err(ImportError::File(format!(
            "sheet {:?} is empty; there is nothing to import",
            sheet.name
        )));
    }
    Ok(())
}
