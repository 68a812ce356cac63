//! What `update` asks the executor to do ([`Command`]), and what comes back from it
//! ([`Outcome`], handed to `update` again). Commands carry everything they need; outcomes
//! carry what was read or written, so the state is only ever changed by `update`.

use crate::domain::{Deal, DealId, Note, Pipeline, StageId, StageVisit};
use crate::store::{BoardCard, BoardRead, MoveRecord, PageAsk};

use super::dashboard::{DashboardView, ViewRequest};
use super::error::AppError;
use super::state::{Change, DealForm};

/// A request from `update`; each store command is one store call, so one transaction.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    None,
    /// Several commands, run in order.
    Batch(Vec<Command>),
    /// Read the pipelines and the current pipeline's columns again.
    Reload,
    /// Read every column's first cards and header figures again, matching `needle` (the
    /// filter changed, or a change could not be patched in).
    LoadColumns {
        needle: String,
    },
    /// Read further cards of some columns (scrolling, or the focus following a card).
    LoadCards {
        asks: Vec<PageAsk>,
        needle: String,
    },
    /// Read the whole deal, its history and notes for the detail pane.
    LoadDetail(DealId),
    /// Read the whole deal and open the edit form on it.
    OpenEditForm(DealId),
    Move {
        deal: DealId,
        to: StageId,
        reason: Option<String>,
        version: i64,
    },
    /// Convert the lead: won in its pipeline, a linked deal at SQL in the one it converts to.
    Convert {
        deal: DealId,
        version: i64,
    },
    /// Move a closed deal back into the open stage it was last in (its stage history).
    Reopen {
        deal: DealId,
        version: i64,
    },
    EditReason {
        deal: DealId,
        version: i64,
        reason: String,
    },
    Archive {
        deal: DealId,
        version: i64,
    },
    AddNote {
        deal: DealId,
        body: String,
    },
    SaveForm(Box<DealForm>),
    Undo(Change),
    Redo(Change),
    /// Work the dashboard's figures out again from the rows already read (period, target).
    RecomputeDashboard(Box<ViewRequest>),
    /// The dashboard's rows no longer match the database. With the deal the board just
    /// wrote, only that deal's row is read again; otherwise (a reload, another pipeline) all
    /// rows are, in the background after the next frame (a burst of reloads costs one read).
    RefreshDashboard(Option<DealId>),
    /// Read the Agenda tab's sections for the current pipeline (one read transaction).
    LoadAgenda,
    /// Mark an activity done now (`x` on the Agenda).
    CompleteActivity(crate::domain::ActivityId),
    /// Tick (`done`) or untick one task of the deal's checklist (`Space` in the detail pane).
    SetTask {
        deal: DealId,
        task: String,
        done: bool,
    },
    /// Read the deal's checklist again (its stage changed): the card's progress follows.
    LoadChecklist(DealId),
    /// Leave the terminal to the person's editor for a long note on the deal (`E`); run by
    /// `App::execute`, which owns the terminal session, not by the store's executor.
    NoteInEditor(DealId),
    /// Plan an activity on a deal (`f`, or the next step after `x`).
    ScheduleActivity(crate::store::NewActivity),
    /// Move an activity's due date, and set its kind (`s` on the Agenda).
    RescheduleActivity {
        activity: crate::domain::ActivityId,
        patch: crate::store::ActivityPatch,
    },
    /// Log a call done now, with an optional outcome (`c`).
    LogCall {
        deal: DealId,
        outcome: Option<String>,
    },
    /// Read the board again after other sessions' writes, with the deals they name
    /// (team mode's change notices; `app/live.rs`).
    LoadChange(Vec<crate::store::Notice>),
    /// The deals behind a dashboard row: picked from the rows in memory, their titles and
    /// amounts read in one store call (`App::execute`, beside the rows).
    DrillDown(Box<super::dashboard::drill::DrillRequest>),
}

/// A deal's next step and overdue marker as they are after a change to its activities, so
/// its card is patched without reading the whole board again.
#[derive(Clone, Debug, PartialEq)]
pub struct DealSteps {
    pub deal: DealId,
    pub next: Option<crate::domain::Activity>,
    pub overdue: bool,
}

/// The board's data as read from the store for the current pipeline.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardData {
    pub pipelines: Vec<Pipeline>,
    /// Which of `pipelines` is shown: the one shown before, else the default.
    pub pipeline: usize,
    pub lost_reasons: Vec<String>,
    /// The columns' first cards, their marks and header figures.
    pub read: BoardRead,
    /// The filter they were read with.
    pub needle: String,
}

