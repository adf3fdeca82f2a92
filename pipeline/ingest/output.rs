//! Where a batch's rows go: accepted rows to zstd Parquet chunks, rejected
//! rows and dropped values to the quarantine, both in the lake's staging.

use super::*;

/// The most characters of a raw value, and of a reason (which quotes the
/// value), the quarantine and the messages keep: a hostile value may be
/// megabytes long.
pub(super) const QUARANTINE_VALUE_CHARS: usize = 1_000;

pub(super) const REASON_CHARS: usize = 500;

/// `text` cut to `max` characters, ending in "…" when cut.
pub(super) fn cut(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text,
        Some((at, _)) => format!("{}…", &text[..at]),
    }
}

impl Rejection {
    /// The value and the reason cut to what the quarantine keeps.
    pub(super) fn shortened(self) -> Rejection {
        Rejection {
            column: self.column,
            value: cut(self.value, QUARANTINE_VALUE_CHARS),
            reason: cut(self.reason, REASON_CHARS),
        }
    }
}

/// Bytes buffered, at most, before they are written out (rows of long texts
/// make row groups of fewer rows).
pub(super) const CHUNK_BYTES: usize = 64 << 20;

/// Rows buffered before they are written out as a row group.
pub(super) const CHUNK_ROWS: usize = 262_144;

/// Where a batch's rows go: part files (per year for sales) and the quarantine.
/// Files are staged under a placeholder name and renamed to the batch id
/// (which comes from the file's hash) once the hash is done.
pub(super) struct Output<'a> {
    pub(super) dataset: Dataset,
    pub(super) sheet: Option<String>,
    pub(super) sha: PendingSha,
    pub(super) staging: Option<&'a Path>,
    pub(super) columns: Vec<(&'static str, ColType)>,
    pub(super) buffers: BTreeMap<Option<i32>, Vec<DataFrame>>,
    pub(super) writers: BTreeMap<Option<i32>, parquet::StreamWriter>,
    pub(super) quarantine: TableBuf,
    pub(super) quarantine_writer: Option<parquet::StreamWriter>,
    pub(super) buffered: usize,
    pub(super) buffered_bytes: usize,
    pub(super) quarantine_bytes: usize,
}

/// Placeholder for the batch id in staged file names.
pub(super) const PENDING: &str = "pending";

/// Quarantine columns after `batch` (the batch id, added when written).
pub(super) const QUARANTINE_COLUMNS: [(&str, ColType); 6] = [
    ("source", ColType::Str),
    ("line", ColType::I32),
    ("column", ColType::Str),
    ("value", ColType::Str),
    ("reason", ColType::Str),
    ("action", ColType::Str),
];

/// What happened to a quarantined value (the quarantine's `action` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The row was rejected: it is not in the lake.
    RowRejected,
    /// The row is in the lake with this optional cell left empty.
    ValueDropped,
}

impl Action {
    pub fn name(self) -> &'static str {
        match self {
            Action::RowRejected => "row_rejected",
            Action::ValueDropped => "value_dropped",
        }
    }
}

