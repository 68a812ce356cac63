//! The JSON shapes of PRODUCT.md §5, built from domain types.

use serde::Serialize;

use crate::domain::{Deal, Pipeline, StageVisit};

use super::error::{CliError, CliResult};

pub use crate::domain::dates::rfc3339;

#[derive(Debug, Serialize)]
pub struct DealJson {
    pub id: i64,
    pub title: String,
    pub pipeline: String,
    pub stage: String,
    pub status: &'static str,
    pub amount: String,
    pub currency: &'static str,
    pub organization: Option<String>,
    pub contact: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub owner: Option<String>,
    pub probability: u8,
    pub probability_override: Option<u8>,
    pub expected_close_date: Option<String>,
    pub source: Option<String>,
    pub qualification: Option<&'static str>,
    pub lost_reason: Option<String>,
    pub won_note: Option<String>,
    pub created_at: String,
    pub closed_at: Option<String>,
    pub archived: bool,
    pub archived_at: Option<String>,
    pub updated_at: String,
    /// Who made the last write; `null` when unknown.
    pub updated_by: Option<String>,
    pub version: i64,
    pub data_points: std::collections::BTreeMap<String, String>,
    /// The deal this lead was converted into, and the lead this deal came from (seed 004).
    pub converted_to: Option<i64>,
    pub from_lead: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<VisitJson>>,
}

#[derive(Debug, Serialize)]
pub struct VisitJson {
    pub stage: String,
    pub entered_at: String,
    pub exited_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Who moved the deal into the stage; `null` when unknown.
    pub by: Option<String>,
}

fn stage_name(pipeline: &Pipeline, id: crate::domain::StageId) -> String {
    pipeline
        .stage(id)
        .map_or_else(|| format!("#{}", id.0), |s| s.name.clone())
}

impl DealJson {
    pub fn new(deal: &Deal, pipeline: &Pipeline, history: Option<&[StageVisit]>) -> DealJson {
        let stage_probability = pipeline.stage(deal.stage_id).map_or(0, |s| s.probability);
        DealJson {
            id: deal.id.0,
            title: deal.title.clone(),
            pipeline: pipeline.name.clone(),
            stage: stage_name(pipeline, deal.stage_id),
            status: deal.status.as_str(),
            amount: deal.currency.format_plain(deal.amount),
            currency: deal.currency.code(),
            organization: deal.organization.clone(),
            contact: deal.contact.name.clone(),
            contact_email: deal.contact.email.clone(),
            contact_phone: deal.contact.phone.clone(),
            owner: deal.owner.clone(),
            probability: deal.effective_probability(stage_probability),
            probability_override: deal.probability_override,
            expected_close_date: deal
                .expected_close_date
                .map(|d| d.format("%Y-%m-%d").to_string()),
            source: deal.source.clone(),
            qualification: deal.qualification.map(|q| q.as_str()),
            lost_reason: deal.lost_reason.clone(),
            won_note: deal.won_note.clone(),
            created_at: rfc3339(deal.created_at),
            closed_at: deal.closed_at.map(rfc3339),
            archived: deal.is_archived(),
            archived_at: deal.archived_at.map(rfc3339),
            updated_at: rfc3339(deal.updated_at),
            updated_by: deal.updated_by.clone(),
            version: deal.version,
            data_points: deal.extra.clone(),
            converted_to: deal.converted_to.map(|id| id.0),
            from_lead: deal.from_lead.map(|id| id.0),
            history: history.map(|visits| {
                visits
                    .iter()
                    .map(|v| VisitJson {
                        stage: stage_name(pipeline, v.stage_id),
                        entered_at: rfc3339(v.entered_at),
                        exited_at: v.exited_at.map(rfc3339),
                        reason: v.reason.clone(),
                        by: v.by.clone(),
                    })
                    .collect()
            }),
        }
    }
}

/// Pretty JSON followed by a newline.
pub fn print<T: Serialize>(value: &T) -> CliResult {
    let text = serde_json::to_string_pretty(value).map_err(json_error)?;
    write_stdout(&format!("{}\n", terminal_safe(&text)))
}

