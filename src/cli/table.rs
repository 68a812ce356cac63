//! Plain aligned text tables for terminal output, safe for hostile text and wide characters.

use std::io::Write;

use unicode_width::UnicodeWidthStr;

use super::error::{CliError, CliResult};

use crate::domain::text::printable;

/// Column widths measured over rows as they pass, so a table can be printed in a second pass
/// over the same rows without holding them.
pub struct Widths {
    widths: Vec<usize>,
}

impl Widths {
    pub fn new<S: AsRef<str>>(header: &[S]) -> Widths {
        Widths {
            widths: header
                .iter()
                .map(|h| printable(h.as_ref()).width())
                .collect(),
        }
    }

    pub fn measure(&mut self, row: &[String]) {
        for (width, cell) in self.widths.iter_mut().zip(row) {
            *width = (*width).max(printable(cell).width());
        }
    }

    /// One line of the table, without its newline; columns in `right` are right-aligned.
    pub fn line<S: AsRef<str>>(&self, row: &[S], right: &[usize]) -> String {
        let columns = self.widths.len();
        let mut line = String::new();
        for (i, width) in self.widths.iter().enumerate() {
            let cell = row.get(i).map_or("".into(), |c| printable(c.as_ref()));
            let pad = " ".repeat(width.saturating_sub(cell.width()));
            if i > 0 {
                line.push_str("  ");
            }
            if right.contains(&i) {
                line.push_str(&pad);
                line.push_str(&cell);
            } else {
                line.push_str(&cell);
                if i + 1 < columns {
                    line.push_str(&pad);
                }
            }
        }
        line.truncate(line.trim_end().len());
        line
    }
}

/// Renders rows under a header with columns padded to the widest cell (by display width).
/// Columns listed in `right` are right-aligned (amounts).
pub fn render<S: AsRef<str>>(header: &[S], rows: &[Vec<String>], right: &[usize]) -> String {
    let mut widths = Widths::new(header);
    for row in rows {
        widths.measure(row);
    }
    let mut out = widths.line(header, right);
    out.push('\n');
    for row in rows {
        out.push_str(&widths.line(row, right));
        out.push('\n');
    }
    out
}

/// Prints a table to standard output from rows produced twice by `rows` (once to measure,
/// once to print), so the rows are never all in memory. A reader that went away is not an
/// error.
pub fn print_streamed<S: AsRef<str>>(
    header: &[S],
    right: &[usize],
    mut rows: impl FnMut(&mut dyn FnMut(Vec<String>) -> CliResult) -> CliResult,
) -> CliResult {
    let mut widths = Widths::new(header);
    rows(&mut |row| {
        widths.measure(&row);
        Ok(())
    })?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let printed = writeln!(out, "{}", widths.line(header, right))
        .map_err(CliError::from)
        .and_then(|()| {
            rows(&mut |row| {
                writeln!(out, "{}", widths.line(&row, right))?;
                Ok(())
            })
        })
        .and_then(|()| out.flush().map_err(CliError::from));
    super::json::quiet_when_reader_left(printed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_by_display_width() {
        let rows = vec![
            vec!["日本".to_string(), "1".to_string()],
            vec!["ab".to_string(), "100".to_string()],
        ];
        let text = render(&["NAME", "N"], &rows, &[1]);
        assert_eq!(text, "NAME    N\n日本    1\nab    100\n");
    }

    #[test]
    fn streamed_lines_match_the_rendered_table() {
        let rows = vec![
            vec!["1".to_string(), "a\u{1b}[31m".to_string(), "".to_string()],
            vec!["100".to_string(), "日本語".to_string(), "x".to_string()],
        ];
        let header = ["ID", "NAME", "OWNER"];
        let mut widths = Widths::new(&header);
        for row in &rows {
            widths.measure(row);
        }
        let streamed: String = std::iter::once(widths.line(&header, &[0]))
            .chain(rows.iter().map(|row| widths.line(row, &[0])))
            .map(|line| line + "\n")
            .collect();
        assert_eq!(streamed, render(&header, &rows, &[0]));
        // Control characters are shown escaped, never sent to the terminal.
        assert_eq!(widths.line(&rows[0], &[0]), "  1  a\\u{1b}[31m");
    }
}
