//! The Dashboard tab's drawing: KPI strip, per-stage table, funnel, lost reasons, weekly trend
//! and goal planner, all from an already computed [`Report`] (the tab's view model,
//! [`DashboardView`], lives in `app::dashboard`) so a frame never recomputes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Sparkline, Table, Wrap};
use rust_decimal::prelude::ToPrimitive;
use unicode_width::UnicodeWidthStr;

use crate::app::dashboard::DashboardView;
use crate::domain::text::printable;
use crate::metrics::{Amount, Report};

use super::dashboard_insights::{draw_insights, insights_height};
pub use super::figures::FIGURE_DEFINITIONS;

const ACCENT: Color = Color::Cyan;
const WON: Color = Color::Green;
const LOST: Color = Color::Red;

fn panel(title: &str) -> Block<'_> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(Color::DarkGray))
        .title(Span::styled(
            format!(" {title} "),
            Style::default().add_modifier(Modifier::BOLD),
        ))
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "–".to_string(), |r| format!("{:.1}%", r * 100.0))
}

fn days(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |d| format!("{d:.1}"))
}

fn count(value: Option<u64>) -> String {
    value.map_or_else(|| "–".to_string(), |c| c.to_string())
}

/// Money for a narrow cell: whole units grouped, or k/M above a million to stay short.
fn short_money(amount: &Amount) -> String {
    let whole = amount.value.round();
    let millions = rust_decimal::Decimal::from(1_000_000);
    if whole.abs() >= millions * rust_decimal::Decimal::from(10) {
        let m = (whole / millions).round_dp(1);
        return format!("{m}M");
    }
    crate::domain::money::format_grouped(whole, 0, ',', '.')
}

/// A horizontal bar of `fraction` × `width` cells, with eighth-cell precision.
fn bar(fraction: f64, width: usize) -> String {
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

/// Pads or cuts `text` to exactly `width` display cells.
fn fit(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        out.push(ch);
    }
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}

/// Draws the whole Dashboard tab into `area`.
pub fn draw_dashboard(frame: &mut Frame, area: Rect, view: &DashboardView) {
    draw_dashboard_with(frame, area, view, "Enter");
}

