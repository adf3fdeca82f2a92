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
    for path in draw_charts(&ctx, &super::load_summary(&ctx)?, console)? {
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

pub fn draw_charts(
    ctx: &StudyRun,
    summary: &marts::ScoreSummary,
    console: &Console,
) -> Result<Vec<PathBuf>> {
    let mut data = chart::ChartData::read(&ctx.lake)?;
    data.economy = marts::shift_share::view(&ctx.lake, ctx.study.region_code().as_deref())?;
    let map = map_data(ctx)?;
    for note in &map.boundaries.notes {
        console.say(format!("warning: map: {note}"));
    }
    data.map = Some(map);
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

/// The maps' villages: every village of the study region (from the
/// reference), else every village with a pick, each with its pick and its
/// boundary (or bundled centroid).
pub fn map_data(ctx: &StudyRun) -> Result<chart::map::MapData> {
    use std::collections::{BTreeMap, BTreeSet};
    let picks = marts::village_selection::read(&ctx.lake)?;
    let reference = crate::reference::Reference::get();
    let mut villages: BTreeMap<String, chart::map::MapVillage> = BTreeMap::new();
    if let Some(region) = ctx.study.region_code() {
        for v in reference.villages_in(&region) {
            villages.insert(
                v.code.clone(),
                chart::map::MapVillage {
                    code: v.code.clone(),
                    name: v.name.clone(),
                    district: v.district_name.clone(),
                    pick: None,
                    held_back: false,
                },
            );
        }
    }
    // Villages with candidates but no pick: every candidate is gated.
    let scores = marts::product_scores::MART.read(&ctx.lake)?;
    let with_candidates: BTreeSet<String> = scores.text("village_code")?.into_iter().collect();
    for p in picks {
        let entry =
            villages
                .entry(p.village_code.clone())
                .or_insert_with(|| chart::map::MapVillage {
                    code: p.village_code.clone(),
                    name: p.village_name.clone(),
                    district: p.district_name.clone(),
                    pick: None,
                    held_back: false,
                });
        entry.pick = Some(chart::map::MapPick {
            product: p.product_name,
            category: p.category,
            score: p.potential_score,
            stars: p.stars,
        });
    }
    let picked: BTreeSet<String> = villages
        .values()
        .filter(|v| v.pick.is_some())
        .map(|v| v.code.clone())
        .collect();
    for code in with_candidates.difference(&picked) {
        if let Some(v) = villages.get_mut(code) {
            v.held_back = true;
        }
    }
    // Codes the reference does not know (allow_unknown_codes) have no
    // boundary to look up; they count as villages without one.
    let wanted: BTreeSet<String> = villages
        .keys()
        .filter(|c| {
            matches!(
                crate::boundaries::codes::parse(c, crate::boundaries::codes::Level::Village),
                crate::boundaries::codes::Code::Kemendagri(_)
            )
        })
        .cloned()
        .collect();
    let boundaries = crate::boundaries::load(
        ctx.study.inputs.boundaries.as_ref(),
        &ctx.study.dir,
        &wanted,
        ctx.lang,
    )?;
    Ok(chart::map::MapData {
        villages: villages.into_values().collect(),
        boundaries,
    })
}
