//! Long notes in the person's own editor (`$VISUAL`, else `$EDITOR`, else `vi`): the
//! terminal is handed over to it and taken back, and the input thread is parked meanwhile so
//! that it does not read the keys meant for the editor.

use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use ratatui::crossterm::{cursor, execute, terminal};

/// A handshake between the input thread and the event loop: the thread reads one event,
/// hands it over and waits until the loop has handled it before reading the next. So a key
/// that starts the editor leaves the thread waiting, not reading, until the editor is done
/// and the board has the terminal back; and no thread ever wakes on a timer.
#[derive(Debug, Default)]
pub struct InputGate {
    /// An event was handed over and is not handled yet.
    pending: Mutex<bool>,
    changed: Condvar,
}

impl InputGate {
    pub fn new() -> Arc<InputGate> {
        Arc::new(InputGate::default())
    }

    fn lock(&self) -> MutexGuard<'_, bool> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// For the input thread, just before it sends an event.
    pub fn handing_over(&self) {
        *self.lock() = true;
    }

    /// For the input thread, after sending: blocks until the loop has handled the event.
    pub fn wait_handled(&self) {
        let mut pending = self.lock();
        while *pending {
            pending = self
                .changed
                .wait(pending)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// For the event loop, once an event from the input thread is handled.
    pub fn handled(&self) {
        *self.lock() = false;
        self.changed.notify_all();
    }
}

/// The terminal session as the event loop set it up: left for the editor and restored.
#[derive(Debug)]
pub struct Handover {
    pub gate: Arc<InputGate>,
}

impl Handover {
    /// Raw mode off, alternate screen left: the terminal is the editor's. The input thread
    /// is waiting for the key that started the editor to be handled, so it reads nothing.
    fn leave(&self) -> std::io::Result<()> {
        terminal::disable_raw_mode()?;
        let mut out = std::io::stdout();
        execute!(out, terminal::LeaveAlternateScreen, cursor::Show)?;
        out.flush()
    }

    /// Back to the board's screen; the input thread reads again once the key is handled.
    fn enter(&self) -> std::io::Result<()> {
        execute!(std::io::stdout(), terminal::EnterAlternateScreen)?;
        terminal::enable_raw_mode()
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
        .map_err(|e| crate::t!("msg-editor-no-file", error = e.to_string()))?;
    edit_file(file.path(), handover, &crate::t!("msg-editor-no-note"))?;
    let bytes = std::fs::read(file.path())
        .map_err(|e| crate::t!("msg-editor-read-back", error = e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|_| crate::t!("msg-editor-not-utf8"))?;
    let text = text.replace("\r\n", "\n");
    let text = text.trim();
    Ok((!text.is_empty()).then(|| text.to_string()))
}

/// Runs the editor on `path` and waits for it; a failure is a message ending in `outcome`
/// (what did not happen because of it, "no note saved"). With `handover` the terminal is left
/// around the editor and always restored.
pub fn edit_file(
    path: &std::path::Path,
    handover: Option<&Handover>,
    outcome: &str,
) -> Result<(), String> {
    let editor = editor_command();
    if let Some(handover) = handover
        && let Err(error) = handover.leave()
    {
        let _ = handover.enter();
        return Err(crate::t!("msg-editor-hand-over", error = error.to_string()));
    }
    // Through the shell, as git does: `$EDITOR` may carry arguments (`code --wait`).
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(path)
        .status();
    if let Some(handover) = handover
        && let Err(error) = handover.enter()
    {
        return Err(crate::t!("msg-editor-restore", error = error.to_string()));
    }
    let shown = format!("{:?}", crate::domain::text::printable(&editor));
    match status {
        Err(error) => Err(crate::t!(
            "msg-editor-not-started",
            editor = shown,
            error = error.to_string(),
            outcome = outcome
        )),
        Ok(status) if status.code() == Some(127) => Err(crate::t!(
            "msg-editor-not-found",
            editor = shown,
            outcome = outcome
        )),
        Ok(status) if !status.success() => Err(crate::t!(
            "msg-editor-failed",
            editor = shown,
            status = status.to_string(),
            outcome = outcome
        )),
        Ok(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn the_reader_waits_for_each_event_to_be_handled() {
        let gate = InputGate::new();
        let reads = Arc::new(AtomicUsize::new(0));
        let (thread_gate, thread_reads) = (gate.clone(), reads.clone());
        std::thread::spawn(move || {
            loop {
                thread_reads.fetch_add(1, Ordering::SeqCst);
                thread_gate.handing_over();
                thread_gate.wait_handled();
            }
        });
        while reads.load(Ordering::SeqCst) == 0 {
            std::thread::yield_now();
        }
        std::thread::sleep(std::time::Duration::from_millis(30));
        assert_eq!(
            reads.load(Ordering::SeqCst),
            1,
            "no second read before the first is handled"
        );
        gate.handled();
        while reads.load(Ordering::SeqCst) == 1 {
            std::thread::yield_now();
        }
    }
}
