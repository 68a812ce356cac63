//! The inline lost-reason picker, drawn over the card being lost.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

use unicode_width::UnicodeWidthStr;

use super::{centered, fit};
use crate::app::state::LostReasonEditor;
use crate::app::{Action, AppState, KeyMode};

const WIDTH: u16 = 36;
const MAX_SHOWN: usize = 8;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    anchor: Option<Rect>,
    state: &AppState,
    editor: &LostReasonEditor,
) {
    let key = |action| super::key(state, KeyMode::Prompt, action);
    let matches = editor.matches(&state.lost_reasons);
    let shown = matches.len().min(MAX_SHOWN);
    let height = (4 + shown as u16).min(area.height);
    let keys = format!(
        " {} ",
        crate::t!(
            "lost-keys",
            accept = key(Action::Accept),
            cancel = key(Action::Cancel),
            pick = format!("{}{}", key(Action::PickPrevious), key(Action::PickNext))
        )
    );
    // Wide enough for the key hints, which run longer in Dutch and Swedish.
    let keys_width = u16::try_from(keys.trim_end().width() + 2).unwrap_or(u16::MAX);
    let width = WIDTH
        .max(anchor.map_or(0, |a| a.width))
        .max(keys_width)
        .min(area.width);
    let popup = match anchor {
        Some(card) => {
            let x = card.x.min(area.right().saturating_sub(width));
            let y = card.y.min(area.bottom().saturating_sub(height));
            Rect::new(x, y, width, height)
        }
        None => centered(area, width, height),
    };
    let inner = usize::from(width.saturating_sub(2));
    let mut lines = vec![Line::from(format!(
        "> {}█",
        fit(&editor.input, inner.saturating_sub(3))
    ))];
    let selected = editor.selected;
    let first = selected.map_or(0, |s| (s + 1).saturating_sub(MAX_SHOWN));
    for (i, reason) in matches.iter().enumerate().skip(first).take(MAX_SHOWN) {
        let text = format!("  {}", fit(reason, inner.saturating_sub(2)));
        lines.push(if selected == Some(i) {
            Line::from(text.reversed())
        } else {
            Line::from(text)
        });
    }
    let typed = editor.input.trim();
    if selected.is_none() && !typed.is_empty() {
        lines.push(Line::from(
            fit(
                &format!(
                    "  {}",
                    crate::t!(
                        "lost-saves-typed",
                        accept = key(Action::Accept),
                        reason = format!("{typed:?}")
                    )
                ),
                inner,
            )
            .dim(),
        ));
    } else if matches.is_empty() {
        lines.push(Line::from(
            format!("  ({})", crate::t!("lost-new-reason")).dim(),
        ));
    }
    let title = if editor.to.is_some() {
        format!(" {} ", crate::t!("lost-title-why"))
    } else {
        format!(" {} ", crate::t!("lost-title-change"))
    };
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title).title_bottom(keys)),
        popup,
    );
}
