//! Drawing the board from `AppState`: views only read the state, so the same code renders the
//! live terminal, `dealdeck print` and the snapshot tests.

pub mod agenda;
pub mod board;
pub mod dashboard;
pub mod dashboard_drill;
pub mod dashboard_guide;
pub mod dashboard_insights;
pub mod dashboard_owners;
pub mod dashboard_panels;
pub mod dashboard_tab;
pub mod dashboard_trend;
pub mod detail;
pub mod figures;
pub mod footer;
pub mod forms;
pub mod help;
pub mod lost_reason;
pub mod schedule;
pub mod tabs;
pub mod theme;

use ratatui::Frame;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Paragraph;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::app::state::Drawn;
use crate::app::{AppState, Mode, Tab};
use crate::domain::text::printable;

/// Below this the board cannot show a card legibly.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

/// Draws one frame from the state, which it only reads; returns the layout `update` needs
/// (the help overlay's page), which the caller records in the state.
pub fn draw(frame: &mut Frame, state: &AppState) -> Drawn {
    let mut drawn = Drawn::default();
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        // Sizes as plain digits: `80×24` is a terminal size, not a quantity to group.
        let notice = crate::t!(
            "board-too-small",
            width = area.width.to_string(),
            height = area.height.to_string(),
            min_width = MIN_WIDTH.to_string(),
            min_height = MIN_HEIGHT.to_string()
        );
        frame.render_widget(Paragraph::new(notice), area);
        return drawn;
    }
    let [top, body, bottom] = screen_areas(area);
    tabs::draw(frame, top, state);
    match state.tab {
        Tab::Board => {
            board::draw(frame, body, state);
            drawn.board_cards = board::visible_cards(body.height);
        }
        Tab::Dashboard => {
            let viewport = dashboard_tab::draw(frame, body, state);
            drawn.dashboard_width = viewport.width;
            drawn.dashboard_visible = viewport.visible;
        }
        Tab::Agenda => agenda::draw(frame, body, state),
    }
    match &state.mode {
        Mode::Detail(detail) => {
            let pane = detail::draw(frame, body, state, detail);
            drawn.detail_visible = pane.visible;
            drawn.detail_max_scroll = pane.max_scroll;
            drawn.detail_tasks_top = pane.tasks_top;
        }
        Mode::Form(form) => forms::draw(frame, body, state, form),
        Mode::Help { scroll } => {
            let help = help::draw(frame, body, state, *scroll);
            drawn.help_visible = help.visible;
            drawn.help_max_scroll = help.max_scroll();
        }
        Mode::PipelinePicker { selected } => tabs::draw_picker(frame, body, state, *selected),
        Mode::DrillDown(list) => {
            drawn.drill_visible = dashboard_drill::draw(frame, body, state, list);
        }
        Mode::Schedule(input) => {
            if let Some(detail) = &input.detail {
                detail::draw(frame, body, state, detail);
            }
            let anchor = match (&input.detail, state.tab) {
                (None, Tab::Board) => board::focused_card_area(body, state),
                _ => None,
            };
            schedule::draw(frame, body, anchor, state, input);
        }
        Mode::LostReason(editor) => {
            // Over the card on the board; in the middle elsewhere (the Agenda's `X`).
            let anchor = if editor.from_detail || state.tab != Tab::Board {
                None
            } else {
                board::focused_card_area(body, state)
            };
            lost_reason::draw(frame, body, anchor, state, editor);
        }
        // The goal planner shows its own input; the period prompt is in the footer.
        Mode::Normal
        | Mode::Filter
        | Mode::ConfirmArchive { .. }
        | Mode::GoalInput { .. }
        | Mode::PeriodInput { .. } => {}
    }
    footer::draw(frame, bottom, state);
    drawn
}

/// The live keys of `action` in `mode`, for hints that name them.
pub fn key(state: &AppState, mode: crate::app::KeyMode, action: crate::app::Action) -> String {
    state.keymap.label_in(mode, action)
}

/// Stored text made safe and cut to `width` columns (wide characters count double).
/// The tab bar, the body between, and the footer.
pub fn screen_areas(area: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area)
}

pub fn fit(text: &str, width: usize) -> String {
    let safe = printable(text);
    if safe.width() <= width {
        return safe.into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in safe.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(ch);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// A rectangle of at most `width`×`height` in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// Money for people, written the locale's way (`i18n::Numbers`).
pub fn money(
    _state: &AppState,
    amount: rust_decimal::Decimal,
    currency: crate::domain::Currency,
) -> String {
    crate::i18n::numbers().money(amount, currency)
}

/// One screen of the board as plain text, drawn by the same code as the terminal.
pub fn render_text(state: &AppState, width: u16, height: u16) -> String {
    let Ok(mut terminal) = Terminal::new(TestBackend::new(width, height));
    let Ok(_) = terminal.draw(|frame| {
        draw(frame, state);
    });
    buffer_text(terminal.backend().buffer())
}

/// The buffer's symbols row by row; the cell after a wide character is skipped, not blank.
pub fn buffer_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::with_capacity(usize::from(area.width + 1) * usize::from(area.height));
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = symbol.width().saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
