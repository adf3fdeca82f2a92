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

use crate::files::{self, files_under, io_error, refuse_link, register_temporary};

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
        let own = crate::domain::Dataset::ALL
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
        for dataset in crate::domain::Dataset::ALL {
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

/// Manifest commits this process made (so Ctrl-C can say whether the lake changed).
static COMMITS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many times this process committed a new manifest.
pub fn commits() -> usize {
    COMMITS.load(std::sync::atomic::Ordering::SeqCst)
}

/// Removes what a killed process left in `dir` (see
/// [`files::remove_stale_temporary`]); the lock proves no live writer of
/// another process is using them.
pub fn remove_stale_temporary(dir: &Path, _lock: &LakeLock) -> Result<()> {
    files::remove_stale_temporary(dir)
}

/// A lake-relative path with `/` separators, as stored in the manifest.
fn rel_string(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
