//! The dashboard's panels, each drawn into its rectangle of the scrolled content: key
//! figures, the stage table, labelled bars (funnel, lost reasons, forecast by month), the
//! owners' table, the goal planner and the warnings. Labels that do not fit end in "…".

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::dashboard::{ACCENT, Look};
use crate::app::dashboard::DashboardView;
use crate::app::dashboard::layout::{KPI_WIDTH, Panel, WARNINGS_SHOWN};
use crate::domain::text::printable;
use crate::metrics::{Amount, Report};
use crate::t;

const LOST: Color = Color::Red;

/// Draws `panel` into `area` of the content buffer.
pub fn draw(buf: &mut Buffer, area: Rect, panel: Panel, view: &DashboardView, look: &Look<'_>) {
    let report = &view.report;
    match panel {
        Panel::Figures => draw_kpis(buf, area, report),
        Panel::Stages => draw_stages(buf, area, report),
        Panel::Trend => super::dashboard_trend::draw(buf, area, report),
        Panel::Funnel => draw_funnel(buf, area, report),
        Panel::LostReasons => draw_lost_reasons(buf, area, report),
        Panel::Forecast => super::dashboard_owners::draw_forecast(buf, area, view),
        Panel::Owners => super::dashboard_owners::draw_owners(buf, area, view),
        Panel::Goal => draw_goal(buf, area, view, look.accept),
        Panel::Warnings => draw_warnings(buf, area, report),
        Panel::Insights => super::dashboard_insights::draw_insights(buf, area, report),
    }
}

pub(crate) fn panel(title: &str) -> Block<'_> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(super::theme::secondary()))
        .title(Span::styled(
            format!(" {title} "),
            Style::default().add_modifier(Modifier::BOLD),
        ))
}

pub(crate) fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "–".to_string(), |r| crate::i18n::numbers().percent(r, 1))
}

fn days(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |d| crate::i18n::numbers().float(d, 1))
}

pub(crate) fn count(value: Option<u64>) -> String {
    value.map_or_else(|| "–".to_string(), |c| crate::i18n::numbers().count(c))
}

/// Money for a narrow cell: whole units grouped, or k/M above a million to stay short.
pub(crate) fn short_money(amount: &Amount) -> String {
    let whole = amount.value.round();
    let millions = rust_decimal::Decimal::from(1_000_000);
    if whole.abs() >= millions * rust_decimal::Decimal::from(10) {
        let m = (whole / millions).round_dp(1);
        return format!("{}M", crate::i18n::numbers().decimal(m, 1));
    }
    crate::i18n::numbers().decimal(whole, 0)
}

/// A horizontal bar of `fraction` × `width` cells, with eighth-cell precision.
pub(crate) fn bar(fraction: f64, width: usize) -> String {
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let fraction = if fraction.is_finite() {
        fraction.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let eighths = (fraction * width as f64 * 8.0).round() as usize;
    let mut out = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        out.push(EIGHTHS[eighths % 8]);
    }
    out
}

/// `text` in exactly `width` display cells: shortened with "…" when longer, padded when not.
pub(crate) fn fit(text: &str, width: usize) -> String {
    let short = super::fit(text, width);
    let pad = width.saturating_sub(short.width());
    format!("{short}{}", " ".repeat(pad))
}

/// `text` right-aligned in `width` cells, shortened with "…" when longer.
pub(crate) fn fit_right(text: &str, width: usize) -> String {
    let short = super::fit(text, width);
    let pad = width.saturating_sub(short.width());
    format!("{}{short}", " ".repeat(pad))
}

/// A count that is always there, grouped the locale's way.
pub(crate) fn number(value: u64) -> String {
    crate::i18n::numbers().count(value)
}

