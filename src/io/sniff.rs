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
    if matches!(first, Some(b'[' | b'{')) {
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
    /// Where the line feeds are, for line numbers an editor agrees with.
    pub lines: Lines,
}

/// Line numbers from byte offsets, counting line feeds only. The csv crate's own count is one
/// short on CRLF files (BurntSushi/rust-csv#395); byte offsets it gets right. The reader
/// notes every line feed as it passes and the importer asks for each record's start, in
/// order, so only the parser's read-ahead is ever held.
#[derive(Clone, Debug, Default)]
pub struct Lines(std::rc::Rc<std::cell::RefCell<LineState>>);

#[derive(Debug, Default)]
struct LineState {
    /// Offsets of line feeds not yet passed by a record start.
    ahead: std::collections::VecDeque<u64>,
    /// Line feeds before the last asked-for offset.
    passed: u64,
}

impl Lines {
    fn saw_newline(&self, offset: u64) {
        self.0.borrow_mut().ahead.push_back(offset);
    }

    /// The 1-based line of a record starting at `offset`; offsets must be asked for in order.
    pub fn line_at(&self, offset: u64) -> u64 {
        let mut state = self.0.borrow_mut();
        // With CRLF endings the parser starts the next record at the `\n` of the `\r\n`
        // that ended the last one, so a line feed at the offset itself is already passed.
        while state.ahead.front().is_some_and(|at| *at <= offset) {
            state.ahead.pop_front();
            state.passed += 1;
        }
        state.passed + 1
    }
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
            lines: Lines::default(),
        }
    }

    fn follow(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let start = self.consumed.get();
        for (at, &byte) in bytes.iter().enumerate() {
            self.record_bytes += 1;
            if byte == b'\n' {
                self.line += 1;
                self.lines.saw_newline(start + at as u64);
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
    fn line_numbers_count_line_feeds_before_the_offset() {
        let text = b"h1,h2\r\na,\"x\ry\"\r\nb,\"p\r\nq\"\r\nc,d\r\n";
        let guard = GuardedReader::new(&text[..], b',');
        let lines = guard.lines.clone();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(guard);
        let found: Vec<u64> = reader
            .byte_records()
            .map(|r| lines.line_at(r.unwrap().position().unwrap().byte()))
            .collect();
        assert_eq!(found, [1, 2, 3, 5]);
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

    proptest::proptest! {
        /// Whatever the csv writer quotes (bare CRs, CRLFs, quotes, delimiters) comes back
        /// through the guard and the reader as the same cells, with either line ending.
        #[test]
        fn guarded_reading_keeps_every_cell_whole(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a\r\n\",;]{0,6}", 3), 1..6),
            crlf in proptest::bool::ANY,
        ) {
            let terminator = if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') };
            let mut writer = csv::WriterBuilder::new().terminator(terminator).from_writer(Vec::new());
            for row in &rows {
                writer.write_record(row).unwrap();
            }
            let bytes = writer.into_inner().unwrap();
            let guard = GuardedReader::new(&bytes[..], b',');
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(guard);
            let read: Vec<Vec<String>> = reader
                .records()
                .map(|r| r.unwrap().iter().map(str::to_string).collect())
                .collect();
            proptest::prop_assert_eq!(read, rows);
        }
    }
}
