//! Charts for policy briefs (SPEC §6), drawn with plotters as PNG and SVG
//! through one theme (bundled font, colour-blind-safe palette, caption line).
//! Inputs are plain rows read from the marts, so charts never touch polars.

use crate::i18n::Lang;

/// What every chart needs to say where its numbers come from.
#[derive(Debug, Clone)]
pub struct ChartContext {
    /// What the study is called in captions, e.g. "OVOP Kabupaten Tuban".
    pub study: String,
    /// The study region's name, added to every title ("Kabupaten Tuban").
    pub region: Option<String>,
    pub lang: Lang,
    /// When true every chart carries "data sintetis / synthetic data".
    pub synthetic: bool,
    /// Data source for the caption, e.g. "Studi demo Tuban (ovop generate)".
    pub source: String,
    /// Period of the data, e.g. "2020–2024".
    pub data_period: String,
}

pub use crate::marts::market_reach_by_year::YearlySales;
pub use crate::marts::product_scores::{CriterionValues, ProductRow};
pub use crate::marts::sensitivity::RankInterval;
pub use crate::marts::village_selection::PickCount;

/// Everything the charts draw, read from the marts.
#[derive(Debug, Clone, Default)]
pub struct ChartData {
    pub products: Vec<ProductRow>,
    pub yearly: Vec<YearlySales>,
    pub picks: Vec<PickCount>,
    pub intervals: Vec<RankInterval>,
    pub criteria: Vec<CriterionValues>,
}

impl ChartData {
    /// Reads what the charts draw from the lake's marts. The sensitivity
    /// mart is absent when the study turns the analysis off: then there are
    /// no rank intervals.
    pub fn read(lake: &crate::lake::Lake) -> anyhow::Result<ChartData> {
        use crate::marts;
        Ok(ChartData {
            products: marts::product_scores::read(lake)?,
            yearly: marts::market_reach_by_year::read(lake)?,
            picks: marts::village_selection::pick_counts(lake)?,
            intervals: marts::sensitivity::read(lake)?,
            criteria: marts::product_scores::criterion_values(lake)?,
        })
    }
}

mod bars;
pub mod criteria_profile;
pub mod district_summary;
pub mod potential_vs_reach;
pub mod ranking;
pub mod reach_tiers;
pub mod sales_trend;
pub mod sensitivity;
pub mod theme;

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::{BitMapBackend, DrawingArea, DrawingBackend, IntoDrawingArea, SVGBackend};

use theme::{PlotResult, Theme};

/// Quadrant thresholds for `potential_vs_reach` (the medians by default, SPEC §5.2).
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    /// On the potential score, 0–100.
    pub potential: f64,
    /// On the reach index, 0–1.
    pub reach: f64,
}

/// File stems of every chart, in the order `draw_all` draws them and the
/// report shows them.
pub const NAMES: [&str; 7] = [
    ranking::Ranking::NAME,
    reach_tiers::ReachTiers::NAME,
    potential_vs_reach::PotentialVsReach::NAME,
    sales_trend::SalesTrend::NAME,
    district_summary::DistrictSummary::NAME,
    sensitivity::Sensitivity::NAME,
    criteria_profile::CriteriaProfile::NAME,
];

/// How many products the bar charts show and how many points get a name.
pub const TOP_N: usize = 15;
pub const LABELLED_POINTS: usize = 10;
/// How many products the line and profile charts compare (more lines blur).
pub const TOP_FEW: usize = 5;

/// One chart, drawn the same way on any plotters backend.
pub trait Chart {
    /// File stem of the outputs, e.g. "ranking".
    const NAME: &'static str;
    /// Provenance and language of the chart.
    fn context(&self) -> &ChartContext;
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> anyhow::Result<()>;
}