fn kpi_cells(report: &Report) -> Vec<(String, String)> {
    vec![
        (t!("figure-open-deals"), number(report.open_deals)),
        (t!("figure-open-value"), short_money(&report.open_value)),
        (t!("figure-weighted"), short_money(&report.weighted_value)),
        (t!("figure-forecast"), short_money(&report.forecast)),
        (t!("figure-win-rate"), percent(report.win_rate)),
        (
            t!("figure-avg-deal"),
            report
                .avg_deal_size
                .as_ref()
                .map_or_else(|| "–".to_string(), short_money),
        ),
        (
            t!("figure-avg-cycle"),
            report.avg_cycle_days.map_or_else(
                || "–".to_string(),
                |d| t!("dash-days-value", days = days(Some(d))),
            ),
        ),
        (
            t!("figure-velocity-day"),
            report
                .sales_velocity_per_day
                .as_ref()
                .map_or_else(|| "–".to_string(), short_money),
        ),
    ]
}

fn draw_kpis(buf: &mut Buffer, area: Rect, report: &Report) {
    let kpis = kpi_cells(report);
    let per_row = usize::from((area.width.saturating_sub(2) / KPI_WIDTH).max(1));
    let inner_width = usize::from(area.width.saturating_sub(2));
    let cell = (inner_width / per_row).max(1);
    let lines: Vec<Line> = kpis
        .chunks(per_row)
        .map(|chunk| {
            let spans: Vec<Span> = chunk
                .iter()
                .flat_map(|(label, value)| {
                    let label = format!("{label} ");
                    let room = cell.saturating_sub(label.width());
                    [
                        Span::styled(label, Style::default().fg(super::theme::label())),
                        Span::styled(
                            fit(value, room),
                            Style::default().fg(ACCENT).add_modifier(Modifier::BOLD),
                        ),
                    ]
                })
                .collect();
            Line::from(spans)
        })
        .collect();
    Paragraph::new(lines)
        .block(panel(&t!("dash-key-figures")))
        .render(area, buf);
}

fn draw_stages(buf: &mut Buffer, area: Rect, report: &Report) {
    let inner = usize::from(area.width.saturating_sub(2));
    let wide = area.width >= 100;
    let (header, widths): (Vec<String>, Vec<u16>) = if wide {
        (
            vec![
                t!("dash-col-deals"),
                t!("dash-col-value"),
                t!("dash-col-weighted"),
                t!("dash-col-avg-days"),
                t!("dash-col-expected"),
                t!("dash-col-stale"),
                t!("dash-col-conversion"),
            ],
            vec![6, 12, 12, 9, 9, 6, 10],
        )
    } else {
        (
            vec![
                t!("dash-col-deals"),
                t!("dash-col-value"),
                t!("dash-col-avg-d"),
                t!("dash-col-exp-d"),
                t!("dash-col-stale"),
                t!("dash-col-conv"),
            ],
            vec![5, 10, 6, 6, 5, 7],
        )
    };
    // The Target column only where a stage has a target (seed 003's internal targets).
    let targeted = wide && report.stages.iter().any(|s| s.target_conversion.is_some());
    let (mut header, mut widths) = (header, widths);
    if targeted {
        header.push(t!("dash-col-target"));
        widths.push(7);
    }
    let others: usize = widths.iter().map(|w| usize::from(*w) + 1).sum();
    let longest = report
        .stages
        .iter()
        .map(|s| printable(&s.name).width())
        .max()
        .unwrap_or(5)
        .max(5);
    let name_width = inner.saturating_sub(others).clamp(4, longest.max(8));
    let rows: Vec<Row> = report
        .stages
        .iter()
        .map(|s| {
            let mut cells = vec![
                Cell::from(fit(&s.name, name_width)),
                Cell::from(number(s.open_deals)),
                Cell::from(short_money(&s.open_value)),
            ];
            if wide {
                cells.push(Cell::from(short_money(&s.weighted_value)));
            }
            let stale_style = if s.stale > 0 {
                Style::default().fg(Color::Yellow)
            } else {
                Style::default()
            };
            // A stage under its target is marked ▼ in red, beside the rate on a small screen.
            let below = s.below_target == Some(true);
            let target_style = if below {
                Style::default().fg(Color::Red)
            } else {
                Style::default()
            };
            let conversion = if below && !wide {
                format!("{}▼", percent(s.conversion_rate))
            } else {
                percent(s.conversion_rate)
            };
            cells.extend([
                Cell::from(days(s.avg_days_in_stage)),
                Cell::from(days(s.expected_days)),
                Cell::from(number(s.stale)).style(stale_style),
                Cell::from(conversion).style(target_style),
            ]);
            if targeted {
                let whole = |t: u8| crate::i18n::numbers().whole_percent(u32::from(t));
                let target = match s.target_conversion {
                    Some(t) if below => format!("{} ▼", whole(t)),
                    Some(t) => whole(t),
                    None => "–".to_string(),
                };
                cells.push(Cell::from(target).style(target_style));
            }
            Row::new(cells)
        })
        .collect();
    let mut constraints = vec![Constraint::Length(
        u16::try_from(name_width).unwrap_or(u16::MAX),
    )];
    constraints.extend(widths.iter().map(|w| Constraint::Length(*w)));
    let mut heading = vec![t!("dash-col-stage")];
    heading.extend(header);
    Table::new(rows, constraints)
        .header(Row::new(heading).style(Style::default().add_modifier(Modifier::BOLD)))
        .flex(ratatui::layout::Flex::Start)
        .block(panel(&t!("dash-stages-title")))
        .render(area, buf);
}

