//! Running a study: where its outputs go and whose they are, the lake it
//! reads (its own, mirroring the study's inputs, or a shared one), and the
//! sync of that lake with the study's input files. Every command that runs
//! a study starts here; the commands only order the stages.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::Study;
use crate::bad_input;
use crate::console::Console;
use crate::domain::Dataset;
use crate::i18n::Lang;
use crate::ingest::{self, BatchReport, IngestOptions, Outcome};
use crate::lake::Lake;

/// The bundled demo, found from the working folder or from the source tree.
pub const DEMO_STUDY: &str = "notebooks-data/tuban/study.toml";

/// A resolved study with its output folder and lake.
pub struct StudyRun {
    pub study: Study,
    /// The study file as given.
    pub path: PathBuf,
    pub lang: Lang,
    pub out: PathBuf,
    pub lake: Lake,
    /// The lake is the run's own (`<out>/lake`), mirroring the study's inputs.
    pub own_lake: bool,
}

impl StudyRun {
    /// The study at `study` (the bundled demo when None), writing to `out`
    /// (default `reports/<study name>`), labelled in `lang` (default: the study's).
    pub fn open(study: Option<&Path>, out: Option<&Path>, lang: Option<Lang>) -> Result<StudyRun> {
        let path = match study {
            Some(p) => p.to_path_buf(),
            None => demo_study()?,
        };
        let study = Study::load(&path)?;
        let out = out
            .map(Path::to_path_buf)
            .unwrap_or_else(|| Path::new("reports").join(&study.study.name));
        let lake = match &study.study.lake {
            Some(l) => Lake::shared(study.resolve(l), &study.study.name),
            None => Lake::new(out.join("lake")),
        };
        let lang = lang.unwrap_or(study.study.lang);
        Ok(StudyRun {
            own_lake: study.study.lake.is_none(),
            study,
            path,
            lang,
            out,
            lake,
        })
    }
}

impl StudyRun {
    /// Claims the output folder (see [`check_out_dir`]), takes the lake's
    /// lock for the rest of the command, and removes what killed runs left:
    /// temporary files in the folders ovop writes.
    pub fn begin(&self, replace: bool) -> Result<crate::lake::LakeLock> {
        // Checked before the lock (which creates `<out>/lake`), so a foreign
        // folder gets nothing; checked again under it, where nothing can change.
        check_out_dir(self, replace)?;
        if !self.out.join(OUT_MARKER).exists() {
            // New or empty: mark it now, so the lake the lock creates inside
            // does not make it look like a user's folder.
            write_out_marker(self)?;
        }
        crate::interrupt::watch_lake(&self.lake.root);
        let lock = self.lake.lock()?;
        if check_out_dir(self, replace)? {
            remove_previous_outputs(self)?;
        }
        write_out_marker(self)?;
        for dir in [
            self.out.clone(),
            self.out.join("charts"),
            self.out.join("tables"),
            self.lake.root.clone(),
            self.lake.marts.clone(),
        ] {
            crate::lake::remove_stale_temporary(&dir, &lock)?;
        }
        Ok(lock)
    }
}

fn demo_study() -> Result<PathBuf> {
    let here = PathBuf::from(DEMO_STUDY);
    if here.exists() {
        return Ok(here);
    }
    let source_tree = Path::new(env!("CARGO_MANIFEST_DIR")).join(DEMO_STUDY);
    if source_tree.exists() {
        return Ok(source_tree);
    }
    Err(bad_input!("no study given and the bundled demo {DEMO_STUDY} is not here; run from the ovop repository or give a study file"))
}

/// Marker that says ovop wrote an output folder, and for which study, so it
/// may write there again for that study.
const OUT_MARKER: &str = ".ovop-output";

/// What the marker records.
#[derive(serde::Serialize, serde::Deserialize)]
struct OutMarker {
    note: String,
    study: String,
    study_file: String,
}

/// The study that wrote `out`, if the marker names one (markers written
/// before they named studies name none).
fn out_owner(out: &Path) -> Option<OutMarker> {
    let text = std::fs::read_to_string(out.join(OUT_MARKER)).ok()?;
    serde_json::from_str(&text).ok()
}

