//! Runs each command: resolves the study and folders, then calls the stages
//! in data-flow order. Console output goes to stderr except the data a
//! command was asked for (the picks table of `run`).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::bad_input;
use crate::cli::{Cli, Command, IngestArgs, IngestFlags, RunArgs, StudyArgs, ValidateArgs};
use crate::i18n::Lang;
use crate::ingest::{self, BatchReport, Dataset, IngestOptions, Outcome};
use crate::lake::Lake;
use crate::report::tables::TableOptions;
use crate::study::Study;
use crate::{chart, marts, report};

/// The bundled demo, found from the working folder or from the source tree.
const DEMO_STUDY: &str = "notebooks-data/tuban/study.toml";

/// The lake `ovop sql` reads when given neither a lake nor a study: the demo's.
const DEFAULT_SQL_LAKE: &str = "reports/tuban-demo/lake";

struct Console {
    quiet: bool,
    verbose: bool,
}

impl Console {
    fn say(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("{msg}");
        }
    }

    /// Runs one stage; with `-v`, says how long it took.
    fn stage<T>(&self, name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let started = std::time::Instant::now();
        let out = f()?;
        if self.verbose && !self.quiet {
            eprintln!("  [{name}: {:.2} s]", started.elapsed().as_secs_f64());
        }
        Ok(out)
    }
}

