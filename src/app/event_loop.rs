//! The terminal session: raw mode and alternate screen in, restored on every way out (q,
//! Ctrl+C, an ending signal, a vanished terminal, an error, a panic). The loop blocks on the
//! one event channel, handles what came and whatever else is already queued, then draws once.

use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

use ratatui::DefaultTerminal;

use super::App;
use super::event::{self, Event};

/// How the session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    Quit,
    /// By this signal; the process should exit with 128 + it, as the shell expects.
    Signal(i32),
}

/// Runs the board until it is quit or ended by a signal, with the terminal restored
/// whatever happens (`ratatui::init` also installs a panic hook that restores it). The
/// store is closed afterwards, unless its files were damaged under it (see
/// [`App::finish`]).
pub fn run(mut app: App) -> std::io::Result<Ending> {
    // Signals first: one arriving while the terminal is being set up still restores it.
    event::spawn_signals(app.sender())?;
    let mut terminal = ratatui::try_init()?;
    let result = session(&mut terminal, &mut app);
    ratatui::restore();
    app.finish();
    result
}

fn session(terminal: &mut DefaultTerminal, app: &mut App) -> std::io::Result<Ending> {
    let gate = super::editor::InputGate::new();
    event::spawn_input(app.sender(), gate.clone())?;
    app.set_handover(super::editor::Handover { gate: gate.clone() });
    // A server's changes come through its feed (team mode); a file's through a watcher.
    // Without a watcher (no inotify left, say) changes from elsewhere show at the next key.
    let _watcher = if app.start_feed() {
        None
    } else {
        // A file's writes are synced to disk beside the keys; "saving…" shows meanwhile.
        app.start_sync_behind();
        match event::watch(app.store_path(), app.sender()) {
            Ok(watcher) => Some(watcher),
            Err(error) => {
                app.state
                    .info(crate::t!("live-feed-failed", error = error.to_string()));
                None
            }
        }
    };
    loop {
        app.tick_clock();
        // Back from an editor: the screen it left behind is not what ratatui thinks it is.
        if app.take_redraw_all() {
            terminal.clear()?;
        }
        terminal.draw(|frame| app.draw(frame))?;
        // A taller terminal than the columns were read for: read on and draw again.
        if app.read_ahead(None) {
            terminal.draw(|frame| app.draw(frame))?;
        }
        // After a frame is up: let the read started with the board use every core and start
        // due reads of the dashboard's rows.
        app.start_reads();
        // Days in stage and rotting depend on the clock: wake at the next minute at most.
        let mut event = match app.next_event(until_next_minute(app)) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return Ok(Ending::Quit),
        };
        // Handle everything already queued before drawing again, so held keys do not lag.
        loop {
            match event {
                Event::Signal(number) => return Ok(Ending::Signal(number)),
                Event::InputFailed(error) => return Err(error),
                other => {
                    let from_input = matches!(other, Event::Key(_) | Event::Resize);
                    app.handle_event(other);
                    if from_input {
                        gate.handled();
                    }
                }
            }
            if app.state.quit {
                return Ok(Ending::Quit);
            }
            match app.try_next_event() {
                Some(next) => event = next,
                None => break,
            }
        }
    }
}

fn until_next_minute(app: &App) -> Duration {
    let seconds = app.state.now.timestamp().rem_euclid(60);
    Duration::from_secs(u64::try_from(60 - seconds).unwrap_or(60))
}
