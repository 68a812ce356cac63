//! Everything the board shows, held in memory: the views read it, `update` changes it.

use chrono::{DateTime, Duration, Utc};

use crate::domain::{
    Deal, DealId, DecimalSeparator, Note, Pipeline, Stage, StageId, StageKind, StageVisit,
};
use crate::store::{BoardCard, MoveRecord};

use super::agenda::AgendaState;
pub use super::board::state::{BoardState, Column};
use super::dashboard::{DashboardState, ViewRequest};
use super::keymap::Keymap;

/// How long closed deals stay on the board unless config.toml says otherwise.
pub const DEFAULT_CLOSED_DAYS: u32 = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Board,
    Dashboard,
    Agenda,
}

/// The inline picker that asks why a deal was lost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LostReasonEditor {
    pub deal: DealId,
    pub version: i64,
    /// The lost stage being entered; `None` when changing the reason of a deal already lost.
    pub to: Option<StageId>,
    pub input: String,
    /// Index into [`LostReasonEditor::matches`]; `None` means "use the typed text".
    pub selected: Option<usize>,
    /// Opened from the detail pane, which comes back when the editor closes.
    pub from_detail: bool,
}

impl LostReasonEditor {
    /// The managed reasons containing what was typed, case-insensitively.
    pub fn matches<'a>(&self, reasons: &'a [String]) -> Vec<&'a String> {
        let typed = self.input.trim().to_lowercase();
        reasons
            .iter()
            .filter(|r| typed.is_empty() || r.to_lowercase().contains(&typed))
            .collect()
    }

    /// The reason Enter would save: the highlighted match, else the typed text.
    pub fn chosen(&self, reasons: &[String]) -> Option<String> {
        if let Some(index) = self.selected
            && let Some(reason) = self.matches(reasons).get(index)
        {
            return Some((*reason).clone());
        }
        let typed = self.input.trim();
        (!typed.is_empty()).then(|| typed.to_string())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Title,
    Organization,
    ContactName,
    ContactEmail,
    Owner,
    Amount,
    CloseDate,
    /// A data point, by its index in [`DealForm::data_points`].
    DataPoint(usize),
}

impl FieldKind {
    pub const ALL: [FieldKind; 7] = [
        FieldKind::Title,
        FieldKind::Organization,
        FieldKind::ContactName,
        FieldKind::ContactEmail,
        FieldKind::Owner,
        FieldKind::Amount,
        FieldKind::CloseDate,
    ];

