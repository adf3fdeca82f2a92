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
    /// The study region's economic base, when the study has economy inputs.
    pub economy: Option<crate::marts::shift_share::EconomyView>,
    /// Every village of the study with its pick and its boundary or point.
    pub map: Option<map::MapData>,
    /// Candidates and next products by relatedness and complexity.
    pub relatedness: Option<crate::marts::relatedness::RelatednessView>,
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
            economy: None,
            map: None,
            relatedness: marts::relatedness::view(lake, 1)?,
        })
    }
}

mod bars;
pub mod canvas;
pub mod criteria_profile;
pub mod district_summary;
pub mod economy;
pub mod map;
pub mod potential_vs_reach;
pub mod ranking;
pub mod reach_tiers;
pub mod relatedness;
pub mod sales_trend;
mod scatter;
pub mod sensitivity;
pub mod theme;

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::{BitMapBackend, DrawingArea, IntoDrawingArea, SVGBackend};

use canvas::Canvas;

use theme::{PlotResult, Theme};

/// Quadrant thresholds for `potential_vs_reach` (the medians by default, SPEC §5.2).
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    /// On the potential score, 0–100.
    pub potential: f64,
    /// On the reach index, 0–1.
    pub reach: f64,
}

/// How many products the bar charts show and how many points get a name.
pub const TOP_N: usize = 15;
pub const LABELLED_POINTS: usize = 10;
/// How many products the line and profile charts compare (more lines blur).
pub const TOP_FEW: usize = 5;

/// One chart. The renderer draws the frame every chart shares (title,
/// subtitle, caption with source, period and synthetic label) and hands the
/// chart the area inside it.
pub trait Chart {
    /// File stem of the outputs, e.g. "ranking".
    fn name(&self) -> &'static str;
    /// Provenance and language of the chart.
    fn context(&self) -> &ChartContext;
    /// Title and subtitle, in the theme's language.
    fn titles(&self, theme: &Theme) -> (String, Option<String>);
    /// The chart inside the frame.
    fn draw(&self, body: &DrawingArea<Canvas<'_>, Shift>, theme: &Theme) -> anyhow::Result<()>;
    /// A credit line besides the area codes' (the maps' boundary source).
    fn credit(&self) -> Option<String> {
        None
    }
    /// SVG elements added on top of the drawn SVG (the maps' hover layer),
    /// computed by the last `draw`.
    fn svg_overlay(&self) -> Option<String> {
        None
    }
}

/// What the charts are drawn from.
pub struct Inputs<'a> {
    pub ctx: &'a ChartContext,
    /// The provenance of the economy input (real BPS data in the demo),
    /// for the economy charts' captions.
    pub economy_ctx: &'a ChartContext,
    pub data: &'a ChartData,
    pub thresholds: &'a Thresholds,
}

/// A chart of the study: its file stem and how it is made from the inputs
/// (None when the study has no data of its kind: no economy inputs).
pub struct Entry {
    pub name: &'static str,
    pub make: for<'a> fn(&'a Inputs<'a>) -> Option<Box<dyn Chart + 'a>>,
}

/// Every chart, in the order `draw_all` draws them and the report shows them.
pub static CHARTS: &[Entry] = &[
    Entry {
        name: "ranking",
        make: |i| {
            Some(Box::new(ranking::Ranking {
                ctx: i.ctx,
                products: &i.data.products,
                top_n: TOP_N,
            }))
        },
    },
    Entry {
        name: "reach_tiers",
        make: |i| {
            Some(Box::new(reach_tiers::ReachTiers {
                ctx: i.ctx,
                products: &i.data.products,
                top_n: TOP_N,
            }))
        },
    },
    Entry {
        name: "potential_vs_reach",
        make: |i| {
            Some(Box::new(potential_vs_reach::PotentialVsReach {
                ctx: i.ctx,
                products: &i.data.products,
                thresholds: i.thresholds,
                labelled: LABELLED_POINTS,
            }))
        },
    },
    Entry {
        name: "relatedness",
        make: |i| {
            let view = i.data.relatedness.as_ref()?;
            Some(Box::new(relatedness::Relatedness { ctx: i.ctx, view }))
        },
    },
    Entry {
        name: "sales_trend",
        make: |i| {
            Some(Box::new(sales_trend::SalesTrend {
                ctx: i.ctx,
                products: &i.data.products,
                yearly: &i.data.yearly,
                top_n: TOP_FEW,
            }))
        },
    },
    Entry {
        name: "district_summary",
        make: |i| {
            Some(Box::new(district_summary::DistrictSummary {
                ctx: i.ctx,
                picks: &i.data.picks,
            }))
        },
    },
    Entry {
        name: "sensitivity",
        make: |i| {
            Some(Box::new(sensitivity::Sensitivity {
                ctx: i.ctx,
                products: &i.data.products,
                intervals: &i.data.intervals,
                top_n: TOP_N,
            }))
        },
    },
    Entry {
        name: "criteria_profile",
        make: |i| {
            Some(Box::new(criteria_profile::CriteriaProfile {
                ctx: i.ctx,
                products: &i.data.products,
                criteria: &i.data.criteria,
                top_n: TOP_FEW,
            }))
        },
    },
    Entry {
        name: "map",
        make: |i| {
            let data = i.data.map.as_ref()?;
            Some(Box::new(map::Map::new(i.ctx, data, map::Fill::Category)))
        },
    },
    Entry {
        name: "map_stars",
        make: |i| {
            let data = i.data.map.as_ref()?;
            Some(Box::new(map::Map::new(i.ctx, data, map::Fill::Stars)))
        },
    },
    Entry {
        name: "economic_base",
        make: |i| {
            let view = i.data.economy.as_ref()?;
            Some(Box::new(economy::EconomicBase {
                ctx: i.economy_ctx,
                view,
            }))
        },
    },
    Entry {
        name: "shift_share",
        make: |i| {
            let view = i.data.economy.as_ref()?;
            Some(Box::new(economy::ShiftShare {
                ctx: i.economy_ctx,
                view,
            }))
        },
    },
    Entry {
        name: "klassen",
        make: |i| {
            let view = i.data.economy.as_ref()?;
            Some(Box::new(economy::Klassen {
                ctx: i.economy_ctx,
                view,
            }))
        },
    },
];

