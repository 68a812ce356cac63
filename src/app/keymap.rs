//! The keymap as data, one per mode: default bindings in code, overrides from the `[keys]`
//! table of config.toml, and the problems with those overrides reported at start-up.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use strum::VariantArray;

use super::action::Action;

/// One key with its modifiers, as a person writes it: `L`, `S-Right`, `C-r`, `Enter`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    pub const fn new(code: KeyCode, modifiers: KeyModifiers) -> Key {
        Key { code, modifiers }
    }

    const fn plain(code: KeyCode) -> Key {
        Key::new(code, KeyModifiers::NONE)
    }

    const fn char(ch: char) -> Key {
        Key::plain(KeyCode::Char(ch))
    }

    /// The binding a key event matches. Shift is folded into the character for letters and
    /// symbols, since terminals disagree on whether they report it.
    pub fn from_event(event: &KeyEvent) -> Key {
        let mut modifiers =
            event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let mut code = event.code;
        if let KeyCode::Char(ch) = code {
            modifiers.remove(KeyModifiers::SHIFT);
            if modifiers.contains(KeyModifiers::CONTROL) {
                code = KeyCode::Char(ch.to_ascii_lowercase());
            }
        }
        if code == KeyCode::BackTab {
            modifiers.remove(KeyModifiers::SHIFT);
        }
        Key { code, modifiers }
    }

    /// Reads `x`, `X`, `Enter`, `Esc`, `Tab`, `Left`, `S-Left`, `Shift+Left`, `C-r`, `Ctrl+r`.
    pub fn parse(text: &str) -> Option<Key> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            let prefix = [
                "ctrl+", "ctrl-", "c-", "shift+", "shift-", "s-", "alt+", "alt-", "a-",
            ]
            .into_iter()
            .find(|p| lower.starts_with(p) && rest.len() > p.len());
            let Some(prefix) = prefix else { break };
            modifiers |= match prefix.as_bytes()[0] {
                b'c' => KeyModifiers::CONTROL,
                b's' => KeyModifiers::SHIFT,
                _ => KeyModifiers::ALT,
            };
            rest = &rest[prefix.len()..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(ch), None) => {
                modifiers.remove(KeyModifiers::SHIFT);
                let ch = if modifiers.contains(KeyModifiers::CONTROL) {
                    ch.to_ascii_lowercase()
                } else {
                    ch
                };
                KeyCode::Char(ch)
            }
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "space" => KeyCode::Char(' '),
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" => KeyCode::PageUp,
                "pagedown" => KeyCode::PageDown,
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                _ => return None,
            },
        };
        Some(Key { code, modifiers })
    }

    /// How the help overlay and footer show the key.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(ch) => ch.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "BackTab".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Del".into(),
            other => format!("{other:?}"),
        };
        let mut label = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            label.push_str("Ctrl+");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            label.push_str("Alt+");
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            label.push_str("Shift+");
        }
        label.push_str(&base);
        label
    }
}

/// What is wrong with the `[keys]` table, reported when the board starts.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeymapProblem {
    #[error("config [keys]: unknown action {0:?}; ignored")]
    UnknownAction(String),
    #[error("config [keys]: {0} must be a key or a list of keys; ignored")]
    NotKeys(String),
    #[error("config [keys]: {action} = {key:?} is not a key I know; ignored")]
    UnknownKey { action: String, key: String },
    #[error("config [keys]: {key} is bound to both {winner} and {loser}; {winner} wins")]
    Twice {
        key: String,
        winner: &'static str,
        loser: &'static str,
    },
    #[error("config [keys]: {key} is now {now} instead of {was}")]
    Displaced {
        key: String,
        now: &'static str,
        was: &'static str,
    },
}

/// Which keymap applies: each mode of the board has its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::VariantArray)]
pub enum KeyMode {
    /// The board and dashboard tabs, nothing open.
    Board,
    Detail,
    Help,
    /// A yes/no question (archiving).
    Confirm,
    /// The pipeline switcher.
    Picker,
    Form,
    /// A one-line text prompt (filter, note, lost reason, goal, period); keys not bound here
    /// are typed into it.
    Prompt,
}