    /// The field's label in the current language.
    pub fn label(self) -> String {
        match self {
            FieldKind::Title => crate::t!("form-title"),
            FieldKind::Organization => crate::t!("form-organization"),
            FieldKind::ContactName => crate::t!("form-contact"),
            FieldKind::ContactEmail => crate::t!("form-email"),
            FieldKind::Owner => crate::t!("form-owner"),
            FieldKind::Amount => crate::t!("form-amount"),
            FieldKind::CloseDate => crate::t!("form-close-date"),
            FieldKind::DataPoint(_) => crate::t!("form-data-point"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormField {
    pub kind: FieldKind,
    pub value: String,
    /// The parser's complaint about the current value, shown under the field.
    pub error: Option<String>,
}

/// The new-deal and edit-deal form.
#[derive(Clone, Debug, PartialEq)]
pub struct DealForm {
    /// The deal being edited, as it was read; `None` for a new deal.
    pub editing: Option<Deal>,
    pub fields: Vec<FormField>,
    pub focused: usize,
    /// The data points the form asks for, in the order of their fields.
    pub data_points: Vec<DataPointField>,
    /// The stage a new deal is created in (decided when the form opened).
    pub stage: Option<StageId>,
}

impl DealForm {
    /// What the form shows beside a field: its label, or the data point's name.
    pub fn label(&self, field: &FormField) -> String {
        match field.kind {
            FieldKind::DataPoint(index) => self
                .data_points
                .get(index)
                .map_or_else(|| crate::t!("form-data-point"), |p| p.name.clone()),
            kind => kind.label(),
        }
    }
}

/// One data point asked for by the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataPointField {
    pub name: String,
    /// The stage that requires it to be entered, if any does.
    pub required_by: Option<String>,
}

/// The deal detail pane and what it loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct Detail {
    pub deal: DealId,
    /// The whole deal, read when the pane opens (cards carry only what the board needs).
    pub full: Option<Box<Deal>>,
    pub history: Vec<StageVisit>,
    pub notes: Vec<Note>,
    /// The note being typed, when adding one.
    pub note_input: Option<String>,
    /// The deal's playbook checklist in its stage (`None` until read, or when unreadable).
    pub checklist: Option<crate::store::Checklist>,
    /// The deal's activities, planned and done, by due moment.
    pub activities: Vec<crate::domain::Activity>,
    /// How many lines the pane is scrolled down (clamped by what the view drew).
    pub scroll: usize,
    /// The checklist task under the cursor.
    pub cursor: usize,
}

impl Detail {
    /// The pane for `deal`, before its data is read.
    pub fn new(deal: DealId) -> Detail {
        Detail {
            deal,
            full: None,
            history: Vec::new(),
            notes: Vec::new(),
            note_input: None,
            checklist: None,
            activities: Vec::new(),
            scroll: 0,
            cursor: 0,
        }
    }
}

/// What has the keyboard right now.
#[derive(Clone, Debug, PartialEq)]
pub enum Mode {
    Normal,
    /// The keys overlay, scrolled down by `scroll` lines.
    Help {
        scroll: usize,
    },
    Filter,
    LostReason(LostReasonEditor),
    ConfirmArchive {
        deal: DealId,
        version: i64,
    },
    PipelinePicker {
        selected: usize,
    },
    Form(Box<DealForm>),
    Detail(Detail),
    /// Typing the dashboard's goal revenue target.
    GoalInput {
        input: String,
    },
    /// Typing the dashboard's custom period, from and to.
    PeriodInput {
        input: String,
    },
    /// The deals behind a dashboard row (`Enter` on it).
    DrillDown(Box<super::dashboard::drill::DrillDown>),
    /// The inline input that schedules, reschedules or logs an activity on a deal.
    Schedule(Box<super::board::schedule::ScheduleInput>),
}

/// A change that can be undone or redone; applying one yields its inverse.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Take back this move exactly (its history rows included).
    UndoMove {
        record: MoveRecord,
        reason: Option<String>,
    },
    /// Move the deal again (a redone move).
    Move {
        deal: DealId,
        to: StageId,
        reason: Option<String>,
        version: i64,
    },
    /// Put the deal's fields back to `restore`; `replaced` is what they are now.
    Edit {
        deal: DealId,
        version: i64,
        restore: Box<Deal>,
        replaced: Box<Deal>,
    },
    Archive {
        deal: DealId,
        version: i64,
        archive: bool,
    },
    /// Take back marking this activity done.
    UndoDone(Box<crate::store::DoneRecord>),
    /// Mark the activity done again (a redone `x`).
    Done {
        deal: DealId,
        activity: crate::domain::ActivityId,
    },
    /// Tick (`done`) or untick a task of the deal's checklist.
    Task {
        deal: DealId,
        task: String,
        done: bool,
    },
    /// Take back a scheduled activity: delete it.
    Unschedule(Box<crate::domain::Activity>),
    /// Put a deleted activity back exactly as it was (a redone schedule).
    PutBack(Box<crate::domain::Activity>),
    /// Write `restore` back over the activity, which is `replaced` now (a reschedule).
    RestoreActivity {
        restore: Box<crate::domain::Activity>,
        replaced: Box<crate::domain::Activity>,
    },
    /// Take back a logged call: delete it, the deal's last activity as it was.
    UnlogDone(Box<crate::store::DoneRecord>),
    /// Log the call again, as it was (a redone `c`).
    RelogDone(Box<crate::store::DoneRecord>),
    /// Take back a lead's conversion: the deal it became deleted, the lead reopened.
    Unconvert(Box<crate::store::ConversionRecord>),
    /// Convert the lead again (a redone `W`).
    Convert { deal: DealId, version: i64 },
}

impl Change {
    pub fn deal(&self) -> DealId {
        match self {
            Change::UndoMove { record, .. } => record.deal,
            Change::Unconvert(record) => record.lead_move.deal,
            Change::Convert { deal, .. } => *deal,
            Change::UndoDone(record) => record.activity.deal_id,
            Change::Done { deal, .. } | Change::Task { deal, .. } => *deal,
            Change::Unschedule(activity) | Change::PutBack(activity) => activity.deal_id,
            Change::RestoreActivity { restore, .. } => restore.deal_id,
            Change::UnlogDone(record) | Change::RelogDone(record) => record.activity.deal_id,
            Change::Move { deal, .. }
            | Change::Edit { deal, .. }
            | Change::Archive { deal, .. } => *deal,
        }
    }

