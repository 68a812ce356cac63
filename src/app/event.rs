//! Everything that can wake the board, on ONE channel: keys and resizes from a reader thread,
//! signals, changes to the database files seen by a watcher, and finished background reads.
//! The event loop blocks on that channel; nothing polls at a fixed rate.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Sender;

use ratatui::crossterm::event::{self, Event as TermEvent, KeyEvent, KeyEventKind};
use signal_hook::consts::signal;

use super::dashboard::ReadOutcome;
use super::editor::InputGate;

/// One thing that happened, for the event loop to hand to [`super::App::handle_event`].
#[derive(Debug)]
pub enum Event {
    Key(KeyEvent),
    Resize,
    /// The terminal cannot be read any more (it went away).
    InputFailed(std::io::Error),
    /// A signal that ends the board (SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGUSR1).
    Signal(i32),
    /// One of the database's files changed on disk: maybe another process committed.
    Changed,
    /// A background read of the dashboard's rows finished.
    Loaded(Box<ReadOutcome>),
    /// The board's writes up to a number are on disk (`store/sync_behind.rs`).
    Synced(crate::store::sync_behind::Synced),
    /// From the server of team mode: others' writes, the connection lost or back
    /// (`app/live.rs`).
    Server(super::live::ServerEvent),
}

/// The signals that end the board with the terminal restored (their default would kill it
/// raw). SIGBUS is separate: see [`spawn_signals`].
pub const ENDING_SIGNALS: [i32; 6] = [
    signal::SIGTERM,
    signal::SIGINT,
    signal::SIGHUP,
    signal::SIGQUIT,
    signal::SIGPIPE,
    signal::SIGUSR1,
];

/// Reads the terminal on its own thread: the thread is never joined, the process ends
/// around it. A read cannot be interrupted (crossterm#397), so the thread reads one event,
/// hands it over and waits at `gate` until the event loop has handled it: while a key's
/// editor runs, the thread is not reading and the editor has the terminal's keys to itself.
pub fn spawn_input(sender: Sender<Event>, gate: Arc<InputGate>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            loop {
                let event = match event::read() {
                    Ok(TermEvent::Key(key)) if key.kind == KeyEventKind::Press => Event::Key(key),
                    Ok(TermEvent::Resize(_, _)) => Event::Resize,
                    Ok(_) => continue,
                    Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(error) => {
                        let _ = sender.send(Event::InputFailed(error));
                        return;
                    }
                };
                gate.handing_over();
                if sender.send(event).is_err() {
                    return;
                }
                gate.wait_handled();
            }
        })?;
    Ok(())
}

/// Turns the ending signals into events. SIGBUS is different: it means a mapped database
/// file (the WAL's `-shm`, or the file itself) was cut short under SQLite, and the thread
/// that touched it cannot go on, so this thread restores the terminal and ends the process
/// itself (the board checks the files before each access so this is a last resort; see
/// docs/architecture.md).
pub fn spawn_signals(sender: Sender<Event>) -> std::io::Result<()> {
    let mut wanted = ENDING_SIGNALS.to_vec();
    wanted.push(signal::SIGBUS);
    let mut signals = signal_hook::iterator::Signals::new(wanted)?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for number in signals.forever() {
                if number == signal::SIGBUS {
                    ratatui::restore();
                    eprintln!("{}", crate::t!("error-sigbus"));
                    signal_hook::low_level::exit(128 + signal::SIGBUS);
                }
                if sender.send(Event::Signal(number)).is_err() {
                    return;
                }
            }
        })?;
    Ok(())
}

/// The files whose changes may mean another process committed: the database, its `-wal`
/// (every commit appends to it) and its `-shm` (cut short, it must be noticed at once).
pub fn database_files(db: &Path) -> [PathBuf; 3] {
    let with = |suffix: &str| {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    [db.to_path_buf(), with("-wal"), with("-shm")]
}

/// Watches the database's folder (the `-wal` comes and goes) and sends [`Event::Changed`]
/// for changes to its files; `PRAGMA data_version` then tells whether anything was
/// committed. The watcher lives as long as the returned handle.
pub fn watch(db: &Path, sender: Sender<Event>) -> notify::Result<notify::RecommendedWatcher> {
    use notify::Watcher;
    let files = database_files(db);
    let folder = db
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
        let Ok(event) = result else { return };
        if event.kind.is_access() {
            return;
        }
        if event
            .paths
            .iter()
            .any(|p| files.iter().any(|f| p.file_name() == f.file_name()))
        {
            let _ = sender.send(Event::Changed);
        }
    })?;
    watcher.watch(&folder, notify::RecursiveMode::NonRecursive)?;
    Ok(watcher)
}
