//! File helpers every stage uses: temporary files renamed into place when
//! complete (and removed on Ctrl-C), atomic text writes, refusing links, and
//! I/O errors that name the path and say what to do.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;

/// Marks a folder that `ovop generate` wrote and lists its files: generate
/// may replace them, and ingest labels them synthetic.
pub const GENERATED_MARKER: &str = ".ovop-generated";

/// Temporary files and folders of this process, so that an interrupted run
/// (Ctrl-C) can remove them before it exits: destructors do not run then.
static TEMPORARY: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Remembers a temporary path for [`remove_temporary`].
pub fn register_temporary(path: &Path) {
    if let Ok(mut paths) = TEMPORARY.lock() {
        paths.retain(|p| p.exists());
        paths.push(path.to_path_buf());
    }
}

/// Stops [`remove_temporary`] from removing `path`: it now belongs to the
/// lake (a staged batch the manifest names, which the next writer puts in place).
pub fn forget_temporary(path: &Path) {
    if let Ok(mut paths) = TEMPORARY.lock() {
        paths.retain(|p| p != path);
    }
}

/// A temporary file in `dir` (renamed into place by [`persist`]), removed by
/// [`remove_temporary`] if the process is interrupted first.
pub fn temp_file_in(dir: &Path) -> Result<tempfile::NamedTempFile> {
    temp_file_with_suffix(dir, "")
}

/// [`temp_file_in`] with a name ending in `suffix` (a writer that picks the
/// format by extension needs `.png`).
pub fn temp_file_with_suffix(dir: &Path, suffix: &str) -> Result<tempfile::NamedTempFile> {
    let mut paths = TEMPORARY
        .lock()
        .map_err(|_| anyhow::anyhow!("the temporary-file list is poisoned"))?;
    let tmp = tempfile::Builder::new()
        .suffix(suffix)
        .tempfile_in(dir)
        .map_err(|e| io_error(e, dir))?;
    paths.retain(|p| p.exists());
    paths.push(tmp.path().to_path_buf());
    Ok(tmp)
}

/// Removes every temporary file and folder this process made that still
/// exists, and keeps any more from being made (the lock is held until the
/// process exits). For the Ctrl-C handler.
pub fn remove_temporary() -> usize {
    let paths = match TEMPORARY.lock() {
        Ok(p) => p,
        Err(poisoned) => poisoned.into_inner(),
    };
    let mut removed = 0;
    for path in paths.iter() {
        let gone = match path.is_dir() {
            true => fs::remove_dir_all(path).is_ok(),
            false => fs::remove_file(path).is_ok(),
        };
        removed += usize::from(gone);
        // The lake's `_staging` folder goes too once empty (another writer's
        // staging inside keeps it).
        if let Some(parent) = path.parent().filter(|p| p.ends_with("_staging")) {
            let _ = fs::remove_dir(parent);
        }
    }
    std::mem::forget(paths);
    removed
}

/// Removes what a killed process left in `dir`: files named as
/// [`temp_file_in`] names them (`.tmp` and six characters, maybe `.png`).
/// Call only under the lake's lock ([`crate::lake::remove_stale_temporary`]),
/// so no live writer's temporary file goes.
pub fn remove_stale_temporary(dir: &Path) -> Result<()> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    let live: Vec<PathBuf> = TEMPORARY.lock().map(|p| p.clone()).unwrap_or_default();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let stem = name.strip_suffix(".png").unwrap_or(&name);
        let temporary = stem.len() == 10
            && stem.starts_with(".tmp")
            && stem[4..].chars().all(|c| c.is_ascii_alphanumeric());
        let path = entry.path();
        if temporary && entry.file_type().is_ok_and(|t| t.is_file()) && !live.contains(&path) {
            fs::remove_file(&path).map_err(|e| io_error(e, &path))?;
        }
    }
    Ok(())
}

/// Writes a text file atomically (temporary file in the same folder, then rename).
pub fn write_text_atomic(path: &Path, text: &str) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| io_error(e, dir))?;
    let mut tmp = temp_file_in(dir)?;
    std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(|e| io_error(e, path))?;
    persist(tmp, path)
}

/// Renames a finished temporary file into place, readable by everyone like
/// any other output (temporary files are created private).
pub fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> Result<()> {
    tmp.as_file().sync_all().map_err(|e| io_error(e, path))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(0o644))
            .map_err(|e| io_error(e, path))?;
    }
    tmp.persist(path).map_err(|e| io_error(e.error, path))?;
    Ok(())
}

