//! The Parquet lake (SPEC §4): one folder per dataset, sales partitioned by
//! year in hive style, a quarantine for rejected rows, marts, and a manifest
//! listing every batch. Writers hold an exclusive lock; files are staged and
//! renamed into place and the manifest is replaced last, so a killed process
//! leaves the previous lake intact. Readers read the files the manifest lists.

pub mod manifest;
pub mod parquet;
pub mod quarantine;

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

pub use manifest::{BatchEntry, Manifest};

pub struct Lake {
    pub root: PathBuf,
    /// Where this study's marts live: `<root>/marts`, or `<root>/marts/<study>`
    /// in a lake that several studies share, so one never reads another's.
    pub marts: PathBuf,
}

/// The file that marks a folder as an ovop lake (with `_manifest.json`):
/// ovop writes into, and deletes from, only a folder that carries one.
const LAKE_MARKER: &str = ".ovop-lake";

/// Held while a process writes the lake; the lock is released on drop.
pub struct LakeLock {
    _file: File,
}

impl Lake {
    pub fn new(root: impl Into<PathBuf>) -> Lake {
        let root = root.into();
        Lake {
            marts: root.join("marts"),
            root,
        }
    }

    /// A lake shared by several studies: `study`'s marts in a folder of their own.
    pub fn shared(root: impl Into<PathBuf>, study: &str) -> Lake {
        let root = root.into();
        Lake {
            marts: root.join("marts").join(study),
            root,
        }
    }