/// serde escapes U+0000–001F in strings but writes DEL, the C1 controls (U+009B is a CSI to
/// some terminals), bidi and zero-width characters raw. Outside strings JSON text is ASCII
/// punctuation, so writing each of those as `\uXXXX` anywhere keeps the same JSON value.
pub fn terminal_safe(json: &str) -> std::borrow::Cow<'_, str> {
    use crate::domain::text::is_unsafe;
    if !json.chars().any(is_unsafe_in_json) {
        return std::borrow::Cow::Borrowed(json);
    }
    fn is_unsafe_in_json(ch: char) -> bool {
        is_unsafe(ch) && !matches!(ch, '\n' | '\t' | '\r')
    }
    let mut out = String::with_capacity(json.len() + 16);
    for ch in json.chars() {
        if is_unsafe_in_json(ch) {
            let mut units = [0u16; 2];
            for unit in ch.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(ch);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// serde_json's pretty layout, with the characters [`terminal_safe`] escapes written as
/// `\uXXXX` inside strings as they stream out (the same JSON value, inert on a terminal).
#[derive(Default)]
struct TerminalSafeFormatter(serde_json::ser::PrettyFormatter<'static>);

impl serde_json::ser::Formatter for TerminalSafeFormatter {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        writer.write_all(terminal_safe(fragment).as_bytes())
    }
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Prints a pretty JSON array to standard output element by element as `stream` hands them
/// over, then a newline: the same text as [`print`] of a `Vec`, without holding the elements.
pub fn print_array<T: Serialize>(
    stream: impl FnOnce(&mut dyn FnMut(&T) -> CliResult) -> CliResult,
) -> CliResult {
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    quiet_when_reader_left(write_array(out, stream))
}

/// [`print_array`] to any writer.
pub fn write_array<T: Serialize, W: std::io::Write>(
    mut out: W,
    stream: impl FnOnce(&mut dyn FnMut(&T) -> CliResult) -> CliResult,
) -> CliResult {
    use serde::ser::{SerializeSeq, Serializer};
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut out, TerminalSafeFormatter::default());
    let mut array = serializer.serialize_seq(None).map_err(json_error)?;
    stream(&mut |item| array.serialize_element(item).map_err(json_error))?;
    array.end().map_err(json_error)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

fn json_error(error: serde_json::Error) -> CliError {
    match error.io_error_kind() {
        Some(kind) => CliError::Io(std::io::Error::new(kind, error)),
        None => CliError::caused("cannot write JSON", error),
    }
}

/// A reader of standard output that went away (`| head`) got what it wanted: not an error.
pub fn quiet_when_reader_left(outcome: CliResult) -> CliResult {
    match outcome {
        Err(CliError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        outcome => outcome,
    }
}

/// Writes to standard output; a reader that went away (`| head`) is not an error.
pub fn write_stdout(text: &str) -> CliResult {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_streamed_array_is_the_text_of_the_pretty_printed_vec() {
        #[derive(Serialize)]
        struct Item {
            id: u32,
            tags: Vec<&'static str>,
        }
        for count in [0, 1, 3] {
            let items: Vec<Item> = (0..count)
                .map(|id| Item {
                    id,
                    tags: vec!["a", "b"],
                })
                .collect();
            let mut streamed = Vec::new();
            write_array(&mut streamed, |emit| items.iter().try_for_each(emit)).unwrap();
            let whole = serde_json::to_string_pretty(&items).unwrap() + "\n";
            assert_eq!(String::from_utf8(streamed).unwrap(), whole, "{count} items");
        }
    }

    #[test]
    fn json_reaches_the_terminal_inert_and_means_the_same() {
        let value = serde_json::json!({
            "k\u{1b}]52;c;x\u{7}": "a\u{9b}2J\u{7f}\u{202e}b\u{200b}\u{feff}\nc",
        });
        let text = serde_json::to_string_pretty(&value).unwrap();
        let safe = terminal_safe(&text);
        assert!(
            safe.chars()
                .all(|c| c.is_ascii() && (!c.is_control() || c == '\n')),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }
}
