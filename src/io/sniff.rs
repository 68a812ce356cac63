//! Looking at the start of an import file before trusting it: empty or binary files, a UTF-8
//! BOM, JSON or CSV, and which delimiter (`,` `;` tab) the CSV uses. Also the reader guard
//! that keeps memory bounded on hostile files.

use std::io::Read;

/// How much of the file is looked at to decide what it is.
pub const SAMPLE_BYTES: usize = 64 * 1024;
/// No record (a row, counting quoted newlines) may be longer than this.
pub const MAX_RECORD_BYTES: u64 = 4 * 1024 * 1024;
/// No single cell may be longer than this.
pub const MAX_FIELD_BYTES: usize = 1024 * 1024;
pub const MAX_COLUMNS: usize = 1000;

const BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Csv { delimiter: u8 },
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sniffed {
    pub shape: Shape,
    /// Bytes to skip at the start (the BOM).
    pub skip: usize,
}

/// Decides what `sample` (the first bytes of a file) is, or says why it cannot be imported.
pub fn sniff(sample: &[u8]) -> Result<Sniffed, String> {
    let skip = if sample.starts_with(BOM) {
        BOM.len()
    } else {
        0
    };
    let body = &sample[skip..];
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err("the file is empty; there is nothing to import".into());
    }
    if body.contains(&0) {
        return Err("the file is binary (it contains NUL bytes), not a CSV or JSON export".into());
    }
    if let Err(e) = std::str::from_utf8(body) {
        // A character cut off by the end of the sample is fine; anything else is not text.
        if e.error_len().is_some() {
            return Err(format!(
                "the file is not UTF-8 text (bad byte at offset {}); save it as CSV UTF-8 and try again",
                skip + e.valid_up_to()
            ));
        }
    }
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if matches!(first, Some(b'[')) {
        return Ok(Sniffed {
            shape: Shape::Json,
            skip,
        });
    }
    Ok(Sniffed {
        shape: Shape::Csv {
            delimiter: delimiter(body),
        },
        skip,
    })
}

/// The delimiter that occurs most often outside quotes on the first line; `,` on a tie.
fn delimiter(body: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let candidates = [b',', b';', b'\t'];
    let mut quoted = false;
    for &byte in body {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = candidates.iter().position(|c| *c == byte) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for i in 1..candidates.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

/// Passes bytes through to the CSV parser while following its quoting, so a record that
/// never ends (a 100 MB line, a quote that is never closed) fails fast instead of filling
/// memory, and an unterminated quote at the end is reported rather than silently accepted.
pub struct GuardedReader<R> {
    inner: R,
    delimiter: u8,
    quoted: bool,
    just_closed: bool,
    at_field_start: bool,
    record_bytes: u64,
    line: u64,
    quote_line: u64,
    /// Bytes read so far, for the progress bar.
    pub consumed: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> GuardedReader<R> {
    pub fn new(inner: R, delimiter: u8) -> Self {
        GuardedReader {
            inner,
            delimiter,
            quoted: false,
            just_closed: false,
            at_field_start: true,
            record_bytes: 0,
            line: 1,
            quote_line: 1,
            consumed: std::rc::Rc::new(std::cell::Cell::new(0)),
        }
    }

    fn follow(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        for &byte in bytes {
            self.record_bytes += 1;
            if byte == b'\n' {
                self.line += 1;
            }
            if self.quoted {
                if byte == b'"' {
                    self.quoted = false;
                    self.just_closed = true;
                }
            } else {
                if byte == b'"' && (self.at_field_start || self.just_closed) {
                    self.quoted = true;
                    self.quote_line = self.line;
                }
                self.just_closed = false;
                self.at_field_start = byte == self.delimiter || byte == b'\n' || byte == b'\r';
                if byte == b'\n' {
                    self.record_bytes = 0;
                }
                if self.quoted {
                    self.at_field_start = false;
                }
            }
            if self.record_bytes > MAX_RECORD_BYTES {
                let why = if self.quoted {
                    format!(
                        "line {}: a quoted field runs on for more than {} MB; is a closing quote missing?",
                        self.quote_line,
                        MAX_RECORD_BYTES / (1024 * 1024)
                    )
                } else {
                    format!(
                        "line {}: a row is longer than {} MB; this does not look like a deal export",
                        self.line,
                        MAX_RECORD_BYTES / (1024 * 1024)
                    )
                };
                return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, why));
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for GuardedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && self.quoted {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "line {}: a quoted field is never closed (mismatched quotes)",
                    self.quote_line
                ),
            ));
        }
        self.follow(&buf[..n])?;
        self.consumed.set(self.consumed.get() + n as u64);
        Ok(n)
    }
}

/// Refuses a line longer than [`MAX_RECORD_BYTES`]: dealdeck's JSON export writes one deal
/// per line, so a longer one is not an export and would otherwise be read whole.
pub struct LineLimit<R> {
    inner: R,
    since_newline: u64,
    line: u64,
}

impl<R: Read> LineLimit<R> {
    pub fn new(inner: R) -> Self {
        LineLimit {
            inner,
            since_newline: 0,
            line: 1,
        }
    }
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &byte in &buf[..n] {
            if byte == b'\n' {
                self.line += 1;
                self.since_newline = 0;
            } else {
                self.since_newline += 1;
                if self.since_newline > MAX_RECORD_BYTES {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!(
                            "line {} is longer than {} MB; this does not look like a dealdeck JSON export",
                            self.line,
                            MAX_RECORD_BYTES / (1024 * 1024)
                        ),
                    ));
                }
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_delimiters_and_bom() {
        let found = sniff(b"\xEF\xBB\xBFa;b;c\n1;2;3\n").unwrap();
        assert_eq!(found.skip, 3);
        assert_eq!(found.shape, Shape::Csv { delimiter: b';' });
        let found = sniff(b"a\tb\n").unwrap();
        assert_eq!(found.shape, Shape::Csv { delimiter: b'\t' });
        let found = sniff(b"\"x;y\",b\n").unwrap();
        assert_eq!(found.shape, Shape::Csv { delimiter: b',' });
        assert_eq!(sniff(b"  [ {} ]").unwrap().shape, Shape::Json);
    }

    #[test]
    fn refuses_empty_and_binary() {
        assert!(sniff(b"").unwrap_err().contains("empty"));
        assert!(sniff(b"\xEF\xBB\xBF \n").unwrap_err().contains("empty"));
        assert!(sniff(b"PK\x03\x04\x00").unwrap_err().contains("binary"));
        assert!(sniff(b"\xff\xfe a").unwrap_err().contains("UTF-8"));
    }

    #[test]
    fn guard_reports_unclosed_quotes() {
        let mut reader = GuardedReader::new(&b"a,b\n\"x,y\n1,2\n"[..], b',');
        let mut out = Vec::new();
        let error = reader.read_to_end(&mut out).unwrap_err();
        assert!(error.to_string().contains("line 2"), "{error}");
    }

    #[test]
    fn guard_accepts_escaped_and_inner_quotes() {
        let text = b"a,b\n\"say \"\"hi\"\"\",5\" screen\n\"multi\nline\",x\n";
        let mut reader = GuardedReader::new(&text[..], b',');
        let mut out = Vec::new();
        reader.read_to_end(&mut out).unwrap();
        assert_eq!(out, text);
    }
}
