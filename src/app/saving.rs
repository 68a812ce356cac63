//! "saving…" until the board's writes are on disk: the store syncs them beside the keys
//! (`store/sync_behind.rs`) and says so through the event channel.

use crate::store::sync_behind::Synced;

use super::App;
use super::event::Event;

impl App {
    /// Lets the store sync the board's writes on a thread of its own (a file; a server's
    /// commits are durable when they return). True when it does.
    pub fn start_sync_behind(&mut self) -> bool {
        let sender = self.sender.clone();
        self.store.sync_behind(Box::new(move |synced| {
            // The board may have quit meanwhile; then nobody is waiting to hear.
            let _ = sender.send(Event::Synced(synced));
        }))
    }

    /// After a write: the store is asked to sync it, and the footer says "saving…" until
    /// it is on disk.
    pub(super) fn ask_sync(&mut self) {
        if let Some(asked) = self.store.ask_sync() {
            self.state.saving = Some(asked);
        }
    }

    /// The writes up to `synced.upto` are on disk, or syncing them failed.
    pub(super) fn on_synced(&mut self, synced: Synced) {
        if let Some(error) = synced.error {
            self.state.error(crate::t!("sync-failed", error = error));
        }
        if self.state.saving.is_some_and(|asked| asked <= synced.upto) {
            self.state.saving = None;
        }
    }

    /// Waits up to `within` until every write asked for is on disk (`print`, tests and
    /// benchmarks, which have no event loop); other events that come meanwhile are handled
    /// too. False when the writes were still not reported on disk by then.
    pub fn wait_saved(&mut self, within: std::time::Duration) -> bool {
        let deadline = std::time::Instant::now() + within;
        while self.state.saving.is_some() {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let Ok(event) = self.inbox.recv_timeout(left) else {
                return false;
            };
            self.handle_event(event);
        }
        true
    }
}
