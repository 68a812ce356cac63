//! Writing a file safely, for every command that writes one (export, backup, demo): never
//! over the open database or its logs, never over an existing file unless asked, never a
//! partial file under the final name, and readable by its owner only (mode 0600).

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::TempPath;

use super::error::{Result, StoreError};
use super::guard::FileId;
use super::leftovers::{folder_of, sweep};

/// A file a store has open, which nothing may be written over.
#[derive(Clone, Debug)]
pub struct FileInUse {
    pub path: PathBuf,
    pub what: &'static str,
}

/// The files SQLite keeps for the database at `path`.
pub(crate) fn database_files(path: &Path) -> Vec<FileInUse> {
    let with = |suffix: &str| {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        PathBuf::from(name)
    };
    vec![
        FileInUse {
            path: path.to_path_buf(),
            what: "the open database",
        },
        FileInUse {
            path: with("-wal"),
            what: "the open database's write-ahead log",
        },
        FileInUse {
            path: with("-shm"),
            what: "the open database's shared-memory file",
        },
        FileInUse {
            path: with("-journal"),
            what: "the open database's journal",
        },
    ]
}

/// `path` with its folder resolved (links, `..`), for comparing names of files that may not
/// exist yet.
fn resolved(path: &Path) -> PathBuf {
    let folder = folder_of(path);
    let folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    match path.file_name() {
        Some(name) => folder.join(name),
        None => folder,
    }
}

/// Whether `a` and `b` are the same file: the same device and inode when both exist (so a
/// hard link or symbolic link is caught), else the same resolved name.
fn same_file(a: &Path, b: &Path) -> bool {
    match (FileId::of(a), FileId::of(b)) {
        (Some(x), Some(y)) => x == y,
        _ => resolved(a) == resolved(b),
    }
}

/// A file being written under a temporary name beside its target; it takes the target's
/// name only on [`NewFile::commit`], and is removed if dropped before.
pub struct NewFile {
    file: Option<File>,
    temp: Option<TempPath>,
    target: PathBuf,
    replace: bool,
}

impl NewFile {
    /// Starts writing `target`. Refused when it is one of `in_use`, or exists and `replace`
    /// is false.
    pub fn create(target: &Path, replace: bool, in_use: &[FileInUse]) -> Result<NewFile> {
        if let Some(found) = in_use.iter().find(|f| same_file(target, &f.path)) {
            return Err(StoreError::InUse {
                path: target.display().to_string(),
                what: found.what.into(),
            });
        }
        if !replace && target.symlink_metadata().is_ok() {
            return Err(StoreError::Exists {
                path: target.display().to_string(),
            });
        }
        let name = target.file_name().and_then(|n| n.to_str()).ok_or_else(|| {
            StoreError::invalid(format!("{} is not a file name", target.display()))
        })?;
        sweep(target);
        // tempfile creates it with mode 0600 and a random suffix, with O_EXCL.
        let temp = tempfile::Builder::new()
            .prefix(&format!("{name}.partial-{}-", std::process::id()))
            .tempfile_in(folder_of(target))
            .map_err(|e| StoreError::io(target, e))?;
        let (file, temp) = temp.into_parts();
        Ok(NewFile {
            file: Some(file),
            temp: Some(temp),
            target: target.to_path_buf(),
            replace,
        })
    }

    /// The temporary file, for writers that write to a handle.
    pub fn file(&mut self) -> Result<&mut File> {
        self.file
            .as_mut()
            .ok_or_else(|| StoreError::invalid("the file was already handed over by name"))
    }

    /// The temporary file's name, for writers that open it by name (SQLite, the Excel
    /// writer); our handle is closed first, so SQLite's locks are not disturbed by it.
    pub fn temp_path(&mut self) -> &Path {
        self.file = None;
        self.temp.as_deref().unwrap_or(Path::new(""))
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes the file to disk and gives it the target's name (atomically: the target is
    /// either absent or complete). Without `replace`, a target that appeared meanwhile wins.
    pub fn commit(mut self) -> Result<()> {
        let target = self.target.clone();
        let Some(temp) = self.temp.take() else {
            return Err(StoreError::invalid("the file was already committed"));
        };
        let file = match self.file.take() {
            Some(mut file) => {
                file.flush().map_err(|e| StoreError::io(&target, e))?;
                file
            }
            None => File::open(&temp).map_err(|e| StoreError::io(&target, e))?,
        };
        file.sync_all().map_err(|e| StoreError::io(&target, e))?;
        drop(file);
        remove_sidecars(&temp);
        let kept = if self.replace {
            temp.persist(&target)
        } else {
            temp.persist_noclobber(&target)
        };
        if let Err(failed) = kept {
            // Dropping the returned temporary name removes the file.
            let error = failed.error;
            return Err(if error.kind() == std::io::ErrorKind::AlreadyExists {
                StoreError::Exists {
                    path: target.display().to_string(),
                }
            } else {
                StoreError::io(&target, error)
            });
        }
        // The new name is durable once the folder is; best effort where folders cannot sync.
        if let Ok(folder) = File::open(folder_of(&target)) {
            let _ = folder.sync_all();
        }
        Ok(())
    }
}

/// SQLite may have left its own files beside the temporary one.
fn remove_sidecars(temp: &Path) {
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = temp.as_os_str().to_os_string();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

impl Drop for NewFile {
    fn drop(&mut self) {
        if let Some(temp) = &self.temp {
            remove_sidecars(temp);
        }
    }
}
