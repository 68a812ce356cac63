//! What a key asks the board to do, independent of which key it was.

use ratatui::crossterm::event::KeyEvent;

/// The actions a key can be bound to in the keymap, plus raw input for text fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
    Filter,
    SwitchPipeline,
    Undo,
    Redo,
    Archive,
    NextTab,
    BoardTab,
    DashboardTab,
    Help,
    Quit,
    /// A key typed into whatever text field or picker is open.
    Input(KeyEvent),
}

impl Action {
    /// Every bindable action, in the order the help overlay lists them.
    pub const BINDABLE: &'static [Action] = &[
        Action::FocusLeft,
        Action::FocusRight,
        Action::FocusDown,
        Action::FocusUp,
        Action::MoveLeft,
        Action::MoveRight,
        Action::MarkWon,
        Action::MarkLost,
        Action::OpenDetail,
        Action::Close,
        Action::NewDeal,
        Action::EditDeal,
        Action::EditReason,
        Action::AddNote,
        Action::Filter,
        Action::SwitchPipeline,
        Action::Undo,
        Action::Redo,
        Action::Archive,
        Action::NextTab,
        Action::BoardTab,
        Action::DashboardTab,
        Action::Help,
        Action::Quit,
    ];

    /// The name used in the `[keys]` table of config.toml.
    pub fn name(self) -> &'static str {
        match self {
            Action::FocusLeft => "focus_left",
            Action::FocusRight => "focus_right",
            Action::FocusDown => "focus_down",
            Action::FocusUp => "focus_up",
            Action::MoveLeft => "move_left",
            Action::MoveRight => "move_right",
            Action::MarkWon => "mark_won",
            Action::MarkLost => "mark_lost",
            Action::OpenDetail => "open_detail",
            Action::Close => "close",
            Action::NewDeal => "new_deal",
            Action::EditDeal => "edit_deal",
            Action::EditReason => "edit_reason",
            Action::AddNote => "add_note",
            Action::Filter => "filter",
            Action::SwitchPipeline => "switch_pipeline",
            Action::Undo => "undo",
            Action::Redo => "redo",
            Action::Archive => "archive",
            Action::NextTab => "next_tab",
            Action::BoardTab => "board_tab",
            Action::DashboardTab => "dashboard_tab",
            Action::Help => "help",
            Action::Quit => "quit",
            Action::Input(_) => "input",
        }
    }

    /// What the help overlay says the action does.
    pub fn description(self) -> &'static str {
        match self {
            Action::FocusLeft => "focus previous column",
            Action::FocusRight => "focus next column",
            Action::FocusDown => "focus next card",
            Action::FocusUp => "focus previous card",
            Action::MoveLeft => "move deal one stage left",
            Action::MoveRight => "move deal one stage right",
            Action::MarkWon => "mark won",
            Action::MarkLost => "mark lost (asks why)",
            Action::OpenDetail => "open the detail pane",
            Action::Close => "close the pane or overlay",
            Action::NewDeal => "new deal",
            Action::EditDeal => "edit deal",
            Action::EditReason => "edit the lost reason",
            Action::AddNote => "add a note (detail pane)",
            Action::Filter => "filter cards by text",
            Action::SwitchPipeline => "switch pipeline",
            Action::Undo => "undo the last change",
            Action::Redo => "redo",
            Action::Archive => "archive (asks to confirm)",
            Action::NextTab => "next tab",
            Action::BoardTab => "Board tab",
            Action::DashboardTab => "Dashboard tab",
            Action::Help => "this help",
            Action::Quit => "quit",
            Action::Input(_) => "text input",
        }
    }
}
