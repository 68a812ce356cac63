//! The inline input that puts an activity on a deal: `f` schedules one (a typed date, `Tab`
//! cycles the kind, the stage's `communication` habits offered as templates), `c` logs a
//! call done now with an optional outcome, the Agenda's `s` reschedules and its `x` asks for
//! the next step. Pure: Enter returns one store command, a bad date keeps the input open.

use crate::domain::{ActivityId, ActivityKind, DealId, StageId, parse_due_in};

use crate::app::action::{Action, Msg};
use crate::app::command::{Command, DealSteps};
use crate::app::dashboard::Zone;
use crate::app::state::{AppState, Detail, Mode, Tab};
use crate::app::update::edit_text;
use crate::store::{ActivityPatch, NewActivity};

/// What Enter does with the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// `f`: plan a new activity.
    Schedule,
    /// After `x`: plan the deal's next step (cancelling leaves it without one).
    NextStep,
    /// `s`: move this activity to another date.
    Reschedule(ActivityId),
    /// `c`: a call done now; the text typed is its outcome.
    LogCall,
}

/// The open input and what it was opened on.
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduleInput {
    pub deal: DealId,
    pub title: String,
    pub purpose: Purpose,
    pub kind: ActivityKind,
    /// The date typed (the outcome, when logging a call).
    pub input: String,
    /// The stage's preferred forms of contact, offered as templates.
    pub templates: Vec<String>,
    /// The template chosen: it sets the kind and becomes the activity's note.
    pub template: Option<usize>,
    /// The detail pane it was opened from, which comes back as it was when the input closes.
    pub detail: Option<Box<Detail>>,
}

impl ScheduleInput {
    /// The note the activity gets: the chosen template's text.
    pub fn note(&self) -> Option<String> {
        self.template.and_then(|i| self.templates.get(i)).cloned()
    }
}

/// The deal an input is opened on: which, its title, and its stage (for the templates).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub deal: DealId,
    pub title: String,
    pub stage: Option<StageId>,
}

/// The target for a deal on the board, if its card is loaded.
pub fn card_target(state: &AppState, deal: DealId) -> Option<Target> {
    let card = state.deal_by_id(deal)?;
    Some(Target {
        deal,
        title: card.title.clone(),
        stage: Some(card.stage_id),
    })
}

/// The kind a habit such as "Needs assessment meeting by video call" asks for.
pub fn kind_for_habit(text: &str) -> ActivityKind {
    let text = text.to_lowercase();
    if text.contains("meeting") || text.contains("video") || text.contains("in person") {
        ActivityKind::Meeting
    } else if text.contains("call") || text.contains("phone") {
        ActivityKind::Call
    } else if text.contains("e-mail") || text.contains("email") {
        ActivityKind::Email
    } else {
        ActivityKind::FollowUp
    }
}

/// Opens the input on `target` for `purpose`, `kind` prefilled.
pub fn open(
    state: &mut AppState,
    target: Target,
    purpose: Purpose,
    kind: ActivityKind,
    detail: Option<Detail>,
) {
    let templates = match purpose {
        Purpose::Schedule | Purpose::NextStep => target
            .stage
            .and_then(|id| state.stage(id))
            .map(|stage| stage.playbook.communication.clone())
            .unwrap_or_default(),
        Purpose::Reschedule(_) | Purpose::LogCall => Vec::new(),
    };
    state.mode = Mode::Schedule(Box::new(ScheduleInput {
        deal: target.deal,
        title: target.title,
        purpose,
        kind,
        input: String::new(),
        templates,
        template: None,
        detail: detail.map(Box::new),
    }));
}

/// `f` or `c` on the Board tab: on the focused card.
pub fn open_on_focused(state: &mut AppState, purpose: Purpose) -> Command {
    let Some(target) = state
        .focused_deal()
        .map(|card| card.id)
        .and_then(|id| card_target(state, id))
    else {
        state.info(crate::t!("msg-no-focus"));
        return Command::None;
    };
    open(state, target, purpose, default_kind(purpose), None);
    Command::None
}

/// `f` in the detail pane: the pane comes back when the input closes.
pub fn open_from_detail(state: &mut AppState, detail: Detail) -> Command {
    let stage = detail.full.as_ref().map(|deal| deal.stage_id);
    let title = detail.full.as_ref().map(|deal| deal.title.clone());
    let target = match (card_target(state, detail.deal), title) {
        (Some(target), _) => target,
        (None, title) => Target {
            deal: detail.deal,
            title: title.unwrap_or_default(),
            stage,
        },
    };
    open(
        state,
        target,
        Purpose::Schedule,
        ActivityKind::FollowUp,
        Some(detail),
    );
    Command::None
}

