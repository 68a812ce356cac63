//! The kanban: one column per stage, header sums, and only the cards that fit are built.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use unicode_width::UnicodeWidthStr;

use super::{fit, money};
use crate::app::AppState;
use crate::app::state::Column;
use crate::domain::StageKind;

/// Narrower than this a card's title and amount stop being readable.
pub const MIN_COLUMN_WIDTH: u16 = 26;
/// Rows a card takes, its gap included.
const CARD_ROWS: u16 = 4;
/// Rows above the first card inside a column: total, weighted, rule.
const HEADER_ROWS: u16 = 3;

/// Which columns are on screen and where: the focused one always is.
pub fn column_areas(area: Rect, state: &AppState) -> Vec<(usize, Rect)> {
    let count = state.board.columns.len();
    if count == 0 || area.width == 0 {
        return Vec::new();
    }
    let fitting = usize::from((area.width / MIN_COLUMN_WIDTH).max(1)).min(count);
    let first = (state.board.focus_column + 1).saturating_sub(fitting);
    let base = area.width / fitting as u16;
    let spare = area.width % fitting as u16;
    let mut x = area.x;
    (0..fitting)
        .map(|i| {
            let width = base + u16::from((i as u16) < spare);
            let rect = Rect::new(x, area.y, width, area.height);
            x += width;
            (first + i, rect)
        })
        .collect()
}

/// How many cards fit in a column of this height.
pub fn visible_cards(column_height: u16) -> usize {
    usize::from(column_height.saturating_sub(2 + HEADER_ROWS) / CARD_ROWS)
}

/// The first card shown, so the focused one is in view.
fn first_card(focused: usize, visible: usize) -> usize {
    (focused + 1).saturating_sub(visible.max(1))
}

/// Where the focused card is drawn, for the lost-reason editor to open on it.
pub fn focused_card_area(area: Rect, state: &AppState) -> Option<Rect> {
    let (index, rect) = column_areas(area, state)
        .into_iter()
        .find(|(i, _)| *i == state.board.focus_column)?;
    let focused = state.board.focus_card.get(index).copied().unwrap_or(0);
    let visible = visible_cards(rect.height);
    let offset = focused - first_card(focused, visible);
    let y = rect.y + 1 + HEADER_ROWS + CARD_ROWS * offset as u16;
    Some(Rect::new(
        rect.x,
        y,
        rect.width,
        CARD_ROWS.min(rect.bottom().saturating_sub(y)),
    ))
}

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState) {
    if state.board.columns.is_empty() {
        frame.render_widget(
            Paragraph::new(crate::t!("board-no-stages")).block(Block::bordered()),
            area,
        );
        return;
    }
    for (index, rect) in column_areas(area, state) {
        draw_column(frame, rect, state, index);
    }
}

