//! The interactive board (PRODUCT.md §4): key → keymap → action → `update` → command →
//! store → state → redraw. docs/architecture.md walks through it.

pub mod action;
pub mod agenda;
pub mod board;
pub mod clock;
pub mod command;
pub mod convert;
pub mod dashboard;
pub mod editor;
pub mod error;
pub mod error_text;
pub mod event;
pub mod event_loop;
pub mod executor;
pub mod guard;
pub mod keymap;
pub mod live;
pub mod outcome;
pub mod saving;
pub mod state;
pub mod update;

use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::Config;
use crate::store::{Location, Repository, StoreError};

pub use action::{Action, Msg};
pub use clock::Clock;
pub use error::AppError;
pub use event::Event;
pub use keymap::{KeyMode, Keymap};
pub use state::{AppState, Mode, Tab};

/// Above this many cards on the board, the dashboard's rows (every deal's history, a few
/// hundred bytes a deal) are not read beside the board but when the Dashboard tab is first
/// shown: a board on a million deals stays small. At 100 000 deals the board has ~23 000.
const ROWS_BESIDE_THE_BOARD: usize = 100_000;

/// The board with its database: what the event loop, `print` and the tests drive.
pub struct App {
    pub state: AppState,
    store: Box<dyn Repository>,
    clock: Clock,
    data_version: i64,
    /// The rows the dashboard's figures are computed from, when read.
    rows: Option<dashboard::LoadedRows>,
    /// The rows took in a write since the figures were computed; they are worked out again
    /// when the Dashboard tab is on screen, not on every move on the board.
    figures_behind: bool,
    loader: dashboard::RowLoader,
    /// The one channel everything that wakes the board comes through.
    sender: Sender<Event>,
    inbox: Receiver<Event>,
    guard: guard::FileGuard,
    /// Set once the database's files were found damaged: nothing touches the store after.
    fault: Option<String>,
    /// How many store commands ran (each is one store call), for tests and benchmarks.
    store_commands: u64,
    /// The terminal session to leave around an editor; `None` without one (tests, print).
    handover: Option<editor::Handover>,
    /// The screen must be drawn whole again (an editor had the terminal).
    redraw_all: bool,
    /// The pipeline is so big that the dashboard's rows (all its deals' history) are read
    /// only once the Dashboard tab is shown, not beside the board.
    rows_on_demand: bool,
    /// Team mode: the server's feed, and reconnecting when the server is out of reach.
    live: live::Live,
}

impl App {
    /// Loads the default pipeline's cards; keymap problems become the first on-screen message.
    pub fn new(
        store: impl Into<Box<dyn Repository>>,
        config: &Config,
        clock: impl Into<Clock>,
    ) -> Result<App, StoreError> {
        App::open(store.into(), config, clock.into(), false)
    }

    /// [`App::new`] for the interactive board and `print dashboard`: the dashboard's rows
    /// start loading on a background thread before the board's own cards do, so the
    /// figures are ready soon after the first frame.
    pub fn start(
        store: impl Into<Box<dyn Repository>>,
        config: &Config,
        clock: impl Into<Clock>,
    ) -> Result<App, StoreError> {
        App::open(store.into(), config, clock.into(), true)
    }

