//! What a key asks the board to do, independent of which key it was. Each action's config
//! name (snake_case) and place in the help overlay are derived, its help text comes from the
//! catalogue (`action-…` keys); which keys bring it about, per mode, is the keymap's business.

use ratatui::crossterm::event::KeyEvent;
use strum::{EnumString, IntoStaticStr, VariantArray};

/// Every action, in the help overlay's order.
pub const ALL: &[Action] = Action::VARIANTS;

/// The actions a key can be bound to in the keymap, in the order the help overlay lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    FocusLeft,
    FocusRight,
    FocusDown,
    FocusUp,
    MoveLeft,
    MoveRight,
    MarkWon,
    MarkLost,
    OpenDetail,
    Close,
    NewDeal,
    EditDeal,
    EditReason,
    AddNote,
    EditorNote,
    Filter,
    ToggleMine,
    SwitchPipeline,
    Undo,
    Redo,
    Archive,
    NextTab,
    BoardTab,
    DashboardTab,
    AgendaTab,
    MarkDone,
    Schedule,
    LogCall,
    Reschedule,
    PeriodThisMonth,
    PeriodThisQuarter,
    PeriodThisYear,
    PeriodLast90Days,
    PeriodAllTime,
    PeriodCustom,
    GoalTarget,
    DashboardDown,
    DashboardUp,
    DashboardPageDown,
    DashboardPageUp,
    DashboardTop,
    DashboardBottom,
    DashboardDeals,
    OwnerFilter,
    Help,
    Quit,
    // Keys inside modes: the help overlay, confirmations, pickers, forms and prompts.
    ScrollDown,
    ScrollUp,
    PageDown,
    PageUp,
    ScrollTop,
    ScrollBottom,
    Confirm,
    PickNext,
    PickPrevious,
    Accept,
    Cancel,
    NextField,
    PreviousField,
    ToggleTask,
    NextTask,
    PreviousTask,
    NextKind,
}

impl Action {
    /// The name used in the `[keys]` table of config.toml.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// What the help overlay says the action does, in the current language (one key per
    /// action, written out so the catalogue test sees every key used).
    pub fn help(self) -> String {
        match self {
            Action::FocusLeft => crate::t!("action-focus-left"),
            Action::FocusRight => crate::t!("action-focus-right"),
            Action::FocusDown => crate::t!("action-focus-down"),
            Action::FocusUp => crate::t!("action-focus-up"),
            Action::MoveLeft => crate::t!("action-move-left"),
            Action::MoveRight => crate::t!("action-move-right"),
            Action::MarkWon => crate::t!("action-mark-won"),
            Action::MarkLost => crate::t!("action-mark-lost"),
            Action::OpenDetail => crate::t!("action-open-detail"),
            Action::Close => crate::t!("action-close"),
            Action::NewDeal => crate::t!("action-new-deal"),
            Action::EditDeal => crate::t!("action-edit-deal"),
            Action::EditReason => crate::t!("action-edit-reason"),
            Action::AddNote => crate::t!("action-add-note"),
            Action::EditorNote => crate::t!("action-editor-note"),
            Action::Filter => crate::t!("action-filter"),
            Action::ToggleMine => crate::t!("action-toggle-mine"),
            Action::SwitchPipeline => crate::t!("action-switch-pipeline"),
            Action::Undo => crate::t!("action-undo"),
            Action::Redo => crate::t!("action-redo"),
            Action::Archive => crate::t!("action-archive"),
            Action::NextTab => crate::t!("action-next-tab"),
            Action::BoardTab => crate::t!("action-board-tab"),
            Action::DashboardTab => crate::t!("action-dashboard-tab"),
            Action::AgendaTab => crate::t!("action-agenda-tab"),
            Action::MarkDone => crate::t!("action-mark-done"),
            Action::Schedule => crate::t!("action-schedule"),
            Action::LogCall => crate::t!("action-log-call"),
            Action::Reschedule => crate::t!("action-reschedule"),
            Action::PeriodThisMonth => crate::t!("action-period-this-month"),
            Action::PeriodThisQuarter => crate::t!("action-period-this-quarter"),
            Action::PeriodThisYear => crate::t!("action-period-this-year"),
            Action::PeriodLast90Days => crate::t!("action-period-last-90-days"),
            Action::PeriodAllTime => crate::t!("action-period-all-time"),
            Action::PeriodCustom => crate::t!("action-period-custom"),
            Action::GoalTarget => crate::t!("action-goal-target"),
            Action::DashboardDown => crate::t!("action-dashboard-down"),
            Action::DashboardUp => crate::t!("action-dashboard-up"),
            Action::DashboardPageDown => crate::t!("action-dashboard-page-down"),
            Action::DashboardPageUp => crate::t!("action-dashboard-page-up"),
            Action::DashboardTop => crate::t!("action-dashboard-top"),
            Action::DashboardBottom => crate::t!("action-dashboard-bottom"),
            Action::DashboardDeals => crate::t!("action-dashboard-deals"),
            Action::OwnerFilter => crate::t!("action-owner-filter"),
            Action::Help => crate::t!("action-help"),
            Action::Quit => crate::t!("action-quit"),
            Action::ScrollDown => crate::t!("action-scroll-down"),
            Action::ScrollUp => crate::t!("action-scroll-up"),
            Action::PageDown => crate::t!("action-page-down"),
            Action::PageUp => crate::t!("action-page-up"),
            Action::ScrollTop => crate::t!("action-scroll-top"),
            Action::ScrollBottom => crate::t!("action-scroll-bottom"),
            Action::Confirm => crate::t!("action-confirm"),
            Action::PickNext => crate::t!("action-pick-next"),
            Action::PickPrevious => crate::t!("action-pick-previous"),
            Action::Accept => crate::t!("action-accept"),
            Action::Cancel => crate::t!("action-cancel"),
            Action::NextField => crate::t!("action-next-field"),
            Action::PreviousField => crate::t!("action-previous-field"),
            Action::ToggleTask => crate::t!("action-toggle-task"),
            Action::NextTask => crate::t!("action-next-task"),
            Action::PreviousTask => crate::t!("action-previous-task"),
            Action::NextKind => crate::t!("action-next-kind"),
        }
    }

