//! `_manifest.json`: the list of batches in the lake. It is the commit record:
//! a batch exists once the manifest names it.

use std::path::Path;

use anyhow::Result;
use serde::{Deserialize, Serialize};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    pub batches: Vec<BatchEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BatchEntry {
    /// `<dataset>-<first 16 hex digits of the sha256>`
    pub id: String,
    pub dataset: String,
    /// The source file as given (resolved against the study folder).
    pub source: String,
    pub sha256: String,
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_rejected: u64,
    pub schema_version: u32,
    /// RFC 3339 time of the ingest.
    pub ingested_at: String,
    /// Lake-relative data and quarantine files of this batch.
    pub files: Vec<String>,
    /// The rows are synthetic (the study says so, `ovop ingest --synthetic`,
    /// or `ovop generate` wrote the file): what `ovop sql` labels. Absent in
    /// lakes written before it was recorded.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub synthetic: bool,
}

impl Default for Manifest {
    fn default() -> Self {
        Manifest {
            schema_version: SCHEMA_VERSION,
            batches: Vec::new(),
        }
    }
}

impl Manifest {
    pub fn load(path: &Path) -> Result<Manifest> {
        if !path.exists() {
            return Ok(Manifest::default());
        }
        let text = std::fs::read_to_string(path).map_err(|e| crate::files::io_error(e, path))?;
        serde_json::from_str(&text).map_err(|e| {
            crate::bad_input!(
                "{} is not an ovop manifest or is damaged ({e}); restore it from a backup, or give the lake a new folder and ingest again",
                path.display()
            )
        })
    }

    /// Writes to a temporary file in the same folder and renames it into place.
    pub fn save(&self, path: &Path) -> Result<()> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut tmp = crate::files::temp_file_in(dir)?;
        serde_json::to_writer_pretty(&mut tmp, self)?;
        crate::files::persist(tmp, path)
    }

    pub fn batches_of<'a>(&'a self, dataset: &'a str) -> impl Iterator<Item = &'a BatchEntry> + 'a {
        self.batches.iter().filter(move |b| b.dataset == dataset)
    }
}
