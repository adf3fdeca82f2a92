//! `sales_trend`: yearly sales value of the best products by potential rank,
//! one line with markers per product, in rupiah scaled to juta or miliar.
//! A product without a row for a year that others have had no sales then:
//! it is drawn as 0, so a line never skips a year silently.

use std::collections::{BTreeMap, BTreeSet};

use plotters::coord::Shift;
use plotters::prelude::*;

use super::canvas::Canvas;
use super::theme::{self, PlotResult, Theme, AXIS_SIZE, GAP, GRID, INK, PAD};
use super::theme::{SERIES_COLORS, TICK_SIZE};
use super::{top_by_rank, Chart, ChartContext, ProductRow, YearlySales};

/// Marker radius in logical pixels.
const MARKER: f64 = 4.5;

pub struct SalesTrend<'a> {
    pub ctx: &'a ChartContext,
    pub products: &'a [ProductRow],
    pub yearly: &'a [YearlySales],
    pub top_n: usize,
}

/// One line: the product and its sales value per year (rupiah).
type Series<'a> = (&'a ProductRow, BTreeMap<i32, f64>);

impl Chart for SalesTrend<'_> {
    fn name(&self) -> &'static str {
        "sales_trend"
    }

    fn context(&self) -> &ChartContext {
        self.ctx
    }

    fn titles(&self, theme: &Theme) -> (String, Option<String>) {
        let title = theme
            .label("chart.sales_trend.title")
            .replace("{n}", &self.top_n.to_string());
        let subtitle = theme.label("chart.sales_trend.subtitle");
        (title.to_string(), Some(subtitle.to_string()))
    }

    fn draw(&self, body: &DrawingArea<Canvas<'_>, Shift>, theme: &Theme) -> anyhow::Result<()> {
        let series = self.series();
        if series.is_empty() {
            return theme::no_data(body, theme);
        }
        let keys: Vec<_> = series
            .iter()
            .zip(SERIES_COLORS)
            .map(|((row, _), color)| (*row, color))
            .collect();
        let legend_h = theme::product_legend(body, theme, &keys)?;
        let body = body.margin(legend_h + theme.px(GAP), 0, 0, 0);

        let years: BTreeSet<i32> = series.iter().flat_map(|(_, v)| v.keys().copied()).collect();
        let (first, last) = match (years.first(), years.last()) {
            (Some(&a), Some(&b)) => (a, b),
            _ => return theme::no_data(&body, theme),
        };
        let max = series
            .iter()
            .flat_map(|(_, v)| v.values().copied())
            .fold(0.0, f64::max);
        let (divisor, y_desc) = theme.money_scale(max);
        let y_max = if max > 0.0 { max / divisor * 1.1 } else { 1.0 };
        let decimals = if y_max < 10.0 { 1 } else { 0 };
        let y_format = |v: &f64| theme.amount(*v, decimals);
        let x_format = |v: &f64| {
            if (v - v.round()).abs() < 1e-6 {
                format!("{:.0}", v.round())
            } else {
                String::new()
            }
        };

        let gap = theme.px(GAP);
        let tick_style = theme.text(TICK_SIZE, INK);
        let axis_style = theme.text(AXIS_SIZE, INK);
        let widest_tick = theme::text_size(&body, &y_format(&y_max), &tick_style)?;
        let axis_h = theme::text_size(&body, "Ag", &axis_style)?.1;
        let x_span = f64::from(last) - f64::from(first);
        let mut chart = ChartBuilder::on(&body)
            .margin_top(gap)
            .margin_right(theme.px(PAD))
            .x_label_area_size(widest_tick.1 + axis_h + 3 * gap)
            .y_label_area_size(widest_tick.0 + axis_h + 3 * gap)
            .build_cartesian_2d(
                f64::from(first) - 0.3 - x_span * 0.02..f64::from(last) + 0.3 + x_span * 0.02,
                0.0..y_max,
            )
            .plot("building the trend chart")?;
        chart
            .configure_mesh()
            .x_labels((x_span as usize).saturating_add(1).min(11))
            .y_labels(6)
            .max_light_lines(0)
            .disable_x_mesh()
            .x_label_formatter(&x_format)
            .y_label_formatter(&y_format)
            .bold_line_style(theme.line(GRID, 1.0))
            .axis_style(theme.line(INK, 1.0))
            .set_all_tick_mark_size(theme.px(4.0))
            .label_style(tick_style)
            .axis_desc_style(axis_style)
            .x_desc(theme.label("chart.axis.year"))
            .y_desc(y_desc)
            .draw()
            .plot("drawing the axes")?;

        let r = theme.px(MARKER);
        // Drawn from the last to the best, so the best product's line is on top.
        for ((_, values), color) in series.iter().zip(SERIES_COLORS).rev() {
            let points: Vec<(f64, f64)> = years
                .iter()
                .map(|&y| {
                    let value = values.get(&y).copied().unwrap_or(0.0);
                    (f64::from(y), value / divisor)
                })
                .collect();
            chart
                .draw_series(LineSeries::new(points.clone(), theme.line(color, 2.5)))
                .plot("drawing a trend line")?;
            chart
                .draw_series(points.iter().flat_map(|&p| {
                    [
                        Circle::new(p, r, color.filled()),
                        Circle::new(p, r, theme.line(WHITE, 1.0)),
                    ]
                }))
                .plot("drawing the markers")?;
        }
        Ok(())
    }
}

impl SalesTrend<'_> {
    /// The best `top_n` products with any sales, each with its yearly values.
    fn series(&self) -> Vec<Series<'_>> {
        let mut by_product: BTreeMap<&str, BTreeMap<i32, f64>> = BTreeMap::new();
        for row in self.yearly {
            if row.sales_value.is_finite() && row.sales_value >= 0.0 {
                *by_product
                    .entry(row.product_id.as_str())
                    .or_default()
                    .entry(row.year)
                    .or_default() += row.sales_value;
            }
        }
        let has_sales = |p: &ProductRow| {
            by_product
                .get(p.product_id.as_str())
                .is_some_and(|v| v.values().any(|&s| s > 0.0))
        };
        top_by_rank(self.products, self.top_n, has_sales)
            .into_iter()
            .map(|p| (p, by_product[p.product_id.as_str()].clone()))
            .collect()
    }
}
