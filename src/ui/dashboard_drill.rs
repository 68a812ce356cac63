//! The drill-down list over the dashboard: the deals behind a row with title, organization,
//! amount, stage and days in it (stale ones marked), the selected one highlighted.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Clear, Paragraph, Row, Table};

use super::dashboard_panels::{fit, fit_right};
use crate::app::dashboard::drill::DrillDown;
use crate::app::{Action, AppState, KeyMode};
use crate::t;

/// Draws the list; returns how many deals show at once (for paging).
pub fn draw(frame: &mut Frame, body: Rect, state: &AppState, list: &DrillDown) -> usize {
    let width = body.width.saturating_sub(4).max(20).min(body.width);
    let rows_wanted = u16::try_from(list.rows.len()).unwrap_or(u16::MAX);
    let height = rows_wanted
        .saturating_add(3)
        .max(5)
        .min(body.height.saturating_sub(2).max(3));
    let popup = super::centered(body, width, height);
    frame.render_widget(Clear, popup);
    let keys = &state.keymap;
    let go = keys.label_in(KeyMode::Picker, Action::Accept);
    let back = keys.label_in(KeyMode::Picker, Action::Cancel);
    let shown = if list.total > list.rows.len() {
        t!("drill-some-of", shown = list.rows.len(), total = list.total)
    } else {
        t!("drill-deals", count = list.total)
    };
    let inner_width = usize::from(popup.width.saturating_sub(2));
    let title = super::fit(
        &format!(" {} · {shown} ", list.title),
        inner_width.saturating_sub(2),
    );
    let visible = usize::from(popup.height.saturating_sub(3));
    let top = list.selected.saturating_sub(visible.saturating_sub(1));
    let last = (top + visible).min(list.rows.len());
    let block = Block::bordered().title(title).title_bottom(
        Line::from(format!(
            " {} ",
            t!(
                "drill-keys",
                go = go.as_str(),
                back = back.as_str(),
                first = (top + 1).min(last),
                last = last
            )
        ))
        .right_aligned(),
    );
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    if list.rows.is_empty() {
        frame.render_widget(Paragraph::new(t!("drill-empty")), inner);
        return visible;
    }
    // Amount, stage and days keep their width; title and organization share the rest.
    let (amount_w, stage_w, days_w) = (14usize, 18usize.min(inner_width / 5), 8usize);
    let rest = inner_width.saturating_sub(amount_w + stage_w + days_w + 4);
    // On a wide terminal the text columns stop growing rather than spread the row out.
    let title_w = (rest * 3 / 5).clamp(4, 48);
    let org_w = rest.saturating_sub(title_w).clamp(1, 36);
    let stage_name = |id| {
        state
            .stage(id)
            .map_or_else(|| "?".to_string(), |s| s.name.clone())
    };
    let rows: Vec<Row> = list
        .rows
        .iter()
        .enumerate()
        .skip(top)
        .take(visible)
        .map(|(i, row)| {
            let days = format!(
                "{}{}",
                crate::i18n::numbers().float(row.days.floor(), 0),
                if row.stale { "!" } else { "" }
            );
            let amount = super::money(state, row.amount, row.currency);
            let amount = format!("{amount} {}", row.currency.code());
            let style = if i == list.selected {
                Style::default().add_modifier(Modifier::REVERSED)
            } else if row.stale {
                Style::default().fg(Color::Yellow)
            } else {
                Style::default()
            };
            Row::new(vec![
                Cell::from(fit(&row.title, title_w)),
                Cell::from(fit(row.organization.as_deref().unwrap_or("–"), org_w)),
                Cell::from(fit_right(&amount, amount_w)),
                Cell::from(fit(&stage_name(row.stage), stage_w)),
                Cell::from(fit_right(&days, days_w)),
            ])
            .style(style)
        })
        .collect();
    let header = Row::new(vec![
        Cell::from(fit(&t!("drill-col-title"), title_w)),
        Cell::from(fit(&t!("drill-col-organization"), org_w)),
        Cell::from(fit_right(&t!("drill-col-amount"), amount_w)),
        Cell::from(fit(&t!("drill-col-stage"), stage_w)),
        Cell::from(fit_right(&t!("drill-col-days"), days_w)),
    ])
    .style(Style::default().add_modifier(Modifier::BOLD));
    let widths = [title_w, org_w, amount_w, stage_w, days_w]
        .map(|w| Constraint::Length(u16::try_from(w).unwrap_or(u16::MAX)));
    frame.render_widget(
        Table::new(rows, widths)
            .header(header)
            .flex(ratatui::layout::Flex::Start),
        inner,
    );
    visible
}
