//! Ingestion (SPEC §3–§4): read a file, normalise and check every value, write
//! accepted rows to the lake and rejected rows to the quarantine, and account
//! for every row: read = accepted + rejected. One file is one batch.

pub mod contract;
pub mod parse;
pub mod read;
pub mod rows;
pub mod table;

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Result;
use polars::prelude::*;
use sha2::{Digest, Sha256};

pub use crate::domain::Dataset;
use parse::DecimalMark;
use rows::{Rejection, RowContext};
use table::{ColType, TableBuf, Value};

use crate::bad_input;
use crate::lake::{manifest, parquet, BatchEntry, Lake, LakeLock, Manifest};

/// Records the reader thread hands over at a time, and the memory a batch
/// may hold: wide rows (100,000 columns) or long cells make smaller batches,
/// so the batches in flight stay within a few hundred MB whatever the file.
const READ_BATCH: usize = 32_768;
const READ_BATCH_BYTES: usize = 32 << 20;

/// The most characters of a raw value, and of a reason (which quotes the
/// value), the quarantine and the messages keep: a hostile value may be
/// megabytes long.
const QUARANTINE_VALUE_CHARS: usize = 1_000;
const REASON_CHARS: usize = 500;

/// `text` cut to `max` characters, ending in "…" when cut.
fn cut(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text,
        Some((at, _)) => format!("{}…", &text[..at]),
    }
}

impl Rejection {
    /// The value and the reason cut to what the quarantine keeps.
    fn shortened(self) -> Rejection {
        Rejection {
            column: self.column,
            value: cut(self.value, QUARANTINE_VALUE_CHARS),
            reason: cut(self.reason, REASON_CHARS),
        }
    }
}

/// Bytes buffered, at most, before they are written out (rows of long texts
/// make row groups of fewer rows).
const CHUNK_BYTES: usize = 64 << 20;

/// Rows buffered before they are written out as a row group.
const CHUNK_ROWS: usize = 262_144;

#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Decimal mark of every number column; None = decided per column from the data.
    pub decimal: Option<DecimalMark>,
    pub allow_unknown_codes: bool,
    /// Unknown columns are an error instead of a warning.
    pub strict: bool,
    /// Ingest again even when a batch with the same sha256 exists.
    pub replace: bool,
    /// Workbook sheet to read (default: the first).
    pub sheet: Option<String>,
    /// Show a progress bar on stderr (hidden anyway when stderr is not a terminal).
    pub progress: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ingested,
    /// Same sha256 already in the lake: nothing done.
    Unchanged,
    /// Checked only (`ovop validate`).
    Validated,
}

#[derive(Debug, Clone)]
pub struct BatchReport {
    pub dataset: Dataset,
    pub source: PathBuf,
    pub batch_id: String,
    pub sha256: String,
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_rejected: u64,
    pub outcome: Outcome,
    /// How the file names a position: "line" (CSV) or "row" (sheets, Parquet).
    pub unit: &'static str,
    /// Why rows were rejected, most frequent first.
    pub reasons: Vec<ReasonCount>,
    /// Cells of optional columns left empty (value not in the vocabulary;
    /// the rows were kept), most frequent first.
    pub dropped: Vec<ReasonCount>,
    pub warnings: Vec<String>,
}

/// One reason (`column: first clause of the reason`), how many rows or
/// cells it hit, and the first few of their lines.
#[derive(Debug, Clone, PartialEq)]
pub struct ReasonCount {
    pub reason: String,
    pub count: u64,
    pub lines: Vec<u64>,
}

/// Lines listed per reason in messages; the quarantine has every one.
const LINES_SHOWN: usize = 5;

/// Counts reasons as rows are checked; [`Tally::sorted`] gives them most
/// frequent first (ties by reason).
#[derive(Debug, Default)]
struct Tally(std::collections::HashMap<String, (u64, Vec<u64>)>);

impl Tally {
    fn add(&mut self, rej: &Rejection, line: u64) {
        self.add_many(rej, 1, line);
    }

    /// `n` rows with this reason, the first of them at `line`.
    fn add_many(&mut self, rej: &Rejection, n: u64, line: u64) {
        let reason = rej.reason.split(';').next().unwrap_or("");
        let key = match rej.column.is_empty() {
            true => reason.to_string(),
            false => format!("{}: {reason}", rej.column),
        };
        let entry = self.0.entry(key).or_default();
        entry.0 += n;
        if entry.1.len() < LINES_SHOWN {
            entry.1.push(line);
            entry.1.sort_unstable();
        }
    }

    fn sorted(self) -> Vec<ReasonCount> {
        let mut out: Vec<ReasonCount> = self
            .0
            .into_iter()
            .map(|(reason, (count, lines))| ReasonCount {
                reason,
                count,
                lines,
            })
            .collect();
        out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.reason.cmp(&b.reason)));
        out
    }
}

