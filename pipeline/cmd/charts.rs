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
        synthetic: ctx.study.products_synthetic(),
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

/// The economy charts' context: the economy input's own source and label,
/// and the period of the economic base.
pub fn economy_context(
    ctx: &StudyRun,
    products: &chart::ChartContext,
    view: Option<&marts::shift_share::EconomyView>,
) -> chart::ChartContext {
    let provenance = ctx.study.provenance(crate::domain::Dataset::Economy);
    chart::ChartContext {
        synthetic: provenance.synthetic,
        source: provenance.source.unwrap_or_else(|| products.source.clone()),
        data_period: view.map_or("—".into(), |v| format!("{}–{}", v.years[0], v.years[1])),
        ..products.clone()
    }
}

pub fn draw_charts(ctx: &StudyRun, summary: &marts::ScoreSummary) -> Result<Vec<PathBuf>> {
    let mut data = chart::ChartData::read(&ctx.lake)?;
    data.economy = marts::shift_share::view(&ctx.lake, ctx.study.region_code().as_deref())?;
    let thresholds = chart::Thresholds {
        potential: summary.potential_threshold,
        reach: summary.reach_threshold,
    };
    let products = chart_context(ctx, summary);
    let economy = economy_context(ctx, &products, data.economy.as_ref());
    chart::draw_all(
        &chart::Inputs {
            ctx: &products,
            economy_ctx: &economy,
            data: &data,
            thresholds: &thresholds,
        },
        &ctx.out.join("charts"),
    )
}