impl<'a> Output<'a> {
    pub(super) fn new(
        dataset: Dataset,
        sheet: Option<&str>,
        sha: PendingSha,
        staging: Option<&'a Path>,
        columns: &[(&'static str, ColType)],
    ) -> Self {
        Output {
            dataset,
            sheet: sheet.map(String::from),
            sha,
            staging,
            columns: columns.to_vec(),
            buffers: BTreeMap::new(),
            writers: BTreeMap::new(),
            quarantine: TableBuf::new(&QUARANTINE_COLUMNS),
            quarantine_writer: None,
            buffered: 0,
            buffered_bytes: 0,
            quarantine_bytes: 0,
        }
    }

    /// The batch id, when the hash is done (without waiting).
    pub(super) fn batch_id_if_ready(&mut self) -> Result<Option<String>> {
        let (dataset, sheet) = (self.dataset, self.sheet.as_deref());
        Ok(self.sha.poll()?.map(|sha| batch_id(dataset, sha, sheet)))
    }

    /// The batch id, waiting for the hash.
    pub(super) fn batch_id(&mut self) -> Result<String> {
        let sha = self.sha.wait()?;
        Ok(batch_id(self.dataset, sha, self.sheet.as_deref()))
    }

    pub(super) fn push_frame(&mut self, year: Option<i32>, frame: DataFrame) -> Result<()> {
        if self.staging.is_none() {
            return Ok(());
        }
        self.buffered += frame.height();
        self.buffered_bytes += frame.estimated_size();
        self.buffers.entry(year).or_default().push(frame);
        if self.buffered >= CHUNK_ROWS || self.buffered_bytes >= CHUNK_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    pub(super) fn push_rejection(
        &mut self,
        source: &str,
        line: u64,
        rej: Rejection,
        action: Action,
    ) -> Result<()> {
        if self.staging.is_none() {
            return Ok(());
        }
        let value = rej.value;
        self.quarantine_bytes += 64 + source.len() + value.len() + rej.reason.len();
        self.quarantine.push(vec![
            Value::Str(source.into()),
            Value::I32(line.min(i32::MAX as u64) as i32),
            Value::Str(rej.column.into()),
            Value::Str(value.into()),
            Value::Str(rej.reason.into()),
            Value::Str(action.name().into()),
        ]);
        if self.quarantine.len() >= CHUNK_ROWS || self.quarantine_bytes >= CHUNK_BYTES {
            self.quarantine_bytes = 0;
            self.flush_quarantine()?;
        }
        Ok(())
    }

    /// `<dataset>/part-<batch>.parquet`, and one file per year for sales:
    /// `part-<batch>-<year>.parquet`, whose rows carry the `year` column.
    pub(super) fn data_path(&self, year: Option<i32>) -> PathBuf {
        let staging = self.staging.expect("only called when writing");
        let name = match year {
            Some(y) => format!("part-{PENDING}-{y}.parquet"),
            None => format!("part-{PENDING}.parquet"),
        };
        staging.join(self.dataset.name()).join(name)
    }

    pub(super) fn quarantine_path(&self) -> PathBuf {
        let staging = self.staging.expect("only called when writing");
        staging
            .join("_quarantine")
            .join(self.dataset.name())
            .join(format!("{PENDING}.parquet"))
    }

    /// Writes the buffered frames of each year as one row group.
    pub(super) fn flush(&mut self) -> Result<()> {
        for (year, frames) in std::mem::take(&mut self.buffers) {
            let mut frames = frames.into_iter();
            let Some(mut df) = frames.next() else {
                continue;
            };
            for frame in frames {
                df.vstack_mut_owned(frame)?;
            }
            df.rechunk_mut();
            if let Some(y) = year {
                // In the file, not only in its name: every reader of the folder gets it.
                df.with_column(Column::new_scalar("year".into(), y.into(), df.height()))?;
            }
            let path = self.data_path(year);
            let writer = match self.writers.entry(year) {
                std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(parquet::StreamWriter::create(&path, df.schema())?)
                }
            };
            writer.write(&df)?;
        }
        self.buffered = 0;
        self.buffered_bytes = 0;
        Ok(())
    }

    pub(super) fn flush_quarantine(&mut self) -> Result<()> {
        let mut df = self.quarantine.take_frame()?;
        // The batch id is the same on every row; it waits for the hash.
        let id = self.batch_id()?;
        df.insert_column(0, Column::new("batch".into(), vec![id; df.height()]))?;
        if self.quarantine_writer.is_none() {
            self.quarantine_writer = Some(parquet::StreamWriter::create(
                &self.quarantine_path(),
                df.schema(),
            )?);
        }
        self.quarantine_writer
            .as_mut()
            .expect("just created")
            .write(&df)?;
        Ok(())
    }

    /// Closes the files, renames them to the batch id and returns the batch
    /// id and the file's sha256.
    pub(super) fn finish(mut self) -> Result<(String, String)> {
        let id = self.batch_id()?;
        let sha = self.sha.wait()?.to_string();
        if self.staging.is_none() {
            return Ok((id, sha));
        }
        self.flush()?;
        if !self.quarantine.is_empty() {
            self.flush_quarantine()?;
        }
        // A batch with every row rejected still gets an (empty) data file so
        // its schema is in the lake.
        if self.writers.is_empty() && self.dataset != Dataset::Sales {
            let empty = TableBuf::new(&self.columns);
            let mut w = parquet::StreamWriter::create(&self.data_path(None), &empty.schema())?;
            w.write(&DataFrame::empty_with_schema(&empty.schema()))?;
            self.writers.insert(None, w);
        }
        let mut staged = Vec::new();
        for (year, w) in std::mem::take(&mut self.writers) {
            w.finish()?;
            staged.push(self.data_path(year));
        }
        if let Some(w) = self.quarantine_writer.take() {
            w.finish()?;
            staged.push(self.quarantine_path());
        }
        for path in staged {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .expect("named by data_path")
                .replace(PENDING, &id);
            std::fs::rename(&path, path.with_file_name(name))?;
        }
        Ok((id, sha))
    }
}