/// The reasons rows were rejected, per source file, most frequent first,
/// from the quarantine's counts (`lake::quarantine::rejected_reasons`:
/// source, column, reason, count, first_line).
pub fn reasons_in(counts: &DataFrame) -> Result<Vec<(String, ReasonCount)>> {
    let text = |c: &str| -> Result<Vec<String>> {
        Ok(counts
            .column(c)?
            .str()?
            .iter()
            .map(|v| v.unwrap_or_default().to_string())
            .collect())
    };
    let (sources, columns, reasons) = (text("source")?, text("column")?, text("reason")?);
    let number = |c: &str| -> Result<Vec<u64>> {
        let values = counts.column(c)?.cast(&DataType::Int64)?;
        Ok(values
            .i64()?
            .iter()
            .map(|v| v.unwrap_or(0).max(0) as u64)
            .collect())
    };
    let (n, first) = (number("count")?, number("first_line")?);
    let mut by_source: BTreeMap<String, Tally> = BTreeMap::new();
    for i in 0..counts.height() {
        let rej = Rejection {
            column: columns[i].clone(),
            value: String::new(),
            reason: reasons[i].clone(),
        };
        by_source
            .entry(sources[i].clone())
            .or_default()
            .add_many(&rej, n[i], first[i]);
    }
    let mut all: Vec<(String, ReasonCount)> = by_source
        .into_iter()
        .flat_map(|(source, tally)| tally.sorted().into_iter().map(move |r| (source.clone(), r)))
        .collect();
    all.sort_by(|a, b| {
        b.1.count
            .cmp(&a.1.count)
            .then_with(|| (&a.0, &a.1.reason).cmp(&(&b.0, &b.1.reason)))
    });
    Ok(all)
}

/// Reasons for the console: the `max` most frequent with their first lines,
/// and how many other reasons there are.
pub fn write_reasons(
    f: &mut impl std::fmt::Write,
    reasons: &[ReasonCount],
    unit: &str,
    what: &str,
    max: usize,
) -> std::fmt::Result {
    for r in reasons.iter().take(max) {
        let lines: Vec<String> = r.lines.iter().map(u64::to_string).collect();
        let more = match r.count as usize > r.lines.len() {
            true => ", …",
            false => "",
        };
        let unit = match r.lines.len() {
            1 => unit.to_string(),
            _ => format!("{unit}s"),
        };
        write!(
            f,
            "\n    {} × {}{what} ({unit} {}{more})",
            r.count,
            r.reason,
            lines.join(", ")
        )?;
    }
    if reasons.len() > max {
        write!(
            f,
            "\n    … and {} other reason(s); see the quarantine (`ovop sql \"SELECT * FROM rejected\"`)",
            reasons.len() - max
        )?;
    }
    Ok(())
}

impl std::fmt::Display for BatchReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.outcome {
            Outcome::Unchanged => "already in the lake (same sha256), nothing to do",
            Outcome::Ingested => "ingested",
            Outcome::Validated => "checked",
        };
        write!(
            f,
            "{:<11} {}: {what}; read {}, accepted {}, rejected {}",
            self.dataset.name(),
            self.source.display(),
            self.rows_read,
            self.rows_accepted,
            self.rows_rejected
        )?;
        write_reasons(f, &self.reasons, self.unit, "", 5)?;
        if !self.dropped.is_empty() {
            let cells: u64 = self.dropped.iter().map(|r| r.count).sum();
            write!(f, "\n    warning: {cells} cell(s) of optional columns left empty (value not recognised; rows kept):")?;
            write_reasons(f, &self.dropped, self.unit, "", 5)?;
        }
        for w in &self.warnings {
            write!(f, "\n    warning: {w}")?;
        }
        Ok(())
    }
}

/// Ingests files into the lake, one batch each, holding the writer lock.
pub fn ingest(
    lake: &Lake,
    dataset: Dataset,
    files: &[PathBuf],
    opts: &IngestOptions,
) -> Result<Vec<BatchReport>> {
    let lock = lake.lock()?;
    let mut reports = Vec::new();
    for file in files {
        let mut manifest = lake.manifest()?;
        reports.push(ingest_file(
            lake,
            &lock,
            &mut manifest,
            dataset,
            file,
            opts,
        )?);
    }
    Ok(reports)
}