    /// Takes the writer lock, waiting (and saying so) when another process
    /// holds it. The folder must be an ovop lake or empty (issue 11: a lake
    /// given as `.` in a folder of the user's files would have had them
    /// cleaned up), and its folders must be folders, not links elsewhere.
    pub fn lock(&self) -> Result<LakeLock> {
        self.claim()?;
        let path = self.root.join(".lock");
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| io_error(e, &path))?;
        if file.try_lock().is_err() {
            eprintln!(
                "waiting for another ovop process that is writing {} …",
                self.root.display()
            );
            file.lock()
                .with_context(|| format!("cannot lock {}", path.display()))?;
        }
        let lock = LakeLock { _file: file };
        // What a killed writer left: its temporary files (the staging goes
        // with the next commit).
        remove_stale_temporary(&self.root, &lock)?;
        remove_stale_temporary(&self.marts, &lock)?;
        Ok(lock)
    }

    /// Makes sure ovop may write here (see [`Lake::lock`]) and marks the folder.
    fn claim(&self) -> Result<()> {
        let root = &self.root;
        if root.is_file() {
            return Err(crate::bad_input!(
                "the lake {} is a file; give a folder (--lake or study.lake)",
                root.display()
            ));
        }
        // A manifest marks a lake only if it is one: any JSON file of that name is not.
        let manifest = root.join("_manifest.json");
        if manifest.exists() {
            Manifest::load(&manifest)?;
        }
        let marked = root.join(LAKE_MARKER).exists() || manifest.exists();
        // The lock file is ours too: another ovop may have just created it.
        let foreign = || -> Result<bool> {
            Ok(fs::read_dir(root)
                .map_err(|e| io_error(e, root))?
                .flatten()
                .any(|e| e.file_name() != ".lock"))
        };
        if root.exists() && !marked && foreign()? {
            return Err(crate::bad_input!(
                "{} is not an ovop lake (no {LAKE_MARKER} or _manifest.json) and is not empty; give a new or empty folder for the lake (--lake or study.lake), so that no file of yours is touched",
                root.display()
            ));
        }
        fs::create_dir_all(root).map_err(|e| io_error(e, root))?;
        if !marked {
            fs::write(
                root.join(LAKE_MARKER),
                "This folder is an ovop lake; ovop writes and deletes only its own files here.\n",
            )
            .map_err(|e| io_error(e, &root.join(LAKE_MARKER)))?;
        }
        let own = crate::ingest::Dataset::ALL
            .iter()
            .map(|d| root.join(d.name()))
            .chain(["_quarantine", "_staging", "marts"].map(|d| root.join(d)))
            .chain([self.marts.clone()]);
        for dir in own {
            refuse_link(&dir)?;
        }
        Ok(())
    }

    pub fn manifest(&self) -> Result<Manifest> {
        Manifest::load(&self.root.join("_manifest.json"))
    }

    /// Replaces the manifest atomically: this is the commit point of a write.
    pub fn commit(&self, manifest: &Manifest, _lock: &LakeLock) -> Result<()> {
        // Counted before the rename: an interrupted process then never claims
        // the lake is unchanged when the rename may have happened.
        COMMITS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        manifest.save(&self.root.join("_manifest.json"))
    }

    /// A fresh staging folder for one batch; its files are renamed into the
    /// lake by [`Lake::publish`].
    pub fn staging(&self, batch_id: &str, _lock: &LakeLock) -> Result<PathBuf> {
        // The process id in the name: a Ctrl-C handler removes this folder,
        // and must never hit another writer's staging (the lock is its then).
        let dir = self
            .root
            .join("_staging")
            .join(format!("{batch_id}-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| io_error(e, &dir))?;
        }
        fs::create_dir_all(&dir).map_err(|e| io_error(e, &dir))?;
        register_temporary(&dir);
        Ok(dir)
    }

    /// Moves every staged file to the same relative path in the lake.
    /// Returns the lake-relative paths.
    pub fn publish(&self, staging: &Path, _lock: &LakeLock) -> Result<Vec<String>> {
        let mut published = Vec::new();
        for file in files_under(staging)? {
            let rel = file.strip_prefix(staging)?.to_path_buf();
            // A batch that replaces one with the same id (`--replace`) must
            // not write over the files the manifest still lists: until the
            // commit, the old batch is the lake. A new name keeps them apart.
            let mut target = self.root.join(&rel);
            let mut n = 2;
            while target.exists() {
                let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned());
                target = self
                    .root
                    .join(&rel)
                    .with_file_name(format!("{}-r{n}.parquet", stem.unwrap_or_default()));
                n += 1;
            }
            if let Some(parent) = target.parent() {
                // Every folder on the way must be the lake's own, not a link out.
                for dir in parent.ancestors().take_while(|a| *a != self.root.as_path()) {
                    refuse_link(dir)?;
                }
                fs::create_dir_all(parent).map_err(|e| io_error(e, parent))?;
            }
            fs::rename(&file, &target).map_err(|e| io_error(e, &target))?;
            published.push(rel_string(target.strip_prefix(&self.root)?));
        }
        fs::remove_dir_all(staging).ok();
        published.sort();
        Ok(published)
    }

    /// Deletes data files that no manifest batch lists (left by a killed
    /// ingest, or by a replaced batch) and any staging leftovers.
    pub fn remove_unlisted(&self, manifest: &Manifest, _lock: &LakeLock) -> Result<()> {
        let listed: std::collections::HashSet<&str> = manifest
            .batches
            .iter()
            .flat_map(|b| b.files.iter().map(String::as_str))
            .collect();
        self.remove_staging();
        for dataset in crate::ingest::Dataset::ALL {
            for (dir, prefix) in [
                (self.root.join(dataset.name()), "part-"),
                (
                    self.root.join("_quarantine").join(dataset.name()),
                    dataset.name(),
                ),
            ] {
                for file in files_under(&dir)? {
                    // Only files named as ovop names them: anything else is not ours.
                    let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
                    let ours =
                        name.is_some_and(|n| n.starts_with(prefix) && n.ends_with(".parquet"));
                    let rel = rel_string(file.strip_prefix(&self.root)?);
                    if ours && !listed.contains(rel.as_str()) {
                        fs::remove_file(&file).map_err(|e| io_error(e, &file))?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Removes the staging folders ovop made (`pending-<dataset>-<pid>`) and
    /// `_staging` itself once empty; anything else in it stays.
    fn remove_staging(&self) {
        let staging = self.root.join("_staging");
        for entry in fs::read_dir(&staging).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let ours = name.strip_prefix("pending-").is_some_and(|rest| {
                rest.rsplit_once('-').is_some_and(|(_, pid)| {
                    !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
                })
            });
            if ours && entry.file_type().is_ok_and(|t| t.is_dir()) {
                fs::remove_dir_all(entry.path()).ok();
            }
        }
        fs::remove_dir(&staging).ok();
    }

    pub fn mart_path(&self, name: &str) -> PathBuf {
        self.marts.join(format!("{name}.parquet"))
    }
}

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
/// Only under the lock, so no live writer's temporary file goes.
pub fn remove_stale_temporary(dir: &Path, _lock: &LakeLock) -> Result<()> {
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

/// Manifest commits this process made (so Ctrl-C can say whether the lake changed).
static COMMITS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many times this process committed a new manifest.
pub fn commits() -> usize {
    COMMITS.load(std::sync::atomic::Ordering::SeqCst)
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
fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
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

/// A lake-relative path with `/` separators, as stored in the manifest.
fn rel_string(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
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
