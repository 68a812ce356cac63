//! Where each dashboard panel goes at a given width, and on which line each selectable row
//! (a stage, a lost reason, a month, an owner) sits: worked out from the computed figures
//! only, so the view draws by it and `update` scrolls and moves the row cursor by it.
//!
//! A new panel is a [`Panel`] variant, its height in
//! [`Panel::height`], its place in [`GRID`] and its drawing in `ui::dashboard_panels`.

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::DashboardView;

/// The dashboard's panels, in reading order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Figures,
    Stages,
    Trend,
    Funnel,
    LostReasons,
    Forecast,
    Owners,
    Goal,
    Insights,
    Warnings,
}

/// The panels that share rows of columns, in order; the others span the width.
pub const GRID: &[Panel] = &[
    Panel::Funnel,
    Panel::LostReasons,
    Panel::Forecast,
    Panel::Owners,
    Panel::Goal,
];

/// A row of a panel that `Enter` opens the deals behind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pick {
    /// An open stage, by its place among `report.stages`.
    Stage(usize),
    /// A lost reason, by its place among `report.lost_reasons`.
    LostReason(usize),
    /// A month of the forecast, by its place among `report.forecast_by_month`.
    Month(usize),
    /// An owner, by its place among `report.owners`.
    Owner(usize),
}

/// The key figures shown in the first panel (the view draws exactly these).
pub const KPI_CELLS: usize = 8;
/// Key figures get at least this many columns each.
pub const KPI_WIDTH: u16 = 24;
/// Lines above a panel's first row: its border, and a header where it has one.
pub const STAGE_ROWS_TOP: u16 = 2;
pub const LIST_ROWS_TOP: u16 = 1;
pub const OWNER_ROWS_TOP: u16 = 2;
/// Warnings listed before "and N more".
pub const WARNINGS_SHOWN: usize = 20;

/// Where the panels go in the scrolled content (y counted from its top), how tall it is,
/// and each selectable row with the content line it is drawn on.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrangement {
    pub panels: Vec<(Panel, Rect)>,
    pub height: u16,
    pub picks: Vec<(Pick, u16)>,
}

impl Arrangement {
    /// The line of the `index`th selectable row.
    pub fn line_of(&self, index: usize) -> Option<u16> {
        self.picks.get(index).map(|(_, line)| *line)
    }

    /// How far the content scrolls before its last line is at the bottom of `visible` lines.
    pub fn max_scroll(&self, visible: u16) -> u16 {
        self.height.saturating_sub(visible)
    }
}

/// How many columns the grid panels take at `width`: more on a wider terminal.
pub fn grid_columns(width: u16) -> usize {
    if width >= 160 {
        usize::from(width / 50).clamp(1, 4)
    } else {
        usize::from(width / 40).clamp(1, 3)
    }
}

impl Panel {
    /// Whether the panel has anything to show for these figures.
    fn shown(self, view: &DashboardView) -> bool {
        let report = &view.report;
        match self {
            Panel::Warnings => !report.rate_warnings.is_empty(),
            Panel::Insights => !report.insights.is_empty(),
            Panel::Forecast => !report.forecast_by_month.is_empty(),
            Panel::Owners => !report.owners.is_empty(),
            _ => true,
        }
    }