/// Draws every chart as <out_dir>/<name>.png (2x resolution, 2400x1500, for
/// print) and <out_dir>/<name>.svg (1200x750); returns the written paths.
pub fn draw_all(
    ctx: &ChartContext,
    data: &ChartData,
    thresholds: &Thresholds,
    out_dir: &Path,
) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out_dir)
        .map_err(|e| anyhow::anyhow!("creating chart folder {}: {e}", out_dir.display()))?;
    let products = &data.products;
    let mut written = Vec::new();
    let ranking = ranking::Ranking {
        ctx,
        products,
        top_n: TOP_N,
    };
    written.extend(render(&ranking, out_dir)?);
    let tiers = reach_tiers::ReachTiers {
        ctx,
        products,
        top_n: TOP_N,
    };
    written.extend(render(&tiers, out_dir)?);
    let scatter = potential_vs_reach::PotentialVsReach {
        ctx,
        products,
        thresholds,
        labelled: LABELLED_POINTS,
    };
    written.extend(render(&scatter, out_dir)?);
    let trend = sales_trend::SalesTrend {
        ctx,
        products,
        yearly: &data.yearly,
        top_n: TOP_FEW,
    };
    written.extend(render(&trend, out_dir)?);
    let districts = district_summary::DistrictSummary {
        ctx,
        picks: &data.picks,
    };
    written.extend(render(&districts, out_dir)?);
    let intervals = sensitivity::Sensitivity {
        ctx,
        products,
        intervals: &data.intervals,
        top_n: TOP_N,
    };
    written.extend(render(&intervals, out_dir)?);
    let profile = criteria_profile::CriteriaProfile {
        ctx,
        products,
        criteria: &data.criteria,
        top_n: TOP_FEW,
    };
    written.extend(render(&profile, out_dir)?);
    Ok(written)
}

/// Writes one chart as <out_dir>/<name>.png and <out_dir>/<name>.svg.
pub fn render<C: Chart>(chart: &C, out_dir: &Path) -> anyhow::Result<[PathBuf; 2]> {
    // Both files are drawn under temporary names and renamed when complete,
    // so an interrupted run never leaves half a chart.
    let png = out_dir.join(format!("{}.png", C::NAME));
    let tmp = crate::files::temp_file_with_suffix(out_dir, ".png")?;
    {
        theme::register_bundled_font()?;
        let theme = Theme::new(chart.context().lang, theme::PNG_SCALE);
        let root = BitMapBackend::new(tmp.path(), theme.canvas()).into_drawing_area();
        chart.draw(&root, &theme)?;
        root.present().plot(&format!("writing {}", png.display()))?;
    }
    crate::files::persist(tmp, &png)?;
    let svg = out_dir.join(format!("{}.svg", C::NAME));
    crate::files::write_text_atomic(&svg, &render_svg(chart)?)?;
    Ok([png, svg])
}

/// One chart as SVG text (also what the HTML report inlines).
pub fn render_svg<C: Chart>(chart: &C) -> anyhow::Result<String> {
    theme::register_bundled_font()?;
    let theme = Theme::new(chart.context().lang, 1.0);
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, theme.canvas()).into_drawing_area();
        chart.draw(&root, &theme)?;
        root.present().plot("finishing the SVG")?;
    }
    Ok(theme::finish_svg(&text))
}

/// The best `n` products by regency rank (ties by score, then id, so the
/// order never depends on input order) among those `keep` accepts.
pub(crate) fn top_by_rank(
    products: &[ProductRow],
    n: usize,
    keep: impl Fn(&ProductRow) -> bool,
) -> Vec<&ProductRow> {
    let mut rows: Vec<&ProductRow> = products.iter().filter(|p| keep(p)).collect();
    rows.sort_by(|a, b| {
        a.rank
            .cmp(&b.rank)
            .then(b.potential_score.total_cmp(&a.potential_score))
            .then_with(|| a.product_id.cmp(&b.product_id))
    });
    rows.truncate(n);
    rows
}

#[cfg(test)]
mod tests;