pub fn default_kind(purpose: Purpose) -> ActivityKind {
    match purpose {
        Purpose::LogCall => ActivityKind::Call,
        _ => ActivityKind::FollowUp,
    }
}

/// A key while the input is open.
pub fn update(state: &mut AppState, mut input: ScheduleInput, msg: Msg) -> Command {
    match msg {
        Msg::Do(Action::Cancel) => {
            let text = match input.purpose {
                Purpose::NextStep => crate::t!("msg-no-next-step"),
                _ => crate::t!("msg-cancelled"),
            };
            close(state, input);
            state.info(text);
            Command::None
        }
        Msg::Do(Action::Accept) => accept(state, input),
        Msg::Do(Action::NextKind) => {
            if input.purpose != Purpose::LogCall {
                input.kind = input.kind.next();
            }
            state.mode = Mode::Schedule(Box::new(input));
            Command::None
        }
        Msg::Do(Action::PickNext) | Msg::Do(Action::PickPrevious) => {
            let count = input.templates.len();
            input.template = match (msg, input.template) {
                _ if count == 0 => None,
                (Msg::Do(Action::PickNext), None) => Some(0),
                (Msg::Do(Action::PickNext), Some(i)) => Some((i + 1).min(count - 1)),
                // Up past the first template goes back to none.
                (_, None) | (_, Some(0)) => None,
                (_, Some(i)) => Some(i - 1),
            };
            if let Some(text) = input.template.and_then(|i| input.templates.get(i)) {
                input.kind = kind_for_habit(text);
            }
            state.mode = Mode::Schedule(Box::new(input));
            Command::None
        }
        _ => {
            if edit_text(&mut input.input, &msg) {
                state.message = None;
            }
            state.mode = Mode::Schedule(Box::new(input));
            Command::None
        }
    }
}

/// Enter: the one store command, or the date's problem with the input left open.
fn accept(state: &mut AppState, input: ScheduleInput) -> Command {
    let deal = input.deal;
    if input.purpose == Purpose::LogCall {
        let text = input.input.trim().to_string();
        close(state, input);
        return Command::LogCall {
            deal,
            outcome: (!text.is_empty()).then_some(text),
        };
    }
    let parsed = match state.dashboard.zone {
        Zone::Local => parse_due_in(&input.input, state.now, &chrono::Local),
        Zone::Utc => parse_due_in(&input.input, state.now, &chrono::Utc),
    };
    let due = match parsed {
        Ok(due) => due,
        Err(error) => {
            state.error(crate::app::error_text::due(&error));
            state.mode = Mode::Schedule(Box::new(input));
            return Command::None;
        }
    };
    let command = match input.purpose {
        Purpose::Reschedule(activity) => Command::RescheduleActivity {
            activity,
            patch: ActivityPatch {
                kind: Some(input.kind),
                due: Some(due),
                note: None,
            },
        },
        _ => Command::ScheduleActivity(NewActivity {
            deal,
            kind: input.kind,
            due,
            note: input.note(),
        }),
    };
    close(state, input);
    command
}

/// Back to the detail pane it was opened from, else to the tab.
fn close(state: &mut AppState, input: ScheduleInput) {
    state.mode = match input.detail {
        Some(detail) => Mode::Detail(*detail),
        None => Mode::Normal,
    };
}

/// A deal's next step and overdue marker into the board's cards.
pub fn apply_steps(state: &mut AppState, steps: DealSteps) {
    let board = &mut state.board;
    match steps.next {
        Some(next) => {
            board.next_steps.insert(steps.deal, next);
        }
        None => {
            board.next_steps.remove(&steps.deal);
        }
    }
    if steps.overdue {
        board.overdue.insert(steps.deal);
    } else {
        board.overdue.remove(&steps.deal);
    }
}

/// `x` done: the next-step input opens on the same deal, where it can be seen (the Agenda,
/// or the board with nothing else open).
pub fn offer_next_step(state: &mut AppState, target: Target) {
    if state.mode == Mode::Normal && matches!(state.tab, Tab::Agenda | Tab::Board) {
        open(
            state,
            target,
            Purpose::NextStep,
            ActivityKind::FollowUp,
            None,
        );
    }
}