/// [`draw_dashboard`] naming `accept`, the live key that sets the goal being typed.
pub fn draw_dashboard_with(frame: &mut Frame, area: Rect, view: &DashboardView, accept: &str) {
    let report = &view.report;
    let kpis = kpi_cells(report);
    let per_row = usize::from((area.width.saturating_sub(2) / 24).max(1));
    let kpi_rows = kpis.len().div_ceil(per_row) as u16;
    let stage_rows = report.stages.len() as u16 + 3;
    let warning_rows = u16::from(!report.warnings.is_empty());
    // A small screen keeps the sentences to two rows so the panels below stay readable.
    let insight_rows = insights_height(report, area.width, if area.height < 40 { 4 } else { 10 });
    let [title, kpi, stages, said, rest, warnings] = Layout::default()
        .direction(Direction::Vertical)
        .constraints([
            Constraint::Length(1),
            Constraint::Length(kpi_rows + 2),
            Constraint::Length(stage_rows),
            Constraint::Length(insight_rows),
            Constraint::Min(0),
            Constraint::Length(warning_rows),
        ])
        .areas(area);

    draw_title(frame, title, view);
    draw_kpis(frame, kpi, &kpis, per_row);
    draw_stages(frame, stages, report);
    draw_insights(frame, said, report);
    if area.width >= 120 {
        let [funnel, lost, trend, goal] = Layout::default()
            .direction(Direction::Horizontal)
            .constraints([
                Constraint::Percentage(25),
                Constraint::Percentage(25),
                Constraint::Percentage(25),
                Constraint::Percentage(25),
            ])
            .areas(rest);
        draw_funnel(frame, funnel, report);
        draw_lost_reasons(frame, lost, report);
        draw_trend(frame, trend, report);
        draw_goal(frame, goal, view, accept);
    } else {
        let [top, bottom] = Layout::default()
            .direction(Direction::Vertical)
            .constraints([Constraint::Percentage(50), Constraint::Percentage(50)])
            .areas(rest);
        let halves = |row| {
            Layout::default()
                .direction(Direction::Horizontal)
                .constraints([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas::<2>(row)
        };
        let [funnel, lost] = halves(top);
        let [trend, goal] = halves(bottom);
        draw_funnel(frame, funnel, report);
        draw_lost_reasons(frame, lost, report);
        draw_trend(frame, trend, report);
        draw_goal(frame, goal, view, accept);
    }
    if warning_rows > 0 {
        let text = match report.warnings.len() {
            1 => format!("⚠ {}", printable(&report.warnings[0])),
            n => format!(
                "⚠ {} (and {} more warnings; see `dealdeck report`)",
                printable(&report.warnings[0]),
                n - 1
            ),
        };
        frame.render_widget(
            Paragraph::new(text).style(Style::default().fg(Color::Yellow)),
            warnings,
        );
    }
}

fn draw_title(frame: &mut Frame, area: Rect, view: &DashboardView) {
    let report = &view.report;
    let line = Line::from(vec![
        Span::styled(
            printable(&report.pipeline).into_owned(),
            Style::default().fg(ACCENT).add_modifier(Modifier::BOLD),
        ),
        Span::raw(format!(
            " · {} · {} to {} · as of {} · {}",
            printable(&view.period_label),
            report.from,
            report.to,
            printable(&view.as_of_label),
            report.currency
        )),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

fn kpi_cells(report: &Report) -> Vec<(&'static str, String)> {
    vec![
        ("Open deals", report.open_deals.to_string()),
        ("Open value", short_money(&report.open_value)),
        ("Weighted", short_money(&report.weighted_value)),
        ("Forecast", short_money(&report.forecast)),
        ("Win rate", percent(report.win_rate)),
        (
            "Avg deal",
            report
                .avg_deal_size
                .as_ref()
                .map_or_else(|| "–".to_string(), short_money),
        ),
        (
            "Avg cycle",
            report
                .avg_cycle_days
                .map_or_else(|| "–".to_string(), |d| format!("{d:.1} d")),
        ),
        (
            "Velocity/day",
            report
                .sales_velocity_per_day
                .as_ref()
                .map_or_else(|| "–".to_string(), short_money),
        ),
    ]
}

fn draw_kpis(frame: &mut Frame, area: Rect, kpis: &[(&str, String)], per_row: usize) {
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
                        Span::styled(label, Style::default().fg(Color::Gray)),
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
    frame.render_widget(Paragraph::new(lines).block(panel("Key figures")), area);
}

fn draw_stages(frame: &mut Frame, area: Rect, report: &Report) {
    let wide = area.width >= 120;
    let header: Vec<&str> = if wide {
        vec![
            "Stage",
            "Deals",
            "Value",
            "Weighted",
            "Avg days",
            "Expected",
            "Stale",
            "Conversion",
            "Target",
        ]
    } else {
        vec!["Stage", "Deals", "Value", "Avg d", "Exp d", "Stale", "Conv"]
    };
    let rows: Vec<Row> = report
        .stages
        .iter()
        .map(|s| {
            let mut cells = vec![
                Cell::from(printable(&s.name).into_owned()),
                Cell::from(s.open_deals.to_string()),
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
                Style::default().fg(LOST)
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
                Cell::from(s.stale.to_string()).style(stale_style),
                Cell::from(conversion).style(target_style),
            ]);
            if wide {
                let target = match s.target_conversion {
                    Some(t) if below => format!("{t}% ▼"),
                    Some(t) => format!("{t}%"),
                    None => "–".to_string(),
                };
                cells.push(Cell::from(target).style(target_style));
            }
            Row::new(cells)
        })
        .collect();
    let name_width = report
        .stages
        .iter()
        .map(|s| printable(&s.name).width())
        .max()
        .unwrap_or(0)
        .clamp(8, 32) as u16;
    let widths: Vec<Constraint> = if wide {
        vec![
            Constraint::Length(name_width + 2),
            Constraint::Length(6),
            Constraint::Length(14),
            Constraint::Length(14),
            Constraint::Length(9),
            Constraint::Length(9),
            Constraint::Length(6),
            Constraint::Length(11),
            Constraint::Length(7),
        ]
    } else {
        vec![
            Constraint::Min(12),
            Constraint::Length(5),
            Constraint::Length(10),
            Constraint::Length(6),
            Constraint::Length(6),
            Constraint::Length(5),
            Constraint::Length(7),
        ]
    };
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(Style::default().add_modifier(Modifier::BOLD)))
        .flex(ratatui::layout::Flex::Start)
        .block(panel("Stages"));
    frame.render_widget(table, area);
}

/// Labelled horizontal bars: `label  ███▌  value`.
fn bar_lines<'a>(items: &[(String, f64, String)], width: usize, colour: Color) -> Vec<Line<'a>> {
    let label_width = items
        .iter()
        .map(|(label, ..)| label.width())
        .max()
        .unwrap_or(0)
        .min(width / 3);
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
                Span::raw(format!("{value:>value_width$}")),
            ])
        })
        .collect()
}