/// Checks files without changing anything. Product ids are checked against
/// `lake` when one is given.
pub fn validate(
    lake: Option<&Lake>,
    dataset: Dataset,
    files: &[PathBuf],
    opts: &IngestOptions,
) -> Result<Vec<BatchReport>> {
    let manifest = match lake {
        Some(l) => l.manifest()?,
        None => Manifest::default(),
    };
    files
        .iter()
        .map(|file| {
            read::check_regular_file(file)?;
            let mut ctx = row_context(lake, &manifest, dataset, opts)?;
            std::thread::scope(|scope| {
                let sha = PendingSha::start(scope, file);
                match process(file, dataset, &mut ctx, opts, None, sha, &|_| false)? {
                    Processed::Done(report) => Ok(report),
                    Processed::AlreadyIn(_) => unreachable!("validation never stops early"),
                }
            })
        })
        .collect()
}

/// Removes the batches of `dataset` whose source is not in `keep`; used by
/// `ovop run` so the run's lake mirrors the study's inputs.
pub fn drop_other_batches(
    lake: &Lake,
    lock: &LakeLock,
    dataset: Dataset,
    keep: &[String],
) -> Result<usize> {
    let mut manifest = lake.manifest()?;
    let keep: HashSet<&String> = keep.iter().collect();
    let before = manifest.batches.len();
    manifest
        .batches
        .retain(|b| b.dataset != dataset.name() || keep.contains(&b.source));
    let dropped = before - manifest.batches.len();
    if dropped > 0 {
        lake.commit(&manifest, lock)?;
        lake.remove_unlisted(&manifest, lock)?;
    }
    Ok(dropped)
}

pub fn ingest_file(
    lake: &Lake,
    lock: &LakeLock,
    manifest: &mut Manifest,
    dataset: Dataset,
    file: &Path,
    opts: &IngestOptions,
) -> Result<BatchReport> {
    // Before hashing: a device such as /dev/zero would never end.
    read::check_regular_file(file)?;
    let source = source_name(file, opts.sheet.as_deref());
    let unchanged = |id: &str| -> Option<BatchReport> {
        let existing = manifest.batches.iter().find(|b| b.id == id)?;
        (!opts.replace).then(|| BatchReport {
            dataset,
            source: file.to_path_buf(),
            batch_id: id.to_string(),
            sha256: existing.sha256.clone(),
            rows_read: existing.rows_read,
            rows_accepted: existing.rows_accepted,
            rows_rejected: existing.rows_rejected,
            outcome: Outcome::Unchanged,
            unit: "line",
            reasons: Vec::new(),
            dropped: Vec::new(),
            warnings: Vec::new(),
        })
    };
    // The new batch replaces one with the same id, or an older version of the same source.
    let replaced = |b: &BatchEntry, id: Option<&str>| {
        b.dataset == dataset.name() && (Some(b.id.as_str()) == id || b.source == source)
    };
    // Datasets with unique keys (small) are hashed first: the batch they
    // replace decides which keys count as already seen. Others are hashed on
    // a thread of their own while the rows are checked.
    let known_sha = match dataset.has_unique_key() {
        true => Some(sha256_file(file)?),
        false => None,
    };
    let known_id = known_sha
        .as_deref()
        .map(|sha| batch_id(dataset, sha, opts.sheet.as_deref()));
    if let Some(report) = known_id.as_deref().and_then(unchanged) {
        return Ok(report);
    }
    let mut context = manifest.clone();
    context
        .batches
        .retain(|b| !replaced(b, known_id.as_deref()));
    let mut ctx = row_context(Some(lake), &context, dataset, opts)?;
    let staging = lake.staging(&format!("pending-{}", dataset.name()), lock)?;
    let processed = std::thread::scope(|scope| {
        let sha = match known_sha {
            Some(sha) => PendingSha::known(sha),
            None => PendingSha::start(scope, file),
        };
        let is_unchanged = |id: &str| unchanged(id).is_some();
        process(
            file,
            dataset,
            &mut ctx,
            opts,
            Some(&staging),
            sha,
            &is_unchanged,
        )
    });
    let report = match processed {
        Ok(Processed::Done(report)) => match unchanged(&report.batch_id) {
            None => report,
            Some(same) => {
                std::fs::remove_dir_all(&staging).ok();
                return Ok(same);
            }
        },
        Ok(Processed::AlreadyIn(id)) => {
            std::fs::remove_dir_all(&staging).ok();
            return unchanged(&id)
                .ok_or_else(|| anyhow::anyhow!("{}: ingest stopped early", file.display()));
        }
        Err(e) => {
            // A file-level error leaves nothing behind, not even its staging folder.
            std::fs::remove_dir_all(&staging).ok();
            return Err(e);
        }
    };
    let id = report.batch_id.clone();
    let mut without_replaced = manifest.clone();
    without_replaced.batches.retain(|b| !replaced(b, Some(&id)));
    let files = lake.publish(&staging, lock)?;
    crate::fault::point("publish");
    without_replaced.batches.push(BatchEntry {
        id: id.clone(),
        dataset: dataset.name().into(),
        source,
        sha256: report.sha256.clone(),
        rows_read: report.rows_read,
        rows_accepted: report.rows_accepted,
        rows_rejected: report.rows_rejected,
        schema_version: manifest::SCHEMA_VERSION,
        ingested_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        files,
    });
    lake.commit(&without_replaced, lock)?;
    lake.remove_unlisted(&without_replaced, lock)?;
    *manifest = without_replaced;
    Ok(report)
}

