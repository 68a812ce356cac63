//! The Dashboard tab's drawing: a pinned title line over panels that scroll (key figures,
//! stages, the 12-week charts, funnel, lost reasons, forecast by month, owners, goal
//! planner, warnings), laid out by `app::dashboard::layout` and drawn from an already
//! computed [`Report`](crate::metrics::Report), so a frame never recomputes a figure.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::app::dashboard::DashboardView;
use crate::app::dashboard::layout::{Arrangement, arrange};
use crate::domain::text::printable;
use crate::t;

pub use super::figures::figure_definitions;

pub(crate) const ACCENT: Color = Color::Cyan;

/// How the dashboard is to be drawn besides its figures: where it is scrolled to, which row
/// the cursor is on (`None`: no cursor), the owner the figures are restricted to, and the
/// live key that sets the goal being typed.
#[derive(Clone, Debug, Default)]
pub struct Look<'a> {
    pub scroll: u16,
    pub cursor: Option<usize>,
    pub owner: Option<&'a str>,
    pub accept: &'a str,
}

/// What the drawing laid out: the panels' width and how many of their lines show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Viewport {
    pub width: u16,
    pub visible: u16,
}

/// Draws the whole Dashboard tab into `area`, from the top.
pub fn draw_dashboard(frame: &mut Frame, area: Rect, view: &DashboardView) {
    draw_dashboard_with(frame, area, view, "Enter");
}

/// [`draw_dashboard`] naming `accept`, the live key that sets the goal being typed.
pub fn draw_dashboard_with(frame: &mut Frame, area: Rect, view: &DashboardView, accept: &str) {
    let look = Look {
        accept,
        ..Look::default()
    };
    draw_scrolled(frame, area, view, &look);
}

/// Draws the title line and, below it, the panels scrolled by `look.scroll` lines (clamped to
/// what there is), the cursor's row highlighted.
pub fn draw_scrolled(
    frame: &mut Frame,
    area: Rect,
    view: &DashboardView,
    look: &Look<'_>,
) -> Viewport {
    if area.height == 0 || area.width == 0 {
        return Viewport::default();
    }
    let title = Rect::new(area.x, area.y, area.width, 1);
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    let layout = arrange(view, body.width, body.height);
    let scroll = look.scroll.min(layout.max_scroll(body.height));
    draw_title(frame, title, view, look, &layout, scroll, body.height);
    let mut content = Buffer::empty(Rect::new(0, 0, body.width, layout.height));
    for (panel, rect) in &layout.panels {
        super::dashboard_panels::draw(&mut content, *rect, *panel, view, look);
    }
    if let Some(cursor) = look.cursor {
        highlight(&mut content, &layout, cursor);
    }
    let target = frame.buffer_mut();
    for line in 0..body.height.min(layout.height.saturating_sub(scroll)) {
        for x in 0..body.width {
            let cell = content[(x, scroll + line)].clone();
            target[(body.x + x, body.y + line)] = cell;
        }
    }
    Viewport {
        width: body.width,
        visible: body.height,
    }
}

/// The cursor's row drawn reversed, inside its panel's borders.
fn highlight(content: &mut Buffer, layout: &Arrangement, cursor: usize) {
    let Some((_, line)) = layout
        .picks
        .get(cursor.min(layout.picks.len().saturating_sub(1)))
    else {
        return;
    };
    let Some((_, rect)) = layout
        .panels
        .iter()
        .find(|(_, r)| r.y <= *line && *line < r.bottom())
    else {
        return;
    };
    let row = Rect::new(rect.x + 1, *line, rect.width.saturating_sub(2), 1);
    content.set_style(row, Style::default().add_modifier(Modifier::REVERSED));
}

fn draw_title(
    frame: &mut Frame,
    area: Rect,
    view: &DashboardView,
    look: &Look<'_>,
    layout: &Arrangement,
    scroll: u16,
    visible: u16,
) {
    let report = &view.report;
    // The owner filter comes right after the pipeline: it changes every figure below.
    let owner = look
        .owner
        .map(|o| {
            format!(
                " · {}",
                t!("dash-title-owner", owner = printable(o).as_ref())
            )
        })
        .unwrap_or_default();
    let where_ = if layout.height > visible {
        let last = (scroll + visible).min(layout.height);
        // The last line on screen of how many: enough to tell there is more below.
        format!(" {last}/{} ", layout.height)
    } else {
        String::new()
    };
    let room = usize::from(area.width).saturating_sub(where_.width());
    let name = printable(&report.pipeline);
    let numbers = crate::i18n::numbers();
    let (from, to) = (numbers.date(report.from), numbers.date(report.to));
    let dates = |range: String| {
        format!(
            "{owner} · {} · {range} · {}",
            printable(&view.period_label),
            t!(
                "dash-title-as-of",
                moment = printable(&view.as_of_label).as_ref()
            ),
        )
    };
    let short = dates(t!(
        "dash-title-range",
        from = from.as_str(),
        to = to.as_str()
    ));
    let full = format!("{short} · {}", report.currency);
    // The currency is in the tab bar too: it goes first when the line is short of room.
    let text = if name.width() + full.width() <= room {
        full
    } else {
        if name.width() + short.width() <= room {
            short
        } else {
            dates(format!("{from}–{to}"))
        }
    };
    let name = super::fit(&name, room.min(name.width()));
    let rest = super::fit(&text, room.saturating_sub(name.width()));
    let used = name.width() + rest.width();
    let line = Line::from(vec![
        Span::styled(
            name,
            Style::default().fg(ACCENT).add_modifier(Modifier::BOLD),
        ),
        Span::raw(rest),
        Span::raw(" ".repeat(room.saturating_sub(used))),
        Span::styled(where_, Style::default().fg(super::theme::secondary())),
    ]);
    Paragraph::new(line).render(area, frame.buffer_mut());
}
