//! Reads the dashboard's rows on a background thread with its own read-only connection
//! (`Repository::open_reader`: a second handle on the file or the server), so the board
//! never waits for them; the answer comes back on the board's one event channel.
//! Only a whole read runs here (at start, on another pipeline, after another process's
//! commit): the board's own writes update the rows in place (`LoadedRows::refresh_deal`).

use std::sync::mpsc::Sender;

use crate::store::Repository;

use super::rows::{FinishedRead, LoadedRows, ViewRequest};
use crate::app::error::AppError;
use crate::app::event::Event;

/// What a background read sends back through the event channel.
pub type ReadOutcome = Result<FinishedRead, AppError>;

/// Reads dashboard rows on a background thread, one read at a time; asking again while a
/// read runs only marks the rows stale, so a burst of writes costs one more read, not many.
/// The result comes back as [`Event::Loaded`] on the board's one event channel.
pub struct RowLoader {
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
    pub fn new() -> RowLoader {
        RowLoader {
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

    /// Starts a read for `request` on a reader of `store` when the rows are stale and none
    /// is running.
    pub fn start_if_due(
        &mut self,
        request: ViewRequest,
        store: &dyn Repository,
        sender: &Sender<Event>,
    ) -> bool {
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
        // Its own connection, so the board's stays free for the person's moves meanwhile.
        // Read-only, creating nothing: a file moved away meanwhile is an error on the tab,
        // not an empty database that the dashboard then reports on.
        let reader = store.open_reader();
        // The labels computed there (period, as-of) speak the board's language.
        let locale = crate::i18n::current();
        std::thread::spawn(move || {
            let _locale = crate::i18n::scoped(locale);
            reply.send(
                reader
                    .map_err(AppError::from)
                    .and_then(|r| read_rows(&*r, request)),
            );
        });
        true
    }
}

impl Default for RowLoader {
    fn default() -> RowLoader {
        RowLoader::new()
    }
}

/// One read on the reader's connection, and the figures for `request` computed from it.
fn read_rows(store: &dyn Repository, request: ViewRequest) -> ReadOutcome {
    let rows = LoadedRows::read(store, request.pipeline.id)?;
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