fn row_context(
    lake: Option<&Lake>,
    manifest: &Manifest,
    dataset: Dataset,
    opts: &IngestOptions,
) -> Result<RowContext> {
    let read_keys = |ds: Dataset, column: &str| -> Result<Option<Vec<String>>> {
        let Some(lake) = lake else { return Ok(None) };
        let Some(lf) = parquet::scan_dataset(lake, manifest, ds.name())? else {
            return Ok(None);
        };
        let df = lf.select([col(column)]).collect()?;
        Ok(Some(
            df.column(column)?
                .str()?
                .iter()
                .flatten()
                .map(String::from)
                .collect(),
        ))
    };
    let known_products = match dataset {
        Dataset::Sales | Dataset::Assessments => {
            match read_keys(Dataset::Products, "product_id")? {
                Some(ids) => Some(ids.into_iter().collect()),
                None if lake.is_some() => {
                    return Err(bad_input!(
                        "the lake has no products yet: ingest the products dataset before {}",
                        dataset.name()
                    ))
                }
                None => None,
            }
        }
        _ => None,
    };
    let key_column = match dataset {
        Dataset::Products => Some("product_id"),
        Dataset::Villages => Some("village_code"),
        _ => None,
    };
    let seen_keys: crate::FastMap<String, u64> = match key_column {
        Some(column) => read_keys(dataset, column)?
            .unwrap_or_default()
            .into_iter()
            .map(|k| (k, 0))
            .collect(),
        None => Default::default(),
    };
    Ok(RowContext {
        dataset,
        mapping: Vec::new(),
        marks: Vec::new(),
        allow_unknown_codes: opts.allow_unknown_codes,
        known_products,
        seen_keys,
        // "In the future" is after tomorrow in UTC: the same on every machine
        // whatever its time zone (issue 11), and no time zone is ahead by more.
        today: chrono::Utc::now().date_naive() + chrono::Days::new(1),
        score_range: (1.0, 5.0),
        location: String::new(),
    })
}

/// How [`process`] ended.
enum Processed {
    Done(BatchReport),
    /// Stopped early: the file's hash names this batch, already in the lake.
    AlreadyIn(String),
}