    /// The deal version this step expects to find.
    pub fn version(&self) -> i64 {
        match self {
            Change::UndoMove { record, .. } => record.version,
            Change::Unconvert(record) => record.lead_move.version,
            Change::Convert { version, .. } => *version,
            // An activity's steps do not check the deal's version.
            Change::UndoDone(_)
            | Change::Done { .. }
            | Change::Unschedule(_)
            | Change::PutBack(_)
            | Change::RestoreActivity { .. }
            | Change::UnlogDone(_)
            | Change::RelogDone(_)
            | Change::Task { .. } => 0,
            Change::Move { version, .. }
            | Change::Edit { version, .. }
            | Change::Archive { version, .. } => *version,
        }
    }

    /// Undoing a later step puts the deal back in the state this step left it in, but with
    /// a newer version number: the step then expects that version.
    pub fn set_version(&mut self, new: i64) {
        match self {
            Change::UndoMove { record, .. } => record.version = new,
            Change::Unconvert(record) => record.lead_move.version = new,
            Change::Convert { version, .. } => *version = new,
            Change::UndoDone(_)
            | Change::Done { .. }
            | Change::Unschedule(_)
            | Change::PutBack(_)
            | Change::RestoreActivity { .. }
            | Change::UnlogDone(_)
            | Change::RelogDone(_)
            | Change::Task { .. } => {}
            Change::Move { version, .. }
            | Change::Edit { version, .. }
            | Change::Archive { version, .. } => *version = new,
        }
    }

    /// Whether the step changes an activity (and so the deal's next step on its card).
    pub fn is_activity(&self) -> bool {
        !matches!(
            self,
            Change::UndoMove { .. }
                | Change::Move { .. }
                | Change::Unconvert(_)
                | Change::Convert { .. }
                | Change::Edit { .. }
                | Change::Archive { .. }
                | Change::Task { .. }
        )
    }

    pub fn describe(&self) -> &'static str {
        match self {
            Change::UndoMove { .. } | Change::Move { .. } => "move",
            Change::Unconvert(_) | Change::Convert { .. } => "conversion",
            Change::Edit { .. } => "edit",
            Change::UndoDone(_) | Change::Done { .. } => "done",
            Change::Task { done: true, .. } => "tick",
            Change::Task { done: false, .. } => "untick",
            Change::Unschedule(_) | Change::PutBack(_) => "schedule",
            Change::RestoreActivity { .. } => "reschedule",
            Change::UnlogDone(_) | Change::RelogDone(_) => "logged call",
            Change::Archive { archive: true, .. } => "archive",
            Change::Archive { archive: false, .. } => "unarchive",
        }
    }
}

/// Layout a view worked out while drawing, recorded for `update` (which never calls UI code).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Drawn {
    /// The keys overlay: how many lines show at once, and how far it can scroll.
    pub help_visible: usize,
    pub help_max_scroll: usize,
    /// The detail pane: how many lines show at once, how far it can scroll, and the line
    /// (counted from the top of its content) of the checklist's first task.
    pub detail_visible: usize,
    pub detail_max_scroll: usize,
    pub detail_tasks_top: usize,
    /// How many cards a board column showed (0: not drawn yet), so reads keep ahead of it.
    pub board_cards: usize,
    /// The dashboard's scrolled panels: how wide and how many lines show (0: not drawn yet).
    pub dashboard_width: u16,
    pub dashboard_visible: u16,
    /// The drill-down list: how many deals show at once.
    pub drill_visible: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    Info(String),
    Error(String),
}

#[derive(Debug)]
pub struct AppState {
    /// The clock, set from outside (the event loop, or a test's fixed moment).
    pub now: DateTime<Utc>,
    pub separator: DecimalSeparator,
    pub closed_days: u32,
    pub keymap: Keymap,
    pub tab: Tab,
    pub mode: Mode,
    pub pipelines: Vec<Pipeline>,
    pub pipeline: usize,
    /// The Board tab's own state: cards, columns, focus, filter.
    pub board: BoardState,
    pub lost_reasons: Vec<String>,
    pub message: Option<Message>,
    /// The last write asked to be synced to disk and not yet reported synced
    /// (`store/sync_behind.rs`): the footer says "saving…" until then.
    pub saving: Option<u64>,
    pub undo: Vec<Change>,
    pub redo: Vec<Change>,
    pub dashboard: DashboardState,
    /// The Agenda tab's rows and selection.
    pub agenda: AgendaState,
    /// What the views laid out at the last frame, so keys that page know the page.
    pub drawn: Drawn,
    pub quit: bool,
    /// Team mode with the server out of reach: the one line saying so (writes are refused
    /// meanwhile); `None` while connected.
    pub offline: Option<String>,
    /// Who is at the keyboard (the store's acting user): new deals' owner, "my deals".
    pub user: String,
}