/// Labelled horizontal bars, `label  ███▌  value`, the labels shortened with "…".
pub(crate) fn bar_lines<'a>(
    items: &[(String, f64, String)],
    width: usize,
    colour: Color,
) -> Vec<Line<'a>> {
    let label_width = items
        .iter()
        .map(|(label, ..)| printable(label).width())
        .max()
        .unwrap_or(0)
        .min(width * 2 / 5);
    let value_width = items.iter().map(|(.., v)| v.width()).max().unwrap_or(0);
    let bar_width = width.saturating_sub(label_width + value_width + 2);
    items
        .iter()
        .map(|(label, fraction, value)| {
            let drawn = bar(*fraction, bar_width);
            Line::from(vec![
                Span::raw(fit(label, label_width)),
                Span::raw(" "),
                Span::styled(fit(&drawn, bar_width), Style::default().fg(colour)),
                Span::raw(" "),
                Span::raw(fit_right(value, value_width)),
            ])
        })
        .collect()
}

fn draw_funnel(buf: &mut Buffer, area: Rect, report: &Report) {
    let cohort = report.funnel.first().map_or(0, |f| f.reached);
    let items: Vec<(String, f64, String)> = report
        .funnel
        .iter()
        .map(|f| {
            (
                f.stage.clone(),
                f.cumulative_rate.unwrap_or(0.0),
                format!("{} {}", number(f.reached), percent(f.next_step_rate)),
            )
        })
        .collect();
    let width = usize::from(area.width.saturating_sub(2));
    let lines = if cohort == 0 {
        vec![Line::from(t!("dash-funnel-empty"))]
    } else {
        bar_lines(&items, width, ACCENT)
    };
    Paragraph::new(lines)
        .block(panel(&t!("dash-funnel-title")))
        .render(area, buf);
}

fn draw_lost_reasons(buf: &mut Buffer, area: Rect, report: &Report) {
    let most = report.lost_reasons.first().map_or(0, |r| r.deals);
    let items: Vec<(String, f64, String)> = report
        .lost_reasons
        .iter()
        .map(|r| {
            (
                r.reason.clone(),
                r.deals as f64 / most.max(1) as f64,
                number(r.deals),
            )
        })
        .collect();
    let width = usize::from(area.width.saturating_sub(2));
    let lines = if items.is_empty() {
        vec![Line::from(t!("dash-lost-empty"))]
    } else {
        bar_lines(&items, width, LOST)
    };
    Paragraph::new(lines)
        .block(panel(&t!("dash-lost-title")))
        .render(area, buf);
}

