//! The `?` overlay: every binding of the live keymap, so remapped keys show as they are, and
//! on the Dashboard tab each figure's one-line definition. Whatever does not fit the terminal
//! scrolls rather than being cut.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{centered, fit};
use crate::app::{Action, AppState, KeyMode, Tab};

/// The Board tab's legend of the card and column marks, in the current language.
fn legend() -> [String; 3] {
    [
        crate::t!("help-legend-marks"),
        crate::t!("help-legend-convert"),
        crate::t!("help-legend-partial"),
    ]
}

/// Key labels get this many columns; the description follows.
const LABEL_WIDTH: usize = 11;

/// The legend's names (figure names on the Dashboard tab) get this many columns.
const NAME_WIDTH: usize = 14;

/// The overlay as it fits `body`: where it goes and every line, of which `visible` show at once.
pub struct HelpLayout {
    pub popup: Rect,
    pub lines: Vec<String>,
    pub visible: usize,
}

impl HelpLayout {
    /// How far the lines can scroll before the last one is at the bottom.
    pub fn max_scroll(&self) -> usize {
        self.lines.len().saturating_sub(self.visible)
    }
}

/// Lays the overlay out for `body`: one column of bindings when everything fits or two
/// would cut descriptions, two when that saves scrolling; the legend wraps to the width.
pub fn layout(state: &AppState, body: Rect) -> HelpLayout {
    let entries: Vec<String> = crate::app::action::ALL
        .iter()
        .filter(|action| !action.is_mode_key())
        .map(|&action| {
            format!(
                " {:<LABEL_WIDTH$} {}",
                fit(&state.keymap.label_for(action), LABEL_WIDTH),
                action.help()
            )
        })
        .collect();
    let board_legend = legend();
    let legend: Vec<(&str, &str)> = match state.tab {
        Tab::Board => board_legend
            .iter()
            .map(|line| ("", line.as_str()))
            .collect(),
        Tab::Dashboard => super::dashboard_guide::dashboard_legend(),
        Tab::Agenda => Vec::new(),
    };
    let entry_width = entries.iter().map(|e| e.width()).max().unwrap_or(0) + 1;
    // The figures' definitions read best on a wide overlay.
    let wanted_width = match state.tab {
        Tab::Board | Tab::Agenda => 72,
        Tab::Dashboard => 110,
    };
    let inner_height = usize::from(body.height.saturating_sub(2));
    // Never wider than the screen: a longer entry is cut, but the legend wraps to what shows.
    let one_column_width = wanted_width
        .min(usize::from(body.width))
        .max(entry_width + 2)
        .min(usize::from(body.width));
    let one_column = content(&entries, &legend, 1, one_column_width.saturating_sub(2));
    let two_columns_width = 2 * entry_width + 2;
    let (lines, width) =
        if one_column.len() <= inner_height || usize::from(body.width) < two_columns_width {
            (one_column, one_column_width)
        } else {
            let width = two_columns_width
                .max(wanted_width)
                .min(usize::from(body.width));
            (
                content(&entries, &legend, 2, width.saturating_sub(2)),
                width,
            )
        };
    let height = (lines.len() + 2).min(usize::from(body.height));
    let popup = centered(
        body,
        u16::try_from(width).unwrap_or(u16::MAX),
        u16::try_from(height).unwrap_or(u16::MAX),
    );
    HelpLayout {
        visible: usize::from(popup.height.saturating_sub(2)),
        popup,
        lines,
    }
}

/// The bindings in `columns` columns, a blank line, then the legend wrapped to `width` with
/// each continuation indented under the text.
fn content(
    entries: &[String],
    legend: &[(&str, &str)],
    columns: usize,
    width: usize,
) -> Vec<String> {
    let rows = entries.len().div_ceil(columns.max(1));
    let column_width = width / columns.max(1);
    let mut lines: Vec<String> = (0..rows)
        .map(|row| {
            let mut line = String::new();
            for column in 0..columns {
                if let Some(entry) = entries.get(column * rows + row) {
                    let cell = fit(entry, column_width);
                    let pad = column_width.saturating_sub(cell.width());
                    line.push_str(&cell);
                    if column + 1 < columns {
                        line.push_str(&" ".repeat(pad));
                    }
                }
            }
            line
        })
        .collect();
    lines.push(String::new());
    for (name, text) in legend {
        let indent = if name.is_empty() { 1 } else { NAME_WIDTH + 2 };
        let wrapped = wrap(text, width.saturating_sub(indent).max(10));
        for (i, part) in wrapped.iter().enumerate() {
            if i == 0 && !name.is_empty() {
                lines.push(format!(" {name:<NAME_WIDTH$} {part}"));
            } else {
                lines.push(format!("{}{part}", " ".repeat(indent)));
            }
        }
    }
    lines
}

/// Splits `text` at spaces into lines of at most `width` columns; a word longer than that
/// is cut by [`fit`] when drawn.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.width() + 1 + word.width() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// Draws the overlay and returns its layout (how many lines show, how far it scrolls).
pub fn draw(frame: &mut Frame, body: Rect, state: &AppState, scroll: usize) -> HelpLayout {
    let help = layout(state, body);
    let scroll = scroll.min(help.max_scroll());
    frame.render_widget(Clear, help.popup);
    let mut block = Block::bordered();
    if help.max_scroll() == 0 {
        block = block.title(format!(" {} ", crate::t!("help-title")));
    } else {
        let last = (scroll + help.visible).min(help.lines.len());
        let keys = &state.keymap;
        let scrolling = [
            Action::ScrollDown,
            Action::ScrollUp,
            Action::PageDown,
            Action::PageUp,
        ]
        .map(|a| keys.label_in(KeyMode::Help, a))
        .join(" ");
        block = block
            .title(format!(
                " {} ",
                crate::t!("help-title-scrolling", keys = scrolling)
            ))
            .title_bottom(
                Line::from(format!(
                    " {} ",
                    crate::t!(
                        "help-lines-shown",
                        first = scroll + 1,
                        last = last,
                        count = help.lines.len()
                    )
                ))
                .right_aligned(),
            );
    }
    let inner = block.inner(help.popup);
    frame.render_widget(block, help.popup);
    let width = usize::from(inner.width);
    let lines: Vec<Line> = help
        .lines
        .iter()
        .skip(scroll)
        .take(help.visible)
        .map(|line| Line::from(fit(line, width)))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    help
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_words_whole_and_lines_short() {
        let lines = wrap(
            "won value + weighted value of open deals expected to close",
            20,
        );
        assert!(lines.iter().all(|l| l.width() <= 20), "{lines:?}");
        assert_eq!(
            lines.join(" "),
            "won value + weighted value of open deals expected to close"
        );
        assert_eq!(wrap("", 10), vec![String::new()]);
    }
}
