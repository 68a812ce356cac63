//! Team mode on the board: other reps' writes arrive as change notices from the server's
//! feed (PostgreSQL `LISTEN`/`NOTIFY`, on a thread with its own connection) on the board's
//! one event channel; the board reads itself again keeping the focus and says what changed.
//! When the server is out of reach the board says so in one line, keeps what it shows,
//! refuses every store command, and connects again with backoff, then reloads.

use std::collections::BTreeSet;
use std::sync::mpsc::Sender;
use std::time::Duration;

use crate::domain::{Deal, DealId};
use crate::store::{ChangeFeed, FeedEvent, Notice, Repository, StoreError};

use super::command::{BoardData, Command, Outcome};
use super::error::AppError;
use super::event::Event;
use super::state::{AppState, Message, Mode};
use super::{App, outcome};

/// The first wait before connecting again, doubled after each failure up to [`MAX_WAIT`].
const FIRST_WAIT: Duration = Duration::from_millis(250);
const MAX_WAIT: Duration = Duration::from_secs(5);

/// At most this many of the deals a burst of notices names are read for the message.
const DEALS_DESCRIBED: usize = 5;

/// What the server's side sends the board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerEvent {
    /// The feed (re)connected and listens; anything committed before may have been missed.
    Listening,
    /// Other sessions committed these writes.
    Notices(Vec<Notice>),
    /// The feed's connection broke (why); it connects again by itself.
    Lost(String),
    /// Time to try the board's own connection again.
    Retry,
}

/// The board's side of team mode: whether a feed runs, and the backoff of reconnecting.
#[derive(Debug)]
pub struct Live {
    feed: bool,
    wait: Duration,
    /// A retry timer is running (one at a time).
    timer: bool,
    /// Inside a reconnect: a failure found meanwhile does not start another.
    reconnecting: bool,
}

impl Default for Live {
    fn default() -> Live {
        Live {
            feed: false,
            wait: FIRST_WAIT,
            timer: false,
            reconnecting: false,
        }
    }
}

/// Waits on the feed for ever on its own thread, handing what it brings to the channel;
/// after a failure it waits (250 ms, doubling up to 5 s) and connects again. The thread ends
/// when the board is gone (the channel closed).
pub fn spawn_feed(mut feed: Box<dyn ChangeFeed>, sender: Sender<Event>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("feed".into())
        .spawn(move || {
            let mut wait = FIRST_WAIT;
            let mut said_lost = false;
            loop {
                let event = match feed.next() {
                    Ok(FeedEvent::Listening) => {
                        wait = FIRST_WAIT;
                        said_lost = false;
                        ServerEvent::Listening
                    }
                    Ok(FeedEvent::Notices(notices)) => ServerEvent::Notices(notices),
                    Err(error) => {
                        let first = !said_lost;
                        said_lost = true;
                        if first
                            && sender
                                .send(Event::Server(ServerEvent::Lost(error.to_string())))
                                .is_err()
                        {
                            return;
                        }
                        std::thread::sleep(wait);
                        wait = (wait * 2).min(MAX_WAIT);
                        continue;
                    }
                };
                if sender.send(Event::Server(event)).is_err() {
                    return;
                }
            }
        })?;
    Ok(())
}

/// Whether a command writes (refused while offline with "not saved").
pub fn is_write(command: &Command) -> bool {
    !matches!(
        command,
        Command::None
            | Command::Batch(_)
            | Command::Reload
            | Command::LoadColumns { .. }
            | Command::LoadCards { .. }
            | Command::LoadDetail(_)
            | Command::OpenEditForm(_)
            | Command::RecomputeDashboard(_)
            | Command::RefreshDashboard(_)
            | Command::LoadAgenda
            | Command::LoadChecklist(_)
            | Command::NoteInEditor(_)
            | Command::LoadChange(_)
    )
}

impl App {
    /// Starts the store's change feed on its own thread, where it has one (a server); false
    /// for a file, whose changes the event loop's file watcher reports instead.
    pub fn start_feed(&mut self) -> bool {
        let feed = match self.store.change_feed() {
            Ok(Some(feed)) => feed,
            Ok(None) => return false,
            Err(error) => {
                self.state.error(super::error_text::store_error(&error));
                return false;
            }
        };
        match spawn_feed(feed, self.sender()) {
            Ok(()) => self.live.feed = true,
            Err(error) => self
                .state
                .error(crate::t!("live-feed-failed", error = error.to_string())),
        }
        self.live.feed
    }

