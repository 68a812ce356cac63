//! The dashboard's panels of the figures per month and per owner: the forecast by month as
//! labelled bars (a header, then one row a month), the owners' table (a header, then one row
//! an owner), and the goal planner's "won so far" line.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget};
use rust_decimal::prelude::ToPrimitive;

use super::dashboard::ACCENT;
use super::dashboard_panels::{bar_lines, fit, fit_right, number, panel, percent, short_money};
use crate::app::dashboard::DashboardView;
use crate::app::dashboard::figures_of::owner_name;
use crate::metrics::Report;
use crate::t;
use unicode_width::UnicodeWidthStr;

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

pub fn draw_forecast(buf: &mut Buffer, area: Rect, view: &DashboardView) {
    let months = &view.report.forecast_by_month;
    let most = months
        .iter()
        .filter_map(|m| m.weighted.value.to_f64())
        .fold(0.0, f64::max);
    let weighted: Vec<String> = months.iter().map(|m| short_money(&m.weighted)).collect();
    let (deals_head, weighted_head) = (t!("dash-col-deals-lower"), t!("dash-col-weighted-lower"));
    let money_width = weighted
        .iter()
        .map(|w| w.width())
        .max()
        .unwrap_or(0)
        .max(weighted_head.width());
    let deals_width = deals_head.width().max(5);
    let items: Vec<(String, f64, String)> = months
        .iter()
        .zip(&weighted)
        .map(|(m, shown)| {
            let value = m.weighted.value.to_f64().unwrap_or(0.0);
            (
                crate::i18n::numbers().month(m.month),
                if most > 0.0 { value / most } else { 0.0 },
                format!(
                    "{} {}",
                    fit_right(&number(m.deals), deals_width),
                    fit_right(shown, money_width)
                ),
            )
        })
        .collect();
    let width = usize::from(area.width.saturating_sub(2));
    let header = format!(
        "{} {}",
        fit_right(&deals_head, deals_width),
        fit_right(&weighted_head, money_width)
    );
    let mut lines = vec![Line::styled(fit_right(&header, width), bold())];
    lines.extend(bar_lines(&items, width, ACCENT));
    Paragraph::new(lines)
        .block(panel(&t!("dash-forecast-title")))
        .render(area, buf);
}

pub fn draw_owners(buf: &mut Buffer, area: Rect, view: &DashboardView) {
    let owners = &view.report.owners;
    let inner = usize::from(area.width.saturating_sub(2));
    // The columns that fit, widest set first; the name takes what is left.
    use Column::*;
    let columns: &[(Column, usize)] = if inner >= 70 {
        &[
            (Open, 5),
            (Value, 11),
            (Weighted, 11),
            (WonLost, 8),
            (Win, 6),
            (Forecast, 11),
        ]
    } else if inner >= 50 {
        &[(Open, 5), (Weighted, 10), (WonLost, 8), (Win, 6)]
    } else {
        &[(Open, 4), (Weighted, 9), (Win, 6)]
    };
    let widths: Vec<usize> = columns.iter().map(|(_, w)| *w).collect();
    let others: usize = widths.iter().map(|w| w + 1).sum();
    let name_width = inner.saturating_sub(others).max(4);
    let mut heading = vec![Cell::from(fit(&t!("dash-col-owner"), name_width))];
    heading.extend(
        columns
            .iter()
            .map(|(c, w)| Cell::from(fit_right(&c.heading(), *w))),
    );
    let rows: Vec<Row> = owners
        .iter()
        .map(|o| {
            let values = columns.iter().map(|(column, _)| match column {
                Open => number(o.open_deals),
                Value => short_money(&o.open_value),
                Weighted => short_money(&o.weighted_value),
                WonLost => format!("{}/{}", number(o.won_deals), number(o.lost_deals)),
                Win => percent(o.win_rate),
                Forecast => short_money(&o.forecast),
            });
            let mut cells = vec![Cell::from(fit(&owner_name(o.owner.as_deref()), name_width))];
            cells.extend(
                values
                    .zip(&widths)
                    .map(|(v, w)| Cell::from(fit_right(&v, *w))),
            );
            Row::new(cells)
        })
        .collect();
    let mut constraints = vec![Constraint::Length(
        u16::try_from(name_width).unwrap_or(u16::MAX),
    )];
    constraints.extend(
        widths
            .iter()
            .map(|w| Constraint::Length(u16::try_from(*w).unwrap_or(u16::MAX))),
    );
    Table::new(rows, constraints)
        .header(Row::new(heading).style(bold()))
        .flex(ratatui::layout::Flex::Start)
        .block(panel(&t!("dash-owners-title")))
        .render(area, buf);
}

/// What is won of the target so far, and what remains (in won deals too).
pub fn goal_so_far(report: &Report) -> String {
    let Some(goal) = &report.goal else {
        return String::new();
    };
    let deals = goal
        .remaining_won_needed
        .map_or_else(|| "–".to_string(), number);
    t!(
        "dash-goal-so-far",
        won = short_money(&goal.won_so_far),
        remaining = short_money(&goal.remaining),
        deals = deals,
    )
}

/// A column of the owners' table.
#[derive(Clone, Copy)]
enum Column {
    Open,
    Value,
    Weighted,
    WonLost,
    Win,
    Forecast,
}

impl Column {
    fn heading(self) -> String {
        match self {
            Column::Open => t!("dash-col-open"),
            Column::Value => t!("dash-col-value"),
            Column::Weighted => t!("dash-col-weighted"),
            Column::WonLost => t!("dash-col-won-lost"),
            Column::Win => t!("dash-col-win"),
            Column::Forecast => t!("dash-col-forecast"),
        }
    }
}
