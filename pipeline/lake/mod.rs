//! The Parquet lake (SPEC §4): one folder per dataset and in it one folder per
//! source's batch (sales one file per year), a quarantine for rejected rows,
//! marts, and a manifest listing every batch. Writers hold an exclusive lock;
//! a batch is staged, the manifest names it (the commit), and then its folder
//! goes into place in one rename, so a killed process leaves a lake that ovop
//! and any engine globbing the folders read whole (docs/data-contracts.md §5).

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
        // A writer killed after its commit left a batch staged: put it in place.
        self.sync(&self.manifest()?, &lock)?;
        Ok(lock)
    }

    /// For a reader (`ovop sql`): the lock, so that it waits for a writer and
    /// completes a killed writer's publish; `None` for a lake this process
    /// may not write (a read-only copy), which is read as it is.
    pub fn lock_to_read(&self) -> Result<Option<LakeLock>> {
        let path = self.root.join(".lock");
        match File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
        {
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
                ) =>
            {
                Ok(None)
            }
            _ => self.lock().map(Some),
        }
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

    /// A fresh staging folder for one batch; [`Lake::stage`] names its files
    /// and [`Lake::sync`] puts them in place.
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

    /// Names a batch's staged files for their place in the lake and returns
    /// their lake-relative paths; nothing moves into the lake yet (that is
    /// [`Lake::sync`], after the manifest names the batch). A staged
    /// `<dataset>/<file>` goes to `<dataset>/<slot>/<file>`, a staged
    /// `_quarantine/<dataset>/<file>` to `_quarantine/<dataset>/<slot>/<file>`.
    pub fn stage(&self, staging: &Path, slot: &str, _lock: &LakeLock) -> Result<Vec<String>> {
        let mut placed = Vec::new();
        for file in files_under(staging)? {
            let rel = file.strip_prefix(staging)?.to_path_buf();
            let (Some(dir), Some(name)) = (rel.parent(), rel.file_name()) else {
                continue;
            };
            let live_dir = self.root.join(dir).join(slot);
            // A batch that replaces one with the same id (`--replace`) must
            // not take the names of the files the manifest still lists: a
            // reader of the old version would open the new one.
            let stem = Path::new(name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned());
            let mut target = name.to_string_lossy().into_owned();
            let mut n = 2;
            while live_dir.join(&target).exists() {
                target = format!("{}-r{n}.parquet", stem.as_deref().unwrap_or_default());
                n += 1;
            }
            if target.as_str() != name {
                fs::rename(&file, file.with_file_name(&target)).map_err(|e| io_error(e, &file))?;
            }
            placed.push(rel_string(&dir.join(slot).join(target)));
        }
        placed.sort();
        Ok(placed)
    }

    /// Makes the lake's folders show what the manifest lists, each batch
    /// folder in one step: a staged batch the manifest names is renamed into
    /// place (exchanged with the version it replaces), batch folders it no
    /// longer names are moved out and deleted, and stray files of older
    /// layouts go. Run after every commit and when the lock is taken, so a
    /// killed writer's committed batch is put in place by the next one.
    pub fn sync(&self, manifest: &Manifest, _lock: &LakeLock) -> Result<()> {
        let listed: std::collections::HashSet<&str> = manifest
            .batches
            .iter()
            .flat_map(|b| b.files.iter().map(String::as_str))
            .collect();
        let staging = self.root.join("_staging");
        let pending: Vec<PathBuf> = fs::read_dir(&staging)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| is_own_staging(p))
            .collect();
        for pending in &pending {
            for (staged, rel) in staged_batch_folders(pending) {
                let live = self.root.join(&rel);
                let named = files_under(&staged)?.iter().any(|f| {
                    let name = f.file_name().map(|n| n.to_string_lossy().into_owned());
                    let in_lake = format!("{rel}/{}", name.unwrap_or_default());
                    listed.contains(in_lake.as_str()) && !self.root.join(&in_lake).exists()
                });
                if !named {
                    continue;
                }
                if let Some(parent) = live.parent() {
                    for dir in parent.ancestors().take_while(|a| *a != self.root.as_path()) {
                        refuse_link(dir)?;
                    }
                    fs::create_dir_all(parent).map_err(|e| io_error(e, parent))?;
                }
                files::install_dir(&staged, &live).map_err(|e| io_error(e, &live))?;
                crate::fault::point("install");
            }
        }
        let listed_dirs: std::collections::HashSet<&str> = listed
            .iter()
            .filter_map(|f| f.rsplit_once('/').map(|(dir, _)| dir))
            .collect();
        let mut retired = 0;
        for dataset in crate::domain::Dataset::ALL {
            for (dir, prefix) in [
                (self.root.join(dataset.name()), "part-"),
                (
                    self.root.join("_quarantine").join(dataset.name()),
                    dataset.name(),
                ),
            ] {
                for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    let rel = rel_string(entry.path().strip_prefix(&self.root)?);
                    let batch_folder = name.starts_with(SLOT_PREFIX)
                        && entry.file_type().is_ok_and(|t| t.is_dir());
                    if batch_folder && !listed_dirs.contains(rel.as_str()) {
                        // Out of the dataset folder in one step, then deleted.
                        let aside = staging
                            .join(format!("pending-retired{retired}-{}", std::process::id()));
                        retired += 1;
                        fs::create_dir_all(&staging).map_err(|e| io_error(e, &staging))?;
                        fs::rename(entry.path(), &aside).map_err(|e| io_error(e, &aside))?;
                        crate::fault::point("retire");
                        fs::remove_dir_all(&aside).map_err(|e| io_error(e, &aside))?;
                    }
                }
                // Files of the layout before batch folders (`sales/year=2024/part-….parquet`).
                for file in files_under(&dir)? {
                    let rel = rel_string(file.strip_prefix(&self.root)?);
                    if rel.split('/').any(|part| part.starts_with(SLOT_PREFIX)) {
                        continue;
                    }
                    // Only files named as ovop names them: anything else is not ours.
                    let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
                    let ours =
                        name.is_some_and(|n| n.starts_with(prefix) && n.ends_with(".parquet"));
                    if ours && !listed.contains(rel.as_str()) {
                        fs::remove_file(&file).map_err(|e| io_error(e, &file))?;
                    }
                }
            }
        }
        self.remove_staging();
        Ok(())
    }

    /// Removes the staging folders ovop made (`pending-<dataset>-<pid>`) and
    /// `_staging` itself once empty; anything else in it stays.
    fn remove_staging(&self) {
        let staging = self.root.join("_staging");
        for entry in fs::read_dir(&staging).into_iter().flatten().flatten() {
            if is_own_staging(&entry.path()) && entry.file_type().is_ok_and(|t| t.is_dir()) {
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

/// Batch folders are named `source-<16 hex digits>` (see [`slot`]).
const SLOT_PREFIX: &str = "source-";

/// The folder that holds a source's batch in each dataset folder:
/// `source-` and 16 hex digits of the sha256 of its name. A new version of
/// the source takes the same folder, so it replaces the old in one step.
pub fn slot(source: &str) -> String {
    use sha2::Digest;
    let hash = format!("{:x}", sha2::Sha256::digest(source.as_bytes()));
    format!("{SLOT_PREFIX}{}", &hash[..16])
}

/// A staging folder ovop made: `pending-<what>-<process id>`.
fn is_own_staging(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    name.as_deref()
        .and_then(|n| n.strip_prefix("pending-"))
        .and_then(|rest| rest.rsplit_once('-'))
        .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// The batch folders staged in `pending` (`<slot>/<dataset>` and
/// `<slot>/_quarantine/<dataset>`), each with the lake-relative folder it
/// goes to (`<dataset>/<slot>`, `_quarantine/<dataset>/<slot>`).
fn staged_batch_folders(pending: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(pending).into_iter().flatten().flatten() {
        let slot = entry.file_name().to_string_lossy().into_owned();
        if !slot.starts_with(SLOT_PREFIX) {
            continue;
        }
        for dataset in crate::domain::Dataset::ALL {
            let data = entry.path().join(dataset.name());
            if data.is_dir() {
                out.push((data, format!("{}/{slot}", dataset.name())));
            }
            let rejected = entry.path().join("_quarantine").join(dataset.name());
            if rejected.is_dir() {
                out.push((rejected, format!("_quarantine/{}/{slot}", dataset.name())));
            }
        }
    }
    out
}

/// A lake-relative path with `/` separators, as stored in the manifest.
fn rel_string(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
