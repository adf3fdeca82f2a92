//! `ovop run`: the whole pipeline (ingest, score, charts, report) for one
//! study, and the table of picks on stdout.

use anyhow::Result;

use crate::cli::RunArgs;
use crate::console::Console;
use crate::i18n::Lang;
use crate::study::run::StudyRun;
use crate::study::run::{check_rejections, ingest_study, study_quarantine};
use crate::{marts, report};

use super::charts::draw_charts;
use super::print_warnings;
use super::report::{table_options, write_report};

pub fn run(args: &RunArgs, lang: Option<Lang>, console: &Console) -> Result<()> {
    let started = std::time::Instant::now();
    let ctx = StudyRun::open(args.study.study.as_deref(), args.study.out.as_deref(), lang)?;
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
    marts::summary::save(&ctx.lake, &summary)?;
    console.say(format!(
        "scored {} candidate products in {} villages ({} sales rows); marts in {}",
        summary.products,
        summary.villages_with_candidates,
        summary.sales_rows,
        ctx.lake.marts.display()
    ));
    print_warnings(&ctx, &summary, console);
    if let Some(economy) =
        console.stage("economy", || marts::build_economy(&ctx.study, &ctx.lake))?
    {
        super::economy::say(&ctx, &economy, console);
    }
    let charts = console.stage("charts", || draw_charts(&ctx, &summary, console))?;
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

/// The OVOP pick of every village, as a table on stdout.
fn print_picks(ctx: &StudyRun) -> Result<()> {
    use std::io::Write;
    let picks = marts::village_selection::read(&ctx.lake)?;
    if ctx.study.products_synthetic() {
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
