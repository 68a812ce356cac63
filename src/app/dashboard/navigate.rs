//! The dashboard's row cursor and scrolling (by the panels' arrangement at the width last
//! drawn), the owner filter, and the drill-down: `Enter` on a row asks for the deals behind
//! it, `Enter` in the list goes to the deal on the board, `Esc` comes back.

use crate::app::action::{Action, Msg};
use crate::app::command::Command;
use crate::app::state::{AppState, Mode, Tab};

use super::drill::{Behind, DrillDown, DrillRequest};
use super::layout::{Arrangement, Pick, arrange, follow};

/// The width and height the panels had at the last frame; 80×22 before the first.
fn viewport(state: &AppState) -> (u16, u16) {
    let drawn = state.drawn;
    if drawn.dashboard_width == 0 {
        (80, 21)
    } else {
        (drawn.dashboard_width, drawn.dashboard_visible.max(1))
    }
}

fn arrangement(state: &AppState) -> Option<(Arrangement, u16)> {
    let view = state.dashboard.view.as_ref()?;
    let (width, visible) = viewport(state);
    Some((arrange(view, width, visible), visible))
}

/// A scrolling or cursor key; `None` for any other action.
pub fn scroll(state: &mut AppState, action: Action) -> Option<Command> {
    if !matches!(
        action,
        Action::DashboardDown
            | Action::DashboardUp
            | Action::DashboardPageDown
            | Action::DashboardPageUp
            | Action::DashboardTop
            | Action::DashboardBottom
    ) {
        return None;
    }
    let Some((layout, visible)) = arrangement(state) else {
        return Some(Command::None);
    };
    let dashboard = &mut state.dashboard;
    let last = layout.picks.len().saturating_sub(1);
    let max_scroll = layout.max_scroll(visible);
    let page = visible.saturating_sub(1).max(1);
    let mut cursor = dashboard.cursor.min(last);
    let mut scroll = dashboard.scroll.min(max_scroll);
    match action {
        Action::DashboardDown | Action::DashboardUp => {
            cursor = if action == Action::DashboardDown {
                (cursor + 1).min(last)
            } else {
                cursor.saturating_sub(1)
            };
            if let Some(line) = layout.line_of(cursor) {
                scroll = follow(scroll, line, visible);
            }
        }
        Action::DashboardPageDown => {
            scroll = scroll.saturating_add(page).min(max_scroll);
            // The cursor stays on screen: the first row below the new top, if it was above.
            if layout.line_of(cursor).is_some_and(|line| line < scroll) {
                cursor = (0..=last)
                    .find(|&i| layout.line_of(i).is_some_and(|line| line >= scroll))
                    .unwrap_or(last);
            }
        }
        Action::DashboardPageUp => {
            scroll = scroll.saturating_sub(page);
            let bottom = scroll.saturating_add(visible);
            if layout.line_of(cursor).is_some_and(|line| line >= bottom) {
                cursor = (0..=last)
                    .rev()
                    .find(|&i| layout.line_of(i).is_some_and(|line| line < bottom))
                    .unwrap_or(0);
            }
        }
        Action::DashboardTop => {
            scroll = 0;
            cursor = 0;
        }
        _ => {
            scroll = max_scroll;
            cursor = last;
        }
    }
    dashboard.cursor = cursor;
    dashboard.scroll = scroll;
    Some(Command::None)
}

/// `Enter` on the dashboard: the deals behind the row under the cursor.
pub fn open_row(state: &mut AppState) -> Command {
    let Some(request) = drill_request(state) else {
        state.info(crate::t!("dash-msg-no-row"));
        return Command::None;
    };
    Command::DrillDown(Box::new(request))
}