fn draw_funnel(frame: &mut Frame, area: Rect, report: &Report) {
    let cohort = report.funnel.first().map_or(0, |f| f.reached);
    let items: Vec<(String, f64, String)> = report
        .funnel
        .iter()
        .map(|f| {
            (
                printable(&f.stage).into_owned(),
                f.cumulative_rate.unwrap_or(0.0),
                format!("{} {}", f.reached, percent(f.next_step_rate)),
            )
        })
        .collect();
    let width = usize::from(area.width.saturating_sub(2));
    let lines = if cohort == 0 {
        vec![Line::from("No deals created in the period.")]
    } else {
        bar_lines(&items, width, ACCENT)
    };
    frame.render_widget(
        Paragraph::new(lines).block(panel("Funnel (reached, next step)")),
        area,
    );
}

fn draw_lost_reasons(frame: &mut Frame, area: Rect, report: &Report) {
    let most = report.lost_reasons.first().map_or(0, |r| r.deals);
    let items: Vec<(String, f64, String)> = report
        .lost_reasons
        .iter()
        .map(|r| {
            (
                printable(&r.reason).into_owned(),
                r.deals as f64 / most.max(1) as f64,
                r.deals.to_string(),
            )
        })
        .collect();
    let width = usize::from(area.width.saturating_sub(2));
    let lines = if items.is_empty() {
        vec![Line::from("No deals lost in the period.")]
    } else {
        bar_lines(&items, width, LOST)
    };
    frame.render_widget(Paragraph::new(lines).block(panel("Lost reasons")), area);
}