/// Reads one file through the row rules; writes into `staging` when given.
/// `is_unchanged(batch id)` says whether the lake already has the batch:
/// checked as soon as the hash is ready, to stop early.
fn process(
    file: &Path,
    dataset: Dataset,
    ctx: &mut RowContext,
    opts: &IngestOptions,
    staging: Option<&Path>,
    sha: PendingSha,
    is_unchanged: &dyn Fn(&str) -> bool,
) -> Result<Processed> {
    let source = read::Source::open(file, opts.sheet.as_deref())?;
    let headers = source.headers().to_vec();
    let header_at = match source {
        read::Source::Csv(_) => format!("{}, line 1", source.label(file)),
        _ => format!("{}, header row", source.label(file)),
    };
    let (mapping, unknown) =
        contract::match_headers(dataset, &headers).map_err(|e| bad_input!("{header_at}: {e}"))?;
    check_required(&header_at, dataset, &headers, &mapping)?;
    let mut warnings = Vec::new();
    if !unknown.is_empty() {
        let msg = format!(
            "columns not in the {} contract, ignored: {}",
            dataset.name(),
            unknown.join(", ")
        );
        if opts.strict {
            return Err(bad_input!(
                "{}: {msg} (drop them or run without --strict)",
                file.display()
            ));
        }
        warnings.push(msg);
    }
    ctx.marks = decide_marks(file, dataset, &headers, &mapping, opts)?;
    ctx.mapping = mapping;

    let columns = rows::lake_columns(dataset);
    let mut out = Output::new(dataset, opts.sheet.as_deref(), sha, staging, &columns);
    let mut already_in = None;
    let file_label = source.label(file);
    ctx.location = format!("{file_label} {}", source.unit());
    let (mut read, mut accepted, mut rejected) = (0u64, 0u64, 0u64);
    let (mut reasons, mut dropped) = (Tally::default(), Tally::default());
    let mut suspicious: Vec<u64> = Vec::new();
    let unit = source.unit();
    let bar = progress_bar(opts.progress, &source, file);
    let check = RecordCheck {
        header_len: headers.len(),
        delimiter: match &source {
            read::Source::Csv(csv) => Some(csv.delimiter),
            _ => None,
        },
        file_label: &file_label,
        keep_rows: staging.is_some(),
        columns: &columns,
    };
    // Rows are checked on every core, except where a key must be unique: the
    // first of two equal keys wins, so those rows are checked in file order.
    let workers = if dataset.has_unique_key() {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 8))
    };
    let mut clones: Vec<RowContext> = (1..workers).map(|_| ctx.clone()).collect();
    let contexts: Vec<&mut RowContext> = std::iter::once(&mut *ctx).chain(&mut clones).collect();
    std::thread::scope(|scope| -> Result<()> {
        // A reader thread decodes the file into numbered batches of records;
        // workers check them; this thread puts the results back in file order
        // and writes them, so the lake is the same whatever the thread timing.
        let (to_workers, from_reader) =
            std::sync::mpsc::sync_channel::<(usize, Result<Vec<read::Record>>)>(workers + 2);
        let (to_writer, from_workers) =
            std::sync::mpsc::sync_channel::<(usize, Result<Checked>)>(workers + 2);
        // Permits bound the batches in flight (read, being checked, or
        // waiting for an earlier one to be written): a slow batch cannot make
        // the others pile up in memory.
        let in_flight = 2 * workers + 2;
        let (permit_back, permits) = std::sync::mpsc::sync_channel::<()>(in_flight);
        for _ in 0..in_flight {
            permit_back.send(()).expect("room for every permit");
        }
        let bar = &bar;
        scope.spawn(move || {
            let mut source = source;
            for seq in 0.. {
                if permits.recv().is_err() {
                    return; // the writer stopped
                }
                let mut batch = Vec::with_capacity(READ_BATCH);
                let mut end = false;
                let mut bytes = 0;
                while batch.len() < READ_BATCH && bytes < READ_BATCH_BYTES {
                    match source.next_record(file) {
                        Ok(Some(record)) => {
                            bytes += record.weight();
                            batch.push(record);
                        }
                        Ok(None) => {
                            end = true;
                            break;
                        }
                        Err(e) => {
                            to_workers.send((seq, Err(e))).ok();
                            return;
                        }
                    }
                }
                bar.set_position(source.progress(file).0);
                // A closed channel means the writer stopped on an error.
                if to_workers.send((seq, Ok(batch))).is_err() || end {
                    return;
                }
            }
        });
        let from_reader = std::sync::Arc::new(std::sync::Mutex::new(from_reader));
        for ctx in contexts {
            let (from_reader, to_writer, check) = (from_reader.clone(), to_writer.clone(), &check);
            scope.spawn(move || loop {
                let next = match from_reader.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return, // another worker panicked
                };
                let Ok((seq, batch)) = next else { return };
                let checked = batch.and_then(|records| check.batch(ctx, records));
                if to_writer.send((seq, checked)).is_err() {
                    return;
                }
            });
        }
        drop(to_writer);
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        let mut hash_checked = false;
        for (seq, checked) in from_workers {
            if !hash_checked {
                if let Some(id) = out.batch_id_if_ready()? {
                    hash_checked = true;
                    if is_unchanged(&id) {
                        already_in = Some(id);
                        break; // the reader and workers stop when their channels close
                    }
                }
            }
            waiting.insert(seq, checked);
            while let Some(checked) = waiting.remove(&next) {
                next += 1;
                permit_back.send(()).ok();
                let checked = checked?;
                read += checked.read;
                crate::fault::after_rows(read);
                accepted += checked.accepted;
                for (year, frame) in checked.frames {
                    out.push_frame(year, frame)?;
                }
                rejected += checked.rejections.len() as u64;
                for (line, rej) in checked.rejections {
                    reasons.add(&rej, line);
                    out.push_rejection(&file_label, line, rej, Action::RowRejected)?;
                }
                for (line, rej) in checked.dropped {
                    dropped.add(&rej, line);
                    out.push_rejection(&file_label, line, rej, Action::ValueDropped)?;
                }
                suspicious.extend(checked.suspicious);
            }
        }
        Ok(())
    })?;
    bar.finish_and_clear();
    if let Some(id) = already_in {
        return Ok(Processed::AlreadyIn(id));
    }
    if read == 0 {
        return Err(bad_input!(
            "{}: the file has a header row but no data rows",
            file.display()
        ));
    }
    if !suspicious.is_empty() {
        let lines: Vec<String> = suspicious
            .iter()
            .take(LINES_SHOWN)
            .map(u64::to_string)
            .collect();
        warnings.push(format!(
            "{} row(s) hold a quoted field with lines that look like rows (line(s) {}{}): check the quotes there; if one is misplaced, rows were joined",
            suspicious.len(),
            lines.join(", "),
            if suspicious.len() > LINES_SHOWN { ", …" } else { "" }
        ));
    }
    let (batch_id, sha256) = out.finish()?;
    debug_assert_eq!(read, accepted + rejected);
    Ok(Processed::Done(BatchReport {
        dataset,
        source: file.to_path_buf(),
        batch_id,
        sha256,
        rows_read: read,
        rows_accepted: accepted,
        rows_rejected: rejected,
        outcome: if staging.is_some() {
            Outcome::Ingested
        } else {
            Outcome::Validated
        },
        unit,
        reasons: reasons.sorted(),
        dropped: dropped.sorted(),
        warnings,
    }))
}

