//! Plain aligned text tables for terminal output, safe for hostile text and wide characters.

use unicode_width::UnicodeWidthStr;

use crate::domain::text::printable;

/// Renders rows under a header with columns padded to the widest cell (by display width).
/// Columns listed in `right` are right-aligned (amounts).
pub fn render(header: &[&str], rows: &[Vec<String>], right: &[usize]) -> String {
    let cells: Vec<Vec<String>> = std::iter::once(header.iter().map(|h| h.to_string()).collect())
        .chain(
            rows.iter()
                .map(|row| row.iter().map(|c| printable(c).into_owned()).collect()),
        )
        .collect();
    let columns = header.len();
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            cells
                .iter()
                .map(|row| row.get(i).map_or(0, |c| c.width()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in &cells {
        let mut line = String::new();
        for (i, width) in widths.iter().enumerate() {
            let cell = row.get(i).map_or("", String::as_str);
            let pad = " ".repeat(width.saturating_sub(cell.width()));
            if i > 0 {
                line.push_str("  ");
            }
            if right.contains(&i) {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                if i + 1 < columns {
                    line.push_str(&pad);
                }
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
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
}