/// Refuses an output folder that another study wrote (unless `replace`).
fn check_out_owner(ctx: &StudyRun) -> Result<()> {
    match out_owner(&ctx.out) {
        Some(owner) if owner.study != ctx.study.study.name => Err(bad_input!(
            "{} holds the output of study {:?} ({}), not of {:?} ({}); choose another --out folder, or run with --replace to replace that output",
            ctx.out.display(),
            owner.study,
            owner.study_file,
            ctx.study.study.name,
            ctx.path.display()
        )),
        _ => Ok(()),
    }
}

/// The files a run writes at the top of its output folder, besides the
/// marker and those its `manifest.json` lists.
const OUT_FILES: [&str; 4] = [
    "manifest.json",
    "rejected.csv",
    "rejected.xlsx",
    "_summary.json",
];

/// Removes what another study's run wrote into `out`, and nothing else: the
/// outputs its `manifest.json` lists, the top-level files of [`OUT_FILES`],
/// and (in the run's own lake) its marts; then the folders left empty. The
/// lake's batches need no removal: the sync drops those the study does not
/// list. Files a user added stay.
fn remove_previous_outputs(ctx: &StudyRun) -> Result<()> {
    let out = &ctx.out;
    let mut files: Vec<PathBuf> = OUT_FILES.iter().map(|f| out.join(f)).collect();
    if let Ok(text) = std::fs::read_to_string(out.join("manifest.json")) {
        let manifest: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        for output in manifest["outputs"].as_array().into_iter().flatten() {
            let Some(rel) = output["path"].as_str() else {
                continue;
            };
            // Only plain relative paths inside the folder (the manifest is a file anyone can edit).
            let rel = Path::new(rel);
            if rel
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)))
            {
                files.push(out.join(rel));
            }
        }
    }
    if ctx.own_lake {
        let marts = ctx.lake.marts.clone();
        for entry in std::fs::read_dir(&marts).into_iter().flatten().flatten() {
            let path = entry.path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            if name.is_some_and(|n| {
                n.ends_with(".parquet")
                    || n == "_summary.json"
                    || n == super::super::marts::PROVENANCE
            }) {
                files.push(path);
            }
        }
    }
    for file in files {
        // A symlink is removed, never followed; nothing below a linked folder is touched.
        let linked = file
            .ancestors()
            .skip(1)
            .take_while(|a| *a != out.as_path())
            .any(|a| std::fs::symlink_metadata(a).is_ok_and(|m| m.file_type().is_symlink()));
        if !linked && std::fs::symlink_metadata(&file).is_ok_and(|m| !m.is_dir()) {
            std::fs::remove_file(&file)
                .with_context(|| format!("cannot remove {}", file.display()))?;
        }
    }
    for dir in ["charts", "tables"] {
        // Succeeds only when empty: a user's file keeps its folder.
        let _ = std::fs::remove_dir(out.join(dir));
    }
    Ok(())
}

/// The checks of the output folder, changing nothing: it is not a file, it
/// is new, empty or ovop's, its folders are not links, and it belongs to this
/// study. Returns whether another study's outputs must be replaced first
/// (only with `replace`).
fn check_out_dir(ctx: &StudyRun, replace: bool) -> Result<bool> {
    let out = &ctx.out;
    if out.is_file() {
        return Err(bad_input!(
            "--out {} is a file; give a folder",
            out.display()
        ));
    }
    if !out.exists() {
        return Ok(false);
    }
    let empty = std::fs::read_dir(out)
        .map_err(|e| crate::files::io_error(e, out))?
        .next()
        .is_none();
    if !empty && !out.join(OUT_MARKER).exists() {
        return Err(bad_input!(
            "{} exists and was not written by ovop; choose another --out folder so nothing of yours is overwritten",
            out.display()
        ));
    }
    for dir in ["charts", "tables", "lake", "lake/marts"] {
        crate::files::refuse_link(&out.join(dir))?;
    }
    match (check_out_owner(ctx), replace) {
        (Ok(()), _) => Ok(false),
        (Err(e), false) => Err(e),
        (Err(_), true) => Ok(true),
    }
}

