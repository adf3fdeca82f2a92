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
}

/// Held while a process writes the lake; the lock is released on drop.
pub struct LakeLock {
    _file: File,
}

impl Lake {
    pub fn new(root: impl Into<PathBuf>) -> Lake {
        Lake { root: root.into() }
    }

    /// Takes the writer lock, waiting (and saying so) when another process holds it.
    pub fn lock(&self) -> Result<LakeLock> {
        fs::create_dir_all(&self.root)
            .with_context(|| format!("cannot create lake folder {}", self.root.display()))?;
        let path = self.root.join(".lock");
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)?;
        if file.try_lock().is_err() {
            eprintln!(
                "waiting for another ovop process that is writing {} …",
                self.root.display()
            );
            file.lock()
                .with_context(|| format!("cannot lock {}", path.display()))?;
        }
        Ok(LakeLock { _file: file })
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
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        register_temporary(&dir);
        Ok(dir)
    }

    /// Moves every staged file to the same relative path in the lake.
    /// Returns the lake-relative paths.
    pub fn publish(&self, staging: &Path, _lock: &LakeLock) -> Result<Vec<String>> {
        let mut published = Vec::new();
        for file in files_under(staging)? {
            let rel = file.strip_prefix(staging)?.to_path_buf();
            let target = self.root.join(&rel);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::rename(&file, &target)
                .with_context(|| format!("cannot move {} into the lake", file.display()))?;
            published.push(rel_string(&rel));
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
        fs::remove_dir_all(self.root.join("_staging")).ok();
        for dataset in crate::ingest::Dataset::ALL {
            for dir in [
                self.root.join(dataset.name()),
                self.root.join("_quarantine").join(dataset.name()),
            ] {
                for file in files_under(&dir)? {
                    let rel = rel_string(file.strip_prefix(&self.root)?);
                    if !listed.contains(rel.as_str()) {
                        fs::remove_file(&file)?;
                    }
                }
            }
        }
        Ok(())
    }

    pub fn mart_path(&self, name: &str) -> PathBuf {
        self.root.join("marts").join(format!("{name}.parquet"))
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
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
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

/// Manifest commits this process made (so Ctrl-C can say whether the lake changed).
static COMMITS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many times this process committed a new manifest.
pub fn commits() -> usize {
    COMMITS.load(std::sync::atomic::Ordering::SeqCst)
}

/// Writes a text file atomically (temporary file in the same folder, then rename).
pub fn write_text_atomic(path: &Path, text: &str) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut tmp = temp_file_in(dir)?;
    std::io::Write::write_all(&mut tmp, text.as_bytes())?;
    persist(tmp, path)
}

/// Renames a finished temporary file into place, readable by everyone like
/// any other output (temporary files are created private).
pub fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> Result<()> {
    tmp.as_file().sync_all()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Every regular file below `dir` (none when it does not exist), sorted.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A lake-relative path with `/` separators, as stored in the manifest.
fn rel_string(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