impl AppState {
    pub fn new(
        now: DateTime<Utc>,
        separator: DecimalSeparator,
        closed_days: u32,
        keymap: Keymap,
    ) -> AppState {
        AppState {
            now,
            separator,
            closed_days,
            keymap,
            tab: Tab::Board,
            mode: Mode::Normal,
            pipelines: Vec::new(),
            pipeline: 0,
            board: BoardState::default(),
            lost_reasons: Vec::new(),
            message: None,
            saving: None,
            undo: Vec::new(),
            redo: Vec::new(),
            dashboard: DashboardState::default(),
            agenda: AgendaState::default(),
            drawn: Drawn::default(),
            quit: false,
            offline: None,
            user: String::new(),
        }
    }

    /// What the dashboard's figures are wanted for now.
    pub fn view_request(&self) -> Option<ViewRequest> {
        Some(self.view_request_for(self.current_pipeline()?.clone()))
    }

    /// What the dashboard's figures would be wanted for on `pipeline`.
    pub fn view_request_for(&self, pipeline: Pipeline) -> ViewRequest {
        let dashboard = &self.dashboard;
        ViewRequest {
            pipeline,
            period: dashboard.period,
            as_of: self.now,
            target: dashboard.target,
            owner: dashboard.owner.clone(),
            zone: dashboard.zone,
        }
    }

    pub fn current_pipeline(&self) -> Option<&Pipeline> {
        self.pipelines.get(self.pipeline)
    }

    /// Closed deals at or after this moment stay on the board.
    pub fn closed_since(&self) -> DateTime<Utc> {
        self.now - Duration::days(i64::from(self.closed_days))
    }

    pub fn focused_deal(&self) -> Option<&BoardCard> {
        self.board.focused_deal()
    }

    pub fn deal_by_id(&self, id: DealId) -> Option<&BoardCard> {
        self.board.deal_by_id(id)
    }

    /// Puts one re-read card in place (or takes it off the board) without reloading the
    /// rest; `new` for a deal just added. Returns what to read next, if anything.
    pub fn replace_card(
        &mut self,
        id: DealId,
        card: Option<BoardCard>,
        new: bool,
    ) -> super::command::Command {
        let pipeline = self.pipelines.get(self.pipeline);
        match self.board.replace_card(pipeline, id, card, new) {
            super::board::state::Patch::Done => self.board_pages(),
            super::board::state::Patch::Read(mut asks) => {
                asks.extend(self.board.pages_needed(self.cards_shown()));
                super::command::Command::LoadCards {
                    asks,
                    needle: self.board.read_filter.clone(),
                }
            }
            super::board::state::Patch::Reread => super::command::Command::LoadColumns {
                needle: self.board.needle(),
            },
        }
    }

    /// How many cards a column shows, as last drawn.
    pub fn cards_shown(&self) -> usize {
        if self.drawn.board_cards == 0 {
            super::board::state::DEFAULT_SHOWN
        } else {
            self.drawn.board_cards
        }
    }

    /// The read that brings the columns' cards up to what they show plus a margin, if any.
    pub fn board_pages(&self) -> super::command::Command {
        let asks = self.board.pages_needed(self.cards_shown());
        if asks.is_empty() {
            super::command::Command::None
        } else {
            super::command::Command::LoadCards {
                asks,
                needle: self.board.read_filter.clone(),
            }
        }
    }

    pub fn stage(&self, id: StageId) -> Option<&Stage> {
        self.current_pipeline()?.stage(id)
    }

    /// Replaces every column with a fresh read, keeping focus on `keep` (or on the card that
    /// was focused) when it was read.
    pub fn set_columns(&mut self, read: crate::store::BoardRead, needle: String) {
        let pipeline = self.pipelines.get(self.pipeline);
        self.board.set_columns(pipeline, read, needle, None);
    }

    /// Puts the focus on the deal's card, wherever it is.
    pub fn focus_on(&mut self, id: DealId) {
        self.board.focus_on(id);
    }

    /// Whether the deal has been idle longer than its stage allows.
    pub fn is_rotting(&self, deal: &BoardCard, stage: &Stage) -> bool {
        stage.kind == StageKind::Open
            && stage.rot_days.is_some_and(|days| {
                self.now - deal.last_activity_at >= Duration::days(i64::from(days))
            })
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message::Error(text.into()));
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message::Info(text.into()));
    }
}
