//! Reads the dashboard's rows on a background thread with its own read-only connection, so
//! the board never waits for them; the answer comes back on the board's one event channel.
//! Only a whole read runs here (at start, on another pipeline, after another process's
//! commit): the board's own writes update the rows in place (`LoadedRows::refresh_deal`).

use std::path::PathBuf;
use std::sync::mpsc::Sender;

use crate::store::{Access, Store};

use super::rows::{FinishedRead, LoadedRows, ViewRequest};
use crate::app::error::AppError;
use crate::app::event::Event;

/// What a background read sends back through the event channel.
pub type ReadOutcome = Result<FinishedRead, AppError>;

/// Reads dashboard rows on a background thread, one read at a time; asking again while a
/// read runs only marks the rows stale, so a burst of writes costs one more read, not many.
/// The result comes back as [`Event::Loaded`] on the board's one event channel.
pub struct RowLoader {
    path: PathBuf,
    running: bool,
    reads: u64,
    stale: bool,
}

/// The read's answer, sent exactly once: a thread that dies without answering (a panic)
/// says so from its drop instead of leaving the board waiting for ever.
struct Reply {
    sender: Sender<Event>,
    sent: bool,
}

impl Reply {
    fn send(mut self, outcome: ReadOutcome) {
        self.sent = true;
        // The board may have quit meanwhile; then nobody wants the rows.
        let _ = self.sender.send(Event::Loaded(Box::new(outcome)));
    }
}

impl Drop for Reply {
    fn drop(&mut self) {
        if !self.sent {
            let _ = self
                .sender
                .send(Event::Loaded(Box::new(Err(AppError::ReadStopped))));
        }
    }
}

impl RowLoader {
    pub fn new(path: PathBuf) -> RowLoader {
        RowLoader {
            path,
            running: false,
            reads: 0,
            stale: true,
        }
    }

    /// The rows no longer match the database or the pipeline.
    pub fn mark_stale(&mut self) {
        self.stale = true;
    }

    /// How many reads were started so far.
    pub fn reads_started(&self) -> u64 {
        self.reads
    }

    /// A read is running or due.
    pub fn busy(&self) -> bool {
        self.running || self.stale
    }

    /// A read is running (its answer will come through the channel).
    pub fn running(&self) -> bool {
        self.running
    }

    /// The running read answered.
    pub fn finished(&mut self) {
        self.running = false;
    }

    /// Starts a read for `request` when the rows are stale and none is running.
    pub fn start_if_due(&mut self, request: ViewRequest, sender: &Sender<Event>) -> bool {
        if !self.stale || self.running {
            return false;
        }
        self.stale = false;
        self.running = true;
        self.reads += 1;
        let reply = Reply {
            sender: sender.clone(),
            sent: false,
        };
        let path = self.path.clone();
        std::thread::spawn(move || {
            // Its own connection, so the board's stays free for the person's moves meanwhile.
            reply.send(read_rows(&path, request));
        });
        true
    }
}

/// One read on its own connection, and the figures for `request` computed from it.
fn read_rows(path: &std::path::Path, request: ViewRequest) -> ReadOutcome {
    // Read-only, creating nothing: a file moved away meanwhile is an error on the tab, not
    // an empty database that the dashboard then reports on.
    let store = Store::open_with(path, Access::Read)?;
    let rows = LoadedRows::read(&store, request.pipeline.id)?;
    let view = rows.view(
        &request.pipeline,
        request.period,
        request.as_of,
        request.target,
        request.owner.as_ref(),
        request.zone,
    );
    Ok(FinishedRead {
        rows,
        view,
        request,
    })
}
