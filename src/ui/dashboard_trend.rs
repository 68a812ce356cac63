//! The 12-week trend as two charts on one x axis: the weighted value of the open deals at
//! each week's end (a line over a value axis that starts at zero), and under it the deals
//! won and lost in each week as bars, with the weeks' end dates along the bottom.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph, Widget};
use rust_decimal::prelude::ToPrimitive;
use unicode_width::UnicodeWidthStr;

use super::dashboard::ACCENT;
use super::dashboard_panels::panel;
use crate::metrics::Report;
use crate::t;

const WON: Color = Color::Green;
const LOST: Color = Color::Red;
/// Won and lost bars sit this far (in weeks) either side of the week.
const BAR_OFFSET: f64 = 0.2;

/// The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ) at or above
/// `value`, at least 1: the top of an axis that starts at zero.
pub fn nice_ceiling(value: f64) -> f64 {
    if !value.is_finite() || value <= 1.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(value.log10().floor());
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|step| step * magnitude)
        .find(|top| *top >= value)
        .unwrap_or(10.0 * magnitude)
}

/// An axis value in a few characters, with the locale's decimal mark: 840k, 1.5M, 12.
pub fn compact(value: f64) -> String {
    let numbers = crate::i18n::numbers();
    let magnitude = value.abs();
    if magnitude >= 1_000_000.0 {
        let m = value / 1_000_000.0;
        let places = if (m - m.round()).abs() < 0.05 { 0 } else { 1 };
        format!("{}M", numbers.float(m, places))
    } else if magnitude >= 1_000.0 {
        format!("{}k", numbers.float((value / 1_000.0).round(), 0))
    } else if value.fract().abs() > 1e-9 && magnitude < 10.0 {
        numbers.float(value, 1)
    } else {
        numbers.float(value.round(), 0)
    }
}

pub fn draw(buf: &mut Buffer, area: Rect, report: &Report) {
    let title = t!("trend-title");
    let block = panel(&title);
    let inner = block.inner(area);
    block.render(area, buf);
    let weeks = &report.weekly;
    if inner.height < 8 || inner.width < 24 || weeks.is_empty() {
        Paragraph::new(t!("trend-too-small")).render(inner, buf);
        return;
    }
    let weighted: Vec<(f64, f64)> = weeks
        .iter()
        .enumerate()
        .map(|(i, w)| (i as f64, w.weighted_value.value.to_f64().unwrap_or(0.0)))
        .collect();
    let won: Vec<(f64, f64)> = weeks
        .iter()
        .enumerate()
        .map(|(i, w)| (i as f64 - BAR_OFFSET, w.won as f64))
        .collect();
    let lost: Vec<(f64, f64)> = weeks
        .iter()
        .enumerate()
        .map(|(i, w)| (i as f64 + BAR_OFFSET, w.lost as f64))
        .collect();
    let top = nice_ceiling(weighted.iter().map(|(_, v)| *v).fold(0.0, f64::max));
    let most = weeks.iter().map(|w| w.won.max(w.lost)).max().unwrap_or(0);
    let count_top = nice_ceiling(most as f64);
    // Both charts get labels of one width, so their graphs start in the same column.
    let value_labels = [0.0, top / 2.0, top].map(compact);
    let count_labels = [0.0, count_top].map(compact);
    let label_width = value_labels
        .iter()
        .chain(&count_labels)
        .map(|l| l.width())
        .max()
        .unwrap_or(1);
    let pad = |labels: &[String]| {
        labels
            .iter()
            .map(|l| format!("{l:>label_width$}"))
            .collect::<Vec<_>>()
    };
    let x_bounds = [-0.5, weeks.len() as f64 - 0.5];
    let total_won: u64 = weeks.iter().map(|w| w.won).sum();
    let total_lost: u64 = weeks.iter().map(|w| w.lost).sum();
    let numbers = crate::i18n::numbers();
    let legend = Line::from(vec![
        Span::styled(
            format!("── {}", t!("trend-weighted")),
            Style::default().fg(ACCENT),
        ),
        Span::raw(format!(
            " {}   ",
            t!(
                "trend-weighted-note",
                currency = report.currency.to_string()
            )
        )),
        Span::styled(format!("▌{}", t!("trend-won")), Style::default().fg(WON)),
        Span::raw(format!(" {}  ", numbers.count(total_won))),
        Span::styled(format!("▌{}", t!("trend-lost")), Style::default().fg(LOST)),
        Span::raw(format!(" {}", numbers.count(total_lost))),
    ]);
    let legend_area = Rect::new(inner.x, inner.y, inner.width, 1);
    Paragraph::new(legend).render(legend_area, buf);
    let charts = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1);
    let value_height = charts.height / 2;
    let value_area = Rect::new(charts.x, charts.y, charts.width, value_height);
    let count_area = Rect::new(
        charts.x,
        charts.y + value_height,
        charts.width,
        charts.height - value_height,
    );
    Chart::new(vec![
        Dataset::default()
            .data(&weighted)
            .graph_type(GraphType::Line)
            .marker(Marker::Braille)
            .style(Style::default().fg(ACCENT)),
    ])
    .x_axis(Axis::default().bounds(x_bounds))
    .y_axis(
        Axis::default()
            .bounds([0.0, top])
            .labels(pad(&value_labels))
            .style(Style::default().fg(super::theme::secondary())),
    )
    .legend_position(None)
    .render(value_area, buf);
    Chart::new(vec![
        Dataset::default()
            .data(&won)
            .graph_type(GraphType::Bar)
            .marker(Marker::HalfBlock)
            .style(Style::default().fg(WON)),
        Dataset::default()
            .data(&lost)
            .graph_type(GraphType::Bar)
            .marker(Marker::HalfBlock)
            .style(Style::default().fg(LOST)),
    ])
    // Empty labels: the axis line is drawn, and its label row is left for the dates.
    .x_axis(
        Axis::default()
            .bounds(x_bounds)
            .labels(["", ""])
            .style(Style::default().fg(super::theme::secondary())),
    )
    .y_axis(
        Axis::default()
            .bounds([0.0, count_top])
            .labels(pad(&count_labels))
            .style(Style::default().fg(super::theme::secondary())),
    )
    .legend_position(None)
    .render(count_area, buf);
    // The x axis's own labels are spread evenly, not under the weeks: the dates go here.
    let graph_left = inner.x + u16::try_from(label_width).unwrap_or(0) + 1;
    let graph_width = inner.right().saturating_sub(graph_left);
    let dates = Rect::new(inner.x, count_area.bottom() - 1, inner.width, 1);
    draw_dates(buf, dates, graph_left, graph_width, report);
}

