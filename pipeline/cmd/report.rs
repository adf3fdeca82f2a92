//! `ovop report`: the HTML report of a scored study with its tables and the
//! output manifest (the last stage of `run`).

use std::path::PathBuf;

use anyhow::Result;

use crate::cli::StudyArgs;
use crate::console::Console;
use crate::i18n::Lang;
use crate::report::tables::TableOptions;
use crate::study::run::StudyRun;
use crate::study::run::{study_manifest, study_quarantine, REJECTED_TABLE_ROWS};
use crate::{chart, marts, report};

pub fn run(args: &StudyArgs, lang: Option<Lang>, console: &Console) -> Result<()> {
    let ctx = StudyRun::open(args.study.as_deref(), args.out.as_deref(), lang)?;
    let _lock = ctx.begin(false)?;
    for path in write_report(&ctx, &super::load_summary(&ctx)?)? {
        console.say(format!("report {}", path.display()));
    }
    Ok(())
}

/// Table options for the product marts: synthetic when any dataset they
/// are built from is.
pub fn table_options(ctx: &StudyRun) -> TableOptions {
    use crate::domain::Dataset;
    TableOptions {
        lang: ctx.lang,
        synthetic: [
            Dataset::Villages,
            Dataset::Products,
            Dataset::Sales,
            Dataset::Assessments,
        ]
        .iter()
        .any(|d| ctx.study.provenance(*d).synthetic),
    }
}

/// Table options for the economy marts: the economy input's own label.
pub fn economy_table_options(ctx: &StudyRun) -> TableOptions {
    TableOptions {
        lang: ctx.lang,
        synthetic: ctx
            .study
            .provenance(crate::domain::Dataset::Economy)
            .synthetic,
    }
}

pub fn write_report(ctx: &StudyRun, summary: &marts::ScoreSummary) -> Result<Vec<PathBuf>> {
    let products = marts::product_scores::read(&ctx.lake)?;
    let picks = marts::village_selection::read(&ctx.lake)?;
    let charts_dir = ctx.out.join("charts");
    let charts: Vec<PathBuf> = chart::names()
        .map(|name| charts_dir.join(format!("{name}.svg")))
        .filter(|p| p.exists())
        .collect();
    let tables: Vec<&str> = marts::MARTS
        .iter()
        .filter(|m| m.table && m.exists(&ctx.lake))
        .map(|m| m.name)
        .collect();
    let economy_view = marts::shift_share::view(&ctx.lake, ctx.study.region_code().as_deref())?;
    let relatedness = marts::relatedness::view(&ctx.lake, ctx.study.relatedness.next)?;
    let economy_provenance = ctx.study.provenance(crate::domain::Dataset::Economy);
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
            relatedness: relatedness.as_ref(),
            economy: economy_view.as_ref().map(|view| report::EconomyInput {
                view,
                source: economy_provenance.source.as_deref(),
                synthetic: economy_provenance.synthetic,
                charts: report::economy_charts(&charts_dir),
            }),
        },
        &ctx.out,
    )?);
    written.extend(report::ahp::write_experts_table(
        summary.ahp.as_ref(),
        &ctx.out,
        table_options(ctx),
    )?);
    written.extend(report::tables::write_mart_tables(
        &ctx.lake,
        &ctx.out,
        table_options(ctx),
        economy_table_options(ctx),
        ctx.study.relatedness.next,
    )?);

    let mut outputs = written.clone();
    for name in chart::names() {
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