impl KeyMode {
    /// Whether keys this mode does not bind are typed into a text field.
    pub fn takes_text(self) -> bool {
        matches!(self, KeyMode::Form | KeyMode::Prompt)
    }
}

/// Key → action per mode, in binding order; the help overlay, footer and messages read it
/// back, so they always name the live keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<(KeyMode, Key, Action)>,
}

fn defaults() -> Vec<(KeyMode, Key, Action)> {
    use KeyCode::*;
    use KeyMode::*;
    let shift = KeyModifiers::SHIFT;
    let ctrl = KeyModifiers::CONTROL;
    let board = [
        (Key::char('h'), Action::FocusLeft),
        (Key::plain(Left), Action::FocusLeft),
        (Key::char('l'), Action::FocusRight),
        (Key::plain(Right), Action::FocusRight),
        (Key::char('j'), Action::FocusDown),
        (Key::plain(Down), Action::FocusDown),
        (Key::char('k'), Action::FocusUp),
        (Key::plain(Up), Action::FocusUp),
        (Key::char('H'), Action::MoveLeft),
        (Key::new(Left, shift), Action::MoveLeft),
        (Key::char('L'), Action::MoveRight),
        (Key::new(Right, shift), Action::MoveRight),
        (Key::char('W'), Action::MarkWon),
        (Key::char('X'), Action::MarkLost),
        (Key::plain(Enter), Action::OpenDetail),
        (Key::plain(Esc), Action::Close),
        (Key::char('n'), Action::NewDeal),
        (Key::char('e'), Action::EditDeal),
        (Key::char('r'), Action::EditReason),
        (Key::char('N'), Action::AddNote),
        (Key::char('E'), Action::EditorNote),
        (Key::char('/'), Action::Filter),
        (Key::char('o'), Action::ToggleMine),
        (Key::char('p'), Action::SwitchPipeline),
        (Key::char('u'), Action::Undo),
        (Key::new(Char('r'), ctrl), Action::Redo),
        (Key::char('a'), Action::Archive),
        (Key::plain(Tab), Action::NextTab),
        (Key::char('1'), Action::BoardTab),
        (Key::char('2'), Action::DashboardTab),
        (Key::char('3'), Action::AgendaTab),
        (Key::char('x'), Action::MarkDone),
        (Key::char('f'), Action::Schedule),
        // Shares `c` with the Dashboard's custom period: each works on its own tab.
        (Key::char('c'), Action::LogCall),
        (Key::char('s'), Action::Reschedule),
        (Key::char('m'), Action::PeriodThisMonth),
        (Key::char('Q'), Action::PeriodThisQuarter),
        (Key::char('y'), Action::PeriodThisYear),
        (Key::char('d'), Action::PeriodLast90Days),
        (Key::char('A'), Action::PeriodAllTime),
        (Key::char('c'), Action::PeriodCustom),
        (Key::char('g'), Action::GoalTarget),
        // The dashboard's own row keys, sharing the board's: each works on its own tab.
        (Key::char('j'), Action::DashboardDown),
        (Key::plain(Down), Action::DashboardDown),
        (Key::char('k'), Action::DashboardUp),
        (Key::plain(Up), Action::DashboardUp),
        (Key::plain(PageDown), Action::DashboardPageDown),
        (Key::char(' '), Action::DashboardPageDown),
        (Key::plain(PageUp), Action::DashboardPageUp),
        (Key::plain(Home), Action::DashboardTop),
        (Key::plain(End), Action::DashboardBottom),
        (Key::char('G'), Action::DashboardBottom),
        (Key::plain(Enter), Action::DashboardDeals),
        (Key::char('o'), Action::OwnerFilter),
        (Key::char('?'), Action::Help),
        (Key::char('q'), Action::Quit),
        (Key::new(Char('c'), ctrl), Action::Quit),
    ];
    let detail = [
        (Key::plain(Esc), Action::Close),
        (Key::plain(Enter), Action::Close),
        (Key::char('e'), Action::EditDeal),
        (Key::char('r'), Action::EditReason),
        (Key::char('N'), Action::AddNote),
        (Key::char('f'), Action::Schedule),
        (Key::char('u'), Action::Undo),
        (Key::new(Char('r'), ctrl), Action::Redo),
        (Key::char('?'), Action::Help),
        (Key::char('q'), Action::Quit),
        (Key::plain(Down), Action::ScrollDown),
        (Key::plain(Up), Action::ScrollUp),
        (Key::plain(PageDown), Action::PageDown),
        (Key::plain(PageUp), Action::PageUp),
        (Key::plain(Home), Action::ScrollTop),
        (Key::plain(End), Action::ScrollBottom),
        (Key::char(' '), Action::ToggleTask),
        (Key::char('j'), Action::NextTask),
        (Key::plain(Tab), Action::NextTask),
        (Key::char('k'), Action::PreviousTask),
        (Key::plain(BackTab), Action::PreviousTask),
        (Key::char('E'), Action::EditorNote),
    ];
    let help = [
        (Key::plain(Down), Action::ScrollDown),
        (Key::char('j'), Action::ScrollDown),
        (Key::plain(Up), Action::ScrollUp),
        (Key::char('k'), Action::ScrollUp),
        (Key::plain(PageDown), Action::PageDown),
        (Key::char(' '), Action::PageDown),
        (Key::plain(PageUp), Action::PageUp),
        (Key::plain(Home), Action::ScrollTop),
        (Key::plain(End), Action::ScrollBottom),
    ];
    let confirm = [
        (Key::char('y'), Action::Confirm),
        (Key::char('Y'), Action::Confirm),
        (Key::plain(Enter), Action::Confirm),
    ];
    let picker = [
        (Key::plain(Down), Action::PickNext),
        (Key::char('j'), Action::PickNext),
        (Key::plain(Up), Action::PickPrevious),
        (Key::char('k'), Action::PickPrevious),
        (Key::plain(Enter), Action::Accept),
        (Key::plain(Esc), Action::Cancel),
    ];
    let form = [
        (Key::plain(Tab), Action::NextField),
        (Key::plain(Down), Action::NextField),
        (Key::plain(BackTab), Action::PreviousField),
        (Key::plain(Up), Action::PreviousField),
        (Key::plain(Enter), Action::Accept),
        (Key::plain(Esc), Action::Cancel),
    ];
    let prompt = [
        (Key::plain(Enter), Action::Accept),
        (Key::plain(Esc), Action::Cancel),
        (Key::plain(Down), Action::PickNext),
        (Key::plain(Up), Action::PickPrevious),
        (Key::plain(Tab), Action::NextKind),
    ];
    let mut all = Vec::new();
    let modes: [(KeyMode, &[(Key, Action)]); 7] = [
        (Board, &board),
        (Detail, &detail),
        (Help, &help),
        (Confirm, &confirm),
        (Picker, &picker),
        (Form, &form),
        (Prompt, &prompt),
    ];
    for (mode, bindings) in modes {
        all.extend(bindings.iter().map(|&(key, action)| (mode, key, action)));
    }
    all
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            bindings: defaults(),
        }
    }
}

