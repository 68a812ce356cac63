//! What a key asks the board to do, independent of which key it was. Each action's config
//! name (snake_case), help text and place in the help overlay are declared here once and
//! derived; which keys bring it about, per mode, is the keymap's business.

use ratatui::crossterm::event::KeyEvent;
use strum::{EnumMessage, EnumString, IntoStaticStr, VariantArray};

/// Every action, in the help overlay's order.
pub const ALL: &[Action] = Action::VARIANTS;

/// The actions a key can be bound to in the keymap, in the order the help overlay lists them.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumString, IntoStaticStr, VariantArray, EnumMessage,
)]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    #[strum(message = "focus previous column")]
    FocusLeft,
    #[strum(message = "focus next column")]
    FocusRight,
    #[strum(message = "focus next card")]
    FocusDown,
    #[strum(message = "focus previous card")]
    FocusUp,
    #[strum(message = "move deal one open stage left (reopens a closed one)")]
    MoveLeft,
    #[strum(message = "move deal one open stage right")]
    MoveRight,
    #[strum(message = "mark won (a lead: convert it into a deal)")]
    MarkWon,
    #[strum(message = "mark lost (asks why)")]
    MarkLost,
    #[strum(message = "open the detail pane")]
    OpenDetail,
    #[strum(message = "close the pane or overlay")]
    Close,
    #[strum(message = "new deal")]
    NewDeal,
    #[strum(message = "edit deal")]
    EditDeal,
    #[strum(message = "edit the lost reason")]
    EditReason,
    #[strum(message = "add a note inline")]
    AddNote,
    #[strum(message = "write a long note in $VISUAL/$EDITOR")]
    EditorNote,
    #[strum(message = "filter cards by text")]
    Filter,
    #[strum(message = "show only my deals (owner is you), or everyone's again")]
    ToggleMine,
    #[strum(message = "switch pipeline")]
    SwitchPipeline,
    #[strum(message = "undo the last change")]
    Undo,
    #[strum(message = "redo")]
    Redo,
    #[strum(message = "archive (asks to confirm)")]
    Archive,
    #[strum(message = "next tab")]
    NextTab,
    #[strum(message = "Board tab")]
    BoardTab,
    #[strum(message = "Dashboard tab")]
    DashboardTab,
    #[strum(message = "Agenda tab")]
    AgendaTab,
    #[strum(message = "agenda: mark the activity done (u undoes)")]
    MarkDone,
    #[strum(message = "schedule a follow-up on the deal")]
    Schedule,
    #[strum(message = "log a call done now")]
    LogCall,
    #[strum(message = "agenda: reschedule the activity")]
    Reschedule,
    #[strum(message = "dashboard: this month")]
    PeriodThisMonth,
    #[strum(message = "dashboard: this quarter")]
    PeriodThisQuarter,
    #[strum(message = "dashboard: this year")]
    PeriodThisYear,
    #[strum(message = "dashboard: last 90 days")]
    PeriodLast90Days,
    #[strum(message = "dashboard: all time")]
    PeriodAllTime,
    #[strum(message = "dashboard: custom from–to")]
    PeriodCustom,
    #[strum(message = "dashboard: revenue goal")]
    GoalTarget,
    #[strum(message = "dashboard: next row (scrolls)")]
    DashboardDown,
    #[strum(message = "dashboard: previous row (scrolls)")]
    DashboardUp,
    #[strum(message = "dashboard: page down")]
    DashboardPageDown,
    #[strum(message = "dashboard: page up")]
    DashboardPageUp,
    #[strum(message = "dashboard: to the top")]
    DashboardTop,
    #[strum(message = "dashboard: to the last panel")]
    DashboardBottom,
    #[strum(message = "dashboard: the deals behind the row (Enter on one: on the board)")]
    DashboardDeals,
    #[strum(message = "dashboard: owner filter (all, each owner, all)")]
    OwnerFilter,
    #[strum(message = "this help")]
    Help,
    #[strum(message = "quit")]
    Quit,
    // Keys inside modes: the help overlay, confirmations, pickers, forms and prompts.
    #[strum(message = "help: scroll down")]
    ScrollDown,
    #[strum(message = "help: scroll up")]
    ScrollUp,
    #[strum(message = "help: page down")]
    PageDown,
    #[strum(message = "help: page up")]
    PageUp,
    #[strum(message = "help: to the top")]
    ScrollTop,
    #[strum(message = "help: to the end")]
    ScrollBottom,
    #[strum(message = "confirm (archiving)")]
    Confirm,
    #[strum(message = "pickers: next")]
    PickNext,
    #[strum(message = "pickers: previous")]
    PickPrevious,
    #[strum(message = "save, set or choose (forms, prompts, pickers)")]
    Accept,
    #[strum(message = "cancel (forms, prompts, pickers)")]
    Cancel,
    #[strum(message = "form: next field")]
    NextField,
    #[strum(message = "form: previous field")]
    PreviousField,
    #[strum(message = "detail pane: tick or untick the task under the cursor (u undoes)")]
    ToggleTask,
    #[strum(message = "detail pane: next checklist task")]
    NextTask,
    #[strum(message = "detail pane: previous checklist task")]
    PreviousTask,
    #[strum(message = "schedule: next activity kind")]
    NextKind,
}

impl Action {
    /// The name used in the `[keys]` table of config.toml.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// What the help overlay says the action does.
    pub fn description(self) -> &'static str {
        self.get_message().unwrap_or("")
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
