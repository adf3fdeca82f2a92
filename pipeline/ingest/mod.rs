//! Ingestion (SPEC §3–§4): read a file, normalise and check every value, write
//! accepted rows to the lake and rejected rows to the quarantine, and account
//! for every row: read = accepted + rejected. One file is one batch.

pub mod contract;
pub mod parse;
pub mod read;
pub mod rows;
pub mod table;

mod batch;
mod checks;
mod output;
mod report;

pub use batch::*;
use checks::*;
pub use output::*;
pub use report::*;

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
    /// The study's own economy sectors (`economy.sector_list`) instead of BPS's 17.
    pub sectors: Option<Vec<String>>,
    /// The data is synthetic (the study's provenance, or `--synthetic`); a
    /// file that `ovop generate` wrote is synthetic whatever this says.
    pub synthetic: bool,
}

impl IngestOptions {
    /// What names a batch besides its file's sha256: the sheet read and, for
    /// economy files, the study's own sector list (another list accepts
    /// other rows, so the file is checked again when the list changes).
    pub fn variant(&self, dataset: Dataset) -> Option<String> {
        match (&self.sectors, dataset) {
            (Some(list), Dataset::Economy) => Some(format!(
                "{}|sectors={}",
                self.sheet.as_deref().unwrap_or(""),
                list.join(",")
            )),
            _ => self.sheet.clone(),
        }
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
        lake.sync(&manifest, lock)?;
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
        .map(|sha| batch_id(dataset, sha, opts.variant(dataset).as_deref()));
    let synthetic = opts.synthetic || batch::generated_by_ovop(file);
    if let Some(report) = known_id.as_deref().and_then(unchanged) {
        return relabel(lake, lock, manifest, report, synthetic);
    }
    let mut context = manifest.clone();
    context
        .batches
        .retain(|b| !replaced(b, known_id.as_deref()));
    let mut ctx = row_context(Some(lake), &context, dataset, opts)?;
    let staging = lake.staging(&format!("pending-{}", dataset.name()), lock)?;
    // The batch is written into `<staging>/<slot>/`, the folder it will have in the lake.
    let slot = crate::lake::slot(&source);
    let staged = staging.join(&slot);
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
            Some(&staged),
            sha,
            &is_unchanged,
        )
    });
    let report = match processed {
        Ok(Processed::Done(report)) => match unchanged(&report.batch_id) {
            None => report,
            Some(same) => {
                std::fs::remove_dir_all(&staging).ok();
                return relabel(lake, lock, manifest, same, synthetic);
            }
        },
        Ok(Processed::AlreadyIn(id)) => {
            std::fs::remove_dir_all(&staging).ok();
            let same = unchanged(&id)
                .ok_or_else(|| anyhow::anyhow!("{}: ingest stopped early", file.display()))?;
            return relabel(lake, lock, manifest, same, synthetic);
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
    let files = lake.stage(&staged, &slot, lock)?;
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
        synthetic,
    });
    // From the commit on the staged batch is the lake's: Ctrl-C must not remove it.
    crate::files::forget_temporary(&staging);
    lake.commit(&without_replaced, lock)?;
    crate::fault::point("commit");
    lake.sync(&without_replaced, lock)?;
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
        sectors: match dataset {
            Dataset::Economy => opts.sectors.clone(),
            _ => None,
        },
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
    let variant = opts.variant(dataset);
    let mut out = Output::new(dataset, variant.as_deref(), sha, staging, &columns);
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
    // Every row read is in the lake or the quarantine; checked in release builds too (the
    // tests run in release), once per batch.
    anyhow::ensure!(
        read == accepted + rejected,
        "internal: {read} rows read but {accepted} accepted and {rejected} rejected"
    );
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