impl Keymap {
    /// The defaults with the `[keys]` table applied. Each entry is `action = "key"` or
    /// `action = ["key", ...]` and replaces that action's default keys in every mode it is
    /// bound in. Returns the problems found (unknown action, unreadable key, a key bound to
    /// two actions in one mode) to show at start-up.
    pub fn with_overrides(table: &toml::Table) -> (Keymap, Vec<KeymapProblem>) {
        let mut problems = Vec::new();
        let mut bindings = defaults();
        let mut overridden: Vec<(Action, Vec<Key>)> = Vec::new();
        for (name, value) in table {
            let Some(action) = Action::named(name) else {
                problems.push(KeymapProblem::UnknownAction(name.clone()));
                continue;
            };
            let texts: Vec<&str> = match value {
                toml::Value::String(text) => vec![text.as_str()],
                toml::Value::Array(items) => items.iter().filter_map(|v| v.as_str()).collect(),
                _ => {
                    problems.push(KeymapProblem::NotKeys(name.clone()));
                    continue;
                }
            };
            let mut keys = Vec::new();
            for text in texts {
                match Key::parse(text) {
                    Some(key) => keys.push(key),
                    None => problems.push(KeymapProblem::UnknownKey {
                        action: name.clone(),
                        key: text.to_string(),
                    }),
                }
            }
            if !keys.is_empty() {
                overridden.push((action, keys));
            }
        }
        let mut report = |problem: KeymapProblem| {
            if !problems.contains(&problem) {
                problems.push(problem);
            }
        };
        let defaults = defaults();
        let modes_of = |action: Action| -> Vec<KeyMode> {
            let mut modes: Vec<KeyMode> = Vec::new();
            for (mode, _, a) in &defaults {
                if *a == action && !modes.contains(mode) {
                    modes.push(*mode);
                }
            }
            modes
        };
        for (action, keys) in &overridden {
            bindings.retain(|(_, _, a)| a != action);
            for mode in modes_of(*action) {
                for key in keys {
                    if let Some(other) = overridden.iter().find(|(a, ks)| {
                        a != action && ks.contains(key) && modes_of(*a).contains(&mode)
                    }) {
                        // Two overrides share a key in this mode: the first by name keeps it.
                        if action.name() < other.0.name() {
                            report(KeymapProblem::Twice {
                                key: key.label(),
                                winner: action.name(),
                                loser: other.0.name(),
                            });
                        } else {
                            continue;
                        }
                    } else if let Some((_, _, displaced)) = bindings.iter().find(|(m, k, a)| {
                        *m == mode && k == key && a != action && !a.can_share_key_with(*action)
                    }) {
                        // An override takes its key away from whatever default had it.
                        report(KeymapProblem::Displaced {
                            key: key.label(),
                            now: action.name(),
                            was: displaced.name(),
                        });
                    }
                    bindings.retain(|(m, k, a)| {
                        !(*m == mode && k == key && !a.can_share_key_with(*action))
                    });
                    bindings.push((mode, *key, *action));
                }
            }
        }
        bindings.sort_by_key(|(mode, _, action)| {
            (
                KeyMode::VARIANTS.iter().position(|m| m == mode),
                Action::VARIANTS.iter().position(|a| a == action),
            )
        });
        (Keymap { bindings }, problems)
    }

