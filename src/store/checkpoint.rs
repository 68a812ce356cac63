//! The board's write-ahead log checkpointed on a thread of its own, so no key waits for one.
//!
//! SQLite's automatic checkpoint runs inside the commit that takes the log past 1 000 pages:
//! that one commit copies the pages into the database and syncs the whole file, which at a
//! million deals took 0.6 s of a single move key. The board's connection hands that work to a
//! checkpointer connection instead: its commits still sync the log (`synchronous = FULL`), so
//! each is on disk when it returns, and copying the log into the file happens beside them.

use std::ffi::c_int;
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use rusqlite::wal::CheckpointMode;
use rusqlite::{Connection, OpenFlags};

/// SQLite's own automatic checkpoint size, in log pages.
const CHECKPOINT_PAGES: c_int = 1000;

/// Replaces `conn`'s automatic checkpoint by one on a background thread with a connection of
/// its own to `path`. Where that connection or thread cannot be had, `conn` keeps checkpointing
/// itself, as before: slower keys now and then, nothing lost.
pub(crate) fn checkpoint_in_background(conn: &mut Connection, path: &Path) {
    if let Some(ask) = start_checkpointer(path) {
        hand_over(conn, ask);
    }
}

/// The checkpointer: a thread with its own connection that checkpoints at each request and
/// ends when the sender is dropped.
fn start_checkpointer(path: &Path) -> Option<SyncSender<()>> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let checkpointer = Connection::open_with_flags(path, flags).ok()?;
    checkpointer
        .execute_batch("PRAGMA synchronous = FULL;")
        .ok()?;
    // One waiting request is enough: commits made during a checkpoint ask for the next.
    let (ask, asked) = sync_channel::<()>(1);
    std::thread::Builder::new()
        .name("dealdeck-wal".into())
        .spawn(move || checkpoint_when_asked(&checkpointer, &asked))
        .ok()?;
    Some(ask)
}

/// `conn`'s commits ask `ask` for a checkpoint once the log passes the size, and no longer
/// checkpoint themselves.
fn hand_over(conn: &mut Connection, ask: SyncSender<()>) {
    // Registering a hook replaces SQLite's automatic checkpoint, which is itself this hook.
    let _ = conn.wal_hook(Some(move |_: &mut rusqlite::hooks::Wal, pages: c_int| {
        if pages >= CHECKPOINT_PAGES {
            // Full: a request is already waiting. Gone: the checkpointer ended.
            let _ = ask.try_send(());
        }
        Ok(())
    }));
}

/// Until the board's connection (and with it the sender) is dropped.
fn checkpoint_when_asked(checkpointer: &Connection, asked: &Receiver<()>) {
    while asked.recv().is_ok() {
        // PASSIVE never waits for or blocks a writer or reader; frames a reader still needs
        // stay in the log and go at the next request. A failed checkpoint (a full disk, say)
        // loses nothing either: the log keeps the commits and the next request tries again.
        let _ = checkpointer.wal_checkpoint_v2(None::<&str>, CheckpointMode::PASSIVE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// The database file itself, without its log: it grows only when a checkpoint copies
    /// the log's pages into it.
    fn file_bytes(path: &Path) -> u64 {
        std::fs::metadata(path).unwrap().len()
    }

    fn wal_db() -> (tempfile::TempDir, std::path::PathBuf, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wal.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
             CREATE TABLE t (x BLOB);",
        )
        .unwrap();
        (dir, path, conn)
    }

    /// Commits of a page each (a 4 KB blob), 1 200 of them: past the checkpoint size.
    fn write_past_the_size(conn: &Connection) {
        for _ in 0..1200 {
            conn.execute("INSERT INTO t VALUES (zeroblob(4000))", [])
                .unwrap();
        }
    }

    const COPIED: u64 = CHECKPOINT_PAGES as u64 * 4096;

    #[test]
    fn by_itself_a_commit_past_the_size_checkpoints() {
        // The control: what the hand-over takes away.
        let (_dir, path, conn) = wal_db();
        write_past_the_size(&conn);
        assert!(file_bytes(&path) >= COPIED);
    }

    #[test]
    fn handed_over_a_commit_past_the_size_asks_and_does_not_checkpoint() {
        let (_dir, path, mut conn) = wal_db();
        let (ask, asked) = sync_channel(1);
        hand_over(&mut conn, ask);
        write_past_the_size(&conn);
        assert!(asked.try_recv().is_ok(), "no checkpoint was asked for");
        assert!(
            file_bytes(&path) < COPIED,
            "the commit checkpointed itself: {} bytes",
            file_bytes(&path)
        );
    }

    #[test]
    fn the_checkpointer_copies_the_log_into_the_file_when_asked() {
        let (_dir, path, mut conn) = wal_db();
        conn.wal_hook(Some(|_: &mut rusqlite::hooks::Wal, _: c_int| Ok(())))
            .unwrap();
        write_past_the_size(&conn);
        assert!(file_bytes(&path) < COPIED);
        let ask = start_checkpointer(&path).unwrap();
        ask.send(()).unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while file_bytes(&path) < COPIED {
            assert!(Instant::now() < deadline, "the log was never checkpointed");
            std::thread::sleep(Duration::from_millis(10));
        }
        let rows: i64 = Connection::open(&path)
            .unwrap()
            .query_row("SELECT count(*) FROM t", [], |row| row.get(0))
            .unwrap();
        assert_eq!(rows, 1200);
    }
}