fn draw_column(frame: &mut Frame, area: Rect, state: &AppState, index: usize) {
    let column = &state.board.columns[index];
    let focused_column = index == state.board.focus_column;
    let inner_width = usize::from(area.width.saturating_sub(2));
    let border = if focused_column {
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
    } else {
        Style::new()
    };
    // The count matters more than the end of a long stage name.
    let count = format!(
        " ({})",
        crate::i18n::numbers().count(u64::try_from(column.count).unwrap_or(u64::MAX))
    );
    let pointer = if focused_column { "▶ " } else { "" };
    let name_width = inner_width.saturating_sub(2 + count.width() + pointer.chars().count());
    let title = format!("{pointer}{}{count}", fit(&column.stage.name, name_width));
    let visible = visible_cards(area.height);
    let focused = state.board.focus_card.get(index).copied().unwrap_or(0);
    let first = first_card(focused, visible);
    let mut block = Block::bordered()
        .border_style(border)
        .title(Line::from(format!(" {title} ")));
    if column.count > visible {
        let last = (first + visible).min(column.count);
        let range = crate::t!(
            "board-cards-shown",
            first = first + 1,
            last = last,
            count = column.count
        );
        block = block.title_bottom(Line::from(format!(" {range} ")));
    }
    let mut lines = header(state, column, inner_width);
    // Only the cards read are drawn; the read keeping ahead of the focus brings the rest.
    for (offset, deal) in column.cards.iter().skip(first).take(visible).enumerate() {
        let is_focused = focused_column && first + offset == focused;
        card(&mut lines, state, column, deal, inner_width, is_focused);
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn header<'a>(state: &AppState, column: &Column, width: usize) -> Vec<Line<'a>> {
    let currency = state
        .current_pipeline()
        .map(|p| p.currency)
        .unwrap_or_default();
    let partial = if column.other_currency > 0 { "+" } else { "" };
    vec![
        Line::from(fit(
            &format!(
                "Σ {} {currency}{partial}",
                money(state, column.total, currency)
            ),
            width,
        ))
        .bold(),
        Line::from(fit(
            &crate::t!(
                "board-weighted",
                amount = money(state, column.weighted, currency)
            ),
            width,
        ))
        .dim(),
        Line::from("─".repeat(width)).dim(),
    ]
}

fn card<'a>(
    lines: &mut Vec<Line<'a>>,
    state: &AppState,
    column: &Column,
    deal: &crate::store::BoardCard,
    width: usize,
    focused: bool,
) {
    let board_deal = deal;
    let rotting = state.is_rotting(deal, &column.stage);
    let overdue = state.board.overdue.contains(&deal.id);
    let mut marker = String::new();
    if rotting {
        marker.push('!');
    }
    if overdue {
        marker.push('*');
    }
    if !marker.is_empty() {
        marker.push(' ');
    }
    let base = if focused {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        Style::new()
    };
    // A one-column gutter marks the focused card even where colours are lost (print, logs).
    let gutter = if focused { "▌" } else { " " };
    let width = width.saturating_sub(1);
    let title = fit(&deal.title, width.saturating_sub(marker.chars().count()));
    let pad = |text: String| {
        let used = unicode_width::UnicodeWidthStr::width(text.as_str());
        format!("{text}{}", " ".repeat(width.saturating_sub(used)))
    };
    let mut first = vec![Span::raw(gutter)];
    if !marker.is_empty() {
        first.push(Span::styled(
            marker.clone(),
            base.fg(Color::Red).add_modifier(Modifier::BOLD),
        ));
    }
    let used = marker.chars().count();
    first.push(Span::styled(
        format!(
            "{title}{}",
            " ".repeat(
                width.saturating_sub(used + unicode_width::UnicodeWidthStr::width(title.as_str()))
            )
        ),
        base.add_modifier(Modifier::BOLD),
    ));
    lines.push(Line::from(first));
    let second = match (column.stage.kind, &deal.lost_reason) {
        (StageKind::Lost, Some(reason)) => format!("✗ {reason}"),
        _ => deal.organization.clone().unwrap_or_default(),
    };
    // The checklist's progress sits at the end of the second line, the organization cut
    // to make room: the amount line is full on a narrow board.
    let progress = checklist_progress(state, deal.id, &column.stage)
        .map(|(done, total)| format!(" {done}/{total}"))
        .unwrap_or_default();
    let second = fit(&second, width.saturating_sub(progress.len()));
    let gap = width
        .saturating_sub(unicode_width::UnicodeWidthStr::width(second.as_str()) + progress.len());
    lines.push(Line::from(vec![
        Span::raw(gutter),
        Span::styled(format!("{second}{}{progress}", " ".repeat(gap)), base),
    ]));
    let days = (state.now - board_deal.entered_stage_at).num_days().max(0);
    let next = match state.board.next_steps.get(&deal.id) {
        Some(step) => format!(
            "→ {} {}",
            activity_word(step.kind),
            relative_due(state, step.due)
        ),
        None if column.stage.kind == StageKind::Open => crate::t!("board-no-next-step"),
        None => String::new(),
    };
    let third = format!(
        "{} {} · {}",
        money(state, deal.amount, deal.currency),
        deal.currency,
        crate::t!("board-days-in-stage", days = days)
    );
    lines.push(Line::from(vec![
        Span::raw(gutter),
        Span::styled(pad(fit(&third, width)), base.dim()),
    ]));
    // The next step sits in the gap line under the card, so cards keep their height.
    lines.push(Line::from(vec![
        Span::raw(" "),
        Span::raw(fit(&next, width)).italic(),
    ]));
}

/// The card's checklist `(done, total)`: as stored, else its stage's tasks with none done;
/// `None` when the stage has no tasks or is closed (its checklist no longer matters).
fn checklist_progress(
    state: &AppState,
    deal: crate::domain::DealId,
    stage: &crate::domain::Stage,
) -> Option<(usize, usize)> {
    let progress = state
        .board
        .checklists
        .get(&deal)
        .copied()
        .unwrap_or_else(|| {
            let tasks = stage.playbook.tasks.iter();
            (0, tasks.filter(|t| !t.trim().is_empty()).count())
        });
    (progress.1 > 0 && stage.kind == StageKind::Open).then_some(progress)
}

/// An activity's kind as the Board's cards and detail pane say it (`follow-up` in English;
/// the command line and JSON keep [`ActivityKind::label`](crate::domain::ActivityKind)).
pub fn activity_word(kind: crate::domain::ActivityKind) -> String {
    use crate::domain::ActivityKind;
    match kind {
        ActivityKind::Call => crate::t!("board-kind-call"),
        ActivityKind::Email => crate::t!("board-kind-email"),
        ActivityKind::Meeting => crate::t!("board-kind-meeting"),
        ActivityKind::Task => crate::t!("board-kind-task"),
        ActivityKind::FollowUp => crate::t!("board-kind-follow-up"),
    }
}

/// A due date relative to today: `today`, `in 3d`, `2d ago`.
fn relative_due(state: &AppState, due: crate::domain::Due) -> String {
    let today = state.now.date_naive();
    let day = match due {
        crate::domain::Due::Day(day) => day,
        crate::domain::Due::At(at) => at.date_naive(),
    };
    match (day - today).num_days() {
        0 => crate::t!("board-due-today"),
        1 => crate::t!("board-due-tomorrow"),
        n if n > 0 => crate::t!("board-due-in", days = n),
        n => crate::t!("board-due-ago", days = -n),
    }
}
