//! dealdeck's own JSON export read as a table: one row per deal, with the CSV's columns.

use super::import::ImportError;
use super::input::Bytes;
use super::sniff::LineLimit;
use super::table::{Event, Visit};
use super::{Header, RowError};

pub fn read(bytes: &Bytes, visit: &mut Visit<'_>) -> Result<(), ImportError> {
    use serde::de::{Deserializer, SeqAccess, Visitor};
    struct Each<'x, 'v> {
        visit: &'x mut Visit<'v>,
        failure: &'x mut Option<ImportError>,
    }
    impl<'de> Visitor<'de> for Each<'_, '_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON list of deals")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let mut number = 0u64;
            while let Some(value) = seq.next_element::<serde_json::Value>()? {
                number += 1;
                let event = match super::native::json_cells(&value) {
                    Ok(fields) => (self.visit)(Event::Row {
                        line: number,
                        fields: &fields,
                    }),
                    Err(reason) => (self.visit)(Event::Bad(vec![RowError {
                        line: number,
                        column: "-".into(),
                        reason,
                    }])),
                };
                if let Err(e) = event {
                    *self.failure = Some(e);
                    return Ok(());
                }
            }
            Ok(())
        }
    }
    let header = Header::new(
        super::native::COLUMNS
            .iter()
            .map(|(label, _)| label.to_string()),
    );
    visit(Event::Header(header))?;
    let reader = bytes
        .reader()
        .map_err(|e| ImportError::File(format!("cannot read the file: {e}")))?;
    let mut failure = None;
    let mut deserializer =
        serde_json::Deserializer::from_reader(LineLimit::new(std::io::BufReader::new(reader)));
    deserializer
        .deserialize_seq(Each {
            visit,
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
