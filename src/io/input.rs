//! Opening what `import` is given (a path, or `-` for standard input) and deciding what it
//! is: a workbook (`.xlsx`, `.xls`, `.ods`, by content, not name), dealdeck's JSON, or CSV in
//! UTF-8, UTF-16 with a byte-order mark, or a legacy single-byte code page such as
//! Windows-1252, which is decoded to UTF-8 before parsing.

use std::fs::File;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use super::sniff::{SAMPLE_BYTES, Shape, sniff};

/// Where the (UTF-8) bytes of a CSV or JSON file are read from; both can be read twice.
#[derive(Debug)]
pub enum Bytes {
    /// A UTF-8 file streamed from disk, `skip` bytes (the BOM) in.
    File { path: PathBuf, skip: u64 },
    /// Standard input, or a file decoded from another encoding.
    Memory(Vec<u8>),
}

impl Bytes {
    pub fn reader(&self) -> std::io::Result<Box<dyn Read + '_>> {
        match self {
            Bytes::File { path, skip } => {
                use std::io::{Seek, SeekFrom};
                let mut file = File::open(path)?;
                file.seek(SeekFrom::Start(*skip))?;
                Ok(Box::new(file))
            }
            Bytes::Memory(bytes) => Ok(Box::new(Cursor::new(bytes.as_slice()))),
        }
    }
}

/// A workbook's chosen sheet, read whole (calamine reads sheets whole anyway).
#[derive(Debug)]
pub struct Sheet {
    pub name: String,
    pub range: calamine::Range<calamine::Data>,
}

#[derive(Debug)]
pub enum Input {
    Csv {
        bytes: Bytes,
        delimiter: u8,
        total: u64,
    },
    Json {
        bytes: Bytes,
    },
    Sheet(Sheet),
}

/// What was opened, for the summary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Opened {
    /// `UTF-8`, `UTF-16LE`, `windows-1252`, … (`None` for workbooks).
    pub encoding: Option<String>,
    pub sheet: Option<String>,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

fn is_workbook(sample: &[u8]) -> bool {
    // Zip (xlsx, ods) or OLE compound file (xls).
    sample.starts_with(b"PK\x03\x04") || sample.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}

/// Opens `path` (`-` is standard input), choosing `sheet` in a workbook when given.
pub fn open(path: &Path, sheet: Option<&str>) -> Result<(Input, Opened), String> {
    let stdin = path.as_os_str() == "-";
    let shown = if stdin {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    let cannot = |e: std::io::Error| format!("cannot read {shown}: {e}");
    let (sample, whole) = if stdin {
        let mut all = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut all)
            .map_err(cannot)?;
        (Vec::new(), Some(all))
    } else {
        let mut sample = Vec::with_capacity(SAMPLE_BYTES);
        File::open(path)
            .map_err(cannot)?
            .take(SAMPLE_BYTES as u64)
            .read_to_end(&mut sample)
            .map_err(cannot)?;
        (sample, None)
    };
    let head: Vec<u8> = {
        let all = whole.as_deref().unwrap_or(&sample);
        all[..all.len().min(SAMPLE_BYTES)].to_vec()
    };
    let head = head.as_slice();
    if is_workbook(head) {
        let bytes = match whole {
            Some(all) => all,
            None => std::fs::read(path).map_err(cannot)?,
        };
        let sheet = open_sheet(bytes, sheet, &shown)?;
        let opened = Opened {
            encoding: None,
            sheet: Some(sheet.name.clone()),
        };
        return Ok((Input::Sheet(sheet), opened));
    }
    if sheet.is_some() {
        return Err(format!(
            "--sheet is for workbooks, and {shown} is not one (it is read as CSV or JSON)"
        ));
    }
    let (bytes, encoding) = match decoding(head) {
        Decoding::Utf8 { skip } => match whole {
            Some(mut all) => {
                all.drain(..skip);
                (Bytes::Memory(all), "UTF-8")
            }
            None => (
                Bytes::File {
                    path: path.to_path_buf(),
                    skip: skip as u64,
                },
                "UTF-8",
            ),
        },
        Decoding::Other(encoding) => {
            let raw = match whole {
                Some(all) => all,
                None => std::fs::read(path).map_err(cannot)?,
            };
            // `decode` takes off a matching BOM; unmappable bytes cannot occur in the
            // single-byte pages chardetng names, and UTF-16 errors become U+FFFD.
            let (text, _, _) = encoding.decode(&raw);
            (
                Bytes::Memory(text.into_owned().into_bytes()),
                encoding.name(),
            )
        }
    };
    let total = match &bytes {
        Bytes::File { path, skip } => std::fs::metadata(path)
            .map(|m| m.len().saturating_sub(*skip))
            .unwrap_or(0),
        Bytes::Memory(all) => all.len() as u64,
    };
    let decoded_head: Vec<u8> = match &bytes {
        Bytes::File { skip, .. } => head[(*skip as usize).min(head.len())..].to_vec(),
        Bytes::Memory(all) => all[..all.len().min(SAMPLE_BYTES)].to_vec(),
    };
    let sniffed = sniff(&decoded_head)?;
    let opened = Opened {
        encoding: Some(encoding.to_string()),
        sheet: None,
    };
    let input = match sniffed.shape {
        Shape::Json => Input::Json { bytes },
        Shape::Csv { delimiter } => Input::Csv {
            bytes,
            delimiter,
            total,
        },
    };
    Ok((input, opened))
}