/// One batch of records after the row checks.
struct Checked {
    read: u64,
    accepted: u64,
    /// Accepted rows per year partition (None: not partitioned), in file order.
    frames: Vec<(Option<i32>, DataFrame)>,
    /// (line, why) per rejected row, in file order.
    rejections: Vec<(u64, Rejection)>,
    /// (line, why) per cell left empty in an accepted row.
    dropped: Vec<(u64, Rejection)>,
    /// Lines of records whose quoted fields hold what look like rows.
    suspicious: Vec<u64>,
}

/// What every worker needs to check a batch of records.
struct RecordCheck<'a> {
    header_len: usize,
    /// The CSV separator; None for sheets and Parquet.
    delimiter: Option<u8>,
    file_label: &'a str,
    /// false for `ovop validate`: rows are checked, not kept.
    keep_rows: bool,
    columns: &'a [(&'static str, ColType)],
}

impl RecordCheck<'_> {
    fn batch(&self, ctx: &mut RowContext, records: Vec<read::Record>) -> Result<Checked> {
        let header_len = self.header_len;
        let mut tables: BTreeMap<Option<i32>, TableBuf> = BTreeMap::new();
        let mut checked = Checked {
            read: records.len() as u64,
            accepted: 0,
            frames: Vec::new(),
            rejections: Vec::new(),
            dropped: Vec::new(),
            suspicious: Vec::new(),
        };
        for record in records {
            let short_and_split = self.delimiter.is_some()
                && record.fields.len() < header_len
                && record.fields.iter().any(|f| f.contains(['\n', '\r']));
            if short_and_split {
                return Err(bad_input!(
                    "{}, line {}: a quote opened in this row is never closed, so the lines after it were read as one field; close the quote (write a literal quote as \"\") and ingest again",
                    self.file_label,
                    record.line
                ));
            }
            if self
                .delimiter
                .is_some_and(|d| holds_rows(&record, header_len, d))
            {
                checked.suspicious.push(record.line);
            }
            let result = if record.fields.len() > header_len
                && record.fields[header_len..]
                    .iter()
                    .any(|f| !f.trim().is_empty())
            {
                Err(Rejection {
                    column: String::new(),
                    value: record.fields[header_len..].join(","),
                    reason: format!(
                        "row has {} fields but the header has {header_len}",
                        record.fields.len()
                    ),
                })
            } else {
                ctx.parse(&record)
            };
            match result {
                Ok(parsed) => {
                    checked.accepted += 1;
                    checked.dropped.extend(
                        parsed
                            .dropped
                            .into_iter()
                            .map(|d| (record.line, d.shortened())),
                    );
                    if self.keep_rows {
                        tables
                            .entry(parsed.year)
                            .or_insert_with(|| TableBuf::new(self.columns))
                            .push(parsed.values);
                    }
                }
                Err(rej) => checked.rejections.push((record.line, rej.shortened())),
            }
        }
        for (year, mut table) in tables {
            checked.frames.push((year, table.take_frame()?));
        }
        Ok(checked)
    }
}

/// A CSV record with a quoted field that holds two or more lines that look
/// like rows (as many separators as the header needs): a misplaced quote may
/// have joined rows, or it is a long quoted note. Not an error (a quoted
/// address over lines is data); the batch says which lines to look at. A
/// quote that never closes at all is an error of the CSV reader.
fn holds_rows(record: &read::Record, header_len: usize, delimiter: u8) -> bool {
    let multiline = |f: &read::Field| f.contains(['\n', '\r']);
    let needed = header_len.saturating_sub(1).max(1);
    record.fields.iter().filter(|f| multiline(f)).any(|f| {
        f.split(['\n', '\r'])
            .skip(1)
            .filter(|line| line.bytes().filter(|b| *b == delimiter).count() >= needed)
            .nth(1)
            .is_some()
    })
}

