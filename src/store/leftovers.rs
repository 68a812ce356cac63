//! Cleaning up what a killed process left beside a file: `deals.db.new-PID-…` from a creation
//! cut short, `deals.db.partial-PID-…` from an export, backup or demo cut short.

use std::path::Path;
use std::time::Duration;

/// A leftover whose process may still be alive is only removed once it is this old: no
/// creation, backup or demo of a sane size takes that long.
const SAFE_AGE: Duration = Duration::from_secs(3_600);

/// The folder `path` is in ("." for a bare file name).
pub(crate) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Removes the leftovers of `path` whose process is gone or which are older than
/// [`SAFE_AGE`]; best effort, as nothing depends on it.
pub(crate) fn sweep(path: &Path) {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(folder_of(path)) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(name)) else {
            continue;
        };
        let Some(tail) = rest
            .strip_prefix(".new-")
            .or_else(|| rest.strip_prefix(".partial-"))
            .or_else(|| rest.strip_prefix(".partial"))
        else {
            continue;
        };
        let pid = tail
            .split('-')
            .next()
            .and_then(|digits| digits.parse::<u32>().ok());
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > SAFE_AGE);
        let stale = old || pid.is_some_and(|pid| !process_alive(pid));
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether process `pid` exists; without `/proc` (not Linux) it is assumed alive, so only
/// age decides.
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() || !Path::new("/proc/self").exists() {
        return true;
    }
    Path::new("/proc").join(pid.to_string()).exists()
}