    /// A key inside a mode (help scrolling, confirming, pickers, forms, prompts): these are
    /// named where they apply, not in the help overlay's list of board keys.
    pub fn is_mode_key(self) -> bool {
        matches!(
            self,
            Action::ScrollDown
                | Action::ScrollUp
                | Action::PageDown
                | Action::PageUp
                | Action::ScrollTop
                | Action::ScrollBottom
                | Action::Confirm
                | Action::PickNext
                | Action::PickPrevious
                | Action::Accept
                | Action::Cancel
                | Action::NextField
                | Action::PreviousField
                | Action::ToggleTask
                | Action::NextTask
                | Action::PreviousTask
                | Action::NextKind
        )
    }

    /// The tab a board key belongs to, when it belongs to one: keys of different tabs may
    /// then share a key (`c` logs a call on the Board, sets a custom period on the Dashboard).
    pub fn tab(self) -> Option<crate::app::state::Tab> {
        use crate::app::state::Tab;
        match self {
            Action::PeriodThisMonth
            | Action::PeriodThisQuarter
            | Action::PeriodThisYear
            | Action::PeriodLast90Days
            | Action::PeriodAllTime
            | Action::PeriodCustom
            | Action::GoalTarget
            | Action::DashboardDown
            | Action::DashboardUp
            | Action::DashboardPageDown
            | Action::DashboardPageUp
            | Action::DashboardTop
            | Action::DashboardBottom
            | Action::DashboardDeals
            | Action::OwnerFilter => Some(Tab::Dashboard),
            Action::MarkDone | Action::Reschedule => Some(Tab::Agenda),
            // "My deals" filters the board's cards; `o` is the owner filter on the Dashboard.
            Action::ToggleMine => Some(Tab::Board),
            _ => None,
        }
    }

    /// Whether the action applies on `tab` (a key with no tab of its own applies on all).
    pub fn applies_on(self, tab: crate::app::state::Tab) -> bool {
        match self {
            // Logging a call is about a deal: the Board's card or the Agenda's row.
            Action::LogCall | Action::Schedule => tab != crate::app::state::Tab::Dashboard,
            // The dashboard moves its row cursor and opens a row's deals with these keys.
            Action::FocusDown | Action::FocusUp | Action::OpenDetail => {
                tab != crate::app::state::Tab::Dashboard
            }
            other => other.tab().is_none_or(|t| t == tab),
        }
    }

    /// Whether the two never apply on the same tab, so one key can serve both.
    pub fn can_share_key_with(self, other: Action) -> bool {
        use crate::app::state::Tab;
        self != other
            && ![Tab::Board, Tab::Dashboard, Tab::Agenda]
                .into_iter()
                .any(|tab| self.applies_on(tab) && other.applies_on(tab))
    }

    /// The action named `name` in config.toml, if there is one.
    pub fn named(name: &str) -> Option<Action> {
        name.parse().ok()
    }
}

/// What `update` is handed for a key: a bound action, or a key typed into whatever text
/// field is open (kept out of [`Action`], which only holds what can be bound).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    Do(Action),
    Text(KeyEvent),
}
