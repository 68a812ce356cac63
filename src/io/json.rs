//! dealdeck's own JSON export read as a table: its pipeline definitions first, then one row
//! per deal with the CSV's columns. Both shapes are read: `{"pipelines": [...], "deals":
//! [...]}` (what `export --format json` writes) and a bare list of deals (older exports).

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::domain::PipelineDef;

use super::import::ImportError;
use super::input::Bytes;
use super::sniff::LineLimit;
use super::table::{Event, Visit};
use super::{Header, RowError};

/// Hands each deal of a JSON list to the visit as a row, numbering them from 1.
struct Deals<'x, 'v> {
    visit: &'x mut Visit<'v>,
    failure: &'x mut Option<ImportError>,
}

impl<'de> DeserializeSeed<'de> for Deals<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Deals<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON list of deals")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if self.failure.is_some() {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(());
        }
        let header = Header::new(
            super::native::COLUMNS
                .iter()
                .map(|(label, _)| label.to_string()),
        );
        if let Err(e) = (self.visit)(Event::Header(header)) {
            *self.failure = Some(e);
            return Ok(());
        }
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
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                return Ok(());
            }
        }
        Ok(())
    }
}

/// The whole file: a list of deals, or the object with pipelines and deals.
struct Export<'x, 'v> {
    visit: &'x mut Visit<'v>,
    failure: &'x mut Option<ImportError>,
}

impl<'de> Visitor<'de> for Export<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a dealdeck JSON export")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        Deals {
            visit: self.visit,
            failure: self.failure,
        }
        .visit_seq(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut deals_seen = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "pipelines" => {
                    let defs: Vec<PipelineDef> = map.next_value()?;
                    if self.failure.is_none()
                        && let Err(e) = (self.visit)(Event::Pipelines(defs))
                    {
                        *self.failure = Some(e);
                    }
                }
                "deals" => {
                    deals_seen = true;
                    map.next_value_seed(Deals {
                        visit: &mut *self.visit,
                        failure: &mut *self.failure,
                    })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !deals_seen {
            return Err(serde::de::Error::custom(
                "the JSON object has no \"deals\" list; is it a dealdeck export?",
            ));
        }
        Ok(())
    }
}

pub fn read(bytes: &Bytes, visit: &mut Visit<'_>) -> Result<(), ImportError> {
    let reader = bytes
        .reader()
        .map_err(|e| ImportError::File(format!("cannot read the file: {e}")))?;
    let mut failure = None;
    let mut deserializer =
        serde_json::Deserializer::from_reader(LineLimit::new(std::io::BufReader::new(reader)));
    deserializer
        .deserialize_any(Export {
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
