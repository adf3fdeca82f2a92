//! Runs each command: resolves the study and folders, then calls the stages
//! in data-flow order. Console output goes to stderr except the data a
//! command was asked for (the picks table of `run`).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::bad_input;
use crate::cli::{Cli, Command, IngestArgs, StudyArgs};
use crate::i18n::Lang;
use crate::ingest::{self, Dataset, IngestOptions, Outcome};
use crate::lake::Lake;
use crate::study::Study;
use crate::{chart, marts, report, score};

/// The bundled demo, found from the working folder or from the source tree.
const DEMO_STUDY: &str = "notebooks-data/tuban/study.toml";

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
        Command::Sql { query, lake } => {
            let lake = Lake::new(lake);
            crate::sql::run(&lake, &query, &mut std::io::stdout().lock())?;
            Ok(())
        }
        Command::Ingest(args) => ingest_command(&args, &console),
        Command::Validate(args) => validate_command(&args, &console),
        Command::Score(args) => {
            let ctx = StudyRun::open(&args, cli.lang)?;
            let summary = score::build_marts(&ctx.study, &ctx.lake)?;
            save_summary(&ctx, &summary)?;
            console.say(format!(
                "marts written to {}",
                ctx.lake.root.join("marts").display()
            ));
            Ok(())
        }
        Command::Charts(args) => {
            let ctx = StudyRun::open(&args, cli.lang)?;
            for path in draw_charts(&ctx, &load_summary(&ctx)?)? {
                console.say(format!("chart {}", path.display()));
            }
            Ok(())
        }
        Command::Report(args) => {
            let ctx = StudyRun::open(&args, cli.lang)?;
            for path in write_report(&ctx, &load_summary(&ctx)?)? {
                console.say(format!("report {}", path.display()));
            }
            Ok(())
        }
        Command::Ahp { matrix } => {
            let (names, a) = crate::score::ahp::read_matrix(&matrix)?;
            let r = crate::score::ahp::ahp(names, &a);
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
                if r.cr <= crate::score::ahp::MAX_CR {
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
    lang: Lang,
    out: PathBuf,
    lake: Lake,
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
        let lake = Lake::new(match &study.study.lake {
            Some(l) => study.resolve(l),
            None => out.join("lake"),
        });
        let lang = lang.unwrap_or(study.study.lang);
        Ok(StudyRun {
            study,
            lang,
            out,
            lake,
        })
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

/// Marker that says ovop wrote an output folder, so it may write there again.
const OUT_MARKER: &str = ".ovop-output";

/// Refuses to write into a non-empty folder that ovop did not create.
fn claim_out_dir(out: &Path) -> Result<()> {
    if out.exists() {
        let empty = std::fs::read_dir(out)?.next().is_none();
        if !empty && !out.join(OUT_MARKER).exists() {
            return Err(bad_input!(
                "{} exists and was not written by ovop; choose another --out folder so nothing of yours is overwritten",
                out.display()
            ));
        }
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    std::fs::write(
        out.join(OUT_MARKER),
        "This folder was written by ovop; ovop may overwrite files in it.\n",
    )?;
    Ok(())
}

fn run(args: &StudyArgs, lang: Option<Lang>, console: &Console) -> Result<()> {
    let started = std::time::Instant::now();
    let ctx = StudyRun::open(args, lang)?;
    claim_out_dir(&ctx.out)?;
    console.say(format!(
        "study {} → {}",
        ctx.study.study.name,
        ctx.out.display()
    ));
    console.stage("ingest", || ingest_study(&ctx, console))?;
    let summary = console.stage("score", || score::build_marts(&ctx.study, &ctx.lake))?;
    save_summary(&ctx, &summary)?;
    console.say(format!(
        "scored {} candidate products in {} villages ({} sales rows); marts in {}",
        summary.products,
        summary.villages_with_candidates,
        summary.sales_rows,
        ctx.lake.root.join("marts").display()
    ));
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

/// Syncs the run's lake with the study's inputs: same files are no-ops,
/// changed files replace their batch, dropped files leave the lake, and when
/// products change the datasets that depend on them are checked again.
fn ingest_study(ctx: &StudyRun, console: &Console) -> Result<()> {
    let opts = IngestOptions {
        decimal: ctx.study.study.decimal,
        allow_unknown_codes: ctx.study.study.allow_unknown_codes,
        strict: false,
        replace: false,
        sheet: None,
        progress: !console.quiet,
    };
    let lock = ctx.lake.lock()?;
    let mut upstream_changed = false;
    let (mut read, mut accepted, mut rejected) = (0, 0, 0);
    for dataset in Dataset::ALL {
        let files = expand_inputs(&ctx.study, dataset)?;
        // The run's own lake mirrors the study; a shared lake (study.lake) keeps its other batches.
        if ctx.study.study.lake.is_none() {
            let sources: Vec<String> = files
                .iter()
                .map(|(f, sheet)| ingest::source_name(f, sheet.as_deref()))
                .collect();
            ingest::drop_other_batches(&ctx.lake, &lock, dataset, &sources)?;
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
            let report =
                ingest::ingest_file(&ctx.lake, &lock, &mut manifest, dataset, file, &opts)?;
            changed |= report.outcome == Outcome::Ingested;
            read += report.rows_read;
            accepted += report.rows_accepted;
            rejected += report.rows_rejected;
            console.say(&report);
        }
        if dataset == Dataset::Products || dataset == Dataset::Villages {
            upstream_changed |= changed;
        }
    }
    console.say(format!(
        "lake {}: read {read} rows, accepted {accepted}, rejected {rejected}",
        ctx.lake.root.display()
    ));
    Ok(())
}

/// The study's files for a dataset, globs expanded, resolved against the study folder.
/// A workbook entry may name its sheet: `"data.xlsx#Penjualan"`.
fn expand_inputs(study: &Study, dataset: Dataset) -> Result<Vec<(PathBuf, Option<String>)>> {
    let patterns = match dataset {
        Dataset::Villages => &study.inputs.villages,
        Dataset::Products => &study.inputs.products,
        Dataset::Sales => &study.inputs.sales,
        Dataset::Economy => &study.inputs.economy,
        Dataset::Assessments => &study.inputs.assessments,
    };
    let mut files = Vec::new();
    for entry in patterns {
        let (pattern, sheet) = match entry.rsplit_once('#') {
            Some((file, sheet))
                if ingest::read::format_of(Path::new(file)) == ingest::read::Format::Sheet =>
            {
                (file, Some(sheet.to_string()))
            }
            _ => (entry.as_str(), None),
        };
        let full = study.resolve(pattern);
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
    ctx.lake.root.join("marts").join("_summary.json")
}

fn save_summary(ctx: &StudyRun, summary: &score::ScoreSummary) -> Result<()> {
    crate::lake::write_text_atomic(&summary_path(ctx), &serde_json::to_string_pretty(summary)?)
}

fn load_summary(ctx: &StudyRun) -> Result<score::ScoreSummary> {
    let path = summary_path(ctx);
    let text = std::fs::read_to_string(&path).map_err(|_| {
        bad_input!(
            "no marts at {}: run `ovop score` (or `ovop run`) first",
            ctx.lake.root.display()
        )
    })?;
    Ok(serde_json::from_str(&text)?)
}

fn chart_context(ctx: &StudyRun, summary: &score::ScoreSummary) -> chart::ChartContext {
    chart::ChartContext {
        study: ctx.study.study.name.clone(),
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

fn draw_charts(ctx: &StudyRun, summary: &score::ScoreSummary) -> Result<Vec<PathBuf>> {
    let mut data = marts::chart_data(&ctx.lake)?;
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

fn write_report(ctx: &StudyRun, summary: &score::ScoreSummary) -> Result<Vec<PathBuf>> {
    let products = marts::product_rows(&ctx.lake)?;
    let picks = marts::pick_rows(&ctx.lake)?;
    let charts_dir = ctx.out.join("charts");
    let charts: Vec<PathBuf> = chart::NAMES
        .iter()
        .map(|name| charts_dir.join(format!("{name}.svg")))
        .filter(|p| p.exists())
        .collect();
    let manifest = ctx.lake.manifest()?;
    let mut written = report::write(
        &report::ReportInput {
            study: &ctx.study,
            lang: ctx.lang,
            summary,
            manifest: &manifest,
            products: &products,
            picks: &picks,
            charts: &charts,
        },
        &ctx.out,
    )?;
    written.extend(report::tables::write_mart_tables(
        &ctx.lake,
        &ctx.out,
        ctx.study.study.synthetic,
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
    let picks = marts::pick_rows(&ctx.lake)?;
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

fn ingest_options(args: &IngestArgs, console: &Console) -> IngestOptions {
    IngestOptions {
        decimal: args.decimal.map(Into::into),
        allow_unknown_codes: args.allow_unknown_codes,
        strict: args.strict,
        replace: args.replace,
        sheet: args.sheet.clone(),
        progress: !console.quiet,
    }
}

fn ingest_command(args: &IngestArgs, console: &Console) -> Result<()> {
    let lake = Lake::new(&args.lake);
    for report in ingest::ingest(
        &lake,
        args.dataset,
        &args.files,
        &ingest_options(args, console),
    )? {
        console.say(&report);
    }
    Ok(())
}

fn validate_command(args: &IngestArgs, console: &Console) -> Result<()> {
    let lake = Lake::new(&args.lake);
    let lake = lake.root.join("_manifest.json").exists().then_some(&lake);
    let reports = ingest::validate(
        lake,
        args.dataset,
        &args.files,
        &ingest_options(args, console),
    )?;
    let rejected: u64 = reports.iter().map(|r| r.rows_rejected).sum();
    for report in &reports {
        console.say(report);
    }
    if rejected > 0 {
        return Err(bad_input!(
            "{rejected} row(s) would be rejected; fix them or let ingest quarantine them"
        ));
    }
    Ok(())
}