    /// The action `event` is bound to in `mode`.
    pub fn action_in(&self, mode: KeyMode, event: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        self.bindings
            .iter()
            .find(|(m, k, _)| *m == mode && *k == key)
            .map(|(_, _, action)| *action)
    }

    /// The action `event` is bound to in `mode` on `tab`: where a key is bound twice (to keys
    /// of different tabs), the one that applies on `tab`, else the first.
    pub fn action_on(
        &self,
        mode: KeyMode,
        tab: crate::app::state::Tab,
        event: &KeyEvent,
    ) -> Option<Action> {
        let key = Key::from_event(event);
        let mut bound = self
            .bindings
            .iter()
            .filter(|(m, k, _)| *m == mode && *k == key)
            .map(|(_, _, action)| *action);
        let first = bound.next()?;
        if first.applies_on(tab) {
            return Some(first);
        }
        Some(bound.find(|a| a.applies_on(tab)).unwrap_or(first))
    }

    /// The board's binding for `event` (the mode with nothing open).
    pub fn action_for(&self, event: &KeyEvent) -> Option<Action> {
        self.action_in(KeyMode::Board, event)
    }

    pub fn keys_in(&self, mode: KeyMode, action: Action) -> impl Iterator<Item = &Key> {
        self.bindings
            .iter()
            .filter(move |(m, _, a)| *m == mode && *a == action)
            .map(|(_, key, _)| key)
    }