enum Decoding {
    Utf8 { skip: usize },
    Other(&'static encoding_rs::Encoding),
}

/// UTF-8 (with or without BOM) when the start is valid UTF-8; UTF-16 by its BOM; otherwise
/// the legacy encoding chardetng finds likeliest (Windows-1252 for Western European text).
fn decoding(head: &[u8]) -> Decoding {
    if head.starts_with(UTF8_BOM) {
        return Decoding::Utf8 {
            skip: UTF8_BOM.len(),
        };
    }
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(head) {
        return Decoding::Other(encoding);
    }
    let valid = match std::str::from_utf8(head) {
        Ok(_) => true,
        // A character cut off by the end of the sample is still UTF-8.
        Err(e) => e.error_len().is_none(),
    };
    if valid || head.contains(&0) {
        // NUL bytes without a BOM: binary, which sniffing refuses with its own message.
        return Decoding::Utf8 { skip: 0 };
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(head, head.len() < SAMPLE_BYTES);
    Decoding::Other(detector.guess(None, chardetng::Utf8Detection::Allow))
}

fn open_sheet(bytes: Vec<u8>, wanted: Option<&str>, shown: &str) -> Result<Sheet, String> {
    use calamine::Reader;
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("{shown} looks like a workbook but cannot be read: {e}"))?;
    let names = workbook.sheet_names();
    if let Some(wanted) = wanted {
        let Some(name) = names.iter().find(|n| n.eq_ignore_ascii_case(wanted.trim())) else {
            return Err(format!(
                "{shown} has no sheet named {:?}; its sheets are {}",
                super::cut(wanted, 60),
                names.join(", ")
            ));
        };
        let range = workbook
            .worksheet_range(name)
            .map_err(|e| format!("cannot read sheet {name:?} of {shown}: {e}"))?;
        return Ok(Sheet {
            name: name.clone(),
            range,
        });
    }
    for name in &names {
        let Ok(range) = workbook.worksheet_range(name) else {
            continue;
        };
        if has_header(&range) {
            return Ok(Sheet {
                name: name.clone(),
                range,
            });
        }
    }
    Err(format!(
        "no sheet of {shown} starts with a header row (sheets: {}); pass --sheet NAME",
        names.join(", ")
    ))
}

/// Whether the sheet's first non-empty row looks like a header: at least two text cells.
fn has_header(range: &calamine::Range<calamine::Data>) -> bool {
    range
        .rows()
        .find(|row| row.iter().any(|c| !matches!(c, calamine::Data::Empty)))
        .is_some_and(|row| {
            row.iter()
                .filter(|c| matches!(c, calamine::Data::String(s) if !s.trim().is_empty()))
                .count()
                >= 2
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodings_follow_bom_and_content() {
        assert!(matches!(decoding(b"a,b\n"), Decoding::Utf8 { skip: 0 }));
        assert!(matches!(
            decoding(b"\xEF\xBB\xBFa"),
            Decoding::Utf8 { skip: 3 }
        ));
        assert!(
            matches!(decoding(b"\xFF\xFEa\0"), Decoding::Other(e) if e == encoding_rs::UTF_16LE)
        );
        assert!(
            matches!(decoding(b"\xFE\xFF\0a"), Decoding::Other(e) if e == encoding_rs::UTF_16BE)
        );
        let dutch = b"Naam;Bedrag\nCaf\xe9 De Zw\xe4n;\x801.500\nZo\xeb;12\n";
        assert!(matches!(decoding(dutch), Decoding::Other(e) if e == encoding_rs::WINDOWS_1252));
    }
}