/// Each week's end date (`MM-DD`, `DD-MM` in Dutch) under its place on the x axis, as many as fit apart.
fn draw_dates(buf: &mut Buffer, row: Rect, left: u16, width: u16, report: &Report) {
    let weeks = report.weekly.len();
    if weeks == 0 || width == 0 {
        return;
    }
    let centre = |i: usize| -> u16 {
        // The x bounds put week i in the middle of the i-th of `weeks` equal bands.
        let band = f64::from(width) / weeks as f64;
        left + ((i as f64 + 0.5) * band).floor() as u16
    };
    let mut free_from = row.x;
    // The last week first, so today's week always has its date.
    let mut placed: Vec<(u16, String)> = Vec::new();
    for i in (0..weeks).rev() {
        let label = crate::i18n::numbers().day_label(report.weekly[i].week_end);
        let w = label.width() as u16;
        let start = centre(i)
            .saturating_sub(w / 2)
            .min(row.right().saturating_sub(w));
        let clear = placed.last().is_none_or(|(x, _)| start + w < *x);
        if clear && start >= row.x {
            placed.push((start, label));
        }
    }
    for (x, label) in placed.into_iter().rev() {
        if x >= free_from {
            buf.set_string(x, row.y, &label, Style::default().fg(super::theme::label()));
            free_from = x + label.width() as u16 + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_numbers_at_or_above_the_data() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(3.0), 3.0);
        assert_eq!(nice_ceiling(13.0), 15.0);
        assert_eq!(nice_ceiling(840_930.0), 1_000_000.0);
        assert_eq!(nice_ceiling(2_303_290.0), 2_500_000.0);
        assert_eq!(nice_ceiling(10.0), 10.0);
        assert_eq!(compact(500_000.0), "500k");
        assert_eq!(compact(1_500_000.0), "1.5M");
        assert_eq!(compact(2.5), "2.5");
        assert_eq!(compact(5.0), "5");
    }
}