    /// The lines the panel wants at `width`, borders included.
    pub fn height(self, view: &DashboardView, width: u16) -> u16 {
        let report = &view.report;
        let lines = |n: usize| u16::try_from(n).unwrap_or(u16::MAX).saturating_add(2);
        match self {
            Panel::Figures => {
                let per_row = usize::from((width.saturating_sub(2) / KPI_WIDTH).max(1));
                lines(KPI_CELLS.div_ceil(per_row))
            }
            Panel::Stages => lines(report.stages.len() + 1),
            // Two charts on one x axis: the weighted value, then won and lost under it.
            Panel::Trend => {
                if width >= 120 {
                    22
                } else {
                    18
                }
            }
            Panel::Funnel => lines(report.funnel.len().max(1)),
            Panel::LostReasons => lines(report.lost_reasons.len().max(1)),
            Panel::Forecast => lines(report.forecast_by_month.len() + 1),
            Panel::Owners => lines(report.owners.len() + 1),
            Panel::Goal => {
                let typing = usize::from(view.goal_input.is_some());
                let body = report.goal.as_ref().map_or(1, |g| 3 + g.stages.len());
                lines(typing + body)
            }
            // The sentences, wrapped; the panel counts in its title what does not fit.
            Panel::Insights => insights_height(report, width, 8),
            Panel::Warnings => {
                let more = usize::from(report.rate_warnings.len() > WARNINGS_SHOWN);
                lines(report.rate_warnings.len().min(WARNINGS_SHOWN) + more)
            }
        }
    }