pub fn dispatch(cli: Cli) -> Result<()> {
    let console = Console {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    crate::interrupt::install();
    match cli.command {
        Command::Run(args) => run(&args, cli.lang, &console),
        Command::Init { dir } => {
            for path in crate::init::init(&dir)? {
                console.say(format!("wrote {}", path.display()));
            }
            console.say(format!(
                "next: fill the templates, then `ovop run {}`",
                dir.join("study.toml").display()
            ));
            Ok(())
        }
        Command::Sql {
            query,
            lake,
            study,
            out,
        } => {
            let lake = match (lake, study) {
                (Some(lake), _) => Lake::new(lake),
                (None, Some(study)) => {
                    let args = StudyArgs {
                        study: Some(study),
                        out,
                    };
                    StudyRun::open(&args, cli.lang)?.lake
                }
                (None, None) => Lake::new(DEFAULT_SQL_LAKE),
            };
            crate::sql::run(&lake, &query, &mut std::io::stdout().lock())?;
            Ok(())
        }
        Command::Ingest(args) => ingest_command(&args, &console),
        Command::Validate(args) => validate_command(&args, cli.lang, &console),
        // The single stages claim the output folder and hold the lake's
        // lock like `run`: a report never reads marts another process is writing.
        Command::Score(args) => {
            let ctx = StudyRun::open(&args, cli.lang)?;
            let _lock = ctx.begin(false)?;
            let summary = marts::build_marts(&ctx.study, &ctx.lake)?;
            print_warnings(&ctx, &summary, &console);
            save_summary(&ctx, &summary)?;
            console.say(format!("marts written to {}", ctx.lake.marts.display()));
            Ok(())
        }
        Command::Charts(args) => {
            let ctx = StudyRun::open(&args, cli.lang)?;
            let _lock = ctx.begin(false)?;
            for path in draw_charts(&ctx, &load_summary(&ctx)?)? {
                console.say(format!("chart {}", path.display()));
            }
            Ok(())
        }
        Command::Report(args) => {
            let ctx = StudyRun::open(&args, cli.lang)?;
            let _lock = ctx.begin(false)?;
            for path in write_report(&ctx, &load_summary(&ctx)?)? {
                console.say(format!("report {}", path.display()));
            }
            Ok(())
        }
        Command::Ahp { matrix } => {
            let (names, a) = crate::ahp::read_matrix(&matrix)?;
            let r = crate::ahp::ahp(names, &a);
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            writeln!(out, "criterion,weight")?;
            for (c, w) in r.criteria.iter().zip(&r.weights) {
                writeln!(out, "{c},{w:.6}")?;
            }
            console.say(format!(
                "lambda_max = {:.4}, CI = {:.4}, CR = {:.4} ({})",
                r.lambda_max,
                r.ci,
                r.cr,
                if r.cr <= crate::ahp::MAX_CR {
                    "consistent: CR ≤ 0.10"
                } else {
                    "INCONSISTENT: CR > 0.10"
                }
            ));
            r.check_consistency(&matrix.display().to_string())
        }
        Command::Generate(args) => {
            let summary = crate::generate::run(&args)?;
            console.say(format!(
                "synthetic data (data sintetis) in {}: {} villages, {} products, {} sales rows, {} assessments",
                args.out.display(),
                summary.villages,
                summary.products,
                summary.sales,
                summary.assessments
            ));
            Ok(())
        }
    }
}

/// A resolved study with its output folder and lake.
struct StudyRun {
    study: Study,
    /// The study file as given.
    path: PathBuf,
    lang: Lang,
    out: PathBuf,
    lake: Lake,
    /// The lake is the run's own (`<out>/lake`), mirroring the study's inputs.
    own_lake: bool,
}

impl StudyRun {
    fn open(args: &StudyArgs, lang: Option<Lang>) -> Result<StudyRun> {
        let path = match &args.study {
            Some(p) => p.clone(),
            None => demo_study()?,
        };
        let study = Study::load(&path)?;
        let out = args
            .out
            .clone()
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
    fn begin(&self, replace: bool) -> Result<crate::lake::LakeLock> {
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
            if name.is_some_and(|n| n.ends_with(".parquet") || n == "_summary.json") {
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

fn run(args: &RunArgs, lang: Option<Lang>, console: &Console) -> Result<()> {
    let started = std::time::Instant::now();
    let ctx = StudyRun::open(&args.study, lang)?;
    let lock = ctx.begin(args.replace)?;
    console.say(format!(
        "study {} → {}",
        ctx.study.study.name,
        ctx.out.display()
    ));
    let reports = console.stage("ingest", || ingest_study(&ctx, &lock, console))?;
    let quarantine = study_quarantine(&ctx)?;
    let rejected_files =
        report::tables::write_rejected(&quarantine, &ctx.out, &ctx.study.dir, table_options(&ctx))?;
    check_rejections(&ctx, &reports, &rejected_files[1])?;
    let summary = console.stage("score", || marts::build_marts(&ctx.study, &ctx.lake))?;
    save_summary(&ctx, &summary)?;
    console.say(format!(
        "scored {} candidate products in {} villages ({} sales rows); marts in {}",
        summary.products,
        summary.villages_with_candidates,
        summary.sales_rows,
        ctx.lake.marts.display()
    ));
    print_warnings(&ctx, &summary, console);
    let charts = console.stage("charts", || draw_charts(&ctx, &summary))?;
    console.say(format!(
        "{} chart files in {}",
        charts.len(),
        ctx.out.join("charts").display()
    ));
    let reports = console.stage("report", || write_report(&ctx, &summary))?;
    for r in &reports {
        console.say(format!("report {}", r.display()));
    }
    if !console.quiet {
        print_picks(&ctx)?;
    }
    console.say(format!("done in {:.1} s", started.elapsed().as_secs_f64()));
    Ok(())
}

fn table_options(ctx: &StudyRun) -> TableOptions {
    TableOptions {
        lang: ctx.lang,
        synthetic: ctx.study.study.synthetic,
    }
}

/// Most rows a `rejected` table lists; the lake's quarantine keeps them all.
const REJECTED_TABLE_ROWS: usize = 100_000;

/// The manifest of this study's batches: the whole manifest of the run's own
/// lake, the batches of the study's input files in a shared one.
fn study_manifest(ctx: &StudyRun) -> Result<crate::lake::Manifest> {
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
fn study_quarantine(ctx: &StudyRun) -> Result<polars::prelude::DataFrame> {
    let manifest = study_manifest(ctx)?;
    crate::lake::quarantine::read(&ctx.lake, &manifest, REJECTED_TABLE_ROWS)
}

/// Stops the run (exit 2) when a dataset lost more of its rows than the
/// study accepts, naming the count, the most common reasons with their lines,
/// and where the rejected rows are.
fn check_rejections(ctx: &StudyRun, reports: &[BatchReport], rejected_table: &Path) -> Result<()> {
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
            let source = report::tables::relative_to(&ctx.study.dir, source);
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

/// Prints the warnings a planner must see (in the study's language).
fn print_warnings(ctx: &StudyRun, summary: &marts::ScoreSummary, console: &Console) {
    for w in &summary.warnings {
        console.say(format!("warning: {}", w.text(ctx.lang)));
    }
}

/// Syncs the run's lake with the study's inputs: same files are no-ops,
/// changed files replace their batch, dropped files leave the lake, and when
/// products change the datasets that depend on them are checked again.
fn ingest_study(
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
fn expand_inputs(study: &Study, dataset: Dataset) -> Result<Vec<(PathBuf, Option<String>)>> {
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

fn summary_path(ctx: &StudyRun) -> PathBuf {
    ctx.lake.marts.join("_summary.json")
}

fn save_summary(ctx: &StudyRun, summary: &marts::ScoreSummary) -> Result<()> {
    crate::files::write_text_atomic(&summary_path(ctx), &serde_json::to_string_pretty(summary)?)
}

fn load_summary(ctx: &StudyRun) -> Result<marts::ScoreSummary> {
    let path = summary_path(ctx);
    let text = std::fs::read_to_string(&path).map_err(|_| {
        bad_input!(
            "no marts at {}: run `ovop score` (or `ovop run`) first",
            ctx.lake.root.display()
        )
    })?;
    let summary: marts::ScoreSummary = serde_json::from_str(&text).map_err(|e| {
        bad_input!(
            "{} is damaged ({e}); run `ovop score` again",
            path.display()
        )
    })?;
    if !summary.study.is_empty() && summary.study != ctx.study.study.name {
        return Err(bad_input!(
            "the marts in {} were built for study {:?}, not {:?}; run `ovop score` for this study first",
            ctx.lake.marts.display(),
            summary.study,
            ctx.study.study.name
        ));
    }
    Ok(summary)
}

fn chart_context(ctx: &StudyRun, summary: &marts::ScoreSummary) -> chart::ChartContext {
    chart::ChartContext {
        study: ctx
            .study
            .study
            .title
            .clone()
            .unwrap_or_else(|| ctx.study.study.name.clone()),
        region: ctx.study.region_name().map(String::from),
        lang: ctx.lang,
        synthetic: ctx.study.study.synthetic,
        source: ctx
            .study
            .study
            .source
            .clone()
            .unwrap_or_else(|| ctx.study.study.name.clone()),
        data_period: summary
            .years
            .map_or("—".into(), |[a, b]| format!("{a}–{b}")),
    }
}

fn draw_charts(ctx: &StudyRun, summary: &marts::ScoreSummary) -> Result<Vec<PathBuf>> {
    let mut data = chart::ChartData::read(&ctx.lake)?;
    if summary.sensitivity_draws == 0 {
        // A sensitivity mart left by an earlier run is not this run's.
        data.intervals.clear();
    }
    let thresholds = chart::Thresholds {
        potential: summary.potential_threshold,
        reach: summary.reach_threshold,
    };
    chart::draw_all(
        &chart_context(ctx, summary),
        &data,
        &thresholds,
        &ctx.out.join("charts"),
    )
}

fn write_report(ctx: &StudyRun, summary: &marts::ScoreSummary) -> Result<Vec<PathBuf>> {
    let products = marts::product_scores::read(&ctx.lake)?;
    let picks = marts::village_selection::read(&ctx.lake)?;
    let charts_dir = ctx.out.join("charts");
    let charts: Vec<PathBuf> = chart::NAMES
        .iter()
        .map(|name| charts_dir.join(format!("{name}.svg")))
        .filter(|p| p.exists())
        .collect();
    let tables: Vec<&str> = marts::MARTS
        .iter()
        .filter(|m| m.table && m.exists(&ctx.lake))
        .map(|m| m.name)
        .collect();
    let manifest = study_manifest(ctx)?;
    let quarantine = study_quarantine(ctx)?;
    let mut written =
        report::tables::write_rejected(&quarantine, &ctx.out, &ctx.study.dir, table_options(ctx))?;
    let (quarantined, values_dropped) = crate::lake::quarantine::totals(&ctx.lake, &manifest)?;
    written.extend(report::write(
        &report::ReportInput {
            study: &ctx.study,
            lang: ctx.lang,
            summary,
            manifest: &manifest,
            values_dropped,
            quarantined,
            rejected_table_rows: REJECTED_TABLE_ROWS,
            products: &products,
            picks: &picks,
            charts: &charts,
            tables: &tables,
        },
        &ctx.out,
    )?);
    written.extend(report::tables::write_mart_tables(
        &ctx.lake,
        &ctx.out,
        table_options(ctx),
    )?);

    let mut outputs = written.clone();
    for name in chart::NAMES {
        for ext in ["png", "svg"] {
            let chart = charts_dir.join(format!("{name}.{ext}"));
            if chart.exists() {
                outputs.push(chart);
            }
        }
    }
    written.push(report::write_manifest(
        &ctx.out, &ctx.study, &manifest, &outputs,
    )?);
    Ok(written)
}

/// The OVOP pick of every village, as a table on stdout.
fn print_picks(ctx: &StudyRun) -> Result<()> {
    use std::io::Write;
    let picks = marts::village_selection::read(&ctx.lake)?;
    if ctx.study.study.synthetic {
        eprintln!(
            "OVOP picks below: {}",
            crate::i18n::label(ctx.lang, "synthetic")
        );
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{:<14} {:<16} {:<22} {:<40} {:>6}  stars",
        "village_code", "district", "village", "ovop_pick", "score"
    )?;
    for p in &picks {
        writeln!(
            out,
            "{:<14} {:<16} {:<22} {:<40} {:>6.1}  {}",
            p.village_code,
            truncate(&p.district_name, 16),
            truncate(&p.village_name, 22),
            truncate(&p.product_name, 40),
            p.potential_score,
            p.stars
        )?;
    }
    Ok(())
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}

fn ingest_options(flags: &IngestFlags, console: &Console) -> IngestOptions {
    IngestOptions {
        decimal: flags.decimal.map(Into::into),
        allow_unknown_codes: flags.allow_unknown_codes,
        strict: flags.strict,
        replace: flags.replace,
        sheet: flags.sheet.clone(),
        progress: !console.quiet,
    }
}

fn ingest_command(args: &IngestArgs, console: &Console) -> Result<()> {
    let lake = Lake::new(&args.flags.lake);
    crate::interrupt::watch_lake(&lake.root);
    for report in ingest::ingest(
        &lake,
        args.dataset,
        &args.files,
        &ingest_options(&args.flags, console),
    )? {
        console.say(&report);
    }
    Ok(())
}

fn validate_command(args: &ValidateArgs, lang: Option<Lang>, console: &Console) -> Result<()> {
    let target = Path::new(&args.target);
    let is_study = args.target.to_lowercase().ends_with(".toml") || target.is_file();
    if is_study {
        if !args.files.is_empty() {
            return Err(bad_input!(
                "ovop validate {}: a study file is checked with its own inputs; give no other files",
                args.target
            ));
        }
        return validate_study(target, lang, console);
    }
    let dataset = <Dataset as clap::ValueEnum>::from_str(&args.target, true).map_err(|_| {
        bad_input!(
            "ovop validate: {:?} is neither a dataset (villages, products, sales, economy, assessments) nor a study file (.toml)",
            args.target
        )
    })?;
    if args.files.is_empty() {
        return Err(bad_input!(
            "ovop validate {}: give the file(s) to check",
            dataset.name()
        ));
    }
    let lake = Lake::new(&args.flags.lake);
    let lake = lake.root.join("_manifest.json").exists().then_some(&lake);
    let reports = ingest::validate(
        lake,
        dataset,
        &args.files,
        &ingest_options(&args.flags, console),
    )?;
    let rejected: u64 = reports.iter().map(|r| r.rows_rejected).sum();
    for report in &reports {
        console.say(report);
    }
    if rejected > 0 {
        return Err(bad_input!(
            "{rejected} row(s) would be rejected (lines above); fix them or let ingest quarantine them"
        ));
    }
    Ok(())
}

/// Checks a whole study as `ovop run` would: every input with the study's
/// settings, in a temporary lake, then the scores' warnings. Writes nothing
/// the user keeps. Fails (exit 2) where the run would.
fn validate_study(path: &Path, lang: Option<Lang>, console: &Console) -> Result<()> {
    let scratch = tempfile::tempdir()?;
    crate::files::register_temporary(scratch.path());
    let args = StudyArgs {
        study: Some(path.to_path_buf()),
        out: Some(scratch.path().join("out")),
    };
    let mut ctx = StudyRun::open(&args, lang)?;
    ctx.lake = Lake::new(scratch.path().join("lake"));
    ctx.own_lake = true;
    let lock = ctx.lake.lock()?;
    let reports = ingest_study(&ctx, &lock, console)?;
    let rejected: u64 = reports.iter().map(|r| r.rows_rejected).sum();
    let dropped: u64 = reports
        .iter()
        .flat_map(|r| r.dropped.iter().map(|d| d.count))
        .sum();
    check_rejections(&ctx, &reports, Path::new("the run's rejected.xlsx"))?;
    let summary = marts::build_marts(&ctx.study, &ctx.lake)?;
    print_warnings(&ctx, &summary, console);
    console.say(format!(
        "study {}: {} files checked; {rejected} row(s) would be rejected and {dropped} cell(s) left empty (within inputs.max_rejected_share = {}); {} candidate products in {} villages would be scored, with {} warning(s)",
        path.display(),
        reports.len(),
        ctx.study.inputs.max_rejected_share,
        summary.products,
        summary.villages_with_candidates,
        summary.warnings.len()
    ));
    Ok(())
}