/// The file stems of [`CHARTS`], in order.
pub fn names() -> impl Iterator<Item = &'static str> {
    CHARTS.iter().map(|e| e.name)
}

/// Draws every chart as <out_dir>/<name>.png (2x resolution, 2400x1500, for
/// print) and <out_dir>/<name>.svg (1200x750); returns the written paths.
/// A chart the study has no data for is not drawn, and one an earlier run
/// drew is removed.
pub fn draw_all(inputs: &Inputs<'_>, out_dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out_dir)
        .map_err(|e| anyhow::anyhow!("creating chart folder {}: {e}", out_dir.display()))?;
    let mut written = Vec::new();
    for entry in CHARTS {
        match (entry.make)(inputs) {
            Some(chart) => {
                assert_eq!(chart.name(), entry.name);
                written.extend(render(chart.as_ref(), out_dir)?);
            }
            None => {
                for ext in ["png", "svg"] {
                    crate::files::remove_file_if_present(
                        &out_dir.join(format!("{}.{ext}", entry.name)),
                    )?;
                }
            }
        }
    }
    Ok(written)
}

/// Draws a chart with its frame on any canvas.
fn draw_framed(
    chart: &dyn Chart,
    area: &DrawingArea<Canvas<'_>, Shift>,
    theme: &Theme,
) -> anyhow::Result<()> {
    let (title, subtitle) = chart.titles(theme);
    let mut caption = theme::Caption::new(chart.context());
    if let Some(credit) = chart.credit() {
        caption.attribution = format!("{} · {}", theme::clean(&credit), caption.attribution);
    }
    let body = theme::frame(area, theme, &title, subtitle.as_deref(), &caption)?;
    chart.draw(&body, theme)
}

/// Writes one chart as <out_dir>/<name>.png and <out_dir>/<name>.svg.
pub fn render(chart: &dyn Chart, out_dir: &Path) -> anyhow::Result<[PathBuf; 2]> {
    // Both files are drawn under temporary names and renamed when complete,
    // so an interrupted run never leaves half a chart.
    let png = out_dir.join(format!("{}.png", chart.name()));
    let tmp = crate::files::temp_file_with_suffix(out_dir, ".png")?;
    {
        theme::register_bundled_font()?;
        let theme = Theme::new(chart.context().lang, theme::PNG_SCALE);
        let backend = Canvas::Png(BitMapBackend::new(tmp.path(), theme.canvas()));
        let root = backend.into_drawing_area();
        draw_framed(chart, &root, &theme)?;
        root.present().plot(&format!("writing {}", png.display()))?;
    }
    crate::files::persist(tmp, &png)?;
    let svg = out_dir.join(format!("{}.svg", chart.name()));
    crate::files::write_text_atomic(&svg, &render_svg(chart)?)?;
    Ok([png, svg])
}

/// One chart as SVG text (also what the HTML report inlines).
pub fn render_svg(chart: &dyn Chart) -> anyhow::Result<String> {
    theme::register_bundled_font()?;
    let theme = Theme::new(chart.context().lang, 1.0);
    let mut text = String::new();
    {
        let backend = Canvas::Svg(SVGBackend::with_string(&mut text, theme.canvas()));
        let root = backend.into_drawing_area();
        draw_framed(chart, &root, &theme)?;
        root.present().plot("finishing the SVG")?;
    }
    let mut svg = theme::finish_svg(&text);
    if let Some(overlay) = chart.svg_overlay() {
        if let Some(end) = svg.rfind("</svg>") {
            svg.insert_str(end, &overlay);
        }
    }
    Ok(svg)
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
