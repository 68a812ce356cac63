//! Checks, before the board touches its database, that the WAL's shared-memory file (`-shm`,
//! which SQLite maps into memory) is still the whole file it mapped. Cut short under a running
//! board, the next access to the mapping would be a SIGBUS, which no safe Rust can catch; so
//! the board looks first and stops using the database with a message instead.

use std::path::{Path, PathBuf};

use super::error::AppError;

/// SQLite maps the `-shm` in 32 KiB regions; a live one is never shorter than one region.
const SHM_REGION: u64 = 32 * 1024;

#[derive(Debug)]
pub struct FileGuard {
    shm: PathBuf,
    /// The `-shm` as it was once the board had read: its inode and the largest size seen.
    seen: Option<(u64, u64)>,
}

impl FileGuard {
    /// Records the `-shm` beside `db` (call after a first read, which creates it).
    pub fn new(db: &Path) -> FileGuard {
        let shm = super::event::database_files(db)[2].clone();
        let seen = identity(&shm);
        FileGuard { shm, seen }
    }

    /// Fails when the `-shm` is gone, replaced or shorter than it was: SQLite's mapping of it
    /// is then no longer backed by the file. SQLite itself never shortens a `-shm` another
    /// connection (this one) still uses, so any shrinking is foreign.
    pub fn check(&mut self) -> Result<(), AppError> {
        let Some((inode, size)) = self.seen else {
            // No shared memory in use (it did not exist when the board started).
            return Ok(());
        };
        match identity(&self.shm) {
            Some((now_inode, now_size))
                if now_inode == inode && now_size >= size.max(SHM_REGION) =>
            {
                self.seen = Some((inode, now_size));
                Ok(())
            }
            _ => Err(self.damaged()),
        }
    }

    fn damaged(&self) -> AppError {
        AppError::SharedMemory {
            file: self.shm.display().to_string(),
        }
    }
}

#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.ino(), meta.len()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<(u64, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((0, meta.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_or_missing_shm_is_refused_and_a_whole_one_passes() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        let shm = dir.path().join("x.db-shm");
        std::fs::write(&shm, vec![0u8; 32 * 1024]).unwrap();
        let mut guard = FileGuard::new(&db);
        assert!(guard.check().is_ok());
        std::fs::write(&shm, vec![0u8; 64 * 1024]).unwrap();
        assert!(guard.check().is_ok(), "grown is fine");
        let file = std::fs::OpenOptions::new().write(true).open(&shm).unwrap();
        file.set_len(0).unwrap();
        assert!(matches!(guard.check(), Err(AppError::SharedMemory { .. })));
        file.set_len(100).unwrap();
        assert!(guard.check().is_err());
        std::fs::remove_file(&shm).unwrap();
        assert!(guard.check().is_err(), "gone is refused");
        // No -shm at the start: nothing to guard.
        let mut none = FileGuard::new(&dir.path().join("y.db"));
        assert!(none.check().is_ok());
    }
}
