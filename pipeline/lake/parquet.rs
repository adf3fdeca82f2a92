//! Our only contact with polars' IO API (it changes between versions): write a
//! frame, stream batches into a file, and scan the lake's files lazily.
//! Every file is zstd-compressed with min/max/null-count column statistics.

use std::fs::File;
use std::path::Path;

use anyhow::{anyhow, Result};
use polars::prelude::*;

use super::{Lake, Manifest};

fn writer(file: File) -> ParquetWriter<File> {
    ParquetWriter::new(file)
        // Level 1: about twice as fast to write as the default 3, files ~10 % larger.
        .with_compression(ParquetCompression::Zstd(
            polars_parquet::write::ZstdLevel::try_new(1).ok(),
        ))
        // min, max and null count per column chunk: what readers prune with. Distinct
        // counts (`full()`) cost a hash of every value and no reader we know uses them.
        .with_statistics(StatisticsOptions::default())
}

/// Writes `df` to a temporary file next to `path`, for [`crate::files::persist`]
/// to rename into place (written atomically that way); dropped unpersisted,
/// the file is removed.
pub fn write_temp(df: &DataFrame, path: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = crate::files::temp_file_in(dir)?;
    writer(tmp.reopen().map_err(|e| crate::files::io_error(e, path))?)
        .finish(&mut df.clone())
        .map_err(|e| polars_io_error(e, path))?;
    Ok(tmp)
}

/// A Parquet file written one batch of rows at a time (bounded memory).
pub struct StreamWriter {
    inner: polars::io::parquet::write::BatchedWriter<File>,
    pub rows: u64,
    path: std::path::PathBuf,
}

impl StreamWriter {
    pub fn create(path: &Path, schema: &Schema) -> Result<StreamWriter> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = File::create(path).map_err(|e| crate::files::io_error(e, path))?;
        Ok(StreamWriter {
            inner: writer(file).batched(schema)?,
            rows: 0,
            path: path.to_path_buf(),
        })
    }

    pub fn write(&mut self, df: &DataFrame) -> Result<()> {
        self.rows += df.height() as u64;
        self.inner
            .write_batch(df)
            .map_err(|e| polars_io_error(e, &self.path))
    }

    pub fn finish(self) -> Result<()> {
        self.inner
            .finish()
            .map_err(|e| polars_io_error(e, &self.path))?;
        Ok(())
    }
}

/// A polars write error with the file it concerns (a full disk is the user's to fix).
fn polars_io_error(e: PolarsError, path: &Path) -> anyhow::Error {
    match e {
        PolarsError::IO { error, .. } => match std::sync::Arc::try_unwrap(error) {
            Ok(io) => crate::files::io_error(io, path),
            Err(shared) => {
                crate::files::io_error(std::io::Error::new(shared.kind(), shared.to_string()), path)
            }
        },
        other => anyhow!("cannot write {}: {other}", path.display()),
    }
}

/// Lazily scans one Parquet file.
pub fn scan_file(path: &Path) -> Result<LazyFrame> {
    let path = PlRefPath::new(path.to_string_lossy().as_ref());
    LazyFrame::scan_parquet(path, ScanArgsParquet::default())
        .map_err(|e| anyhow!("cannot scan a lake file: {e}"))
}

/// All accepted rows of a dataset, from the files the manifest lists. Sales
/// files carry their `year`; those of lakes from before batch folders get it
/// back from the hive folder name (`year=2024`).
/// `None` when the dataset has no batch.
pub fn scan_dataset(lake: &Lake, manifest: &Manifest, dataset: &str) -> Result<Option<LazyFrame>> {
    let mut frames = Vec::new();
    for batch in manifest.batches_of(dataset) {
        for rel in batch
            .files
            .iter()
            .filter(|f| !f.starts_with("_quarantine/"))
        {
            let mut lf = scan_file(&lake.root.join(rel))?;
            if let Some(year) = hive_year(rel) {
                lf = lf.with_column(lit(year).alias("year"));
            }
            frames.push(lf);
        }
    }
    if frames.is_empty() {
        return Ok(None);
    }
    let args = UnionArgs {
        rechunk: false,
        ..Default::default()
    };
    Ok(Some(concat(frames, args)?))
}

/// The year of a `…/year=2024/…` path.
pub fn hive_year(rel: &str) -> Option<i32> {
    rel.split('/')
        .find_map(|part| part.strip_prefix("year="))
        .and_then(|y| y.parse().ok())
}

/// Runs a plan on polars' streaming engine (bounded memory, all cores), for
/// plans over the large datasets. Some operations fall back to the in-memory
/// engine inside it; the benchmarks measure peak memory rather than assume.
pub fn collect_streaming(lf: LazyFrame) -> Result<DataFrame> {
    Ok(lf.collect_with_engine(Engine::Streaming)?.unwrap_single())
}

/// Reads a whole (small) Parquet file, e.g. a mart.
pub fn read(path: &Path) -> Result<DataFrame> {
    scan_file(path)?
        .collect()
        .map_err(|e| anyhow!("cannot read {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hive_year_comes_from_the_folder_name() {
        assert_eq!(hive_year("sales/year=2024/part-x.parquet"), Some(2024));
        assert_eq!(hive_year("products/part-x.parquet"), None);
    }

    #[test]
    fn written_frames_read_back_identically() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.parquet");
        let df = df!("code" => ["35.10", "35.1"], "v" => [1.5, 2.0]).unwrap();
        crate::files::persist(write_temp(&df, &path).unwrap(), &path).unwrap();
        let back = read(&path).unwrap();
        assert!(back.equals(&df));
    }
}
