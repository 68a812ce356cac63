//! The terminal session: raw mode and alternate screen in, restored on every way out;
//! redraws only after a change, and sleeps in `event::poll` otherwise.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyEventKind};

use super::App;

/// How often an idle board checks the database for other processes' changes and for SIGTERM.
const IDLE_POLL: Duration = Duration::from_millis(250);

/// While the dashboard's rows are read in the background, how often the loop looks for them:
/// short enough that figures appear right after the read, long enough not to spin.
const LOADING_POLL: Duration = Duration::from_millis(15);

/// Runs the board until `q`, Ctrl+C or SIGTERM; the terminal is restored whatever happens
/// (`ratatui::init` also installs a panic hook that restores it).
pub fn run(app: &mut App) -> std::io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGTERM, Arc::clone(&stop))?;
    // When the terminal goes away crossterm can spin inside its read loop for good
    // (crossterm-rs/crossterm#793), where no flag is ever looked at: a hangup ends the
    // process at once instead. Every action is one transaction, so nothing is half-written.
    signal_hook::flag::register_conditional_shutdown(
        signal_hook::consts::SIGHUP,
        129,
        Arc::new(AtomicBool::new(true)),
    )?;
    let mut terminal = ratatui::try_init()?;
    let result = event_loop(&mut terminal, app, &stop);
    ratatui::restore();
    result
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    stop: &AtomicBool,
) -> std::io::Result<()> {
    let mut dirty = true;
    let mut drawn_minute = 0;
    loop {
        if stop.load(Ordering::Relaxed) || app.state.quit {
            return Ok(());
        }
        let now = crate::cli::Context::now();
        // Days in stage and rotting depend on the clock: refresh at least once a minute.
        if now.timestamp() / 60 != drawn_minute {
            dirty = true;
        }
        if dirty {
            app.state.now = now;
            drawn_minute = now.timestamp() / 60;
            terminal.draw(|frame| {
                app.state.viewport = frame.area();
                app.draw(frame);
            })?;
            dirty = false;
        }
        // After a frame is up: let the read started with the board use every core, start due
        // reads of the dashboard's rows (after writes, coalesced) and take in finished ones.
        if app.tick_dashboard(false) {
            dirty = true;
            continue;
        }
        let timeout = if app.dashboard_busy() {
            LOADING_POLL
        } else {
            IDLE_POLL
        };
        if !poll(timeout)? {
            dirty |= app.poll_external_changes();
            continue;
        }
        // Drain everything already typed before drawing again, so held keys do not lag.
        loop {
            match event::read()? {
                Event::Key(key) if key.kind == KeyEventKind::Press => {
                    app.state.now = crate::cli::Context::now();
                    app.handle_key(key);
                    dirty = true;
                }
                Event::Resize(_, _) => dirty = true,
                _ => {}
            }
            if app.state.quit || stop.load(Ordering::Relaxed) || !poll(Duration::ZERO)? {
                break;
            }
        }
    }
}

/// `event::poll` that treats a signal's interruption as "nothing happened".
fn poll(timeout: Duration) -> std::io::Result<bool> {
    match event::poll(timeout) {
        Ok(ready) => Ok(ready),
        Err(error) if error.kind() == std::io::ErrorKind::Interrupted => Ok(false),
        Err(error) => Err(error),
    }
}
