//! Long notes in the person's own editor (`$VISUAL`, else `$EDITOR`, else `vi`): the
//! terminal is handed over to it and taken back, and the input thread is parked meanwhile so
//! that it does not read the keys meant for the editor.

use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use ratatui::crossterm::{cursor, execute, terminal};

/// Lets the event loop park the input thread between two reads of the terminal.
#[derive(Debug, Default)]
pub struct InputGate {
    state: Mutex<GateState>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct GateState {
    paused: bool,
    /// The input thread is waiting at the gate (not inside a read of the terminal).
    parked: bool,
}

/// How long `pause` waits for the input thread, which may have ended (a vanished terminal).
const PARK_TIMEOUT: Duration = Duration::from_secs(2);

impl InputGate {
    pub fn new() -> Arc<InputGate> {
        Arc::new(InputGate::default())
    }

    fn lock(&self) -> MutexGuard<'_, GateState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// For the input thread, before each read: blocks while the gate is paused.
    pub fn wait_open(&self) {
        let mut state = self.lock();
        while state.paused {
            state.parked = true;
            self.changed.notify_all();
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        state.parked = false;
    }

    /// Closes the gate and returns once the input thread is parked at it (or it has not
    /// come back within [`PARK_TIMEOUT`], as when it ended).
    pub fn pause(&self) {
        let mut state = self.lock();
        state.paused = true;
        let (_state, _timeout) = self
            .changed
            .wait_timeout_while(state, PARK_TIMEOUT, |s| !s.parked)
            .unwrap_or_else(PoisonError::into_inner);
    }

    pub fn resume(&self) {
        let mut state = self.lock();
        state.paused = false;
        self.changed.notify_all();
    }
}

/// The terminal session as the event loop set it up: left for the editor and restored.
#[derive(Debug)]
pub struct Handover {
    pub gate: Arc<InputGate>,
}

impl Handover {
    /// Input parked, raw mode off, alternate screen left: the terminal is the editor's.
    fn leave(&self) -> std::io::Result<()> {
        self.gate.pause();
        terminal::disable_raw_mode()?;
        let mut out = std::io::stdout();
        execute!(out, terminal::LeaveAlternateScreen, cursor::Show)?;
        out.flush()
    }

    /// Back to the board's screen; the input thread reads again.
    fn enter(&self) -> std::io::Result<()> {
        let entered = (|| {
            execute!(std::io::stdout(), terminal::EnterAlternateScreen)?;
            terminal::enable_raw_mode()
        })();
        self.gate.resume();
        entered
    }
}

/// The editor to run: `$VISUAL`, else `$EDITOR`, else `vi` (empty values count as unset).
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// Runs the editor on an empty temporary file and returns what was written: `None` when the
/// file was left empty, the reason as a message when the editor could not start or failed.
/// With `handover` the terminal is left around the editor and always restored.
pub fn write_note(handover: Option<&Handover>) -> Result<Option<String>, String> {
    let file = tempfile::Builder::new()
        .prefix("dealdeck-note-")
        .suffix(".txt")
        .tempfile()
        .map_err(|e| format!("no temporary file for the note: {e}"))?;
    let editor = editor_command();
    if let Some(handover) = handover
        && let Err(error) = handover.leave()
    {
        let _ = handover.enter();
        return Err(format!(
            "the terminal could not be handed to the editor: {error}"
        ));
    }
    // Through the shell, as git does: `$EDITOR` may carry arguments (`code --wait`).
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file.path())
        .status();
    if let Some(handover) = handover
        && let Err(error) = handover.enter()
    {
        return Err(format!("the terminal could not be restored: {error}"));
    }
    let shown = crate::domain::text::printable(&editor).into_owned();
    match status {
        Err(error) => {
            return Err(format!(
                "the editor {shown:?} could not be started ({error}); no note saved"
            ));
        }
        Ok(status) if status.code() == Some(127) => {
            return Err(format!(
                "the editor {shown:?} was not found (set $VISUAL or $EDITOR); no note saved"
            ));
        }
        Ok(status) if !status.success() => {
            return Err(format!(
                "the editor {shown:?} failed ({status}); no note saved"
            ));
        }
        Ok(_) => {}
    }
    let bytes = std::fs::read(file.path())
        .map_err(|e| format!("the note could not be read back: {e}; no note saved"))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| "the note is not UTF-8 text; no note saved".to_string())?;
    let text = text.replace("\r\n", "\n");
    let text = text.trim();
    Ok((!text.is_empty()).then(|| text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_paused_gate_holds_the_reader_until_it_is_resumed() {
        let gate = InputGate::new();
        let reads = Arc::new(AtomicUsize::new(0));
        let (thread_gate, thread_reads) = (gate.clone(), reads.clone());
        std::thread::spawn(move || {
            loop {
                thread_gate.wait_open();
                thread_reads.fetch_add(1, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(1));
            }
        });
        while reads.load(Ordering::SeqCst) == 0 {
            std::thread::yield_now();
        }
        gate.pause();
        let held = reads.load(Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(reads.load(Ordering::SeqCst), held, "no read while paused");
        gate.resume();
        while reads.load(Ordering::SeqCst) == held {
            std::thread::yield_now();
        }
    }
}