/// Marks the output folder as this study's.
fn write_out_marker(ctx: &StudyRun) -> Result<()> {
    let out = &ctx.out;
    std::fs::create_dir_all(out).map_err(|e| crate::files::io_error(e, out))?;
    let marker = OutMarker {
        note: "This folder was written by ovop; ovop may overwrite files in it.".into(),
        study: ctx.study.study.name.clone(),
        study_file: ctx.path.display().to_string(),
    };
    crate::files::write_text_atomic(
        &out.join(OUT_MARKER),
        &serde_json::to_string_pretty(&marker)?,
    )
}

/// Most rows a `rejected` table lists; the lake's quarantine keeps them all.
pub const REJECTED_TABLE_ROWS: usize = 100_000;

/// The manifest of this study's batches: the whole manifest of the run's own
/// lake, the batches of the study's input files in a shared one.
pub fn study_manifest(ctx: &StudyRun) -> Result<crate::lake::Manifest> {
    let mut manifest = ctx.lake.manifest()?;
    if !ctx.own_lake {
        let mut sources = std::collections::HashSet::new();
        for dataset in Dataset::ALL {
            for (file, sheet) in expand_inputs(&ctx.study, dataset)? {
                sources.insert(ingest::source_name(&file, sheet.as_deref()));
            }
        }
        manifest.batches.retain(|b| sources.contains(&b.source));
    }
    Ok(manifest)
}

/// The quarantine of this study's batches, at most [`REJECTED_TABLE_ROWS`] rows.
pub fn study_quarantine(ctx: &StudyRun) -> Result<polars::prelude::DataFrame> {
    let manifest = study_manifest(ctx)?;
    crate::lake::quarantine::read(&ctx.lake, &manifest, REJECTED_TABLE_ROWS)
}

/// Stops the run (exit 2) when a dataset lost more of its rows than the
/// study accepts, naming the count, the most common reasons with their lines,
/// and where the rejected rows are.
pub fn check_rejections(
    ctx: &StudyRun,
    reports: &[BatchReport],
    rejected_table: &Path,
) -> Result<()> {
    let limit = ctx.study.inputs.max_rejected_share;
    let manifest = study_manifest(ctx)?;
    let mut failures = Vec::new();
    for dataset in Dataset::ALL {
        let of: Vec<&BatchReport> = reports.iter().filter(|r| r.dataset == dataset).collect();
        let read: u64 = of.iter().map(|r| r.rows_read).sum();
        let rejected: u64 = of.iter().map(|r| r.rows_rejected).sum();
        if read == 0 || rejected as f64 <= limit * read as f64 {
            continue;
        }
        let mut text = format!(
            "{}: {rejected} of {read} rows ({:.0} %) were rejected, more than inputs.max_rejected_share = {} allows; most common:",
            dataset.name(),
            100.0 * rejected as f64 / read as f64,
            limit
        );
        let counts =
            crate::lake::quarantine::rejected_reasons(&ctx.lake, &manifest, dataset.name())?;
        let reasons = ingest::reasons_in(&counts)?;
        use std::fmt::Write as _;
        for (source, reason) in reasons.iter().take(3) {
            let source = crate::files::relative_to(&ctx.study.dir, source);
            let lines: Vec<String> = reason.lines.iter().map(u64::to_string).collect();
            let _ = write!(
                text,
                "\n    {} × {} ({source}, {} {}{})",
                reason.count,
                reason.reason,
                match (source.contains('['), reason.lines.len() > 1) {
                    (true, true) => "rows",
                    (true, false) => "row",
                    (false, true) => "lines",
                    (false, false) => "line",
                },
                lines.join(", "),
                if reason.count as usize > reason.lines.len() {
                    ", …"
                } else {
                    ""
                }
            );
        }
        failures.push(text);
    }
    if failures.is_empty() {
        return Ok(());
    }
    Err(bad_input!(
        "{}\nEvery rejected row is listed in {}. Fix the input file(s) and run again, or raise inputs.max_rejected_share in {} to accept the loss.",
        failures.join("\n"),
        rejected_table.display(),
        ctx.path.display()
    ))
}