    fn open(
        mut store: Box<dyn Repository>,
        config: &Config,
        clock: Clock,
        read_dashboard_early: bool,
    ) -> Result<App, StoreError> {
        let (keymap, problems) = Keymap::with_overrides(&config.keys);
        let closed_days = config.closed_days.unwrap_or(state::DEFAULT_CLOSED_DAYS);
        store.prepare_for_board()?;
        let mut state = AppState::new(clock.now(), config.decimal_separator(), closed_days, keymap);
        state.user = store.user().to_string();
        let loader = dashboard::RowLoader::new();
        let (sender, inbox) = channel();
        let guard = guard::FileGuard::new(file_of(&*store));
        let mut app = App {
            state,
            store,
            clock,
            data_version: 0,
            rows: None,
            figures_behind: false,
            loader,
            sender,
            inbox,
            guard,
            fault: None,
            store_commands: 0,
            handover: None,
            redraw_all: false,
            rows_on_demand: false,
            live: live::Live::default(),
        };
        // The pipelines first: an early read of the dashboard's rows needs to know which,
        // and runs on its own thread while the cards load here.
        let pipelines = app.store.pipelines()?;
        let pipeline = executor::pick_pipeline(&*app.store, &app.state, &pipelines)?;
        let shown = pipelines[pipeline].clone();
        let board = executor::board_of(&*app.store, &app.state, pipelines, pipeline)?;
        outcome::show_board(&mut app.state, board);
        let cards: usize = app.state.board.columns.iter().map(|c| c.count).sum();
        app.rows_on_demand = cards > ROWS_BESIDE_THE_BOARD;
        if read_dashboard_early && !app.rows_on_demand {
            let request = app.state.view_request_for(shown);
            app.loader.start_if_due(request, &*app.store, &app.sender);
        }
        if !problems.is_empty() {
            let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
            app.state.error(text.join("; "));
        }
        app.data_version = app.store.change_counter()?;
        // The first reads created the -shm; from here on it must stay whole.
        app.guard = guard::FileGuard::new(file_of(&*app.store));
        Ok(app)
    }

    pub fn store(&self) -> &dyn Repository {
        &*self.store
    }

    pub fn store_path(&self) -> &std::path::Path {
        file_of(&*self.store)
    }

    /// Another way into the event channel (input, signals, the file watcher).
    pub fn sender(&self) -> Sender<Event> {
        self.sender.clone()
    }

    /// The terminal session the event loop set up, for handing it to an editor.
    pub fn set_handover(&mut self, handover: editor::Handover) {
        self.handover = Some(handover);
    }

    /// Whether the whole screen must be drawn again (once).
    pub fn take_redraw_all(&mut self) -> bool {
        std::mem::take(&mut self.redraw_all)
    }

    /// Waits up to `timeout` for the next event.
    pub fn next_event(&self, timeout: Duration) -> Result<Event, RecvTimeoutError> {
        self.inbox.recv_timeout(timeout)
    }

    /// The next event already queued, if any.
    pub fn try_next_event(&self) -> Option<Event> {
        self.inbox.try_recv().ok()
    }

    /// Moves the state's clock on (before a frame or a key).
    pub fn tick_clock(&mut self) {
        self.state.now = self.clock.now();
    }

    /// Problems with the `[keys]` table, for printing before the screen opens.
    pub fn keymap_problems(config: &Config) -> Vec<keymap::KeymapProblem> {
        Keymap::with_overrides(&config.keys).1
    }

    /// Which keymap applies now.
    pub fn key_mode(&self) -> KeyMode {
        match &self.state.mode {
            Mode::Normal => KeyMode::Board,
            Mode::Detail(detail) if detail.note_input.is_some() => KeyMode::Prompt,
            Mode::Detail(_) => KeyMode::Detail,
            Mode::Help { .. } => KeyMode::Help,
            Mode::ConfirmArchive { .. } => KeyMode::Confirm,
            Mode::PipelinePicker { .. } | Mode::DrillDown(_) => KeyMode::Picker,
            Mode::Form(_) => KeyMode::Form,
            Mode::Filter
            | Mode::LostReason(_)
            | Mode::GoalInput { .. }
            | Mode::PeriodInput { .. }
            | Mode::Schedule(_) => KeyMode::Prompt,
        }
    }

