//! `sensitivity`: how firm the best ranks are when the weights vary (SPEC
//! §5.4). For the top products by base rank, a line from the 5th to the 95th
//! percentile rank over the draws and a dot at the mean rank; rank 1 is at
//! the left, so a short line near the left is a product that stays on top.

use std::collections::HashMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::bars::{self, Axes, RowLabel};
use super::canvas::Canvas;
use super::theme::{self, okabe_ito, PlotResult, Theme, GAP, INK, TICK_SIZE};
use super::{Chart, ChartContext, ProductRow, RankInterval};

/// Mean-rank dot radius and interval stroke, in logical pixels.
const DOT: f64 = 5.5;
const STROKE: f64 = 3.0;

pub struct Sensitivity<'a> {
    pub ctx: &'a ChartContext,
    pub products: &'a [ProductRow],
    pub intervals: &'a [RankInterval],
    pub top_n: usize,
}

impl Chart for Sensitivity<'_> {
    fn name(&self) -> &'static str {
        "sensitivity"
    }

    fn context(&self) -> &ChartContext {
        self.ctx
    }

    fn titles(&self, theme: &Theme) -> (String, Option<String>) {
        let title = theme
            .label("chart.sensitivity.title")
            .replace("{n}", &self.top_n.to_string());
        let subtitle = theme.label("chart.sensitivity.subtitle");
        (title.to_string(), Some(subtitle.to_string()))
    }

    fn draw(&self, body: &DrawingArea<Canvas<'_>, Shift>, theme: &Theme) -> anyhow::Result<()> {
        let rows = self.rows();
        if rows.is_empty() {
            return theme::no_data(body, theme);
        }

        let worst = rows
            .iter()
            .map(|(_, r)| r.rank_p95.max(r.mean_rank).max(f64::from(r.rank)))
            .fold(1.0, f64::max)
            .ceil();
        let labels: Vec<RowLabel> = rows.iter().map(|(label, _)| label.clone()).collect();
        let axes = Axes {
            x_desc: theme.label("chart.axis.rank"),
            y_desc: theme.label("chart.axis.product_village"),
            x_range: 0.5..worst + 0.5,
            x_decimals: 0,
            right_margin: 2 * theme.px(GAP),
        };
        let bars::BarChart { mut chart, .. } = bars::bar_chart(body, theme, &labels, &axes)?;
        if worst > 10.0 {
            first_rank_tick(body, &chart, theme)?;
        }

        let n = rows.len();
        let line = theme.line(okabe_ito::BLUE, STROKE);
        let cap = theme.px(6.0);
        for (i, (_, interval)) in rows.iter().enumerate() {
            let y = bars::row_center(n, i);
            let (low, high) = (interval.rank_p05, interval.rank_p95);
            chart
                .draw_series([PathElement::new(vec![(low, y), (high, y)], line)])
                .plot("drawing a rank interval")?;
            // End caps, so an interval of one rank still shows.
            for x in [low, high] {
                let (px, py) = chart.backend_coord(&(x, y));
                theme::line_at(body, (px, py - cap), (px, py + cap), line)?;
            }
            let dot = (interval.mean_rank, y);
            let r = theme.px(DOT);
            chart
                .draw_series([
                    Circle::new(dot, r, okabe_ito::VERMILLION.filled()),
                    Circle::new(dot, r, theme.line(WHITE, 1.0)),
                ])
                .plot("drawing the mean rank")?;
        }
        Ok(())
    }
}

/// plotters picks round ticks (10, 20, …); rank 1, the best, gets its own
/// tick so the reader sees where the scale starts. Placed as plotters places
/// its tick labels: the mark below the axis, the text two marks down.
fn first_rank_tick<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    chart: &bars::Bars<DB>,
    theme: &Theme,
) -> anyhow::Result<()> {
    let (x, _) = chart.backend_coord(&(1.0, 0.0));
    let bottom = chart.plotting_area().get_pixel_range().1.end;
    let tick = theme.px(4.0);
    theme::line_at(body, (x, bottom), (x, bottom + tick), theme.line(INK, 1.0))?;
    let style = theme.text(TICK_SIZE, INK);
    let anchor = (HPos::Center, VPos::Top);
    theme::draw_text_at(body, "1", &style, anchor, (x, bottom + 2 * tick))
}

impl Sensitivity<'_> {
    /// The best `top_n` intervals by base rank with usable numbers, each
    /// with its "Product — Village" label (the id when the product is unknown).
    fn rows(&self) -> Vec<(RowLabel, RankInterval)> {
        let products: HashMap<&str, &ProductRow> = self
            .products
            .iter()
            .map(|p| (p.product_id.as_str(), p))
            .collect();
        let mut intervals: Vec<RankInterval> =
            self.intervals.iter().filter_map(clean_interval).collect();
        intervals.sort_by(|a, b| {
            a.rank
                .cmp(&b.rank)
                .then_with(|| a.product_id.cmp(&b.product_id))
        });
        intervals.truncate(self.top_n);
        intervals
            .into_iter()
            .map(|interval| {
                let label = match products.get(interval.product_id.as_str()) {
                    Some(p) => RowLabel::product(p),
                    None => RowLabel::text(&interval.product_id),
                };
                (label, interval)
            })
            .collect()
    }
}

/// The interval with its ends in order and at least rank 1, or None when a
/// number is missing or not finite.
fn clean_interval(interval: &RankInterval) -> Option<RankInterval> {
    let values = [interval.mean_rank, interval.rank_p05, interval.rank_p95];
    if values.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let low = interval.rank_p05.min(interval.rank_p95).max(1.0);
    let high = interval.rank_p05.max(interval.rank_p95).max(1.0);
    Some(RankInterval {
        rank_p05: low,
        rank_p95: high,
        mean_rank: interval.mean_rank.max(1.0),
        ..interval.clone()
    })
}