/// Every regular file below `dir` (none when it does not exist), sorted.
/// Links are neither followed nor listed: what they point to is not ours.
pub fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).map_err(|e| io_error(e, &d))? {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Refuses a folder ovop writes into that is a link to somewhere else:
/// writing through it would put files (or delete them) outside the lake or
/// output folder.
pub fn refuse_link(dir: &Path) -> Result<()> {
    if fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(crate::bad_input!(
            "{} is a symbolic link; ovop does not write through links into other folders. Remove the link (ovop recreates the folder)",
            dir.display()
        ));
    }
    Ok(())
}

/// An I/O error with the path it concerns. What the user can fix (a full
/// disk, a read-only folder, missing permissions, a name too long, a file
/// where a folder belongs) is bad input (exit 2), with a hint; other I/O
/// failures are internal (exit 1).
pub fn io_error(e: std::io::Error, path: &Path) -> anyhow::Error {
    use std::io::ErrorKind::*;
    let hint = match e.kind() {
        StorageFull | QuotaExceeded => "the disk is full: free some space and run again",
        ReadOnlyFilesystem => "the folder is on a read-only disk: give a writable folder",
        PermissionDenied => "you may not write there: give a folder you can write to",
        InvalidFilename => "the name is too long or not allowed: give a shorter path",
        IsADirectory | NotADirectory | AlreadyExists | DirectoryNotEmpty => {
            "a file and a folder are in each other's place: move the one ovop did not write"
        }
        NotFound => "it does not exist (or a folder on the way is missing)",
        _ => return anyhow::anyhow!("{}: {e}", path.display()),
    };
    crate::bad_input!("{}: {e}; {hint}", path.display())
}

/// Removes `path` when it is a file (a run's own output it no longer
/// produces); a folder or nothing there is left as it is.
pub fn remove_file_if_present(path: &Path) -> Result<()> {
    if !path.is_file() {
        return Ok(());
    }
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error(e, path)),
        _ => Ok(()),
    }
}

/// `path` relative to `base` when it lies inside it (the quarantine's
/// `source` may end in ` [Sheet]`, which stays).
pub fn relative_to(base: &Path, path: &str) -> String {
    let base = base.to_string_lossy();
    if base.is_empty() {
        return path.to_string();
    }
    let prefix = format!(
        "{}{}",
        base.trim_end_matches('/'),
        std::path::MAIN_SEPARATOR
    );
    path.strip_prefix(&prefix).unwrap_or(path).to_string()
}

/// Puts the folder `new` at `live` in one step for every reader: on Linux
/// one `renameat2(RENAME_EXCHANGE)` swaps them, after which `new` holds the
/// old folder. Where that is missing (another system, a file system without
/// it) `live` moves to `new`'s place first, so a reader may briefly see
/// neither. With no `live` yet, a plain rename.
pub fn install_dir(new: &Path, live: &Path) -> std::io::Result<()> {
    if !live.exists() {
        return fs::rename(new, live);
    }
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes());
        let (from, to) = (c(new)?, c(live)?);
        // SAFETY: both are NUL-terminated paths that live across the call.
        let done = unsafe {
            libc::syscall(
                libc::SYS_renameat2,
                libc::AT_FDCWD,
                from.as_ptr(),
                libc::AT_FDCWD,
                to.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if done == 0 {
            return fs::remove_dir_all(new);
        }
        let e = std::io::Error::last_os_error();
        if !matches!(e.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOSYS)) {
            return Err(e);
        }
    }
    let aside = new.with_extension("old");
    fs::rename(live, &aside)?;
    fs::rename(new, live)?;
    fs::remove_dir_all(&aside)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (issue 11): a full disk or a read-only lake gave an error without the path.
    #[test]
    fn io_errors_name_the_path_and_say_what_to_do() {
        let path = Path::new("/data/lake/_manifest.json");
        for (kind, hint) in [
            (std::io::ErrorKind::StorageFull, "the disk is full"),
            (std::io::ErrorKind::ReadOnlyFilesystem, "read-only"),
            (
                std::io::ErrorKind::PermissionDenied,
                "you may not write there",
            ),
        ] {
            let err = io_error(std::io::Error::from(kind), path);
            let text = err.to_string();
            assert!(
                text.contains("/data/lake/_manifest.json") && text.contains(hint),
                "{text}"
            );
            assert_eq!(crate::error::exit_code(&err), 2, "{text}");
        }
        let other = io_error(std::io::Error::other("boom"), path);
        assert!(other.to_string().contains("/data/lake"));
        assert_eq!(crate::error::exit_code(&other), 1);
    }
}
