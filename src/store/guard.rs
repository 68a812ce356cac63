//! The write guard: every commit on a store's connection first checks that the file at the
//! path is still the one that was opened and that it passed SQLite's integrity check.
//!
//! It is a commit hook, so it covers every write (each store method, each bulk import) without
//! each having to remember a call; a refused commit becomes a rollback and nothing is written.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Mutex, Weak};
use std::thread::JoinHandle;

use rusqlite::{Connection, OpenFlags};

use super::error::{Result, StoreError};

/// Device and inode: what a path points at, whatever it is called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FileId {
    device: u64,
    inode: u64,
}

impl FileId {
    /// What `path` is now; `None` when nothing is there (or the platform has no inodes).
    pub(crate) fn of(path: &Path) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(path).ok().map(|m| FileId {
                device: m.dev(),
                inode: m.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            None
        }
    }
}

/// What SQLite's `quick_check` said about the file; a write waits for it.
enum Verdict {
    Unknown,
    /// The check's thread, and the line that tells it to start without waiting.
    Running(JoinHandle<Result<(), String>>, Sender<()>),
    Known(Result<(), String>),
}

/// How long the background check waits before it starts (unless a write needs it sooner):
/// long enough for the board's first frame and the dashboard's first read on a large file.
const START_DELAY: std::time::Duration = std::time::Duration::from_millis(300);

/// One integrity check per file and process, shared by every store open on it (the board's
/// and each of the dashboard's readers), and stopped when the last of them closes.
struct Verification {
    file: PathBuf,
    verdict: Mutex<Verdict>,
    /// Set when the last store closes, so an unfinished check stops at once.
    cancel: Arc<AtomicBool>,
}

/// The verifications of the files open in this process, by device and inode.
static OPEN_FILES: Mutex<Vec<(FileId, Weak<Verification>)>> = Mutex::new(Vec::new());

impl Verification {
    fn shared(file: &Path, identity: Option<FileId>) -> Arc<Verification> {
        let fresh = || {
            Arc::new(Verification {
                file: file.to_path_buf(),
                verdict: Mutex::new(Verdict::Unknown),
                cancel: Arc::new(AtomicBool::new(false)),
            })
        };
        let (Some(identity), Ok(mut open)) = (identity, OPEN_FILES.lock()) else {
            return fresh();
        };
        open.retain(|(_, weak)| weak.strong_count() > 0);
        if let Some(found) = open
            .iter()
            .filter(|(id, _)| *id == identity)
            .find_map(|(_, weak)| weak.upgrade())
        {
            return found;
        }
        let made = fresh();
        open.push((identity, Arc::downgrade(&made)));
        made
    }

    fn start(&self) {
        let Ok(mut verdict) = self.verdict.lock() else {
            return;
        };
        if matches!(*verdict, Verdict::Unknown) {
            let file = self.file.clone();
            let cancel = Arc::clone(&self.cancel);
            let (wake, woken) = channel();
            let started = std::thread::Builder::new()
                .name("dealdeck-check".into())
                .spawn(move || {
                    // The board's first frame and the dashboard's first read come first;
                    // a write that needs the verdict earlier wakes the check at once.
                    let _ = woken.recv_timeout(START_DELAY);
                    quick_check(&file, &cancel)
                });
            // Without a thread the first write runs the check itself.
            if let Ok(handle) = started {
                *verdict = Verdict::Running(handle, wake);
            }
        }
    }

    /// The verdict, waiting for the check or running it when needed.
    fn sound(&self) -> Result<(), String> {
        let mut verdict = self
            .verdict
            .lock()
            .map_err(|_| "its integrity check failed to finish".to_string())?;
        let known = match std::mem::replace(&mut *verdict, Verdict::Unknown) {
            Verdict::Known(known) => known,
            Verdict::Running(handle, wake) => {
                let _ = wake.send(());
                handle
                    .join()
                    .unwrap_or_else(|_| Err("its integrity check failed to finish".into()))
            }
            Verdict::Unknown => quick_check(&self.file, &self.cancel),
        };
        *verdict = Verdict::Known(known.clone());
        known
    }
}

impl Drop for Verification {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        if let Ok(verdict) = self.verdict.get_mut()
            && let Verdict::Running(handle, wake) = std::mem::replace(verdict, Verdict::Unknown)
        {
            let _ = wake.send(());
            let _ = handle.join();
        }
    }
}

pub(crate) struct Guard {
    file: PathBuf,
    shown: String,
    identity: Option<FileId>,
    verification: Arc<Verification>,
    /// Schema differences found by an inspecting open: such a file is never written.
    foreign: Option<String>,
}

