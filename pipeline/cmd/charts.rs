//! `ovop charts`: the charts of a scored study (`score` first), as PNG and
//! SVG in `<out>/charts/`.

use std::path::PathBuf;

use anyhow::Result;

use crate::cli::StudyArgs;
use crate::console::Console;
use crate::i18n::Lang;
use crate::study::run::StudyRun;
use crate::{chart, marts};

pub fn run(args: &StudyArgs, lang: Option<Lang>, console: &Console) -> Result<()> {
    let ctx = StudyRun::open(args.study.as_deref(), args.out.as_deref(), lang)?;
    // Claims the output folder and holds the lake's lock like `run`: the
    // charts never read marts another process is writing.
    let _lock = ctx.begin(false)?;
    for path in draw_charts(&ctx, &super::load_summary(&ctx)?)? {
        console.say(format!("chart {}", path.display()));
    }
    Ok(())
}

pub fn chart_context(ctx: &StudyRun, summary: &marts::ScoreSummary) -> chart::ChartContext {
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

pub fn draw_charts(ctx: &StudyRun, summary: &marts::ScoreSummary) -> Result<Vec<PathBuf>> {
    let data = chart::ChartData::read(&ctx.lake)?;
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