fn drill_request(state: &AppState) -> Option<DrillRequest> {
    let view = state.dashboard.view.as_ref()?;
    let (layout, _) = arrangement(state)?;
    let (pick, _) = layout.picks.get(
        state
            .dashboard
            .cursor
            .min(layout.picks.len().checked_sub(1)?),
    )?;
    let report = &view.report;
    let pipeline = state.current_pipeline()?.clone();
    let (behind, title) = match pick {
        Pick::Stage(i) => {
            let figures = report.stages.get(*i)?;
            let stage = pipeline
                .stages
                .iter()
                .filter(|s| s.kind == crate::domain::StageKind::Open)
                .nth(*i)?
                .id;
            (
                Behind::Stage {
                    stage,
                    expected_days: figures.expected_days,
                },
                crate::t!(
                    "drill-stage",
                    stage = figures.name.as_str(),
                    stale = figures.stale
                ),
            )
        }
        Pick::LostReason(i) => {
            let reason = report.lost_reasons.get(*i)?;
            (
                Behind::LostReason(reason.reason.clone()),
                crate::t!("drill-lost", reason = reason.reason.as_str()),
            )
        }
        Pick::Month(i) => super::figures_of::month(view, *i)?,
        Pick::Owner(i) => super::figures_of::owner(view, *i)?,
    };
    Some(DrillRequest {
        behind,
        title,
        pipeline,
        from: report.from,
        to: report.to,
        as_of: report.as_of,
        zone: state.dashboard.zone,
        owner: super::figures_of::owner_filter(state),
    })
}

/// A key in the drill-down list.
pub fn drill_list(state: &mut AppState, mut list: Box<DrillDown>, msg: Msg) -> Command {
    let last = list.rows.len().saturating_sub(1);
    match msg {
        Msg::Do(Action::PickNext) => list.selected = (list.selected + 1).min(last),
        Msg::Do(Action::PickPrevious) => list.selected = list.selected.saturating_sub(1),
        Msg::Do(Action::PageDown) => {
            list.selected = (list.selected + state.drawn.drill_visible.max(1)).min(last);
        }
        Msg::Do(Action::PageUp) => {
            list.selected = list
                .selected
                .saturating_sub(state.drawn.drill_visible.max(1));
        }
        Msg::Do(Action::Accept) => return to_board(state, &list),
        Msg::Do(Action::Cancel) => return Command::None,
        _ => {}
    }
    state.mode = Mode::DrillDown(list);
    Command::None
}

/// The selected deal on the board: its column read on to it when it is further down.
fn to_board(state: &mut AppState, list: &DrillDown) -> Command {
    let Some(row) = list.rows.get(list.selected) else {
        state.mode = Mode::DrillDown(Box::new(list.clone()));
        return Command::None;
    };
    state.tab = Tab::Board;
    if let Some(ask) = state.board.reach(row.deal, row.stage) {
        return Command::LoadCards {
            asks: vec![ask],
            needle: state.board.needle(),
        };
    }
    if state.deal_by_id(row.deal).is_some() {
        state.focus_on(row.deal);
    } else {
        state.info(crate::t!("dash-msg-not-on-board"));
    }
    Command::None
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use crate::app::action::Action;
    use crate::app::keymap::{KeyMode, Keymap};
    use crate::app::state::Tab;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn the_dashboard_s_row_keys_share_the_board_s_keys_each_on_its_own_tab() {
        let map = Keymap::default();
        let on = |tab, code| map.action_on(KeyMode::Board, tab, &key(code));
        assert_eq!(on(Tab::Board, KeyCode::Char('j')), Some(Action::FocusDown));
        assert_eq!(on(Tab::Agenda, KeyCode::Char('j')), Some(Action::FocusDown));
        assert_eq!(
            on(Tab::Dashboard, KeyCode::Char('j')),
            Some(Action::DashboardDown)
        );
        assert_eq!(on(Tab::Board, KeyCode::Enter), Some(Action::OpenDetail));
        assert_eq!(
            on(Tab::Dashboard, KeyCode::Enter),
            Some(Action::DashboardDeals)
        );
        assert_eq!(
            on(Tab::Dashboard, KeyCode::End),
            Some(Action::DashboardBottom)
        );
        assert_eq!(
            on(Tab::Dashboard, KeyCode::Char('o')),
            Some(Action::OwnerFilter)
        );
        let table: toml::Table = toml::from_str("owner_filter = \"O\"").unwrap();
        let (map, problems) = Keymap::with_overrides(&table);
        assert!(problems.is_empty(), "{problems:?}");
        let big_o = key(KeyCode::Char('O'));
        assert_eq!(
            map.action_on(KeyMode::Board, Tab::Dashboard, &big_o),
            Some(Action::OwnerFilter)
        );
        assert_eq!(map.label_for(Action::OwnerFilter), "O");
    }
}
