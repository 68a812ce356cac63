//! The lost-reason editor: a small picker over the managed reasons that also takes free
//! text, opened when a deal enters a lost stage (the move waits for the reason) or by `r`
//! on a lost deal.

use crate::domain::{DealId, StageKind};

use crate::app::action::{Action, Msg};
use crate::app::command::Command;
use crate::app::state::{AppState, Detail, LostReasonEditor, Mode};
use crate::app::update::edit_text;

/// `r`: change the reason of lost deal `id` (from the board, or the detail pane); false
/// (with a message) when it is not a lost deal.
pub fn open(state: &mut AppState, id: Option<DealId>, from_detail: bool) -> bool {
    let Some(deal) = id.and_then(|id| state.deal_by_id(id)).cloned() else {
        return false;
    };
    if deal.status != StageKind::Lost {
        state.info(crate::t!("lost-only-lost"));
        return false;
    }
    state.mode = Mode::LostReason(LostReasonEditor {
        deal: deal.id,
        version: deal.version,
        to: None,
        input: deal.lost_reason.clone().unwrap_or_default(),
        selected: None,
        from_detail,
    });
    true
}

pub fn update(state: &mut AppState, mut editor: LostReasonEditor, msg: Msg) -> Command {
    let matches = editor.matches(&state.lost_reasons).len();
    match msg {
        Msg::Do(Action::Cancel) => {
            state.info(crate::t!("lost-cancelled"));
            back(state, &editor);
            if editor.from_detail {
                Command::LoadDetail(editor.deal)
            } else {
                Command::None
            }
        }
        Msg::Do(Action::Accept) => {
            let Some(reason) = editor.chosen(&state.lost_reasons) else {
                state.error(crate::t!("lost-empty"));
                state.mode = Mode::LostReason(editor);
                return Command::None;
            };
            back(state, &editor);
            match editor.to {
                Some(to) => Command::Move {
                    deal: editor.deal,
                    to,
                    reason: Some(reason),
                    version: editor.version,
                },
                None => Command::EditReason {
                    deal: editor.deal,
                    version: editor.version,
                    reason,
                },
            }
        }
        Msg::Do(Action::PickNext) => {
            editor.selected = match editor.selected {
                _ if matches == 0 => None,
                None => Some(0),
                Some(i) => Some((i + 1).min(matches - 1)),
            };
            state.mode = Mode::LostReason(editor);
            Command::None
        }
        Msg::Do(Action::PickPrevious) => {
            // Up past the first match goes back to the typed text.
            editor.selected = match editor.selected {
                None | Some(0) => None,
                Some(i) => Some(i - 1),
            };
            state.mode = Mode::LostReason(editor);
            Command::None
        }
        _ => {
            if edit_text(&mut editor.input, &msg) {
                let matches = editor.matches(&state.lost_reasons).len();
                editor.selected = (matches > 0 && !editor.input.trim().is_empty()).then_some(0);
                if editor.input.is_empty() && editor.to.is_some() {
                    editor.selected = Some(0);
                }
            }
            state.mode = Mode::LostReason(editor);
            Command::None
        }
    }
}

/// Leaving the editor returns to the detail pane it was opened from, if any.
fn back(state: &mut AppState, editor: &LostReasonEditor) {
    state.mode = if editor.from_detail {
        Mode::Detail(Detail::new(editor.deal))
    } else {
        Mode::Normal
    };
}