    /// One event from the server's side.
    pub(super) fn on_server(&mut self, event: ServerEvent) {
        match event {
            ServerEvent::Listening if self.state.offline.is_some() => self.reconnect(),
            // Connected (or back) while the board's own connection is fine: what was
            // committed while nobody listened is picked up by the change counter.
            ServerEvent::Listening => self.catch_up(),
            // After reconnecting the board reads everything again anyway.
            ServerEvent::Notices(_) if self.state.offline.is_some() => {}
            ServerEvent::Notices(notices) => self.take_notices(notices),
            ServerEvent::Lost(why) => self.go_offline(&why),
            ServerEvent::Retry => {
                self.live.timer = false;
                if self.state.offline.is_some() {
                    self.reconnect();
                }
            }
        }
    }

    /// Others' writes: the board read again, with a message naming what changed.
    fn take_notices(&mut self, notices: Vec<Notice>) {
        match self.store.change_counter() {
            Ok(version) => self.data_version = version,
            Err(error) => return self.failed(&error),
        }
        self.run(Command::LoadChange(notices));
    }

    /// Reloads when another session committed since the board last looked.
    fn catch_up(&mut self) {
        match self.store.change_counter() {
            Ok(version) if version != self.data_version => {
                self.data_version = version;
                self.run(Command::Reload);
            }
            Ok(_) => {}
            Err(error) => self.failed(&error),
        }
    }

    /// A read of the change counter failed: offline when the connection broke, else said.
    fn failed(&mut self, error: &StoreError) {
        if matches!(error, StoreError::Disconnected { .. }) {
            self.connection_broke(&error.to_string(), false);
        } else {
            self.state.error(super::error_text::store_error(error));
        }
    }

    /// The one line that says the server is out of reach; the screen stays as it is.
    fn go_offline(&mut self, why: &str) {
        // `why` names the server (the store's errors do).
        self.state.offline = Some(crate::t!("live-offline", why = why));
        // The line shows where a message would: an old message gives way to it.
        if matches!(self.state.message, Some(Message::Info(_))) {
            self.state.message = None;
        }
        self.state.dashboard.loading = false;
    }

    /// The board's own connection was found broken: offline, then one try at once (the
    /// server may be there, only the connection gone). True when back.
    pub(super) fn connection_broke(&mut self, why: &str, during_write: bool) -> bool {
        self.go_offline(why);
        if during_write {
            self.state.error(crate::t!("live-not-confirmed"));
        }
        if !self.live.reconnecting {
            self.reconnect();
        }
        self.state.offline.is_none()
    }

    /// Connects the board's store again; back, it reads everything again. Otherwise a
    /// retry is due after the next wait.
    fn reconnect(&mut self) {
        self.live.reconnecting = true;
        let back = self
            .store
            .reconnect()
            .and_then(|()| self.store.change_counter());
        self.live.reconnecting = false;
        match back {
            Ok(version) => {
                self.state.offline = None;
                self.live.wait = FIRST_WAIT;
                self.data_version = version;
                self.loader.mark_stale();
                self.run(Command::Reload);
                if self.state.offline.is_none() {
                    let server = self.store.location().to_string();
                    self.state
                        .info(crate::t!("live-back-online", server = server));
                }
            }
            Err(error) => {
                self.go_offline(&error.to_string());
                self.retry_later();
            }
        }
    }

    /// One timer at a time sends [`ServerEvent::Retry`] after the current wait; the waits
    /// double up to [`MAX_WAIT`].
    fn retry_later(&mut self) {
        if self.live.timer {
            return;
        }
        self.live.timer = true;
        let wait = self.live.wait;
        self.live.wait = (wait * 2).min(MAX_WAIT);
        let sender = self.sender();
        let started = std::thread::Builder::new()
            .name("reconnect".into())
            .spawn(move || {
                std::thread::sleep(wait);
                let _ = sender.send(Event::Server(ServerEvent::Retry));
            });
        if started.is_err() {
            self.live.timer = false;
        }
    }

    /// While offline every store command is refused with one sentence, before it runs.
    pub(super) fn refused_offline(&mut self, command: &Command) -> bool {
        if self.state.offline.is_none() {
            return false;
        }
        self.state.error(if is_write(command) {
            crate::t!("live-not-saved")
        } else {
            crate::t!("live-not-read")
        });
        true
    }

    /// A command that failed because the connection broke goes offline instead of showing
    /// the error and reloading (which would fail too).
    pub(super) fn unless_disconnected(
        &mut self,
        outcome: Option<Outcome>,
        writes: bool,
    ) -> Option<Outcome> {
        match outcome {
            Some(Outcome::Failed {
                error: AppError::Store(error @ StoreError::Disconnected { .. }),
                ..
            }) => {
                self.connection_broke(&error.to_string(), writes);
                None
            }
            other => other,
        }
    }

