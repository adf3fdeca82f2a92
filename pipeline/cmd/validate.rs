//! `ovop validate`: a dataset's files checked without writing a lake, or a
//! whole study checked as `run` would, in a temporary lake.

use std::path::Path;

use anyhow::Result;

use super::ingest::ingest_options;
use super::print_warnings;
use crate::bad_input;
use crate::cli::{StudyArgs, ValidateArgs};
use crate::console::Console;
use crate::domain::Dataset;
use crate::i18n::Lang;
use crate::ingest;
use crate::lake::Lake;
use crate::marts;
use crate::study::run::{check_rejections, ingest_study, StudyRun};

pub fn run(args: &ValidateArgs, lang: Option<Lang>, console: &Console) -> Result<()> {
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
    let mut ctx = StudyRun::open(args.study.as_deref(), args.out.as_deref(), lang)?;
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
    // The maps' boundaries fail or warn here as they would when the run draws them.
    let map = super::charts::map_data(&ctx)?;
    for note in &map.boundaries.notes {
        console.say(format!("warning: map: {note}"));
    }
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