thread_local! {
    /// rusqlite's errors do not say which file they are about and every store call converts
    /// them with `?`, so the store opened on this thread names itself here for them.
    static SHOWN: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Why the commit hook refused the last commit on this thread.
    static REFUSAL: RefCell<Option<StoreError>> = const { RefCell::new(None) };
}

/// The path storage errors on this thread are about.
pub(crate) fn path_in_use() -> String {
    SHOWN
        .with(|shown| shown.borrow().clone())
        .unwrap_or_else(|| "the database".into())
}

/// The guard's reason, when `error` is a commit the guard turned into a rollback.
pub(crate) fn take_refusal(error: &rusqlite::Error) -> Option<StoreError> {
    match error {
        rusqlite::Error::SqliteFailure(failure, _)
            if failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_COMMITHOOK =>
        {
            REFUSAL.with(|refusal| refusal.borrow_mut().take())
        }
        _ => None,
    }
}

impl Guard {
    /// Records what `file` is now; errors will call it `shown`.
    pub(crate) fn new(file: &Path, shown: &Path, foreign: Option<String>) -> Guard {
        let shown = shown.display().to_string();
        SHOWN.with(|slot| *slot.borrow_mut() = Some(shown.clone()));
        let identity = FileId::of(file);
        Guard {
            file: file.to_path_buf(),
            shown,
            identity,
            verification: Verification::shared(file, identity),
            foreign,
        }
    }

    /// Installs the guard as `conn`'s commit hook.
    pub(crate) fn install(guard: &Arc<Guard>, conn: &mut Connection) -> Result<()> {
        let hook = Arc::clone(guard);
        conn.commit_hook(Some(move || match hook.before_write() {
            Ok(()) => false,
            Err(refusal) => {
                REFUSAL.with(|slot| *slot.borrow_mut() = Some(refusal));
                true
            }
        }))?;
        Ok(())
    }

    /// Starts the integrity check on its own connection, so opening does not wait for it.
    pub(crate) fn verify_in_background(&self) {
        self.verification.start();
    }

    pub(crate) fn identity(&self) -> Option<FileId> {
        self.identity
    }

    /// Fails when the path no longer leads to the file that was opened.
    pub(crate) fn still_at_path(&self) -> Result<()> {
        match self.identity {
            Some(opened) if FileId::of(&self.file) != Some(opened) => Err(StoreError::Replaced {
                path: self.shown.clone(),
            }),
            _ => Ok(()),
        }
    }

    /// Everything a write must pass: the same file, dealdeck's schema, no damage.
    pub(crate) fn before_write(&self) -> Result<()> {
        self.still_at_path()?;
        if let Some(detail) = &self.foreign {
            return Err(StoreError::ForeignSchema {
                path: self.shown.clone(),
                detail: detail.clone(),
            });
        }
        self.sound().map_err(|detail| StoreError::Damaged {
            path: self.shown.clone(),
            detail,
        })
    }

    fn sound(&self) -> Result<(), String> {
        self.verification.sound()
    }
}

/// SQLite's `quick_check` on a read-only connection of its own: b-tree structure, page
/// accounting, record formats, NOT NULL and CHECK constraints; `Err` names the first finds.
pub(crate) fn quick_check(file: &Path, cancel: &Arc<AtomicBool>) -> Result<(), String> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(file, flags).map_err(|e| e.to_string())?;
    let _ = conn.busy_timeout(super::open::BUSY_TIMEOUT);
    let stop = Arc::clone(cancel);
    conn.progress_handler(10_000, Some(move || stop.load(Ordering::Relaxed)))
        .map_err(|e| e.to_string())?;
    let mut statement = conn
        .prepare("PRAGMA quick_check(3)")
        .map_err(|e| e.to_string())?;
    let lines = statement
        .query_map([], |row| row.get::<_, String>(0))
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(|e| e.to_string())?;
    let found = problem_lines(&lines);
    if found.is_empty() {
        Ok(())
    } else {
        Err(found.join("; ").chars().take(200).collect())
    }
}

/// The problems in what `quick_check` or `integrity_check` returned, one per line (SQLite
/// returns several in one row, under a "*** in database main ***" heading).
pub(crate) fn problem_lines(rows: &[String]) -> Vec<String> {
    rows.iter()
        .flat_map(|row| row.lines())
        .map(str::trim)
        .filter(|line| !line.is_empty() && *line != "ok" && !line.starts_with("*** in database"))
        .map(str::to_string)
        .collect()
}