    /// The selectable rows of the panel and their lines below its top.
    fn picks(self, view: &DashboardView) -> Vec<(Pick, u16)> {
        let report = &view.report;
        let at = |top: u16, i: usize| top.saturating_add(u16::try_from(i).unwrap_or(u16::MAX));
        match self {
            Panel::Stages => (0..report.stages.len())
                .map(|i| (Pick::Stage(i), at(STAGE_ROWS_TOP, i)))
                .collect(),
            Panel::LostReasons => (0..report.lost_reasons.len())
                .map(|i| (Pick::LostReason(i), at(LIST_ROWS_TOP, i)))
                .collect(),
            Panel::Forecast => (0..report.forecast_by_month.len())
                .map(|i| (Pick::Month(i), at(OWNER_ROWS_TOP, i)))
                .collect(),
            Panel::Owners => (0..report.owners.len())
                .map(|i| (Pick::Owner(i), at(OWNER_ROWS_TOP, i)))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// How many months the forecast panel lists.
pub fn months(_view: &DashboardView) -> usize {
    0
}

/// How many owners the owners panel lists.
pub fn owners(_view: &DashboardView) -> usize {
    0
}

/// Lays the panels out for a content `width` with `visible` lines on screen: key figures
/// across the top; stages and the trend across the width (side by side from 160 columns);
/// the rest in rows of [`grid_columns`]; warnings last. Lines left over on a tall terminal
/// go to the charts.
pub fn arrange(view: &DashboardView, width: u16, visible: u16) -> Arrangement {
    let fitted = arrange_with(view, width, 0);
    match visible.checked_sub(fitted.height) {
        Some(spare) if spare > 0 => arrange_with(view, width, spare),
        _ => fitted,
    }
}

fn arrange_with(view: &DashboardView, width: u16, spare: u16) -> Arrangement {
    let mut panels: Vec<(Panel, Rect)> = Vec::new();
    let mut y: u16 = 0;
    let height_of = |panel: Panel, width: u16| {
        let height = panel.height(view, width);
        if panel == Panel::Trend {
            height.saturating_add(spare)
        } else {
            height
        }
    };
    let full = |panel: Panel, y: &mut u16, panels: &mut Vec<(Panel, Rect)>| {
        let height = height_of(panel, width);
        panels.push((panel, Rect::new(0, *y, width, height)));
        *y = y.saturating_add(height);
    };
    full(Panel::Figures, &mut y, &mut panels);
    // What the figures say, first after the key figures: the sentences a manager reads first.
    if Panel::Insights.shown(view) {
        full(Panel::Insights, &mut y, &mut panels);
    }
    if width >= 160 {
        let left = width * 3 / 5;
        let height = Panel::Stages
            .height(view, left)
            .max(height_of(Panel::Trend, width - left));
        panels.push((Panel::Stages, Rect::new(0, y, left, height)));
        panels.push((Panel::Trend, Rect::new(left, y, width - left, height)));
        y = y.saturating_add(height);
    } else {
        full(Panel::Stages, &mut y, &mut panels);
        full(Panel::Trend, &mut y, &mut panels);
    }
    let grid: Vec<Panel> = GRID.iter().copied().filter(|p| p.shown(view)).collect();
    let columns = grid_columns(width);
    for row in grid.chunks(columns) {
        // A row short of panels shares the width among those it has.
        let cell = width / u16::try_from(row.len()).unwrap_or(1).max(1);
        let height = row.iter().map(|p| p.height(view, cell)).max().unwrap_or(0);
        let mut x = 0;
        for (i, panel) in row.iter().enumerate() {
            // The last panel of a full row takes what division left over.
            let w = if i + 1 == row.len() { width - x } else { cell };
            panels.push((*panel, Rect::new(x, y, w, height)));
            x += w;
        }
        y = y.saturating_add(height);
    }
    if Panel::Warnings.shown(view) {
        full(Panel::Warnings, &mut y, &mut panels);
    }
    let picks = panels
        .iter()
        .flat_map(|(panel, area)| {
            panel
                .picks(view)
                .into_iter()
                .map(|(pick, line)| (pick, area.y.saturating_add(line)))
        })
        .collect();
    Arrangement {
        panels,
        height: y,
        picks,
    }
}

/// What starts each sentence of the insights panel.
pub const INSIGHT_MARK: &str = "▸ ";

/// Rows the panel wants at `width` (borders included), at most `max_rows`; 0 when the
/// figures say nothing, so the panel takes no room.
pub fn insights_height(report: &crate::metrics::Report, width: u16, max_rows: u16) -> u16 {
    if report.insights.is_empty() {
        return 0;
    }
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let lines: usize = report
        .insights
        .iter()
        .map(|i| wrapped_rows(&crate::domain::text::printable(&i.localised()), inner))
        .sum();
    let wanted = u16::try_from(lines).unwrap_or(u16::MAX).saturating_add(2);
    wanted.min(max_rows)
}

/// Rows a marked sentence takes when wrapped at word boundaries into `width` cells, as the
/// paragraph wraps it (a word longer than a row is cut).
pub fn wrapped_rows(text: &str, width: usize) -> usize {
    let width = width.max(1);
    let mut rows = 1;
    let mut used = INSIGHT_MARK.width();
    // The mark ends in its own space: the first word needs none before it.
    let mut gap = 0;
    for word in text.split_whitespace() {
        let w = word.width();
        if used + gap + w <= width {
            used += gap + w;
        } else if w <= width {
            rows += 1;
            used = w;
        } else {
            // Cut across rows: what is left of the word starts the last one.
            let total = used + gap + w;
            rows += (total - 1) / width;
            used = (total - 1) % width + 1;
        }
        gap = 1;
    }
    rows
}

/// The scroll that keeps `line` within `visible` lines, moving as little as it can.
pub fn follow(scroll: u16, line: u16, visible: u16) -> u16 {
    let visible = visible.max(1);
    if line < scroll {
        line
    } else if line >= scroll.saturating_add(visible) {
        line + 1 - visible
    } else {
        scroll
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn following_moves_only_as_far_as_needed() {
        assert_eq!(follow(0, 5, 10), 0);
        assert_eq!(follow(0, 12, 10), 3);
        assert_eq!(follow(8, 3, 10), 3);
        assert_eq!(follow(8, 17, 10), 8);
        assert_eq!(follow(0, 0, 0), 0);
    }

    #[test]
    fn sentences_wrap_at_words_like_the_paragraph() {
        // "▸ " + "ab cd" fits in 7 cells; at 6 "cd" moves to a second row.
        assert_eq!(wrapped_rows("ab cd", 7), 1);
        assert_eq!(wrapped_rows("ab cd", 6), 2);
        assert_eq!(wrapped_rows("", 10), 1);
        assert_eq!(wrapped_rows("abcdefghij", 4), 3);
    }

    #[test]
    fn wider_terminals_get_more_columns() {
        assert_eq!(grid_columns(60), 1);
        assert_eq!(grid_columns(80), 2);
        assert_eq!(grid_columns(120), 3);
        assert_eq!(grid_columns(200), 4);
    }
}