fn draw_trend(frame: &mut Frame, area: Rect, report: &Report) {
    let block = panel("12 weeks: weighted, won/lost");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    // A tall sparkline only stretches the bars; beyond eight rows the space stays empty.
    let [range, spark, totals] = Layout::default()
        .direction(Direction::Vertical)
        .constraints([
            Constraint::Length(1),
            Constraint::Max(8),
            Constraint::Length(2),
        ])
        .areas(inner);
    let weighted: Vec<u64> = report
        .weekly
        .iter()
        .map(|w| w.weighted_value.value.round().to_u64().unwrap_or(0))
        .collect();
    let lowest = report
        .weekly
        .iter()
        .map(|w| w.weighted_value)
        .min_by_key(|a| a.value);
    let highest = report
        .weekly
        .iter()
        .map(|w| w.weighted_value)
        .max_by_key(|a| a.value);
    if let (Some(lowest), Some(highest)) = (lowest, highest) {
        frame.render_widget(
            Paragraph::new(format!(
                "weighted {} – {}",
                short_money(&lowest),
                short_money(&highest)
            ))
            .style(Style::default().fg(Color::Gray)),
            range,
        );
    }
    // Each week two cells wide when there is room, so the trend reads left to right.
    let repeat = (usize::from(spark.width) / weighted.len().max(1)).clamp(1, 4);
    let stretched: Vec<u64> = weighted
        .iter()
        .flat_map(|&v| std::iter::repeat_n(v, repeat))
        .collect();
    frame.render_widget(
        Sparkline::default()
            .data(&stretched)
            .style(Style::default().fg(ACCENT)),
        spark,
    );
    let most = report
        .weekly
        .iter()
        .map(|w| w.won.max(w.lost))
        .max()
        .unwrap_or(0)
        .max(1);
    let level = |n: u64| {
        const LEVELS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
        LEVELS[((n * 8).div_ceil(most)).min(8) as usize]
    };
    let row =
        |label: &'static str, colour: Color, pick: fn(&crate::metrics::WeekFigures) -> u64| {
            let mut spans = vec![Span::styled(label, Style::default().fg(colour))];
            let cells: String = report
                .weekly
                .iter()
                .flat_map(|w| std::iter::repeat_n(level(pick(w)), repeat))
                .collect();
            spans.push(Span::styled(cells, Style::default().fg(colour)));
            let total: u64 = report.weekly.iter().map(pick).sum();
            spans.push(Span::raw(format!(" {total}")));
            Line::from(spans)
        };
    let lines = vec![row("won  ", WON, |w| w.won), row("lost ", LOST, |w| w.lost)];
    frame.render_widget(Paragraph::new(lines), totals);
}

fn draw_goal(frame: &mut Frame, area: Rect, view: &DashboardView, accept: &str) {
    let title = match &view.goal_input {
        Some(_) => format!("Goal planner ({accept} to set)"),
        None => "Goal planner".to_string(),
    };
    let block = panel(&title);
    let mut lines: Vec<Line> = Vec::new();
    if let Some(input) = &view.goal_input {
        lines.push(Line::from(vec![
            Span::raw("Target: "),
            Span::styled(
                format!("{}▏", printable(input)),
                Style::default().add_modifier(Modifier::REVERSED),
            ),
        ]));
    }
    match &view.report.goal {
        None if view.goal_input.is_none() => {
            lines.push(Line::from(
                "Type a revenue target to see the deals it needs.",
            ));
        }
        None => {}
        Some(goal) => {
            lines.push(Line::from(format!(
                "{} needs {} won",
                goal.target.grouped(),
                count(goal.won_needed)
            )));
            let width = usize::from(area.width.saturating_sub(2));
            // With targets, what the stages would need at them (`needed_at_target`).
            let targeted = view
                .report
                .stages
                .iter()
                .any(|s| s.target_conversion.is_some());
            let extra = if targeted { 7 } else { 0 };
            let name_width = width.saturating_sub(21 + extra).max(4);
            lines.push(Line::from(Span::styled(
                format!(
                    "{} {:>6} {:>6} {:>6}{}",
                    fit("Stage", name_width),
                    "need",
                    "have",
                    "gap",
                    if targeted { " at tgt" } else { "" }
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
                        fit(&printable(&stage.stage), name_width),
                        count(stage.needed),
                        stage.have
                    )),
                    Span::styled(format!("{:>6}", count(stage.gap)), gap_style),
                    Span::raw(if targeted {
                        format!(" {:>6}", count(stage.needed_at_target))
                    } else {
                        String::new()
                    }),
                ]));
            }
        }
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
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
    fn fitting_respects_display_width() {
        assert_eq!(fit("日本語", 5), "日本 ");
        assert_eq!(fit("ab", 4), "ab  ");
    }
}