/// A progress bar on stderr; indicatif hides it when stderr is not a terminal.
fn progress_bar(show: bool, source: &read::Source, file: &Path) -> indicatif::ProgressBar {
    let (_, total) = source.progress(file);
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr(),
    );
    let template = match source {
        read::Source::Csv(_) => "{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})",
        _ => "{msg} [{bar:30}] {pos}/{len} rows ({eta})",
    };
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(
        file.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    bar
}

fn check_required(
    file: &str,
    dataset: Dataset,
    headers: &[String],
    mapping: &[Option<usize>],
) -> Result<()> {
    let missing: Vec<String> = contract::columns(dataset)
        .iter()
        .zip(mapping)
        .filter(|(spec, found)| spec.required && found.is_none())
        .map(|(spec, _)| {
            if spec.aliases.is_empty() {
                spec.name.to_string()
            } else {
                format!("{} (or {})", spec.name, spec.aliases.join(", "))
            }
        })
        .collect();
    let date_missing = dataset == Dataset::Sales
        && mapping[1].is_none()
        && (mapping[2].is_none() || mapping[3].is_none());
    if missing.is_empty() && !date_missing {
        return Ok(());
    }
    let mut what = missing;
    if date_missing {
        what.push("date (or tanggal), or both year and month".into());
    }
    Err(bad_input!(
        "{}: the {} file lacks required column(s): {}. The header row has: {}. Rename or add the column(s); see docs/data-contracts.md",
        file,
        dataset.name(),
        what.join("; "),
        headers.join(", ")
    ))
}

/// Decides each number column's decimal mark from the first rows when the
/// study did not fix it. A column whose values all read either way is an
/// error that shows examples, unless its header gives the unit as rupiah
/// (`Harga (Rp)`): rupiah are whole amounts, so the one separator its values
/// use (`15.000` or `15,000`) groups thousands. A column that mixes both
/// marks is an error too. Spreadsheet number cells do not vote: they are
/// numbers, not text.
fn decide_marks(
    file: &Path,
    dataset: Dataset,
    headers: &[String],
    mapping: &[Option<usize>],
    opts: &IngestOptions,
) -> Result<Vec<Option<DecimalMark>>> {
    let specs = contract::columns(dataset);
    let numeric = |k: contract::Kind| {
        matches!(
            k,
            contract::Kind::NonNegative | contract::Kind::Number | contract::Kind::Degrees(_)
        )
    };
    if let Some(mark) = opts.decimal {
        return Ok(specs.iter().map(|_| Some(mark)).collect());
    }
    let mut votes = vec![MarkVotes::default(); specs.len()];
    let mut source = read::Source::open(file, opts.sheet.as_deref())?;
    let mut n = 0;
    while let Some(record) = source.next_record(file)? {
        n += 1;
        if n > 20_000 {
            break;
        }
        for (i, spec) in specs.iter().enumerate() {
            let Some(j) = mapping[i] else { continue };
            let Some(raw) = record.fields.get(j) else {
                continue;
            };
            if !numeric(spec.kind)
                || record.is_native(j)
                || raw.trim().is_empty()
                || raw.trim_start().to_lowercase().starts_with("rp")
            {
                continue;
            }
            let (comma, point) = (
                parse::parse_number(raw, Some(DecimalMark::Comma)).is_ok(),
                parse::parse_number(raw, Some(DecimalMark::Point)).is_ok(),
            );
            let vote = &mut votes[i];
            match parse::parse_number(raw, None) {
                Err(parse::NumberError::Ambiguous) => {
                    match raw.contains(',') {
                        true => vote.ambiguous_commas += 1,
                        false => vote.ambiguous_dots += 1,
                    }
                    if vote.examples.len() < 3 {
                        vote.examples.push(raw.trim().to_string());
                    }
                }
                Ok(_) if raw.contains(',') || raw.matches('.').count() > 1 => {
                    // The value proves a mark only when it reads one way alone.
                    if comma && !point {
                        vote.comma += 1;
                    } else if point && !comma {
                        vote.point += 1;
                    }
                }
                _ => {}
            }
        }
    }
    let rupiah = |i: usize| {
        mapping[i]
            .and_then(|j| headers.get(j))
            .and_then(|h| contract::header_unit(h))
            .is_some_and(|u| contract::is_rupiah_unit(&u))
    };
    specs
        .iter()
        .zip(votes)
        .enumerate()
        .map(|(i, (spec, v))| match (v.comma, v.point) {
            (c, p) if c > 0 && p > 0 => Err(bad_input!(
                "{}: column {} mixes decimal marks ({c} values use ',' and {p} use '.'); make them consistent or set decimal in the study",
                file.display(),
                spec.name
            )),
            (c, _) if c > 0 => Ok(Some(DecimalMark::Comma)),
            (_, p) if p > 0 => Ok(Some(DecimalMark::Point)),
            _ if rupiah(i) && v.ambiguous_dots > 0 && v.ambiguous_commas == 0 => {
                Ok(Some(DecimalMark::Comma))
            }
            _ if rupiah(i) && v.ambiguous_commas > 0 && v.ambiguous_dots == 0 => {
                Ok(Some(DecimalMark::Point))
            }
            _ if !v.examples.is_empty() => Err(bad_input!(
                "{}: column {} is ambiguous: values such as {} read as thousands with ',' or '.' as the decimal mark. Set decimal = \"comma\" (1.234,5) or \"point\" (1,234.5) in the study, or `--decimal` on the command line",
                file.display(),
                spec.name,
                v.examples.join(", ")
            )),
            _ => Ok(None),
        })
        .collect()
}