/// Syncs the run's lake with the study's inputs: same files are no-ops,
/// changed files replace their batch, dropped files leave the lake, and when
/// products change the datasets that depend on them are checked again.
pub fn ingest_study(
    ctx: &StudyRun,
    lock: &crate::lake::LakeLock,
    console: &Console,
) -> Result<Vec<BatchReport>> {
    let opts = IngestOptions {
        decimal: ctx.study.study.decimal,
        allow_unknown_codes: ctx.study.study.allow_unknown_codes,
        strict: false,
        replace: false,
        sheet: None,
        progress: !console.quiet,
        sectors: ctx.study.economy.sector_list.clone(),
        synthetic: false,
    };
    let mut upstream_changed = false;
    let (mut read, mut accepted, mut rejected) = (0, 0, 0);
    let mut reports = Vec::new();
    for dataset in Dataset::ALL {
        let files = expand_inputs(&ctx.study, dataset)?;
        // The run's own lake mirrors the study; a shared lake (study.lake) keeps its other batches.
        if ctx.own_lake {
            let sources: Vec<String> = files
                .iter()
                .map(|(f, sheet)| ingest::source_name(f, sheet.as_deref()))
                .collect();
            ingest::drop_other_batches(&ctx.lake, lock, dataset, &sources)?;
        }
        let opts = IngestOptions {
            replace: upstream_changed && dataset != Dataset::Products,
            synthetic: ctx.study.provenance(dataset).synthetic,
            ..opts.clone()
        };
        let mut changed = false;
        for (file, sheet) in &files {
            let mut manifest = ctx.lake.manifest()?;
            let opts = IngestOptions {
                sheet: sheet.clone(),
                ..opts.clone()
            };
            let report = ingest::ingest_file(&ctx.lake, lock, &mut manifest, dataset, file, &opts)?;
            changed |= report.outcome == Outcome::Ingested;
            read += report.rows_read;
            accepted += report.rows_accepted;
            rejected += report.rows_rejected;
            console.say(&report);
            reports.push(report);
        }
        if dataset == Dataset::Products || dataset == Dataset::Villages {
            upstream_changed |= changed;
        }
    }
    console.say(format!(
        "lake {}: read {read} rows, accepted {accepted}, rejected {rejected}",
        ctx.lake.root.display()
    ));
    Ok(reports)
}

/// The study's files for a dataset, globs expanded, resolved against the study folder.
/// A workbook entry may name its sheet: `"data.xlsx#Penjualan"`.
pub fn expand_inputs(study: &Study, dataset: Dataset) -> Result<Vec<(PathBuf, Option<String>)>> {
    let patterns = study.inputs.of(dataset);
    let mut files = Vec::new();
    for entry in patterns {
        let (pattern, sheet) = ingest::read::split_sheet(Path::new(entry));
        let pattern = pattern.to_string_lossy();
        let full = study.resolve(pattern.as_ref());
        let text = full.to_string_lossy();
        if text.contains(['*', '?', '[']) {
            let mut matched: Vec<PathBuf> = glob::glob(&text)
                .map_err(|e| bad_input!("inputs.{}: bad pattern {pattern:?}: {e}", dataset.name()))?
                .filter_map(Result::ok)
                .collect();
            if matched.is_empty() {
                return Err(bad_input!(
                    "inputs.{}: {pattern:?} matches no file in {}",
                    dataset.name(),
                    study.dir.display()
                ));
            }
            matched.sort();
            files.extend(matched.into_iter().map(|m| (m, sheet.clone())));
        } else if full.exists() {
            files.push((full, sheet));
        } else {
            return Err(bad_input!(
                "inputs.{}: {} does not exist (paths are relative to the study file)",
                dataset.name(),
                full.display()
            ));
        }
    }
    Ok(files)
}
