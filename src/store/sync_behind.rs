//! The board's commits synced to disk beside the keys instead of inside them.
//!
//! With `synchronous = FULL` every commit waits for the log's `fsync`; at a million deals that
//! wait, and the machine's slow IO phases, were most of a move key's tail. The board's
//! connection commits with `synchronous = NORMAL` instead (the commit is in the log, safe from
//! a crash of dealdeck, and SQLite keeps the file consistent whatever happens) and a thread of
//! its own syncs the log right after: the board shows "saving…" until that sync says the write
//! is on disk, so the screen never says done before it is. Dropping the syncer syncs whatever
//! is left, before the connection closes.

use std::fs::File;
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

/// What the syncer reports: every write asked for up to `upto` is on disk, or the sync failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synced {
    pub upto: u64,
    /// The system's error, when the log could not be synced (the writes stay committed).
    pub error: Option<String>,
}

/// Where the syncer reports to (the board's event channel).
pub type OnSynced = Box<dyn Fn(Synced) + Send>;

/// The thread that syncs the log when asked; asks carry a growing number, so a burst of
/// writes costs one sync.
pub struct Syncer {
    ask: Option<Sender<u64>>,
    asked: u64,
    thread: Option<JoinHandle<()>>,
}

impl Syncer {
    /// Starts syncing `database`'s log (`DATABASE-wal`, which must exist: the connection read
    /// the file in WAL mode) on a thread; `None` where the log or the thread cannot be had.
    pub fn start(database: &Path, on_synced: OnSynced) -> Option<Syncer> {
        let mut name = database.as_os_str().to_owned();
        name.push("-wal");
        // Written by SQLite alone; opened for writing only because an fsync may need it.
        let log = File::options().write(true).open(name).ok()?;
        let (ask, asked) = channel::<u64>();
        let thread = std::thread::Builder::new()
            .name("dealdeck-sync".into())
            .spawn(move || sync_when_asked(&log, &asked, &*on_synced))
            .ok()?;
        Some(Syncer {
            ask: Some(ask),
            asked: 0,
            thread: Some(thread),
        })
    }

    /// Asks for the writes committed so far to be synced; returns the number the answer
    /// will carry once they are on disk.
    pub fn ask(&mut self) -> u64 {
        self.asked += 1;
        if let Some(ask) = &self.ask {
            // The thread ended only by a panic; the writes are then synced at the drop.
            let _ = ask.send(self.asked);
        }
        self.asked
    }
}

impl Drop for Syncer {
    /// Syncs what was asked and not yet synced, and waits for it.
    fn drop(&mut self) {
        drop(self.ask.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl super::Store {
    /// The board's side of [`super::Repository::sync_behind`]: only a file in WAL mode
    /// commits with `synchronous = NORMAL` (in a rollback journal that could lose more than
    /// the last writes), and only once its syncer runs.
    pub(crate) fn start_syncing_behind(&mut self, on_synced: OnSynced) -> bool {
        if self.syncer.is_some() {
            return true;
        }
        let journal: rusqlite::Result<String> =
            self.conn
                .query_row("PRAGMA journal_mode", [], |row| row.get(0));
        if !journal.is_ok_and(|mode| mode.eq_ignore_ascii_case("wal")) {
            return false;
        }
        // The file SQLite has open (the path shown can differ while a demo is staged).
        let Some(database) = self.conn.path().map(|p| Path::new(p).to_path_buf()) else {
            return false;
        };
        let Some(syncer) = Syncer::start(&database, on_synced) else {
            return false;
        };
        if self
            .conn
            .execute_batch("PRAGMA synchronous = NORMAL;")
            .is_err()
        {
            return false;
        }
        self.syncer = Some(syncer);
        true
    }
}

/// Until the asking side is dropped; then one last sync, so nothing asked for is left behind.
fn sync_when_asked(log: &File, asked: &Receiver<u64>, on_synced: &dyn Fn(Synced)) {
    let mut synced = 0;
    while let Ok(mut upto) = asked.recv() {
        // The asks that came meanwhile are covered by this one sync.
        while let Ok(later) = asked.try_recv() {
            upto = later;
        }
        let error = log.sync_data().err().map(|e| e.to_string());
        synced = upto;
        on_synced(Synced { upto, error });
    }
    if synced > 0 {
        let _ = log.sync_data();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    fn wal_database() -> (tempfile::TempDir, std::path::PathBuf, rusqlite::Connection) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (x);")
            .unwrap();
        (dir, path, conn)
    }

    #[test]
    fn every_ask_is_answered_with_its_number_or_a_later_one() {
        let (_dir, path, conn) = wal_database();
        let answers = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&answers);
        let mut syncer = Syncer::start(
            &path,
            Box::new(move |synced| seen.lock().unwrap().push(synced)),
        )
        .unwrap();
        let mut last = 0;
        for _ in 0..20 {
            conn.execute("INSERT INTO t VALUES (1)", []).unwrap();
            last = syncer.ask();
        }
        drop(syncer);
        let answers = answers.lock().unwrap();
        assert!(!answers.is_empty());
        assert!(answers.iter().all(|a| a.error.is_none()));
        assert_eq!(
            answers.last().unwrap().upto,
            last,
            "the last ask went unanswered"
        );
        assert!(answers.windows(2).all(|w| w[0].upto < w[1].upto));
    }

    #[test]
    fn without_a_log_there_is_no_syncer() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Syncer::start(&dir.path().join("none.db"), Box::new(|_| {})).is_none());
    }
}