/// What a column's first values say about its decimal mark.
#[derive(Debug, Clone, Default)]
struct MarkVotes {
    /// Values that read only with `,` (or only with `.`) as the decimal mark.
    comma: u64,
    point: u64,
    /// Values that read either way, by the separator they use.
    ambiguous_dots: u64,
    ambiguous_commas: u64,
    examples: Vec<String>,
}

/// Where a batch's rows go: part files (per year for sales) and the quarantine.
/// Files are staged under a placeholder name and renamed to the batch id
/// (which comes from the file's hash) once the hash is done.
struct Output<'a> {
    dataset: Dataset,
    sheet: Option<String>,
    sha: PendingSha,
    staging: Option<&'a Path>,
    columns: Vec<(&'static str, ColType)>,
    buffers: BTreeMap<Option<i32>, Vec<DataFrame>>,
    writers: BTreeMap<Option<i32>, parquet::StreamWriter>,
    quarantine: TableBuf,
    quarantine_writer: Option<parquet::StreamWriter>,
    buffered: usize,
    buffered_bytes: usize,
    quarantine_bytes: usize,
}

/// Placeholder for the batch id in staged file names.
const PENDING: &str = "pending";

/// Quarantine columns after `batch` (the batch id, added when written).
const QUARANTINE_COLUMNS: [(&str, ColType); 6] = [
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
    fn new(
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
    fn batch_id_if_ready(&mut self) -> Result<Option<String>> {
        let (dataset, sheet) = (self.dataset, self.sheet.as_deref());
        Ok(self.sha.poll()?.map(|sha| batch_id(dataset, sha, sheet)))
    }

    /// The batch id, waiting for the hash.
    fn batch_id(&mut self) -> Result<String> {
        let sha = self.sha.wait()?;
        Ok(batch_id(self.dataset, sha, self.sheet.as_deref()))
    }

    fn push_frame(&mut self, year: Option<i32>, frame: DataFrame) -> Result<()> {
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

    fn push_rejection(
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

    fn data_path(&self, year: Option<i32>) -> PathBuf {
        let staging = self.staging.expect("only called when writing");
        let mut dir = staging.join(self.dataset.name());
        if let Some(y) = year {
            dir = dir.join(format!("year={y}"));
        }
        dir.join(format!("part-{PENDING}.parquet"))
    }

    fn quarantine_path(&self) -> PathBuf {
        let staging = self.staging.expect("only called when writing");
        staging
            .join("_quarantine")
            .join(self.dataset.name())
            .join(format!("{PENDING}.parquet"))
    }

    /// Writes the buffered frames of each year as one row group.
    fn flush(&mut self) -> Result<()> {
        for (year, frames) in std::mem::take(&mut self.buffers) {
            let mut frames = frames.into_iter();
            let Some(mut df) = frames.next() else {
                continue;
            };
            for frame in frames {
                df.vstack_mut_owned(frame)?;
            }
            df.rechunk_mut();
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

    fn flush_quarantine(&mut self) -> Result<()> {
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
    fn finish(mut self) -> Result<(String, String)> {
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

/// A file's sha256, computed on a thread of its own while the rows are
/// checked. Dropped before it is done, it stops the hashing.
struct PendingSha {
    result: Option<std::sync::mpsc::Receiver<Result<String>>>,
    sha: Option<String>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl PendingSha {
    fn start<'scope>(scope: &'scope std::thread::Scope<'scope, '_>, file: &'scope Path) -> Self {
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

    fn known(sha: String) -> Self {
        PendingSha {
            result: None,
            sha: Some(sha),
            stop: Default::default(),
        }
    }

    /// The hash if it is done.
    fn poll(&mut self) -> Result<Option<&str>> {
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
    fn wait(&mut self) -> Result<&str> {
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
fn sha256_until(path: &Path, stop: &std::sync::atomic::AtomicBool) -> Result<String> {
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