    /// Whether the board's change feed runs (team mode).
    pub fn feed_running(&self) -> bool {
        self.live.feed
    }
}

/// The board read again, and the deals the notices name as they are now.
pub fn load_change(
    store: &dyn Repository,
    state: &AppState,
    notices: Vec<Notice>,
) -> crate::store::Result<Outcome> {
    let board = super::executor::load_board(store, state)?;
    let mut deals = Vec::new();
    for id in named(&notices).into_iter().take(DEALS_DESCRIBED) {
        match store.deal(id) {
            Ok(deal) => deals.push(deal),
            Err(StoreError::NotFound(_)) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(Outcome::ChangedElsewhere {
        board: Box::new(board),
        deals,
        notices,
    })
}

/// The distinct deals the notices name, newest first.
fn named(notices: &[Notice]) -> Vec<DealId> {
    let mut seen = BTreeSet::new();
    notices
        .iter()
        .rev()
        .filter_map(|n| n.deal)
        .filter(|id| seen.insert(*id))
        .collect()
}

/// Puts the board read after others' writes on screen: the focus stays on the deal it was
/// on (following it to another column), the message says what changed, and the dashboard's
/// rows of the deals named are read again (all of them when a notice names no deal).
pub fn changed_elsewhere(
    state: &mut AppState,
    board: BoardData,
    deals: &[Deal],
    notices: &[Notice],
) -> Command {
    let text = describe(state, &board, deals, notices);
    let focused = state.board.focused_deal().map(|c| c.id);
    outcome::show_board(state, board);
    let mut next = Vec::new();
    // The focused deal moved beyond the cards its new column read: read on to it.
    if let Some(id) = focused.filter(|id| state.board.focused_deal().map(|c| c.id) != Some(*id))
        && let Some(deal) = deals.iter().find(|d| d.id == id)
        && let Some(ask) = state.board.reach(id, deal.stage_id)
    {
        next.push(Command::LoadCards {
            asks: vec![ask],
            needle: state.board.read_filter.clone(),
        });
    }
    let ids = named(notices);
    if notices.iter().any(|n| n.deal.is_none()) || ids.is_empty() {
        next.push(outcome::refresh_dashboard(state, None));
    } else {
        for (i, id) in ids.iter().enumerate() {
            next.push(if i == 0 {
                outcome::refresh_dashboard(state, Some(*id))
            } else {
                Command::RefreshDashboard(Some(*id))
            });
        }
    }
    if let Mode::Detail(detail) = &state.mode
        && (ids.contains(&detail.deal) || ids.is_empty())
    {
        next.push(Command::LoadDetail(detail.deal));
    }
    next.push(state.board_pages());
    state.info(text);
    Command::Batch(next)
}

/// What changed, in one sentence: `'Acme renewal' moved to Proposal elsewhere (by sanne)`.
/// `state` is still the board as it was before the read.
fn describe(state: &AppState, board: &BoardData, deals: &[Deal], notices: &[Notice]) -> String {
    let ids = named(notices);
    let mut by: Vec<&str> = notices.iter().filter_map(|n| n.by.as_deref()).collect();
    by.sort_unstable();
    by.dedup();
    // Who made the changes, after the sentence: `… (by sanne, tom)`.
    let with_by = |what: String| match by.as_slice() {
        [] => what,
        names => crate::t!("live-by", what = what, names = names.join(", ")),
    };
    let newest = ids
        .first()
        .and_then(|id| deals.iter().find(|d| d.id == *id));
    let Some(deal) = newest else {
        return with_by(match ids.len() {
            0 => crate::t!("live-loaded"),
            1 => crate::t!("live-one-changed"),
            n => crate::t!("live-many-changed", count = n),
        });
    };
    let before = state.board.deal_by_id(deal.id).map(|c| c.stage_id);
    let stage = board
        .pipelines
        .iter()
        .find_map(|p| p.stage(deal.stage_id))
        .map(|s| s.name.clone());
    let title = crate::ui::fit(&deal.title, 40);
    let what = match (before, stage) {
        _ if deal.is_archived() && before.is_some() => {
            crate::t!("live-archived", title = title.as_str())
        }
        (Some(before), Some(stage)) if before != deal.stage_id => {
            crate::t!("live-moved", title = title.as_str(), stage = stage)
        }
        _ => crate::t!("live-changed", title = title.as_str()),
    };
    with_by(match ids.len() {
        0 | 1 => what,
        n => crate::t!("live-and-more", what = what, count = n - 1),
    })
}
