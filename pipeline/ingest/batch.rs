//! A batch's identity: its source name, its id and the sha256 of its file
//! (hashed on a second thread while the rows are read).

use super::*;

/// A file's sha256, computed on a thread of its own while the rows are
/// checked. Dropped before it is done, it stops the hashing.
pub(super) struct PendingSha {
    pub(super) result: Option<std::sync::mpsc::Receiver<Result<String>>>,
    pub(super) sha: Option<String>,
    pub(super) stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl PendingSha {
    pub(super) fn start<'scope>(
        scope: &'scope std::thread::Scope<'scope, '_>,
        file: &'scope Path,
    ) -> Self {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stop_hashing = stop.clone();
        scope.spawn(move || {
            tx.send(sha256_until(file, &stop_hashing)).ok();
        });
        PendingSha {
            result: Some(rx),
            sha: None,
            stop,
        }
    }

    pub(super) fn known(sha: String) -> Self {
        PendingSha {
            result: None,
            sha: Some(sha),
            stop: Default::default(),
        }
    }

    /// The hash if it is done.
    pub(super) fn poll(&mut self) -> Result<Option<&str>> {
        if self.sha.is_none() {
            match self.result.as_ref().map(|rx| rx.try_recv()) {
                Some(Ok(sha)) => self.sha = Some(sha?),
                Some(Err(std::sync::mpsc::TryRecvError::Empty)) => {}
                _ => anyhow::bail!("the hashing thread stopped"),
            }
        }
        Ok(self.sha.as_deref())
    }

    /// The hash, waiting for it.
    pub(super) fn wait(&mut self) -> Result<&str> {
        if self.sha.is_none() {
            let rx = self.result.as_ref().expect("a pending hash has a receiver");
            let sha = rx
                .recv()
                .map_err(|_| anyhow::anyhow!("the hashing thread stopped"))??;
            self.sha = Some(sha);
        }
        Ok(self.sha.as_deref().expect("set above"))
    }
}

impl Drop for PendingSha {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// How a batch names its source in the manifest: the path, and `#sheet` when one was named.
pub fn source_name(file: &Path, sheet: Option<&str>) -> String {
    match sheet {
        Some(sheet) => format!("{}#{sheet}", file.display()),
        None => file.display().to_string(),
    }
}

/// `<dataset>-<16 hex digits of the file's sha256>`; a named workbook sheet
/// adds 8 hex digits of its name's hash, so two sheets of one file are two batches.
pub fn batch_id(dataset: Dataset, sha: &str, sheet: Option<&str>) -> String {
    match sheet {
        None => format!("{}-{}", dataset.name(), &sha[..16]),
        Some(sheet) => {
            let sheet_hash = format!("{:x}", Sha256::digest(sheet.as_bytes()));
            format!("{}-{}-{}", dataset.name(), &sha[..16], &sheet_hash[..8])
        }
    }
}

pub fn sha256_file(path: &Path) -> Result<String> {
    sha256_until(path, &std::sync::atomic::AtomicBool::new(false))
}

/// [`sha256_file`] that gives up (with an error) once `stop` is set.
pub(super) fn sha256_until(path: &Path, stop: &std::sync::atomic::AtomicBool) -> Result<String> {
    let mut file = std::fs::File::open(path)
        .map_err(|e| bad_input!("{}: cannot open: {e}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        if n == 0 {
            break;
        }
        if stop.load(std::sync::atomic::Ordering::Relaxed) {
            anyhow::bail!("hashing {} stopped", path.display());
        }
        hasher.update(&buf[..n]);
    }
    Ok(format!("{:x}", hasher.finalize()))
}

/// Whether `ovop generate` wrote `file`: its marker (`.ovop-generated`) in its
/// folder or one of the two above it lists the file (generate writes
/// `<out>/sales/part-N.csv` and the marker in `<out>`).
pub fn generated_by_ovop(file: &Path) -> bool {
    let Ok(file) = file.canonicalize() else {
        return false;
    };
    file.ancestors().skip(1).take(3).any(|dir| {
        let Ok(listing) = std::fs::read_to_string(dir.join(crate::files::GENERATED_MARKER)) else {
            return false;
        };
        let Ok(rel) = file.strip_prefix(dir) else {
            return false;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        listing
            .lines()
            .skip(1)
            .any(|line| line.trim().replace('\\', "/") == rel)
    })
}

/// An unchanged batch whose label changed (the study now says its data is
/// synthetic, or no longer): the manifest is updated, the rows are not read again.
pub(super) fn relabel(
    lake: &Lake,
    lock: &LakeLock,
    manifest: &mut Manifest,
    report: BatchReport,
    synthetic: bool,
) -> Result<BatchReport> {
    let entry = manifest
        .batches
        .iter_mut()
        .find(|b| b.id == report.batch_id);
    if let Some(entry) = entry.filter(|b| b.synthetic != synthetic) {
        entry.synthetic = synthetic;
        lake.commit(manifest, lock)?;
    }
    Ok(report)
}