/// What the detail pane shows of one deal.
#[derive(Clone, Debug, PartialEq)]
pub struct DetailData {
    pub deal: Deal,
    pub history: Vec<StageVisit>,
    pub notes: Vec<Note>,
    /// `None` when the deal's stage cannot be read (the pane shows the rest).
    pub checklist: Option<crate::store::Checklist>,
    pub activities: Vec<crate::domain::Activity>,
}

/// Which way a change was replayed: an undo's inverse goes on the redo stack, and back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replay {
    Undo,
    Redo,
}

/// What a command did, for `update` to put into the state.
#[derive(Debug)]
pub enum Outcome {
    Board(Box<BoardData>),
    /// The deals behind a dashboard row, read.
    DrillDown(Box<super::dashboard::drill::DrillDown>),
    /// Every column read again (cards, marks and figures) with the filter `needle`.
    Columns {
        read: Box<BoardRead>,
        needle: String,
    },
    /// Further cards of some columns, read with the filter `needle`.
    Cards {
        read: Box<BoardRead>,
        needle: String,
    },
    Detail(Box<DetailData>),
    EditForm(Box<DealForm>),
    /// A move was written; `card` is the deal's card as it is now (`None`: off the board).
    Moved {
        record: MoveRecord,
        reason: Option<String>,
        card: Option<BoardCard>,
        reopened: bool,
    },
    /// A lead was converted; `card` is the lead's card as it is now.
    Converted {
        converted: Box<crate::store::Converted>,
        card: Option<BoardCard>,
    },
    /// An edit was written (`reason`: only the lost reason changed).
    Edited {
        before: Box<Deal>,
        after: Box<Deal>,
        card: Option<BoardCard>,
        reason: bool,
    },
    Archived {
        deal: DealId,
        version: i64,
        card: Option<BoardCard>,
    },
    NoteAdded {
        deal: DealId,
        card: Option<BoardCard>,
    },
    Added {
        deal: DealId,
        card: Option<BoardCard>,
    },
    Replayed {
        way: Replay,
        inverse: Change,
        card: Option<BoardCard>,
        what: &'static str,
        /// The deal's next step after an activity's change was replayed.
        steps: Option<DealSteps>,
    },
    /// An activity was planned (undo deletes it).
    Scheduled {
        activity: Box<crate::domain::Activity>,
        steps: DealSteps,
    },
    /// An activity's due date or kind changed (undo writes it back as it was).
    Rescheduled {
        edit: Box<crate::store::ActivityEdit>,
        steps: DealSteps,
    },
    /// A call done now was logged (undo deletes it).
    CallLogged {
        record: Box<crate::store::DoneRecord>,
        card: Option<BoardCard>,
        steps: DealSteps,
    },
    /// A move was refused for a data point the deal lacks: the form to fill it in.
    NeedsDataPoint {
        form: Box<DealForm>,
        why: String,
    },
    /// The dashboard's figures, computed for `request`.
    Figures {
        view: Box<DashboardView>,
        request: Box<ViewRequest>,
    },
    DashboardFailed(String),
    /// An activity was marked done (undo takes it back); the next step is asked for.
    ActivityDone {
        record: Box<crate::store::DoneRecord>,
        card: Option<BoardCard>,
        steps: DealSteps,
    },
    /// The Agenda tab's sections as read now.
    Agenda(Box<crate::store::Agenda>),
    /// A checklist task was ticked (`done`) or unticked; `checklist` is as it is now.
    TaskSet {
        checklist: Box<crate::store::Checklist>,
        task: String,
        done: bool,
    },
    /// A deal's checklist as read now.
    Checklist(Box<crate::store::Checklist>),
    /// The editor closed: the note it wrote (`None`: the file was left empty), or why it
    /// gave nothing (it could not start, or failed).
    EditorNote {
        deal: DealId,
        written: Result<Option<String>, String>,
    },
    /// The board read again after other sessions' writes (`notices`), with the deals they
    /// named as they are now (gone ones left out).
    ChangedElsewhere {
        board: Box<BoardData>,
        deals: Vec<Deal>,
        notices: Vec<crate::store::Notice>,
    },
    /// The command failed; `reload` when the board should be read again (what it shows
    /// may be stale), which is not the case when reading it is what failed.
    Failed {
        error: AppError,
        reload: bool,
    },
}