    /// The board's keys for `action`.
    pub fn keys_for(&self, action: Action) -> impl Iterator<Item = &Key> {
        self.keys_in(KeyMode::Board, action)
    }

    /// `h/←`: every key of the action in `mode`, for hints and messages.
    pub fn label_in(&self, mode: KeyMode, action: Action) -> String {
        let labels: Vec<String> = self.keys_in(mode, action).map(Key::label).collect();
        if labels.is_empty() {
            "(unbound)".into()
        } else {
            labels.join("/")
        }
    }

    /// `h/←`: every key of the action on the board, for the help overlay and footer.
    pub fn label_for(&self, action: Action) -> String {
        self.label_in(KeyMode::Board, action)
    }

    /// Every action bound in `mode`, in the help overlay's order.
    pub fn actions_in(&self, mode: KeyMode) -> Vec<Action> {
        Action::VARIANTS
            .iter()
            .copied()
            .filter(|a| self.keys_in(mode, *a).next().is_some())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn defaults_follow_the_product_table() {
        let map = Keymap::default();
        let shift_left = event(KeyCode::Left, KeyModifiers::SHIFT);
        assert_eq!(map.action_for(&shift_left), Some(Action::MoveLeft));
        let big_l = event(KeyCode::Char('L'), KeyModifiers::SHIFT);
        assert_eq!(map.action_for(&big_l), Some(Action::MoveRight));
        let ctrl_r = event(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(map.action_for(&ctrl_r), Some(Action::Redo));
        assert_eq!(map.label_for(Action::FocusLeft), "h/←");
    }

    #[test]
    fn overrides_replace_and_problems_are_reported() {
        let table: toml::Table = toml::from_str(
            "mark_won = \"w\"\nfly = \"f\"\nundo = \"Hyper-q\"\nredo = [\"C-y\"]\nquit = \"w\"",
        )
        .unwrap();
        let (map, problems) = Keymap::with_overrides(&table);
        assert_eq!(map.label_for(Action::MarkWon), "w");
        assert_eq!(map.label_for(Action::Redo), "Ctrl+y");
        assert_eq!(map.label_for(Action::Undo), "u");
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems
                .iter()
                .any(|p| p.to_string().contains("unknown action \"fly\""))
        );
        assert!(problems.iter().any(|p| p.to_string().contains("Hyper-q")));
        assert!(
            problems
                .iter()
                .any(|p| p.to_string().contains("bound to both"))
        );
    }
}

#[cfg(test)]
mod mode_tests {
    use super::*;

    #[test]
    fn keys_inside_modes_come_from_their_own_keymap_and_can_be_remapped() {
        let map = Keymap::default();
        let y = KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE);
        assert_eq!(map.action_in(KeyMode::Confirm, &y), Some(Action::Confirm));
        assert_eq!(
            map.action_in(KeyMode::Board, &y),
            Some(Action::PeriodThisYear)
        );
        let j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(map.action_in(KeyMode::Help, &j), Some(Action::ScrollDown));
        assert_eq!(map.action_in(KeyMode::Prompt, &j), None, "typed, not bound");
        let table: toml::Table = toml::from_str("confirm = \"o\"\nundo = \"U\"").unwrap();
        let (map, problems) = Keymap::with_overrides(&table);
        assert!(problems.is_empty(), "{problems:?}");
        let o = KeyEvent::new(KeyCode::Char('o'), KeyModifiers::NONE);
        assert_eq!(map.action_in(KeyMode::Confirm, &o), Some(Action::Confirm));
        assert_eq!(map.action_in(KeyMode::Confirm, &y), None);
        assert_eq!(map.label_in(KeyMode::Detail, Action::Undo), "U");
        assert_eq!(map.label_for(Action::Undo), "U");
    }
}
