//! The Agenda tab: overdue, today, the next 7 days and gone-quiet deals, one row each with
//! the deal, its stage and amount, and the activity's kind and due. Only reads the state.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{fit, money};
use crate::app::AppState;
use crate::app::agenda::Section;
use crate::app::agenda::words::{due_text, kind_label};
use crate::store::{Agenda, AgendaItem, QuietDeal};

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState) {
    let block = Block::bordered().title(format!(" {} ", crate::t!("agenda-title")));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(agenda) = &state.agenda.agenda else {
        frame.render_widget(Paragraph::new(crate::t!("agenda-reading")), inner);
        return;
    };
    let width = usize::from(inner.width);
    let selected = state.agenda.selected_row();
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0;
    for section in Section::ALL {
        let cells = section_cells(state, agenda, section);
        let total = section_total(agenda, section).max(cells.len() as u64);
        lines.push(Line::from(
            crate::t!("agenda-section", title = section.title(), count = total).bold(),
        ));
        if cells.is_empty() {
            lines.push(Line::from(
                format!("  {}", crate::t!("agenda-nothing")).dim(),
            ));
        }
        let shown = cells.len() as u64;
        for (index, cells) in cells.into_iter().enumerate() {
            let is_selected =
                selected.is_some_and(|row| row.section == section && row.index == index);
            let text = row_text(&cells, width);
            let style = match (is_selected, section) {
                (true, _) => Style::new().add_modifier(Modifier::REVERSED),
                (false, Section::Overdue) => Style::new().red(),
                (false, Section::GoneQuiet) => Style::new().yellow(),
                (false, _) => Style::new(),
            };
            if is_selected {
                selected_line = lines.len();
            }
            lines.push(Line::from(Span::styled(text, style)));
        }
        if total > shown {
            let more = total - shown;
            let text = match list_flag(section) {
                Some(flag) => format!(
                    "  {}",
                    crate::t!("agenda-more-listed", count = more, flag = flag)
                ),
                None => format!("  {}", crate::t!("agenda-more", count = more)),
            };
            lines.push(Line::from(text.dim()));
        }
        lines.push(Line::from(""));
    }
    // Keep the selected row on screen: scroll just far enough to show it.
    let height = usize::from(inner.height).max(1);
    let scroll = (selected_line + 1).saturating_sub(height);
    let visible: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(visible), inner);
}

/// How many rows the section has in all; the agenda holds the first page of them.
fn section_total(agenda: &Agenda, section: Section) -> u64 {
    match section {
        Section::Overdue => agenda.counts.overdue,
        Section::Today => agenda.counts.today,
        Section::Week => agenda.counts.week,
        Section::GoneQuiet => agenda.counts.gone_quiet,
    }
}

fn list_flag(section: Section) -> Option<&'static str> {
    match section {
        Section::Overdue => Some("--overdue"),
        Section::Today => Some("--today"),
        Section::Week => Some("--week"),
        Section::GoneQuiet => None,
    }
}

/// The columns of one row: title, stage, amount, kind, due.
struct Cells {
    title: String,
    stage: String,
    amount: String,
    kind: String,
    due: String,
}

fn section_cells(state: &AppState, agenda: &Agenda, section: Section) -> Vec<Cells> {
    let items = |items: &[AgendaItem]| items.iter().map(|i| item_cells(state, i)).collect();
    match section {
        Section::Overdue => items(&agenda.overdue),
        Section::Today => items(&agenda.today),
        Section::Week => items(&agenda.week),
        Section::GoneQuiet => agenda
            .gone_quiet
            .iter()
            .map(|q| quiet_cells(state, q))
            .collect(),
    }
}

fn item_cells(state: &AppState, item: &AgendaItem) -> Cells {
    Cells {
        title: item.deal_title.clone(),
        stage: item.stage_name.clone(),
        amount: format!(
            "{} {}",
            money(state, item.amount, item.currency),
            item.currency
        ),
        kind: kind_label(item.activity.kind),
        due: due_text(item.activity.due, state.dashboard.zone),
    }
}

fn quiet_cells(state: &AppState, quiet: &QuietDeal) -> Cells {
    let days = (state.now - quiet.last_activity_at).num_days();
    Cells {
        title: quiet.title.clone(),
        stage: quiet.stage_name.clone(),
        amount: format!(
            "{} {}",
            money(state, quiet.amount, quiet.currency),
            quiet.currency
        ),
        kind: crate::t!("agenda-no-next-step"),
        due: crate::t!("agenda-quiet-days", days = days),
    }
}

/// One row in columns; the title takes what the others leave.
fn row_text(cells: &Cells, width: usize) -> String {
    let stage_w = 24.min(width / 5);
    let amount_w = 16;
    let kind_w = 12;
    let due_w = 16;
    let fixed = stage_w + amount_w + kind_w + due_w + 6;
    // A very wide screen keeps the columns near the title rather than at the edge.
    let title_w = width.saturating_sub(fixed).clamp(8, 48);
    format!(
        "  {:<title_w$} {:<stage_w$} {:>amount_w$} {:<kind_w$} {:<due_w$}",
        fit(&cells.title, title_w),
        fit(&cells.stage, stage_w),
        fit(&cells.amount, amount_w),
        fit(&cells.kind, kind_w),
        fit(&cells.due, due_w),
    )
}