    /// What a key means right now: the mode's keymap, else text for a field (and "any
    /// other key" for the help overlay and a confirmation). Ctrl+c always quits.
    pub fn msg_for_key(&self, key: &KeyEvent) -> Option<Msg> {
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return Some(Msg::Do(Action::Quit));
        }
        let mode = self.key_mode();
        if let Some(action) = self.state.keymap.action_on(mode, self.state.tab, key) {
            return Some(Msg::Do(action));
        }
        match mode {
            KeyMode::Form | KeyMode::Prompt | KeyMode::Help | KeyMode::Confirm => {
                Some(Msg::Text(*key))
            }
            KeyMode::Board | KeyMode::Detail | KeyMode::Picker => None,
        }
    }

    /// One event from the channel: a key, a resize, a change on disk, a finished read.
    pub fn handle_event(&mut self, event: Event) {
        match event {
            Event::Key(key) => {
                self.tick_clock();
                self.handle_key(key);
            }
            Event::Changed => {
                self.poll_changes();
            }
            Event::Loaded(outcome) => self.take_read(*outcome),
            Event::Synced(synced) => self.on_synced(synced),
            Event::Server(event) => {
                // The figures are worked out as of now: a change just made elsewhere is
                // later than the last frame's clock.
                self.tick_clock();
                self.on_server(event);
            }
            Event::Resize | Event::Signal(_) | Event::InputFailed(_) => {}
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        if let Some(msg) = self.msg_for_key(&key) {
            self.dispatch(msg);
        }
    }

    pub fn dispatch(&mut self, msg: Msg) {
        let command = update::update(&mut self.state, msg);
        self.run(command);
    }

    /// Runs `command` and whatever its outcomes ask for next, each outcome going through
    /// `update` before the next command runs.
    fn run(&mut self, command: command::Command) {
        let mut queue = VecDeque::from([command]);
        while let Some(command) = queue.pop_front() {
            if let command::Command::Batch(commands) = command {
                for (i, command) in commands.into_iter().enumerate() {
                    queue.insert(i, command);
                }
                continue;
            }
            if let Some(outcome) = self.execute(command) {
                queue.push_back(outcome::outcome(&mut self.state, outcome));
            }
            if queue.is_empty()
                && let Some(catch_up) = self.figures_due()
            {
                queue.push_back(catch_up);
            }
        }
        self.state.dashboard.loading = self.figures_stale();
    }

    /// The figures shown are not those of the database now: a read is running or due, or
    /// writes went into the rows since they were computed.
    fn figures_stale(&self) -> bool {
        self.loader.busy() || self.figures_behind
    }

    /// The figures again from the rows, when writes went into the rows since they were
    /// computed and the Dashboard tab is on screen.
    fn figures_due(&mut self) -> Option<command::Command> {
        if !self.figures_behind || self.state.tab != Tab::Dashboard || self.loader.busy() {
            return None;
        }
        self.figures_behind = false;
        let request = self.state.view_request()?;
        Some(command::Command::RecomputeDashboard(Box::new(request)))
    }

    /// After the board's own write to `deal`: that deal's row read again into the rows in
    /// memory. The whole read runs instead when there is no row set to update, a read is
    /// under way (its snapshot may predate the write), or another process committed
    /// meanwhile (the change counter counts only others' commits).
    fn refresh_rows(&mut self, deal: Option<crate::domain::DealId>) {
        let current = self.state.current_pipeline().map(|p| p.id);
        let unchanged_elsewhere = self
            .store
            .change_counter()
            .is_ok_and(|version| version == self.data_version);
        let refreshed = match (deal, &mut self.rows) {
            (Some(deal), Some(rows))
                if Some(rows.pipeline) == current && !self.loader.busy() && unchanged_elsewhere =>
            {
                rows.refresh_deal(&*self.store, deal).is_ok()
            }
            _ => false,
        };
        if refreshed {
            self.figures_behind = true;
        } else {
            self.loader.mark_stale();
        }
    }

    /// THE executor: every command runs here, the store's through [`executor::execute`],
    /// the dashboard's on the rows kept beside the store.
    fn execute(&mut self, command: command::Command) -> Option<command::Outcome> {
        use command::{Command, Outcome};
        match command {
            Command::None | Command::Batch(_) => None,
            Command::RecomputeDashboard(request) => {
                self.figures_behind = false;
                let rows = self
                    .rows
                    .as_ref()
                    .filter(|r| r.pipeline == request.pipeline.id)?;
                let view = rows.view(
                    &request.pipeline,
                    request.period,
                    request.as_of,
                    request.target,
                    request.owner.as_ref(),
                    request.zone,
                );
                Some(Outcome::Figures {
                    view: Box::new(view),
                    request,
                })
            }
            Command::DrillDown(request) => self.drill_down(&request),
            Command::NoteInEditor(deal) => {
                let written = editor::write_note(self.handover.as_ref());
                self.redraw_all = self.handover.is_some();
                Some(Outcome::EditorNote { deal, written })
            }
            Command::RefreshDashboard(deal) => {
                // A whole read starts after the next frame (`start_reads`), so a burst of
                // reloads costs one.
                self.refresh_rows(deal);
                None
            }
            store_command => {
                if self.refused_offline(&store_command) {
                    return None;
                }
                if !self.files_whole() {
                    // Found out of reach just now: the command is refused as offline.
                    self.refused_offline(&store_command);
                    return None;
                }
                // Our own writes leave data_version alone (it counts other connections'
                // commits), so a change made elsewhere meanwhile is still picked up.
                self.store_commands += 1;
                let writes = live::is_write(&store_command);
                let outcome = executor::execute(&mut *self.store, &self.state, store_command);
                if writes {
                    self.ask_sync();
                }
                self.unless_disconnected(outcome, writes)
            }
        }
    }

    /// Whether the database at the path is still the one open and its mapped files are
    /// whole; if not, the board says so and runs nothing against the store (with the `-shm`
    /// cut, for good: a further access could be a SIGBUS).
    fn files_whole(&mut self) -> bool {
        if let Some(fault) = &self.fault {
            let text = fault.clone();
            self.state.error(text);
            return false;
        }
        // A database deleted or replaced at its path comes first: its -shm there is then
        // another file's, while the open one's mapping is still backed.
        if let Err(error) = self.store.check_reachable() {
            // A server connection found broken: back at once if the server is there.
            if matches!(error, StoreError::Disconnected { .. }) {
                return self.connection_broke(&error.to_string(), false);
            }
            self.state.error(error_text::store_error(&error));
            return false;
        }
        match self.guard.check() {
            Ok(()) => true,
            Err(error) => {
                let text = error_text::app_error(&error);
                self.fault = Some(text.clone());
                self.state.error(text);
                false
            }
        }
    }

    /// Starts a due read of the dashboard's rows; true when one started.
    pub fn start_reads(&mut self) -> bool {
        if self.fault.is_some() || self.state.offline.is_some() {
            return false;
        }
        let Some(request) = self.state.view_request() else {
            return false;
        };
        if self.rows_on_demand && self.rows.is_none() && self.state.tab != Tab::Dashboard {
            return false;
        }
        let started = self
            .loader
            .start_if_due(request, &*self.store, &self.sender);
        self.state.dashboard.loading = self.figures_stale();
        started
    }

    /// Takes in a finished read of the dashboard's rows: the rows stay here, the figures
    /// computed with them go to `update`.
    fn take_read(&mut self, read: dashboard::ReadOutcome) {
        self.loader.finished();
        let outcome = match read {
            Ok(read) => {
                self.rows = Some(read.rows);
                self.figures_behind = false;
                command::Outcome::Figures {
                    view: Box::new(read.view),
                    request: Box::new(read.request),
                }
            }
            Err(error) => command::Outcome::DashboardFailed(error_text::app_error(&error)),
        };
        let next = outcome::outcome(&mut self.state, outcome);
        self.run(next);
        self.start_reads();
    }

    /// Starts due reads of the dashboard's rows and takes in finished ones; `wait` blocks
    /// until the rows are current. True when the screen needs drawing again. For `print` and
    /// the tests, which have no event loop.
    pub fn tick_dashboard(&mut self, wait: bool) -> bool {
        let mut changed = self.start_reads();
        if let Some(catch_up) = self.figures_due() {
            self.run(catch_up);
            changed = true;
        }
        loop {
            let event = if wait && self.loader.running() {
                self.inbox.recv().ok()
            } else {
                self.inbox.try_recv().ok()
            };
            let Some(event) = event else { break };
            self.handle_event(event);
            changed = true;
        }
        let busy = self.figures_stale();
        if self.state.dashboard.loading != busy {
            self.state.dashboard.loading = busy;
            changed = true;
        }
        changed
    }

    /// How many store commands ran so far.
    pub fn store_commands(&self) -> u64 {
        self.store_commands
    }

    /// A read of the dashboard's rows is running or due.
    pub fn dashboard_busy(&self) -> bool {
        self.loader.busy()
    }

    /// How many background reads of the dashboard's rows were started (writes coalesce).
    pub fn dashboard_reads(&self) -> u64 {
        self.loader.reads_started()
    }

    /// Picks up changes another process committed; true when the board was reloaded.
    pub fn poll_external_changes(&mut self) -> bool {
        self.poll_changes()
    }

    /// THE place the board looks at the database for changes made elsewhere (on a change
    /// notice from the file watcher, or a test's call): `files_whole` checks that the file at
    /// the path is still the one open (`Store::check_still_at_path`: a deleted or replaced
    /// database becomes a message and nothing more is run against it) and that the mapped
    /// `-shm` is whole; then `PRAGMA data_version` says whether another connection committed.
    fn poll_changes(&mut self) -> bool {
        if !self.files_whole() {
            return true;
        }
        match self.store.change_counter() {
            Ok(version) if version != self.data_version => {
                self.data_version = version;
                self.run(command::Command::Reload);
                true
            }
            Ok(_) => false,
            Err(error) => {
                self.state.error(error_text::store_error(&error));
                true
            }
        }
    }

    /// Draws a frame; what the views laid out is recorded in the state for `update`.
    pub fn draw(&mut self, frame: &mut Frame) {
        self.state.drawn = crate::ui::draw(frame, &self.state);
    }

    /// Reads the cards the board's columns lack for what a screen of `height` rows shows
    /// (a taller terminal than the first read allowed for); true when something was read.
    pub fn read_ahead(&mut self, height: Option<u16>) -> bool {
        if let Some(height) = height {
            self.state.drawn.board_cards =
                crate::ui::board::visible_cards(height.saturating_sub(2));
        }
        let command = self.state.board_pages();
        let read = command != command::Command::None;
        self.run(command);
        read
    }

    /// One screen as plain text, drawn (and its layout recorded) as the terminal would be.
    pub fn render_text(&mut self, width: u16, height: u16) -> String {
        let Ok(mut terminal) =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height));
        let Ok(_) = terminal.draw(|frame| self.draw(frame));
        crate::ui::buffer_text(terminal.backend().buffer())
    }

    /// Ends the board: the store is closed, unless its files were found damaged, in which
    /// case it is left unclosed on purpose (closing checkpoints through the damaged mapping,
    /// which could be a SIGBUS); SQLite recovers from the WAL at the next open.
    pub fn finish(self) {
        let App { store, fault, .. } = self;
        if fault.is_some() {
            std::mem::forget(store);
        }
    }
}

/// The file a store lives in: the board guards and watches it.
fn file_of(store: &dyn Repository) -> &std::path::Path {
    match store.location() {
        Location::File(path) => path,
        // No file to guard or watch (the guard of an empty path checks nothing): a server's
        // changes come as notices through its feed (`app/live.rs`).
        Location::Server(_) => std::path::Path::new(""),
    }
}