fn draw_goal(buf: &mut Buffer, area: Rect, view: &DashboardView, accept: &str) {
    let title = match &view.goal_input {
        Some(_) => t!("dash-goal-title-typing", key = accept),
        None => t!("dash-goal-title"),
    };
    let block = panel(&title);
    let mut lines: Vec<Line> = Vec::new();
    if let Some(input) = &view.goal_input {
        lines.push(Line::from(vec![
            Span::raw(format!("{} ", t!("dash-goal-target"))),
            Span::styled(
                format!("{}▏", printable(input)),
                Style::default().add_modifier(Modifier::REVERSED),
            ),
        ]));
    }
    let width = usize::from(area.width.saturating_sub(2));
    match &view.report.goal {
        None if view.goal_input.is_none() => {
            lines.push(Line::from(t!("dash-goal-empty")));
        }
        None => {}
        Some(goal) => {
            lines.push(Line::from(fit(
                &t!(
                    "dash-goal-needs",
                    target = goal.target.grouped(),
                    won = count(goal.won_needed)
                ),
                width,
            )));
            lines.push(Line::from(fit(
                &super::dashboard_owners::goal_so_far(&view.report),
                width,
            )));
            // The column at target rates only when the pipeline has targets.
            let targeted = goal.stages.iter().any(|s| s.needed_at_target.is_some());
            let extra = if targeted { 7 } else { 0 };
            let name_width = width.saturating_sub(21 + extra).max(4);
            let at_target = |text: String| {
                if targeted {
                    format!(" {}", fit_right(&text, 6))
                } else {
                    String::new()
                }
            };
            lines.push(Line::from(Span::styled(
                // Headings cut to their columns: a longer word must not wrap the table.
                format!(
                    "{} {} {} {}{}",
                    fit(&t!("dash-col-stage"), name_width),
                    fit_right(&t!("dash-goal-need"), 6),
                    fit_right(&t!("dash-goal-have"), 6),
                    fit_right(&t!("dash-goal-gap"), 6),
                    at_target(t!("dash-goal-at-target"))
                ),
                Style::default().add_modifier(Modifier::BOLD),
            )));
            for stage in &goal.stages {
                let gap_style = if stage.gap.unwrap_or(0) > 0 {
                    Style::default().fg(Color::Yellow)
                } else {
                    Style::default()
                };
                lines.push(Line::from(vec![
                    Span::raw(format!(
                        "{} {:>6} {:>6} ",
                        fit(&stage.stage, name_width),
                        count(stage.needed),
                        number(stage.have)
                    )),
                    Span::styled(format!("{:>6}", count(stage.gap)), gap_style),
                    Span::raw(at_target(count(stage.needed_at_target))),
                ]));
            }
        }
    }
    Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .render(area, buf);
}

fn draw_warnings(buf: &mut Buffer, area: Rect, report: &Report) {
    let width = usize::from(area.width.saturating_sub(2));
    // The JSON's `warnings` stay English; the screen says them in the reader's language.
    let mut lines: Vec<Line> = report
        .rate_warnings
        .iter()
        .take(WARNINGS_SHOWN)
        .map(|w| Line::from(fit(&format!("⚠ {}", w.text()), width)))
        .collect();
    if report.rate_warnings.len() > WARNINGS_SHOWN {
        lines.push(Line::from(t!(
            "dash-warnings-more",
            count = report.rate_warnings.len() - WARNINGS_SHOWN
        )));
    }
    Paragraph::new(lines)
        .style(Style::default().fg(Color::Yellow))
        .block(panel(&t!(
            "dash-warnings-title",
            count = report.rate_warnings.len()
        )))
        .render(area, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_with_eighths_and_never_overflow() {
        assert_eq!(bar(1.0, 4), "████");
        assert_eq!(bar(0.5, 4), "██");
        assert_eq!(bar(0.0, 4), "");
        assert_eq!(bar(f64::NAN, 4), "");
        assert_eq!(bar(2.0, 3), "███");
        assert_eq!(bar(1.0 / 16.0, 2), "▏");
    }

    #[test]
    fn fitting_respects_display_width_and_marks_what_was_cut() {
        assert_eq!(fit("日本語", 5), "日本…");
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(fit("Consultation", 6), "Consu…");
        assert_eq!(fit_right("7", 3), "  7");
    }
}
