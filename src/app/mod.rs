//! The interactive board (PRODUCT.md §4): key → keymap → action → `update` → command →
//! store → state → redraw.

pub mod action;
pub mod command;
pub mod dashboard;
pub mod event_loop;
pub mod form;
pub mod keymap;
pub mod state;
pub mod update;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::Config;
use crate::store::{Store, StoreError};

pub use action::Action;
pub use keymap::Keymap;
pub use state::{AppState, Mode, Tab};

/// The board with its database: what the event loop, `print` and the tests drive.
pub struct App {
    pub state: AppState,
    store: Store,
    data_version: i64,
    /// The rows the dashboard's figures are computed from, when read.
    rows: Option<dashboard::LoadedRows>,
    loader: dashboard::RowLoader,
}

impl App {
    /// Loads the default pipeline's cards; keymap problems become the first on-screen message.
    pub fn new(store: Store, config: &Config, now: DateTime<Utc>) -> Result<App, StoreError> {
        App::open(store, config, now, false)
    }

    /// [`App::new`] for the interactive board and `print dashboard`: the dashboard's rows
    /// start loading on another core before the board's own cards do, so the figures are
    /// ready soon after the first frame.
    pub fn start(store: Store, config: &Config, now: DateTime<Utc>) -> Result<App, StoreError> {
        App::open(store, config, now, true)
    }

    fn open(
        store: Store,
        config: &Config,
        now: DateTime<Utc>,
        read_dashboard_early: bool,
    ) -> Result<App, StoreError> {
        let (keymap, problems) = Keymap::with_overrides(&config.keys);
        let closed_days = config.closed_days.unwrap_or(state::DEFAULT_CLOSED_DAYS);
        store.tune_for_board()?;
        let state = AppState::new(now, config.decimal_separator(), closed_days, keymap);
        let loader = dashboard::RowLoader::new(store.path().to_path_buf());
        let mut app = App {
            state,
            store,
            data_version: 0,
            rows: None,
            loader,
        };
        command::load_pipelines(&app.store, &mut app.state)?;
        if read_dashboard_early && let Some(request) = app.view_request() {
            app.loader.start_early(request);
        }
        command::load_cards(&app.store, &mut app.state, None)?;
        if !problems.is_empty() {
            app.state.error(problems.join("; "));
        }
        app.data_version = app.store.data_version()?;
        Ok(app)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Problems with the `[keys]` table, for printing before the screen opens.
    pub fn keymap_problems(config: &Config) -> Vec<String> {
        Keymap::with_overrides(&config.keys).1
    }

    /// What a key means right now: text fields and pickers take raw keys, the rest the keymap.
    pub fn action_for_key(&self, key: &KeyEvent) -> Option<Action> {
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return Some(Action::Quit);
        }
        let takes_text = match &self.state.mode {
            Mode::Normal => false,
            Mode::Detail(detail) => detail.note_input.is_some(),
            _ => true,
        };
        if takes_text {
            Some(Action::Input(*key))
        } else {
            self.state.keymap.action_for(key)
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        if let Some(action) = self.action_for_key(&key) {
            self.dispatch(action);
        }
    }

    pub fn dispatch(&mut self, action: Action) {
        let command = update::update(&mut self.state, action);
        if command == command::Command::RecomputeDashboard {
            self.recompute_dashboard();
            return;
        }
        let rows_change = command.changes_dashboard_rows();
        // Our own writes leave data_version alone (it counts other connections' commits), so
        // a change made elsewhere meanwhile is still picked up by the next poll.
        command::run(&mut self.store, &mut self.state, command);
        if rows_change {
            self.dashboard_rows_changed();
        }
    }

    /// The rows no longer hold what the database does: read them again (on the next `tick`).
    fn dashboard_rows_changed(&mut self) {
        self.loader.mark_stale();
        self.state.dashboard.loading = true;
        let pipeline = self.state.current_pipeline().map(|p| p.id);
        if self.rows.as_ref().map(|r| r.pipeline) != pipeline {
            // Another pipeline's figures must not pass for this one's.
            self.state.dashboard.view = None;
        }
    }

    /// Works the figures out from the rows in memory: after a period, target or data change,
    /// never per frame.
    fn recompute_dashboard(&mut self) {
        let Some(pipeline) = self.state.current_pipeline() else {
            return;
        };
        let Some(rows) = self.rows.as_ref().filter(|r| r.pipeline == pipeline.id) else {
            return;
        };
        let dashboard = &self.state.dashboard;
        let mut view = rows.view(
            pipeline,
            dashboard.period,
            self.state.now,
            dashboard.target,
            dashboard.zone,
        );
        if let Mode::GoalInput { input } = &self.state.mode {
            view.goal_input = Some(input.clone());
        }
        self.state.dashboard.view = Some(view);
    }

    /// Starts a due read of the dashboard's rows and takes in a finished one; `wait` blocks
    /// until the rows are current. True when the screen needs drawing again.
    pub fn tick_dashboard(&mut self, wait: bool) -> bool {
        // The board is up (or not wanted): a read started early may use every core now.
        self.loader.release();
        let mut changed = false;
        loop {
            let Some(request) = self.view_request() else {
                return changed;
            };
            changed |= self.loader.start_if_due(request);
            match self.loader.finished(wait) {
                Some(Ok(read)) => {
                    self.rows = Some(read.rows);
                    self.state.dashboard.failed = None;
                    // Computed on the thread for what was asked then; again only if the
                    // person changed the period, target or pipeline meanwhile.
                    if self.view_request().is_some_and(|now| {
                        now == dashboard::ViewRequest {
                            as_of: now.as_of,
                            ..read.request
                        }
                    }) {
                        let mut view = read.view;
                        if let Mode::GoalInput { input } = &self.state.mode {
                            view.goal_input = Some(input.clone());
                        }
                        self.state.dashboard.view = Some(view);
                    } else {
                        self.recompute_dashboard();
                    }
                    changed = true;
                }
                Some(Err(error)) => {
                    self.state.dashboard.failed = Some(error);
                    changed = true;
                }
                None => {}
            }
            let busy = self.loader.busy();
            if self.state.dashboard.loading != busy {
                self.state.dashboard.loading = busy;
                changed = true;
            }
            if !wait || !busy {
                return changed;
            }
        }
    }

    /// What the dashboard's figures are wanted for now.
    fn view_request(&self) -> Option<dashboard::ViewRequest> {
        let dashboard = &self.state.dashboard;
        Some(dashboard::ViewRequest {
            pipeline: self.state.current_pipeline()?.clone(),
            period: dashboard.period,
            as_of: self.state.now,
            target: dashboard.target,
            zone: dashboard.zone,
        })
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
        match self.store.data_version() {
            Ok(version) if version != self.data_version => {
                self.data_version = version;
                command::run(&mut self.store, &mut self.state, command::Command::Reload);
                self.dashboard_rows_changed();
                true
            }
            Ok(_) => false,
            Err(error) => {
                self.state.error(error.to_string());
                true
            }
        }
    }

    pub fn draw(&self, frame: &mut Frame) {
        crate::ui::draw(frame, &self.state);
    }
}
